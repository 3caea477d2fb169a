"""The HTML report: highlighted spans by character offsets (escaped, nested), events beside the text, a summary with
exact sums and an inline SVG chart, nothing loaded from outside; rendered in headless Chromium when installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from cn_invest_ie.cli import main
from cn_invest_ie.report import highlight, render_report, summarize

FIXTURES = Path(__file__).parent / "fixtures" / "html"
TEXT = "<b>达州</b> & 开江县签约项目3个，总投资12.5亿元。其中年产10万吨新材料项目投资8亿元，11月30日开工。"


def _m(label: str, surface: str, **extra: Any) -> dict[str, Any]:
    s = TEXT.index(surface)
    return {"label": label, "text": surface, "start": s, "end": s + len(surface), **extra}


def doc() -> dict[str, Any]:
    return {
        "id": "d<1>", "published": "2021-12-24", "text": TEXT,
        "mentions": [
            _m("PLACE", "达州", value="达州", code="5117", parents=["四川"]),
            _m("PLACE", "开江县", value="开江", code="511723", parents=["四川", "达州"]),
            _m("MONEY", "12.5亿元", value=1250000000, currency="CNY"),
            _m("PROJECT", "年产10万吨新材料项目"),
            _m("QUANTITY", "10万吨", value=100000, unit="吨"),
            _m("MONEY", "8亿元", value=800000000, currency="CNY"),
            _m("DATE", "11月30日", value="2021-11-30"),
        ],
        "events": [
            {"kind": "aggregate", "stage": "signed", "place": "开江", "project": None, "investor": None,
             "amount": 1250000000, "currency": "CNY", "project_count": 3, "date": None, "place_code": "511723"},
            {"kind": "project", "stage": "started", "place": "开江", "project": "年产10万吨新材料项目",
             "investor": None, "amount": 800000000, "currency": "CNY", "project_count": None,
             "date": "2021-11-30", "place_code": "511723"},
            {"kind": "project", "stage": "signed", "place": "开江", "project": "B", "investor": None,
             "amount": 0.35, "currency": "CNY", "project_count": None, "date": None},
        ],
    }


class _DocTexts(HTMLParser):
    """Per ``.doc-text`` element: its text content and the (label, text) of each mark inside."""

    def __init__(self) -> None:
        super().__init__()
        self.docs: list[dict[str, Any]] = []
        self.depth = 0
        self.marks: list[list[Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.depth:
            self.depth += 1
            if tag == "mark":
                self.marks.append([a.get("data-label"), ""])
        elif tag == "div" and "doc-text" in (a.get("class") or "").split():
            self.depth = 1
            self.docs.append({"text": "", "marks": []})

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if tag == "mark":
                self.docs[-1]["marks"].append(tuple(self.marks.pop()))

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.docs[-1]["text"] += data
            for m in self.marks:
                m[1] += data


def parse(page: str) -> list[dict[str, Any]]:
    p = _DocTexts()
    p.feed(page)
    return p.docs


def test_highlight_escapes_nests_and_keeps_the_text() -> None:
    marked, dropped = highlight(TEXT, doc()["mentions"])
    assert dropped == 0
    assert "&lt;b&gt;" in marked and "<b>" not in marked and "&amp; " in marked
    (parsed,) = parse(f'<div class="doc-text">{marked}</div>')
    assert parsed["text"] == TEXT  # labels are drawn by CSS, the element's text is the document text
    assert sorted(parsed["marks"]) == sorted((m["label"], m["text"]) for m in doc()["mentions"])
    crossing = [{"label": "ORG", "start": 0, "end": 5}, {"label": "PLACE", "start": 3, "end": 8}]
    assert highlight(TEXT, crossing)[1] == 1


def test_summary_sums_exactly_by_place_and_stage() -> None:
    (row,) = summarize([doc()])
    assert row.place == "开江" and row.parents == "四川/达州"
    assert row.stages == {"signed": 2, "started": 1}
    assert row.project_amount == Decimal("800000000.35") and row.aggregate_amount == Decimal("1250000000")


def test_page_is_self_contained() -> None:
    page = render_report([doc()])
    assert "<svg" in page and "8亿元" in page and "12.5亿元" in page
    for external in ("<script", "<link", "src=", "@import", "url("):
        assert external not in page
    assert "d&lt;1&gt;" in page


def test_report_command_from_extraction_jsonl_and_raw_inputs(tmp_path: Path) -> None:
    src = tmp_path / "pred.jsonl"
    src.write_text(json.dumps(doc(), ensure_ascii=False) + "\n", encoding="utf-8")
    raw = tmp_path / "raw.txt"
    raw.write_text("开江县签约项目5个，总投资20亿元。", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(src), str(raw), str(FIXTURES / "jialing_gbk.html"), "-o", str(out), "-q"]) == 0
    docs = parse(out.read_text(encoding="utf-8"))
    assert [d["text"] for d in docs][:2] == [TEXT, "开江县签约项目5个，总投资20亿元。"]
    assert docs[2]["text"].startswith("南充市嘉陵区招商引资项目集中签约")
    assert ("MONEY", "20亿元") in docs[1]["marks"]
    assert main(["report", str(tmp_path / "missing.jsonl"), "-o", str(out), "-q"]) == 3


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_renders_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_report([doc()]), encoding="utf-8")
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'prof'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    (parsed,) = parse(dom.stdout)
    assert parsed["text"] == TEXT
    assert sorted(parsed["marks"]) == sorted((m["label"], m["text"]) for m in doc()["mentions"])
    shot = tmp_path / "shot.png"
    run = subprocess.run([*flags, "--window-size=1200,900", f"--screenshot={shot}", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
