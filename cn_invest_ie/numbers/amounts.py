"""MONEY and QUANTITY candidates: find numerals, read what follows them, resolve exact values.

One pass finds numeral bodies (``BODY`` in :mod:`lexicon`); each is then classified by the word after it: a
currency word makes MONEY, a unit makes QUANTITY, a bare 万/亿 in a money context makes MONEY in CNY. The
exclusion rules are the named ``is_*`` functions below. All offsets index the normalized text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from cn_invest_ie.candidates import Candidate
from cn_invest_ie.numbers.lexicon import NumberLexicon, Unit
from cn_invest_ie.numbers.numerals import NUMERAL_CHARS, NumeralError, parse_numeral, to_plain
from cn_invest_ie.numbers.qualifiers import choose_qualifier, prefix_qualifier, suffix_qualifier
from cn_invest_ie.patterns import COUNT_AFTER, pattern, plain_pattern
from cn_invest_ie.types import Label, Qualifier

_CLAUSE_STOPS = frozenset("。；;！!？?\n，,")
_SENTENCE_STOPS = frozenset("。；;！!？?\n")
_CONTEXT_WINDOW = 16
_CUE_REACH = 16  # the longest cue word read before an amount (cues.tsv words are shorter)
_SCALE_CHARS = frozenset("万亿")


@dataclass(frozen=True)
class _Body:
    text: str
    value: Decimal
    more: bool  # 多/余 inside
    scale: str  # trailing 万/亿/万亿 of the body ('' if none)


@lru_cache(maxsize=4096)
def _parse_body(body: str) -> _Body | None:
    """The value of a numeral body with 多/余 taken out; ``None`` when it is not a numeral (pure: cached)."""
    more = False
    core = body
    for i, ch in enumerate(body):
        if ch in "多余" and i > 0:
            more = True
            core = body[:i] + body[i + 1 :]
            break
    if not any(c.isdigit() or c in "一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟零〇" for c in core):
        return None
    try:
        value = parse_numeral(core)
    except NumeralError:
        return None
    scale = ""
    j = len(core)
    while j > 0 and core[j - 1] in _SCALE_CHARS:
        j -= 1
    scale = core[j:]
    return _Body(body, to_plain(value), more, scale)


def _clause_before(text: str, start: int, stops: frozenset[str] = _CLAUSE_STOPS) -> str:
    i = start
    lo = max(0, start - _CONTEXT_WINDOW)
    while i > lo and text[i - 1] not in stops:
        i -= 1
    return text[i:start]


def is_vague(text: str, start: int, lex: NumberLexicon) -> bool:
    """数十亿元, 几百万元, 上百亿元: an order of magnitude, not an amount."""
    return lex.vague_prefix_re.search(text, max(0, start - _CUE_REACH), start) is not None


def is_class_label(text: str, start: int, end: int, lex: NumberLexicon) -> bool:
    """百亿级, 5亿元以上的重大项目, 引进10亿元项目3个, 跨上百亿元台阶: a class or milestone, not a deal; a project,
    enterprise or works head without a bracket word is a class only after a lower bound (逾, 超过) or with a count
    next to it (总投资120亿元的项目落户 names one deal: ``counted_class_head``)."""
    m = lex.class_after_re.match(text, end)
    if m is None:
        return False
    if m.group("head") not in lex.counted_class_heads or m.group("bracket"):
        return True
    # 逾300亿元项目, 投资过5000万元的项目; the high end of 10亿元至30亿元的项目
    bound = prefix_qualifier(text, start, lex) in (Qualifier.GT, Qualifier.GE) or text[start - 1:start] in _RANGE_CHARS
    return bound or is_counted(text, start, m.end())


_RANGE_CHARS = frozenset("至到-~—–－")


def is_counted(text: str, start: int, end: int) -> bool:
    """A count of items right after a class (项目3个, 项目共20个) or right before its amount (3个10亿元项目, 一批)."""
    after = pattern(COUNT_AFTER)
    before = pattern(r"(?:[0-9一二两三四五六七八九十百千]+(?:多|余)?个|一批|多个|若干|批)\Z")
    return after.match(text, end) is not None or before.search(text, max(0, start - 8), start) is not None


def is_threshold(text: str, start: int, end: int, lex: NumberLexicon) -> bool:
    """均超过300亿元, 投资额在5000万元以上, 3000万元以上2亿元以下的: a bound every member meets, not an amount."""
    if _bound_of_class(text, end) and not text.startswith("之间", end):
        return True
    m = lex.threshold_prefix_re.search(text, max(0, start - _CUE_REACH), start)
    if m is not None:
        return _bound_of_class(text, end) if m.group() == "在" else True
    if is_target_milestone(text, start, lex):
        return True
    # the upper bound of 在X以上Y以下
    return start >= 2 and text.startswith("以上", start - 2) and text.startswith("以下", end)


def is_target_milestone(text: str, start: int, lex: NumberLexicon) -> bool:
    """力争全年进出口额突破800亿元: an amount right after a milestone verb (突破) in a clause that states a target (力争,
    确保) is a mark to pass, not an amount; a crossing reported as done (引资突破两千亿) stays an amount."""
    if not any(text.startswith(v, start - len(v)) for v in lex.cues.get("milestone_verb", ())):
        return False
    clause = clause_start(text, start, _CLAUSE_STOPS)
    if any(w in text[clause:start] for w in lex.cues.get("target_word", ())):
        return True
    if plain_pattern(r"到20[0-9]{2}年").search(text, clause, start) is not None:
        return True  # 到2027年产业链产值突破300亿元: a year ahead to reach is a target
    # 2026年全市力争新签约…，实际使用外资突破6亿美元: a verb of intent in an earlier clause governs the list of targets
    sentence = clause_start(text, start, _SENTENCE_STOPS)
    return any(w in text[sentence:clause] for w in lex.cues.get("target_lead", ()))


_MILESTONE_REACH = 120


def clause_start(text: str, start: int, stops: frozenset[str]) -> int:
    """Where the clause (or sentence, with ``_SENTENCE_STOPS``) holding ``start`` begins, at most
    ``_MILESTONE_REACH`` characters back."""
    i = start
    lo = max(0, start - _MILESTONE_REACH)
    while i > lo and text[i - 1] not in stops:
        i -= 1
    return i


_PHYSICAL_UNITS = frozenset({"吨", "亩", "公顷", "平方米", "千瓦", "千瓦时", "立方米", "米"})


def is_name_numeral(body: _Body, unit: Unit) -> bool:
    """五台, 四台, 三门: a lone Chinese digit before a measure word is part of a name, not a measure
    (一吨, 两米 are measures)."""
    return len(body.text) == 1 and not body.text.isdigit() and unit.unit not in _PHYSICAL_UNITS


def _bound_of_class(text: str, end: int) -> bool:
    """After 在X: ``以上的``, ``以上1亿元以下``, ``之间`` make X a bound of a class (控制在2000万元以下 does not)."""
    for word in ("及以上", "以上", "以下"):
        if text.startswith(word, end):
            nxt = text[end + len(word) : end + len(word) + 1]
            return nxt == "的" or (nxt != "" and (nxt.isdigit() or nxt in NUMERAL_CHARS))
    return text.startswith("之间", end)


def _currency_symbol(text: str, start: int, lex: NumberLexicon) -> tuple[str, str] | None:
    """A currency sign right before the number (``$20``, ``¥300``, ``HK$5``): (sign, ISO code)."""
    if start == 0 or text[start - 1] not in lex.currency_symbol_ends:
        return None
    for sym in lex.currency_symbols_longest_first:
        if start >= len(sym) and text.startswith(sym, start - len(sym)):
            return sym, lex.currency_symbols[sym]
    return None


def prefix_currency(text: str, start: int, lex: NumberLexicon) -> str | None:
    """Named rule: the ISO code of a currency word written before the number (港币8亿元, 美元5000万, 美金约3000万元;
    the word stays outside the span, as 人民币 does), or None."""
    m = lex.prefix_currency_re.search(text, max(0, start - 10), start)
    return lex.currencies[m.group("word")] if m is not None else None


def _money_context(text: str, start: int, lex: NumberLexicon) -> bool:
    return lex.money_context_re.search(_clause_before(text, start)) is not None


def _unit_context(text: str, start: int, lex: NumberLexicon, pattern_name: str) -> bool:
    pattern = getattr(lex, pattern_name)
    return pattern.search(_clause_before(text, start, _SENTENCE_STOPS)) is not None


def _resolve_unit(text: str, body: _Body, body_end: int, lex: NumberLexicon) -> tuple[Unit, int, _Body] | None:
    """The unit right after a body, the end of the unit, and the body (re-split for 万千瓦 / 5千米)."""
    if body.text.endswith("千"):
        k = lex.unit_re.match(text, body_end - 1)
        if k is not None and k.group(0).startswith("千") and len(body.text) > 1:
            new_body = _parse_body(body.text[:-1])  # 2.3千克: the 千 belongs to the unit
            if new_body is not None:
                return lex.units[k.group(0).lower()], k.end(), new_body
    m = lex.unit_re.match(text, body_end)
    if m is None:
        return None
    surface = m.group(0).lower()
    unit = lex.units[surface]
    if body.text.endswith("千") and unit.unit in ("千瓦", "千瓦时", "米", "吨") and ("千" + surface) in lex.units:
        # the body swallowed the 千 of 千瓦 / 千米 / 千克: give it back
        new_body = _parse_body(body.text[:-1])
        if new_body is None:
            return None
        return lex.units["千" + surface], m.end(), new_body
    return unit, m.end(), body


def _unit_allowed(text: str, start: int, unit_end: int, unit: Unit, lex: NumberLexicon) -> Unit | None:
    """Apply the unit rules: weak units need a production context, 人 must not be 人次/人民..."""
    if unit.unit == "人" and unit.kind == "jobs" and unit.surface == "人":
        nxt = text[unit_end : unit_end + 1]
        if nxt and nxt in lex.cues["unit_blocker"]:
            return None
        return unit
    if unit.kind == "weak":
        if not _unit_context(text, start, lex, "production_context_re") and not counts_equipment(
                text, start, unit_end, lex):
            return None
        if unit.surface in ("个", "名") and _unit_context(text, start, lex, "jobs_context_re"):
            return Unit(unit.surface, "人", Decimal(1), "jobs")
    return unit


def counts_equipment(text: str, start: int, unit_end: int, lex: NumberLexicon) -> bool:
    """Named rule: a count in a weak measure word right after an equipment word (机架5000个, 机架超10万个) or right
    before one (2000个标准机架) counts equipment sets, a QUANTITY, with no production context."""
    return (lex.counted_equipment_before_re.search(text, max(0, start - 8), start) is not None
            or lex.counted_equipment_after_re.match(text, unit_end) is not None)


def _range_end(text: str, end: int, lex: NumberLexicon, word: str) -> tuple[int, _Body] | None:
    """``3亿元至5亿元``: the end and high body of a range whose low end already has the currency word ``word``
    (the high end's word must name the same currency)."""
    m = lex.number_re.match(text, end + 1) if end < len(text) and text[end] in _RANGE_CHARS else None
    if m is None or m.group("sep"):
        return None
    high = _parse_body(m.group("a"))
    c = lex.currency_re.match(text, m.end())
    if high is None or c is None or lex.currencies[c.group(0)] != lex.currencies[word]:
        return None
    return c.end(), high


def find_amounts(text: str, lex: NumberLexicon) -> list[Candidate]:
    """MONEY and QUANTITY candidates in normalized ``text``, in text order, non-overlapping."""
    out: list[Candidate] = []
    pos = 0
    follow = lex.follow_chars
    for m in lex.number_re.finditer(text):
        if m.start() < pos:
            continue
        start, end = m.start(), m.end()
        if text[end:end + 1] not in follow and text[end - 1] not in _SCALE_CHARS and text[end - 1] != "千" and (
                start == 0 or text[start - 1] not in lex.currency_symbol_ends):
            continue  # nothing that can make an amount follows (a year, a count, a percentage)
        a = _parse_body(m.group("a"))
        if a is None:
            continue
        b = _parse_body(m.group("b")) if m.group("b") else None
        if m.group("b") and b is None:
            continue
        last = b or a
        cand = _classify(text, start, end, a, b, last, lex)
        if cand is not None:
            out.append(cand)
            pos = cand.end
        elif b is None:
            pos = bracket_end(text, end, lex) or pos
    return out


def bracket_end(text: str, end: int, lex: NumberLexicon) -> int | None:
    """Named rule: where a size bracket written with a currency word on both ends ends (``2亿元至8亿元的``), so
    that its high end is not read as an amount of its own; None when the text at ``end`` is not one."""
    cur = lex.currency_re.match(text, end)
    rng = _range_end(text, cur.end(), lex, cur.group(0)) if cur is not None else None
    return rng[0] if rng is not None and text.startswith("的", rng[0]) else None


def _low_value(a: _Body, b: _Body | None) -> Decimal:
    """Low end of a range; ``3至5亿元``: the low body borrows the high body's trailing scale."""
    if b is not None and not a.scale and b.scale:
        factor = Decimal(1)
        for ch in b.scale:
            factor *= Decimal(10_000 if ch == "万" else 100_000_000)
        return to_plain(a.value * factor)
    return a.value


def _classify(
    text: str, start: int, end: int, a: _Body, b: _Body | None, last: _Body, lex: NumberLexicon
) -> Candidate | None:
    if is_vague(text, start, lex):
        return None
    cur = lex.currency_re.match(text, end)
    if cur is not None:
        currency = lex.currencies[cur.group(0)]
        if cur.group(0) == "元":
            currency = prefix_currency(text, start, lex) or currency
        span_end = cur.end()
        if b is None and cur.group(0) == "元" and not a.scale and not a.text[0].isdigit() and not any(
                c in a.text for c in "十百千"):
            return None  # 一元化, 二元结构: a lone Chinese digit before 元 is a word, not an amount
        rng = None if b is not None else _range_end(text, span_end, lex, cur.group(0))
        if rng is not None:
            span_end, b = rng
        return _money(text, start, span_end, a, b, currency, lex)
    if text.startswith("人民币", end) and (last.scale or last.text[0].isdigit()):
        return _money(text, start, end, a, b, "CNY", lex)  # 5亿人民币: 人民币 stays outside the span
    symbol = _currency_symbol(text, start, lex)
    if symbol is not None and last.text[0].isdigit():
        sym, iso = symbol
        return _money(text, start - len(sym), end, a, b, iso, lex)
    resolved = _resolve_unit(text, last, end, lex)
    if resolved is not None:
        unit, unit_end, last2 = resolved
        if b is None:
            a = last2
        else:
            b = last2
        unit2 = _unit_allowed(text, start, unit_end, unit, lex)
        if unit2 is None or is_name_numeral(a if b is None else b, unit2):
            return None
        return _quantity(text, start, unit_end, a, b, unit2, lex)
    if last.scale and (prefix := prefix_currency(text, start, lex)) is not None:
        return _money(text, start, end, a, b, prefix, lex)
    if last.scale and _money_context(text, start, lex) and not is_class_label(text, start, end, lex):
        return _money(text, start, end, a, b, "CNY", lex)
    return None


def _money(
    text: str, start: int, end: int, a: _Body, b: _Body | None, currency: str, lex: NumberLexicon
) -> Candidate | None:
    if is_class_label(text, start, end, lex) or is_threshold(text, start, end, lex):
        return None
    if b is not None and text.startswith("的", end):
        return None  # 投资2亿元至8亿元的: a size bracket
    if b is not None:
        return Candidate(Label.MONEY, start, end, _low_value(a, b), currency=currency,
                         qualifier=Qualifier.RANGE, value_max=b.value)
    qual = choose_qualifier(a.more, prefix_qualifier(text, start, lex), suffix_qualifier(text, end, lex))
    return Candidate(Label.MONEY, start, end, a.value, currency=currency, qualifier=qual)


def is_not_counted(text: str, start: int, end: int, lex: NumberLexicon) -> bool:
    """续航里程达500公里, 邀请客商300余人参会, 10兆瓦级: a specification or visitors, not a QUANTITY."""
    before = _clause_before(text, start)[-6:]
    if any(not is_measure_adjective(before, m.start()) for m in lex.not_counted_before_re.finditer(before)):
        return True
    return lex.not_counted_after_re.match(text, end) is not None or is_equipment_rating(text, end, lex)


_DEGREE_CHARS = frozenset("高低大小长短超")


def is_measure_adjective(before: str, pos: int) -> bool:
    """``年产高精度轴承800万套``, ``大直径盾构机``: a measure word after a degree (高精度, 大直径, 长续航) is an
    adjective of the product, not a specification the number gives (精度达0.01毫米, 续航里程达500公里)."""
    return pos > 0 and before[pos - 1] in _DEGREE_CHARS


def is_equipment_rating(text: str, end: int, lex: NumberLexicon) -> bool:
    """``首台9000吨压铸机``, ``引进2台800吨注塑机``: a mass right before a machine word is the machine's rating, a
    specification, not a capacity (年产9000吨压铸件 measures output)."""
    return lex.equipment_after_re.match(text, end) is not None


def _quantity(
    text: str, start: int, end: int, a: _Body, b: _Body | None, unit: Unit, lex: NumberLexicon
) -> Candidate | None:
    if is_not_counted(text, start, end, lex):
        return None
    if b is not None:
        low = to_plain(_low_value(a, b) * unit.factor)
        return Candidate(Label.QUANTITY, start, end, low, unit=unit.unit, qualifier=Qualifier.RANGE,
                         value_max=to_plain(b.value * unit.factor))
    value = a.value
    if text.startswith("半", end) and unit.unit in _PHYSICAL_UNITS:
        value, end = value + Decimal("0.5"), end + 1  # 一吨半, 两米半
    qual = choose_qualifier(a.more, prefix_qualifier(text, start, lex), suffix_qualifier(text, end, lex))
    return Candidate(Label.QUANTITY, start, end, to_plain(value * unit.factor), unit=unit.unit, qualifier=qual)
