"""External cross-check: the Chinese money and measure cases of Microsoft Recognizers-Text (../shared/data/peer-specs).

Their conventions differ from ours (kilograms are 吨 here, body measures and exchange-rate phrasing are out of our
scope), so this is a floor, not a definition: of their expected results, at least the recorded share must be found
by us, and every value we find for one of them must equal theirs after unit conversion.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from .conftest import SHARED, shared_missing

PEER = SHARED / "data" / "peer-specs" / "recognizers-text"
# (file, our label, share of their results we must find, unit factors from their unit to ours)
CHECKS = [
    ("CurrencyModel.json", "MONEY", 0.75, {}),
    ("DimensionModel.json", "QUANTITY", 0.40, {"Kilogram": Decimal("0.001"), "Kilometer": Decimal(1000),
                                               "Ton": Decimal(1), "Meter": Decimal(1)}),
]


def _cases(name: str) -> list[dict[str, Any]]:
    path = PEER / name
    if not path.exists():
        shared_missing("data/peer-specs")
    return [c for c in json.loads(path.read_text(encoding="utf-8")) if not c.get("NotSupported")]


@pytest.mark.parametrize(("name", "label", "floor", "factors"), CHECKS)
def test_peer_cases(name: str, label: str, floor: float, factors: dict[str, Decimal], extractor: Any) -> None:
    total = found = 0
    wrong: list[tuple[str, Any, Any]] = []
    for case in _cases(name):
        ours = [m for m in extractor.extract(case["Input"]).mentions if m.label.value == label]
        for result in case.get("Results", []):
            value = result.get("Resolution", {}).get("value")
            if value is None or value.startswith("-"):
                continue  # a currency name alone or a negative measure: outside our scope
            total += 1
            hit = next((m for m in ours if result["Text"].lower() in m.text.lower() or m.text in result["Text"]), None)
            if hit is None:
                continue
            found += 1
            unit = result["Resolution"].get("unit")
            expected = Decimal(value) * factors.get(unit, Decimal(1))
            if Decimal(str(hit.value)) != expected:
                wrong.append((result["Text"], expected, hit.value))
    assert not wrong, f"values differ from the peer's: {wrong}"
    assert found / total >= floor, f"found {found} of {total} peer results"
