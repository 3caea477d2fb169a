"""Output writers by format name. ``open_writer(path, fmt)`` returns a writer with ``write(record, text)`` and
``close()``.

``record`` is ``Document.to_dict()`` plus the input's other keys; ``text`` is the document text the record's offsets
index (table writers quote the event's sentence from it; the JSONL writer never writes it, so the JSONL shape stays
the ANNOTATION.md one without ``text``). Formats: ``jsonl`` (one document per line), ``csv`` and ``xlsx`` (one row per
event, see :mod:`cn_invest_ie.io.tables`). Also :class:`Progress`, the stderr progress bar the commands share.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Protocol, TypeVar


class Writer(Protocol):
    def write(self, record: dict[str, Any], text: str | None = None) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    """One JSON object per line, flushed after each line so an interrupted run never leaves half a line."""

    def __init__(self, path: str) -> None:
        self._own = path != "-"
        self._out: IO[str] = open(path, "w", encoding="utf-8") if self._own else sys.stdout

    def write(self, record: dict[str, Any], text: str | None = None) -> None:
        self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._out.flush()

    def close(self) -> None:
        if self._own:
            self._out.close()


def _csv_writer(path: str) -> Writer:
    from cn_invest_ie.io.tables import CsvWriter

    return CsvWriter(path)


def _xlsx_writer(path: str) -> Writer:
    from cn_invest_ie.io.tables import XlsxWriter

    return XlsxWriter(path)


WRITERS: dict[str, Callable[[str], Writer]] = {"jsonl": JsonlWriter, "csv": _csv_writer, "xlsx": _xlsx_writer}

_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}


class UnknownFormatError(ValueError):
    """An output format no writer is registered for."""


def format_for_path(path: str, fmt: str | None = None) -> str:
    """``fmt`` when given, else the format the output file's suffix names (``.csv``, ``.xlsx``), else ``jsonl``."""
    if fmt:
        return fmt
    lower = path.lower()
    for suffix, name in _SUFFIXES.items():
        if lower.endswith(suffix):
            return name
    return "jsonl"


def open_writer(path: str, fmt: str | None = "jsonl") -> Writer:
    """A writer for ``fmt`` writing to ``path`` (``-`` for stdout); ``fmt=None`` picks it from the suffix."""
    fmt = format_for_path(path, fmt)
    factory = WRITERS.get(fmt)
    if factory is None:
        raise UnknownFormatError(f"unknown output format {fmt!r}; known: {', '.join(sorted(WRITERS))}")
    return factory(path)


T = TypeVar("T")


class Progress:
    """A one-line progress bar on stderr, drawn at most ten times a second.

    Silent when ``quiet`` or when stderr is not a terminal, so logs and pipes never see it. ``total`` may be
    unknown (``None``): then only the count and rate are shown.
    """

    def __init__(self, total: int | None = None, *, label: str = "", quiet: bool = False,
                 stream: IO[str] | None = None, min_interval: float = 0.1) -> None:
        self.stream = stream or sys.stderr
        self.enabled = not quiet and _isatty(self.stream)
        self.total, self.label, self.count = total, label, 0
        self._start = self._last = time.monotonic()
        self._min_interval = min_interval
        self._drawn = False

    def update(self, n: int = 1) -> None:
        self.count += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= self._min_interval or (self.total is not None and self.count >= self.total):
            self._last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.count / max(now - self._start, 1e-9)
        if self.total:
            frac = min(self.count / self.total, 1.0)
            bar = "#" * int(frac * 30)
            line = f"{self.label} [{bar:<30}] {self.count}/{self.total} {rate:.1f}/s"
        else:
            line = f"{self.label} {self.count} {rate:.1f}/s"
        self.stream.write("\r" + line.strip())
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self.enabled and self._drawn:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def iter(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, counting each; closes the bar at the end."""
        try:
            for item in items:
                yield item
                self.update()
        finally:
            self.close()


def _isatty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
