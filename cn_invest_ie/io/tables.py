"""Analyst tables: one row per event, as CSV (UTF-8 with BOM, so Excel shows Chinese) or XLSX (openpyxl).

Columns (:data:`COLUMNS`): the document (``id``, ``published``, ``url``), the event (``event`` = its 1-based
number in the document, ``kind``, ``stage``), where (``place``, ``place_code``, ``place_parents`` = the enclosing
regions, province first, joined by ``/``), what (``project``, ``investor``, ``project_count``), how much
(``amount`` in the currency's base unit — 元 for CNY —, ``amount_yi`` in 亿 of it, both exact decimal strings from
``Decimal``, never through a float; ``currency``), ``date``, and the source sentence (``sentence_start``,
``sentence_end``: code-point offsets into the text; ``sentence``: the text slice, outer whitespace stripped).

Text cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``) get a leading
``'``; XLSX cells lose the control characters the file format cannot hold; ids and codes stay text.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

COLUMNS: tuple[str, ...] = (
    "id", "published", "url", "event", "kind", "stage", "place", "place_code", "place_parents", "project",
    "investor", "project_count", "amount", "amount_yi", "currency", "date", "sentence_start", "sentence_end",
    "sentence",
)
_NUMERIC = frozenset({"event", "project_count", "amount", "amount_yi", "sentence_start", "sentence_end"})
_YI = Decimal(100_000_000)


def exact_decimal(value: Any) -> Decimal | None:
    """The JSON number ``value`` as a Decimal via its shortest repr (so ``1104.08`` stays ``1104.08``)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def plain(d: Decimal) -> str:
    """``d`` in positional notation without trailing zeros: ``Decimal('1.10E+3')`` -> ``'1100'``."""
    return format(d.normalize(), "f")


def event_rows(record: dict[str, Any], text: str | None = None) -> Iterator[dict[str, Any]]:
    """One row per event of ``record`` (``Document.to_dict()`` plus input keys); amounts as ``Decimal``.

    ``text`` (or ``record["text"]``) supplies the sentence; without it the sentence cell is empty.
    """
    text = text if text is not None else record.get("text")
    by_code: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}  # zones have no division code but do have parents
    for m in record.get("mentions") or ():
        if m.get("label") == "PLACE":
            if m.get("code"):
                by_code.setdefault(str(m["code"]), list(m.get("parents") or ()))
            if m.get("value"):
                by_name.setdefault(str(m["value"]), list(m.get("parents") or ()))
    url = record.get("url") or record.get("source_url")
    for i, ev in enumerate(record.get("events") or (), 1):
        amount = exact_decimal(ev.get("amount"))
        sentence = ev.get("sentence") or None
        s_start, s_end = (sentence[0], sentence[1]) if sentence else (None, None)
        code = ev.get("place_code")
        yield {
            "id": record.get("id"), "published": record.get("published"), "url": url, "event": i,
            "kind": ev.get("kind"), "stage": ev.get("stage"), "place": ev.get("place"),
            "place_code": code,
            "place_parents": "/".join(by_code.get(str(code)) or by_name.get(str(ev.get("place")), [])) or None,
            "project": ev.get("project"), "investor": ev.get("investor"), "project_count": ev.get("project_count"),
            "amount": amount, "amount_yi": amount / _YI if amount is not None else None,
            "currency": ev.get("currency"), "date": ev.get("date"),
            "sentence_start": s_start, "sentence_end": s_end,
            "sentence": text[s_start:s_end].strip() if text is not None and s_start is not None else None,
        }


def _safe_text(value: Any) -> str:
    s = str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s


def csv_cells(row: dict[str, Any]) -> list[str]:
    """The row's cells as CSV strings: exact decimals, empty for ``None``, formula-safe text."""
    out: list[str] = []
    for col in COLUMNS:
        v = row.get(col)
        if v is None:
            out.append("")
        elif isinstance(v, Decimal):
            out.append(plain(v))
        elif col in _NUMERIC:
            out.append(str(v))
        else:
            out.append(_safe_text(v))
    return out


class CsvWriter:
    """CSV with a header row, UTF-8 with BOM (``utf-8-sig``) so Excel opens Chinese correctly; ``-`` is stdout."""

    def __init__(self, path: str) -> None:
        self._own = path != "-"
        if self._own:
            self._out: IO[str] = open(path, "w", encoding="utf-8-sig", newline="")
        elif hasattr(sys.stdout, "buffer"):
            self._out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8-sig", newline="", write_through=True)
        else:  # a replaced stdout (a test's capture): text only, BOM written by hand
            self._out = sys.stdout
            self._out.write("\ufeff")
        self._csv = csv.writer(self._out)
        self._csv.writerow(COLUMNS)

    def write(self, record: dict[str, Any], text: str | None = None) -> None:
        for row in event_rows(record, text):
            self._csv.writerow(csv_cells(row))
        self._out.flush()

    def close(self) -> None:
        if self._own:
            self._out.close()
        elif isinstance(self._out, io.TextIOWrapper) and self._out is not sys.stdout:
            self._out.flush()
            self._out.detach()


class MissingExtraError(ValueError):
    """An optional dependency is not installed; the message names the extra to install."""


class XlsxWriter:
    """An XLSX workbook with one sheet ``events`` (header row frozen, filters on); written on ``close()``.

    Amounts are numeric cells written from their exact decimal string; ids, codes and other text are string cells.
    Needs ``openpyxl`` (``pip install "cn_invest_ie[xlsx]"``).
    """

    def __init__(self, path: str) -> None:
        try:
            from openpyxl import Workbook
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingExtraError('xlsx output needs openpyxl: pip install "cn_invest_ie[xlsx]"') from exc
        self.path = path
        self._wb = Workbook()
        self._ws = self._wb.active
        self._ws.title = "events"
        self._ws.append(list(COLUMNS))
        self._ws.freeze_panes = "A2"
        self._rows = 1

    def write(self, record: dict[str, Any], text: str | None = None) -> None:
        for row in event_rows(record, text):
            self._rows += 1
            for col_idx, col in enumerate(COLUMNS, 1):
                v = row.get(col)
                if v is None:
                    continue
                cell = self._ws.cell(row=self._rows, column=col_idx)
                if isinstance(v, Decimal):
                    cell.value = v
                    if col == "amount_yi":
                        cell.number_format = "0.########"
                    elif col == "amount":
                        cell.number_format = "0"
                elif col in _NUMERIC:
                    cell.value = v
                else:
                    cell.value = xlsx_text(v)
                    cell.data_type = "s"  # never a formula or a number, even for "=..." or "0012"

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        widths = {"sentence": 80, "project": 30, "investor": 24, "place_parents": 16, "id": 20}
        for i, col in enumerate(COLUMNS, 1):
            self._ws.column_dimensions[get_column_letter(i)].width = widths.get(col, 12)
        self._ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{self._rows}"
        if self.path == "-":
            buf = io.BytesIO()
            self._wb.save(buf)
            sys.stdout.buffer.write(buf.getvalue())
            sys.stdout.buffer.flush()
        else:
            self._wb.save(self.path)


def xlsx_text(value: Any) -> str:
    """``value`` as XLSX-safe text: control characters removed (tab and newline kept)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
