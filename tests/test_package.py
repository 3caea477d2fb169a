"""Import is light, the public API is small, results are frozen and JSON-ready."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

import cn_invest_ie
from cn_invest_ie import Document, Extractor, Label, extract


def test_import_loads_nothing_heavy_and_prints_nothing() -> None:
    code = (
        "import sys, cn_invest_ie\n"
        "heavy = [m for m in ('jieba', 'rjieba', 'opencc', 'cn_invest_ie.gazetteer.places') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert out.stderr == ""


def test_public_names() -> None:
    assert set(cn_invest_ie.__all__) >= {"extract", "Extractor", "Document", "Mention", "Event", "Label"}
    assert len(cn_invest_ie.__all__) <= 12


def test_results_are_frozen_and_exact_in_json() -> None:
    doc = extract("累计签约项目104个，总金额1104.08亿元。")
    assert isinstance(doc, Document)
    money = [m for m in doc.mentions if m.label is Label.MONEY]
    assert [m.text for m in money] == ["1104.08亿元"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        money[0].start = 0  # type: ignore[misc]
    line = json.dumps(doc.to_dict(), ensure_ascii=False)
    assert '"value": 110408000000' in line


def test_non_str_input_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="str"):
        Extractor().extract(b"bytes")  # type: ignore[arg-type]


def test_offsets_index_the_original_text_after_normalization() -> None:
    text = "總投資\u200b２３０億元，年產１８萬噸"
    doc = extract(text)
    got = {(m.label.value, m.text) for m in doc.mentions}
    assert ("MONEY", "２３０億元") in got
    assert ("QUANTITY", "１８萬噸") in got
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
