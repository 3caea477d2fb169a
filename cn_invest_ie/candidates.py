"""The internal candidate shape shared by the finders: spans index the *normalized* text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cn_invest_ie.types import Label, Qualifier


@dataclass(frozen=True)
class Candidate:
    """A found mention before its span is mapped back to the original text."""

    label: Label
    start: int
    end: int
    value: Decimal | str | None = None
    currency: str | None = None
    unit: str | None = None
    qualifier: Qualifier | None = None
    value_max: Decimal | None = None
    code: str | None = None
    parents: tuple[str, ...] = ()
    level: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: Candidate) -> bool:
        return other.start <= self.start and self.end <= other.end
