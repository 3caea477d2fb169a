"""Small fixed regular expressions, compiled on first use and kept (nothing is compiled at import)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

# The words that say an enterprise builds a project (投资建设, 共同出资兴建): after 由 they end the builder's name.
_BUILD_VERB = r"(?:建设|兴建|新建|打造)"
BUILD_WORDS = rf"(?:共同)?(?:投资|出资){_BUILD_VERB}"
BUILD_WORDS_OPTIONAL = rf"(?:共同)?(?:投资|出资){_BUILD_VERB}?"  # 由某某能源投资: a bare 投资 after 由

# Quantifiers before a project phrase that make it a class of projects, not a named one (签约了一批…项目).
CLASS_QUANTIFIERS = ("一批", "一系列", "多个", "若干")

# A count of items right after a class word (项目412个, 项目超过30个, 企业共20家): the class is counted, not named.
COUNT_AFTER = r"(?:超过|超|近|逾|共有|共|达|约|有)?[0-9一二两三四五六七八九十百千,]+(?:余|多)?(?:个|家|项|批)"


# ``regex``'s \s (Unicode White_Space) spelled out, for a character class that both engines read alike: the standard
# ``re``'s \s also matches \x1c-\x1f.
SPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@lru_cache(maxsize=256)
def pattern(source: str) -> regex.Pattern[str]:
    """The compiled pattern for ``source`` (a literal in the code, never user input)."""
    return regex.compile(source)


@lru_cache(maxsize=64)
def plain_pattern(source: str) -> re.Pattern[str]:
    """``source`` compiled by the standard ``re``: for scans for a character class, which it runs many times faster
    than ``regex`` (``regex`` tests a large class member by member), and for hot patterns that use no syntax the two
    read differently (no \\p{…}, \\s, \\w, \\d, \\b, variable-width look-behind or ``regex`` flags; \\s as
    :data:`SPACE`): ``re`` runs them two to four times faster and with less overhead per call."""
    return re.compile(source)


def char_class(chars: Iterable[str]) -> str:
    """A pattern source for one of ``chars`` (single characters), with runs of consecutive code points as ranges."""
    runs: list[list[int]] = []
    for code in sorted(set(map(ord, chars))):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    if not runs:
        return "(?!)"
    return "[" + "".join(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
                         for lo, hi in runs) + "]"


def finditer_in_clauses(rx: regex.Pattern[str] | re.Pattern[str], text: str, anchors: tuple[str, ...],
                        reach: int) -> Iterator[regex.Match[str] | re.Match[str]]:
    """The matches ``rx.finditer(text)`` gives, for a pattern whose matches never contain a clause separator
    (，。；,;) and always start at most ``reach`` characters before one of the ``anchors`` words.

    Only clauses holding an anchor are searched, from ``reach`` characters before the first one (the separator
    that ends a clause is searched with it, so a look-ahead still sees it): a speed-up, never a change of result.
    The anchors are found by one search over the text; Python steps only through clauses that hold one.
    """
    find_anchor = _alternation(anchors).search
    last_separator = pattern(r"(?r)[，。；,;]").search
    next_separator = plain_pattern(r"[，。；,;]").search
    pos, size = 0, len(text)
    while (anchor := find_anchor(text, pos)) is not None:
        a = anchor.start()
        before = last_separator(text, pos, a)
        start = before.end() if before is not None else pos
        after = next_separator(text, anchor.end())
        end = after.end() if after is not None else size
        yield from rx.finditer(text, max(start, a - reach), end)
        pos = end


def after_last(text: str, chars: str, pos: int, end: int) -> int:
    """``max(pos, *(text.rfind(c, pos, end) + 1 for c in chars))`` for ``0 <= pos``: the offset just after the last of
    ``chars`` in ``text[pos:end]``, else ``pos``; one reverse search instead of one ``rfind`` per character. ``chars``
    holds none of ``]\\^-``."""
    m = pattern(f"(?r)[{chars}]").search(text, pos, end)
    return m.end() if m is not None else pos


def first_of(text: str, chars: str, pos: int, end: int) -> int:
    """``min((i for i in (text.find(c, pos, end) for c in chars) if i != -1), default=end)``: the offset of the first
    of ``chars`` in ``text[pos:end]``, else ``end``; one search. ``chars`` holds none of ``]\\^-``."""
    m = plain_pattern(f"[{chars}]").search(text, pos, end)
    return m.start() if m is not None else end


def compile_words(words: Iterable[str], *, at_end: bool = False) -> regex.Pattern[str]:
    """A pattern matching any of ``words``, the longest first where several match at one position; with ``at_end``
    the word must end where the search window ends (``search(text, pos, endpos)``: a word right before ``endpos``).
    No words: a pattern that never matches. Callers keep the result (it is compiled on each call)."""
    alts = "|".join(map(regex.escape, sorted(set(words), key=len, reverse=True)))
    if not alts:
        return regex.compile(r"(?!)")
    return regex.compile(rf"(?:{alts})\Z" if at_end else alts)


def find_words(words: Iterable[str], text: str, pos: int = 0,
               endpos: int | None = None) -> list[tuple[int, int]]:
    """The spans ``compile_words(words).finditer(text, pos, endpos)`` gives (leftmost, then longest, never
    overlapping), found with ``str.find`` per word: for word sets made per document, where compiling a pattern
    costs more than the search."""
    end = len(text) if endpos is None else endpos
    hits: list[tuple[int, int]] = []
    for word in set(words):
        if not word:
            continue
        size = len(word)
        i = text.find(word, pos, end)
        while i >= 0:
            hits.append((i, -size))
            i = text.find(word, i + 1, end)
    hits.sort()
    spans: list[tuple[int, int]] = []
    last = pos
    for start, neg in hits:
        if start >= last:
            last = start - neg
            spans.append((start, last))
    return spans


@lru_cache(maxsize=64)
def _alternation(words: tuple[str, ...]) -> regex.Pattern[str]:
    return compile_words(words)


class WordEnds:
    """A word list looked up at the start or the end of a string: one slice and one set look-up per distinct word
    length instead of a loop over every word. The answers are those of loops over the words sorted longest first
    (``next(w for w in longest_first if text.endswith(w))``); empty words are ignored."""

    __slots__ = ("words", "lengths")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        self.lengths = tuple(sorted({len(w) for w in self.words}, reverse=True))

    def longest_suffix(self, text: str, keep: int = 0) -> str | None:
        """The longest word that ends ``text`` and leaves at least ``keep`` characters before it, or None."""
        words, most = self.words, len(text) - keep
        for size in self.lengths:
            if size <= most and (end := text[-size:]) in words:
                return end
        return None

    def longest_prefix(self, text: str, keep: int = 0) -> str | None:
        """The longest word that opens ``text`` and leaves at least ``keep`` characters after it, or None."""
        words, most = self.words, len(text) - keep
        for size in self.lengths:
            if size <= most and (start := text[:size]) in words:
                return start
        return None

    def prefixes(self, text: str) -> list[str]:
        """Every word that opens ``text``, longest first."""
        words = self.words
        return [start for size in self.lengths if len(text) >= size and (start := text[:size]) in words]
