"""Links mentions into investment events (ANNOTATION.md "Events").

Stages, each a small function or method:
1. ``sentences``: sentence spans and paragraph numbers of the normalized text.
2. ``amount_role``: whether a MONEY mention is an investment amount (总投资, 签约金额) or another figure (产值, 税收,
   到位资金), from the cue words before it (``data/amount_roles.tsv``).
3. ``sentence_stage``: the stage a sentence states (``data/stage_triggers.tsv``); a sentence stating none inherits
   the previous sentence's of its paragraph, else the document's first.
4. ``project_count``: the batch count an amount belongs to (``签约项目104个，总金额...``); with one, the event is an
   aggregate.
5. fields: project (``投资X元的Y``, ``Y项目总投资X元``, ``该项目``, ``分别`` pairing), investor (the company before
   the project), place (most specific in the sentence, venues last, then paragraph and document context), date
   (sentence, then a date of the same stage in the paragraph or document).
6. ``merge_events``: the same project, or the same batch total, mentioned twice is one event;
   ``_merge_short_forms``: a project without an amount named in short form (company + generic head, a headline's
   shortened name) is the one event it names.
7. places over several events: a batch over a list of places, or a total over the batches of several places, takes
   their common parent the text names (``_batch_parent``, ``_headline_parent``); a project whose sentence names a
   park of the document lands in the park's place (``_park_places``); count-only breakdowns are no batches
   (``_is_part``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from os.path import commonprefix
from typing import Any

import regex

from cn_invest_ie._mypyc import cached_property, mypyc_attr
from cn_invest_ie.candidates import Candidate
from cn_invest_ie.numbers.numerals import count_value
from cn_invest_ie.patterns import (
    CLASS_QUANTIFIERS,
    SPACE,
    after_last,
    compile_words,
    find_words,
    first_of,
    pattern,
    plain_pattern,
)
from cn_invest_ie.resources import read_rows, read_word_lists
from cn_invest_ie.text.offsets import OffsetMap
from cn_invest_ie.types import Event, EventKind, Label, Stage

_STAGE_RANK = {Stage.PLANNED: 0, Stage.SIGNED: 1, Stage.STARTED: 2, Stage.OPERATING: 3}
_LEVEL_RANK = {"zone": 5, "township": 4, "county": 3, "prefecture": 2, "province": 1}
_AGGREGATE_CUES = ("引资", "累计", "合计", "总计", "共计", "共签约", "共引进")
_WEAK_INVESTMENT_CUES = ("资金", "金额", "总额", "投资额")
_VENUE_BEFORE = ("在", "赴", "于", "到", "前往", "赶赴", "来", "抵")
_VENUE_AFTER = ("举行", "举办", "召开", "签约", "签订", "考察", "拜访", "开展", "推介", "期间", "总部", "参加", "洽谈")
_ZONE_VERBS = ("落户", "入驻", "落地", "位于", "选址", "在", "于", "与")
_LANDING_TRIGGERS = ("落户", "落地", "入驻")
_STOPS = ("", "，", ",", "。", "；", ";", "、", "！", "？", "了")
_LANDING_BEFORE = ("入驻", "落户", "位于", "落地", "建于", "选址", "落子", "拟建于")
_DATELINE_AFTER = ("讯", "电")
_COREF = ("该项目", "此项目", "这个项目")
_SAME_DAY = ("同日", "同一天", "当天", "当日")
_SAME_DAY_INSIDE = ("当日举行", "当天举行", "当日正式", "当天正式", "同日举行", "当天同步", "当日同步")  # 某项目当日举行开工仪式
_CEREMONY_REACH = 8  # the farthest into a paragraph a ceremony's stage word (集中开工仪式上) is looked for
_SAME_DAY_REACH = 8  # the most earlier days looked at for the day a 同日 sentence refers to


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class _Draft:
    """An event under construction; spans index the normalized text."""

    kind: EventKind
    sentence: _Sentence
    amount: Candidate | None = None
    project: Candidate | None = None
    investor: Candidate | None = None
    place: Candidate | None = None
    count: tuple[int, int, int] | None = None  # value, start, end
    stage: Stage | None = None
    stage_span: tuple[int, int] | None = None
    date: Candidate | None = None
    aliases: list[Candidate] = field(default_factory=list)  # the same amount in a second currency
    phase: bool = False  # the amount is a phase amount (一期投资)
    unnamed_item: bool = False  # one of several ``投资X的Y`` items whose name Y was not recognized
    undated: bool = False  # its sentences date it only vaguely (近日): no other sentence's day is its own
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)


_Stated = tuple[Stage | None, tuple[int, int] | None, bool]  # what sentence_stage returns: stage, trigger span, open


@dataclass(frozen=True)
class _Doc:
    """The candidates of one document, by label, with its sentences and stages."""

    text: str
    sents: list[_Sentence]
    places: list[Candidate]
    projects: list[Candidate]
    orgs: list[Candidate]
    dates: list[Candidate]
    monies: list[Candidate]
    stages: list[tuple[Stage | None, tuple[int, int] | None]]
    main_place: Candidate | None
    _starts: dict[int, list[int]] = field(default_factory=dict)
    _counts: dict[int, list[tuple[int, int, int, int, int]]] = field(default_factory=dict)
    _distinct: dict[str, Candidate] = field(default_factory=dict)
    _heads: dict[str, list[Candidate]] = field(default_factory=dict)
    _date_stages: dict[int, Stage | None] = field(default_factory=dict)
    _horizons: dict[int, int] = field(default_factory=dict)
    _place_ends: dict[int, Candidate] = field(default_factory=dict)
    _undated: dict[int, bool] = field(default_factory=dict)
    _referring: dict[int, int | None] = field(default_factory=dict)
    _word_ends: dict[tuple[int, tuple[str, ...]], int] = field(default_factory=dict)
    _last_matches: dict[tuple[int, str], int] = field(default_factory=dict)
    _intent_signed: dict[int, bool] = field(default_factory=dict)
    _zone_words: dict[int, str | None] = field(default_factory=dict)
    _doc_zone: dict[str, Candidate | None] = field(default_factory=dict)  # under "": _document_zone's result
    _tours: dict[int, bool] = field(default_factory=dict)
    _stated: dict[tuple[int, int], _Stated] = field(default_factory=dict)  # sentence_stage by (start, end)
    _at_occasion: dict[int, bool] = field(default_factory=dict)
    _records: dict[int, dict[str, int]] = field(default_factory=dict)

    def first_word_end(self, si: int, words: tuple[str, ...]) -> int:
        """The earliest end of one of ``words`` in sentence ``si`` (a text offset; past the text when none occurs):
        a word lies before ``pos`` in the sentence exactly when this is <= ``pos`` (cached per sentence)."""
        key = (si, words)
        end = self._word_ends.get(key)
        if end is None:
            sent = self.sents[si]
            found = [i + len(w) for w in words if (i := self.text.find(w, sent.start, sent.end)) != -1]
            end = self._word_ends[key] = min(found) if found else len(self.text) + 1
        return end

    def last_match_start(self, si: int, source: str) -> int:
        """Where the last match of the pattern ``source`` (for patterns.plain_pattern) in sentence ``si`` starts (a text
        offset; -1 when none): a match starts at or after ``pos`` in the sentence exactly when this is >= ``pos`` (cached
        per sentence)."""
        key = (si, source)
        last = self._last_matches.get(key)
        if last is None:
            sent = self.sents[si]
            starts = [m.start() for m in plain_pattern(source).finditer(self.text, sent.start, sent.end)]
            last = self._last_matches[key] = starts[-1] if starts else -1
        return last

    def first_referring_end(self, si: int) -> int | None:
        """Where the first back-reference to a company (该公司, a clause opening with 企业) in sentence ``si``
        ends, relative to the sentence start, or None (cached: one search per sentence)."""
        if si not in self._referring:
            sent = self.sents[si]
            ends = [m.end() for m in pattern(_REFERRING).finditer(self.text[sent.start:sent.end])]
            self._referring[si] = min(ends) if ends else None
        return self._referring[si]

    def horizon(self, si: int) -> int:
        """Where a clause opening with a horizon year (``到2025年，全市计划实施…``: a target) starts in sentence
        ``si``, else the sentence's end (cached)."""
        at = self._horizons.get(si)
        if at is None:
            s = self.sents[si]
            m = plain_pattern(_HORIZON_YEAR).search(self.text, s.start, s.end)
            at = self._horizons[si] = m.start() if m is not None else s.end
        return at

    def place_ends(self) -> dict[int, Candidate]:
        """The places by their end offset (places do not overlap; cached)."""
        ends = self._place_ends
        if not ends and self.places:
            for p in self.places:
                ends.setdefault(p.end, p)
        return ends

    def distinct_places(self) -> dict[str, Candidate]:
        """The first mention of each place value of two or more characters (cached)."""
        if not self._distinct and self.places:
            for p in self.places:
                if isinstance(p.value, str) and len(p.value) >= 2:
                    self._distinct.setdefault(p.value, p)
        return self._distinct

    def orgs_by_head(self) -> dict[str, list[Candidate]]:
        """The ORG candidates by their first two characters, in text order (cached)."""
        heads = self._heads
        if not heads and self.orgs:
            for o in self.orgs:
                heads.setdefault(self.text[o.start:o.start + 2], []).append(o)
        return heads

    def sentence_index(self, pos: int) -> int | None:
        lo, hi = 0, len(self.sents) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sents[mid]
            if pos < s.start:
                hi = mid - 1
            elif pos >= s.end:
                lo = mid + 1
            else:
                return mid
        return None

    def money_starts(self, si: int) -> list[int]:
        """Starts of the amounts of sentence ``si`` (cached)."""
        key = -2 - si
        starts = self._starts.get(key)
        if starts is None:
            starts = self._starts[key] = [m.start for m in self.in_sentence(self.monies, si)]
        return starts

    def paragraph_start(self, si: int) -> int:
        """Index of the first sentence of sentence ``si``'s paragraph."""
        firsts = self._starts.get(-1)
        if firsts is None:
            firsts = self._starts[-1] = [0] * len(self.sents)
            for i in range(1, len(self.sents)):
                same = self.sents[i].paragraph == self.sents[i - 1].paragraph
                firsts[i] = firsts[i - 1] if same else i
        return firsts[si]

    def starts_of(self, items: list[Candidate]) -> list[int]:
        """The starts of one of the document's candidate lists (cached)."""
        starts = self._starts.get(id(items))
        if starts is None:
            starts = self._starts[id(items)] = [c.start for c in items]
        return starts

    def in_sentence(self, items: list[Candidate], si: int) -> list[Candidate]:
        """The items (sorted by start) that start in sentence ``si``."""
        s = self.sents[si]
        starts = self.starts_of(items)
        return items[bisect_left(starts, s.start):bisect_left(starts, s.end)]


@mypyc_attr(native_class=False)  # keeps functools.cached_property caching when compiled
class EventLexicon:
    """Stage triggers and amount-role cues, loaded on first use."""

    @cached_property
    def triggers(self) -> list[tuple[str, Stage]]:
        rows = [(w, Stage(s)) for w, s, _ in read_rows("stage_triggers.tsv", 3)]
        return sorted(rows, key=lambda r: len(r[0]), reverse=True)

    @cached_property
    def trigger_re(self) -> re.Pattern[str]:
        """The stage triggers, longest first. Compiled by the standard ``re`` (about three times as fast here;
        patterns.plain_pattern says which syntax both engines read alike)."""
        return re.compile("|".join(re.escape(w) for w, _ in self.triggers))

    @cached_property
    def trigger_stage(self) -> dict[str, Stage]:
        return dict(self.triggers)

    @cached_property
    def roles(self) -> dict[str, str]:
        return {w: role for w, role, _ in read_rows("amount_roles.tsv", 3)}

    @cached_property
    def role_re(self) -> regex.Pattern[str]:
        return compile_words(self.roles)

    @cached_property
    def company_forms(self) -> tuple[str, ...]:
        """The legal-form and group words that end a company's core name (``data/org_suffixes.tsv`` kinds legal and
        group: 股份有限公司, 有限公司, 集团, 控股)."""
        return tuple(s for s, kind, _ in read_rows("org_suffixes.tsv", 3) if kind in ("legal", "group"))

    @cached_property
    def cues(self) -> dict[str, tuple[str, ...]]:
        """The event cue kinds of ``data/cues.tsv`` (zone_pronoun, tour, state_time, occasion, period), read once."""
        return read_word_lists("cues.tsv")

    @cached_property
    def bare_zone_re(self) -> regex.Pattern[str]:
        """A generic zone word used alone as a noun: after a landing verb, or opening a clause or following 与, 同,
        向 (``开发区新签外资项目14个``, ``与开发区签署增资协议``), not the end of a longer zone name."""
        words = compile_words(self.cues["zone_pronoun"]).pattern
        verbs = compile_words({*_LANDING_BEFORE, "在", "于", "与", "同", "向"}).pattern
        return regex.compile(rf"(?:(?<=^|[，,；;。：:\n])|{verbs})(?P<word>{words})")

    @cached_property
    def tour_re(self) -> regex.Pattern[str]:
        return compile_words(self.cues["tour"])

    @cached_property
    def state_time(self) -> tuple[str, ...]:
        return tuple(self.cues["state_time"])

    @cached_property
    def field_re(self) -> regex.Pattern[str]:
        """A labelled field opening a sentence (``建设单位：``, ``建设地点:``): ``data/cues.tsv`` record_investor and
        record_place."""
        kinds = {kind: compile_words(self.cues[kind]).pattern for kind in ("record_investor", "record_place")}
        return regex.compile(rf"\s*(?:(?P<record_investor>{kinds['record_investor']})"
                             rf"|(?P<record_place>{kinds['record_place']}))\s*[:：]")

    @cached_property
    def field_label_re(self) -> regex.Pattern[str]:
        """An investor label right before a company inside a sentence (``（投资方：B公司，投资额X元）``)."""
        return regex.compile(rf"(?:{compile_words(self.cues['record_investor']).pattern})\s*[:：]\s*$")

    @cached_property
    def occasion(self) -> tuple[str, ...]:
        return tuple(self.cues["occasion"])

    @cached_property
    def period(self) -> tuple[str, ...]:
        return tuple(self.cues["period"])

    @cached_property
    def count_re(self) -> re.Pattern[str]:
        """Batch counts (30个项目, 项目412个, 与2家企业签约). Compiled by the standard ``re`` (about twice as fast)."""
        num = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+|[一二两三四五六七八九十百]+"
        # a size bracket between the count and 项目: 4个逾300亿元项目, 8个投资过5000万元的项目
        threshold = r"(?:总?投资)?(?:逾|超过?|过|达|均超)?[0-9.一二两三四五六七八九十百千]+[万亿]+(?:美?元)?(?:以上)?的?"
        return re.compile(  # the first-character look-ahead lets the engine skip other text quickly
            rf"(?=[0-9一二两三四五六七八九十百项与合投意])"
            rf"(?:(?<!第)(?P<n1>{num})(?:多|余)?个(?:[^，。；、,;0-9（(]{{0,12}}?|{threshold})项目|项目(?:共有|共|达|总数)?(?P<n2>{num})(?:多|余)?个"
            # 达成合作意向7个，签订投资协议5个: deals counted by their document
            rf"|(?:合作意向|投资意向|意向协议|投资协议|合作协议|投资合同)(?P<n4>{num})(?:多|余)?个"
            # 与2家企业现场签约，总投资X元: one deal with each company signed
            rf"|与(?P<n3>{num})家(?:企业|公司|客商)(?:现场|集中|成功|正式)?(?:签约|签订|签署)"
            # 已有12家配套企业跟随链主签约落户，协议总投资X元: enterprises counted by their signing (not a capacity:
            # 可供8家企业拎包入驻)
            rf"|(?<![可供纳])(?P<n5>{num})(?:多|余)?家[^，。；、,;0-9]{{0,6}}?(?:企业|公司)[^，。；、,;0-9]{{0,10}}?(?:签约|落户|入驻))"
        )

    @cached_property
    def open_stage_re(self) -> regex.Pattern[str]:
        """``已签约或即将签约``, ``开工或签约``: the text leaves the stage open."""
        words = "|".join(regex.escape(w) for w, _ in self.triggers)
        return regex.compile(rf"(?:{words})或(?:即将|将|拟)?(?:{words})")


# Pattern sources for patterns.plain_pattern (the standard re; regex's \s as SPACE):
_HORIZON_YEAR = rf"(?:^|(?<=[，,；;。！？!?{SPACE}]))到20[0-9]{{2}}年"  # 到2025年 opening a clause
_LABEL = rf"【[^】]{{1,12}}】[{SPACE}]*"  # 【现场】 opening a sentence
_SECOND_CURRENCY = rf"[{SPACE}]*[(（][{SPACE}]*(?:约|约合|折合|合)?(?:人民币)?[{SPACE}]*"  # between 8亿元 and (1.1亿美元)


def sentences(text: str) -> list[_Sentence]:
    """Sentence spans (ending at 。！？；, a line break, or a full stop that is not a decimal point)."""
    out: list[_Sentence] = []
    start, para = 0, 0
    for m in plain_pattern(r"[。！？!?\n；;]|\.(?![0-9])|(?<![0-9])\.").finditer(text):
        end = m.end()
        if not text[start:end].isspace() and start < end:
            out.append(_Sentence(start, end, para))
        start = end
        if m.group() == "\n":
            para += 1
    if start < len(text) and not text[start:].isspace():
        out.append(_Sentence(start, len(text), para))
    return out


def amount_role(text: str, money: Candidate, lo: int, lex: EventLexicon) -> str | None:
    """``investment``, ``other`` or ``None`` (no cue) for a MONEY candidate, from the cues in ``text[lo:start]``.

    The cue ending nearest the amount wins (the longest on a tie: 到位资金 over 资金); a weak investment cue
    (资金, 金额) loses to any other-role cue in the same window (到位省内市外资金).
    """
    window = text[lo:money.start]
    found = [(m.end(), len(m.group(0)), m.group(0)) for m in lex.role_re.finditer(window, overlapped=True)]
    if not found:
        return None
    best = max(found)[2]
    role = lex.roles[best]
    if role == "investment" and best in _WEAK_INVESTMENT_CUES and any(lex.roles[w] == "other" for _, _, w in found):
        return "other"
    return role


def is_second_currency(text: str, money: Candidate, prev: Candidate | None) -> bool:
    """``60.7亿元(8.8亿美元)``, ``5.215亿美元(约40.7亿港元)``: the bracketed amount restates the one before."""
    if prev is None:
        return False
    between = text[prev.end:money.start]
    return plain_pattern(_SECOND_CURRENCY).fullmatch(between) is not None


def sentence_stage(text: str, sent: _Sentence, lex: EventLexicon) -> _Stated:
    """(stage, trigger span, open) the sentence states; open when it says ``签约或开工``."""
    chunk = text[sent.start:sent.end]
    if "或" in chunk and lex.open_stage_re.search(chunk):
        return None, None, True
    best: tuple[Stage, tuple[int, int]] | None = None
    intent: tuple[int, int] | None = None
    occasion: tuple[Stage, tuple[int, int]] | None = None
    for m in lex.trigger_re.finditer(chunk):
        if is_prospective(chunk, m.start(), m.end()) or (
                m.group(0).endswith("建") and chunk.startswith(_LOCATION_AFTER, m.end())):
            continue  # 拟建于X: where the project is to be built, no stage
        if m.group(0) in _ATTRACT and not pattern(_ATTRACT_OBJECT).match(chunk, m.end()):
            continue  # 吸引了上千名客商: visitors, not investment
        stage = lex.trigger_stage[m.group(0)]
        span = (sent.start + m.start(), sent.start + m.end())
        if pattern(_OCCASION_AFTER).match(chunk, m.end()):
            occasion = occasion or (stage, span)
            continue  # 开业仪式上，还集中签约3个项目: the ceremony names the occasion; the sentence states a signing
        if m.group(0) == "意向":
            intent = span
        if best is None or _STAGE_RANK[stage] > _STAGE_RANK[best[0]]:
            best = (stage, span)
    best = best or occasion
    if best is not None and intent is not None and best[0] is Stage.SIGNED:
        return Stage.PLANNED, intent, False
    return (best[0], best[1], False) if best else (None, None, False)


# between joint investors: a joiner, with a short description of the second (与港资企业B)
_JOINT_BETWEEN = r"[和与及](?:[^，,、；;。和与及]{1,6}(?:企业|公司|集团))?"
_OCCASION_AFTER = r"(?:仪式|典礼|活动)(?:上|现场|中)"  # 开工仪式上: the occasion of what the sentence reports
_ATTRACT = ("吸引",)  # a signing only when what it brings in is investment: 已吸引在外客商回乡投资项目37个
_ATTRACT_OBJECT = r"[^，,；;。]{0,12}?(?:项目|投资|企业|资金)"
_PROSPECTIVE_BEFORE = ("预计", "计划", "将于", "将", "拟", "力争", "争取", "确保", "有望", "预期", "全面", "建成", "早",
                       "尽快", "(?<![重主只])要",  # 强调要紧盯项目落地, 推动项目尽快开工: an exhortation
                       "(?<![接招款])待",  # 待方案成熟后签约: a condition still to be met
                       "推动更多", "推进更多", "促进更多", "吸引更多")  # 推动更多海外仓项目签约落地: an aim
_PROSPECTIVE_BEFORE_RE = "|".join(_PROSPECTIVE_BEFORE)  # the pattern source, joined once
_PROSPECTIVE_AFTER = ("后", "以后", "之后", "时")
_LOCATION_AFTER = ("于", "在")


def is_prospective(chunk: str, start: int, end: int) -> bool:
    """``建成投产后``, ``预计至2018年前全部完成开发投产``, ``确保早投产``: a future or conditional stage, not a
    stated one (a cue anywhere earlier in the same clause, at most 24 characters back)."""
    if chunk.startswith(_PROSPECTIVE_AFTER, end):
        return True
    if plain_pattern(r"[0-9]{4}年[底初中内]?$").search(chunk, max(start - 7, 0), start) and pattern(
            r"[、，,](?:[0-9]{4}年|[次明后]年)").match(chunk, end):
        return True  # 2025年开工、2027年建成: a schedule of years, not a stated stage
    lo = after_last(chunk, "，,；;。", max(start - 24, 0), start)
    cues = [m.start() for m in plain_pattern(_PROSPECTIVE_BEFORE_RE).finditer(chunk, lo, start)]
    return any(chunk[c - 1:c] != "已" for c in cues)  # 已全面进入设备安装阶段: stated, not prospective


def is_outbound_or_target(doc: _Doc, si: int, money: Candidate) -> bool:
    """境外投资备案项目19个，中方协议投资额4.3亿美元; 全年力争新签约项目200个、总投资1500亿元: outbound investment and
    targets are never events (checked in the amount's clause and the clause before it, and for a filing of outbound
    investment anywhere after the amount in its sentence; see also ``_horizon``)."""
    text, sent = doc.text, doc.sents[si]
    lo = money.start
    commas = 0
    while lo > sent.start:
        if text[lo - 1] in "，,；;":
            commas += 1
            if commas == 2:
                break
        lo -= 1
    chunk = text[lo:money.start]
    return is_target(chunk) or any(w in chunk for w in ("境外投资", "对外投资", "境外", "海外投资", "中方协议")) or (
        doc.last_match_start(si, _OUTBOUND_AFTER) >= money.end)


# 某企业在某国投资1.2亿美元建设加工基地，已完成境外投资备案: the filing after the amount makes it outbound; so does
# 某公司投资X美元在某国建设海外仓 (a warehouse abroad)
_OUTBOUND_AFTER = r"(?:境外|对外|海外)投资(?:项目)?(?:备案|核准)|(?:建设|设立|建|布局)[^，,；;。]{0,8}海外仓"


_UNDATED = ("近日", "日前", "近期", "前不久", "不久前")


def says_undated(doc: _Doc, si: int) -> bool:
    """``近日，某项目正式投产``, ``已于近日并网``: sentence ``si`` dates its news only vaguely, so no other sentence's
    day is its own (cached per sentence)."""
    known = doc._undated.get(si)
    if known is None:
        sent = doc.sents[si]
        known = doc._undated[si] = any(w in doc.text[sent.start:sent.end] for w in _UNDATED)
    return known


def is_past_total(text: str, sent: _Sentence, money: Candidate) -> bool:
    """``某公司自2008年落户以来已累计投资4.5亿欧元``, ``某集团近年来在广西累计投资超过400亿元``: what an enterprise has
    invested since some past year or over recent years is its history, not an event (``今年以来累计签约…`` has no 自
    and is a batch; after ``近年来``, ``多年来`` only 累计投资 itself, not 累计签约 or 累计引进, which count a batch)."""
    floor = max(sent.start, money.start - _PAST_TOTAL_REACH)  # bounded: linear on long sentences of amounts
    lo = after_last(text, "；;", floor, money.start)
    if plain_pattern(r"自[^，,。；;]{1,16}以来[^；;。]{0,12}累计").search(text, lo, money.start) is not None:
        return True
    cue = pattern(r"累计(?:已)?投资(?:已)?(?:超过|超|逾|达|约|近)?$").search(text, max(lo, money.start - 12),
                                                                    money.start)
    return cue is not None and (pattern(_YEARS_SINCE).search(text, max(lo, cue.start() - 17), cue.start()) is not None
                                or pattern(_TO_DATE).search(text, max(lo, cue.start() - 24), cue.start()) is not None)


# 截至目前，该集团在某省累计投资已超过X元: what an enterprise has invested to date (its history, not an event)
_TO_DATE = r"截至(?:目前|当前|今|发稿)[，,]?(?:该|这家|其)(?:集团|公司|企业)"
_PAST_TOTAL_REACH = 80  # characters read before an amount for 自…以来…累计
_YEARS_SINCE = r"(?:近|多|这些|[0-9]{1,2}|[一二三四五六七八九十几]+)年(?:以)?来[^；;。]{0,12}$"


def is_fund_size(text: str, money: Candidate) -> bool:
    """``设立总规模5亿元的产业发展基金``: an amount naming the size of the fund its clause goes on to name is a fund,
    never an investment event (ANNOTATION.md: funds and financing are no events; 基金规模X元 is caught by the cue
    基金 in ``data/amount_roles.tsv``)."""
    return plain_pattern(r"的?[^，,；;。！？]{0,14}?基金(?![会小大园])").match(text, money.end) is not None


def is_capital_contribution(text: str, money: Candidate) -> bool:
    """``公司拟出资5亿元设立全资子公司``: money put up to set up a company is its capital (like 注册资本 in
    ``data/amount_roles.tsv``), not a project's investment."""
    return text.endswith("出资", 0, money.start) and pattern(r"(?:用于|以)?(?:设立|成立|组建|注册)").match(
        text, money.end) is not None


def _opens_with_phase(text: str, sent: _Sentence, money: Candidate) -> bool:
    """``二期、三期分别投资X元、Y元``, ``二期工程投资X元``: the amount's clause opens with a phase word."""
    floor = max(sent.start, money.start - 24)
    lo = after_last(text, "，,；;：:", floor, money.start)
    return pattern(r"[一二三四五六七八九十首]期(?:[、和及与][一二三四五六七八九十]期)*(?:工程|项目)?(?:分别)?(?:计划)?投资").match(
        text, lo) is not None


def _clause_start(text: str, sent: _Sentence, at: int) -> int:
    """Start of the clause (between ，；) of sentence ``sent`` holding position ``at``."""
    return max(sent.start, *(text.rfind(stop, sent.start, at) + 1 for stop in "，,；;"))


def _clause_end(text: str, sent: _Sentence, at: int) -> int:
    """End of the clause of sentence ``sent`` holding position ``at`` (its comma or the sentence end)."""
    return min((i for i in (text.find(stop, at, sent.end) for stop in "，,；;") if i != -1), default=sent.end)


def _opening(doc: _Doc, si: int) -> str:
    """Sentence ``si`` without leading space and a section label (``【南海】同日，…``)."""
    sent = doc.sents[si]
    chunk = doc.text[sent.start:sent.end].lstrip()
    label = plain_pattern(_LABEL).match(chunk)
    return chunk[label.end():] if label is not None else chunk


def _other_project(doc: _Doc, dsi: int, si: int) -> bool:
    """``A项目于3月18日签约落户X区；B县与某公司签约C项目``: sentence ``dsi`` (a day's) states another project than
    sentence ``si`` names; that project's day is no day of ``si``'s (a day of an occasion, ``在15日举行的签约仪式上，
    A项目…；B项目…``, ``11月28日，在A项目现场举行集中投产仪式``, is every project's there)."""
    if dsi == si or pattern("举行|举办|仪式|大会|会上|活动").search(doc.text, doc.sents[dsi].start, doc.sents[dsi].end):
        return False
    mine = doc.in_sentence(doc.projects, si)
    theirs = doc.in_sentence(doc.projects, dsi)
    if not mine or not theirs:
        return False
    names = {doc.text[p.start:p.end] for p in mine}
    return not any(doc.text[p.start:p.end] in names for p in theirs)


def _back(doc: _Doc, si: int, n: int) -> int:
    """Start of the sentence ``n`` sentences before ``si`` (within the paragraph)."""
    j = si
    while j > 0 and si - j < n and doc.sents[j - 1].paragraph == doc.sents[si].paragraph:
        j -= 1
    return doc.sents[j].start


def is_target(chunk: str) -> bool:
    """力争新签约项目70个, 目标任务: a plan or target, never an event."""
    return any(w in chunk for w in ("力争", "目标", "争取", "力求", "计划新签约", "预计全年", "确保全年")) or plain_pattern(
        r"到20[0-9]{2}年").search(chunk) is not None


def _sentence_counts(doc: _Doc, si: int, lex: EventLexicon) -> list[tuple[int, int, int, int, int]]:
    """The batch counts of sentence ``si`` as (value, start, end, match start, match end), cached on the document;
    counts inside project names and single items are left out."""
    key = -100_000 - si
    cached = doc._counts.get(key)
    if cached is not None:
        return cached
    text, sent = doc.text, doc.sents[si]
    names = [(p.start, p.end) for p in doc.in_sentence(doc.projects, si)]
    out: list[tuple[int, int, int, int, int]] = []
    for m in lex.count_re.finditer(text, sent.start, sent.end):
        group = next(g for g in ("n1", "n2", "n3", "n4", "n5") if m.group(g))
        value = count_value(m.group(group))
        if value is None or value < 2 or any(a <= m.start(group) < b for a, b in names):
            continue
        out.append((value, m.start(group), m.end(group), m.start(), m.end()))
    doc._counts[key] = out
    return out


def project_count(doc: _Doc, si: int, money: Candidate, lex: EventLexicon) -> tuple[int, int, int] | None:
    """The batch count of an amount: a count right after it (``126.6亿元的30个大项目``), else the last count before
    it with no other amount between (before any 其中 list of breakdowns); counts inside project names and single
    items do not count."""
    text = doc.text
    counts = _sentence_counts(doc, si, lex)
    starts = [c[3] for c in counts]
    k = bisect_left(starts, money.end)
    if k < len(counts) and pattern(r"的?").fullmatch(text[money.end:counts[k][3]]):
        return counts[k][:3]
    # only counts after the sentence's previous amount can belong to this one
    money_starts = doc.money_starts(si)
    m = bisect_left(money_starts, money.start)
    monies = doc.in_sentence(doc.monies, si)
    floor = monies[m - 1].end if m > 0 else doc.sents[si].start
    lo = bisect_left(starts, floor)
    before = [c[:3] for c in counts[lo:k] if c[4] <= money.start and c[1] >= floor]
    if not before:
        return None
    detail = text.find("其中", before[0][2], money.start)
    if detail != -1 and any(c[1] < detail for c in before):
        before = [c for c in before if c[1] < detail]  # breakdown counts listed after 其中 without amounts
    last = before[-1]
    if "分别" in text[last[2]:money.start]:
        return None
    return last


class EventLinker:
    """Builds events from the candidates of one document; language data loaded on first use."""

    def __init__(self, gazetteer: Callable[[], Any] | None = None) -> None:
        """``gazetteer`` returns the place gazetteer to share (the extractor passes its entity finder's, so the
        index is built and held once); without it the linker builds its own on first use."""
        self._name_hits: dict[str, list[Candidate]] = {}
        self._gazetteer_source = gazetteer
        self._gazetteer: Any = None
        self.lex = EventLexicon()  # its tables load on first use

    @property
    def gazetteer(self) -> Any:
        # not a cached_property: this class stays native in the compiled build (docs/performance.md)
        if self._gazetteer is None:
            if self._gazetteer_source is not None:
                self._gazetteer = self._gazetteer_source()
            else:
                from cn_invest_ie.gazetteer.places import Gazetteer

                self._gazetteer = Gazetteer()
        return self._gazetteer

    def places_in_name(self, name: str) -> list[Candidate]:
        """Places a project name spells out with their level word (``秦安县…产业园项目``, ``马龙区…项目``) or names a
        development zone of, as PLACE candidates outside the text (start -1); cached per instance. The document's
        candidates have no place inside a PROJECT (ANNOTATION.md), so the gazetteer is asked; a bare short form inside
        a name (``长安…``) is too ambiguous without context and is left out."""
        hits = self._name_hits.get(name)
        if hits is None:
            hits = []
            if any(ch in name for ch in _LEVEL_CHARS):
                key = len(name.removesuffix("项目").rstrip("”\"'’」"))
                for h in self.gazetteer.find(name):
                    if h.level == "zone" and h.end >= key:  # 江安县竹产业园项目: the park is the project, not its place
                        hits += [c for c in self.places_in_name(h.surface[:-1]) if c.level != "zone"]
                    elif h.level == "zone" or (h.surface != h.value and h.surface[-1:] in _LEVEL_CHARS):
                        hits.append(Candidate(Label.PLACE, -1, -1, h.value, code=h.code, level=h.level,
                                              parents=h.parents))
            if len(self._name_hits) < 100_000:
                self._name_hits[name] = hits
        return hits

    def _inside(self, doc: _Doc, project: Candidate | None) -> list[Candidate]:
        return self.places_in_name(doc.text[project.start:project.end]) if project is not None else []

    def link(self, text: str, cands: Sequence[Candidate], offsets: OffsetMap, original: str) -> list[Event]:
        """Events of a document. ``cands`` index the normalized ``text``; spans in the result index ``original``."""
        sents = sentences(text)
        if not sents:
            return []
        places = [c for c in cands if c.label is Label.PLACE]
        stated = [sentence_stage(text, s, self.lex) for s in sents]
        doc = _Doc(
            text=text, sents=sents, places=places,
            projects=[c for c in cands if c.label is Label.PROJECT],
            orgs=[c for c in cands if c.label is Label.ORG],
            dates=[c for c in cands if c.label is Label.DATE and not _is_report_date(text, c)
                   and (not text.startswith(_DATELINE_AFTER, c.end) or dateline_is_today(text, c))],
            monies=[c for c in cands if c.label is Label.MONEY],
            stages=self._stages(text, sents, stated), main_place=main_place(places, text),
            _stated={(s.start, s.end): st for s, st in zip(sents, stated, strict=True)},
        )
        drafts = self._amount_events(doc)
        bound = {d.project.start for d in drafts if d.project is not None}
        drafts += self._count_only_aggregates(doc, drafts)
        _breakdown_dates(doc, drafts)
        _headline_parent(doc, drafts)
        _breakdown_parent(doc, drafts)
        drafts += self._projects_without_amount(doc, bound)
        _breakdown_places(doc, drafts)
        merged = _merge_short_forms(merge_events(drafts, text), text, self.lex.company_forms)
        _inline_breakdown_dates(doc, merged)
        _park_places(doc, merged)
        return [self._to_event(d, original, offsets) for d in merged]

    # -- events anchored on an investment amount --
    def _amount_events(self, doc: _Doc) -> list[_Draft]:
        text, lex = doc.text, self.lex
        drafts: list[_Draft] = []
        prev: Candidate | None = None
        prev_role: str | None = None
        for money in doc.monies:
            p, prev = prev, money
            si = doc.sentence_index(money.start)
            if si is None:
                continue
            if is_second_currency(text, money, p):
                if drafts and drafts[-1].amount is p:
                    drafts[-1].aliases.append(money)
                continue
            sent = doc.sents[si]
            same = p if p is not None and sent.start <= p.start else None
            lo = max(sent.start, money.start - 24, same.end if same is not None else 0)
            role = amount_role(text, money, lo, lex)
            if role is None and same is not None and _listed_after(text, same, money):
                role = prev_role
            if role == "part":
                # 总投资1.5亿美元，其中合同外资9000万美元: the total's part, no event (with a count between, 其中外资项目4个，
                # 合同外资Y, another batch)
                if same is not None and prev_role == "investment" and pattern(
                        r"[，,、]?(?:其中)?[^，,、0-9]{2,8}").fullmatch(text, same.end, money.start):
                    prev_role = role
                    continue
                role = "investment"
            if role == "investment" and _opens_with_phase(text, sent, money):
                role = "phase"  # 二期、三期分别投资X、Y: phase amounts, whatever cue stands before them
            prev_role = role
            if role not in ("investment", "phase") or is_outbound_or_target(doc, si, money) or (
                    doc.horizon(si) < money.start) or is_past_total(text, sent, money) or is_fund_size(text, money) or (
                    is_capital_contribution(text, money)):
                continue
            if role == "phase" and any(not d.phase and d.amount is not None and d.sentence.start >= _back(doc, si, 2)
                                       for d in drafts):
                continue  # 总投资32亿元，其中一期投资18亿元: the total is the event's amount
            project = self._project_for(doc, si, money)
            if role == "phase" and project is None and self._phase_of_total(doc, si, money, drafts):
                continue
            named = project is not None and _names_after(text, money, project, doc.in_sentence(doc.orgs, si))
            count = None if named else project_count(doc, si, money, lex)
            window = text[max(sent.start, money.start - 24):money.start]
            listed = [q for q in doc.in_sentence(doc.projects, si) if q.end <= money.start]
            if count is None and len(listed) >= 2 and any(c in window for c in ("合计", "共计", "总计")):
                count, project = (len(listed), listed[0].start, listed[-1].end), None
            aggregate = count is not None or (project is None and any(c in window for c in _AGGREGATE_CUES))
            d = _Draft(EventKind.AGGREGATE if aggregate else EventKind.PROJECT, sent, amount=money, count=count,
                       phase=role == "phase")
            d.stage, d.stage_span = doc.stages[si]
            if d.stage is Stage.PLANNED and d.stage_span is not None and same is not None:
                d.stage, d.stage_span = self._part_stage(doc, si, same, money)
            if aggregate:
                d.stage, d.stage_span = self._before_breakdown(doc, sent, money, d.stage, d.stage_span)
                d.stage, d.stage_span = self._beside_batch(doc, si, money, count, d.stage, d.stage_span)
                if self._reports_tour(doc, si):
                    d.stage, d.stage_span = None, None  # 此次观摩的9个项目总投资X元: the sites toured, of mixed stages
            else:
                d.project = project
                d.investor = self._field_investor(doc, si, money) or self._investor_for(doc, si, project, money)
            d.place = self._place_for(doc, si, money)
            if aggregate:
                d.place = _whole_region(doc, si, money) or _batch_parent(doc, si, money, d.place)
            d.date = self._date_for(doc, si, d.stage, aggregate)
            d.undated = d.date is None and says_undated(doc, si)
            if not aggregate and project is not None and project.end <= sent.start:
                self._from_project_sentence(doc, d, project)
            if not aggregate:
                d.place = _main_venue(doc, si, money) or _name_place(doc, d.place, (d.project, d.investor),
                                                                     self._inside(doc, d.project))
                if not doc.in_sentence(doc.places, si):
                    d.place = _project_name_place(doc, d.project, d.place)
                self._from_record(doc, si, d)
                d.unnamed_item = project is None and text.startswith("的", money.end) and len(
                    doc.money_starts(si)) >= 2
                d.date = _progress_date(doc, d)
            drafts.append(d)
        self._pair_respectively(doc, drafts)
        self._pair_respective_batches(doc, drafts)
        return drafts

    def _part_stage(self, doc: _Doc, si: int, prev: Candidate, money: Candidate) -> tuple[Stage | None,
                                                                                         tuple[int, int] | None]:
        """``23个项目集中签约，总投资X，其中正式合同项目18个、投资Y，意向协议项目5个、投资Z``: in a sentence of several
        amounts an intention (意向) stated only after an amount is a later part's stage; that amount keeps the signing
        the sentence states."""
        text, sent = doc.text, doc.sents[si]
        stage, span = doc.stages[si]
        if span is None or text[span[0]:span[1]] != "意向" or span[0] < money.end or "意向" in text[prev.end:money.start]:
            return stage, span  # the intention is stated for this part or before it
        signed = [m for m in self.lex.trigger_re.finditer(text, sent.start, sent.end)
                  if self.lex.trigger_stage[m.group(0)] is Stage.SIGNED and not is_prospective(
                      text[sent.start:sent.end], m.start() - sent.start, m.end() - sent.start)]
        return (Stage.SIGNED, (signed[0].start(), signed[0].end())) if signed else (stage, span)

    @staticmethod
    def _phase_of_total(doc: _Doc, si: int, money: Candidate, drafts: list[_Draft]) -> bool:
        """``A项目总投资2.8亿欧元。…项目分两期建设。一期投资1.2亿欧元``: a phase amount whose sentence names no project
        and no company before it is a phase of the project last named, whose total is already an event's amount (one
        event, amount the total; ANNOTATION.md)."""
        k = bisect_left(doc.starts_of(doc.projects), money.start)
        if k == 0 or any(o.end <= money.start for o in doc.in_sentence(doc.orgs, si)):
            return False
        last = doc.projects[k - 1]
        return any(d.project is last and d.amount is not None and not d.phase for d in drafts[-_MERGE_WINDOW:])

    def _before_breakdown(self, doc: _Doc, sent: _Sentence, money: Candidate, stage: Stage | None,
                          span: tuple[int, int] | None) -> tuple[Stage | None, tuple[int, int] | None]:
        """``累计引进项目27个，协议投资额X元，其中已开工项目9个``: a stage stated only in a 其中 breakdown after the
        batch amount is the part's, not the batch's; the batch takes the stage stated before 其中, if any."""
        if span is None or span[0] < money.end:
            return stage, span
        detail = doc.text.find("其中", money.end, sent.end)
        if detail == -1 and pattern(r"[^，,；;。]{0,6}?[0-9]").match(doc.text, span[1]):
            # 签约落地项目11个，总投资X元，已上线运营机架1.6万个: a stage of a counted part (its own figure), not the batch's
            detail = _clause_start(doc.text, sent, span[0])
        if detail == -1 or span[0] < detail:
            return stage, span
        before = self._stated(doc, sent.start, detail)
        return (before[0], before[1]) if before[0] is not None else (stage, span)

    def _beside_batch(self, doc: _Doc, si: int, money: Candidate, count: tuple[int, int, int] | None,
                      stage: Stage | None, span: tuple[int, int] | None) -> tuple[Stage | None, tuple[int, int] | None]:
        """``A区已有43个项目竣工投产，B区新引进项目27个、投资总额X元``: a stage stated in another clause of the sentence
        that counts a batch of its own is that batch's; the amount's batch takes the stage stated from its count's
        clause to the amount, when that stretch states one."""
        sent, text = doc.sents[si], doc.text
        if count is None or span is None or not sent.start <= span[0] < sent.end:
            return stage, span
        lo = _clause_start(text, sent, count[1])
        if lo <= span[0] < money.end:
            return stage, span
        t_lo, t_hi = _clause_start(text, sent, span[0]), _clause_end(text, sent, span[1])
        if not any(t_lo <= c[3] and c[4] <= t_hi and c[1] != count[1] for c in _sentence_counts(doc, si, self.lex)):
            return stage, span
        own = self._stated(doc, lo, money.end)
        return (own[0], own[1]) if own[0] is not None else (stage, span)

    def _from_project_sentence(self, doc: _Doc, d: _Draft, project: Candidate) -> None:
        """``该项目投资230亿元``: investor, date and place may stand in the sentence that named the project."""
        psi = doc.sentence_index(project.start)
        if psi is None:
            return
        if d.investor is None:
            d.investor = self._investor_for(doc, psi, project, project)
        dates = doc.in_sentence(doc.dates, psi)
        stage, span = doc.stages[psi]
        if stage is not None and (d.stage is None or _STAGE_RANK[stage] > _STAGE_RANK[d.stage]):
            # A项目开工建设。该项目于X签约落户，总投资Y: the project's most advanced stage, with that day
            d.stage, d.stage_span = stage, span
            d.date = dates[0] if dates else d.date
        if d.date is None:
            d.date = dates[0] if dates else None
        if d.date is None and _opening(doc, psi).startswith(_SAME_DAY):
            d.date = self._date_for(doc, psi, d.stage, False)  # 同日，A项目竣工投产。该项目总投资X: the day last named
        if not dates and says_undated(doc, psi) and not _date_stated(d):
            d.date, d.undated = None, True  # 近日，A项目投产。该项目总投资X: no day for it, whatever other days
        own = self._sentence_place(doc, psi, project)
        if own is not None and (d.place is None or _rank(own) >= _rank(d.place)):
            d.place = own

    def _pair_respectively(self, doc: _Doc, drafts: list[_Draft]) -> None:
        """``A项目、B项目签约，投资额分别为300亿元、700亿元``: the i-th amount goes with the i-th project."""
        by_sentence: dict[int, list[_Draft]] = {}
        for d in drafts:
            if d.kind is EventKind.PROJECT and d.amount is not None:
                by_sentence.setdefault(d.sentence.start, []).append(d)
        for group in by_sentence.values():
            first = group[0].amount
            if len(group) < 2 or first is None or "分别" not in doc.text[group[0].sentence.start:first.start]:
                continue
            si = doc.sentence_index(first.start)
            if si is None:
                continue
            names = [q for q in doc.in_sentence(doc.projects, si) if q.end <= first.start]
            if len(names) == len(group):
                for d, name in zip(group, names, strict=True):
                    if d.project is name:
                        continue
                    # the investor and the place read off the name go with the name paired
                    d.project = name
                    d.investor = self._investor_for(doc, si, name, first)
                    d.place = _main_venue(doc, si, first) or _name_place(
                        doc, self._place_for(doc, si, first), (name, d.investor), self._inside(doc, name))

    def _pair_respective_batches(self, doc: _Doc, drafts: list[_Draft]) -> None:
        """``A区、B区分别签约项目41个、37个，总投资分别为X、Y``: the i-th count and the i-th place of the list before
        分别 go with the i-th amount, each a batch of its own."""
        by_sentence: dict[int, list[_Draft]] = {}
        for d in drafts:
            if d.kind is EventKind.PROJECT and d.project is None and d.amount is not None:
                by_sentence.setdefault(d.sentence.start, []).append(d)
        text = doc.text
        for group in by_sentence.values():
            first = group[0].amount
            si = doc.sentence_index(first.start) if first is not None else None
            if len(group) < 2 or first is None or si is None:
                continue
            m = pattern(_RESPECTIVE_COUNTS).search(text, doc.sents[si].start, first.start)
            if m is None:
                continue
            places = _listed_places(doc, m.start())
            counts: list[tuple[int, int, int] | None] = []
            if m.group("each"):
                value = count_value(m.group("each"))
                if not places or value is None:
                    continue  # 均为N个 pairs one count with each place of the list only
                counts = [(value, m.start("each"), m.end("each"))] * len(places)
            else:
                group_name = next(g for g in ("list", "list2", "list3") if m.group(g))
                listed, at = m.group(group_name), m.start(group_name)
                for n in pattern(rf"({_NUM})(?:多|余)?个").finditer(listed):
                    value = count_value(n.group(1))
                    counts.append((value, at + n.start(1), at + n.end(1)) if value is not None else None)
            if len(counts) != len(group) or None in counts or (places and len(places) != len(group)):
                continue
            named = [*doc.in_sentence(doc.orgs, si), *doc.in_sentence(doc.projects, si)]
            if any(m.end() <= c.start < first.start for c in named):
                continue  # 甲、乙两区分别签约项目5个、4个，A公司、B公司分别投资X、Y: the amounts are the companies'
            for i, d in enumerate(group):
                d.kind, d.count, d.project, d.investor = EventKind.AGGREGATE, counts[i], None, None
                d.place = places[i] if places else d.place
                d.date = self._date_for(doc, si, d.stage, True)

    # -- fields --
    def _stated(self, doc: _Doc, start: int, end: int) -> _Stated:
        """:func:`sentence_stage` of ``text[start:end]``, cached on the document."""
        key = (start, end)
        stated = doc._stated.get(key)
        if stated is None:
            stated = doc._stated[key] = sentence_stage(doc.text, _Sentence(start, end, 0), self.lex)
        return stated

    def _stages(self, text: str, sents: list[_Sentence],
                stated: list[_Stated]) -> list[tuple[Stage | None, tuple[int, int] | None]]:
        """The stage of each sentence from what each states (``stated``: :func:`sentence_stage` of each)."""
        doc_stage = next(((st, sp) for st, sp, _o in stated if st is not None), (None, None))
        out: list[tuple[Stage | None, tuple[int, int] | None]] = []
        last: tuple[Stage | None, tuple[int, int] | None] | None = None  # last stated in the current paragraph
        for i, (st, sp, is_open) in enumerate(stated):
            if i == 0 or sents[i].paragraph != sents[i - 1].paragraph:
                last = None
            if (st is Stage.SIGNED and last is not None and last[0] in (Stage.STARTED, Stage.OPERATING)
                    and self._only_landing(text, sents[i]) and not any(
                        w in text[sents[i].start:sents[i].end] for w in self.lex.state_time)):
                # (not one that reports its own state: A项目落户X镇，目前正在进行厂房设计)
                out.append(last)  # 某公司投资的A项目落户X区 in a paragraph of starts: where it landed, no new signing
                continue
            if st is not None or is_open:
                last = (st, sp)
                out.append(last)
            else:
                out.append(last or doc_stage)
        return out

    def _only_landing(self, text: str, sent: _Sentence) -> bool:
        """Every signing trigger the sentence states is a landing verb followed by a place (``项目落户铜梁区``)."""
        chunk = text[sent.start:sent.end]
        signed = [m for m in self.lex.trigger_re.finditer(chunk) if self.lex.trigger_stage[m.group(0)] is Stage.SIGNED
                  and not is_prospective(chunk, m.start(), m.end())]
        return bool(signed) and all(m.group(0) in _LANDING_TRIGGERS and chunk[m.end():m.end() + 1] not in _STOPS
                                    for m in signed)

    @staticmethod
    def _project_for(doc: _Doc, si: int, money: Candidate) -> Candidate | None:
        text, sent = doc.text, doc.sents[si]
        in_sent = doc.in_sentence(doc.projects, si)
        orgs = doc.in_sentence(doc.orgs, si)
        after = [p for p in in_sent if p.start >= money.end and _names_after(text, money, p, orgs)]
        if after:
            return after[0]
        monies = doc.in_sentence(doc.monies, si)
        # a project named right after another amount belongs to that amount
        before = [p for p in in_sent if p.end <= money.start
                  and not any(m.end <= p.start and _names_after(text, m, p, orgs) for m in monies)]
        if before and text[before[0].start - 1:before[0].start] in ("该", "此") and not any(
                before[0].end <= m.start and m.end <= money.start for m in monies):
            return before[0]  # 该A项目是B园区的核心项目，计划投资X: the project the sentence is about
        coref = text.rfind("该项目", sent.start, money.start)
        referred = [p for p in before if p.end <= coref]
        if referred and not any(referred[-1].end <= m.start and m.end <= money.start for m in monies):
            return referred[-1]  # 同步开工的还有A项目，该项目由B产业园投资方出资，计划投资X: 该项目 is A
        if before:
            near = before[-1]
            k = len(before) - 1
            while k > 0 and pattern(r"[、和及与]").fullmatch(text[before[k - 1].end:before[k].start]):
                k -= 1  # 建设A、B和C，总投资9亿元: the list's first item is the main one
            near = before[k] if k < len(before) - 1 else near
            between = text[near.end:money.start]
            if len(pattern(r"[，,]").findall(between)) <= 2 and not any(
                    near.end <= m.start and m.end <= money.start for m in monies):
                return near
        k = bisect_left(doc.starts_of(doc.projects), sent.start)  # the projects named before the sentence
        if doc.first_word_end(si, _COREF) <= money.start or text.startswith("项目", sent.start):
            if k > 0:
                return doc.projects[k - 1]
        elif k > 0 and pattern(_OPENS_ON_AMOUNT).match(text, sent.start) and (
                doc.sents[doc.sentence_index(doc.projects[k - 1].start) or 0].paragraph == sent.paragraph):
            return doc.projects[k - 1]  # A项目在X开工。二期投资3.2亿元: the amount of the project just named
        later = [p for p in in_sent if p.start >= money.end
                 and not any(m.end <= p.start and m.start > money.start and _names_after(text, m, p, orgs)
                             for m in monies)]  # 投资X的A公司、投资Y的B项目: B is the later amount's
        return later[0] if len(in_sent) == 1 and later else None

    @staticmethod
    def _investor_for(doc: _Doc, si: int, project: Candidate | None, anchor: Candidate) -> Candidate | None:
        """The investor of a project or amount (``_investor_in_sentence``), else the company a ``该公司`` or
        clause-opening ``企业`` refers back to; written as the company's full name when an earlier mention gives
        one (``某某科技集团有限公司`` ... ``某某科技``)."""
        found = EventLinker._investor_in_sentence(doc, si, project, anchor)
        if found is None:
            found = _referred_company(doc, si, project.start if project is not None and project.start < anchor.start
                                      else anchor.start)
        return _full_name(doc, found)

    @staticmethod
    def _investor_in_sentence(doc: _Doc, si: int, project: Candidate | None, anchor: Candidate) -> Candidate | None:
        """The company that starts the project (恒锂科技 + 项目), else one in the same clause before it, else a
        company named right after the amount (``投资X元的某某公司、``), a signing party, the builder (``由X投资建设``),
        the company a delegation visited about the project (``赴X集团总部，就Y项目洽谈``) or the company the sentence
        opens at (``在X公司，总投资…的Y项目…``)."""
        text = doc.text
        in_sent = doc.in_sentence(doc.orgs, si)
        if project is not None:
            adjacent = [o for o in in_sent if o.end == project.start or text[o.end:project.start] in ("的", "·")]
            if adjacent:
                return adjacent[0]
        elif anchor.label is Label.MONEY:
            named = [o for o in in_sent if o.start > anchor.end and text[anchor.end:o.start] == "的"]
            if named:
                return named[0]
        at = project.start if project is not None and project.start < anchor.start else anchor.start
        before = [o for o in in_sent if o.end <= at and not pattern(r"[，,、；;]").search(text[o.end:at])]
        if before:
            k = len(before) - 1
            while k > 0 and pattern(_JOINT_BETWEEN).fullmatch(text, before[k - 1].end, before[k].start):
                k -= 1  # joint investors (由A和B共同投资, 由A与港资企业B共同投资): the first named
            return before[k]
        # a signing party of the sentence: 某市与某公司签订投资协议，总投资12亿元
        # (与农业产业化龙头企业某某集团有限公司举行签约仪式: a description of the party between 与 and its name)
        parties = [o for o in in_sent if o.end <= at and (text[o.start - 1:o.start] == "与" or
                                                            text.startswith("与", o.end) or pattern(
            r"与[^，,。；;、与和]{1,14}(?:企业|公司|集团)$").search(text, max(0, o.start - 18), o.start))]
        if parties:
            return parties[0]
        # the builder named after the project: 某某项目由某某公司投资建设, 某某项目是某某集团投资新建的
        # (由A与B共同出资组建的合资企业C投资建设: joint investors, the first named)
        builders = [o for i, o in enumerate(in_sent) if o.start > at and text[o.start - 1:o.start] in ("由", "是")
                    and (pattern(r"(?:投资|出资|投资建设|投资兴建|负责|建设|全资|全额出资|独资)").match(text, o.end)
                         or _joint_with(text, o, in_sent[i + 1:i + 2]))]
        if builders:
            return builders[0]
        if project is not None and project.start <= anchor.start:
            visited = [o for o in in_sent if o.end <= project.start and text.endswith(_VISIT_BEFORE, 0, o.start)
                       and "就" in text[o.end:project.start]]
            if visited:
                return visited[-1]
        # the company a sentence opens at: 在某某有限公司，总投资X元的Y项目一期已竣工
        sent = doc.sents[si]
        opening = [o for o in in_sent[:1] if text[o.end:o.end + 1] in "，," and o.end <= at
                   and pattern(r"\s*在").fullmatch(text, sent.start, o.start)]
        if opening:
            return opening[0]
        # the company the sentence is about: its subject, opening it (after a short topic, 外资方面，) and acting
        # (某公司将生产线搬迁至园区，投资X元的Y项目投产; 某公司签订增资协议，追加投资X元), with no other company before
        # the amount and no other amount (其中A公司投资X建设B项目，C县签约的D项目投资Y: A is B's, not D's)
        subject = in_sent[0] if in_sent else None
        rest = in_sent[1:]
        if subject is not None and rest and pattern(r"(?:旗下|下属)的?").fullmatch(text, subject.end, rest[0].start):
            subject, rest = rest[0], rest[1:]  # A集团旗下的B公司于X签约，投资Y: the subsidiary invests
        elif subject is not None and rest and pattern(r"对其(?:全资|控股)?子公司").fullmatch(
                text, subject.end, rest[0].start):
            rest = rest[1:]  # A公司对其全资子公司B增资扩股，新增投资X: the parent invests
        if subject is not None and subject.end <= at and all(o.start >= at for o in rest) and not any(
                subject.end <= m.start < at for m in doc.in_sentence(doc.monies, si)) and not (
                text.startswith(("与", "和", "、", "及", "同", "的", "（", "("), subject.end)) and pattern(
                r"\s*(?:[^，,。；;：:]{1,6}[，,])?").fullmatch(text, sent.start, in_sent[0].start):
            return subject
        return None

    def _sentence_place(self, doc: _Doc, si: int, anchor: Candidate) -> Candidate | None:
        """The place a sentence gives an amount or project: a landing place (落户X, 位于X: the most specific of the
        chain X names), else the places of the anchor's clause, else those since the sentence's previous amount,
        else any in the sentence; venues, datelines and places inside meeting names only when nothing else."""
        text = doc.text
        in_sent = [p for p in doc.in_sentence(doc.places, si) if p.end <= anchor.start + 200
                   and not _in_other_item(doc, si, p, anchor)]
        detail = text.find("其中", anchor.end, doc.sents[si].end) if in_sent else -1
        if detail != -1:  # 储备项目23个，投资额26亿元，其中A乡正在洽谈的B项目…: a place of the part, not the whole
            in_sent = [p for p in in_sent if p.start < detail]
        if not in_sent:
            return None
        landing = [p for p in in_sent if _is_landing(text, p)]
        if landing:
            listed = [landing[0]]
            for p in in_sent:
                if p.start == listed[-1].end + 1 and text[listed[-1].end] in "、和及" and p.level == listed[0].level:
                    listed.append(p)
            parent = _named_place(doc, _common_parent(listed)) if len(listed) >= 2 else None
            if parent is not None:
                return parent  # 选址A镇、B镇: a project across two towns lands in their county
            return max(_chain(landing[0], in_sent), key=_rank)
        origins = {p.start for p in in_sent if text.startswith("籍", p.end)}  # 隆回籍企业家: an origin
        for p in reversed(in_sent):  # 浙江温州籍客商: the whole chain before 籍
            if p.end in origins:
                origins.add(p.start)
        usable = [p for p in in_sent if not _is_venue(doc, p) and not _in_name(text, p)
                  and not _is_dateline(text, p) and p.start not in origins]
        if not usable:
            usable = [p for p in in_sent if not _is_dateline(text, p) and p.start not in origins]
            if not usable and origins:
                return None  # only where an investor comes from: the sentence names no place of the money
            usable = usable or in_sent
        clause_start = anchor.start
        while clause_start > doc.sents[si].start and text[clause_start - 1] not in "，,；;":
            clause_start -= 1
        clause = [p for p in usable if clause_start <= p.start < anchor.start]
        if clause:
            return _list_parent(doc, in_sent, max(clause, key=lambda p: (_rank(p), p.start)))
        monies = doc.in_sentence(doc.monies, si)
        k = bisect_left(doc.money_starts(si), anchor.start)
        prev_end = monies[k - 1].end if k > 0 and monies[k - 1].end <= anchor.start else None
        since = [p for p in usable if prev_end is not None and prev_end <= p.start < anchor.start]
        pool = since or usable
        return _list_parent(doc, in_sent, max(pool, key=lambda p: (_rank(p), -abs(p.start - anchor.start))))

    def _place_for(self, doc: _Doc, si: int, anchor: Candidate) -> Candidate | None:
        return _refine(self._place_source(doc, si, anchor), doc.main_place)

    def _place_source(self, doc: _Doc, si: int, anchor: Candidate) -> Candidate | None:
        own = self._sentence_place(doc, si, anchor)
        if own is not None and _is_landing(doc.text, own):
            return own
        # a following 该项目 sentence that says where the project lands beats a place the sentence only names
        if si + 1 < len(doc.sents) and doc.text.startswith(("“该项目", "该项目", "项目"), doc.sents[si + 1].start):
            nxt = doc.in_sentence(doc.places, si + 1)
            landing = [p for p in nxt if _is_landing(doc.text, p)]
            if landing:
                return max(_chain(landing[0], nxt), key=_rank)
        site = self._site_after(doc, si)
        if site is not None and own is not None and isinstance(own.value, str) and own.value in site.parents:
            return site  # 在某市建设A项目。…，项目选址开发区某产业园: the zone within the city the sentence names
        if own is not None and _is_venue(doc, own):
            # 小分队在苏州拜访A公司，双方就在经开区建设B项目: a visited city is a venue; the zone word (or the zone the
            # document is about) says where the money lands
            return self._zone_reference(doc, si) or self._document_zone(doc) or own
        if own is not None:
            return own
        zone = self._zone_reference(doc, si) or _town_reference(doc, si)
        if zone is not None:
            return zone
        j = doc.paragraph_start(si)
        lead = self._paragraph_place(doc, j)
        if lead is None and j > 0 and pattern(r"\s*其中").match(doc.text, doc.sents[j].start):
            lead = self._paragraph_place(doc, doc.paragraph_start(j - 1))  # 其中 opens a breakdown of the batch before
        return lead if lead is not None else self._document_zone(doc) or doc.main_place

    def _site_after(self, doc: _Doc, si: int) -> Candidate | None:
        """``…，项目选址开发区新能源产业园``: the zone the next sentence says the project is sited in (项目 + a landing
        verb + a zone word standing for the one zone of the document that fits it)."""
        if si + 1 >= len(doc.sents):
            return None
        nxt = doc.sents[si + 1]
        m = pattern(r"项目(?:选址|位于|落户|落地|拟建于|建于)").search(doc.text, nxt.start, nxt.end)
        if m is None:
            return None
        word = self.lex.bare_zone_re.match(doc.text, m.start() + 2, nxt.end)
        fits = _zones_fitting(doc, word.group("word")) if word is not None else []
        return fits[0] if len(fits) == 1 else None

    def _document_zone(self, doc: _Doc) -> Candidate | None:
        """A document that calls a zone by a generic word alone at least twice (``开发区主要负责同志``, ``与开发区签署``)
        is about the one development zone it names that fits the word, when that zone lies in its main place: the
        zone, not the city, is where its unplaced events land (cached per document)."""
        if "" not in doc._doc_zone:
            words = [m.group("word") for m in self.lex.bare_zone_re.finditer(doc.text)]
            fits = {p.value: p for w in set(words) for p in _zones_fitting(doc, w)}
            main = doc.main_place
            zone = next(iter(fits.values())) if len(words) >= 2 and len(fits) == 1 else None
            if zone is not None and main is not None and main.value != zone.value and main.value not in zone.parents:
                zone = None
            doc._doc_zone[""] = zone
        return doc._doc_zone[""]

    def _zone_reference(self, doc: _Doc, si: int) -> Candidate | None:
        """``也在经开区建成投产`` in a sentence naming no place: a generic zone word after a landing verb stands for
        the one development zone the document names whose name holds the word's characters in order (like 我市 for
        the document's city; ANNOTATION.md Events: place); None when no zone or several fit."""
        if si not in doc._zone_words:
            sent = doc.sents[si]
            m = self.lex.bare_zone_re.search(doc.text, sent.start, sent.end)
            doc._zone_words[si] = m.group("word") if m is not None else None
        word = doc._zone_words[si]
        if word is None:
            return None
        fits = _zones_fitting(doc, word)
        return fits[0] if len(fits) == 1 else None

    @staticmethod
    def _paragraph_place(doc: _Doc, j: int) -> Candidate | None:
        """The place a paragraph is about: one opening its first sentence (``达州，连签...``, ``5月18日，宜宾...``), else
        the only place that sentence names (venues, datelines and meeting names aside) when it opens a clause as its
        subject (``放大优势，广元打响...``; not ``X区A项目签约``, where it names the project's place)."""
        text, first = doc.text, doc.sents[j]
        places = doc.in_sentence(doc.places, j)
        if not places:
            return None
        opening = pattern(r"\s*(?:[0-9一二三四五六七八九十]{1,4}月)?[0-9一二三四五六七八九十]{1,3}日[，,]?").match(
            text, first.start)
        head = opening.end() if opening is not None else first.start
        if places[0].start < head + 3 and not _is_venue(doc, places[0]):  # 15日，在X举行的推介会上: a venue
            return places[0]
        usable = [p for p in places if not _is_venue(doc, p) and not _in_name(text, p)
                  and not _is_dateline(text, p)]
        if len({p.value for p in usable}) != 1:
            return None
        starts = {q.start for q in doc.in_sentence(doc.projects, j)}
        subject = [p for p in usable if text[p.start - 1] in "，,；;" and p.end not in starts]
        return subject[0] if subject else None

    def _date_stage(self, doc: _Doc, date: Candidate) -> Stage | None:
        """The stage of a date: the one its own clause states (``自去年8月12日开工建设以来，…建成投产``: started),
        else its sentence's (cached on the document)."""
        if date.start in doc._date_stages:
            return doc._date_stages[date.start]
        si = doc.sentence_index(date.start)
        stage = None
        if si is not None:
            sent, text = doc.sents[si], doc.text
            lo = after_last(text, "，,；;", sent.start, date.start)
            hi = first_of(text, "，,；;", date.end, sent.end)
            stage = self._stated(doc, lo, hi)[0]
            if stage is None and not self._reports_tour(doc, si):
                stage = doc.stages[si][0]
        doc._date_stages[date.start] = stage
        return stage

    def _reports_tour(self, doc: _Doc, si: int) -> bool:
        """``4月26日，某市举行重点项目观摩拉练活动``: sentence ``si`` reports a tour or inspection of project sites
        (``data/cues.tsv`` tour) and states no stage of its own; its day is the visit's, not the day of the states
        the sites report (主体完工, 正在设备调试), and a batch it counts (此次观摩的9个项目) has no stage (cached per
        sentence)."""
        known = doc._tours.get(si)
        if known is None:
            stage, span = doc.stages[si]
            sent = doc.sents[si]
            known = doc._tours[si] = not (stage is not None and span is not None and sent.start <= span[0] < sent.end) \
                and self.lex.tour_re.search(doc.text, sent.start, sent.end) is not None
        return known

    def _signs_intent(self, doc: _Doc, si: int) -> bool:
        """Sentence ``si`` is planned by an intention it signs (``签署了合作意向书``: a signing trigger that is not
        prospective beside 意向); cached per sentence."""
        known = doc._intent_signed.get(si)
        if known is None:
            stage, span = doc.stages[si]
            sent = doc.sents[si]
            known = False
            if stage is Stage.PLANNED and span is not None and sent.start <= span[0] < sent.end and (
                    doc.text[span[0]:span[1]] == "意向"):
                chunk = doc.text[sent.start:sent.end]
                known = any(self.lex.trigger_stage[m.group(0)] is Stage.SIGNED and not is_prospective(
                    chunk, m.start(), m.end()) for m in self.lex.trigger_re.finditer(chunk))
            doc._intent_signed[si] = known
        return known

    def _date_for(self, doc: _Doc, si: int, stage: Stage | None, aggregate: bool) -> Candidate | None:
        """The sentence's date (one whose own clause states another stage aside); for a sentence opening with 同日 or
        当天, the date last named before it; for a project, else a date of the same stage in the paragraph, else
        the document's only such date."""
        # 签署了A项目合作意向书: an intent (planned) signed on a day, like any signing
        stages = (stage, Stage.SIGNED) if stage is Stage.PLANNED and self._signs_intent(doc, si) else (stage,)
        fits = (None, *stages)  # an undated-stage date fits any stage (hoisted: mypyc rejects `in (None, *x)`)
        in_sent = [d for d in doc.in_sentence(doc.dates, si)
                   if stage is None or self._date_stage(doc, d) in fits]
        if in_sent:
            first = in_sent[0]
            # 3月11日至15日，小分队赴…洽谈…: a span of days (a trip, a fair week) dates no single event
            return None if pattern(r"(?:至|到|—|－|-|~|～)").match(doc.text, first.end) and any(
                d.start == first.end + 1 for d in doc.in_sentence(doc.dates, si)) else first
        if says_undated(doc, si):
            return None  # 近日, 日前: the text leaves the day open
        sent = doc.sents[si]
        chunk = _opening(doc, si)
        k = bisect_left(doc.starts_of(doc.dates), sent.start)
        if pattern(r"[^，,。]{0,4}?(?:仪式|活动|大会|会议|签约|开工|投产)(?:当天|当日)[，,]").match(chunk) and k > 0:
            # 仪式当天，B与C签署投资协议: the day the ceremony an earlier sentence reports was held on
            held = [d for d in doc.dates[max(0, k - _SAME_DAY_REACH):k] if pattern("举行|举办|召开").search(
                doc.text, doc.sents[doc.sentence_index(d.start) or 0].start,
                doc.sents[doc.sentence_index(d.start) or 0].end)]
            if held:
                return held[-1]
            if len({d.value for d in doc.dates[max(0, k - _SAME_DAY_REACH):k]}) == 1:
                return doc.dates[k - 1]  # 上线仪式当天 after a text naming one day: that day
        if chunk.startswith(_SAME_DAY) or doc.first_word_end(si, _SAME_DAY_INSIDE) <= sent.end:
            # 同日，…: the day last named, of the same stage when one is (当日，B项目也建成投产: the day A went into
            # production, not the day A started work that a later sentence recalls); also 某项目当日举行开工仪式
            same = [d for d in doc.dates[max(0, k - _SAME_DAY_REACH):k] if self._date_stage(doc, d) in stages]
            return same[-1] if same and stage is not None else doc.dates[k - 1] if k > 0 else None
        if self._at_occasion(doc, si) and (held_on := self._ceremony_day(doc, si)) is not None:
            return held_on
        if aggregate:
            if not self._at_occasion(doc, si) and not chunk.startswith(("其中", "分县区", "分区域", "分产业")):
                return None
            earlier = [d for d in doc.dates if d.start < sent.start
                       and doc.sents[doc.sentence_index(d.start) or 0].paragraph == sent.paragraph]
            opening = doc.paragraph_start(si)
            if not earlier and opening > 0 and self._at_occasion(doc, si):
                return self._occasion_day(doc, doc.paragraph_start(opening - 1), opening)
            return earlier[-1] if earlier else None
        if stage is None or doc.first_word_end(si, self.lex.state_time) <= sent.end:
            return None  # 目前已部分投产, 去年建成: a state the text dates otherwise, not another sentence's day
        same_stage = []
        for d in doc.dates:
            dsi = doc.sentence_index(d.start)
            if dsi is not None and self._date_stage(doc, d) in stages:
                same_stage.append((dsi, d))
        para = [d for dsi, d in same_stage if doc.sents[dsi].paragraph == sent.paragraph and d.start < sent.start
                and not _other_project(doc, dsi, si)]
        if para:
            return para[-1]
        values = {d.value for _, d in same_stage}
        return same_stage[0][1] if len(values) == 1 and not _other_project(doc, same_stage[0][0], si) else None

    def _ceremony_day(self, doc: _Doc, si: int) -> Candidate | None:
        """``6月18日，A项目正式开业。…开业仪式上，还集中签约3个项目``: a paragraph opening at a ceremony named by its
        stage (开业仪式上, 开工仪式现场) takes the day an earlier sentence gives that stage (the last such day)."""
        text, first = doc.text, doc.sents[doc.paragraph_start(si)]
        m = self.lex.trigger_re.search(text, first.start, min(first.end, first.start + _CEREMONY_REACH))
        if m is None or not pattern(_OCCASION_AFTER).match(text, m.end()):
            return None
        stage = self.lex.trigger_stage[m.group(0)]
        k = bisect_left(doc.starts_of(doc.dates), first.start)
        held = [d for d in doc.dates[max(0, k - _SAME_DAY_REACH):k] if self._date_stage(doc, d) is stage]
        return held[-1] if held else None

    def _at_occasion(self, doc: _Doc, si: int) -> bool:
        """``本次活动共签约项目58个…；金安区项目9个…``: sentence ``si`` reports the ceremony the text has dated: it or an
        earlier sentence of its paragraph refers to the occasion (``data/cues.tsv`` occasion: 本次, 此次, 会上, 大会),
        with no time span (period: 今年以来, 累计) from that sentence to ``si`` (cached per sentence)."""
        cache, first = doc._at_occasion, doc.paragraph_start(si)
        known = cache.get(si)
        j = si
        while known is None:  # back to a sentence that decides, then forward, caching each sentence on the way
            sent = doc.sents[j]
            chunk = doc.text[sent.start:sent.end]
            if any(w in chunk for w in self.lex.period):
                known = False
            elif any(w in chunk for w in self.lex.occasion):
                known = True
            elif j == first:
                known = False
            else:
                j -= 1
                known = cache.get(j)
                continue
            cache[j] = known
        for k in range(j + 1, si + 1):
            cache[k] = known
        return known

    def _record_fields(self, doc: _Doc, si: int) -> dict[str, int]:
        """``项目名称：A项目；建设单位：B公司；总投资：X元；建设地点：C区。``: the sentences of sentence ``si``'s
        paragraph that are labelled fields, by kind (record_investor, record_place; cached per paragraph)."""
        first = doc.paragraph_start(si)
        fields = doc._records.get(first)
        if fields is None:
            fields = doc._records[first] = {}
            j = first
            while j < len(doc.sents) and doc.sents[j].paragraph == doc.sents[first].paragraph:
                m = self.lex.field_re.match(doc.text, doc.sents[j].start, doc.sents[j].end)
                if m is not None and m.lastgroup is not None:
                    fields.setdefault(m.lastgroup, j)
                j += 1
        return fields

    def _field_investor(self, doc: _Doc, si: int, money: Candidate) -> Candidate | None:
        """``A项目（投资方：B公司，投资额X元）``: a company written after an investor label (``data/cues.tsv``
        record_investor) in the amount's own item (after the sentence's previous amount) is its investor."""
        monies = doc.in_sentence(doc.monies, si)
        k = bisect_left(doc.money_starts(si), money.start)
        lo = monies[k - 1].end if k > 0 else doc.sents[si].start
        for o in reversed(doc.in_sentence(doc.orgs, si)):
            if lo <= o.start and o.end <= money.start and self.lex.field_label_re.search(
                    doc.text, max(lo, o.start - 8), o.start):
                return _full_name(doc, o)
        return None

    def _from_record(self, doc: _Doc, si: int, d: _Draft) -> None:
        """An amount in a record of labelled fields (a numbered list of key projects) takes its investor from the
        builder field (建设单位) and its place from the location field (建设地点: the last place of one written
        chain, ``大同市云州区``; places listed apart, ``长治市、晋城市``, keep the place found from the context)."""
        fields = self._record_fields(doc, si)
        if not fields:
            return
        at = fields.get("record_investor")
        if at is not None:
            orgs = doc.in_sentence(doc.orgs, at)
            if orgs:
                d.investor = orgs[0]
        at = fields.get("record_place")
        if at is not None:
            places = doc.in_sentence(doc.places, at)
            if places and len(_chain(places[0], places)) == len(places):
                d.place = places[-1]

    @staticmethod
    def _occasion_day(doc: _Doc, lo: int, hi: int) -> Candidate | None:
        """``7月16日，…签约活动在X举行。`` / ``活动现场，9个项目集中签约``: a paragraph opening at the occasion takes the
        day the paragraph before (sentences ``lo`` to ``hi``) says the occasion was held on, when that paragraph names
        no other day (``16日…；17日…；18日，在某地举行的座谈会上…`` reports a trip of several days: 此次考察 has no day)."""
        held = None
        days: set[object] = set()
        for j in range(lo, hi):
            sent = doc.sents[j]
            dates = doc.in_sentence(doc.dates, j)
            days.update(d.value for d in dates)
            if held is None and dates and pattern("举行|举办|召开").search(doc.text, sent.start, sent.end):
                held = dates[0]
        return held if len(days) == 1 else None

    def _count_only_aggregates(self, doc: _Doc, drafts: list[_Draft]) -> list[_Draft]:
        """A batch with a count and a stage but no amount (``32个项目已开工建设``); a count-only breakdown is none
        (ANNOTATION.md): one listed after 其中, or a part of a larger batch (``_is_part``)."""
        out: list[_Draft] = []
        used = {d.sentence for d in drafts}
        batches = [d for d in drafts if d.kind is EventKind.AGGREGATE and d.count is not None]
        text = doc.text
        by_sentence: dict[int, list[_Draft]] = {}
        for d in drafts:
            by_sentence.setdefault(d.sentence.start, []).append(d)
        for si, sent in enumerate(doc.sents):
            if sent in used:
                out += self._batch_beside(doc, si, by_sentence.get(sent.start, []), batches)
                continue
            stated = self._stated(doc, sent.start, sent.end)
            if stated[0] is None:
                continue
            chunk = text[sent.start:sent.end]
            if chunk.lstrip().startswith("其中") or "划分" in chunk or is_target(chunk):
                continue
            detail = text.find("其中", sent.start, sent.end)
            counts = [c for c in _sentence_counts(doc, si, self.lex) if detail == -1 or c[3] < detail]
            for value, start, end, m_start, m_end in counts[:1]:
                anchor = Candidate(Label.MONEY, m_start, m_end)
                if is_outbound_or_target(doc, si, anchor):
                    continue  # 境外投资备案项目19个: outbound investment, no batch of the place
                self._add_count_batch(doc, si, (value, start, end), anchor,
                                      self._batch_stage(doc, sent, m_start, m_end, stated[:2]), out, batches)
        return out

    def _batch_beside(self, doc: _Doc, si: int, own: list[_Draft], batches: list[_Draft]) -> list[_Draft]:
        """``A区已有43个项目竣工投产，B区新引进项目27个、投资总额X元``: in a sentence with amount events, a count no
        event took, in a clause of its own that states a stage no event of the sentence has and holds no amount,
        before any 其中 and in no ``分别`` list, is a batch too (``own``: the sentence's drafts)."""
        text, sent = doc.text, doc.sents[si]
        chunk = text[sent.start:sent.end]
        if chunk.lstrip().startswith("其中") or is_target(chunk):
            return []
        taken = {d.count[1] for d in own if d.count is not None}
        if "分别" in chunk:
            return []
        detail = text.find("其中", sent.start, sent.end)
        monies = doc.in_sentence(doc.monies, si)
        out: list[_Draft] = []
        for value, start, end, m_start, m_end in _sentence_counts(doc, si, self.lex):
            if start in taken or (detail != -1 and m_start > detail):
                continue
            lo, hi = _clause_start(text, sent, m_start), _clause_end(text, sent, m_end)
            stated = self._stated(doc, lo, hi)
            if stated[0] is None or any(lo <= m.start < hi for m in monies) or any(
                    d.stage is stated[0] for d in own):
                continue  # 现场签约项目7个、云签约项目3个，共签约项目10个，总金额X: parts of the batch the amount counts
            anchor = Candidate(Label.MONEY, m_start, m_end)
            self._add_count_batch(doc, si, (value, start, end), anchor, (stated[0], stated[1]), out, batches)
        return out

    def _add_count_batch(self, doc: _Doc, si: int, count: tuple[int, int, int], anchor: Candidate,
                         stage: tuple[Stage | None, tuple[int, int] | None], out: list[_Draft],
                         batches: list[_Draft]) -> None:
        """A count-only batch of sentence ``si`` (``count``: value, start, end; ``anchor``: where the count's match
        lies) at ``stage`` (stage, trigger span), appended to ``out`` and ``batches`` unless it is part of a recent
        batch."""
        d = _Draft(EventKind.AGGREGATE, doc.sents[si], count=count)
        d.stage, d.stage_span = stage
        d.place = _batch_parent(doc, si, anchor, self._place_for(doc, si, anchor))
        d.date = self._date_for(doc, si, d.stage, True)
        if not any(_is_part(d, b) for b in batches[-_MERGE_WINDOW:]):
            out.append(d)
            batches.append(d)

    def _batch_stage(self, doc: _Doc, sent: _Sentence, start: int, end: int,
                     stated: tuple[Stage | None, tuple[int, int] | None]) -> tuple[Stage | None, tuple[int, int] | None]:
        """The stage of a count-only batch: the one its own clause states (``形成在谈项目100个，成功引进A``), else the
        one stated before a ``其中`` breakdown that follows the count (``上报项目26个，其中新引进项目23个``: none)."""
        text = doc.text
        lo = after_last(text, "，,；;", sent.start, start)
        hi = first_of(text, "，,；;", end, sent.end)
        own = self._stated(doc, lo, hi)
        if own[0] is not None:
            return own[0], own[1]
        detail = text.find("其中", end, sent.end)
        if detail != -1 and stated[1] is not None and stated[1][0] > detail:
            before = self._stated(doc, sent.start, detail)
            return before[0], before[1]
        return stated

    def _projects_without_amount(self, doc: _Doc, bound: set[int]) -> list[_Draft]:
        """A named project with its own stage statement and no amount: the only project of its sentence without an
        amount of its own (``…投资X的A项目，以及由B公司回迁的C项目``), or one of a list the statement covers item by
        item (``A项目、B项目均已进入设备安装阶段``); not one listed in a batch sentence (a count, ``包括A、B等``)."""
        out: list[_Draft] = []
        text = doc.text
        own: dict[int, set[int]] = {}  # per sentence: the starts of the unbound projects that may have an event
        for p in doc.projects:
            si = doc.sentence_index(p.start)
            if p.start in bound or si is None or text.endswith(CLASS_QUANTIFIERS, max(0, p.start - 3), p.start):
                continue  # 签约了一批先进制造项目: a class of projects, no named one
            sent = doc.sents[si]
            stated = self._stated(doc, sent.start, sent.end)
            if stated[0] is None or self.lex.count_re.search(text, sent.start, sent.end):
                continue
            if si not in own:
                own[si] = _own_statements(doc, [q for q in doc.in_sentence(doc.projects, si) if q.start not in bound])
            if p.start not in own[si]:
                continue
            d = _Draft(EventKind.PROJECT, sent, project=p)
            d.stage, d.stage_span = stated[0], stated[1]
            d.investor = self._investor_for(doc, si, p, p)
            # B区的C项目: the place the project is said to be of
            attached = doc.place_ends().get(p.start - 1) if text[p.start - 1:p.start] == "的" else None
            d.place = attached or _name_place(doc, self._place_for(doc, si, p), (p, d.investor),
                                              self._inside(doc, p))
            d.date = _progress_date(doc, d, self._date_for(doc, si, d.stage, False))
            out.append(d)
        return out

    @staticmethod
    def _to_event(d: _Draft, original: str, offsets: OffsetMap) -> Event:
        evidence: dict[str, tuple[int, int]] = {}
        spans: dict[str, Candidate | tuple[int, int] | None] = {
            "amount": d.amount, "project": d.project, "investor": d.investor, "place": d.place, "date": d.date,
            "stage": d.stage_span, "project_count": (d.count[1], d.count[2]) if d.count else None,
        }
        for name, c in spans.items():
            if c is None:
                continue
            s, e = (c.start, c.end) if isinstance(c, Candidate) else c
            if s >= 0:
                evidence[name] = offsets.to_original(s, e)

        def text_of(c: Candidate | None) -> str | None:
            if c is None:
                return None
            s, e = offsets.to_original(c.start, c.end)
            return original[s:e]

        amount = d.amount.value if d.amount is not None and isinstance(d.amount.value, Decimal) else None
        return Event(
            kind=d.kind,
            stage=d.stage,
            place=d.place.value if d.place is not None and isinstance(d.place.value, str) else None,
            project=text_of(d.project),
            investor=text_of(d.investor),
            amount=amount,
            currency=d.amount.currency if amount is not None and d.amount is not None else None,
            project_count=d.count[0] if d.count is not None else None,
            date=d.date.value if d.date is not None and isinstance(d.date.value, str) else None,
            place_code=d.place.code if d.place is not None else None,
            sentence=offsets.to_original(d.sentence.start, d.sentence.end),
            evidence=tuple(sorted(evidence.items())),
        )


def main_place(places: list[Candidate], text: str = "") -> Candidate | None:
    """The place a document is about: most mentions, each county or smaller also voting (less) for its prefecture;
    a text that says 我市 (我县) is about its most-voted prefecture (county); None when the winner is only inferred
    from the places within it and the text never names it."""
    votes: Counter[str] = Counter()
    levels: dict[str, str] = {}
    by_value: dict[str, Candidate] = {}
    children: dict[str, set[str]] = {}
    for p in places:
        if not isinstance(p.value, str) or (text and _is_dateline(text, p)):
            continue  # 本报西安10月18日电: where the report was filed, not what it is about
        votes[p.value] += 10
        by_value.setdefault(p.value, p)
        levels[p.value] = p.level or ""
        if p.level in ("zone", "township", "county") and len(p.parents) >= 2:
            votes[p.parents[1]] += 6
            levels.setdefault(p.parents[1], "prefecture")
            # a township or a zone within a county is a branch of that county (湄潭经济开发区 of 湄潭)
            branch = p.parents[2] if p.level in ("township", "zone") and len(p.parents) >= 3 else p.value
            children.setdefault(p.parents[1], set()).add(branch)
        elif p.level == "county" and len(p.parents) == 1:
            votes[p.parents[0]] += 6  # a district of a province-level city (永川 in 重庆) votes for that city
            levels.setdefault(p.parents[0], "province")
            children.setdefault(p.parents[0], set()).add(p.value)
        if p.level == "township" and len(p.parents) >= 3:
            votes[p.parents[2]] += 6
            levels.setdefault(p.parents[2], "county")
            children.setdefault(p.parents[2], set()).add(p.value)
    if not votes:
        return None
    own = "prefecture" if "我市" in text else "county" if ("我县" in text or "我区" in text) else None
    ranked = [v for v, _ in votes.most_common() if own is None or levels.get(v) == own]
    best = ranked[0] if ranked else votes.most_common(1)[0][0]
    only = children.get(best, set())
    if own is None and len(only) == 1 and best in by_value:
        child = next(iter(only))  # a parent that wins only through the places within one of its parts: that part
        inherited = sum(6 for p in places if p.value != best and best in p.parents[1:2] and not _is_dateline(text, p))
        if votes[child] > votes[best] - inherited:
            best = child
    if best not in by_value and best not in text:
        return None  # only inferred from its parts: the text never names it (我县 with no county named)
    return by_value.get(best) or Candidate(Label.PLACE, -1, -1, best, level=levels.get(best) or "prefecture")


_BREAKDOWN = r"\s*(?:其中|分[^，,。]{1,4}看|从[^，,。]{1,6}看|按[^，,。]{1,6}(?:划分|看|分))"


_TODAY = ("今日", "今天")


def dateline_is_today(text: str, date: Candidate) -> bool:
    """``本报某地12月5日电 某推介会今日在某地举行``: a dateline's day is the event's when its sentence says 今日."""
    m = pattern(r"[^。！？!?\n]{0,60}").match(text, date.end)
    return m is not None and any(w in m.group() for w in _TODAY)


def _is_report_date(text: str, date: Candidate) -> bool:
    """``截至12月10日``, ``记者从1月24日召开的工作会议上获悉``: a cut-off day or the day results were reported, never
    the day of an event; nor is a day standing alone on its line (the day a notice is signed, below its issuer)."""
    if text[max(0, date.start - 3):date.start].endswith(("截至", "截止", "截止到", "截至到")):
        return True
    if not text[text.rfind("\n", 0, date.start) + 1:date.start].strip() and not text[
            date.end:(text.find("\n", date.end) + 1 or len(text) + 1) - 1].strip() and date.start > 0:
        return True
    m = pattern(r"[^，,。；;\n]{0,40}").match(text, date.end)
    if m is not None and pattern(r"获悉|了解到|发布会|工作会议").search(m.group()) is not None:
        return True
    if pattern(r"(?:晚间|晚|早间|午间|盘后)?(?:发布)?公告").match(text, date.end):
        return True  # 某公司12月9日晚间公告称: the day a listed company announced it, not the day of the deal
    # 7月23日，记者从某某工作推进会上获悉，…: a day opening the report of a meeting (not of a ceremony held that day)
    m = pattern(r"[，,]\s*(记者[^，,。；;\n]{0,40}?(?:获悉|了解到))").match(text, date.end)
    return m is not None and pattern(_CEREMONY).search(m.group(1)) is None


_CEREMONY = r"仪式|签约|开工|投产|竣工|开业|奠基|推介|洽谈|博览|交易会"


def _breakdown_sentences(doc: _Doc) -> list[bool]:
    """Per sentence: whether it or one before it in its paragraph opens a breakdown (其中, 分县区看)."""
    opener = pattern(_BREAKDOWN).match
    in_breakdown: list[bool] = []
    for j, sent in enumerate(doc.sents):
        carried = j > 0 and in_breakdown[j - 1] and doc.paragraph_start(j) <= j - 1
        in_breakdown.append(carried or opener(doc.text, sent.start) is not None)
    return in_breakdown


def _breakdown_places(doc: _Doc, drafts: list[_Draft]) -> None:
    """``本次投产项目8个，均位于柳东新区…。其中，A项目总投资X…``: a project of a breakdown whose own sentence names no
    place lands where the batch it breaks down lands (the last batch before it that is no breakdown), when that place
    lies within the project's place found from the context."""
    batches = [d for d in drafts if d.kind is EventKind.AGGREGATE]
    if not batches:
        return
    in_breakdown = _breakdown_sentences(doc)
    batch: _Draft | None = None
    for d in sorted(drafts, key=lambda d: d.sentence.start):
        si = doc.sentence_index(d.sentence.start)
        if si is None:
            continue
        if d.kind is EventKind.AGGREGATE:
            if not in_breakdown[si]:
                batch = d
            continue
        if not in_breakdown[si] or batch is None or batch.place is None or d.place is None or (
                doc.in_sentence(doc.places, si)):
            continue
        if _rank(batch.place) > _rank(d.place) and (not batch.place.parents or d.place.value in batch.place.parents):
            d.place = batch.place


def _breakdown_dates(doc: _Doc, drafts: list[_Draft]) -> None:
    """A breakdown of a batch (a sentence opening with 其中, 分县区看, 从分布看, or following one in its paragraph)
    states no day of its own: it takes the date of the batch it breaks down (the last aggregate before it that is
    no breakdown)."""
    batch: _Draft | None = None
    aggregates = sorted((d for d in drafts if d.kind is EventKind.AGGREGATE), key=lambda d: d.sentence.start)
    if not aggregates:
        return
    in_breakdown = _breakdown_sentences(doc)
    for d in aggregates:
        si = doc.sentence_index(d.sentence.start)
        if si is None:
            continue
        if in_breakdown[si]:
            if d.date is None and batch is not None:
                d.date = batch.date
        else:
            batch = d


def _inline_breakdown_dates(doc: _Doc, drafts: list[_Draft]) -> None:
    """``现场签约项目23个，总投资X元，其中外资项目4个，合同外资Y美元``: a breakdown after 其中 in the sentence of its
    batch takes the batch's date (run after merging, when the batch may have its day from the headline)."""
    batches: dict[int, _Draft] = {}
    for d in sorted((d for d in drafts if d.kind is EventKind.AGGREGATE and d.amount is not None),
                    key=lambda d: d.amount.start if d.amount is not None else 0):
        money = d.amount
        si = doc.sentence_index(money.start) if money is not None else None
        if money is None or si is None:
            continue
        detail = doc.first_word_end(si, ("其中",)) - 2  # the sentence's first 其中 (cached per sentence)
        batch = batches.get(si)
        if detail + 2 > money.start:
            batches.setdefault(si, d)
        elif batch is not None and batch.amount is not None and batch.amount.end <= detail and d.date is None and (
                not d.undated):
            d.date = batch.date


def _common_parent(values: Sequence[Candidate]) -> str | None:
    """The most specific place all of ``values`` lie in or are (parents are listed from the province down)."""
    shared: tuple[str, ...] | None = None
    for p in values:
        chain = (*p.parents, p.value) if isinstance(p.value, str) else p.parents
        if shared is None:
            shared = chain
        else:
            k = 0
            while k < min(len(shared), len(chain)) and shared[k] == chain[k]:
                k += 1
            shared = shared[:k]
    return shared[-1] if shared else None


_PARK_ENDS = ("园", "园区")


def _park_places(doc: _Doc, drafts: list[_Draft]) -> None:
    """``B产业园投资方出资建设的A项目``: a project whose sentence names a park that is an event of the document (a
    project named ``…园``, ``…园区``) lands in the park's place when that is more specific and lies within the project's
    own place (or its parents are unknown); ``A园投资方`` there names the park's investor."""
    text = doc.text
    parks: dict[str, _Draft] = {}
    for d in drafts:
        key = _project_key(text, d.project) or ""
        if d.kind is EventKind.PROJECT and d.place is not None and key.endswith(_PARK_ENDS):
            parks.setdefault(key, d)
    if not parks:
        return
    for d in drafts:
        if d.kind is not EventKind.PROJECT or d.place is None or d.project is None:
            continue
        for start, end in find_words(parks, text, d.sentence.start, d.sentence.end):
            name = text[start:end]
            park = parks[name]
            sentence = text[d.sentence.start:d.sentence.end]
            if park is d or park.place is None or name in text[d.project.start:d.project.end] or (
                    park.sentence == d.sentence):
                continue  # a park listed beside the project (A项目、B产业园项目分别投资…) is no place of it
            if d.investor is None and park.investor is not None and f"{name}投资方" in sentence:
                d.investor = park.investor  # B园投资方出资建设: the park's investor
            if _rank(park.place) > _rank(d.place) and (not park.place.parents or d.place.value in park.place.parents):
                d.place = park.place
            break


_TOWN_WORDS = ("全镇", "本镇", "镇里", "全乡", "本乡", "乡里", "全街道")


def _town_reference(doc: _Doc, si: int) -> Candidate | None:
    """``今年以来，全镇已签约项目4个``: a town word (全镇, 镇里) in a sentence naming no place stands for the one town
    the document names (like 我市 for its city); None when it names no town or several."""
    sent = doc.sents[si]
    if doc.first_word_end(si, _TOWN_WORDS) > sent.end:
        return None
    towns = [p for p in doc.distinct_places().values() if p.level == "township"]
    return towns[0] if len(towns) == 1 else None


def _zones_fitting(doc: _Doc, word: str) -> list[Candidate]:
    """The development zones of the document a generic zone word (经开区, 开发区) can stand for: those whose name
    holds its characters in order; a zone candidate that is itself the word after a verb (年落户开发区) is none."""
    return [p for value, p in doc.distinct_places().items() if p.level == "zone" and _fits_zone_word(word, value)
            and not value.removesuffix(word).endswith(_ZONE_VERBS)]


def _fits_zone_word(word: str, value: str) -> bool:
    """Whether a generic zone word can stand for the zone ``value``: its characters occur in order in the name
    (经开区 for 某某经济技术开发区), or it is 园区 and the name is a park's (某某产业合作园)."""
    return _is_subsequence(word, value) or (word == "园区" and value.endswith("园"))


def _named_place(doc: _Doc, value: str | None) -> Candidate | None:
    """The document's mention of the place ``value`` (or its main place when that is it), else None."""
    if value is None:
        return None
    named = doc.distinct_places().get(value)
    if named is None and doc.main_place is not None and doc.main_place.value == value:
        named = doc.main_place
    return named


def _headline_parent(doc: _Doc, drafts: list[_Draft]) -> None:
    """``全年招商签约额超900亿元`` over the totals of several cities: a batch whose sentence names no place and whose amount
    exceeds that of every batch whose sentence names one lands in the common parent of those batches' places, when
    they are two or more and the document names that parent (ANNOTATION.md: a batch spread over several places)."""
    unplaced: list[_Draft] = []
    placed: list[_Draft] = []
    for d in drafts:
        if d.kind is EventKind.AGGREGATE and d.amount is not None and isinstance(d.amount.value, Decimal):
            si = doc.sentence_index(d.sentence.start)
            if si is not None:
                (placed if doc.in_sentence(doc.places, si) else unplaced).append(d)
    places = [d.place for d in placed if d.place is not None]
    if not unplaced or len({p.value for p in places}) < 2:
        return
    parent = _named_place(doc, _common_parent(places))
    if parent is None:
        return
    # a placed batch of the parent itself (全省签约X元 above the counties' totals) is no part to exceed
    parts = [d for d in placed if d.place is None or d.place.value != parent.value]
    top = max((d.amount.value for d in parts if d.amount is not None and isinstance(d.amount.value, Decimal)),
              default=Decimal(0))
    for d in unplaced:
        if d.amount is not None and isinstance(d.amount.value, Decimal) and d.amount.value > top:
            d.place = parent


def _breakdown_parent(doc: _Doc, drafts: list[_Draft]) -> None:
    """``现场签约项目14个…。其中，A公司在X投资…；B项目选址Y…``: a batch whose projects, listed after it in its paragraph
    or in a following paragraph that opens with 其中, land in two or more places their own sentences name takes the
    common parent of those places when the document names it, unless the batch's place already is that parent or
    contains it (a venue or dateline city is no place of the batch; ANNOTATION.md: a batch spread over several
    places)."""
    batch: _Draft | None = None
    scope: tuple[int, int] = (0, 0)  # the batch's paragraph start and the sentence index where its scope ends
    places: list[Candidate] = []
    ends: dict[int, int] = {}  # paragraph ends by paragraph start, so that dense paragraphs stay linear

    def settle() -> None:
        if batch is None or len({p.value for p in places}) < 2:
            return
        parent = _common_parent(places)
        if parent is None or (batch.place is not None and isinstance(batch.place.value, str) and (
                batch.place.value == parent or batch.place.value in _chain_of(places[0], parent))):
            return
        named = _named_place(doc, parent)
        if named is not None:
            batch.place = named

    for d in drafts:
        si = doc.sentence_index(d.sentence.start)
        if si is None:
            continue
        if d.kind is EventKind.AGGREGATE:
            if d.count is None or d.amount is None:
                continue
            settle()
            batch, places = d, []
            scope = (doc.paragraph_start(si), _breakdown_end(doc, si, ends))
            continue
        if batch is None or not (batch.sentence.start < d.sentence.start and si < scope[1]):
            continue
        p = d.place
        if p is not None and p.start >= 0 and d.sentence.start <= p.start < d.sentence.end and (
                p.parents or p.level == "province"):  # a zone of unknown parents says nothing of the parent
            places.append(p)
    settle()


def _breakdown_end(doc: _Doc, si: int, ends: dict[int, int]) -> int:
    """The index of the first sentence after sentence ``si``'s paragraph and a following paragraph that opens with
    其中 (``_breakdown_parent``); ``ends`` caches paragraph ends."""

    def paragraph_end(start: int) -> int:
        end = ends.get(start)
        if end is None:
            end = start + 1
            while end < len(doc.sents) and doc.paragraph_start(end) == start:
                end += 1
            ends[start] = end
        return end

    j = paragraph_end(doc.paragraph_start(si))
    if j < len(doc.sents) and pattern(r"\s*其中").match(doc.text, doc.sents[j].start):
        j = paragraph_end(j)
    return j


def _chain_of(place: Candidate, parent: str) -> tuple[str, ...]:
    """The enclosing units of ``parent`` as ``place``'s parent chain lists them, ``parent`` excluded."""
    chain = (*place.parents, place.value) if isinstance(place.value, str) else place.parents
    return chain[:chain.index(parent)] if parent in chain else ()


_LIST_REACH = 16  # the most places looked at on either side of a batch's place in a list
_JOINERS = ("、", "和", "及", "与", "以及")
_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+|[一二两三四五六七八九十百]+"
_RESPECTIVE_COUNTS = (
    rf"分别[^，,；;。0-9]{{0,8}}?项目(?:数|数量)?(?:为|有|达)?(?P<list>(?:{_NUM})(?:多|余)?个(?:[、和及与](?:{_NUM})(?:多|余)?个)+)"
    rf"|分别(?:为|有|达)?(?P<list2>(?:{_NUM})(?:多|余)?个(?:[、和及与](?:{_NUM})(?:多|余)?个)+)[^，,；;。]{{0,6}}项目"
    # A县、B县签约项目分别为76个、69个; A县、B县签约项目均为58个 (one count for every place listed)
    rf"|(?:新签约|新签|签约|新引进|引进|落地)?项目(?:数|数量)?(?:分别(?:为|有|达)?(?P<list3>(?:{_NUM})(?:多|余)?个"
    rf"(?:[、和及与](?:{_NUM})(?:多|余)?个)+)|均为(?P<each>{_NUM})(?:多|余)?个)")


def _listed_places(doc: _Doc, at: int) -> list[Candidate]:
    """The places of a list (joined by 、和及与) that ends right at ``at`` (``龙海区、长泰区分别…``), in text order; at
    most ``_LIST_REACH``."""
    places, text = doc.places, doc.text
    k = bisect_left(doc.starts_of(places), at)
    if k == 0 or places[k - 1].end != at:
        return []
    lo = k - 1
    while lo > 0 and k - lo < _LIST_REACH and text[places[lo - 1].end:places[lo].start] in _JOINERS:
        lo -= 1
    return places[lo:k]


def _batch_parent(doc: _Doc, si: int, anchor: Candidate, place: Candidate | None) -> Candidate | None:
    """``A市B区、C区共签约项目12个``: a batch whose place is one of a list of places (joined by 、和及与) before its
    amount or count in the sentence takes their common parent when the document names it, else none; so does one
    whose place is in a list after it that says where its projects are spread (``…总金额X，项目分布在A区、B县等地``)."""
    if place is None or place.start < 0:
        return place
    after = place.end > anchor.start
    places, text = doc.places, doc.text
    k = bisect_left(doc.starts_of(places), place.start)
    if k >= len(places) or places[k] is not place:
        return place
    lo = hi = k
    limit = doc.sents[si].end if after else anchor.start
    while lo > 0 and k - lo < _LIST_REACH and text[places[lo - 1].end:places[lo].start] in _JOINERS:
        lo -= 1
    while (hi + 1 < len(places) and hi - k < _LIST_REACH and places[hi + 1].end <= limit
           and text[places[hi].end:places[hi + 1].start] in _JOINERS):
        hi += 1
    listed = places[lo:hi + 1]
    if len({p.value for p in listed}) < 2 or (after and not (
            listed[0].start > anchor.end and text.endswith(_SPREAD, 0, listed[0].start))):
        return place
    return _named_place(doc, _common_parent(listed))


_WHOLE = {"全省": "province", "全市": "prefecture", "全州": "prefecture"}


def _whole_region(doc: _Doc, si: int, money: Candidate) -> Candidate | None:
    """``2024年全省新签约项目3862个，签约投资额X元``: a batch of the whole province (city) lands in the one province
    (city) the document names at that level that is its main place or holds it, not in the main place within it."""
    monies = doc.in_sentence(doc.monies, si)
    k = bisect_left(doc.money_starts(si), money.start)
    lo = monies[k - 1].end if k > 0 else doc.sents[si].start
    m = pattern("全[省市州]").search(doc.text, max(lo, money.start - 40), money.start)
    if m is None or doc.text[m.start() - 1:m.start()] in ("占", "居", "列", "的"):
        return None  # 占全省的33.1%: a share, not the batch's own place
    level, main = _WHOLE[m.group()], doc.main_place
    fits = [p for p in doc.distinct_places().values() if p.level == level and (
        main is None or p.value == main.value or p.value in main.parents)]
    return fits[0] if len(fits) == 1 else None


_SPREAD = ("分布在", "分布于", "遍布", "遍及", "涉及", "覆盖")  # 项目分布在A区、B县等地: where a batch's projects are


def _is_part(d: _Draft, batch: _Draft) -> bool:
    """``全年新签约项目3000个…全年共引进500强企业投资项目150个``: a count-only batch stated after a larger batch of
    the same stage and place (or a place within it) counts a category of that batch, not a batch of its own."""
    if batch.count is None or d.count is None or batch.sentence.start >= d.sentence.start:
        return False
    if d.count[0] >= batch.count[0] or d.stage is not batch.stage:
        return False
    if d.place is None or batch.place is None or d.place.value == batch.place.value:
        return True
    return isinstance(batch.place.value, str) and batch.place.value in d.place.parents


_EACH = r"[、和及与]"
_DISTRIBUTIVE = ("均", "都", "分别", "先后", "相继", "同步", "同时")
_DISTRIBUTIVE_LEAD = r"(?:也|亦|还)?(?:于|在)?(?:当日|当天|同日|同一天)?"  # B项目也于当日同步竣工


def _own_statements(doc: _Doc, unbound: list[Candidate]) -> set[int]:
    """The starts of the projects (of one sentence, none with an amount of its own) that a stage statement covers
    one by one: the only one, or every item of a list ``A、B`` followed by a distributive word (``均``, ``分别``)."""
    if len(unbound) == 1:
        return {unbound[0].start}
    text = doc.text
    if len(unbound) < 2:
        return set()
    lead = pattern(_DISTRIBUTIVE_LEAD).match(text, unbound[-1].end)
    if not text.startswith(_DISTRIBUTIVE, lead.end() if lead is not None else unbound[-1].end):
        return set()
    # A项目、B区的C项目也于当日同步竣工: an item may open with the place it lies in (a place and 的)
    ends = doc.place_ends()
    if all(pattern(_EACH).fullmatch(text, a.end, b.start) or (
            pattern(_EACH).fullmatch(text, a.end, a.end + 1) and text[b.start - 1] == "的" and (
                (c := ends.get(b.start - 1)) is not None and c.start == a.end + 1))
           for a, b in pairwise(unbound)):
        return {q.start for q in unbound}
    return set()


# 已进入设备安装阶段, 正在进行设备调试, 主体厂房已全面封顶: a state of progress, reported on no particular day
_PROGRESS = ("设备安装", "设备调试", "封顶", "全面封顶", "正在建设", "建设如火如荼")


def _progress_date(doc: _Doc, d: _Draft, date: Candidate | None = None) -> Candidate | None:
    """The date of a project whose stage is a state of progress (``_PROGRESS``, ``进入试生产阶段``): only a day
    stated in the sentence of that statement, never one borrowed from the paragraph or the document."""
    date = date if date is not None else d.date
    span = d.stage_span
    if date is None or span is None:
        return date
    word = doc.text[span[0]:span[1]]
    if word not in _PROGRESS and not doc.text.startswith("阶段", span[1]):
        return date
    return date if doc.sentence_index(date.start) == doc.sentence_index(span[0]) else None


# a sentence that opens on an amount cue (二期投资X, 总投资X) with no subject continues the last project named
_OPENS_ON_AMOUNT = r"\s*(?:[一二三四首]期(?:工程|项目)?(?:计划)?投资|总投资|计划总?投资)"
_LEVEL_CHARS = ("省", "市", "县", "区", "旗", "镇", "乡")  # a level word ends a place written out in full
_VISIT_BEFORE = ("赴", "走访", "拜访", "到访", "考察", "前往")
_REFERRING = r"(?:该|这家|此)(?:企业|公司|集团)|(?:(?<=^|[，,；;])\s*(?:企业|公司))"


def _joint_with(text: str, org: Candidate, following: Sequence[Candidate]) -> bool:
    """``A与B共同出资``, ``A和B联合投资``: ``org`` is the first of two joint investors (the next company named right
    after a joining word, followed by 共同, 联合 or 合资)."""
    return bool(following) and text[org.end:following[0].start] in _JOINERS and pattern(
        r"(?:共同|联合|合资)").match(text, following[0].end) is not None


def _referred_company(doc: _Doc, si: int, at: int) -> Candidate | None:
    """``...某某有限公司投产两年来效益良好。如今，企业又投资X元...``: a ``该公司`` (or a clause opening with 企业,
    公司) before ``at`` refers back to the last company named in the sentence or the two before it (same
    paragraph)."""
    first = doc.first_referring_end(si)
    if first is None or doc.sents[si].start + first > at:
        return None
    lo = _back(doc, si, 2)
    k = bisect_left(doc.starts_of(doc.orgs), at)
    return doc.orgs[k - 1] if k > 0 and doc.orgs[k - 1].start >= lo else None


_ALIAS_BETWEEN = r"\s*[(（]\s*(?:以下)?简称[：:]?\s*[“\"「‘]?"


def _full_name(doc: _Doc, org: Candidate | None) -> Candidate | None:
    """A short company name (``某某科技``) is written as the full name an earlier mention gives
    (``某某科技集团有限公司``, or the name its ``（简称“某某科技”）`` bracket follows)."""
    if org is None:
        return None
    k = bisect_left(doc.starts_of(doc.orgs), org.start)
    if k > 0 and pattern(_ALIAS_BETWEEN).fullmatch(doc.text, doc.orgs[k - 1].end, org.start):
        return doc.orgs[k - 1]  # 某某科技股份有限公司（简称“某某科技”）: the name the alias stands for
    short = doc.text[org.start:org.end]
    for o in doc.orgs_by_head().get(short[:2], ()):
        if o.start >= org.start:
            break
        if o.end - o.start > len(short) and doc.text.startswith(short, o.start):
            return o
        if o.end - o.start == len(short) and doc.text.startswith(short, o.start):
            j = bisect_left(doc.starts_of(doc.orgs), o.start)
            if j > 0 and pattern(_ALIAS_BETWEEN).fullmatch(doc.text, doc.orgs[j - 1].end, o.start):
                return doc.orgs[j - 1]  # A有限公司（以下简称“A汽车”）…A汽车投资X元: the name the alias was declared for
    return org


def _rank(p: Candidate) -> int:
    return _LEVEL_RANK.get(p.level or "", 0)


def _names_after(text: str, money: Candidate, project: Candidate, orgs: Sequence[Candidate] = ()) -> bool:
    """``投资8000万元的华联工业园``, ``投资1亿元的恒丰5万纱锭纺织项目``: the project named right after its amount
    (a company may stand between), also after the place it is built in (``投资8亿元在某区建设A项目``)."""
    if project.start < money.end:
        return False
    gap = text[money.end:project.start]
    if pattern(r"的|建设|用于|打造|[在于][^，,。；;、的“”]{1,12}?(?:建设|新建|打造)").fullmatch(gap):
        return True
    return any(o.end == project.start and pattern(r"的|建设|用于|打造").fullmatch(text[money.end:o.start])
               for o in orgs)


def _listed_after(text: str, prev: Candidate | None, money: Candidate) -> bool:
    """``300亿元、700亿元``: an amount listed right after another shares its role."""
    return prev is not None and text[prev.end:money.start] in ("、", "和", "及", "与", ",", "，")


def _name_place(doc: _Doc, place: Candidate | None, names: Sequence[Candidate | None],
                inside: Sequence[Candidate] = ()) -> Candidate | None:
    """``鲜禾(仪陇)``, ``伊川某某铝业``: a place of the document named inside the project or investor name is where
    the project lands when it lies within the place found otherwise (never over a landing place such as 落户X); so
    is a place the project name alone spells out (``inside``: ``马龙区…产业园项目`` in a release about 曲靖)."""
    if place is not None and place.start >= 0 and _is_landing(doc.text, place):
        return place
    found = place
    for c in names:
        if c is None:
            continue
        name = doc.text[c.start:c.end]
        for value, p in doc.distinct_places().items():
            if value in name and (found is None or (isinstance(found.value, str) and found.value in p.parents)):
                found = p
    for p in inside:
        if found is None or (isinstance(found.value, str) and found.value in p.parents):
            found = p
    return found


def _list_parent(doc: _Doc, places: list[Candidate], chosen: Candidate) -> Candidate:
    """``在A市B县、C县建设某项目``: a place listed with others of its level (joined by 、和及) stands for their common
    parent when the document names it; else the place itself."""
    text = doc.text
    k = next((i for i, p in enumerate(places) if p is chosen), None)
    if k is None:
        return chosen
    lo = hi = k
    while lo > 0 and places[lo - 1].end + 1 == places[lo].start and text[places[lo - 1].end] in "、和及" and (
            places[lo - 1].level == chosen.level):
        lo -= 1
    while hi + 1 < len(places) and places[hi].end + 1 == places[hi + 1].start and text[places[hi].end] in "、和及" and (
            places[hi + 1].level == chosen.level):
        hi += 1
    if hi == lo:
        return chosen
    return _named_place(doc, _common_parent(places[lo:hi + 1])) or chosen


_ITEM_REACH = 60  # the farthest a bracket's opening or closing is looked for from a place inside it


def _item_bracket(text: str, lo: int, hi: int, at: Candidate) -> tuple[int, int] | None:
    """The bracket (``（…）``) of sentence ``lo``..``hi`` that ``at`` stands inside, looked for at most
    ``_ITEM_REACH`` characters either side; None when ``at`` stands in none."""
    start = max(text.rfind("（", max(lo, at.start - _ITEM_REACH), at.start),
                text.rfind("(", max(lo, at.start - _ITEM_REACH), at.start))
    if start == -1 or any(c in text[start + 1:at.start] for c in "）)"):
        return None
    ends = [e for e in (text.find("）", at.end, min(hi, at.end + _ITEM_REACH)),
                        text.find(")", at.end, min(hi, at.end + _ITEM_REACH))) if e != -1]
    return (start, min(ends) + 1) if ends else None


def _in_other_item(doc: _Doc, si: int, place: Candidate, anchor: Candidate) -> bool:
    """``A项目（投资方：B，投资额X，落户C区）、D项目（投资方：E，投资额Y）``: a place inside the bracket of another
    item of a list (a bracket holding another amount, not ``anchor``) is that item's place, not the anchor's."""
    sent = doc.sents[si]
    span = _item_bracket(doc.text, sent.start, sent.end, place)
    if span is None or span[0] <= anchor.start < span[1]:
        return False
    return any(span[0] <= m.start < span[1] for m in doc.in_sentence(doc.monies, si))


def _project_name_place(doc: _Doc, project: Candidate | None, place: Candidate | None) -> Candidate | None:
    """``投资X元，承建赣江某市段水环境治理项目`` in a sentence naming no place: a place of the document named inside
    the project name is where it lands, over a place found from the context outside it (not over one within it)."""
    if project is None:
        return place
    name = doc.text[project.start:project.end]
    inside = [p for value, p in doc.distinct_places().items() if value in name]
    if not inside:
        return place
    best = max(inside, key=_rank)
    if place is not None and isinstance(best.value, str) and (place.value == best.value or best.value in place.parents):
        return place
    return best


def _is_landing(text: str, place: Candidate) -> bool:
    """``落户X``, ``位于X``: the place is where the investment lands (the first of a chain such as 落户X市Y区)."""
    return text[max(0, place.start - 3):place.start].endswith(_LANDING_BEFORE)


def _is_venue(doc: _Doc, place: Candidate) -> bool:
    """``在蓉签约``, ``赴广东深圳考察``: where a signing or visit takes place, not where the money lands."""
    text, ending_at = doc.text, doc.place_ends()
    start = place.start
    while (before_place := ending_at.get(start)) is not None or (  # walk back over a chain of places (广东深圳)
            text[start - 1:start] in _JOINERS and (before_place := ending_at.get(start - 1)) is not None):
        start = before_place.start  # and over a list of them (赴福州、厦门、泉州开展招商)
    before = text[max(0, start - 2):start]
    after = text[place.end:place.end + 10]
    return before.endswith(_VENUE_BEFORE) and any(w in after for w in _VENUE_AFTER)


_VENUE_REACH = 400
_MAIN_VENUE = ("主会场",)


def _main_venue(doc: _Doc, si: int, anchor: Candidate) -> Candidate | None:
    """``集中开工仪式在Y镇举行。…主会场项目为A项目``: the main-venue project lands where the ceremony is held (the
    most specific place of the last venue named at most ``_VENUE_REACH`` characters before the amount)."""
    if doc.first_word_end(si, _MAIN_VENUE) > anchor.start:  # no 主会场 before the amount in its sentence
        return None
    places = [p for p in doc.places if anchor.start - _VENUE_REACH <= p.start < anchor.start]
    venues = [p for p in places if _is_venue(doc, p)]
    if not venues:
        return None
    first = _chain_start(venues[-1], places)
    return max((p for p in places if first <= p.start <= venues[-1].start), key=_rank)


def _chain_start(place: Candidate, places: list[Candidate]) -> int:
    """Start of the chain of places written one after another that ends with ``place`` (广东深圳)."""
    ending_at = {p.end: p for p in places}
    start = place.start
    while (before := ending_at.get(start)) is not None:
        start = before.start
    return start


def _is_dateline(text: str, place: Candidate) -> bool:
    """``本报西安10月18日电``: the place of a dateline is where the report was filed."""
    return plain_pattern(r"[0-9一二三四五六七八九十]{1,4}月[0-9一二三四五六七八九十]{1,3}日[电讯]").match(
        text, place.end) is not None or text[max(0, place.start - 2):place.start] in ("本报", "记者")


def _chain(first: Candidate, places: list[Candidate]) -> list[Candidate]:
    """``山西省五台县耿镇镇``: the places written one after another from ``first``."""
    out = [first]
    for p in places:
        if p.start == out[-1].end:
            out.append(p)
    return out


def _refine(place: Candidate | None, main: Candidate | None) -> Candidate | None:
    """A place that contains the document's main place gives way to it (大连 -> 金普新区, 柳州 -> 柳东新区)."""
    if place is None or main is None or not isinstance(place.value, str) or place.value == main.value:
        return place
    if place.value in main.parents and _rank(main) > _rank(place):
        return main
    return place


def _in_name(text: str, place: Candidate) -> bool:
    """A place in brackets or quotes names a meeting or fair (``“...(成都)投资推介大会”``), not a landing place."""
    return text[place.start - 1:place.start] in ("(", "（", "“") or text[place.end:place.end + 1] in (")", "）")


def _more_specific(a: Candidate | None, b: Candidate | None) -> Candidate | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if _rank(b) > _rank(a) else a


def _project_key(text: str, c: Candidate | None) -> str | None:
    if c is None:
        return None
    return plain_pattern(r"[“”\"'‘’「」]").sub("", text[c.start:c.end]).removesuffix("项目")


def _is_subsequence(short: str, long_: str) -> bool:
    """日产3000吨玻璃线 in 日产3000吨新型干法玻璃生产线: the short name's characters in order."""
    it = iter(long_)
    return all(ch in it for ch in short)


_MERGE_WINDOW = 64


def merge_events(drafts: list[_Draft], text: str) -> list[_Draft]:
    """One event per project and per batch: same project name (one ending the other), same batch total, or a
    count-only batch and a batch with the same count are merged, fields filled from both."""
    out: list[_Draft] = []
    by_amount: dict[tuple[object, str | None], list[_Draft]] = {}
    for d in drafts:
        # exact amount matches through an index; other rules (name forms, headline rounding, counts) against the
        # most recent drafts, so that a document of thousands of amounts stays linear
        indexed = [o for a in _amounts(d) for o in by_amount.get((a.value, a.currency), ())]
        recent = out[-_MERGE_WINDOW:]
        target = next((o for o in (*indexed, *recent) if _same_event(o, d, text)), None)
        if target is None:
            out.append(d)
            target = d
        else:
            _fill(target, d)
        for a in _amounts(target):
            bucket = by_amount.setdefault((a.value, a.currency), [])
            if not any(x is target for x in bucket):
                bucket.append(target)
    return out


_SHORT_NAME_REACH = 12  # the most characters of a place prefix before a company's core name
_GENERIC_HEAD = 4  # 水泥, 扩建, 二期: the most characters a generic head after a company name may have


def _short_form_of(d: _Draft, o: _Draft, text: str, company_forms: tuple[str, ...]) -> bool:
    """A project named without an amount in short form for another: the company plus a generic head
    (``某某水泥项目`` for 某某's 熟料生产线), or the same leading stretch of at least four characters and
    half the shorter name (a headline's ``年产30万吨锂电新材料项目`` for the body's ``年产30万吨锂电池电解液项目``)."""
    key, other = _project_key(text, d.project), _project_key(text, o.project)
    if not key or not other:
        return False
    if o.investor is not None and (d.investor is None or text[d.investor.start:d.investor.end] ==
                                   text[o.investor.start:o.investor.end]):
        inv = text[o.investor.start:o.investor.end]
        k = len(commonprefix((key, inv)))
        if (k == len(inv) or k >= 4) and len(key) - k <= _GENERIC_HEAD:
            return True
        # 某某新材料项目 for 山东某某新材料股份有限公司's project: the company's core name after a place prefix
        at = inv.find(key[:4], 1) if len(key) >= 4 else -1
        if at != -1:
            k = len(commonprefix((key, inv[at:])))
            if len(key) - k <= _GENERIC_HEAD and inv.startswith(company_forms, at + k):
                return True
    k = len(commonprefix((key, other)))
    return k >= 4 and 2 * k >= min(len(key), len(other)) and d.sentence.paragraph == 0


_HEADLINE_REACH = 80  # the longest headline line whose projects are compared with every body project


def _headline_form_of(d: _Draft, o: _Draft, text: str) -> bool:
    """A headline's rewording of a body project's name: the same specific ending (at least four characters before
    项目) and two thirds of the shorter name in order (``北大桥百万千瓦级风光储一体化项目`` for the body's
    ``北大桥100万千瓦风光储一体化项目``)."""
    key, other = _project_key(text, d.project), _project_key(text, o.project)
    if not key or not other or len(commonprefix((key[::-1], other[::-1]))) < 4:
        return False
    lcs = [0] * (len(other) + 1)  # the longest common subsequence, one row at a time
    for ch in key:
        prev = 0
        for j, och in enumerate(other, 1):
            prev, lcs[j] = lcs[j], prev + 1 if ch == och else max(lcs[j], lcs[j - 1])
    return 3 * lcs[-1] >= 2 * min(len(key), len(other))


def _merge_short_forms(drafts: list[_Draft], text: str, company_forms: tuple[str, ...]) -> list[_Draft]:
    """A project event without an amount whose name is a short form (``_short_form_of``) of exactly one other
    project event's name is that event."""
    projects = [d for d in drafts if d.kind is EventKind.PROJECT and d.project is not None]
    if len(projects) < 2 or all(d.amount is not None for d in projects):
        return drafts
    by_head: dict[str, list[_Draft]] = {}  # both rules need the first two characters to agree
    for o in projects:
        heads = {(_project_key(text, o.project) or "")[:2]}
        if o.investor is not None:
            inv = text[o.investor.start:min(o.investor.end, o.investor.start + _SHORT_NAME_REACH + 2)]
            heads.update(inv[i:i + 2] for i in range(max(1, len(inv) - 1)))  # the core name may follow a prefix
        for h in heads:
            by_head.setdefault(h, []).append(o)
    dropped: set[int] = set()
    for d in projects:
        if d.amount is not None:
            continue
        near = by_head.get((_project_key(text, d.project) or "")[:2], [])
        matches = [o for o in near if o is not d and id(o) not in dropped and _short_form_of(d, o, text, company_forms)]
        if not matches and d.sentence.paragraph == 0 and d.sentence.end - d.sentence.start <= _HEADLINE_REACH:
            matches = [o for o in projects if o is not d and id(o) not in dropped and o.sentence.paragraph > 0
                       and _headline_form_of(d, o, text)]
        if len(matches) == 1:
            project = matches[0].project
            _fill(matches[0], d)
            matches[0].project = project
            dropped.add(id(d))
    return [d for d in drafts if id(d) not in dropped]


def _amounts(d: _Draft) -> list[Candidate]:
    return ([d.amount] if d.amount is not None else []) + d.aliases


def _rounds(headline: _Draft, body: _Draft) -> bool:
    """A headline total (``总投资超210亿元``) that rounds a body total (213.6亿元) of the same currency."""
    if (headline.sentence.paragraph != 0 or headline.project is not None or headline.amount is None
            or headline.sentence == body.sentence):  # two amounts of one sentence are two batches
        return False
    h = headline.amount.value
    return any(isinstance(h, Decimal) and isinstance(b.value, Decimal) and b.currency == headline.amount.currency
               and b.value and abs(h - b.value) <= Decimal("0.1") * b.value for b in _amounts(body))


def _same_event(a: _Draft, b: _Draft, text: str) -> bool:
    ka, kb = _project_key(text, a.project), _project_key(text, b.project)
    if ka and kb:
        short, long_ = sorted((ka, kb), key=len)
        return short == long_ or (len(short) >= 6 and long_.endswith(short)) or (
            len(short) >= 8 and _is_subsequence(short, long_))
    if a.amount is not None and b.amount is not None:
        same_amount = any(x.value == y.value and x.currency == y.currency for x in _amounts(a) for y in _amounts(b))
        if same_amount and (a.unnamed_item or b.unnamed_item) and (a.project is not None or b.project is not None):
            return False  # 投资2000万美元的<unrecognized name>、...: an item of its own, not the named project
        if same_amount and (a.kind is b.kind or a.project is None or b.project is None):
            return True
        return b.kind is EventKind.AGGREGATE and (_rounds(a, b) or _rounds(b, a))
    if a.kind is EventKind.AGGREGATE and b.kind is EventKind.AGGREGATE and a.count and b.count:
        return a.count[0] == b.count[0] and (a.amount is None or b.amount is None or a.stage is b.stage)
    return False


def _date_stated(d: _Draft) -> bool:
    """The draft's date stands in its own sentence (not taken from the paragraph or the document)."""
    return d.date is not None and d.sentence.start <= d.date.start < d.sentence.end


def _fill(target: _Draft, other: _Draft) -> None:
    if target.sentence.paragraph == 0 and other.sentence.paragraph > 0 and other.amount is not None and (
            target.phase or not other.phase):  # a phase amount never replaces a total
        # a headline merged with the body: the body's precise figure and its own statement win
        target.amount, target.aliases = other.amount, other.aliases
        target.stage, target.stage_span, target.count = other.stage, other.stage_span, other.count or target.count
        if other.kind is EventKind.AGGREGATE and other.place is not None:
            target.place = other.place  # the body's batch place (a common parent of its parts) over the headline's
    if target.sentence.paragraph == 0 and other.sentence.paragraph > 0 and target.project is not None and (
            other.project is not None and other.project.end - other.project.start > target.project.end
            - target.project.start):
        target.project = other.project  # a headline's short name for the project the body names in full
    if other.kind is EventKind.AGGREGATE and target.project is None:
        target.kind = EventKind.AGGREGATE
        target.investor = None  # 江西省与某集团签署框架协议，合作项目总投资X: the batch of the deal, no one investor
    if other.amount is None and target.amount is not None and other.kind is EventKind.AGGREGATE:
        return  # a count-only headline adds nothing to the batch it names
    if other.undated and not _date_stated(target):
        target.date, target.undated = None, True  # a headline merged with a body that says 近日
    for attr in ("amount", "project", "investor", "count", "date"):
        if attr == "date" and target.undated:
            continue
        if getattr(target, attr) is None and getattr(other, attr) is not None:
            setattr(target, attr, getattr(other, attr))
    target.place = _more_specific(target.place, other.place)
    if other.stage is not None and (target.stage is None or _STAGE_RANK[other.stage] > _STAGE_RANK[target.stage]):
        target.stage, target.stage_span = other.stage, other.stage_span


__all__ = ["EventLexicon", "EventLinker", "amount_role", "main_place", "merge_events", "sentences"]
