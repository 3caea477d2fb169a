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


class SpanIndex:
    """Half-open spans indexed by 32-character buckets: ``overlaps`` costs O(spans near the query), so checking
    every new span against those already taken stays linear in the text."""

    _BUCKET = 32

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._buckets: dict[int, list[tuple[int, int]]] = {}
        for s, e in spans or ():
            self.add(s, e)

    def _keys(self, start: int, end: int) -> range:
        return range(start // self._BUCKET, (max(end, start + 1) - 1) // self._BUCKET + 1)

    def add(self, start: int, end: int) -> None:
        for k in self._keys(start, end):
            self._buckets.setdefault(k, []).append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        return any(a < end and start < b for k in self._keys(start, end) for a, b in self._buckets.get(k, ()))
