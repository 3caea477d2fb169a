"""Normalization for matching: full-width to half-width, traditional to simplified, invisible characters and the
spaces inside an amount (``10 亿元``) removed.

The normalized string is what the finders read; every span found in it is mapped back to the original through
one :class:`OffsetMap`, so mention offsets always index the original text.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from cn_invest_ie.patterns import char_class, pattern, plain_pattern
from cn_invest_ie.text.offsets import OffsetMap

# Characters removed before matching: zero-width and other format characters (Unicode category Cf), e.g. U+200B.
_SPACES = {"\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " "}
# Full-width forms U+FF01..U+FF5E map to ASCII U+0021..U+007E.
_FULLWIDTH_OFFSET = 0xFEE0


@dataclass(frozen=True)
class Normalized:
    """A normalized text and the map of its offsets to the original."""

    text: str
    offsets: OffsetMap


def _halfwidth(ch: str) -> str:
    return _width_table().get(ord(ch), ch)


def _is_removed(ch: str) -> bool:
    return ch != "\n" and unicodedata.category(ch) == "Cf"


# Full-width forms kept as they are: the ideographic comma-like U+FF0C is the Chinese clause separator, never a
# thousands separator (`$20，300美圆` is two amounts).
_KEEP_FULLWIDTH = {0xFF0C}
_SIGNS = {"\uffe5": "\u00a5", "\uffe0": "\u00a2", "\uffe1": "\u00a3"}  # ￥ ￠ ￡


@lru_cache(maxsize=1)
def _width_table() -> dict[int, str]:
    table = {o: chr(o - _FULLWIDTH_OFFSET) for o in range(0xFF01, 0xFF5F) if o not in _KEEP_FULLWIDTH}
    table.update({ord(k): v for k, v in _SPACES.items()})
    table.update({ord(k): v for k, v in _SIGNS.items()})
    # a lone surrogate is not Unicode: OpenCC and the segmenter cannot encode it; U+FFFD keeps the length
    table.update({o: "\ufffd" for o in range(0xD800, 0xE000)})
    return table


@lru_cache(maxsize=1)
def _width_chars() -> str:
    return char_class(map(chr, _width_table()))


def _halfwidth_text(text: str) -> str:
    """``text.translate(_width_table())``, by a search for the few characters the table maps (``str.translate``
    raises and catches a KeyError for every other non-ASCII character)."""
    table = _width_table()
    pieces: list[str] = []
    pos = 0
    for m in plain_pattern(_width_chars()).finditer(text):
        start = m.start()
        pieces += (text[pos:start], table[ord(text[start])])
        pos = start + 1
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


# Code point ranges that hold no format character (\p{Cf}: soft hyphen, zero-width and bidi controls, BOM, ...):
# ASCII, Latin to Hebrew, Devanagari to Mongolian, general punctuation apart from the controls, CJK, most fullwidth
# forms. A text of these alone, most texts, is answered by one stdlib-re scan.
NO_FORMAT_CHARS = (r"\x00-\xac\xae-\u05ff\u0900-\u180d\u180f-\u200a\u2010-\u2029\u2030-\u205f\u2070-\ufefe"
                   r"\uff00-\ufff8")
_MAY_BE_FORMAT = f"[^{NO_FORMAT_CHARS}]"


def _has_format_chars(text: str) -> bool:
    other = plain_pattern(_MAY_BE_FORMAT).search(text)  # the first character that may be one
    return other is not None and pattern(r"\p{Cf}").search(text, other.start()) is not None


_GAP_SPACE = r"[ \u3000\u00a0\u2002\u2003\u2009\u202f]{1,2}"
_GAP_DIGIT = "[0-9０-９]"
NUMBER_GAP = (rf"(?<={_GAP_DIGIT}){_GAP_SPACE}(?=[万亿億萬元年月日号])"
              rf"|(?<={_GAP_DIGIT}(?:{_GAP_SPACE})?[年月]){_GAP_SPACE}(?={_GAP_DIGIT})")


def number_gaps(text: str) -> set[int]:
    """Named rule: positions of the spaces inside an amount or a date (``10 亿元``, ``3.5\u3000万元``,
    ``2024 年 11 月 20 日``, as copied from PDFs and web pages); they are removed before matching, so the amount or
    date is read and its span, mapped back, keeps the spaces."""
    gaps: set[int] = set()
    if plain_pattern(r"[0-9０-９年月][ \u3000\u00a0\u2002\u2003\u2009\u202f]").search(text) is None:
        return gaps  # every gap starts with a space right after a digit, 年 or 月 (most texts have none)
    for m in pattern(NUMBER_GAP).finditer(text):
        gaps.update(range(m.start(), m.end()))
    return gaps


def normalize(text: str, to_simplified: Callable[[str], str] | None = None) -> Normalized:
    """Normalize ``text`` for matching and return it with its offset map.

    ``to_simplified`` converts traditional to simplified characters; it must return a string of the same length
    (a conversion that changes the length is ignored for that text and applied character by character instead).
    """
    gaps = number_gaps(text)
    if not gaps and not _has_format_chars(text):
        # length-preserving: one table translation, identity offsets
        out = _halfwidth_text(text)
        if to_simplified is not None and not out.isascii():
            converted = to_simplified(out)
            if len(converted) != len(out):
                converted = "".join(c if len(c2 := to_simplified(c)) != 1 else c2 for c in out)
            out = converted
        return Normalized(out, OffsetMap.identity(len(text)))
    chars: list[str] = []
    origin = array("l")
    removed = False
    for i, ch in enumerate(text):
        if gaps and i in gaps:
            removed = True
            continue
        if ch.isascii():
            chars.append(ch)
            origin.append(i)
            continue
        if _is_removed(ch):
            removed = True
            continue
        chars.append(_halfwidth(ch))
        origin.append(i)
    out = "".join(chars)
    if to_simplified is not None and not out.isascii():
        converted = to_simplified(out)
        if len(converted) != len(out):
            converted = "".join(c if len(c2 := to_simplified(c)) != 1 else c2 for c in out)
        out = converted
    if not removed:
        return Normalized(out, OffsetMap.identity(len(text)))
    origin.append(len(text))
    return Normalized(out, OffsetMap(origin, len(text)))
