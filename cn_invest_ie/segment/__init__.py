"""Word segmentation behind one interface: rjieba (Rust port) when installed, else jieba, else characters.

Each :class:`Segmenter` owns its tokenizer instance; nothing global is created or loaded at import.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, Protocol


class Segmenter(Protocol):
    """Splits text into words; ``tokenize`` yields ``(word, start, end)`` with code-point offsets."""

    name: str

    def tokenize(self, text: str) -> Iterator[tuple[str, int, int]]: ...

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``(word, part-of-speech)`` pairs (jieba's tag set; ``x`` when unknown)."""
        ...


def _rjieba_class() -> Any:
    """rjieba's ``Jieba`` class, loaded from its extension module without running the package ``__init__``, which
    builds a global default instance (a second dictionary load, ~0.2 s, that we never use). Falls back to the
    ordinary import when the extension cannot be located."""
    import importlib.machinery
    import importlib.util

    spec = importlib.util.find_spec("rjieba")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in locations:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "rjieba" + suffix)
            if os.path.exists(path):
                ext = importlib.util.spec_from_file_location("rjieba.rjieba", path)
                if ext is not None and ext.loader is not None:
                    module = importlib.util.module_from_spec(ext)
                    ext.loader.exec_module(module)
                    return module.Jieba
    import rjieba

    return rjieba.Jieba


def _spans(words: list[str]) -> Iterator[tuple[str, int, int]]:
    pos = 0
    for w in words:
        yield w, pos, pos + len(w)
        pos += len(w)


class RJiebaSegmenter:
    """jieba-rs through the ``rjieba`` binding, one private ``Jieba`` instance."""

    name = "rjieba"

    def __init__(self) -> None:
        self._jieba: Any = None

    def _instance(self) -> Any:
        if self._jieba is None:
            self._jieba = _rjieba_class()()
        return self._jieba

    def tokenize(self, text: str) -> Iterator[tuple[str, int, int]]:
        return _spans(self._instance().cut(text))

    def tag(self, text: str) -> list[tuple[str, str]]:
        return [(w, p) for w, p in self._instance().tag(text)]


class JiebaSegmenter:
    """Python jieba with a private ``Tokenizer`` (not the module-global ``jieba.dt``), logging left alone."""

    name = "jieba"

    def __init__(self) -> None:
        self._cut: Callable[..., list[str]] | None = None
        self._pos: Any = None

    def tokenize(self, text: str) -> Iterator[tuple[str, int, int]]:
        if self._cut is None:
            import jieba

            self._cut = jieba.Tokenizer().lcut
        return _spans(self._cut(text, HMM=True))

    def tag(self, text: str) -> list[tuple[str, str]]:
        if self._pos is None:
            import jieba
            import jieba.posseg

            self._pos = jieba.posseg.POSTokenizer(jieba.Tokenizer())
        return [(p.word, p.flag) for p in self._pos.lcut(text)]


class CharSegmenter:
    """One word per character: a dependency-free fallback for tests."""

    name = "char"

    def tokenize(self, text: str) -> Iterator[tuple[str, int, int]]:
        return ((c, i, i + 1) for i, c in enumerate(text))

    def tag(self, text: str) -> list[tuple[str, str]]:
        return [(c, "x") for c in text]


def default_segmenter() -> Segmenter:
    """rjieba when installed, else jieba, else characters (checked without importing either)."""
    from importlib.util import find_spec

    if find_spec("rjieba") is not None:
        return RJiebaSegmenter()
    if find_spec("jieba") is not None:
        return JiebaSegmenter()
    return CharSegmenter()


__all__ = ["CharSegmenter", "JiebaSegmenter", "RJiebaSegmenter", "Segmenter", "default_segmenter"]
