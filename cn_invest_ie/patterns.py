"""Small fixed regular expressions, compiled on first use and kept (nothing is compiled at import)."""

from __future__ import annotations

from functools import lru_cache

import regex


@lru_cache(maxsize=256)
def pattern(source: str) -> regex.Pattern[str]:
    """The compiled pattern for ``source`` (a literal in the code, never user input)."""
    return regex.compile(source)
