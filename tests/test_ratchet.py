"""Accuracy never silently regresses: dev-corpus scores stay at or above tests/dev_ratchet.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

RATCHET = ROOT / "tests" / "dev_ratchet.json"


def test_dev_scores_do_not_drop(dev_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from update_ratchet import current_scores

    floor = json.loads(RATCHET.read_text(encoding="utf-8"))
    now = current_scores(str(dev_path))
    drops = {k: (v, now.get(k)) for k, v in floor.items() if now.get(k, 0.0) < v - 1e-9}
    assert not drops, f"scores dropped below the ratchet (floor, now): {drops}"


def test_ratchet_file_is_recorded() -> None:
    if not RATCHET.exists():
        pytest.fail("tests/dev_ratchet.json is missing: run python scripts/update_ratchet.py")
    assert json.loads(RATCHET.read_text(encoding="utf-8"))
