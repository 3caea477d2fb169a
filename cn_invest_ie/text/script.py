"""Traditional-to-simplified conversion, length-preserving, decided per document."""

from __future__ import annotations

import re
from collections.abc import Callable

from cn_invest_ie.patterns import char_class, plain_pattern

# Characters converted in every document: numerals and units that simplified texts also borrow (3億元, 18萬噸).
_ALWAYS_FROM = "億萬兩貳參陸噸畝圓"
_ALWAYS = str.maketrans(_ALWAYS_FROM, "亿万两贰参陆吨亩圆")
# A document is treated as traditional when conversion changes at least this many characters, or this share.
_MIN_CHANGED = 4
_MIN_SHARE = 0.01


class Simplifier:
    """Converts a document to simplified characters when it is written in traditional ones.

    OpenCC ``t2s`` is used when installed (loaded on first use, owned by this instance); without it only the
    numeral and unit characters of ``_ALWAYS`` are converted.
    """

    def __init__(self, use_opencc: bool = True) -> None:
        self._use_opencc = use_opencc
        self._convert: Callable[[str], str] | None = None
        self._traditional: frozenset[str] | None = None
        self._traditional_re: re.Pattern[str] | None = None  # one of ``_traditional``: a C scan of a document
        self._loaded = False

    def _converter(self) -> Callable[[str], str] | None:
        if not self._loaded:
            self._loaded = True
            if self._use_opencc:
                try:
                    import opencc
                except ImportError:
                    self._convert = None
                else:
                    self._convert = opencc.OpenCC("t2s").convert
                    self._traditional = _changed_chars(self._convert)
                    if self._traditional is not None:
                        self._traditional_re = re.compile(char_class(self._traditional))  # ~10 ms, once
        return self._convert

    def __call__(self, text: str) -> str:
        found = plain_pattern(f"[{_ALWAYS_FROM}]").search(text)  # mostly none: nothing to translate
        base = text.translate(_ALWAYS) if found is not None else text
        convert = self._converter()
        if convert is None or (self._traditional is not None and self._traditional_re is not None
                               and self._traditional_re.search(base) is None):
            return base  # no character the converter would change: the document is simplified already
        full = convert(base)
        if len(full) != len(base):
            return base
        if full == base:
            return base
        changed = sum(map(str.__ne__, base, full))
        if changed >= _MIN_CHANGED or changed >= _MIN_SHARE * max(1, len(base)):
            return full
        return base


def _changed_chars(convert: Callable[[str], str]) -> frozenset[str] | None:
    """The CJK characters (BMP) that ``convert`` changes one by one: about 4,000 for OpenCC t2s, found in ~15 ms
    when the converter loads. ``None`` (no shortcut) for a converter that does not keep one character per line."""
    blocks = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
    chars = [chr(c) for lo, hi in blocks for c in range(lo, hi)]
    converted = convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return None
    return frozenset(a for a, b in zip(chars, converted, strict=True) if a != b)
