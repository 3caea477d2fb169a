"""ORG candidates: enterprise names found from their endings, lists of enterprises, and short forms.

Rules (each a function below):
- ``find_legal_names``: a name ending in a legal or group suffix (有限公司, 集团, 控股...), extended left word by
  word until a stop word, punctuation or a number; 该公司, 子公司 and government bodies are not names.
- ``find_listed_names``: items of ``A、B、C等企业`` and ``以A为代表的`` are enterprises, short names included.
- ``find_alias_names``: a short name declared in brackets after a name (（简称“某某科技”）) names it too.
- ``short_forms``: a legal name's core without its suffixes (宁远华岳水泥有限公司 -> 宁远华岳) also names it.
Offsets index the normalized text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import regex

from cn_invest_ie._mypyc import cached_property, mypyc_attr
from cn_invest_ie.patterns import BUILD_WORDS, SPACE, WordEnds, compile_words, finditer_in_clauses, pattern
from cn_invest_ie.resources import read_rows, read_word_lists
from cn_invest_ie.segment import Segmenter

_NAME_CHARS = r"[\p{Han}A-Za-z0-9·&()（）]"
_MAX_NAME = 24
_ITEM_MAX = 16  # the longest item of a listed-names pattern
_BRACKETED_NAME_MAX = 8  # the longest name before a bracketed place (伊莱特(济宁))
_PUNCT_STOP = frozenset("，。；：！？、,.;:!?“”\"'《》〈〉【】[]{} \t\n\r—-")


@dataclass(frozen=True)
class OrgSpan:
    start: int
    end: int
    core: str  # the name without legal suffixes


@mypyc_attr(native_class=False)  # keeps functools.cached_property caching when compiled
class OrgLexicon:
    """Suffixes and cue words for enterprise names, loaded on first use."""

    @cached_property
    def suffixes(self) -> dict[str, str]:
        return {s: kind for s, kind, _ in read_rows("org_suffixes.tsv", 3)}

    @cached_property
    def cues(self) -> dict[str, frozenset[str]]:
        return {kind: frozenset(words) for kind, words in read_word_lists("org_cues.tsv").items()}

    @cached_property
    def trade_suffixes(self) -> tuple[str, ...]:
        return tuple(sorted((s for s, k in self.suffixes.items() if k == "trade"), key=len, reverse=True))

    @cached_property
    def trade_words_set(self) -> frozenset[str]:
        """The trade words as a set, for whole-word tests."""
        return frozenset(self.trade_suffixes)

    @cached_property
    def trade_words(self) -> WordEnds:
        """The trade words, looked up at a name's start or end (the longest first, as :attr:`trade_suffixes`)."""
        return WordEnds(self.trade_suffixes)

    @cached_property
    def long_trade_suffixes(self) -> tuple[str, ...]:
        """The trade words of three characters or more."""
        return tuple(s for s in self.trade_suffixes if len(s) >= 3)

    @cached_property
    def left_stops(self) -> tuple[str, ...]:
        """The ``left_stop`` cue words as a tuple, for ``str.startswith``."""
        return tuple(self.cues["left_stop"])

    @cached_property
    def predicate_starts(self) -> tuple[str, ...]:
        """The ``predicate_start`` cue words (打造成, 建设成) as a tuple, for ``str.startswith``."""
        return tuple(self.cues["predicate_start"])

    @cached_property
    def countries(self) -> tuple[str, ...]:
        """The ``country`` cue words, the longest first (印度尼西亚 before 印度; a set's own order would vary with the
        hash seed from one process to the next)."""
        return tuple(sorted(self.cues["country"], key=lambda c: (-len(c), c)))

    @cached_property
    def legal_group_words(self) -> WordEnds:
        """The legal and group suffixes, looked up at a name's end (the longest first)."""
        return WordEnds(self.legal_group_suffixes)

    @cached_property
    def all_suffix_words(self) -> WordEnds:
        """Every suffix, looked up at a name's end (the longest first, as :attr:`all_suffixes`)."""
        return WordEnds(self.all_suffixes)

    @cached_property
    def all_suffixes(self) -> tuple[str, ...]:
        return tuple(sorted(self.suffixes, key=len, reverse=True))

    @cached_property
    def legal_re(self) -> regex.Pattern[str]:
        return compile_words(s for s, k in self.suffixes.items() if k in ("legal", "group"))

    @cached_property
    def list_re(self) -> re.Pattern[str]:
        """Listed names (A、B、C等企业, 企业包括A和B, A等6家企业). Compiled by the standard ``re`` (about twice as fast
        here; patterns.plain_pattern says which syntax both engines read alike)."""
        tails = "|".join(map(re.escape, sorted(self.cues["list_tail"], key=len, reverse=True)))
        item = rf"[^{SPACE}、，。；：,;:！？!?“”]{{2,{_ITEM_MAX}}}"
        modifier = r"(?!地)[^，。；、,;]{0,10}?"  # 等30余家行业领军企业, 等落户商洛的重点国企; not 等地
        count = r"[0-9两三四五六七八九十百余多]+家"
        return re.compile(
            rf"(?P<items>(?:{item}、)+{item})(?:等{modifier}(?:{tails})|(?<!等)[0-9两三四五六七八九十]+家(?:企业|公司))"
            rf"|(?:企业|公司|客商|投资方)(?:包括|有|为)(?P<items2>(?:{item}、)*{item}(?:和|及|与){item})(?=[，。；,;]|$)"
            rf"|(?P<items3>{item})等{count}(?:{tails})"  # 推动鑫泰通等6家企业签约: one named item before a count
        )

    @cached_property
    def signing_re(self) -> regex.Pattern[str]:
        """``A与B(在X)签约``: the two parties of a signing."""
        return regex.compile(
            r"(?P<and>与)(?P<b>[^\s，。；：,;:！？!?“”与在]{2,40}?)(?:在[^\s，。；、,;]{1,8})?"
            r"(?:正式|成功|现场|集中|共同)?(?:签约|签订|签署|达成)"
        )

    @cached_property
    def bracketed_re(self) -> regex.Pattern[str]:
        return regex.compile(rf"(?P<name>\p{{Han}}{{2,{_BRACKETED_NAME_MAX}}})[(（](?P<place>\p{{Han}}{{2,4}})[)）]"
                             r"(?=负责|投资|将|在|与|的|已|于|是|[，。；、,;])")

    @cached_property
    def exemplar_re(self) -> regex.Pattern[str]:
        return regex.compile(r"以(?P<name>[^\s、，。；：,;:！？!?“”的]{2,12})为代表的")

    @cached_property
    def cued_re(self) -> regex.Pattern[str]:
        """A trade word ending a short name, before a title or an office (克森传动|亚太区负责人), or a short name
        right after an enterprise word and before its predicate (港资企业|永晖实业|将在)."""
        trades = "|".join(map(regex.escape, self.trade_suffixes))
        after = "|".join(map(regex.escape, sorted(self.cues["after_name"], key=len, reverse=True)))
        before = "|".join(map(regex.escape, sorted(self.cues["before_name"], key=len, reverse=True)))
        office = r"(?:[东南西北中华亚太欧美]{2}区|\p{Han}{2,4}(?:区域|大区|分公司))"
        predicate = r"(?:将|在|于|与|已|是|拟|计划|投资|总投资|的|[，。；、,;])"
        # the first-character look-ahead lets the engine skip other text quickly; the enterprise word is matched,
        # not looked behind for (much faster), and the name is read from its group
        first = "".join(sorted({regex.escape(w[0]) for w in (*self.trade_suffixes, *self.cues["before_name"])}))
        return regex.compile(rf"(?=[{first}])(?:(?:{trades})(?={office}?(?:{after}))"
                             rf"|(?:{before})(?P<name>[\p{{Han}}A-Za-z]{{2,6}}?(?:{trades}))(?={predicate}))")

    @cached_property
    def investing_re(self) -> re.Pattern[str]:
        """A trade word right before 投资 and an amount (四川某某新材料|投资35亿元; an adverb between them: 某某箱包|又投资)
        or before a stake (美国某某动力|持股40%, |出资): the end of an investor's name. Compiled by the standard ``re``
        (about four times as fast)."""
        trades = "|".join(map(re.escape, self.trade_suffixes))
        first = "".join(sorted({re.escape(w[0]) for w in self.trade_suffixes}))
        return re.compile(rf"(?=[{first}])(?:{trades})"
                          r"(?=[又再还也]?(?:计划|拟|意向|总|共|累计)?投资(?:约|近|超|逾)?[0-9０-９一二两三四五六七八九十百千]|持股|出资)")

    @cached_property
    def descriptor_stops(self) -> tuple[str, ...]:
        """Left-stop words that end in a legal suffix (上市公司, 合资公司): words for a kind of company."""
        legal = tuple(s for s, k in self.suffixes.items() if k != "trade")
        return tuple(w for w in self.cues["left_stop"] if w.endswith(legal) and w not in legal)

    @cached_property
    def legal_group_suffixes(self) -> tuple[str, ...]:
        return tuple(sorted((s for s, k in self.suffixes.items() if k != "trade"), key=len, reverse=True))


# Parts of speech that never stand inside an enterprise name: verbs, prepositions, pronouns, adverbs, conjunctions,
# particles (jieba's tag set). Words that name an enterprise's trade are allowed whatever their tag.
_STOP_POS = frozenset({"v", "p", "r", "d", "c", "uz", "uj", "ul", "ug", "y"})
_NAME_VERBS = frozenset({"建设", "投资", "发展", "开发", "控股", "实业", "集团", "重工", "制造", "智造", "动力", "传动",
                         "联合", "创新"})
_LEADING_PARTICLES = "由与向对被将以在从把为"
_CLOSERS = "）)"


def left_boundary(text: str, end: int, segmenter: Segmenter, lex: OrgLexicon, limit: int = _MAX_NAME,
                  is_place: Callable[[str], bool] | None = None) -> int:
    """Start of the name that ends at ``end``: words are taken right to left until a stop word, a title (书记),
    a verb or function word, a number, or a non-name character. With ``is_place``, a place name the segmenter
    tags as an adverb or verb (大连, 即墨) is taken as a name word."""
    lo = end
    while lo > 0 and end - lo < limit and text[lo - 1] not in _PUNCT_STOP and not text[lo - 1].isspace():
        lo -= 1
    lo = after_unopened_closer(text, lo, end)
    if lo == end:
        return end
    stops, titles = lex.cues["left_stop"], tuple(lex.cues["title"])
    tagged = segmenter.tag(text[lo:end])
    starts = [lo]
    for word, _tag in tagged:
        starts.append(starts[-1] + len(word))
    start = end
    at_edge = lo == 0 or text[lo - 1] in _PUNCT_STOP
    country_led = opens_with_country(tagged, lex, stops, titles, at_edge=at_edge)
    for i in range(len(tagged) - 1, -1, -1):
        word, tag = tagged[i]
        if is_glued_conjunction(tagged, i, at_edge=at_edge):
            start = starts[0]  # 永和管业公司: 和 inside a name that opens the clause
            break
        if is_glued_inner_conjunction(tagged, i, stops):
            start = starts[i]  # 海衡丸和精密轴承有限公司: 和 after a one-character word is inside the name
            continue
        if is_opening_conjunction(tagged, i, stops, at_edge=at_edge):
            start = starts[i - 1]  # 由东|和|精密化学株式会社, 子公司|东|和|精密材料: the character before 和 opens the name
            break
        if word in stops or word.endswith(titles) or word[:1].isdigit():
            break
        if is_joining_verb(tagged, i, is_place):
            break
        if (is_predicate_word(word, tag) and not word.endswith(lex.trade_suffixes)
                and not (country_led and names_trade(tagged, i + 1, lex))
                and i < len(tagged) - 1 and not straddles_suffix(text, starts[i + 1] - 1, end, lex)
                and not (is_place is not None and (is_place(word) or (i > 0 and is_place(tagged[i - 1][0]))))
                and not (i > 0 and tagged[i - 1][0] in lex.cues["country"])
                and not (is_place is not None and ends_place_inside(text, starts, i, is_place))):
            break  # (the word next to the suffix is always taken: a name has one, whatever its tag: 远拓集团;
            # so is a word right after a place or country name: 深圳市|恒启|实业集团, 中国|远航|储能集团, 恒启 and
            # 远航 tagged as verbs; and a word holding the last character of a place: 清|远远|某 of 清远远某科技)
        start = starts[i]
    while start < end - 2 and text[start] in _LEADING_PARTICLES:
        start += 1  # 由豫通供应链集团: a preposition glued to the name by the segmenter
    while start < end and text[start] in _CLOSERS:
        start += 1  # （简称“某某”）投资建设: a closing bracket ends what came before, it opens no name
    return start


_OPENERS = "（("


def after_unopened_closer(text: str, lo: int, end: int) -> int:
    """``（记者 某某）江苏某某有限公司``: a closing bracket whose opening bracket is not between ``lo`` and ``end`` closes
    what came before (a byline, a note); the name starts after it. A bracket opened inside the name stays in it
    (恒光新能源投资(中国)有限公司)."""
    depth = 0
    for pos in range(lo, end):
        char = text[pos]
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            if depth:
                depth -= 1
            else:
                lo = pos + 1
    return lo


def opens_with_country(tagged: list[tuple[str, str]], lex: OrgLexicon, stops: frozenset[str], titles: tuple[str, ...],
                       *, at_edge: bool) -> bool:
    """``荷兰范德堡过滤技术集团``: a clause that opens with a country name and holds no stop word, title or number up
    to the suffix is one foreign enterprise's name; a word the segmenter tags as a verb right before a trade word
    inside it (过滤 of 过滤技术) describes the trade, it starts no predicate (美国客商看好某某集团 still stops at 看好)."""
    return (at_edge and len(tagged) > 2 and tagged[0][0] in lex.cues["country"]
            and not any(w in stops or w.endswith(titles) or w[:1].isdigit() for w, _t in tagged[1:]))


def names_trade(tagged: list[tuple[str, str]], i: int, lex: OrgLexicon) -> bool:
    """Word ``i`` is a trade word (科技, 材料) or a common noun right before the suffix (技术 of 过滤技术集团)."""
    if i >= len(tagged):
        return False
    word, tag = tagged[i]
    return word in lex.trade_words_set or (i == len(tagged) - 1 and len(word) >= 2 and tag in ("n", "vn"))


def ends_place_inside(text: str, starts: list[int], i: int, is_place: Callable[[str], bool]) -> bool:
    """The segmenter glued the last character of a place name to the word after it (清|远远|某 of 清远远某储能科技):
    a place name that starts at one of the two words before word ``i`` ends inside it."""
    return any(is_place(text[starts[j]:starts[i] + k])
               for j in range(max(0, i - 2), i) for k in range(1, starts[i + 1] - starts[i]))


_JOINING_VERBS = frozenset({"联合", "会同", "携同", "协同"})
_ADMIN_ENDINGS = ("省", "市", "县", "区", "镇", "乡", "州", "旗")


def is_joining_verb(tagged: list[tuple[str, str]], i: int, is_place: Callable[[str], bool] | None) -> bool:
    """``某县联合某市某某投资有限公司设立基金``: 联合 (会同, 协同) between a place name and a name that opens with a
    place is a verb, the place before it (a full name: 某县, 某市) its subject; 联合 inside a name (江苏联合某某有限公司,
    某某联合发展有限公司) has no full place name before it and a place after it. After an adverb (园区还联合某市某某集团)
    it is a verb too: an adverb stands in no name."""
    if not (is_place is not None and tagged[i][0] in _JOINING_VERBS and 0 < i < len(tagged) - 1
            and is_place(tagged[i + 1][0])):
        return False
    before = tagged[i - 1][0]
    return (before.endswith(_ADMIN_ENDINGS) and is_place(before)) or (len(before) == 1 and before in _ADVERBS)


def is_glued_conjunction(tagged: list[tuple[str, str]], i: int, *, at_edge: bool) -> bool:
    """``永和管业公司`` at the start of a clause: a one-character word and 和/同 that open the clause belong to the
    name (nothing of two characters stands before the conjunction to be joined with)."""
    return at_edge and i == 1 and len(tagged) > 2 and tagged[1][0] in ("和", "同") and len(tagged[0][0]) == 1


def is_glued_inner_conjunction(tagged: list[tuple[str, str]], i: int, stops: frozenset[str]) -> bool:
    """``海衡丸和精密轴承有限公司``: 和/同 right after a one-character word that follows a word of two or more
    characters is part of the name (the segmenter split 丸和); a conjunction joins two names, and a name is never
    one character long (华源集团和恒达精密有限公司 keeps its 和)."""
    if i < 2 or tagged[i][0] not in ("和", "同"):
        return False
    before, tag = tagged[i - 1]
    return (len(before) == 1 and (tag == "v" or tag not in _STOP_POS) and before not in stops and not before.isdigit()
            and len(tagged[i - 2][0]) >= 2 and tagged[i - 2][0] not in stops)


_LEVEL_CHARS = frozenset("省市县区镇乡")


def is_opening_conjunction(tagged: list[tuple[str, str]], i: int, stops: frozenset[str], *, at_edge: bool) -> bool:
    """``由东和精密化学株式会社``, ``全资子公司东和精密材料有限公司``: 和/同 after a single character that follows a stop
    word, a preposition glued to it (由东) or the clause's start is part of the name: a conjunction joins two names,
    and a name is never one character long. A level character (由市和县) or a stop word before 和 joins nothing."""
    if i < 1 or tagged[i][0] not in ("和", "同"):
        return False
    before = tagged[i - 1][0]
    own = before[1:] if len(before) == 2 and before[0] in _LEADING_PARTICLES else before
    if len(own) != 1 or not ("\u4e00" <= own <= "\u9fff") or own in stops or own in _LEVEL_CHARS:
        return False
    if own != before:
        return True
    return (i == 1 and at_edge) or (i >= 2 and tagged[i - 2][0] in stops)


def straddles_suffix(text: str, pos: int, end: int, lex: OrgLexicon) -> bool:
    """The segmenter glued the first character of a trade word to the word before it (中电|建新|能源 of
    中电建新能源集团): a trade word of three or more characters starts at ``pos``, inside the name."""
    return text.startswith(lex.long_trade_suffixes, pos, end)


def is_generic_company(core: str, generic: frozenset[str]) -> bool:
    """该公司, 子公司, 项目公司, 跨国公司: the words before 公司 name no company (电子公司 of 某某电子公司 does)."""
    if core in generic:
        return True
    return any(core.endswith(g) and len(core) <= len(g) + (1 if len(g) == 1 else 2) for g in generic)


def find_legal_names(text: str, lex: OrgLexicon, segmenter: Segmenter,
                     is_place: Callable[[str], bool] | None = None) -> list[OrgSpan]:
    """Names ending in a legal or group suffix (浙江恒远集团, 恒光新能源投资(中国)有限公司); ``is_place`` keeps a
    leading place name whatever its part-of-speech tag (大连某某电气有限公司)."""
    out: list[OrgSpan] = []
    generic = lex.cues["generic_company"]
    non_org = lex.cues["non_org"]
    last_end = -1
    for m in lex.legal_re.finditer(text):
        if m.start() < last_end:
            continue
        end = m.end()
        if ends_descriptor(text, end, m.group(0), lex):
            continue  # 深交所上市公司, 合资公司: the suffix ends a word for a kind of company, not a name
        # 集团 inside a longer suffix run (集团有限公司) is handled by the longest alternative; skip 公司 of 分公司 etc.
        start = left_boundary(text, m.start(), segmenter, lex, is_place=is_place)
        core = text[start : m.start()]
        legal = lex.suffixes.get(m.group(0)) == "legal" and m.group(0) != "公司"
        if len(core) < 2 or is_generic_company(core, generic):
            continue
        if not legal and any(core.endswith(n) for n in non_org):
            continue  # 研究院有限公司 is a company; 某某研究院 alone is not
        if core in lex.suffixes:
            continue  # 电气有限公司: a trade word alone is not a name
        if core.startswith(lex.predicate_starts):
            continue  # 把这里打造成集团在内地最大的生产基地: a predicate, 集团 the group itself
        if m.group(0) == "公司" and ends_in_function_word(core, segmenter):
            continue  # 上述事项已经公司董事会审议, 有助于公司: 公司 is the company itself, the words a predicate
        if core in generic or is_generic_bank(core, m.group(0), lex):
            continue
        out.append(OrgSpan(start, end, core))
        last_end = end
    return out


_FUNCTION_TAGS = frozenset({"d", "p", "r", "c", "uz", "uj", "ul", "ug", "y"})
_PREPOSITION_ENDS = tuple("于给向对")


def ends_in_function_word(core: str, segmenter: Segmenter) -> bool:
    """``已经公司``, ``有助于公司``: the word before a bare 公司 is an adverb, a preposition, a pronoun, a conjunction or
    a particle, or a verb ending in a preposition (有助于, 致力于, 交给): 公司 is then the company a text speaks of,
    the object of a predicate; a name's word before 公司 names a trade or is its own (某某贸易公司)."""
    word, tag = segmenter.tag(core)[-1]
    return tag in _FUNCTION_TAGS or (tag == "v" and len(word) >= 2 and word.endswith(_PREPOSITION_ENDS))


def ends_descriptor(text: str, end: int, suffix: str, lex: OrgLexicon) -> bool:
    """The legal suffix ending at ``end`` completes a left-stop word for a kind of company (上市公司, 合资公司,
    全资子公司): it describes an enterprise whose name follows, it ends none."""
    return any(len(w) > len(suffix) and w.endswith(suffix) and text.startswith(w, end - len(w))
               for w in lex.descriptor_stops)


def is_generic_bank(core: str, suffix: str, lex: OrgLexicon) -> bool:
    """各商业银行, 农商银行, 多家村镇银行: a kind of bank (a leading 各, 该, 本 or count dropped), not a bank's name."""
    if not suffix.endswith("行"):
        return False
    core = pattern(r"^(?:各|该|本|其|多家|[0-9一二两三四五六七八九十]+家)").sub("", core)
    return not core or core in lex.cues["generic_bank"]


_LEAD_VERBS = frozenset("推动 深挖 邀请 对接 引进 引入 包括 会见 拜访 考察 走访 吸引 获取 招引 签约 带动 支持 组织 先后".split())


def _lead_words(item: str, segmenter: Segmenter, lex: OrgLexicon) -> int:
    """How many leading characters of a list's first item are not the name (深挖宏达电子 -> 2, 先后与华远集团 -> 3):
    up to the last stop word or list-leading verb."""
    cut, pos = 0, 0
    stops = lex.cues["left_stop"]
    for word, tag in segmenter.tag(item)[:-1]:
        pos += len(word)
        if word in stops or word in _LEAD_VERBS or word.endswith(tuple(lex.cues["title"])) or is_lead_verb(word, tag):
            cut = pos
    return cut


def is_lead_verb(word: str, tag: str) -> bool:
    """A verb before a list (围绕, 聚焦, 服务): not part of the first name unless it is a name word (建设, 投资)."""
    return tag == "v" and len(word) > 1 and word not in _NAME_VERBS


# What every match of ``OrgLexicon.list_re`` holds: the 、 of a list, the 等 before a count, or the cue that opens a
# list (企业包括…); the bare heads (企业, 公司) would make far more clauses be searched and anchor no other match.
_LIST_ANCHORS = ("、", "等", *(head + verb for head in ("企业", "公司", "客商", "投资方") for verb in ("包括", "有", "为")))


def find_listed_names(text: str, lex: OrgLexicon, segmenter: Segmenter) -> list[OrgSpan]:
    """Items of ``A、B、C等企业`` and the A of ``以A为代表的``."""
    out: list[OrgSpan] = []
    non_org = lex.cues["non_org"]
    for m in finditer_in_clauses(lex.list_re, text, _LIST_ANCHORS, _ITEM_MAX):
        group = next(g for g in ("items", "items2", "items3") if m.group(g))
        pos = m.start(group)
        for i, item in enumerate(pattern(r"、|和|及|与").split(m.group(group)) if group == "items2"
                                 else m.group(group).split("、")):
            cut = _lead_words(item, segmenter, lex) if i == 0 else 0
            name = item[cut:]
            if 2 <= len(name) <= 16 and not any(name.endswith(n) for n in non_org) and looks_like_name(
                    name, lex, segmenter):
                out.append(OrgSpan(pos + cut, pos + len(item), name))
            pos += len(item) + 1
    for m in lex.exemplar_re.finditer(text):
        out.append(OrgSpan(m.start("name"), m.end("name"), m.group("name")))
    return out


def looks_like_name(name: str, lex: OrgLexicon, segmenter: Segmenter) -> bool:
    """A list item names an enterprise (华远集团, 宏达电子) rather than a trade (建材, 食品, 34家电动车)."""
    if name[:1].isdigit() or name in lex.suffixes:
        return False  # 新能源 alone is a trade, not a name
    if name.endswith(lex.all_suffixes) and len(name) > 2:
        return True
    tags = segmenter.tag(name)
    return not all(t in ("n", "vn", "a", "an", "v", "m", "q") for _w, t in tags) or any(c.isascii() for c in name)


_ADVERBS = "还也又已均并就再先便亦则"


def skip_adverbs_left(text: str, end: int) -> int:
    """End of the party before ``与`` once adverbs are dropped (园区还与X签约 -> 园区)."""
    while end > 0 and text[end - 1] in _ADVERBS:
        end -= 1
    return end


def find_signing_parties(text: str, lex: OrgLexicon, segmenter: Segmenter,
                         is_public: Callable[[str], bool]) -> list[OrgSpan]:
    """``苏州启原精密与来安县签约``, ``射洪市与欣锐锂能签约``: of two signing parties, the one that is not a place or a
    government body is an enterprise."""
    out: list[OrgSpan] = []
    for m in lex.signing_re.finditer(text):
        a_end = m.start("and")
        respectively = text.startswith("分别", a_end - 2)  # 开发区分别与A、B、C签订: the other side is public
        if respectively:
            a_end -= 2
        a_end = skip_adverbs_left(text, a_end)
        a_start = left_boundary(text, a_end, segmenter, lex)
        a = text[a_start:a_end]
        non_org = lex.cues["non_org"]
        parts: list[tuple[int, str]] = []
        pos = m.start("b")
        for part in m.group("b").split("、"):  # 分别与A、B、C签订
            parts.append((pos, part))
            pos += len(part) + 1
        a_public = is_public(a) or respectively
        if any(a.endswith(n) for n in non_org) or any(p.endswith(n) for _, p in parts for n in non_org):
            continue  # 与某商会签订, 与四川大学签署: chambers and universities are not enterprises
        if a_public:
            for start, part in parts:
                if not is_public(part) and 2 <= len(part) <= 16 and looks_like_name(part, lex, segmenter):
                    out.append(OrgSpan(start, start + len(part), part))
        elif len(parts) == 1 and is_public(parts[0][1]) and 2 <= len(a) <= 16 and looks_like_name(a, lex, segmenter):
            out.append(OrgSpan(a_start, a_end, a))
    return out


def find_bracketed_names(text: str, lex: OrgLexicon, segmenter: Segmenter,
                         is_place: Callable[[str], bool]) -> list[OrgSpan]:
    """``伊莱特(济宁)``, ``泰和精密(南通)``: a name with its place in brackets is an enterprise (the place stays in)."""
    out: list[OrgSpan] = []
    for m in finditer_in_clauses(lex.bracketed_re, text, ("(", "（"), _BRACKETED_NAME_MAX):
        start = left_boundary(text, m.end("name"), segmenter, lex)
        name, place = text[start:m.end("name")], m.group("place")
        if len(name) < 2 or not is_place(place) or is_place(name) or name.startswith(("中国", "第")):
            continue
        if text.count("“", max(0, start - 20), start) > text.count("”", max(0, start - 20), start):
            continue  # “2022某省装备制造(重庆)招商推介大会”: inside the name of a meeting
        out.append(OrgSpan(start, m.end(), text[start:m.end()]))
    return out


_SCOPE_TAGS = frozenset({"s", "f", "m", "q", "r", "t"})
_COUNT_CHARS = frozenset("0123456789一二两三四五六七八九十百千万几多数每首个家")  # a count word holds one (一家, 多个)


def is_scope_word(core: str, segmenter: Segmenter) -> bool:
    """省内, 国内, 全市, 一家, 这些: a location, scope, count or pronoun before a trade word names no company (a
    word the segmenter tags as a count or measure word without a numeral in it, 赣泓, is a name)."""
    if core.startswith(("全", "本", "各", "外", "省", "市", "县", "区")) and len(core) == 2:
        return True
    return all(tag in _SCOPE_TAGS and (tag not in ("m", "q") or any(c in _COUNT_CHARS for c in word))
               for word, tag in segmenter.tag(core))


def find_cued_names(text: str, lex: OrgLexicon, segmenter: Segmenter,
                    is_public: Callable[[str], bool]) -> list[OrgSpan]:
    """A short name ending in a trade word next to an enterprise cue: ``克森传动亚太区负责人``, ``宏昱光电总部``,
    ``港资企业永晖实业将``. A place or a trade word alone (湖南水泥, 电子) is no name, nor a predicate after the
    enterprise word (企业自主投资建设)."""
    out: list[OrgSpan] = []
    for m in lex.cued_re.finditer(text):
        if m.group("name"):
            end = m.end()
            suffix_start = end - next(len(t) for t in lex.trade_suffixes if m.group("name").endswith(t))
            start = m.start("name")
        else:
            end, suffix_start = m.end(), m.start()
            start = left_boundary(text, suffix_start, segmenter, lex, limit=10)
        core = text[start:suffix_start]
        if len(core) < 2 or core in lex.suffixes or is_public(core) or is_public(text[start:end]) or \
                is_generic_company(core, lex.cues["generic_company"]) or core.startswith(lex.left_stops) \
                or is_scope_word(core, segmenter) or (m.group("name") and opens_with_predicate(core, segmenter)):
            continue
        out.append(OrgSpan(start, end, core))
    return out


def opens_with_predicate(core: str, segmenter: Segmenter) -> bool:
    """``企业自主投资建设``: after an enterprise word, a first word the segmenter tags as a verb or adverb (自主, 积极)
    that is no name word starts the predicate, not a name; so does one in the second place (企业主要从事汽车物流:
    主要 is tagged as an attribute)."""
    return any(is_predicate_word(*tagged) for tagged in segmenter.tag(core)[:2])


def is_predicate_word(word: str, tag: str) -> bool:
    """A word of two or more characters tagged as a verb or adverb that is no name word (自主, 投资): it opens or
    continues a predicate, not a company name."""
    return len(word) > 1 and tag in _STOP_POS and word not in _NAME_VERBS


def find_investing_names(text: str, lex: OrgLexicon, segmenter: Segmenter, place_prefix: Callable[[str], int],
                         is_public: Callable[[str], bool]) -> list[OrgSpan]:
    """``四川蓉晟新材料投资35亿元``, ``美国瑞克动力持股40%``: a place or country name, a name of its own (two characters
    or more) and a trade word right before 投资 and an amount, or before 持股/出资, name the investing enterprise.
    ``place_prefix`` gives the length of a leading place or country name (0 for none); without one the words before
    a trade word are too often a sector (新材料投资), so a name without a place is taken only as the subject of a plan
    (:func:`is_planning_subject`: ``；恒通数码科技拟投资5亿港元``)."""
    out: list[OrgSpan] = []
    reach = max(map(len, lex.trade_suffixes)) + 3  # a trade word, then 又, 计划, 意向, 累计... before 投资
    for m in finditer_in_clauses(lex.investing_re, text, ("投资", "持股", "出资"), reach):
        start = left_boundary(text, m.start(), segmenter, lex, limit=12, is_place=lambda w: place_prefix(w) == len(w))
        name = text[start:m.end()]
        plen = place_prefix(name)
        core = text[start + plen:m.start()]
        if len(core) < 2 or core in lex.suffixes or any(c.isdigit() for c in core) or is_public(name) \
                or is_scope_word(core, segmenter) or core.startswith(lex.left_stops):
            continue
        if plen == 0 and not is_planning_subject(text, start, m.end(), core, lex) \
                and not is_own_name_subject(text, start, core, segmenter, lex):
            continue
        out.append(OrgSpan(start, m.end(), text[start:m.start()]))
    return out


_BUILDER_NAME_MAX = 10  # the longest name read between 由 and 投资建设
_BUILDER = rf"由(?P<name>[\p{{Han}}A-Za-z0-9]{{2,{_BUILDER_NAME_MAX}}}?){BUILD_WORDS}"
_PROPER_TAGS = frozenset({"nr", "nrt", "nz", "j", "eng"})  # a person's, a brand's or an abbreviated name


def find_builder_names(text: str, lex: OrgLexicon, segmenter: Segmenter, place_prefix: Callable[[str], int],
                       is_public: Callable[[str], bool]) -> list[OrgSpan]:
    """``某某光伏项目由某某绿电投资建设``: the words between 由 and 投资建设 (出资建设, 投资兴建) name the builder, an
    enterprise when, after a leading place name, they end in a trade word (恒达实业) or open with a word the
    segmenter tags as a proper name (a brand: 某某时代); a public body, a place, funds or a kind of investor (社会资本,
    中央预算内资金, 广东客商, 该公司) is not one."""
    out: list[OrgSpan] = []
    stops = lex.left_stops
    for m in finditer_in_clauses(pattern(_BUILDER), text, ("投资", "出资"), _BUILDER_NAME_MAX + 1):
        name = m.group("name")
        rest = name[place_prefix(name):]
        if len(rest) < 2 or name.startswith(stops) or is_public(name) or rest in lex.suffixes \
                or is_generic_company(rest, lex.cues["generic_company"]):
            continue
        if not rest.endswith(lex.trade_suffixes) and segmenter.tag(rest)[0][1] not in _PROPER_TAGS \
                and not rest[:1].isascii():
            continue
        out.append(OrgSpan(m.start("name"), m.end("name"), rest))
    return out


_CLAUSE_OPENERS = frozenset("，。；：,;:！？!?\n")
_PLAN_VERBS = ("拟", "计划", "意向")


def is_planning_subject(text: str, start: int, end: int, core: str, lex: OrgLexicon) -> bool:
    """``；恒通数码科技拟投资5亿港元``: without a place before it, a short name (own name + trade word) is an investor
    when it opens its clause, a plan to invest (拟投资, 计划投资, 意向投资) follows, and the words before the trade word open
    with a name of their own: not a trade word, a sector or adjective word or a scope (新材料, 高端装备, 数字科技,
    全市新材料)."""
    if start > 0 and text[start - 1] not in _CLAUSE_OPENERS:
        return False
    if not text.startswith(_PLAN_VERBS, end):
        return False
    return not core.startswith((*lex.trade_suffixes, *lex.cues["not_name_start"]))


_COMMON_WORD_TAGS = frozenset({"n", "vn", "v", "vd", "d", "b", "t", "s", "f", "m", "q", "r"})


def is_own_name_subject(text: str, start: int, core: str, segmenter: Segmenter, lex: OrgLexicon) -> bool:
    """``；某驰电子投资6.5亿元建设…``: without a place or a plan word, a short name is still the investor when it opens
    its clause and the words before its trade word are two characters the segmenter reads as no common word (a
    person's or brand name, an adjective: 拓驰, 晶耀); a common noun or verb there, or a ``not_name_start`` word,
    names a sector (消费电子投资, 新型光电投资)."""
    if len(core) != 2 or (start > 0 and text[start - 1] not in _CLAUSE_OPENERS) \
            or core.startswith((*lex.trade_suffixes, *lex.cues["not_name_start"])):
        return False
    tagged = segmenter.tag(core)
    return len(tagged) == 1 and tagged[0][1] not in _COMMON_WORD_TAGS and "\u4e00" <= core[0] <= "\u9fff"


_FACTORY = r"(?<=\p{Han})厂(?![房区址长家商矿部])"


def find_factory_names(text: str, segmenter: Segmenter, place_prefix: Callable[[str], int],
                       is_place: Callable[[str], bool], lex: OrgLexicon) -> list[OrgSpan]:
    """``东莞某某五金制品厂``: a place, a name of its own (two characters) and a product word before 厂 name a factory
    (an enterprise). Without the place (新建污水处理厂) or with a product word right after the place (某市自来水厂,
    某县第一纺织厂) it is a plant, not a name; 厂房, 厂区 are parts of a plant."""
    out: list[OrgSpan] = []
    for m in pattern(_FACTORY).finditer(text):
        start = left_boundary(text, m.start(), segmenter, lex, limit=16, is_place=is_place)
        name = text[start:m.start()]
        plen = place_prefix(name)
        if plen == 0:
            continue
        rest = name[plen:]
        own = rest[:2]
        if len(rest) < 4 or len(segmenter.tag(rest)[0][0]) >= 3 or is_place(own) or own in lex.suffixes \
                or not pattern(r"\p{Han}+").fullmatch(rest) or own.startswith("第"):
            continue  # 自来水厂, 污水处理厂: a word of three or more characters right after the place is a product
        out.append(OrgSpan(start, m.end(), name))
    return out


_ALIAS = r"\s*[(（](?:以下)?(?:简称|下称)[：:]?[“\"「]?(?P<name>[\p{Han}A-Za-z0-9]{2,10})[”\"」]?[)）]"


def find_alias_names(text: str, names: list[OrgSpan]) -> list[OrgSpan]:
    """``某某股份有限公司（简称“某某科技”）``, ``（以下简称某某集团）``: the short name a release declares right after an
    enterprise's name is an enterprise name too."""
    out: list[OrgSpan] = []
    for o in names:
        m = pattern(_ALIAS).match(text, o.end)
        if m is not None:
            out.append(OrgSpan(m.start("name"), m.end("name"), m.group("name")))
    return out


def is_branch_name(name: str, is_place: Callable[[str], bool]) -> bool:
    """``ABC苏州``: a Latin brand followed by nothing but a place names the brand's local company, not a project."""
    m = pattern(r"[A-Za-z]{2,}[-·]?(\p{Han}{2,4})").fullmatch(name)
    return m is not None and is_place(m.group(1))


def short_forms(name: str, lex: OrgLexicon) -> set[str]:
    """Shorter names a document may use for ``name``: without legal suffixes, then without a trade word (the longest
    suffix that leaves at least two characters, each time)."""
    forms: set[str] = set()
    legal = lex.legal_group_words.longest_suffix(name, keep=2)
    core = name if legal is None else name[:-len(legal)]
    if "(" in core:
        return forms
    forms.add(core)
    trade = lex.trade_words.longest_suffix(core, keep=2)
    if trade is not None:
        forms.add(core[:-len(trade)])
    return {f for f in forms if len(f) >= 2 and f != name}
