"""Analyst tables: one row per event as CSV (utf-8-sig) or XLSX, exact amounts in 元 and 亿元, place parents,
the source sentence; JSONL output unchanged; the stderr progress bar."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cn_invest_ie.cli import main
from cn_invest_ie.io.tables import COLUMNS, csv_cells, event_rows
from cn_invest_ie.io.writers import Progress, UnknownFormatError, format_for_path, open_writer

TEXT = "达州市开江县签约项目104个，总金额1104.08亿元。\n其中，浙江恒远集团年产40万吨新材料项目投资0.35亿元。"


def record() -> dict[str, Any]:
    return {
        "id": "0012", "published": "2021-12-24", "url": "http://example.gov.cn/a.html",
        "mentions": [
            {"label": "PLACE", "text": "达州市", "start": 0, "end": 3, "value": "达州", "code": "5117",
             "parents": ["四川"]},
            {"label": "PLACE", "text": "开江县", "start": 3, "end": 6, "value": "开江", "code": "511723",
             "parents": ["四川", "达州"]},
        ],
        "events": [
            {"kind": "aggregate", "stage": "signed", "place": "开江", "project": None, "investor": None,
             "amount": 110408000000, "currency": "CNY", "project_count": 104, "date": None,
             "place_code": "511723", "sentence": [0, 28]},
            {"kind": "project", "stage": None, "place": "开江", "project": "=年产40万吨新材料项目",
             "investor": "浙江恒远集团\x07", "amount": 35000000, "currency": "CNY", "project_count": None,
             "date": "2021-11-30", "place_code": "511723", "sentence": [29, 57]},
        ],
    }


def test_rows_are_exact_and_complete() -> None:
    rows = list(event_rows(record(), TEXT))
    assert len(rows) == 2 and set(rows[0]) == set(COLUMNS)
    first = rows[0]
    assert first["amount"] == Decimal("110408000000") and first["amount_yi"] == Decimal("1104.08")
    assert first["place_parents"] == "四川/达州" and first["place_code"] == "511723"
    assert first["sentence"] == "达州市开江县签约项目104个，总金额1104.08亿元。"
    assert first["event"] == 1 and first["url"] == "http://example.gov.cn/a.html"
    cells = dict(zip(COLUMNS, csv_cells(rows[1]), strict=True))
    assert cells["amount"] == "35000000" and cells["amount_yi"] == "0.35"
    assert cells["project"] == "'=年产40万吨新材料项目"  # never a formula in a spreadsheet
    assert cells["stage"] == "" and cells["id"] == "0012"
    assert list(event_rows({"events": [{"kind": "project"}]}))[0]["sentence"] is None  # no text: no sentence


def test_csv_output_is_utf8_with_bom_one_row_per_event(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d1", "text": TEXT, "published": "2021-12-24"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 0  # format from the suffix
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and tuple(rows[0]) == COLUMNS
    agg = next(r for r in rows if r["kind"] == "aggregate")
    assert agg["amount"] == "110408000000" and agg["amount_yi"] == "1104.08" and agg["currency"] == "CNY"
    assert agg["sentence"] and agg["sentence"] in TEXT
    assert TEXT[int(agg["sentence_start"]):int(agg["sentence_end"])].strip() == agg["sentence"]
    # JSONL output keeps its shape: no text key
    jl = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(jl), "--format", "jsonl", "-q"]) == 0
    assert "text" not in json.loads(jl.read_text(encoding="utf-8"))


def test_xlsx_keeps_ids_as_text_and_strips_control_characters(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "t.xlsx"
    w = open_writer(str(out), "xlsx")
    w.write(record(), TEXT)
    w.close()
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    data = [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]
    assert data[0]["id"] == "0012" and data[0]["place_code"] == "511723"  # text, not numbers
    assert data[0]["amount"] == 110408000000 and data[0]["amount_yi"] == pytest.approx(1104.08)
    assert data[1]["investor"] == "浙江恒远集团" and data[1]["project"] == "=年产40万吨新材料项目"
    assert ws.cell(row=3, column=COLUMNS.index("project") + 1).data_type == "s"


def test_writer_registry() -> None:
    assert format_for_path("a/b.XLSX") == "xlsx" and format_for_path("x.csv") == "csv"
    assert format_for_path("-") == "jsonl" and format_for_path("x.csv", "jsonl") == "jsonl"
    with pytest.raises(UnknownFormatError):
        open_writer("-", "parquet")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_unless_a_terminal() -> None:
    quiet, pipe, tty = _Tty(), io.StringIO(), _Tty()
    assert list(Progress(3, quiet=True, stream=quiet).iter("abc")) == ["a", "b", "c"]
    list(Progress(3, stream=pipe).iter("abc"))
    list(Progress(3, label="extract", stream=tty, min_interval=0).iter("abc"))
    assert quiet.getvalue() == "" and pipe.getvalue() == ""
    assert "3/3" in tty.getvalue() and tty.getvalue().endswith("\n")
