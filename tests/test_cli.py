"""``cn-invest-ie extract``: every bad input gets a one-line error naming the file and line, the other documents are
still written, exit codes say what happened, and the output is never left half-written."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import sys
from pathlib import Path
from typing import Any

import pytest

import cn_invest_ie.parallel as parallel
from cn_invest_ie import Extractor
from cn_invest_ie.api import Config
from cn_invest_ie.cli import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, main
from cn_invest_ie.io.jsonl import InputError, InputRecord, decode_bytes, existing_ids, read_inputs

from .conftest import ROOT

RELEASE = "累计签约项目104个，总金额1104.08亿元。"
_EXTRACTORS: dict[Config, Extractor] = {}


@pytest.fixture(autouse=True)
def _warm_extractors(monkeypatch: pytest.MonkeyPatch) -> None:
    """One extractor per configuration for the whole module (a real run builds one per process)."""
    monkeypatch.setattr(parallel, "_make_extractor", lambda c: _EXTRACTORS.setdefault(c, Extractor(c)))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, Any]], list[str]]:
    """Exit code, JSON lines on stdout, error lines on stderr."""
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], [e for e in err.splitlines() if e.startswith("error")]


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# -- encodings --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312", "utf-8-sig", "utf-16", "utf-32", "big5"])
def test_txt_in_any_common_chinese_encoding_is_read(encoding: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    text = RELEASE if encoding != "big5" else "累計簽約項目104個，總金額1104.08億元。"
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    code, docs, errors = run(capsys, str(path))
    assert (code, errors) == (EXIT_OK, [])
    money = [m for m in docs[0]["mentions"] if m["label"] == "MONEY"]
    assert money[0]["value"] == 110408000000
    assert text[money[0]["start"]:money[0]["end"]] == money[0]["text"]


def test_gb18030_four_byte_characters_are_kept() -> None:
    text = "镕基集团在𠀀县投资3亿元"
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


def test_utf8_cut_mid_character_is_utf8_not_mojibake() -> None:
    data = RELEASE.encode("utf-8")[:-2]
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8" and text.endswith("\ufffd") and text.startswith("累计签约")


def test_utf8_with_a_bad_byte_is_an_error_not_gb18030_mojibake() -> None:
    data = RELEASE.encode("utf-8")
    data = data[:10] + b"\xff" + data[11:]
    with pytest.raises(UnicodeDecodeError):
        decode_bytes(data)


def test_gbk_jsonl_and_a_bad_line_in_a_utf8_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gbk = tmp_path / "gbk.jsonl"
    gbk.write_bytes(json.dumps({"id": "g", "text": RELEASE}, ensure_ascii=False).encode("gbk") + b"\n")
    mixed = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "u1", "text": RELEASE}, ensure_ascii=False).encode("utf-8")
    bad = json.dumps({"id": "u2", "text": RELEASE}, ensure_ascii=False).encode("utf-8").replace(b"\xe7", b"\xff", 1)
    mixed.write_bytes(b"\xef\xbb\xbf" + good + b"\r\n" + bad + b"\n" + good.replace(b"u1", b"u3") + b"\n")
    code, docs, errors = run(capsys, str(gbk), str(mixed))
    assert code == EXIT_PARTIAL
    assert [d["id"] for d in docs] == ["g", "u1", "u3"]
    assert errors == [f"error: {mixed}:2: cannot decode as UTF-8 (byte 0xff at column 23)"]


# -- each bad input: one line naming file and line, the others still written, exit 3 -----------------------------
def test_every_bad_input_is_named_and_the_rest_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(RELEASE, encoding="utf-8")
    binary = tmp_path / "logo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(b"\x80\x81abc\xff")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\t\u3000\n", encoding="utf-8")
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    lines = tmp_path / "docs.jsonl"
    lines.write_text(
        '{"id": "a", "text": "总投资3亿元"}\n'           # 1 ok
        '{"id": "a", "text": "重复"}\n'                  # 2 duplicate id
        '{"id": "b"}\n'                                  # 3 no text
        '{"id": "c", "text": 5}\n'                       # 4 text not a string
        '[1, 2]\n'                                       # 5 not an object
        '{"id": "d", "text": "截断\n'                    # 6 truncated in the middle
        '\n'                                             # 7 blank: skipped
        '{"id": ["x"], "text": "id 不对"}\n'             # 8 bad id
        '{"id": "e", "text": "投资5亿元", "published": {}}\n'  # 9 bad published
        + "[" * 100_000 + "\n"                           # 10 nested too deeply
        '{"id": "f", "text": "投资' + "9" * 5000 + '", "n": ' + "1" * 5000 + '}\n'  # 11 integer too long
        '{"id": "g", "text": "年产10万吨", "url": "http://x"}\n'  # 12 ok, extra key kept
        '{"id": "h", "text": "总投资',                   # 13 truncated last line
        encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, errors = run(capsys, str(good), str(tmp_path / "missing.txt"), str(binary), str(undecodable),
                          str(empty), str(blank), str(empty_dir), str(lines), "-o", str(out))
    assert code == EXIT_PARTIAL
    assert [d["id"] for d in jsonl(out)] == ["good", "a", "g"]
    assert jsonl(out)[2]["url"] == "http://x"
    expected = [
        f"{tmp_path / 'missing.txt'}: no such file",
        f"{binary}: binary file (NUL bytes), not text",
        f"{undecodable}: cannot decode: not UTF-8 (byte 0x80 at offset 0), GB18030 or Big5",
        f"{empty}: empty file",
        f"{blank}: empty file",
        f"{empty_dir}: directory holds no .txt, .jsonl, .json or .html files",
        f"{lines}:2: duplicate id 'a' (first at {lines}:1)",
        f"{lines}:3: missing 'text'",
        f"{lines}:4: 'text' is a number, not a string",
        f"{lines}:5: expected a JSON object, got an array",
        f"{lines}:6: invalid JSON (Unterminated string starting at column 21)",
        f"{lines}:8: 'id' is an array, not a string",
        f"{lines}:9: 'published' is an object, not a date string",
        f"{lines}:10: invalid JSON (nested too deeply)",
    ]
    assert errors[:len(expected)] == [f"error: {e}" for e in expected]
    assert errors[len(expected)].startswith(f"error: {lines}:11: invalid JSON (Exceeds the limit")
    assert errors[-1] == (f"error: {lines}:13: invalid JSON (Unterminated string starting at column 21)"
                          " - the last line has no newline: truncated?")
    assert len(errors) == 16
    side = jsonl(Path(str(out) + ".errors.jsonl"))
    assert [e["error"] for e in side] == [e[len("error: "):] for e in errors]
    assert side[6] == {"source": str(lines), "line": 2, "id": "a", "error": errors[6][len("error: "):]}  # id known
    assert side[0]["line"] == 0  # an error of a whole file


def test_a_json_file_holding_an_array_or_a_pretty_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps([{"id": "x", "text": RELEASE}, {"text": "投资1亿元"}, {"id": "z"}], indent=2,
                              ensure_ascii=False), encoding="utf-8")
    obj = tmp_path / "one.json"
    obj.write_text(json.dumps({"text": RELEASE}, indent=2, ensure_ascii=False), encoding="utf-8")
    code, docs, errors = run(capsys, str(arr), str(obj))
    assert code == EXIT_PARTIAL
    assert [d["id"] for d in docs] == ["x", "arr:1", "one"]
    assert errors == [f"error: {arr}[2]: missing 'text'"]


def test_special_characters_in_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """U+2028 inside a JSON string does not split the line; a lone surrogate escape becomes U+FFFD (same offsets)
    and is written as valid UTF-8."""
    path = tmp_path / "special.jsonl"
    path.write_text('{"id": "ls", "text": "第一句\u2028总投资3亿元", "title": "\\ud800标题"}\n'
                    '{"id": "sur", "text": "\\udc00总投资3亿元\\ud83d\\ude00"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, errors = run(capsys, str(path), "-o", str(out))
    assert (code, errors) == (EXIT_OK, [])
    docs = jsonl(out)
    assert [d["id"] for d in docs] == ["ls", "sur"]
    assert docs[0]["title"] == "\ufffd标题"
    assert [(m["text"], m["start"]) for m in docs[1]["mentions"] if m["label"] == "MONEY"] == [("3亿元", 4)]


def test_directory_reads_its_documents_not_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(RELEASE, encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", [{"id": "b1", "text": "投资1亿元"}])
    (tmp_path / "notes.md").write_text("skip me", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("skip me", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the second run must not read out.jsonl or its errors file as input
        code, _, errors = run(capsys, str(tmp_path), "-o", str(out))
        assert (code, errors) == (EXIT_OK, [])
        assert [d["id"] for d in jsonl(out)] == ["a", "b1"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, errors = run(capsys, str(fifo))
    assert (code, errors) == (EXIT_PARTIAL, [f"error: {fifo}: not a regular file"])


def test_html_routes_to_the_html_reader(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    page = ROOT / "tests" / "fixtures" / "html" / "yibin_utf8.html"
    if page.exists():
        code, docs, errors = run(capsys, str(page))
        assert (code, errors) == (EXIT_OK, []) and docs[0]["mentions"]
    copy = tmp_path / "page.htm"
    copy.write_text("<html><body><p>总投资3亿元</p></body></html>", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "cn_invest_ie.io.html", None)  # as if the module were not installed
    code, _, errors = run(capsys, str(copy))
    assert code == EXIT_PARTIAL
    assert len(errors) == 1 and errors[0].startswith(f"error: {copy}: HTML support is not installed")


# -- stdin ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("data", "ids", "errors"), [
    (RELEASE.encode("utf-8"), ["stdin"], []),
    (RELEASE.encode("gbk"), ["stdin"], []),
    (b'{"id": "x", "text": "\xe6\x8a\x95\xe8\xb5\x843\xe4\xba\xbf\xe5\x85\x83"}\n{"bad"\n', ["x"],
     ["error: <stdin>:2: invalid JSON (Expecting ':' delimiter at column 7)"]),
    (b"  \n", [], ["error: <stdin>: empty input"]),
    (b"\x00\x01binary", [], ["error: <stdin>: binary file (NUL bytes), not text"]),
], ids=["utf8", "gbk", "jsonl", "empty", "binary"])
def test_stdin(data: bytes, ids: list[str], errors: list[str], monkeypatch: pytest.MonkeyPatch,
               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, docs, errs = run(capsys, "-")
    assert [d["id"] for d in docs] == ids and errs == errors
    assert code == (EXIT_PARTIAL if errors else EXIT_OK)


# -- exit codes -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["--jobs", "-1"], ["--timeout", "0"], ["--timeout", "-3"], ["--published", "24/12/2021"],
    ["--skip-existing"], ["--jobs", "two"], ["--no-such-option"], [],
], ids=["jobs", "timeout0", "timeout-", "published", "skip-stdout", "jobs-type", "option", "no-paths"])
def test_usage_errors_exit_2(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(RELEASE, encoding="utf-8")
    code = main(["extract", *([str(path)] if argv else []), *argv])
    assert code == EXIT_USAGE
    assert capsys.readouterr().out == ""


def test_output_that_is_an_input_or_a_directory_is_a_usage_error(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": RELEASE}])
    before = src.read_text(encoding="utf-8")
    assert main(["extract", str(src), "-o", str(src)]) == EXIT_USAGE
    assert main(["extract", str(src), "-o", str(tmp_path)]) == EXIT_USAGE
    assert main(["extract", str(src), "-o", str(tmp_path / "x.csv"), "--skip-existing"]) == EXIT_USAGE
    assert src.read_text(encoding="utf-8") == before
    assert "would be overwritten" in capsys.readouterr().err


def test_unwritable_output_is_a_runtime_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": RELEASE}])
    code = main(["extract", str(src), "-o", str(tmp_path / "no" / "such" / "dir" / "out.jsonl")])
    assert code == EXIT_ERROR
    assert "does not exist" in capsys.readouterr().err


def test_all_good_exits_0_and_removes_a_stale_errors_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": RELEASE}, {"id": "b"}])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out)]) == EXIT_PARTIAL
    assert Path(str(out) + ".errors.jsonl").exists()
    write_jsonl(src, [{"id": "a", "text": RELEASE}, {"id": "b", "text": "投资1亿元"}])
    assert main(["extract", str(src), "-o", str(out)]) == EXIT_OK
    assert not Path(str(out) + ".errors.jsonl").exists()
    explicit = tmp_path / "errs.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--errors", str(explicit)]) == EXIT_OK
    assert explicit.read_text(encoding="utf-8") == ""
    assert "2 documents extracted, 0 failed" in capsys.readouterr().err


# -- never half-written ------------------------------------------------------------------------------------------
def _interrupt_at(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    real = Extractor._extract_item

    def item(self: Extractor, it: Any) -> Any:
        if isinstance(it, dict) and it.get("text") == text:
            raise KeyboardInterrupt
        return real(self, it)

    monkeypatch.setattr(Extractor, "_extract_item", item)


def test_interrupted_run_keeps_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": f"投资{i}亿元"} for i in range(5)])
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "old"}\n', encoding="utf-8")
    _interrupt_at(monkeypatch, "投资3亿元")
    assert main(["extract", str(src), "-o", str(out)]) == EXIT_INTERRUPTED
    assert out.read_text(encoding="utf-8") == '{"id": "old"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]  # no temporary file left
    assert "interrupted" in capsys.readouterr().err


def test_skip_existing_resumes_after_an_interruption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": f"投资{i}亿元"} for i in range(6)])
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        _interrupt_at(m, "投资3亿元")
        assert main(["extract", str(src), "-o", str(out), "--skip-existing"]) == EXIT_INTERRUPTED
    assert [d["id"] for d in jsonl(out)] == ["0", "1", "2"]  # appended line by line, each whole
    with out.open("a", encoding="utf-8") as f:
        f.write('{"id": "3", "published": null, "menti')  # a kill in the middle of a line
    assert existing_ids(str(out)) == {"0", "1", "2"}
    assert out.read_text(encoding="utf-8").endswith("\n")
    assert main(["extract", str(src), "-o", str(out), "--skip-existing"]) == EXIT_OK
    assert [d["id"] for d in jsonl(out)] == ["0", "1", "2", "3", "4", "5"]
    assert "3 documents extracted, 0 failed, 3 skipped" in capsys.readouterr().err


def test_existing_ids_keeps_a_complete_last_line_without_newline(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\nnot json\n{"id": 7}', encoding="utf-8")
    assert existing_ids(str(out)) == {"a", "7"}
    assert out.read_text(encoding="utf-8") == '{"id": "a"}\nnot json\n{"id": 7}\n'
    assert existing_ids(str(tmp_path / "missing.jsonl")) == set()


# -- jobs and timeout -------------------------------------------------------------------------------------------
def test_jobs_give_the_same_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = ROOT / "corpora" / "invest_corpus.jsonl"
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(corpus), "-o", str(one)]) == EXIT_OK
    assert main(["extract", str(corpus), "-o", str(two), "--jobs", "2"]) == EXIT_OK
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patches code the worker must inherit")
def test_timeout_reports_the_document_and_writes_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    import time

    real = Extractor._extract_item

    def item(self: Extractor, it: Any) -> Any:
        if it["text"] == "HANG":
            time.sleep(3600)
        return real(self, it)

    monkeypatch.setattr(Extractor, "_extract_item", item)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": RELEASE}, {"id": "stuck", "text": "HANG"},
                                              {"id": "c", "text": "投资1亿元"}])
    out = tmp_path / "out.jsonl"
    code, _, errors = run(capsys, str(src), "-o", str(out), "--timeout", "1")
    assert code == EXIT_PARTIAL
    assert [d["id"] for d in jsonl(out)] == ["a", "c"]
    assert errors == [f"error: {src}:2: id 'stuck': extraction took longer than 1 s"]
    assert jsonl(Path(str(out) + ".errors.jsonl"))[0]["id"] == "stuck"


def test_an_extraction_bug_fails_only_its_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    real = Extractor._extract_item

    def item(self: Extractor, it: Any) -> Any:
        if it["id"] == "boom":
            raise IndexError("string index out of range")
        return real(self, it)

    monkeypatch.setattr(Extractor, "_extract_item", item)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "boom", "text": RELEASE}, {"id": "ok", "text": RELEASE}])
    code, docs, errors = run(capsys, str(src))
    assert (code, [d["id"] for d in docs]) == (EXIT_PARTIAL, ["ok"])
    assert errors == [f"error: {src}:1: id 'boom': IndexError: string index out of range"]


# -- the reader as a library ------------------------------------------------------------------------------------
def test_read_inputs_yields_records_and_errors_in_order(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(RELEASE, encoding="utf-8")
    items = list(read_inputs([str(a), str(tmp_path / "nope.txt"), str(a)]))
    assert isinstance(items[0], InputRecord) and items[0].id == "a" and items[0].text == RELEASE
    assert items[1] == InputError(str(tmp_path / "nope.txt"), 0, "no such file")
    assert isinstance(items[2], InputError) and "duplicate id 'a'" in items[2].message
    assert str(items[1]) == f"{tmp_path / 'nope.txt'}: no such file"


def test_with_text_output_feeds_convert_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``extract --with-text`` writes the full ANNOTATION.md shape, which ``convert`` and ``report`` read."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "r1", "text": RELEASE, "url": "u"}, ensure_ascii=False) + "\n", encoding="utf-8")
    results = tmp_path / "results.jsonl"
    assert main(["extract", str(src), "--with-text", "-o", str(results), "-q"]) == EXIT_OK
    record = json.loads(results.read_text(encoding="utf-8"))
    assert list(record) == ["id", "published", "url", "text", "mentions", "events"]
    assert all(record["text"][m["start"]:m["end"]] == m["text"] for m in record["mentions"])
    tasks = tmp_path / "tasks.json"
    assert main(["convert", str(results), "--to", "labelstudio", "-o", str(tasks), "-q"]) == EXIT_OK
    assert json.loads(tasks.read_text(encoding="utf-8"))[0]["data"]["text"] == RELEASE
    page = tmp_path / "report.html"
    assert main(["report", str(results), "-o", str(page), "-q"]) == EXIT_OK
    assert "1104.08亿元" in page.read_text(encoding="utf-8")
    capsys.readouterr()
    code, lines, _ = run(capsys, str(src))
    assert code == EXIT_OK and "text" not in lines[0]  # without the option the text is not repeated


def test_an_undecodable_line_names_the_byte_utf8_failed_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id":"x","text":"\xe6\x80\xbb\xff\xfe"}\n{"id":"y","text":"ok"}\n')
    items = list(read_inputs([str(bad)]))
    assert isinstance(items[0], InputError) and str(items[0]) == f"{bad}:1: cannot decode (byte 0xff at column 22)"
    assert isinstance(items[1], InputRecord) and items[1].id == "y"
