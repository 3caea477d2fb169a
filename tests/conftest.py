"""Shared fixtures: one extractor per test session, paths to the shared development material."""

from __future__ import annotations

from pathlib import Path

import pytest

from cn_invest_ie import Extractor

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpora" / "dev.jsonl"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def dev_path() -> Path:
    if not DEV.exists():
        pytest.skip("../shared/corpora/dev.jsonl is not present")
    return DEV
