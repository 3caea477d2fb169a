"""Qualifier words around an amount: they stay outside the span and set ``qualifier``."""

from __future__ import annotations

from cn_invest_ie.numbers.lexicon import NumberLexicon
from cn_invest_ie.patterns import pattern
from cn_invest_ie.types import Qualifier

# Words that may stand between a qualifier and its amount (大约投入12亿元, 约合人民币8.6亿元).
_BRIDGES = ("人民币", "投入", "投资", "达到", "实现", "完成", "需要", "达", "需", "合")


def prefix_qualifier(text: str, start: int, lex: NumberLexicon) -> Qualifier | None:
    """The qualifier word ending right before ``start`` (约, 超过, 不少于...), if any.

    One bridging word (a verb such as 投入, or 人民币) may stand between the qualifier and the amount.
    """
    bridge = pattern("(?:" + "|".join(_BRIDGES) + r")\Z").search(text, max(0, start - 3), start)
    for end in (start,) if bridge is None else (start, bridge.start()):
        m = lex.prefix_qualifier_re.search(text, max(0, end - 4), end)
        if m is not None:
            return lex.prefix_qualifier_of[m.group(0)]
    return None


def suffix_qualifier(text: str, end: int, lex: NumberLexicon) -> Qualifier | None:
    """The qualifier word starting right at ``end`` (左右, 以上, 及以上...), if any."""
    m = lex.suffix_qualifier_re.match(text, end)
    return None if m is None else lex.suffix_qualifier_of[m.group()]


def choose_qualifier(inner_more: bool, prefix: Qualifier | None, suffix: Qualifier | None) -> Qualifier:
    """多/余 inside the number wins, then the word before, then the word after; none means ``eq``."""
    if inner_more:
        return Qualifier.GT
    return prefix or suffix or Qualifier.EQ
