"""Annotation tools both ways: doccano, Label Studio, brat <-> ANNOTATION.md JSONL, events as relations from an
anchor mention, offsets checked, UTF-16 offsets of browser tools converted (an emoji before the mentions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cn_invest_ie.cli import main
from cn_invest_ie.io import formats as F

TEXT = "🚀开江县签约项目3个，总投资12亿元。其中，浙江正泰集团年产10万吨新材料项目落户开江县，投资8亿元，12月1日开工。"


def _m(label: str, surface: str, nth: int = 0, **extra: Any) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return {"label": label, "text": surface, "start": start, "end": start + len(surface), **extra}


def gold_doc() -> dict[str, Any]:
    """A hand-annotated document in the ANNOTATION.md shape (no evidence spans, as in gold files)."""
    return {
        "id": "kaijiang-1", "url": None, "published": "2021-12-24", "text": TEXT,
        "mentions": [
            _m("PLACE", "开江县", value="开江"),
            _m("MONEY", "12亿元", value=1200000000, currency="CNY", qualifier="eq"),
            _m("ORG", "浙江正泰集团"),
            _m("PROJECT", "年产10万吨新材料项目"),
            _m("QUANTITY", "10万吨", value=100000, unit="吨", qualifier="eq"),
            _m("PLACE", "开江县", 1, value="开江"),
            _m("MONEY", "8亿元", value=800000000, currency="CNY", qualifier="eq"),
            _m("DATE", "12月1日", value="2021-12-01"),
        ],
        "events": [
            {"kind": "aggregate", "stage": "signed", "place": "开江", "project": None, "investor": None,
             "amount": 1200000000, "currency": "CNY", "project_count": 3, "date": None},
            {"kind": "project", "stage": "started", "place": "开江", "project": "年产10万吨新材料项目",
             "investor": "浙江正泰集团", "amount": 800000000, "currency": "CNY", "project_count": None,
             "date": "2021-12-01"},
            # no mention stands for this one: it lives in the metadata only
            {"kind": "aggregate", "stage": None, "place": "达州", "project": None, "investor": None,
             "amount": None, "currency": None, "project_count": 7, "date": None},
        ],
    }


def extracted_doc(extractor) -> dict[str, Any]:
    doc = extractor.extract(TEXT, published="2021-12-24", id="ex-1").to_dict()
    return {**doc, "text": TEXT}


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio", "brat", "jsonl"])
@pytest.mark.parametrize("source", ["gold", "extracted"])
def test_round_trip(fmt: str, source: str, extractor, tmp_path: Path) -> None:
    doc = gold_doc() if source == "gold" else extracted_doc(extractor)
    assert doc["events"], "the round trip must carry events"
    out = tmp_path / ("out" if fmt == "brat" else "out.json")
    assert F.write_documents([doc], str(out), fmt) == 1
    back = list(F.read_documents(str(out), fmt))
    assert back == [doc]
    assert list(F.read_documents(str(out))) == [doc]  # the format is detected


def test_events_become_relations_from_an_anchor() -> None:
    task = F.to_labelstudio(gold_doc())
    result = task["predictions"][0]["result"]
    regions = {r["id"]: r["value"] for r in result if r["type"] == "labels"}
    rels = [(regions[r["from_id"]]["text"], r["labels"][0], regions[r["to_id"]]["text"])
            for r in result if r["type"] == "relation"]
    assert ("12亿元", "place", "开江县") in rels
    assert ("8亿元", "project", "年产10万吨新材料项目") in rels
    assert ("8亿元", "investor", "浙江正泰集团") in rels
    assert ("8亿元", "date", "12月1日") in rels
    assert ("8亿元", "place", "开江县") in rels
    meta_events = task["data"][F.META_KEY]["events"]
    assert meta_events[1]["anchor"] == "MONEY:{}:{}".format(*_span("8亿元"))
    assert "project" not in meta_events[1] and meta_events[1]["stage"] == "started"
    assert meta_events[2]["anchor"] is None and meta_events[2]["project_count"] == 7


def _span(surface: str) -> tuple[int, int]:
    s = TEXT.index(surface)
    return s, s + len(surface)


def test_browser_tools_get_utf16_offsets() -> None:
    start, end = _span("12亿元")
    ls = F.to_labelstudio(gold_doc())["predictions"][0]["result"]
    money = next(r["value"] for r in ls if r["type"] == "labels" and r["value"]["text"] == "12亿元")
    assert (money["start"], money["end"]) == (start + 1, end + 1)  # 🚀 is two UTF-16 units
    dc = F.to_doccano(gold_doc())
    assert any(e["start_offset"] == start + 1 and e["label"] == "MONEY" for e in dc["entities"])
    cp = F.to_doccano(gold_doc(), offsets="codepoint")
    assert any(e["start_offset"] == start and e["label"] == "MONEY" for e in cp["entities"])


def test_label_studio_import_accepts_either_offset_count_and_checks_the_text() -> None:
    start, end = _span("12亿元")

    def task(s: int, e: int, text: str = "12亿元") -> dict[str, Any]:
        region = {"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
                  "value": {"start": s, "end": e, "text": text, "labels": ["MONEY"]}}
        return {"id": 9, "data": {"text": TEXT}, "annotations": [{"result": [region], "was_cancelled": False}]}

    for s, e in ((start + 1, end + 1), (start, end)):  # a browser's UTF-16 count, or code points
        doc = F.from_labelstudio(task(s, e), "x")
        assert [(m["start"], m["end"], m["text"]) for m in doc["mentions"]] == [(start, end, "12亿元")]
        assert doc["id"] == "9"
    with pytest.raises(F.FormatError, match="does not fit"):
        F.from_labelstudio(task(start + 1, end + 1, text="13亿元"), "x")
    with pytest.raises(F.FormatError):
        F.from_labelstudio(task(start + 1, end + 1), "x", offsets="codepoint")


def test_utf16_conversion_inside_a_surrogate_pair_is_rejected() -> None:
    conv = F.Utf16Offsets("a😀b")
    assert [conv.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    assert [conv.from_utf16(u) for u in range(5)] == [0, 1, None, 2, 3]


def test_annotator_edits_make_and_drop_events() -> None:
    task = F.to_labelstudio(gold_doc())
    result = task["predictions"][0]["result"]
    by_text = {r["value"]["text"]: r["id"] for r in result if r["type"] == "labels"}
    anchor_8 = by_text["8亿元"]
    # the annotator deletes the 8亿元 span (and its relations) and links the project to 开江县 on its own
    result = [r for r in result if r.get("id") != anchor_8 and r.get("from_id") != anchor_8]
    result.append({"type": "relation", "from_id": by_text["年产10万吨新材料项目"], "to_id": by_text["浙江正泰集团"],
                   "direction": "right", "labels": ["investor"]})
    edited = {"data": task["data"], "annotations": [{"result": result}]}
    doc = F.from_labelstudio(edited, "x")
    events = doc["events"]
    assert [e["kind"] for e in events] == ["aggregate", "aggregate", "project"]
    new = events[-1]
    assert (new["project"], new["investor"], new["stage"], new["amount"]) == (
        "年产10万吨新材料项目", "浙江正泰集团", None, None)


def test_plain_brat_and_doccano_from_other_tools(tmp_path: Path) -> None:
    (tmp_path / "d1.txt").write_text(TEXT, encoding="utf-8")
    s, e = _span("8亿元")
    ps, pe = _span("年产10万吨新材料项目")
    (tmp_path / "d1.ann").write_text(f"T1\tMONEY {s} {e}\t8亿元\nT2\tPROJECT {ps} {pe}\t年产10万吨新材料项目\n"
                                     "R1\tproject Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tnote\n", encoding="utf-8")
    (doc,) = F.read_documents(str(tmp_path))
    assert doc["id"] == "d1" and [m["label"] for m in doc["mentions"]] == ["PROJECT", "MONEY"]
    assert doc["events"][0]["project"] == "年产10万吨新材料项目" and doc["events"][0]["kind"] == "project"
    # doccano's older export: "label": [[start, end, LABEL]] with UTF-16 offsets
    old = {"id": 3, "text": TEXT, "label": [[s + 1, e + 1, "MONEY"]]}
    d = F.from_doccano(old, "x")
    assert d["id"] == 3 and d["mentions"][0]["text"] == "8亿元"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "b.txt").write_text(TEXT, encoding="utf-8")
    (bad / "b.ann").write_text(f"T1\tMONEY {s} {e + 1}\t8亿元\n", encoding="utf-8")
    (err,) = F.read_documents(str(bad))
    assert isinstance(err, F.ConvertError) and "b.txt" in str(err)


def test_brat_directory_layout(tmp_path: Path) -> None:
    docs = [gold_doc(), {**gold_doc(), "id": "kaijiang/1:2"}]
    F.write_documents(docs, str(tmp_path / "b"), "brat")
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names == ["annotation.conf", "kaijiang-1.ann", "kaijiang-1.json", "kaijiang-1.txt",
                     "kaijiang_1_2.ann", "kaijiang_1_2.json", "kaijiang_1_2.txt"]
    ann = (tmp_path / "b" / "kaijiang-1.ann").read_text(encoding="utf-8")
    s, e = _span("8亿元")
    assert f"\tMONEY {s} {e}\t8亿元\n" in ann and "\tproject Arg1:" in ann
    assert "[relations]" in (tmp_path / "b" / "annotation.conf").read_text(encoding="utf-8")
    back = list(F.read_documents(str(tmp_path / "b")))
    assert sorted(d["id"] for d in back) == ["kaijiang-1", "kaijiang/1:2"]


def test_convert_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "gold.jsonl"
    bad = {"id": "bad", "text": "总投资8亿元", "mentions": [{"label": "MONEY", "text": "9亿元", "start": 3, "end": 6}]}
    src.write_text(json.dumps(gold_doc(), ensure_ascii=False) + "\n" + json.dumps(bad, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    ls = tmp_path / "tasks.json"
    assert main(["convert", str(src), "--to", "labelstudio", "-o", str(ls)]) == 3  # one bad document
    err = capsys.readouterr().err
    assert "bad" in err and "1 documents converted, 1 failed" in err
    tasks = json.loads(ls.read_text(encoding="utf-8"))
    assert len(tasks) == 1 and tasks[0]["predictions"][0]["model_version"].startswith("cn_invest_ie")
    back = tmp_path / "back.jsonl"
    assert main(["convert", str(ls), "-o", str(back), "-q"]) == 0
    assert json.loads(back.read_text(encoding="utf-8")) == gold_doc()
    assert main(["convert", str(back), "--to", "doccano", "-q"]) == 0  # stdout
    line = capsys.readouterr().out.strip()
    assert json.loads(line)["doc_id"] == "kaijiang-1"
    assert F.detect_format("-", line) == "doccano"


def test_documents_without_text_cannot_be_converted() -> None:
    with pytest.raises(F.FormatError, match="text"):
        F.to_doccano({"id": "a", "mentions": [], "events": []})
