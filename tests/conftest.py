"""Shared fixtures: one extractor per test session, paths to the shared development material."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

from cn_invest_ie import Extractor

ROOT = Path(__file__).resolve().parent.parent
# the shared development material: ../shared next to the checkout, or where CN_INVEST_IE_SHARED points
SHARED = Path(os.environ.get("CN_INVEST_IE_SHARED") or ROOT.parent / "shared")
DEV = SHARED / "corpora" / "dev.jsonl"


def shared_missing(what: str) -> NoReturn:
    """Skip a test whose shared material is absent, or fail it when CN_INVEST_IE_REQUIRE_SHARED is set (so a run
    that must score the dev corpus cannot pass by skipping)."""
    message = f"{what} is not present (looked in {SHARED})"
    if os.environ.get("CN_INVEST_IE_REQUIRE_SHARED"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def dev_path() -> Path:
    if not DEV.exists():
        shared_missing("corpora/dev.jsonl")
    return DEV
