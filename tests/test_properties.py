"""Property tests: extraction never raises and every span indexes the original text."""

from __future__ import annotations

import ast
import importlib
import re
import sys
from decimal import Decimal
from pathlib import Path

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cn_invest_ie import Extractor, Label
from cn_invest_ie.gazetteer.orgs import _ITEM_MAX, _LIST_ANCHORS, OrgLexicon
from cn_invest_ie.gazetteer.places import bigram_key, bigram_keys, dictionary_candidates
from cn_invest_ie.numbers.numerals import parse_numeral
from cn_invest_ie.patterns import (
    SPACE,
    WordEnds,
    after_last,
    char_class,
    compile_words,
    find_words,
    finditer_in_clauses,
    first_of,
    plain_pattern,
)
from cn_invest_ie.projects import LIST_ITEMS
from cn_invest_ie.text.normalize import NO_FORMAT_CHARS, NUMBER_GAP, _halfwidth_text, _width_table, number_gaps

_EX = Extractor()
_PIECES = st.sampled_from(
    ["亿元", "万元", "亿", "万", "元", "美元", "吨", "亩", "MW", "平方米", "人", "个", "月", "日", "年", "约", "超", "余",
     "多", "至", "-", "项目", "集团", "有限公司", "签约", "投资", "总投资", "达州市", "开江县", "高新区", "，", "。", "\n",
     "１２", "億", "萬", "噸", "貳", "\u200b", "\x00", " ", "\u3000", "(", "“", "”", "1,104.08", "3.5", "一百二十", "两千", "96日"]
)
_TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_PIECES, st.text(alphabet="0123456789零一二三四五六七八九十百千", max_size=6)),
             max_size=40).map("".join),
)
_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(text=_TEXTS, published=st.sampled_from([None, "2021-12-24", "2020-01-05", "not-a-date"]))
def test_extract_never_raises_and_spans_hold(text: str, published: str | None) -> None:
    doc = _EX.extract(text, published=published)
    for m in doc.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
    doc.to_dict()


def _chinese(n: int) -> str:
    """A plain Chinese numeral for 0 < n < 10^12 (the reference form that parse_numeral must read)."""
    digits = "零一二三四五六七八九"

    def below_10000(k: int) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // unit % 10
            if d:
                if zero and out:
                    out += "零"
                out += digits[d] + name
                zero = False
            else:
                zero = True
        return out

    parts = []
    for scale, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        group = n // scale % 10000 if scale < 10**8 else n // scale
        if group:
            text = below_10000(group)
            if parts and group < 1000:
                text = "零" + text
            parts.append(text + name)
    return "".join(parts)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_parse_exactly(n: int) -> None:
    assert parse_numeral(_chinese(n)) == n


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["元", "万元", "亿元"]))
def test_arabic_money_value_is_exact(n: int, unit: str) -> None:
    text = f"项目总投资{n}{unit}。"
    money = [m for m in _EX.extract(text).mentions if m.label is Label.MONEY]
    assert len(money) == 1
    factor = {"元": 1, "万元": 10**4, "亿元": 10**8}[unit]
    assert money[0].value == Decimal(n * factor)
    assert money[0].to_dict()["value"] == n * factor


_CLAUSE_RX = regex.compile(r"[甲乙丙]{1,3}(?:、|等)(?=[甲，])?")


@_SETTINGS
@given(text=st.text(alphabet="甲乙丙、等企业，。；,;x", max_size=80))
def test_clause_anchored_search_equals_a_full_search(text: str) -> None:
    """patterns.finditer_in_clauses is a speed-up only: for a pattern within its contract (no separator inside a
    match, a match starts at most ``reach`` before an anchor) it gives exactly the matches of a full search."""
    fast = [m.span() for m in finditer_in_clauses(_CLAUSE_RX, text, ("、", "等"), 3)]
    assert fast == [m.span() for m in _CLAUSE_RX.finditer(text)]


@_SETTINGS
@given(words=st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=4), max_size=6),
       text=st.text(alphabet="甲乙丙丁，", max_size=60), window=st.tuples(st.integers(0, 60), st.integers(0, 60)))
def test_word_search_equals_an_alternation(words: list[str], text: str, window: tuple[int, int]) -> None:
    """patterns.find_words gives the spans of compile_words(words).finditer (leftmost, longest, no overlap)."""
    pos, endpos = min(window), max(window)
    expected = [m.span() for m in compile_words(words).finditer(text, pos, endpos)]
    assert find_words(words, text, pos, endpos) == expected


@_SETTINGS
@given(words=st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=4), max_size=8),
       text=st.text(alphabet="甲乙丙丁", max_size=8), keep=st.integers(0, 3))
def test_word_ends_equal_loops_over_the_longest_first(words: list[str], text: str, keep: int) -> None:
    """patterns.WordEnds answers as the loops it replaces: over the words sorted longest first (one word per length
    can match at one end), the first that ends (opens) the text and leaves ``keep`` characters."""
    longest_first = sorted(set(words), key=len, reverse=True)
    ends = WordEnds(words)
    assert ends.longest_suffix(text, keep) == next(
        (w for w in longest_first if text.endswith(w) and len(text) - len(w) >= keep), None)
    assert ends.longest_prefix(text, keep) == next(
        (w for w in longest_first if text.startswith(w) and len(text) - len(w) >= keep), None)
    assert ends.prefixes(text) == [w for w in longest_first if text.startswith(w)]


@_SETTINGS
@given(text=st.text(max_size=40), other=st.text(min_size=2, max_size=2))
def test_bigram_keys_equal_the_key_of_each_slice(text: str, other: str) -> None:
    """gazetteer.places.bigram_keys packs every two-character slice as bigram_key does, and a key names one bigram
    (a dictionary keyed by them finds what one keyed by the slices finds)."""
    assert bigram_keys(text) == [bigram_key(text[i:i + 2]) for i in range(len(text) - 1)]
    for i in range(len(text) - 1):
        assert (bigram_key(text[i:i + 2]) == bigram_key(other)) == (text[i:i + 2] == other)


_CLASS_CHARS = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())


@_SETTINGS
@given(chars=st.lists(_CLASS_CHARS, max_size=12), probe=_CLASS_CHARS)
def test_char_class_matches_exactly_its_characters(chars: list[str], probe: str) -> None:
    """patterns.char_class (runs of code points as ranges, special characters escaped) matches one of ``chars``."""
    rx = plain_pattern(char_class(chars))
    for ch in [*chars, probe, *(chr(ord(c) + 1) for c in chars if ord(c) < 0x10FFFF)]:
        assert (rx.fullmatch(ch) is not None) == (ch in chars)


@_SETTINGS
@given(text=st.text(alphabet=st.one_of(_CLASS_CHARS, st.sampled_from([chr(c) for c in _width_table()])),
                    max_size=40))
def test_halfwidth_text_equals_the_table_translation(text: str) -> None:
    """text.normalize._halfwidth_text gives ``str.translate`` with the width table (lone surrogates included)."""
    assert _halfwidth_text(text) == text.translate(_width_table())


_ORG_LEXICON = OrgLexicon()
_LIST_PIECES = st.sampled_from(["甲", "乙丙", "、", "等", "企业", "公司", "客商", "投资方", "包括", "有", "为", "和", "与",
                                "3", "三", "余", "家", "集团", "地", "，", "。", ";", " "])


@_SETTINGS
@given(pieces=st.lists(_LIST_PIECES, max_size=40))
def test_list_anchors_find_every_listed_names_match(pieces: list[str]) -> None:
    """orgs._LIST_ANCHORS meet finditer_in_clauses's contract for OrgLexicon.list_re: every match holds one of them
    at most _ITEM_MAX characters after its start, so the clause search gives exactly the matches of a full search."""
    text = "".join(pieces)
    rx = _ORG_LEXICON.list_re
    fast = [m.span() for m in finditer_in_clauses(rx, text, _LIST_ANCHORS, _ITEM_MAX)]
    assert fast == [m.span() for m in rx.finditer(text)]


@_SETTINGS
@given(text=st.text(alphabet="甲，,；;。：:", max_size=30), chars=st.sampled_from(["，,；;。", "；;", "，,；;：:", "，,；;"]),
       pos=st.integers(0, 35), end=st.integers(0, 35))
def test_after_last_and_first_of_equal_the_find_loops(text: str, chars: str, pos: int, end: int) -> None:
    """patterns.after_last and first_of answer as the loops of ``rfind`` and ``find`` over the characters they replace."""
    assert after_last(text, chars, pos, end) == max(pos, *(text.rfind(c, pos, end) + 1 for c in chars))
    assert first_of(text, chars, pos, end) == min((i for i in (text.find(c, pos, end) for c in chars) if i != -1),
                                                  default=end)


_PLACE_PIECES = st.sampled_from(["达州", "开江县", "四川", "高新区", "产业园", "园区", "新区", "在", "落户", "蓉", "港", "川",
                                 "大学", "区委", "市场", "和平", "科技", "有限公司", "集团", "“", "”", "·", "，", "甲"])


@_SETTINGS
@given(pieces=st.lists(_PLACE_PIECES, max_size=12))
def test_place_shortcut_equals_the_full_rules(pieces: list[str]) -> None:
    """Gazetteer.find's shortcut (places.may_hold_place false: no place) gives what the full rules give."""
    text = "".join(pieces)
    gazetteer = _EX.entities.gazetteer
    assert gazetteer.find(text) == gazetteer._hits(text, dictionary_candidates(text, gazetteer._index))


def test_space_class_is_regex_whitespace() -> None:
    """patterns.SPACE, read by the standard re, holds exactly the characters ``regex`` reads as \\s (re's own \\s also
    holds \\x1c-\\x1f)."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = [m.start() for m in regex.finditer(r"\s", every)]
    assert [m.start() for m in re.finditer(f"[{SPACE}]", every)] == spaces
    assert len(re.findall(f"[^{SPACE}、]", every)) == len(every) - len(spaces) - 1


def _plain_patterns() -> list[re.Pattern[str]]:
    events, projects = _EX.linker.lex, _EX.entities.projects
    return [_ORG_LEXICON.list_re, _ORG_LEXICON.investing_re, plain_pattern(LIST_ITEMS), events.count_re,
            events.trigger_re, projects.generic_re]


_PLAIN_WORDS = sorted({*_ORG_LEXICON.cues["list_tail"], *_ORG_LEXICON.trade_suffixes[:40],
                       *_EX.entities.projects.cues["generic"], *(w for w, _ in _EX.linker.lex.triggers)})
_PLAIN_FIXED = st.sampled_from(
    ["甲", "乙丙", "丁戊己", "、", "、", "等", "企业", "公司", "客商", "包括", "有", "为", "和", "与", "3", "12", "1,200", "三",
     "两", "十", "余", "多", "家", "个", "项目", "第", "批", "级", "季度", "2024年", "全市", "投资", "持股", "出资", "约", "亿",
     "元", "以上", "的", "地", "可供", "签约", "落户", "意向协议", "科技", "新材料", "“", "”", "，", "。", "；", ",", "：",
     "！", " ", "\u3000", "\x1c", "\x1f", "\n", "\x85", "甲乙、丙丁", "等企业", "等6家企业", "3个项目", "项目12个",
     "科技投资3", "与2家企业签约", "企业包括甲乙和丙丁", "甲\x1c乙、丙\x1f丁等企业", "甲乙、丙丁等项目"])
_PLAIN_PIECES = st.one_of(_PLAIN_FIXED, _PLAIN_FIXED, _PLAIN_FIXED, st.sampled_from(_PLAIN_WORDS), st.text(max_size=2))


@_SETTINGS
@given(pieces=st.lists(_PLAIN_PIECES, max_size=40), window=st.tuples(st.integers(0, 80), st.integers(0, 80)))
def test_plain_patterns_match_as_regex(pieces: list[str], window: tuple[int, int]) -> None:
    """The patterns compiled by the standard re for speed (patterns.plain_pattern's rules) give what the same source
    compiled by ``regex`` gives: matches (spans and groups, in a window too), fullmatch and sub."""
    text = "".join(pieces)
    pos, end = min(window), max(window)
    for rx in _plain_patterns():
        slow = regex.compile(rx.pattern)
        for args in ((text,), (text, pos, end)):
            assert [[m.span(g) for g in range(rx.groups + 1)] for m in rx.finditer(*args)] == [
                [m.span(g) for g in range(rx.groups + 1)] for m in slow.finditer(*args)]
        assert (rx.fullmatch(text) is None) == (slow.fullmatch(text) is None)
        assert rx.sub("", text) == slow.sub("", text)


def test_no_format_chars_holds_no_format_character() -> None:
    """text.normalize.NO_FORMAT_CHARS (the ranges its one-scan test for format characters skips) holds no character
    ``regex`` reads as \\p{Cf}, so the scan's answer is the full search's."""
    inside = "".join(re.findall(f"[{NO_FORMAT_CHARS}]", "".join(map(chr, range(sys.maxunicode + 1)))))
    assert len(inside) > 60_000 and regex.search(r"\p{Cf}", inside) is None


@_SETTINGS
@given(pieces=st.lists(st.sampled_from(["1", "２", "年", "月", "日", "元", "亿", "万", " ", "\u3000", "\u00a0", "\u202f",
                                        "\u2003", "甲", "，", "\n"]), max_size=30))
def test_number_gaps_equal_a_full_search(pieces: list[str]) -> None:
    """text.normalize.number_gaps (no search without a space right after a digit, 年 or 月) gives the positions of
    every match of its pattern."""
    text = "".join(pieces)
    assert number_gaps(text) == {i for m in regex.finditer(NUMBER_GAP, text) for i in range(m.start(), m.end())}


def _plain_sources() -> list[str]:
    """The pattern sources the package passes to patterns.plain_pattern as a literal or a module constant (sources
    built at the call, f-strings, are checked by the tests of their helpers)."""
    package = Path(__file__).resolve().parent.parent / "cn_invest_ie"
    sources: list[str] = []
    for path in sorted(package.rglob("*.py")):
        calls = [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "plain_pattern"
                 and node.args]
        if not calls:
            continue  # not imported: optional integrations (spaCy, Spark) need packages CI does not install
        module = importlib.import_module(".".join(path.relative_to(package.parent).with_suffix("").parts))
        for node in calls:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                sources.append(arg.value)
            elif isinstance(arg, ast.Name) and isinstance(getattr(module, arg.id, None), str):
                sources.append(getattr(module, arg.id))
    return sources


_PLAIN_SOURCES = _plain_sources()


def _literal_pieces(source: str) -> list[str]:
    """Runs of literal characters in a pattern source and its single characters: text that its matches are made of
    (with strings that match it, hypothesis's from_regex, and other characters)."""
    return [run for run in re.split(r"[\\\[\](){}|?*+^$.]+", source) if run] + sorted(set(source) - set("\\"))


_PLAIN_PIECES_OF = {source: st.one_of(st.sampled_from(_literal_pieces(source)), st.from_regex(source, fullmatch=True),
                                      st.sampled_from(["0", "12", "二", " ", "\x1c", "\x1f", "\n"]), st.text(max_size=2))
                    for source in _PLAIN_SOURCES}


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), source=st.sampled_from(_PLAIN_SOURCES), window=st.tuples(st.integers(0, 60), st.integers(0, 60)))
def test_plain_pattern_sources_match_as_regex(data: st.DataObject, source: str, window: tuple[int, int]) -> None:
    """Every literal source the package compiles with the standard re (patterns.plain_pattern) matches as ``regex``
    reads it: search, match, fullmatch, finditer (spans of every group), in a window too, and sub."""
    assert len(_PLAIN_SOURCES) >= 20
    pos, end = min(window), max(window)
    text = "".join(data.draw(st.lists(_PLAIN_PIECES_OF[source], max_size=16)))
    fast, slow = plain_pattern(source), regex.compile(source)
    for args in ((text,), (text, pos, end)):
        assert [[m.span(g) for g in range(fast.groups + 1)] for m in fast.finditer(*args)] == [
            [m.span(g) for g in range(fast.groups + 1)] for m in slow.finditer(*args)]
        for method in ("search", "match", "fullmatch"):
            found, expected = getattr(fast, method)(*args), getattr(slow, method)(*args)
            assert (found and found.span()) == (expected and expected.span()), method
    assert fast.sub("", text) == slow.sub("", text)
