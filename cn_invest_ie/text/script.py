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
        return self._convert

    def __call__(self, text: str) -> str:
        base = text.translate(_ALWAYS)
        convert = self._converter()
        if convert is None:
            return base
        full = convert(base)
        if len(full) != len(base):
            return base
        if full == base:
            return base
        changed = sum(map(str.__ne__, base, full))
        if changed >= _MIN_CHANGED or changed >= _MIN_SHARE * max(1, len(base)):
            return full
        return base
