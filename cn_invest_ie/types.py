"""Result types: frozen, typed, JSON-ready through ``to_dict``.

Offsets are half-open code-point offsets into the *original* text: ``text[start:end] == mention.text``.
Values are ``Decimal`` (MONEY, QUANTITY) or ISO ``YYYY-MM-DD`` strings (DATE); JSON output keeps them exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import Enum
from typing import Any


class Label(str, Enum):
    """Mention labels; values are ANNOTATION.md's strings."""

    MONEY = "MONEY"
    QUANTITY = "QUANTITY"
    DATE = "DATE"
    PLACE = "PLACE"
    ORG = "ORG"
    PROJECT = "PROJECT"


class Qualifier(str, Enum):
    """How a stated amount relates to the true one (ANNOTATION.md span rules)."""

    EQ = "eq"
    APPROX = "approx"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    RANGE = "range"


class Stage(str, Enum):
    """Event stage, most advanced stated."""

    SIGNED = "signed"
    STARTED = "started"
    OPERATING = "operating"
    PLANNED = "planned"


class EventKind(str, Enum):
    PROJECT = "project"
    AGGREGATE = "aggregate"


def json_number(value: Decimal) -> int | float:
    """A JSON number for a Decimal: ``int`` when integral (exact at any size), else the nearest float (exact for up
    to 15 significant digits, which covers every fractional value a release writes, such as ``3.5`` 公顷; the
    ``Decimal`` of the Python API is always exact)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def reduce_by_constructor(obj: Any) -> tuple[Any, tuple[Any, ...]]:
    """``__reduce__`` for a frozen dataclass: pickle it as a constructor call. The default restores fields one by
    one through ``__setattr__``, which a frozen dataclass compiled with mypyc refuses (docs/performance.md)."""
    return type(obj), tuple(getattr(obj, f.name) for f in fields(obj) if f.init)


@dataclass(frozen=True)
class Mention:
    """One labelled span of the original text.

    ``value`` is a ``Decimal`` in the base unit for MONEY (元, dollar...) and QUANTITY (canonical ``unit``),
    an ISO date string or ``None`` for DATE, the canonical name for PLACE, ``None`` for ORG and PROJECT.
    """

    label: Label
    text: str
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
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label.value, "text": self.text, "start": self.start, "end": self.end}
        if self.label in (Label.MONEY, Label.QUANTITY, Label.DATE, Label.PLACE):
            v = self.value
            out["value"] = json_number(v) if isinstance(v, Decimal) else v
        if self.label is Label.MONEY:
            out["currency"] = self.currency
        if self.label is Label.QUANTITY:
            out["unit"] = self.unit
        if self.qualifier is not None:
            out["qualifier"] = self.qualifier.value
        if self.value_max is not None:
            out["value_max"] = json_number(self.value_max)
        if self.code is not None:
            out["code"] = self.code
        if self.parents:
            out["parents"] = list(self.parents)
        if self.level is not None:
            out["level"] = self.level
        return out

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return reduce_by_constructor(self)


@dataclass(frozen=True)
class Event:
    """One investment (``project``) or batch of investments (``aggregate``).

    ``evidence`` maps a field name to the ``(start, end)`` span it was read from; ``sentence`` is the span of the
    sentence that states the event.
    """

    kind: EventKind
    stage: Stage | None = None
    place: str | None = None
    project: str | None = None
    investor: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    project_count: int | None = None
    date: str | None = None
    place_code: str | None = None
    sentence: tuple[int, int] | None = None
    evidence: tuple[tuple[str, tuple[int, int]], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind.value,
            "stage": self.stage.value if self.stage else None,
            "place": self.place,
            "project": self.project,
            "investor": self.investor,
            "amount": json_number(self.amount) if self.amount is not None else None,
            "currency": self.currency,
            "project_count": self.project_count,
            "date": self.date,
        }
        if self.place_code is not None:
            out["place_code"] = self.place_code
        if self.sentence is not None:
            out["sentence"] = list(self.sentence)
        if self.evidence:
            out["evidence"] = {k: list(v) for k, v in self.evidence}
        return out

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return reduce_by_constructor(self)


@dataclass(frozen=True)
class Document:
    """The extraction result for one text."""

    text: str
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    id: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The ANNOTATION.md JSON shape: ``id``, ``published``, ``mentions``, ``events`` (text not repeated)."""
        out: dict[str, Any] = {"id": self.id, "published": self.published}
        for key, value in self.meta.items():  # extra input keys (url...) never override the result's own
            out.setdefault(key, value)
        out["mentions"] = [m.to_dict() for m in self.mentions]
        out["events"] = [e.to_dict() for e in self.events]
        return out

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return reduce_by_constructor(self)
