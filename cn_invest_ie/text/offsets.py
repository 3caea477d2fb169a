"""The one offset map between normalized and original text."""

from __future__ import annotations

from array import array
from dataclasses import dataclass


@dataclass(frozen=True)
class OffsetMap:
    """Maps code-point offsets of a normalized string back to the original.

    ``origin[i]`` is the original offset of normalized character ``i``; ``origin[len]`` is the original length.
    ``None`` means the identity (normalization kept every character in place).
    """

    origin: array | None
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Half-open normalized span -> half-open original span covering the same characters."""
        if self.origin is None:
            return start, end
        if end <= start:
            o = self.origin[start]
            return o, o
        return self.origin[start], self.origin[end - 1] + 1

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(None, length)
