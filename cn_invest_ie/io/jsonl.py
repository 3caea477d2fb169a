"""Input documents from ``.txt`` and ``.jsonl`` files or stdin; JSON lines out.

Reading never stops at a bad document: each problem is yielded as an :class:`InputError` naming the file and
line, and the other documents still come through.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

_META_KEYS = ("id", "text", "published", "mentions", "events")


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
    """A document that could not be read; ``message`` is one line naming the file and line."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (BOM allowed), else GB18030 (covers GBK/GB2312). Returns (text, encoding).

    Raises ``UnicodeDecodeError`` when neither fits, ``ValueError`` for binary data (NUL bytes).
    """
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("binary file (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def _record_from_json(obj: Any, source: str, lineno: int, seen: set[str]) -> InputRecord | InputError:
    if not isinstance(obj, dict):
        return InputError(source, lineno, f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        return InputError(source, lineno, "missing 'text' (a string)" if text is None else "'text' is not a string")
    doc_id = obj.get("id")
    doc_id = f"{Path(source).stem}:{lineno}" if doc_id is None else str(doc_id)
    if doc_id in seen:
        return InputError(source, lineno, f"duplicate id {doc_id!r}")
    seen.add(doc_id)
    published = obj.get("published")
    extra = {k: v for k, v in obj.items() if k not in _META_KEYS}
    return InputRecord(doc_id, text, str(published) if published else None, source, lineno, extra)


def _read_jsonl_lines(lines: Iterable[str], source: str, seen: set[str]) -> Iterator[InputRecord | InputError]:
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(source, lineno, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        yield _record_from_json(obj, source, lineno, seen)


def read_inputs(paths: Iterable[str], stdin: IO[str] | None = None) -> Iterator[InputRecord | InputError]:
    """Documents from each path: ``.jsonl``/``.json`` one per line, any other file one document (id = stem).

    ``-`` reads standard input (JSON lines when it starts with ``{``, else one text document). Directories are
    read file by file (``*.txt``, ``*.jsonl``).
    """
    seen: set[str] = set()
    for p in paths:
        if p == "-":
            stream = stdin or sys.stdin
            data = stream.read()
            if data.lstrip().startswith("{"):
                yield from _read_jsonl_lines(data.splitlines(), "<stdin>", seen)
            elif data.strip():
                yield _record_from_json({"id": "stdin", "text": data}, "<stdin>", 0, seen)
            else:
                yield InputError("<stdin>", 0, "empty input")
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.iterdir() if f.suffix in (".txt", ".jsonl") and f.is_file())
            if not files:
                yield InputError(p, 0, "directory holds no .txt or .jsonl files")
            yield from read_inputs([str(f) for f in files], stdin)
            continue
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            yield InputError(p, 0, "no such file")
            continue
        except OSError as exc:
            yield InputError(p, 0, f"cannot read ({exc.strerror})")
            continue
        try:
            text, _enc = decode_bytes(raw)
        except (UnicodeDecodeError, ValueError) as exc:
            yield InputError(p, 0, f"not a text file: {exc}")
            continue
        if path.suffix in (".jsonl", ".json", ".ndjson"):
            if not text.strip():
                yield InputError(p, 0, "empty file")
            yield from _read_jsonl_lines(text.splitlines(), p, seen)
        elif not text.strip():
            yield InputError(p, 0, "empty file")
        else:
            yield _record_from_json({"id": path.stem, "text": text}, p, 0, seen)


def write_jsonl_line(obj: dict[str, Any], out: IO[str]) -> None:
    """One JSON object on one line (UTF-8 text, exact numbers), flushed so no half line is ever left."""
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()
