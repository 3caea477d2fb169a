"""Small fixed regular expressions, compiled on first use and kept (nothing is compiled at import)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex


@lru_cache(maxsize=256)
def pattern(source: str) -> regex.Pattern[str]:
    """The compiled pattern for ``source`` (a literal in the code, never user input)."""
    return regex.compile(source)


def finditer_in_clauses(rx: regex.Pattern[str], text: str, anchors: tuple[str, ...],
                        reach: int) -> Iterator[regex.Match[str]]:
    """The matches ``rx.finditer(text)`` gives, for a pattern whose matches never contain a clause separator
    (，。；,;) and always start at most ``reach`` characters before one of the ``anchors`` words.

    Only clauses holding an anchor are searched, from ``reach`` characters before the first one (the separator
    that ends a clause is searched with it, so a look-ahead still sees it): a speed-up, never a change of result.
    """
    find_anchor = _alternation(anchors).search
    for clause in pattern(r"[^，。；,;]+[，。；,;]?").finditer(text):
        start, end = clause.span()
        anchor = find_anchor(text, start, end)
        if anchor is not None:
            yield from rx.finditer(text, max(start, anchor.start() - reach), end)


def compile_words(words: Iterable[str], *, at_end: bool = False) -> regex.Pattern[str]:
    """A pattern matching any of ``words``, the longest first where several match at one position; with ``at_end``
    the word must end where the search window ends (``search(text, pos, endpos)``: a word right before ``endpos``).
    No words: a pattern that never matches. Callers keep the result (it is compiled on each call)."""
    alts = "|".join(map(regex.escape, sorted(set(words), key=len, reverse=True)))
    if not alts:
        return regex.compile(r"(?!)")
    return regex.compile(rf"(?:{alts})\Z" if at_end else alts)


@lru_cache(maxsize=64)
def _alternation(words: tuple[str, ...]) -> regex.Pattern[str]:
    return compile_words(words)
