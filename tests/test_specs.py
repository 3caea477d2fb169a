"""The spec tables (tests/specs/*.jsonl): input text -> every expected mention of the checked labels.

Each line: {"text", "published", "labels", "expect": [{"label", "text", "start"?, "value"?, ...}], "why"}.
An empty ``expect`` is a must-not-match case. ``xfail`` (a reason) marks a known limitation, strictly.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

SPECS = Path(__file__).parent / "specs"
MENTION_FILES = ("money", "quantity", "dates", "places", "orgs", "projects")


def _cases() -> list[Any]:
    out = []
    for name in MENTION_FILES:
        path = SPECS / f"{name}.jsonl"
        if not path.exists():
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            case = json.loads(line)
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            out.append(pytest.param(case, id=f"{name}:{lineno}", marks=marks))
    return out


def _same_value(expected: Any, got: Any) -> bool:
    if isinstance(expected, (int, float)) and got is not None:
        return Decimal(str(expected)) == Decimal(str(got))
    return bool(expected == got)


@pytest.mark.parametrize("case", _cases())
def test_spec(case: dict[str, Any], extractor: Any) -> None:
    text = case["text"]
    doc = extractor.extract(text, published=case.get("published"))
    labels = set(case["labels"])
    got = [m.to_dict() for m in doc.mentions if m.label.value in labels]
    expect = case["expect"]
    assert [(m["label"], m["text"]) for m in got] == [(e["label"], e["text"]) for e in expect], case.get("why")
    for e, g in zip(expect, got, strict=False):
        assert text[g["start"]:g["end"]] == g["text"]
        if "start" in e:
            assert g["start"] == e["start"], case.get("why")
        for key in ("value", "currency", "unit", "qualifier", "value_max"):
            if key in e:
                assert _same_value(e[key], g.get(key)), f"{key}: {e[key]!r} != {g.get(key)!r} ({case.get('why')})"


EVENT_FIELDS = ("kind", "stage", "place", "project", "investor", "amount", "currency", "project_count", "date")


def _event_cases() -> list[Any]:
    path = SPECS / "events.jsonl"
    if not path.exists():
        return []
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            out.append(pytest.param(case, id=f"events:{lineno}", marks=marks))
    return out


def _event_matches(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    for key in EVENT_FIELDS:
        if key in expected and not _same_value(expected[key], got.get(key)):
            return False
    return True


@pytest.mark.parametrize("case", _event_cases())
def test_event_spec(case: dict[str, Any], extractor: Any) -> None:
    """Each line: {"text", "published", "events": [partial events], "why"}; every expected event must match one
    predicted event on the fields it gives, one to one, and no other event may be predicted."""
    doc = extractor.extract(case["text"], published=case.get("published"))
    got = [e.to_dict() for e in doc.events]
    assert len(got) == len(case["events"]), f"{case.get('why')}: predicted {got}"
    unused = list(got)
    for expected in case["events"]:
        match = next((g for g in unused if _event_matches(expected, g)), None)
        assert match is not None, f"{case.get('why')}: no predicted event matches {expected}; predicted {got}"
        unused.remove(match)
    for e in doc.events:
        for _name, (s, t) in e.evidence:
            assert 0 <= s <= t <= len(case["text"])
