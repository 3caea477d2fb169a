"""Text normalization through one offset map, and clause splitting."""

from cn_invest_ie.text.normalize import Normalized, normalize
from cn_invest_ie.text.offsets import OffsetMap

__all__ = ["Normalized", "OffsetMap", "normalize"]
