"""Input documents from ``.txt``, ``.jsonl``/``.json``, ``.html`` files or stdin; JSON lines out.

Reading never stops at a bad document: each problem is yielded as an :class:`InputError` naming the file and
line, and the other documents still come through. JSONL is read line by line (a file of any size in bounded
memory); only ``\\n`` ends a line (JSON strings may hold U+2028). Text is decoded as UTF-8 (any BOM), else
GB18030 (GBK, GB2312: pages saved on Chinese Windows), else Big5; what fits none of them is an error naming the
first bad byte, never mojibake.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

_META_KEYS = ("id", "text", "published", "mentions", "events")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF_BYTES = 8192
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class InputRecord:
    """One document to extract: ``extra`` keeps the input's other keys (``url``...) for the output."""

    id: str
    text: str
    published: str | None = None
    source: str = ""
    line: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InputError:
    """A document that could not be read; ``message`` is one line naming the file and line (``line`` is 0 for an
    error of the whole file); ``doc_id`` is the document's id when the record stated one."""

    source: str
    line: int
    message: str
    doc_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


# -- decoding -----------------------------------------------------------------------------------------------------
def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file; returns ``(text, encoding)``.

    A BOM (UTF-8, UTF-16, UTF-32) decides; else UTF-8 (a last character cut off by truncation becomes U+FFFD);
    else GB18030 (covers GBK and GB2312) when the result reads as Chinese; else Big5. Raises ``ValueError`` for
    binary data (NUL bytes) and ``UnicodeDecodeError`` (UTF-8's, naming the first bad byte) when nothing fits.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec), codec
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.reason == "unexpected end of data" and utf8_error.end == len(data):
        return data[: utf8_error.start].decode("utf-8") + "\ufffd", "utf-8"  # truncated mid-character
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec != "gb18030" or _reads_as_gb(text):
            return text, codec
    raise utf8_error


def _reads_as_gb(text: str) -> bool:
    """GB18030 decodes most byte strings; real GBK text is mostly GB2312 characters, UTF-8 or Big5 misread is not."""
    sample = [c for c in text[:20_000] if not c.isascii()][:4000]
    if not sample:
        return True
    common = 0
    for c in sample:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.8 * len(sample)


def describe_decode_error(exc: UnicodeDecodeError) -> str:
    """One line for a file nothing could decode."""
    if exc.encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
        return f"cannot decode as {exc.encoding} (as its byte-order mark says): {exc.reason} at offset {exc.start}"
    bad = exc.object[exc.start : exc.start + 1]
    byte = f"0x{bad[0]:02x}" if bad else "end of data"
    return f"cannot decode: not UTF-8 (byte {byte} at offset {exc.start}), GB18030 or Big5"


def _decode_line(raw: bytes, encoding: str | None) -> tuple[str, str | None]:
    """A JSONL line's text and the file's encoding (decided by its first non-ASCII line)."""
    if raw.isascii():
        return raw.decode("ascii"), encoding
    if encoding is not None:
        return raw.decode(encoding), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as as_utf8:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise as_utf8 from None  # neither: report the byte UTF-8 failed on (the usual encoding)
        if not _reads_as_gb(text):
            raise
        return text, "gb18030"


# -- records ------------------------------------------------------------------------------------------------------
def _clean(obj: Any) -> Any:
    """Lone surrogates from ``\\ud800`` escapes become U+FFFD (same length, so offsets hold; UTF-8 can write it)."""
    if isinstance(obj, str):
        return _SURROGATE.sub("\ufffd", obj)
    if isinstance(obj, dict):
        return {_clean(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def _record_from_json(
    obj: Any, source: str, lineno: int, seen: dict[str, str], default_id: str,
) -> InputRecord | InputError:
    if not isinstance(obj, dict):
        return InputError(source, lineno, f"expected a JSON object, got {_json_type(obj)}")
    text = obj.get("text")
    if not isinstance(text, str):
        what = "missing 'text'" if text is None else f"'text' is {_json_type(text)}, not a string"
        stated = obj.get("id")
        return InputError(source, lineno, what, str(stated) if isinstance(stated, (str, int)) else None)
    doc_id = obj.get("id")
    if doc_id is None:
        doc_id = default_id
    elif isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        return InputError(source, lineno, f"'id' is {_json_type(doc_id)}, not a string")
    doc_id = str(doc_id)
    if not doc_id.strip():
        return InputError(source, lineno, "'id' is empty")
    published = obj.get("published")
    if isinstance(published, int) and not isinstance(published, bool):
        published = str(published)
    elif published is not None and not isinstance(published, str):
        return InputError(source, lineno, f"'published' is {_json_type(published)}, not a date string", doc_id)
    where = f"{source}:{lineno}" if lineno else source
    first = seen.get(doc_id)
    if first is not None:
        return InputError(source, lineno, f"duplicate id {doc_id!r} (first at {first})", doc_id)
    seen[doc_id] = where
    extra = {k: v for k, v in obj.items() if k not in _META_KEYS}
    return InputRecord(doc_id, text, published or None, source, lineno, extra)


def _json_type(v: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(v), type(v).__name__)


def _parse_json_line(line: str) -> Any:
    obj = json.loads(line.rstrip("\r\n"))
    return _clean(obj) if _SURROGATE_ESCAPE.search(line) else obj


def _json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        at = "" if exc.msg.endswith(" at") else " at"
        return f"invalid JSON ({exc.msg}{at} column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "invalid JSON (nested too deeply)"
    return f"invalid JSON ({' '.join(str(exc).split())[:200]})"


def _jsonl_from_lines(
    lines: Iterable[tuple[int, str | InputError, bool]], source: str, seen: dict[str, str],
) -> Iterator[InputRecord | InputError]:
    """Records from ``(lineno, text or decoding error, is_last_without_newline)``."""
    stem = Path(source).stem
    for lineno, line, torn in lines:
        if isinstance(line, InputError):
            yield line
            continue
        try:
            obj = _parse_json_line(line)
        except (ValueError, RecursionError) as exc:
            hint = " - the last line has no newline: truncated?" if torn else ""
            yield InputError(source, lineno, _json_error(exc) + hint)
            continue
        yield _record_from_json(obj, source, lineno, seen, f"{stem}:{lineno}")


def _text_lines(text: str) -> Iterator[tuple[int, str | InputError, bool]]:
    lines = text.split("\n")
    last = len(lines)
    for lineno, line in enumerate(lines, 1):
        if line.strip():
            yield lineno, line, lineno == last and len(lines) > 1


def _file_lines(f: IO[bytes], source: str) -> Iterator[tuple[int, str | InputError, bool]]:
    encoding: str | None = None
    for lineno, raw in enumerate(f, 1):
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        torn = not raw.endswith(b"\n")
        try:
            line, encoding = _decode_line(raw, encoding)
        except UnicodeDecodeError as exc:
            as_what = f"as {encoding.upper()} " if encoding else ""
            msg = f"cannot decode {as_what}(byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
            yield lineno, InputError(source, lineno, msg), torn
            continue
        yield lineno, line, torn


# -- files --------------------------------------------------------------------------------------------------------
def _read_jsonl_file(path: Path, source: str, seen: dict[str, str]) -> Iterator[InputRecord | InputError]:
    with path.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
        if not head.strip():
            yield InputError(source, 0, "empty file")
            return
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # UTF-16/32 JSONL: decode it whole
            try:
                text, _ = decode_bytes(head + f.read())
            except UnicodeDecodeError as exc:
                yield InputError(source, 0, f"cannot decode ({exc.reason} at offset {exc.start})")
                return
            yield from _jsonl_from_lines(_text_lines(text), source, seen)
            return
        if b"\x00" in head:
            yield InputError(source, 0, "binary file (NUL bytes), not JSON lines")
            return
        if path.suffix.lower() == ".json":
            whole = _whole_json(head + f.read(), source, seen)
            if whole is not None:
                yield from whole
                return
        f.seek(0)
        n = 0
        for item in _jsonl_from_lines(_file_lines(f, source), source, seen):
            n += 1
            yield item
        if n == 0:
            yield InputError(source, 0, "empty file")


def _whole_json(data: bytes, source: str, seen: dict[str, str]) -> list[InputRecord | InputError] | None:
    """A ``.json`` file holding one object or an array of objects; ``None`` when it is JSON lines instead."""
    try:
        text, _ = decode_bytes(data)
        obj = _parse_json_line(text)
    except (ValueError, RecursionError):
        return None
    stem = Path(source).stem
    if isinstance(obj, list):
        if not obj:
            return [InputError(source, 0, "empty JSON array")]
        return [_record_from_json(o, f"{source}[{i}]", 0, seen, f"{stem}:{i}") for i, o in enumerate(obj)]
    return [_record_from_json(obj, source, 0, seen, stem)]


def _read_text_file(path: Path, source: str, seen: dict[str, str]) -> InputRecord | InputError:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return InputError(source, 0, f"cannot read ({exc.strerror or exc})")
    try:
        text, _ = decode_bytes(raw)
    except UnicodeDecodeError as exc:
        return InputError(source, 0, describe_decode_error(exc))
    except ValueError as exc:
        return InputError(source, 0, str(exc))
    if not text.strip():
        return InputError(source, 0, "empty file")
    return _record_from_json({"id": path.stem, "text": text}, source, 0, seen, path.stem)


def _read_html(source: str, seen: dict[str, str]) -> InputRecord | InputError:
    import importlib

    try:
        html = importlib.import_module("cn_invest_ie.io.html")
    except ImportError as exc:
        return InputError(source, 0, f"HTML support is not installed ({exc})")
    try:
        rec = html.read_html_file(source)
    except Exception as exc:  # a reader bug must not stop the other documents
        return InputError(source, 0, f"cannot read HTML ({type(exc).__name__}: {' '.join(str(exc).split())})")
    if isinstance(rec, InputRecord):
        first = seen.get(rec.id)
        if first is not None:
            return InputError(source, 0, f"duplicate id {rec.id!r} (first at {first})", rec.id)
        seen[rec.id] = source
    return rec


def _read_stdin(stream: IO[str] | None, seen: dict[str, str]) -> Iterator[InputRecord | InputError]:
    source = "<stdin>"
    if stream is None:
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:
            data = sys.stdin.read()
        else:
            try:
                data, _ = decode_bytes(buffer.read())
            except UnicodeDecodeError as exc:
                yield InputError(source, 0, describe_decode_error(exc))
                return
            except ValueError as exc:
                yield InputError(source, 0, str(exc))
                return
    else:
        data = stream.read()
    if data.lstrip().startswith("{"):
        yield from _jsonl_from_lines(_text_lines(data), source, seen)
    elif data.strip():
        yield _record_from_json({"id": "stdin", "text": _SURROGATE.sub("\ufffd", data)}, source, 0, seen, "stdin")
    else:
        yield InputError(source, 0, "empty input")


def read_inputs(
    paths: Iterable[str], stdin: IO[str] | None = None, *, exclude: Iterable[str] = (),
) -> Iterator[InputRecord | InputError]:
    """Documents from each path, in order: ``.jsonl``/``.ndjson`` one per line, ``.json`` an object, an array or
    lines, ``.html``/``.htm`` the page's article, any other file one text document (id = file stem).

    ``-`` reads standard input (JSON lines when it starts with ``{``, else one text document). A directory is read
    file by file (its ``.txt``, ``.jsonl``, ``.json``, ``.ndjson``, ``.html``, ``.htm`` files, not hidden ones,
    not ``exclude``). Ids are unique across all paths: a repeated id is an error.
    """
    seen: dict[str, str] = {}
    excluded = {_resolved(p) for p in exclude}
    yield from _read_paths(paths, stdin, seen, excluded)


def _resolved(p: str) -> str:
    try:
        return str(Path(p).resolve())
    except OSError:
        return p


def _read_paths(
    paths: Iterable[str], stdin: IO[str] | None, seen: dict[str, str], excluded: set[str],
) -> Iterator[InputRecord | InputError]:
    readable = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES
    for p in paths:
        if p == "-":
            yield from _read_stdin(stdin, seen)
            continue
        path = Path(p)
        suffix = path.suffix.lower()
        try:
            if path.is_dir():
                files = sorted(str(f) for f in path.iterdir()
                               if f.suffix.lower() in readable and not f.name.startswith(".") and f.is_file()
                               and _resolved(str(f)) not in excluded)
                if not files:
                    yield InputError(p, 0, "directory holds no .txt, .jsonl, .json or .html files")
                yield from _read_paths(files, stdin, seen, excluded)
                continue
            if not path.exists():
                yield InputError(p, 0, "no such file")
                continue
            if not path.is_file():
                yield InputError(p, 0, "not a regular file")
                continue
            if suffix in HTML_SUFFIXES:
                yield _read_html(p, seen)
            elif suffix in JSONL_SUFFIXES:
                yield from _read_jsonl_file(path, p, seen)
            else:
                yield _read_text_file(path, p, seen)
        except OSError as exc:
            yield InputError(p, 0, f"cannot read ({exc.strerror or exc})")


# -- output -------------------------------------------------------------------------------------------------------
def write_jsonl_line(obj: dict[str, Any], out: IO[str]) -> None:
    """One JSON object on one line (UTF-8 text, exact numbers), flushed so no half line is ever left."""
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()


def existing_ids(path: str) -> set[str]:
    """Ids of the documents already in a JSONL output file, for resuming a run (``--skip-existing``).

    A last line cut off by an interrupted run (no newline) is removed from the file, so appending starts on a
    fresh line; other lines that are not JSON objects with an ``id`` are ignored. A missing file gives no ids.
    """
    ids: set[str] = set()
    try:
        f = open(path, "r+b")
    except FileNotFoundError:
        return ids
    with f:
        for raw in f:
            try:
                obj = json.loads(raw)
            except (ValueError, RecursionError):
                obj = None
            if not raw.endswith(b"\n"):  # the last line
                if isinstance(obj, dict):
                    f.write(b"\n")  # complete, only its newline is missing
                else:
                    f.seek(-len(raw), 2)
                    f.truncate()
                    break
            if isinstance(obj, dict) and obj.get("id") is not None:
                ids.add(str(obj["id"]))
    return ids


class JsonlAppendWriter:
    """Appends JSON lines to a file, each flushed whole (the ``--skip-existing`` writer)."""

    def __init__(self, path: str) -> None:
        self._out: IO[str] = open(path, "a", encoding="utf-8")

    def write(self, record: dict[str, Any], text: str | None = None) -> None:
        write_jsonl_line(record, self._out)

    def close(self) -> None:
        self._out.close()
