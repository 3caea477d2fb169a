"""PROJECT candidates and the company/project split (ANNOTATION.md "ORG and PROJECT").

Rules (each a function below):
- ``find_project_phrases``: a phrase ending in 项目, extended left word by word to a stop (punctuation, 的, a verb,
  an amount); a phrase made only of generic words (重大项目, 该项目) is a class, not a name.
- ``find_listed_items``: named items after an amount (``投资8000万元的华联工业园，``) are projects without 项目.
- ``find_named_fields``: the field after ``项目名称：`` is a project's name as a whole (…高速公路改扩建工程).
- ``split_company``: a company name that starts a project description is split off when the rest still names
  the project by itself (``恒锂科技`` + ``年产5万吨碳酸锂项目``); with only a generic head left, no split.
Offsets index the normalized text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import regex

from cn_invest_ie._mypyc import cached_property, mypyc_attr
from cn_invest_ie.candidates import SpanIndex
from cn_invest_ie.numbers.numerals import count_value
from cn_invest_ie.patterns import (
    CLASS_QUANTIFIERS,
    COUNT_AFTER,
    SPACE,
    WordEnds,
    finditer_in_clauses,
    pattern,
    plain_pattern,
)
from cn_invest_ie.resources import read_word_lists
from cn_invest_ie.segment import Segmenter

_PUNCT = frozenset("，。；：！？、,;:!?《》【】[]{} \t\n\r…—")
# List markers (①…⑳, ⑴…⒇, ⒈…⒛, ㈠…㈩, ❶…❿) open an item of a list; they end a name on the left like punctuation.
_LIST_MARKERS = frozenset(
    [chr(c) for c in range(0x2460, 0x249C)] + [chr(c) for c in range(0x3220, 0x322A)] + [chr(c) for c in range(0x2776, 0x2794)]
)
_PUNCT = _PUNCT | _LIST_MARKERS
_QUOTES = frozenset("“”\"'‘’「」")
_MAX_PROJECT = 40
# Verbs that name the work of a project and may stand inside its name (海上风电开发项目).
_PROJECT_VERBS = frozenset(
    "开发 加工 生产 制造 建设 改造 回收 研发 扩建 新建 技改 改扩建 智造 储能 仓储 安置 配送 运营 提升 升级 装配 组装 冶炼 "
    "养殖 种植 发电 治理 处理 利用 综合利用 孵化 康养 融合 物流 配套 装备 铸造 锻造 封装 检测 制备".split()
)
# Parts of speech that end a project name on the left: prepositions, pronouns, adverbs, particles, verbs (unless
# in _PROJECT_VERBS), numerals standing alone as counts are handled by the generic check.
_STOP_POS = frozenset({"p", "r", "uj", "ul", "uz", "ud", "ug", "y", "e", "o", "c"})
_VERB_POS = frozenset({"v", "vd"})
_CONJ_INSIDE = frozenset({"和", "及", "与"})
# Institutions that end a phrase on the left: the project starts after them (某某学院滨江电商产业园项目).
_INSTITUTION_HEADS = ("学院", "政府", "委员会", "管委会", "商务局", "研究院")
_VERB_STOPS = frozenset(
    "签约 签订 签署 签订了 签署了 开工 投产 竣工 落地 落户 引进 引入 推进 推动 实施 启动 举行 举办 参加 出席 包括 分别 其中 "
    "还有 以及 同 为 是 的 将 在 对 由 向 就 即 等 了 上 之 已 已经 正在 加快 还 也 并 又 都 均 共 共有 合计 总计 累计 项目 暨 "
    "作为 代表 如 有 位于 建设 新建 扩建 计划 拟 拟建 重点 主要 当天 今年 去年 目前 此前 今日 昨日 该 这 此 本 其 "
    "现场 集中 成功 重磅 顺利 正式 首批 一批 总投资 投资 宣布 介绍 涉及 促成 达成 围绕 聚焦 瞄准 带动 "
    "完成 实现 形成 打造 上马 开展 对接 洽谈 考察 拜访 赴 到 从 向 让 使 把 给 被 进一步 积极 全力 先后 陆续 同步 加速 率先 "
    "首次 一如既往 成功 顺利 正式 重磅 迅速 全面 持续 不断 努力 大力 已于 将于 于 负责 承建 承担 主导 牵头 "
    "设立 兴建 筹建 投建 成立 落实 要 应 须 需 必须 需要 应当".split()
)


@dataclass(frozen=True)
class ProjectSpan:
    start: int
    end: int


@mypyc_attr(native_class=False)  # keeps functools.cached_property caching when compiled
class ProjectLexicon:
    """Generic words, name heads and description starts for projects, loaded on first use."""

    def __init__(self) -> None:
        self.generic_cache: dict[str, bool] = {}

    @cached_property
    def cues(self) -> dict[str, tuple[str, ...]]:
        return read_word_lists("project_cues.tsv")

    @cached_property
    def generic_re(self) -> re.Pattern[str]:
        """Generic words, counts and times, any number of them (fullmatch: a class; sub: what is left). Compiled by the
        standard ``re``, which runs this repeated alternation (tried at every position by ``sub``) about three times
        faster than ``regex``; the pattern uses no syntax the two read differently."""
        words = "|".join(map(re.escape, self.cues["generic"]))
        time = r"第?[一二三四1-4]季度|[0-9]{4}年|今年|去年|全年|全[省市县区镇]|本次|此次|这批|该批|本批|[上下]半年"
        count = (r"第?[0-9一二三四五六七八九十百]+[个批届家项类]?|[0-9一二三四五六七八九十百千万亿]+(?:千瓦|兆瓦|吨)?级"
                 r"|[个批类等大小]")
        return re.compile(rf"(?:{time}|{words}|{count}|[“”\"'])*")

    @cached_property
    def system_after_re(self) -> regex.Pattern[str]:
        """A mechanism or system noun after 项目, up to two characters between (包保责任制, 审批制度)."""
        words = "|".join(map(regex.escape, sorted(self.cues["system_after"], key=len, reverse=True)))
        return regex.compile(rf"\p{{Han}}{{0,2}}?(?:{words})")

    @cached_property
    def heads(self) -> str:
        """The project heads of ``cues.head`` as a regex alternation (园 and 城 are added where a pattern uses it)."""
        return "|".join(map(regex.escape, self.cues["head"]))

    @cached_property
    def head_re(self) -> regex.Pattern[str]:
        heads = self.heads
        return regex.compile(rf"(?:{heads}|线|园|城)")

    @cached_property
    def head_end_re(self) -> regex.Pattern[str]:
        """A project head closing a name (search it on the name)."""
        heads = self.heads
        return regex.compile(rf"(?:{heads}|线|园|城)$")

    @cached_property
    def owned_re(self) -> regex.Pattern[str]:
        """A phrase ending in a project head, then a cue that closes a name (负责人, a verb, punctuation)."""
        heads = self.heads
        after = (r"负责人|总投资|占地|位于|项目负责|[，。；、,;：:]|将|已|于|正式|开工|投产|建成|竣工|落户|签约|是|$")
        return regex.compile(rf"·?(?P<name>[\p{{Han}}A-Za-z0-9]{{2,16}}?(?:{heads}|园|城))(?={after})")

    @cached_property
    def head_then_stage_re(self) -> regex.Pattern[str]:
        """A name ending in a project head, then a stage or location word (match it on a phrase)."""
        heads = self.heads
        after = "|".join(map(regex.escape, self.cues["stage_after"]))
        return regex.compile(rf"(?P<name>.{{2,}}?(?:{heads}|园|城))(?={after})")

    @cached_property
    def quoted_re(self) -> regex.Pattern[str]:
        """A quoted name and a description ending in a project head, without 项目 (“某某云谷”数字经济产业园)."""
        heads = self.heads
        return regex.compile(r"“(?P<quoted>[^“”，。；、,;]{2,10})”(?P<tail>[\p{Han}A-Za-z0-9]{1,12}?"
                             rf"(?:{heads}|园|城))(?![\p{{Han}}A-Za-z0-9]*项目)")

    @cached_property
    def headline_re(self) -> regex.Pattern[str]:
        """A phrase ending in a project head, then an optional phase and a stage word (…枢纽|一期竣工投运)."""
        heads = self.heads
        return regex.compile(rf"(?P<name>[^\s，。；：、,;:！？!?“”]{{2,30}}?(?:{heads}|园|城))"
                             r"(?=(?:[一二三四五首]期(?:工程)?)?(?:竣工|投运|投产|开工|建成|开园|签约|落地|试运营))")

    @cached_property
    def start_words(self) -> tuple[str, ...]:
        return self.cues["start"]

    @cached_property
    def item_re(self) -> regex.Pattern[str]:
        """A named item right after ``投资X元的`` or ``总投资X元的`` up to a list separator."""
        return regex.compile(r"(?:的|建设|打造)(?P<name>[^，。；：！？、,;:!?（(.]{2,30}?)(?=等|[，。；、,;.])")


def is_generic(name: str, lex: ProjectLexicon) -> bool:
    cached = lex.generic_cache.get(name)
    if cached is None:
        cached = _is_generic(name, lex)
        if len(lex.generic_cache) < 100_000:
            lex.generic_cache[name] = cached
    return cached


def _is_generic(name: str, lex: ProjectLexicon) -> bool:
    """重大项目, 先进制造业项目, 3个项目: nothing but generic words and counts before 项目, or fewer than three
    characters of anything else (台资项目, 水泥项目); a count or a size class inside (5个文旅康养项目, 百亿级化工
    项目) makes a class too, except in a capacity (年产3000台数控机床和5000个智能货架项目)."""
    core = name[:-2] if name.endswith("项目") else name
    core = core.strip("“”\"' ")
    if lex.generic_re.fullmatch(core) is not None:
        return True
    if has_class_count(core):
        return True
    residue = lex.generic_re.sub("", core)
    return len(residue) < 3


def has_class_count(core: str) -> bool:
    """5个文旅康养项目, 第二批, 百亿级: a count or size class makes a class of projects, unless it stands inside a
    capacity (某集团年产2000台电梯和18000个停车设备项目: the counts after 年产 measure products)."""
    m = plain_pattern(r"[0-9一二两三四五六七八九十百千]+个|第[0-9一二三四五六七八九十]+批|唯一|[百千万亿]+级").search(core)
    if m is None:
        # 百万千瓦级光伏项目: a size class in a unit that opens the phrase sorts projects by size (after a name,
        # 某某滩百万千瓦级风光储项目, it describes that one project)
        return plain_pattern(r"[十百千万亿]+(?:千瓦|兆瓦|吨)级").match(core) is not None
    capacity = pattern(r"年产(?!值)|日产|月产|年加工|年处理|年出栏").search(core, 0, m.start())
    return capacity is None


def is_batch_name(text: str, end: int) -> bool:
    """``2024年全市第一季度重大项目集中开工``, ``某市新能源汽车产业链项目集中投产仪式``: 项目 followed by 集中 names a
    batch event, never one project (a single project's ``…项目签约仪式`` is a name)."""
    return text.startswith("集中", end)


def is_counted_class(text: str, head: int) -> bool:
    """``两大项目``, ``等项目``, ``30个项目``: the words before 项目 count or close a list; no name ends here."""
    before = text[max(0, head - 3):head]
    return pattern(r"(?:[0-9一二两三四五六七八九十百]+[个大批类项]|等|[个批类]|元)$").search(before) is not None


def is_counted_after(text: str, end: int) -> bool:
    """``农业和食品加工项目412个``, ``港澳资项目超过30个``: a count right after 项目 makes the words before it a class of
    projects (a sector, an origin), not a name."""
    return pattern(COUNT_AFTER).match(text, end) is not None


def _left_edge(text: str, end: int, segmenter: Segmenter, blocked_ends: list[int] | None,
               lex: ProjectLexicon | None = None) -> int:
    """Start of a project name ending at ``end``: stop at punctuation, a verb or function word, or a blocked span."""
    lo = end
    while lo > 0 and end - lo < _MAX_PROJECT and (text[lo - 1] not in _PUNCT or is_latin_space(text, lo - 1)
                                                  or is_locant_comma(text, lo - 1)):
        lo -= 1
    k = bisect_right(blocked_ends, end) if blocked_ends is not None else 0
    if k and blocked_ends is not None and blocked_ends[k - 1] > lo:
        lo = blocked_ends[k - 1]  # an amount or date ends the name on the left
    tagged = segmenter.tag(text[lo:end])
    offsets = []
    pos = lo
    for word, tag in tagged:
        offsets.append((word, tag, pos))
        pos += len(word)
    start = end
    # 年产2万吨复合调味料: the words after a capacity name its product, verbs tagged there (调味料) included
    capacity_end = max((m.end() for m in plain_pattern(r"(?:年产|日产|月产|年加工|年处理|年出栏)[0-9.,]+").finditer(text, lo, end)),
                       default=end)
    nominal = ("n", "nz", "nr", "ns", "nt", "vn", "an", "j", "b", "l", "eng", "m", "q")
    for k in range(len(offsets) - 1, -1, -1):
        word, tag, s = offsets[k]
        if (word in _VERB_STOPS and not is_work_head(word, s, end)) or word.endswith(_INSTITUTION_HEADS):
            break
        if word in _CONJ_INSIDE and text[s + 1:s + 2].isdigit() and lex is not None and lex.head_re.search(
                text[max(lo, s - 3):s]):
            break  # 年产200万吨矿渣微粉生产线和600万瓦光伏发电项目: 和 after a named item starts a new one
        if word not in _CONJ_INSIDE and word not in _PROJECT_VERBS and tag in _STOP_POS and not glued_conjunction(word):
            break
        if tag in _VERB_POS and len(word) == 1 and s + 1 == end and s < capacity_end:
            break  # 抓项目, 引项目, 上项目: a one-character verb on 项目 is an action on projects, no name
        if has_verb_complement(word, tag):
            break  # 工作呈现出项目多: a verb with a result or direction complement takes 项目 as its object
        if tag in _VERB_POS and word not in _PROJECT_VERBS and s < capacity_end:
            # a verb ends the name unless name words stand on both sides of it (可降解塑料, 纺纱织布)
            right = text[s + len(word):end]
            left_is_name = k > 0 and offsets[k - 1][1] in nominal and offsets[k - 1][0] not in _VERB_STOPS
            if (not right or (lex is not None and lex.generic_re.fullmatch(right))) and not left_is_name:
                break
        start = s
    # a quotation mark that opens the name stays in (“静观田园”综合体项目); an unpaired closing one does not
    while start < end and text[start] in "”’":
        start += 1
    # a conjunction that joins this name to a class before it (台资项目和某某项目) does not open the name
    if start < end - 4 and text[start] in _CONJ_INSIDE and any(w == text[start] and p == start for w, _t, p in offsets):
        start += 1
    return start


def is_latin_space(text: str, pos: int) -> bool:
    """``Mini LED背光模组``: a space between two Latin letters or digits joins words of one name."""
    return text[pos] == " " and pos > 0 and text[pos - 1:pos].isascii() and text[pos - 1].isalnum() \
        and text[pos + 1:pos + 2].isascii() and text[pos + 1:pos + 2].isalnum()


def is_locant_comma(text: str, pos: int) -> bool:
    """``1,4-丁二醇``, ``2,6-二氯苯``: a comma between locant digits, the last closed by a hyphen, is part of a
    chemical name, not a clause break (a thousands comma has three digits after it and no hyphen)."""
    return text[pos] == "," and pattern(r"(?<=(?<![0-9.,])[0-9]{1,2}),(?:[0-9]{1,2},)*[0-9]{1,2}-").match(
        text, pos) is not None


_COMPLEMENTS = ("出", "到", "来", "起", "了", "着", "过")


def has_verb_complement(word: str, tag: str) -> bool:
    """``呈现出``, ``引进来``, ``看到``: a verb of two or more characters closed by a result or direction complement
    acts on what follows; no project name holds one (a work verb such as 产出 never names the work of a plant)."""
    return tag in _VERB_POS and len(word) >= 2 and word.endswith(_COMPLEMENTS) and word not in _PROJECT_VERBS


def glued_conjunction(word: str) -> bool:
    """``茶及`` (精制茶及茶饮料): the segmenter glued a product's last character to 及/和/与 and tagged the pair a
    conjunction; it joins two parts of one name like the bare conjunction does."""
    return len(word) == 2 and word[1] in _CONJ_INSIDE and word[0] not in _CONJ_INSIDE and "\u4e00" <= word[0] <= "\u9fff" \
        and word not in _VERB_STOPS


def is_work_head(word: str, pos: int, end: int) -> bool:
    """``某某有限公司扩建项目``: a work verb (扩建, 新建, 技改) right before 项目 is the head of the name, not a stop;
    left alone (扩建项目) it is generic and dropped later."""
    return word in _PROJECT_VERBS and pos + len(word) == end


def ends_in_work_verb(name: str) -> bool:
    """农产品加工, 冷链物流: the name ends in a word for the work of a project (a trade, not a product)."""
    return name.endswith(_WORK_ENDINGS)


_WORK_ENDINGS = tuple(sorted(_PROJECT_VERBS, key=len, reverse=True))


def find_project_phrases(
    text: str, lex: ProjectLexicon, segmenter: Segmenter, blocked: list[tuple[int, int]]
) -> list[ProjectSpan]:
    """Phrases ending in 项目 that name a project."""
    out: list[ProjectSpan] = []
    ends = sorted(e for _s, e in blocked)
    for m in pattern("项目").finditer(text):
        end = m.end()
        if text.startswith(("部", "组", "库", "公司", "区", "单位", "办", "方", "经理", "负责人", "名称", "总监", "主管"),
                           end):
            continue  # 某某公司项目总监: a post on a company's projects, no project name
        if lex.system_after_re.match(text, end) is not None:
            continue  # 领导联系重大项目工作机制, 项目包保责任制: 项目 modifies a mechanism, no project name ends here
        if is_counted_class(text, m.start()) or is_batch_name(text, end) or text[m.start() - 1:m.start()] == "“" \
                or text.startswith("招商", m.start() - 2) or is_counted_after(text, end):
            continue  # 两大项目, 树牢“项目为王”理念, 文旅康养产业招商项目: no project name ends here
        start = _left_edge(text, m.start(), segmenter, ends, lex)
        if start >= m.start():
            continue
        name = text[start:end]
        if len(name) < 4 or (is_generic(name, lex) and not is_named_generic(name, lex, segmenter)):
            continue
        if opens_unclosed_quote(text, start, end) or is_class_by_context(text, start, end, lex):
            continue
        if is_headline_kind(text, start, end, segmenter, lex) or is_batch_of_kind(text, start, end, segmenter):
            continue
        out.append(ProjectSpan(start, end))
    return out


_KIND_TAGS = frozenset({"n", "vn", "v", "a", "an", "b"})


def is_batch_of_kind(text: str, start: int, end: int, segmenter: Segmenter) -> bool:
    """``一批高品质文旅项目正加快落地``: after a batch word (一批, 多个) a phrase of common words with no number (a
    quality and a trade) says what kind the many projects are; a capacity (一批年产20万吨饲料加工项目) or a proper name
    in it names one of them."""
    if not text.endswith(CLASS_QUANTIFIERS, max(0, start - 3), start) or any(c.isdigit() for c in text[start:end]):
        return False
    return all(tag in _KIND_TAGS for _w, tag in segmenter.tag(text[start:end - 2]))


def is_headline_kind(text: str, start: int, end: int, segmenter: Segmenter, lex: ProjectLexicon | None = None) -> bool:
    """``…开工仅用30天 肉制品加工项目跑出加速度``: in a headline (the first line, when the text has more), a phrase of
    one or two common words before 项目 (a product or trade, no proper name, capacity or project head) says what
    kind of project the release is about; the body names it (年产…项目). In the body such a phrase after an amount
    or a verb of investing is the project's name (投资…建设童装加工项目) and stays."""
    title_end = text.find("\n")
    if title_end <= 0 or end > title_end or title_end > _MAX_HEADLINE:
        return False
    words = segmenter.tag(text[start:end - 2])
    if len(words) > 2 and lex is not None and is_origin(words[0][0], lex):
        words = words[1:]  # 签约港资智能厨电项目: whose capital, then the kind
    return len(words) <= 2 and all(tag in _KIND_TAGS for _w, tag in words)


def is_origin(word: str, lex: ProjectLexicon) -> bool:
    """``港资``, ``外资``, ``浙商``: a two-character source of capital or group of investors."""
    return len(word) == 2 and word.endswith(lex.cues["origin_end"])


_FIELD_END = "；;。，,\n（(：:"


def find_named_fields(text: str, lex: ProjectLexicon) -> list[ProjectSpan]:
    """``项目名称：某某至某某高速公路改扩建工程；建设单位：…``: in a list of projects set out by fields, the field after
    ``项目名称：`` is the project's name as a whole, up to the field separator or a bracketed note (（一期）), whatever
    its head (项目, 工程, 产业园)."""
    out: list[ProjectSpan] = []
    for m in pattern(r"项目名称[：:][ \t]*").finditer(text):
        s = m.end()
        e = s
        while e < len(text) and e - s <= _MAX_PROJECT and text[e] not in _FIELD_END:
            e += 1
        if e - s > _MAX_PROJECT or e - s < 4 or is_generic(text[s:e], lex):
            continue
        out.append(ProjectSpan(s, e))
    return out


def opens_unclosed_quote(text: str, start: int, end: int) -> bool:
    """``坚持“要素跟着项目走”``: a quotation opened inside the phrase that closes neither inside it nor right after 项目
    (“某某产业园项目”) quotes a slogan, not a project name; so does a quoted formula joined by ``+`` around 项目 (以“基金+项目”方式)."""
    opened = text.rfind("“", start, end)
    if opened == -1 or text.find("”", opened, end) != -1:
        return False
    # “基金+项目”: a formula joined by + around 项目 is a slogan (“屋顶光伏+储能”项目 closes before 项目)
    return not text.startswith("”", end) or "+" in text[opened:end] or "＋" in text[opened:end]


def is_class_by_context(text: str, start: int, end: int, lex: ProjectLexicon) -> bool:
    """``投资5000万元以上的食品加工项目``, ``签约了一批先进制造和现代物流项目``: a phrase after a size threshold
    (以上的, 以下的) or after a batch word (一批, 多个) listing only sectors names a class of projects; so does a
    phrase after 更多 (``引进更多冷链仓储、分拣中心项目``: the last of the kinds 更多 opens), whatever it lists."""
    if pattern(r"(?:以上|以下|及以上)的?$").search(text, max(0, start - 4), start) is not None:
        return True
    if text.startswith("更多", start) or pattern(r"更多的?[^\s，。；：,;:！？!?的是将在]{0,24}$").search(
            text, max(0, start - 28), start) is not None:
        return True  # 推动更多海外仓、分拨中心项目落地: 更多 opens a class of projects (kinds of facilities), never a name
    if not text.endswith((*CLASS_QUANTIFIERS, "各类"), max(0, start - 3), start):
        return False
    parts = [p for p in pattern(r"[和及与、]").split(text[start:end - 2]) if p]
    return is_sector_list(parts, lex)


def find_capacity_phrases(text: str, taken: SpanIndex) -> list[ProjectSpan]:
    """Projects named by their capacity without 项目: ``日产3000吨新型干法玻璃生产线``, ``年产10万吨铝型材``."""
    out: list[ProjectSpan] = []
    for m in pattern(
        r"(?:年产|日产|年加工|年处理)[0-9.,万亿千百十]+[^\s，。；：、,;:!?（(“”]{1,30}?"
        r"(?=等|[，。；、,;:：]|项目|[和及][0-9]|竣工|投产|开工|正式|建成|已|将|于|的|负责人|点火|投运|试产|试生产"
        r"|落户|签约|落地|$)"
    ).finditer(text):
        s, e = m.start(), m.end()
        if text.startswith("项目", e) or e - s < 6 or taken.overlaps(s, e):
            continue
        if pattern(r"的(?:生产)?(?:能力|产能|规模)").match(text, e):
            continue  # 形成年产20GWh动力电池的生产能力: a capacity, not a project
        if is_capacity_clause(text, s, e) or is_phase_contents(text, s):
            continue
        tail = pattern(r"[0-9.,]+").split(text[s:e])[-1]
        if len(pattern(r"\p{Han}").findall(tail)) < 4:
            continue  # 日产4500吨 alone names a capacity, not a product line
        out.append(ProjectSpan(s, e))
    return out


_PLANT_HEADS = ("线", "系统", "基地", "工厂", "园")


def is_capacity_clause(text: str, s: int, e: int) -> bool:
    """``新建2座厂房、8条生产线，年产15000吨锂电正极材料。``: a capacity that is a whole clause closing a sentence
    states a project's scale, not its name (unless it ends in a plant word such as 生产线, or a colon opens a list)."""
    if text[s - 1:s] not in ("，", ",") or text[e:e + 1] not in ("。", "；", ";", "") or text[s:e].endswith(_PLANT_HEADS):
        return False
    sentence_start = max(text.rfind(c, 0, s) for c in "。！？\n")
    return not any(c in text[sentence_start + 1:s] for c in "：:")


_PHASE_WINDOW = 150


def is_phase_contents(text: str, s: int) -> bool:
    """``分两期建设：一期投资4亿元，建设年产…生产线；二期投资…``: in a sentence that splits a project into phases
    (分两期, 分三期), or after a project's total (``总投资30亿元，其中一期投资11亿元，主要建设…``), what a phase amount
    builds describes that phase of the project, not a project of its own."""
    phase = pattern(r"[一二三四五六首]期(?:工程|项目)?(?:计划|拟|预计)?总?投资(?:约|近|超|逾)?[0-9.,]+[万亿千百]*(?:元|美元)"
                    r"[，,]?(?:主要|计划|拟|用于)?(?:建设|新建|建成)$").search(text, max(0, s - 40), s)
    if phase is None:
        return False
    if text.endswith("其中", 0, phase.start()):
        return True
    lo = max(0, s - _PHASE_WINDOW)
    opened = max(text.rfind(c, lo, s) for c in "。！？\n")
    return pattern(r"分[两二三四五六2-6]期").search(text, max(lo, opened + 1), s) is not None


# Items of a list closed by 等 (A、B、C等项目); compiled by the standard re (patterns.plain_pattern).
LIST_ITEMS = (rf"(?P<items>(?:[^{SPACE}，。；：、,;:！？!?]{{2,30}}、)+[^{SPACE}，。；：、,;:！？!?]{{2,30}})"
              r"等(?:[0-9一二三四五六七八九十]+个)?(?:新|重点|重大)?(?:项目|$|[，。,])")
_LIST_LEAD = ("包括", "分别为", "分别是", "推动", "推进", "签约", "引进", "落地", "有", "为", "：", ":")


def find_list_items(text: str, lex: ProjectLexicon, taken: SpanIndex) -> list[ProjectSpan]:
    """Named items of a project list: ``包括A、B、C等``, ``A、B等32个项目开工``; sector lists (涉及先进制造、...等项目)
    are not projects."""
    out: list[ProjectSpan] = []
    for m in finditer_in_clauses(plain_pattern(LIST_ITEMS), text, ("、",), 30):
        pos = m.start("items")
        lead = text[max(0, pos - 6):pos]
        items = m.group("items").split("、")
        first = items[0]
        cut = 0
        for word in _LIST_LEAD:
            k = first.find(word)
            if k != -1 and k + len(word) < len(first) - 1:
                cut = max(cut, k + len(word))
        if any(w in lead + first for w in ("涉及", "涵盖", "聚焦", "围绕", "覆盖", "主导产业")):
            continue
        if is_sector_list([items[0][cut:], *items[1:]], lex):
            continue
        offset = pos
        for i, item in enumerate(items):
            s = offset + (cut if i == 0 else 0)
            e = offset + len(item)
            offset = e + 1
            name = text[s:e]
            if len(name) < 5 and not lex.head_re.search(name):
                continue
            if is_generic(name, lex) or taken.overlaps(s, e):
                continue
            out.append(ProjectSpan(s, e))
    return out


def find_counted_items(text: str, lex: ProjectLexicon, segmenter: Segmenter, taken: SpanIndex) -> list[ProjectSpan]:
    """``A和B两大项目``, ``A、B、C三个项目``: names joined by 和/及/、 right before a count of projects are projects
    when every one of them ends in a project head (科技城, 产业园, 中心), or when they are as many as the count says
    and name more than sectors (:func:`is_sector_list`: 新材料、生物医药3个项目 lists sectors); a name ending in 项目 is
    found elsewhere."""
    out: list[ProjectSpan] = []
    # regex, not re: on a long run of digits re would read the run again from each of its positions (quadratic)
    for m in pattern(r"(?=[两二三四五六七八九十0-9])(?P<count>[两二三四五六七八九十]|[0-9]+)[大个](?:重点|重大|新)?项目"
                     ).finditer(text):
        lo = m.start()
        while lo > 0 and m.start() - lo < _MAX_COUNTED_RUN and (text[lo - 1] not in _PUNCT or text[lo - 1] == "、"):
            lo -= 1
        pieces = list(plain_pattern(r"[^和及、]+").finditer(text, lo, m.start()))
        if len(pieces) < 2:
            continue
        if any(not ends_in_head(p.group(0), lex) for p in pieces) and (
                count_value(m.group("count")) != len(pieces) or is_sector_list([p.group(0) for p in pieces], lex)):
            continue
        spans = [(p.start(), p.end()) for p in pieces]
        spans[0] = (_left_edge(text, spans[0][1], segmenter, None, lex), spans[0][1])
        for s, e in spans:
            if e - s >= 4 and not is_generic(text[s:e], lex) and not taken.overlaps(s, e):
                out.append(ProjectSpan(s, e))
    return out


_MAX_COUNTED_RUN = 60
def ends_in_head(name: str, lex: ProjectLexicon) -> bool:
    """科技城, 临空产业园: the name ends in a project head (more than the head alone)."""
    m = lex.head_end_re.search(name)
    return m is not None and m.start() >= 2


def is_sector_list(items: list[str], lex: ProjectLexicon) -> bool:
    """新材料、现代农业、中药材加工、农旅、食用菌等项目; 老旧小区提升、管网更新、绿化改造等: when most items are
    too short to name a project (under five characters, no name head), the list enumerates sectors or works."""
    named = sum(1 for item in items if len(item) >= 5 or lex.head_re.search(item))
    return 2 * named < len(items)


def find_company_projects(text: str, companies: list[tuple[int, int]], lex: ProjectLexicon, segmenter: Segmenter,
                          taken: SpanIndex) -> list[ProjectSpan]:
    """``华创集团精密制造产业园负责人介绍``: a phrase ending in a project head (产业园, 基地, 中心) right after a
    company name is that company's project, without 项目; a bare head (产业园) or a generic phrase is not."""
    out: list[ProjectSpan] = []
    for _s, e in companies:
        m = lex.owned_re.match(text, e)
        if m is None:
            continue
        s, t = m.start("name"), m.end("name")
        name = m.group("name")
        head = lex.head_re.search(name)
        if head is None or head.start() < 2 or is_generic(name, lex) or taken.overlaps(s, t):
            continue
        if _left_edge(text, t, segmenter, None, lex) > s:
            continue  # a verb or function word inside: not a name (公司积极推进物流园)
        out.append(ProjectSpan(s, t))
        taken.add(s, t)
    return out


def find_listed_items(
    text: str, lex: ProjectLexicon, money_ends: list[int], taken: SpanIndex, segmenter: Segmenter | None = None,
) -> list[ProjectSpan]:
    """Named items after an amount: ``投资8000万元的华联工业园，`` -> 华联工业园 (no 项目 needed); a plant described by
    its work after 建设 (``投资1.2亿美元建设水产品加工基地``) names none (:func:`is_work_description`)."""
    out: list[ProjectSpan] = []
    for e in money_ends:
        m = lex.item_re.match(text, e)
        if m is None:
            continue
        s, t = m.start("name"), m.end("name")
        if taken.overlaps(s, t):
            continue
        name = m.group("name")
        cut = lex.head_then_stage_re.match(name)
        if cut is not None:  # 精细化工新材料产业园落户某地: the name ends at its head
            name = cut.group("name")
            t = s + len(name)
        if name.endswith(lex.cues["item_end"]):
            continue
        if segmenter is not None and not m.group(0).startswith("的") and is_work_description(name, lex, segmenter):
            continue
        if is_phase_contents(text, s):
            continue
        if "项目" in name or is_generic(name, lex) or len(name) < 3 or pattern(r"[0-9一二三四五六七八九十]+个").match(name):
            continue
        out.append(ProjectSpan(s, t))
    return out


_COMMON_TAGS = frozenset({"n", "vn", "v", "a", "an", "b", "m", "mq", "q", "zg", "ng", "vd", "d"})
# Words for the work a plant does (not its product: 装备, 储能 name products of 智能装备产业园, 储能基地).
_WORK_WORDS = tuple("加工 深加工 生产 制造 回收 研发 冶炼 养殖 种植 处理 利用 仓储 配送 物流 封装 检测 组装 装配 铸造 锻造 "
                    "制备 屠宰".split())


def is_work_description(name: str, lex: ProjectLexicon, segmenter: Segmenter) -> bool:
    """``水产品加工基地``, ``汽车零部件生产基地``: a product, a word for the work done (加工, 生产, 物流) and a plant head,
    all common words, describe what an amount builds, not a project's name; a proper name (华联物流园, 某某湖国际生态城)
    or a product without a work word (激光器件产业园) names one."""
    if not pattern(r"\p{Han}+").fullmatch(name):
        return False
    # any head that ends the name counts (生产基地 and 基地 of 汽车零部件生产基地)
    heads = [h for h in (*lex.cues["head"], "线", "园", "城") if name.endswith(h) and len(name) - len(h) >= 2]
    if not any(name[:-len(h)].endswith(_WORK_WORDS) for h in heads):
        return False
    return all(tag in _COMMON_TAGS for _w, tag in segmenter.tag(name[:-min(map(len, heads))]))


_MAX_HEADLINE = 80


def find_headline_facilities(text: str, lex: ProjectLexicon, segmenter: Segmenter, taken: SpanIndex,
                             zones: list[tuple[int, int]]) -> list[ProjectSpan]:
    """``郑州：某某国际冷链物流枢纽一期竣工投运``: in a headline (the first line, when the text has more), a name ending in
    a project head right before a stage (竣工, 投运, 开工, 签约), a phase (一期) allowed between, names the project
    without 项目, as headlines drop it; a development zone (某某高新区开工) or a generic phrase is none."""
    title_end = text.find("\n")
    if title_end <= 0 or title_end > _MAX_HEADLINE:
        return []
    out: list[ProjectSpan] = []
    for m in lex.headline_re.finditer(text, 0, title_end):
        t = m.end("name")
        s = _left_edge(text, t, segmenter, None, lex)
        name = text[s:t]
        if t - s < 5 or not ends_in_head(name, lex) or is_generic(name, lex) or taken.overlaps(s, t) \
                or (s, t) in zones or not opens_with_name(name, lex, segmenter):
            continue
        out.append(ProjectSpan(s, t))
    return out


_NAME_TAGS = frozenset({"nr", "nz", "nt", "ns", "nrt", "nrfg", "nrf"})


def opens_with_name(name: str, lex: ProjectLexicon, segmenter: Segmenter) -> bool:
    """``中原国际…枢纽``, ``“某某云谷”…``: the phrase opens with a proper name (a place or region, a brand; tagged as a
    name, or followed by a descriptor such as 国际, 临港 that follows places in facility names) or a quoted name, not
    with a scope or a common word (全市物流园区, 冷链物流园区)."""
    if name[:1] in "“\"「":
        return True
    words = segmenter.tag(name)
    if not words or len(words[0][0]) < 2 or lex.generic_re.fullmatch(words[0][0]):
        return False
    return words[0][1] in _NAME_TAGS or name[len(words[0][0]):].startswith(lex.cues["descriptor"])


def find_quoted_names(text: str, lex: ProjectLexicon, taken: SpanIndex) -> list[ProjectSpan]:
    """``布局“某某云谷”数字经济产业园``: a quoted name followed by a description ending in a project head names a
    project without 项目 (with 项目 the phrase is found by :func:`find_project_phrases`); a quoted title after
    评为, 授予, 获批 (被评为“…”示范基地) is an award, and a head alone after the quote (“…”产业园) names no project."""
    out: list[ProjectSpan] = []
    for m in finditer_in_clauses(lex.quoted_re, text, ("”",), 24):
        s, e = m.start(), m.end()
        tail = m.group("tail")
        if taken.overlaps(s, e) or len(tail) < 4 or is_generic(tail, lex) or text.startswith("城市", e - 1):
            continue  # “一带一路”强支点城市: 城 of 城市 ends no name
        before = text[max(0, s - 4):s]
        if any(before.endswith(w) for w in lex.cues["honor"]) or before.endswith("被"):
            continue
        out.append(ProjectSpan(s, e))
    return out


def is_named_generic(name: str, lex: ProjectLexicon, segmenter: Segmenter) -> bool:
    """``某某技改项目``, ``某某化工项目``: a proper name of two or three characters (a company's short name, tagged as a
    name by the segmenter) before nothing but generic words names one project, the company inside it (ANNOTATION.md:
    台玻技改项目); a sector word (水泥项目, 锂电项目), an origin of capital (浙商回归项目, 台资项目) or a place (该市重大
    项目) does not."""
    core = name[:-2] if name.endswith("项目") else name
    words = segmenter.tag(core)
    if len(words) < 2:
        return False
    first, tag = words[0]
    rest = core[len(first):]
    return (2 <= len(first) <= 3 and tag in ("nz", "nr", "nt", "nrt") and not first.startswith(lex.start_words)
            and not first.endswith(lex.cues["origin_end"])
            and lex.generic_re.fullmatch(rest) is not None and not has_class_count(rest))


_PROPER_TAGS = frozenset({"nr", "nz", "nt", "nrt", "nrfg", "nrf", "ns"})  # ns only when not a known place
_CAPACITY = ("年产", "日产", "月产", "年加工", "年处理", "年出栏")


def _starts_capacity(rest: str) -> bool:
    """年产…, 10万纱锭…: the rest opens with a capacity; an amount of money (6000万美元的…) is none."""
    if pattern(r"[0-9.,]+[万亿千百]*(?:元|美元|欧元|港元|日元)").match(rest):
        return False
    return rest[:1].isdigit() or rest.startswith(_CAPACITY)


def is_place_led_name(words: list[tuple[str, str]], head: str, rest: str, lex: ProjectLexicon,
                      is_place: Callable[[str], bool], trades: frozenset[str], *, suffixed: bool) -> bool:
    """A place and a two- or three-character trade name (重庆 + 大千 + 电子, 陕西 + 首铝) before a description:
    the prefix ``words`` name a company when a trade word ends them (``suffixed``, ``head`` is the prefix without
    it) or a modifier (新型, 超高) opens ``rest``. An industry word (``trades``: 航天) or a descriptor (国际, 光谷)
    after the place is no trade name."""
    if len(words) < 2 or not is_place(words[0][0]) or is_place(head):
        return False
    trade_name = head[len(words[0][0]):]
    if not 2 <= len(trade_name) <= 3 or is_place(trade_name) or lex.generic_re.fullmatch(trade_name) \
            or trade_name.startswith(lex.cues["descriptor"]) or trade_name in trades \
            or trade_name.startswith(lex.start_words) or not pattern(r"\p{Han}+").fullmatch(trade_name):
        return False
    if suffixed:
        return True
    return len(trade_name) == 2 and rest.startswith(lex.cues["modifier"])


_PRODUCT_TAGS = frozenset({"n", "nz", "vn"})


def names_own_product(tagged: list[tuple[str, str]], i: int, rest: str, lex: ProjectLexicon,
                      is_place: Callable[[str], bool]) -> bool:
    """``某某座椅`` + ``商用车座椅总成项目``: a short company name is a brand and the product it makes; when that
    product word comes back later in the description (商用车座椅, 锂电铜箔), the words up to its first use are the
    company. The brand must be more than a place or a generic or description word (汽车零部件 + 汽车…: no brand)."""
    product, tag = tagged[i - 1]
    if i < 2 or len(product) < 2 or tag not in _PRODUCT_TAGS or rest.startswith(product) or product not in rest:
        return False
    brand = "".join(w for w, _t in tagged[:i - 1])
    if not 2 <= len(brand) <= 6 or is_place(brand) or lex.generic_re.fullmatch(brand) \
            or brand.startswith(lex.start_words) or brand.startswith(lex.cues["modifier"]):
        return False
    # the brand's last word is a name, not a product or trade of its own (湘潭|宏远, 博安; not 汽车|零部件)
    last, last_tag = tagged[i - 2]
    return not is_place(last) and last not in lex.start_words and (last_tag in _PROPER_TAGS or last_tag in ("a", "j"))


def brand_before_dot(name: str, lex: ProjectLexicon, is_place: Callable[[str], bool]) -> int | None:
    """``融创·滨湖智慧科技城``: a short name (two to four characters, no place, no descriptor) joined by ``·`` to a
    name that ends in a project head or 项目 is the developer's brand; returns where the brand ends (at the dot).
    A place before the dot (南山御苑·云栖度假区项目) or a quoted name (“悦湖·云栖”) is one piece."""
    m = pattern(r"(?P<brand>[\p{Han}A-Za-z]{2,4})·(?P<rest>[\p{Han}A-Za-z0-9]{4,})").fullmatch(name)
    if m is None:
        return None
    brand, rest = m.group("brand"), m.group("rest")
    if is_place(brand) or any(is_place(brand[:k]) for k in range(2, len(brand))) \
            or brand.startswith(lex.cues["descriptor"]) or lex.generic_re.fullmatch(brand):
        return None
    if not (rest.endswith("项目") or ends_in_head(rest, lex)) or is_generic(rest, lex):
        return None
    return m.end("brand")


_COUNTY_LEVELS = ("区", "县", "旗", "镇", "乡")


def opens_with_county(prefix: str, is_place: Callable[[str], bool]) -> bool:
    """``马某区绿色…``, ``某某县现代…``: the prefix opens with a district, county or town written with its level word
    and goes on; a company name rarely does without a trade word or legal form (某某县恒达食品 does)."""
    return any(prefix[:k].endswith(_COUNTY_LEVELS) and is_place(prefix[:k]) for k in range(2, min(len(prefix), 9)))


_TOWN_LEVELS = ("镇", "乡", "街道")
_PLACE_LEVELS = ("省", "市", "区", "县", "旗", *_TOWN_LEVELS)


def cut_leading_place(text: str, span: ProjectSpan, lex: ProjectLexicon,
                      is_place: Callable[[str], bool]) -> ProjectSpan:
    """A place written with its level word that opens a project phrase is the project's location when it is a town
    (某某镇智慧冷链物流园项目: towns locate projects in a county's report, they do not name them) or when a capacity
    follows it (某某县年产1万吨棉纱项目, like a company before 年产); a county or district before a descriptive name
    or a bare capacity stays inside (某某区绿色硅基产业园项目, 某某旗100万千瓦风光储一体化项目)."""
    name = text[span.start:span.end]
    k = next((k for k in range(min(len(name) - 4, 8), 1, -1)
              if name[:k].endswith(_PLACE_LEVELS) and is_place(name[:k])), 0)
    if not k:
        return span
    rest = name[k:]
    town = k >= 3 and name[:k].endswith(_TOWN_LEVELS)  # 宁乡 is a county-level city, not a town
    if is_generic(rest, lex) or not (town or rest.startswith(_CAPACITY)):
        return span
    return ProjectSpan(span.start + k, span.end)


def has_phase(prefix: str) -> bool:
    """``某某滩二期``, ``某园一期``: the words name a phase of a site or project; no company name holds one."""
    return pattern(r"[一二三四五六七八九十首]期").search(prefix) is not None


def opens_with_legal_form(rest: str) -> bool:
    """``有限公司扩建项目``, ``集团年产…``: the words after a cut open with a legal form, so the cut is inside a name."""
    return pattern(r"(?:股份|集团)?有限(?:责任)?公司|集团|控股|股份|公司").match(rest) is not None


def split_company(
    text: str, span: ProjectSpan, lex: ProjectLexicon, segmenter: Segmenter, known_orgs: WordEnds,
    suffix_words: WordEnds, is_place: Callable[[str], bool], *, investor_named: bool = False,
) -> tuple[tuple[int, int] | None, ProjectSpan]:
    """Split a leading company name off a project when the rest still names the project by itself.

    Returns ``(org_span or None, project_span)``. A split is taken before a capacity (``年产``, a number), after a
    company suffix (锂业, 电子, 集团) on a name that is more than a place, or after a proper name (比亚迪) before a
    word that starts a project description; a split before a capacity wins. ``known_orgs`` are names found
    elsewhere in the document; ``is_place(name)`` tells whether a prefix is only a place name. When the clause
    already names the investor (``investor_named``: 某集团投资建设…项目, …项目由某公司投资), only a split before a
    capacity is taken: the words before a description (钛合金精密铸件, 某某冷链物流枢纽) belong to the name. A prefix
    holding a conjunction (生猪屠宰及冷链配送) is never a company name.
    """
    name = text[span.start : span.end]
    # a company with its place in brackets: 鲜禾(仪陇)净菜加工项目
    bracketed = pattern(r"\p{Han}{2,8}[(（](\p{Han}{2,4})[)）]").match(name)
    if bracketed is not None and is_place(bracketed.group(1)):
        cut = span.start + bracketed.end()
        if not is_generic(name[bracketed.end():], lex):
            return (span.start, cut), ProjectSpan(cut, span.end)
    dot = brand_before_dot(name, lex, is_place)
    if dot is not None:
        return (span.start, span.start + dot), ProjectSpan(span.start + dot + 1, span.end)
    # a company already known in the document
    org = known_orgs.longest_prefix(name, keep=1)
    if org is not None:
        if is_generic(name[len(org):], lex):
            return None, span
        return (span.start, span.start + len(org)), ProjectSpan(span.start + len(org), span.end)
    tagged = segmenter.tag(name)
    starts = [0]
    for word, _tag in tagged:
        starts.append(starts[-1] + len(word))
    accepted: list[tuple[bool, bool, int]] = []
    # 某某屠宰及|冷链配送项目: a conjunction joins two parts of one name; no company name holds one
    conj = next((k for k, (word, _tag) in enumerate(tagged) if word in _CONJ_INSIDE or word == "、" or glued_conjunction(word)),
                len(tagged))
    for i in range(1, min(len(tagged) - 1, conj + 1)):
        s = starts[i]
        prefix, rest = name[:s], name[s:]
        if not 2 <= len(prefix) <= 12 or is_generic(rest, lex) or lex.generic_re.fullmatch(prefix):
            continue
        if prefix.startswith(lex.start_words) or prefix.startswith(_CAPACITY) or any(c.isdigit() for c in prefix):
            break
        if has_phase(prefix):
            break  # 某某滩二期|1GW光伏项目: a phase belongs to a site or a project, never to a company name
        if prefix.endswith(_CAPACITY):
            continue
        if not pattern(r"[\p{Han}A-Za-z()（）·]+").fullmatch(prefix) or is_place(prefix):
            continue
        suffix = suffix_words.longest_suffix(prefix)
        if opens_with_county(prefix, is_place) and suffix is None and not _starts_capacity(rest):
            continue  # 某某区绿色硅基新材料产业园项目: a district or county opens the project's own name
        if opens_with_legal_form(rest):
            continue  # 大连某某电气|有限公司扩建项目: the cut falls inside a legal name
        capacity = _starts_capacity(rest)
        described = capacity or rest.startswith(lex.start_words) or rest[0] in "“\"「"
        suffixed = suffix is not None
        head = prefix if suffix is None else prefix[: -len(suffix)]
        head_is_place = len(head) < 2 or is_place(head)
        proper = any(tag in _PROPER_TAGS and not is_place(word) for word, tag in tagged[:i])
        # a region word the gazetteer does not know (鲁南, 中原) is no company name before a description
        named = any(tag in _PROPER_TAGS and tag != "ns" and not is_place(word) for word, tag in tagged[:i])
        described = described and named
        if suffixed and proper and not capacity:
            # the head must be names only (华昱 + 电子, 天津凯硕 + 食品), not 鲁南 + 农产品 + 冷链
            head_words = [(w, t) for w, t in tagged[:i] if starts[tagged.index((w, t))] < len(head)]
            proper = all(t in _PROPER_TAGS or t in ("j", "nz") or is_place(w) for w, t in head_words)
        place_led = is_place_led_name(tagged[:i], head, rest, lex, is_place, suffix_words.words, suffixed=suffixed)
        place_led = place_led or names_own_product(tagged, i, rest, lex, is_place)
        if investor_named and not (capacity and (suffixed or known_orgs.longest_suffix(prefix) is not None)):
            # 由某公司投资建设的某地某滩100万千瓦…项目: with the builder named, a bare name before a capacity is a site
            # unless it ends in a company word or in a company named in the document (某地 + 某某绿电)
            continue
        if capacity or (suffixed and not head_is_place and proper) or (proper and described) or place_led:
            accepted.append((capacity, suffixed, s))
    if not accepted:
        return None, span
    # prefer a split before a capacity, then one after a company suffix, then the earliest
    accepted.sort(key=lambda a: (not a[0], not a[1], a[2]))
    s = accepted[0][2]
    lead = 0
    while lead < s - 2 and name[lead] in "为由与向对将把被从以在":
        lead += 1  # 为晟禾动力年产...: a preposition glued to the company by the segmenter
    return (span.start + lead, span.start + s), ProjectSpan(span.start + s, span.end)
