"""Output writers by format name. ``open_writer(path, fmt)`` returns a writer with ``write(record)`` and ``close()``.

Formats: ``jsonl`` (the ANNOTATION.md shape, one document per line). Other formats register themselves in
``WRITERS`` (see ``cn_invest_ie.io.tables`` for csv/xlsx).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import IO, Any, Protocol


class Writer(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    """One JSON object per line, flushed after each line so an interrupted run never leaves half a line."""

    def __init__(self, path: str) -> None:
        self._own = path != "-"
        self._out: IO[str] = open(path, "w", encoding="utf-8") if self._own else sys.stdout

    def write(self, record: dict[str, Any]) -> None:
        self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._out.flush()

    def close(self) -> None:
        if self._own:
            self._out.close()


WRITERS: dict[str, Callable[[str], Writer]] = {"jsonl": JsonlWriter}


class UnknownFormatError(ValueError):
    """An output format no writer is registered for."""


def open_writer(path: str, fmt: str = "jsonl") -> Writer:
    """A writer for ``fmt`` writing to ``path`` (``-`` for stdout)."""
    factory = WRITERS.get(fmt)
    if factory is None:
        raise UnknownFormatError(f"unknown output format {fmt!r}; known: {', '.join(sorted(WRITERS))}")
    return factory(path)
