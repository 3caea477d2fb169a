"""Traditional-to-simplified conversion, length-preserving, decided per document."""

from __future__ import annotations

from collections.abc import Callable

# Characters converted in every document: numerals and units that simplified texts also borrow (3億元, 18萬噸).
_ALWAYS = str.maketrans("億萬兩貳參陸噸畝圓", "亿万两贰参陆吨亩圆")
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
        return self._convert

    def __call__(self, text: str) -> str:
        base = text.translate(_ALWAYS)
        convert = self._converter()
        if convert is None or (self._traditional is not None and self._traditional.isdisjoint(base)):
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
