"""ORG candidates: enterprise names found from their endings, lists of enterprises, and short forms.

Rules (each a function below):
- ``find_legal_names``: a name ending in a legal or group suffix (有限公司, 集团, 控股...), extended left word by
  word until a stop word, punctuation or a number; 该公司, 子公司 and government bodies are not names.
- ``find_listed_names``: items of ``A、B、C等企业`` and ``以A为代表的`` are enterprises, short names included.
- ``short_forms``: a legal name's core without its suffixes (江华海螺水泥有限公司 -> 江华海螺) also names it.
Offsets index the normalized text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import regex

from cn_invest_ie.resources import read_rows
from cn_invest_ie.segment import Segmenter

_NAME_CHARS = r"[\p{Han}A-Za-z0-9·&()（）]"
_MAX_NAME = 24
_PUNCT_STOP = frozenset("，。；：！？、,.;:!?“”\"'《》〈〉【】[]{} \t\n\r—-")


@dataclass(frozen=True)
class OrgSpan:
    start: int
    end: int
    core: str  # the name without legal suffixes


class OrgLexicon:
    """Suffixes and cue words for enterprise names, loaded on first use."""

    @cached_property
    def suffixes(self) -> dict[str, str]:
        return {s: kind for s, kind, _ in read_rows("org_suffixes.tsv", 3)}

    @cached_property
    def cues(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for kind, word, _ in read_rows("org_cues.tsv", 3):
            out.setdefault(kind, set()).add(word)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def trade_suffixes(self) -> tuple[str, ...]:
        return tuple(sorted((s for s, k in self.suffixes.items() if k == "trade"), key=len, reverse=True))

    @cached_property
    def all_suffixes(self) -> tuple[str, ...]:
        return tuple(sorted(self.suffixes, key=len, reverse=True))

    @cached_property
    def legal_re(self) -> regex.Pattern[str]:
        alts = sorted((s for s, k in self.suffixes.items() if k in ("legal", "group")), key=len, reverse=True)
        return regex.compile("|".join(map(regex.escape, alts)))

    @cached_property
    def list_re(self) -> regex.Pattern[str]:
        tails = "|".join(map(regex.escape, sorted(self.cues["list_tail"], key=len, reverse=True)))
        item = r"[^\s、，。；：,;:！？!?“”]{2,16}"
        return regex.compile(rf"(?P<items>(?:{item}、)+{item})等(?:[0-9一二三四五六七八九十]+家)?(?:{tails})")

    @cached_property
    def exemplar_re(self) -> regex.Pattern[str]:
        return regex.compile(r"以(?P<name>[^\s、，。；：,;:！？!?“”的]{2,12})为代表的")

    @cached_property
    def legal_group_suffixes(self) -> tuple[str, ...]:
        return tuple(sorted((s for s, k in self.suffixes.items() if k != "trade"), key=len, reverse=True))


def _left_boundary(text: str, end: int, segmenter: Segmenter, stops: frozenset[str], limit: int = _MAX_NAME) -> int:
    """Start of the name that ends at ``end``: words are taken right to left until a stop word or a non-name char."""
    lo = end
    while lo > 0 and end - lo < limit and text[lo - 1] not in _PUNCT_STOP and not text[lo - 1].isspace():
        lo -= 1
    if lo == end:
        return end
    window = text[lo:end]
    words = list(segmenter.tokenize(window))
    start = end
    for word, s, _e in reversed(words):
        if word in stops or word.isdigit() or any(ch.isdigit() and ch.isascii() for ch in word[:1]):
            break
        start = lo + s
    return start


def find_legal_names(text: str, lex: OrgLexicon, segmenter: Segmenter) -> list[OrgSpan]:
    """Names ending in a legal or group suffix (浙江正凯集团, 晶澳太阳能投资(中国)有限公司)."""
    out: list[OrgSpan] = []
    generic = lex.cues["generic_company"]
    non_org = lex.cues["non_org"]
    stops = lex.cues["left_stop"]
    last_end = -1
    for m in lex.legal_re.finditer(text):
        if m.start() < last_end:
            continue
        end = m.end()
        # 集团 inside a longer suffix run (集团有限公司) is handled by the longest alternative; skip 公司 of 分公司 etc.
        start = _left_boundary(text, m.start(), segmenter, stops)
        core = text[start : m.start()]
        if len(core) < 2 or any(core.endswith(g) for g in generic) or any(core.endswith(n) for n in non_org):
            continue
        if core in generic:
            continue
        out.append(OrgSpan(start, end, core))
        last_end = end
    return out


def _strip_leading_stops(item: str, segmenter: Segmenter, stops: frozenset[str]) -> int:
    """How many leading characters of a list item are not part of the name (先后与保利集团 -> 3)."""
    words = list(segmenter.tokenize(item))
    cut = 0
    for i, (word, _s, e) in enumerate(words):
        if word in stops or word in ("先后", "深挖", "推动", "积极", "成功", "吸引", "包括"):
            cut = e
        elif i == 0 and len(words) > 1 and word in ("与", "和", "同"):
            cut = e
    return cut


def find_listed_names(text: str, lex: OrgLexicon, segmenter: Segmenter) -> list[OrgSpan]:
    """Items of ``A、B、C等企业`` and the A of ``以A为代表的``."""
    out: list[OrgSpan] = []
    stops = lex.cues["left_stop"]
    non_org = lex.cues["non_org"]
    for m in lex.list_re.finditer(text):
        pos = m.start("items")
        for i, item in enumerate(m.group("items").split("、")):
            cut = _strip_leading_stops(item, segmenter, stops) if i == 0 else 0
            name = item[cut:]
            if 2 <= len(name) <= 16 and not any(name.endswith(n) for n in non_org):
                out.append(OrgSpan(pos + cut, pos + len(item), name))
            pos += len(item) + 1
    for m in lex.exemplar_re.finditer(text):
        out.append(OrgSpan(m.start("name"), m.end("name"), m.group("name")))
    return out


def short_forms(name: str, lex: OrgLexicon) -> set[str]:
    """Shorter names a document may use for ``name``: without legal suffixes, then without a trade word."""
    forms: set[str] = set()
    core = name
    for s in lex.legal_group_suffixes:
        if core.endswith(s) and len(core) - len(s) >= 2:
            core = core[: -len(s)]
            break
    if "(" in core:
        return forms
    forms.add(core)
    for s in lex.trade_suffixes:
        if core.endswith(s) and len(core) - len(s) >= 2:
            forms.add(core[: -len(s)])
            break
    return {f for f in forms if len(f) >= 2 and f != name}
