"""Overlap rules between candidates, each a named function (ANNOTATION.md span rules)."""

from __future__ import annotations

from cn_invest_ie.candidates import Candidate
from cn_invest_ie.types import Label

_NAME_LABELS = frozenset({Label.ORG, Label.PROJECT})
# Higher wins a conflict between overlapping candidates that may not nest.
_PRIORITY = {Label.MONEY: 5, Label.DATE: 5, Label.QUANTITY: 4, Label.PROJECT: 3, Label.ORG: 2, Label.PLACE: 1}


def may_nest(inner: Candidate, outer: Candidate) -> bool:
    """A QUANTITY inside a PROJECT is annotated too (``年产40万吨...项目``)."""
    return inner.label is Label.QUANTITY and outer.label is Label.PROJECT and inner.inside(outer)


def is_place_inside_name(place: Candidate, other: Candidate) -> bool:
    """A place name inside an ORG or PROJECT mention is not a PLACE mention (``浙江恒远集团``)."""
    return place.label is Label.PLACE and other.label in _NAME_LABELS and place.overlaps(other)


def _beats(a: Candidate, b: Candidate) -> bool:
    if is_place_inside_name(b, a):
        return True
    if is_place_inside_name(a, b):
        return False
    return (_PRIORITY[a.label], a.length, -a.start) > (_PRIORITY[b.label], b.length, -b.start)


_BUCKET = 32


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep candidates that do not conflict; of two conflicting ones the stronger (``_beats``) stays.

    Kept candidates are indexed by 32-character buckets, so the cost is linear in the number of candidates.
    """
    order = sorted(cands, key=lambda c: (-_PRIORITY[c.label], -c.length, c.start))
    buckets: dict[int, list[Candidate]] = {}
    removed: set[int] = set()

    def neighbours(c: Candidate) -> list[Candidate]:
        seen: dict[int, Candidate] = {}
        for b in range(c.start // _BUCKET, (max(c.end, c.start + 1) - 1) // _BUCKET + 1):
            for k in buckets.get(b, ()):
                if id(k) not in removed and c.overlaps(k):
                    seen[id(k)] = k
        return list(seen.values())

    for c in order:
        conflicts = [k for k in neighbours(c) if not (may_nest(c, k) or may_nest(k, c))]
        if any(not _beats(c, k) for k in conflicts):
            continue
        for k in conflicts:
            removed.add(id(k))
        for b in range(c.start // _BUCKET, (max(c.end, c.start + 1) - 1) // _BUCKET + 1):
            buckets.setdefault(b, []).append(c)
    kept = {id(k): k for ks in buckets.values() for k in ks if id(k) not in removed}
    return sorted(kept.values(), key=lambda c: (c.start, -c.end))
