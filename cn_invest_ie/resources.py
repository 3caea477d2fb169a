"""Loading the package's data files (``cn_invest_ie/data``). Nothing is read until a loader is called."""

from __future__ import annotations

from importlib import resources


class DataFileError(ValueError):
    """A data file that does not have the expected shape; the message names the file and line."""


def read_rows(name: str, columns: int) -> list[tuple[str, ...]]:
    """Rows of ``data/<name>``: tab-separated, ``#`` comment lines and blank lines skipped.

    Each row is padded or checked to ``columns`` fields (trailing empty notes may be omitted).
    """
    text = resources.files("cn_invest_ie").joinpath("data", name).read_text(encoding="utf-8")
    rows: list[tuple[str, ...]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < columns - 1 or len(fields) > columns or not fields[0]:
            raise DataFileError(f"data/{name}:{lineno}: expected {columns} tab-separated fields, got {len(fields)}")
        fields += [""] * (columns - len(fields))
        rows.append(tuple(fields))
    return rows


def read_word_lists(name: str) -> dict[str, tuple[str, ...]]:
    """A ``kind<TAB>word<TAB>note`` file as word lists by kind, each longest word first (for alternations)."""
    out: dict[str, list[str]] = {}
    for kind, word, _note in read_rows(name, 3):
        out.setdefault(kind, []).append(word)
    return {kind: tuple(sorted(words, key=len, reverse=True)) for kind, words in out.items()}
