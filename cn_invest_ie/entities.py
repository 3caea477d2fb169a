"""PLACE, ORG and PROJECT candidates (the named-entity stage).

Order: places from the gazetteer; enterprise names (legal suffixes, lists); projects (phrases ending in 项目, named
items after an amount), with a leading company split off; short forms of every enterprise name found are then
matched elsewhere in the document. Overlaps are settled later by :mod:`cn_invest_ie.overlaps`.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from cn_invest_ie._mypyc import cached_property, mypyc_attr
from cn_invest_ie.candidates import Candidate, SpanIndex
from cn_invest_ie.gazetteer.orgs import (
    OrgLexicon,
    OrgSpan,
    find_alias_names,
    find_bracketed_names,
    find_builder_names,
    find_cued_names,
    find_factory_names,
    find_investing_names,
    find_legal_names,
    find_listed_names,
    find_signing_parties,
    is_branch_name,
    left_boundary,
    short_forms,
)
from cn_invest_ie.patterns import BUILD_WORDS, BUILD_WORDS_OPTIONAL, WordEnds, find_words, pattern
from cn_invest_ie.projects import (
    ProjectLexicon,
    ProjectSpan,
    cut_leading_place,
    ends_in_head,
    ends_in_work_verb,
    find_capacity_phrases,
    find_company_projects,
    find_counted_items,
    find_headline_facilities,
    find_list_items,
    find_listed_items,
    find_named_fields,
    find_project_phrases,
    find_quoted_names,
    is_generic,
    is_headline_kind,
    split_company,
)
from cn_invest_ie.resources import read_rows
from cn_invest_ie.segment import Segmenter
from cn_invest_ie.types import Label

_NAME_HEADS = ("园", "城", "基地", "项目", "中心", "工业", "产业", "小镇", "新区")
_PUBLIC_ENDINGS = ("政府", "管委会", "委员会", "园区", "新区", "开发区", "经开区", "高新区", "商务局", "县委", "市委", "该市",
                   "该县", "我市", "我县", "我区", "当地")


@mypyc_attr(native_class=False)  # keeps functools.cached_property caching when compiled
class EntityFinder:
    """Finds places, organizations and projects; resources are built on first use and owned by the instance."""

    def __init__(self, segmenter: Segmenter) -> None:
        self.segmenter = segmenter
        self._place_names: dict[str, bool] = {}
        self._short_hits: dict[str, list[Any]] = {}

    @cached_property
    def gazetteer(self) -> Any:
        from cn_invest_ie.gazetteer.places import Gazetteer

        return Gazetteer()

    @cached_property
    def orgs(self) -> OrgLexicon:
        return OrgLexicon()

    @cached_property
    def projects(self) -> ProjectLexicon:
        return ProjectLexicon()

    def is_place_name(self, name: str) -> bool:
        """Whether ``name`` is nothing but one place name (达州, 开江县)."""
        known = self._place_names.get(name)
        if known is None:
            hits = self.places_in(name)
            known = bool(hits) and hits[0].start == 0 and hits[-1].end == len(name) and len(hits) <= 2
            if len(self._place_names) < 100_000:
                self._place_names[name] = known
        return known

    def places_in(self, name: str) -> list[Any]:
        """Gazetteer hits of a short string (a name being tested), cached per instance."""
        hits = self._short_hits.get(name)
        if hits is None:
            hits = self.gazetteer.find(name)
            if len(self._short_hits) < 100_000:
                self._short_hits[name] = hits
        return hits

    @cached_property
    def zone_parents(self) -> dict[str, tuple[str, ...]]:
        """Parent chains of zones whose name does not start with their place (金普新区 -> 辽宁, 大连)."""
        out: dict[str, tuple[str, ...]] = {}
        for zone, parent, _note in read_rows("zone_parents.tsv", 3):
            for place in self.gazetteer.regions(parent):
                if place.level == "prefecture" or place.level == "province":
                    out[zone] = (*self.gazetteer.parents(place), place.short)
                    break
        return out

    def find(self, text: str, numeric: list[Candidate]) -> list[Candidate]:
        places = [Candidate(Label.PLACE, h.start, h.end, h.value, code=h.code, level=h.level,
                            parents=h.parents or (self.zone_parents.get(h.value, ()) if h.level == "zone" else ()))
                  for h in self.gazetteer.find(text)]
        orgs = self._find_orgs(text)
        money_or_date = [(c.start, c.end) for c in numeric if c.label is not Label.QUANTITY]
        zones = [(p.start, p.end) for p in places if p.level == "zone"]
        projects, split_orgs = self._find_projects(text, orgs, numeric, money_or_date, zones)
        orgs = orgs + split_orgs + self._owners_of(text, projects, orgs, money_or_date)
        orgs = self._propagate(text, orgs, projects, money_or_date)
        taken = SpanIndex([(o.start, o.end) for o in orgs] + [(p.start, p.end) for p in projects] + money_or_date)
        projects += find_company_projects(text, [(o.start, o.end) for o in orgs], self.projects, self.segmenter, taken)
        places, parks = company_parks(text, places, orgs, self.orgs)
        projects += parks
        out = places
        out += [Candidate(Label.ORG, o.start, o.end) for o in orgs]
        out += [Candidate(Label.PROJECT, p.start, p.end) for p in projects]
        return out

    def _owners_of(self, text: str, projects: list[ProjectSpan], orgs: list[OrgSpan],
                   blocked: list[tuple[int, int]]) -> list[OrgSpan]:
        """``北京恒川环境科技的固废资源化利用项目``: a company name (ending in a trade word) right before 的 and a
        project owns it; words overlapping an amount or a date (投资4.2亿元建设的…项目: 亿元建设) or opening with a
        closing bracket (某公司（简称“某某”）投资建设的…项目) are none."""
        out: list[OrgSpan] = []
        amounts = SpanIndex(blocked)
        org_ends = {o.end for o in orgs}
        for p in projects:
            if p.start < 2 or text[p.start - 1] != "的" or (p.start - 1) in org_ends:
                continue
            end = p.start - 1
            start = left_boundary(text, end, self.segmenter, self.orgs)
            end = start + builder_name_end(text[start:end], by=text[start - 1:start] == "由")
            name = text[start:end]
            if is_builder_words(name):
                continue  # （简称“某某”）投资建设的…项目: the words say who builds it, they name no one
            legal_inside = any(s in name[:-2] for s in ("公司", "集团"))
            if 3 <= len(name) <= 16 and name.endswith(self.orgs.trade_suffixes) and not self.is_place_name(name) \
                    and not amounts.overlaps(start, end) and name[:1].isalnum() \
                    and not self.is_public_body(name) and name not in self.orgs.suffixes and not legal_inside:
                out.append(OrgSpan(start, end, name))
        return out

    def county_brand_end(self, text: str, span: ProjectSpan) -> int | None:
        """``投资10亿元的顺德高压开关柜``: a listed product (no 项目, no project head) led by a bare county or district
        name (no 县/区/市) and a description word is a company's product; the county name is the company's short
        name. Returns where it ends, or None."""
        name = text[span.start:span.end]
        if name.endswith(("项目", "項目")) or ends_in_head(name, self.projects):
            return None
        hits = self.places_in(name)
        if not hits or hits[0].start != 0 or hits[0].level != "county" or hits[0].surface != hits[0].value:
            return None
        rest = name[hits[0].end:]
        if len(rest) < 3 or is_generic(rest, self.projects) or not rest.startswith(
                (*self.projects.start_words, *self.projects.cues["modifier"])) or ends_in_work_verb(rest):
            return None  # 宁乡农产品加工: a trade ending in a work verb is the county's sector, not a product
        return span.start + hits[0].end

    def short_forms(self, name: str) -> set[str]:
        """:func:`short_forms` plus the core without its leading place or country (深圳拓维光电股份有限公司 ->
        拓维光电, 日本丸和精工株式会社 -> 丸和精工): kept only when it still ends in a trade word after two
        characters of its own."""
        forms = short_forms(name, self.orgs)
        for form in list(forms):
            rest = self.without_place_prefix(form)
            if rest is not None:
                forms.add(rest)
                own_name = self.own_name(rest)
                if own_name is not None:
                    forms.add(own_name)
        own = [f for f in forms if self.place_prefix(f) == 0]
        if own:
            forms |= self.clipped_forms(max(own, key=len))
        return forms

    def names_post(self, text: str, rest: ProjectSpan, span: ProjectSpan) -> bool:
        """``某某有限公司项目总监 某某``: a bare 项目 after a company, followed by a post (总监, 经理, 负责人), names
        the company's project staff, not a project."""
        return text[rest.start:rest.end] == "项目" and rest.end == span.end and text.startswith(
            (*self.orgs.cues["title"], *self.orgs.cues["after_name"]), span.end)

    def own_name(self, core: str) -> str | None:
        """The own name of a core without its place and its trade word when it has three characters or more
        (河南某某源食品有限公司 -> 某某源): a two-character own name alone is too often a common word."""
        trade = self.orgs.trade_words.longest_suffix(core, keep=2)
        if trade is None:
            return None
        own = core[:-len(trade)]
        if (len(own) < 3 or not pattern(r"\p{Han}+").fullmatch(own) or own.endswith(self.orgs.trade_suffixes)
                or own in self.orgs.suffixes or self.is_place_name(own) or self.is_public_body(own)):
            return None
        return own

    def clipped_forms(self, core: str) -> set[str]:
        """``锂擎新能源科技`` -> 锂擎科技 and 锂擎新能源, ``竹联新材料`` -> 竹联新材, ``豫钢精密管业`` -> 豫钢管业: the
        usual abbreviation of a name (after its place, without its legal form) keeps the two characters of its own
        name and one trade word, the last one or the one that follows those characters (or a shorter trade word
        that opens it: 新材 of 新材料)."""
        own, tail = core[:2], core[2:]
        if len(tail) < 3 or not pattern(r"\p{Han}{2}").fullmatch(own) or self.is_place_name(own) \
                or own in self.orgs.suffixes or core.startswith(self.orgs.left_stops):
            return set()
        trades = self.orgs.trade_words
        out = {own + t for t in trades.prefixes(tail)}
        last = trades.longest_suffix(tail)
        if last is not None:
            out.add(own + last)
        return {f for f in out if f != core and len(f) >= 4}

    def place_prefix(self, name: str) -> int:
        """Length of the province, city, county or country name that opens ``name`` (四川 of 四川某某新材料, 日本 of
        日本某某株式会社), else 0."""
        countries = self.orgs.countries
        if name.startswith(countries):
            return len(next(c for c in countries if name.startswith(c)))
        hits = self.places_in(name)
        if not hits or hits[0].start != 0 or hits[0].level not in ("province", "prefecture", "county"):
            return 0
        return int(hits[0].end)

    def without_place_prefix(self, form: str) -> str | None:
        """``form`` without a leading province, city, county or country name, or None when it has none or what
        remains is no distinctive name (a trade word alone, a place, a public body)."""
        plen = self.place_prefix(form)
        if plen == 0:
            return None
        rest = form[plen:]
        trade = self.orgs.trade_words.longest_suffix(rest)
        if trade is None or len(rest) - len(trade) < 2 or rest in self.orgs.suffixes or self.is_place_name(rest) \
                or self.is_public_body(rest):
            return None
        return rest

    def is_headline_kind_after_place(self, text: str, span: ProjectSpan) -> bool:
        """``…签约　南海再生铝项目竣工投产``: in a headline, a place (a county, a district) before a kind of project
        (:func:`is_headline_kind`) says where a project of that kind stands; the body names it."""
        hits = self.places_in(text[span.start:span.end])
        if not hits or hits[0].start != 0 or hits[0].level == "zone" or span.end - span.start - hits[0].end < 4:
            return False
        return is_headline_kind(text, span.start + hits[0].end, span.end, self.segmenter, self.projects)

    def _generic_after_place(self, name: str) -> bool:
        """滁州市二季度重大项目: a place followed by nothing but generic words is a class of projects; a zone followed
        by a word for work on it (某某度假区提升项目) is a project on that zone."""
        hits = self.places_in(name)
        if not hits or hits[0].start != 0 or (hits[0].level == "zone" and hits[0].surface.endswith("园")):
            return False  # 毛纺产业园二期项目: a park's next phase is a project
        rest = name[hits[0].end:]
        if hits[0].level == "zone" and rest.startswith(self.projects.cues["upgrade"]):
            return False
        return is_generic(rest, self.projects)

    def is_public_body(self, name: str) -> bool:
        """A place, a government body or a zone (达州市, 来安县人民政府, 赣州经开区), or a pronoun (园区还)."""
        if name.endswith(_PUBLIC_ENDINGS) or name.startswith(_PUBLIC_ENDINGS):
            return True
        hits = self.places_in(name)
        if not hits or hits[0].start != 0:
            return False
        rest = name[hits[-1].end:]
        return not rest or rest in ("人民政府", "政府", "委员会", "党委", "党工委")

    def _find_orgs(self, text: str) -> list[OrgSpan]:
        found = find_legal_names(text, self.orgs, self.segmenter, self.is_place_name)
        found += find_listed_names(text, self.orgs, self.segmenter)
        found += find_signing_parties(text, self.orgs, self.segmenter, self.is_public_body)
        found += find_bracketed_names(text, self.orgs, self.segmenter, self.is_place_name)
        found += find_cued_names(text, self.orgs, self.segmenter, self.is_public_body)
        found += find_investing_names(text, self.orgs, self.segmenter, self.place_prefix, self.is_public_body)
        found += find_factory_names(text, self.segmenter, self.place_prefix, self.is_place_name, self.orgs)
        found += find_builder_names(text, self.orgs, self.segmenter, self.place_prefix, self.is_public_body)
        found = _dedupe(found)
        return _dedupe(found + find_alias_names(text, found))

    def _find_projects(
        self, text: str, orgs: list[OrgSpan], numeric: list[Candidate], blocked: list[tuple[int, int]],
        zones: list[tuple[int, int]],
    ) -> tuple[list[ProjectSpan], list[OrgSpan]]:
        phrases = find_project_phrases(text, self.projects, self.segmenter, blocked)
        phrases = [p for p in phrases if not self._generic_after_place(text[p.start:p.end])
                   and not self.is_headline_kind_after_place(text, p)]
        fields = find_named_fields(text, self.projects)
        if fields:  # 项目名称：… names the whole field; a phrase inside it is cut short
            field_index = SpanIndex([(p.start, p.end) for p in fields])
            phrases = [p for p in phrases if not field_index.overlaps(p.start, p.end)] + fields
        money_ends = [c.end for c in numeric if c.label is Label.MONEY]
        taken = SpanIndex([(p.start, p.end) for p in phrases])
        items = find_listed_items(text, self.projects, money_ends, taken, self.segmenter)
        branches = [OrgSpan(p.start, p.end, text[p.start:p.end]) for p in items
                    if is_branch_name(text[p.start:p.end], self.is_place_name)]
        items = [p for p in items if not is_branch_name(text[p.start:p.end], self.is_place_name)]
        for p in items:
            taken.add(p.start, p.end)
        for b in branches:
            taken.add(b.start, b.end)
        capacities = find_capacity_phrases(text, taken)
        for p in capacities:
            taken.add(p.start, p.end)
        items += capacities + find_list_items(text, self.projects, taken)
        for p in items:
            taken.add(p.start, p.end)
        items += find_quoted_names(text, self.projects, taken)
        items += find_counted_items(text, self.projects, self.segmenter, taken)
        for p in items:
            taken.add(p.start, p.end)
        items += find_headline_facilities(text, self.projects, self.segmenter, taken, zones)
        item_spans = {(p.start, p.end) for p in items}
        known = {text[o.start:o.end] for o in orgs}
        known |= {f for o in orgs for f in self.short_forms(text[o.start:o.end]) if not self.is_place_name(f)}
        known_words = WordEnds(known)
        projects: list[ProjectSpan] = []
        split: list[OrgSpan] = branches
        removed: set[int] = set()  # companies that turn out to be inside a one-piece project (某某有限公司扩建项目)
        orgs.sort(key=lambda o: o.start)
        org_starts = [o.start for o in orgs]
        for span in sorted(phrases + items, key=lambda p: p.start):
            span = cut_leading_zone(text, span, zones, self.projects)
            span = cut_leading_place(text, span, self.projects, self.is_place_name)
            # an ORG found inside the phrase ends it on the left (恒远建设集团的装配式建筑基地项目 is cut at 的 already)
            inner = [o for o in orgs[bisect_left(org_starts, span.start):bisect_left(org_starts, span.end)]
                     if o.end < span.end]
            if inner:
                o = max(inner, key=lambda o: o.end)
                rest = ProjectSpan(skip_closers(text, o.end, span.end), span.end)
                if is_generic(text[rest.start:rest.end], self.projects) and o.start > span.start:
                    span = ProjectSpan(o.start, span.end)  # 某某有限公司扩建项目: one project, the company inside
                if o.start > span.start or is_generic(text[rest.start:rest.end], self.projects):
                    if o.start == span.start:
                        if self.names_post(text, rest, span):
                            continue  # 某某有限公司项目总监: a post in the company, no project
                        projects.append(span)  # generic head left: the whole is one project, no ORG inside
                        removed.add(id(o))
                        continue
                    span = ProjectSpan(skip_closers(text, o.end, span.end), span.end) if o.start > span.start else span
                    if is_generic(text[span.start:span.end], self.projects):
                        continue
                else:
                    projects.append(rest)
                    continue
            brand_end = self.county_brand_end(text, span) if (span.start, span.end) in item_spans else None
            if brand_end is not None:
                split.append(OrgSpan(span.start, brand_end, text[span.start:brand_end]))
                projects.append(ProjectSpan(brand_end, span.end))
                continue
            org_span, proj = split_company(text, span, self.projects, self.segmenter, known_words,
                                           self.orgs.all_suffix_words, self.is_place_name,
                                           investor_named=names_investor(text, span, orgs, org_starts))
            if org_span is not None:
                split.append(OrgSpan(org_span[0], org_span[1], text[org_span[0]:org_span[1]]))
            projects.append(proj)
        if removed:
            orgs[:] = [o for o in orgs if id(o) not in removed]
        return projects, split

    def _propagate(
        self, text: str, orgs: list[OrgSpan], projects: list[ProjectSpan], blocked: list[tuple[int, int]]
    ) -> list[OrgSpan]:
        """Every other occurrence of a found enterprise name (or its short form) is an ORG too."""
        names = {text[o.start:o.end] for o in orgs}
        full = set(names)
        names |= {f for n in list(names) for f in self.short_forms(n) if not self.is_place_name(f)}
        names = {n for n in names if len(n) >= 2 and not self.is_place_name(n)}
        if not names:
            return orgs
        taken = SpanIndex([(o.start, o.end) for o in orgs] + [(p.start, p.end) for p in projects] + blocked)
        out = list(orgs)
        for start, end in find_words(names, text):
            if taken.overlaps(start, end):
                continue
            name = text[start:end]
            if name not in full and text.startswith(_NAME_HEADS, end):
                continue  # 华瑞 of 华瑞集团 does not make 华瑞工业园 a company
            out.append(OrgSpan(start, end, name))
            taken.add(start, end)
        return _dedupe(out)


_CLAUSE_ENDS = "，。；！？,;!?：:\n"
_INVESTING_VERBS = ("投资", "建设", "签约", "签下", "打造", "兴建", "投建", "新建", "实施")
_MAX_CLAUSE = 60


def names_investor(text: str, span: ProjectSpan, orgs: list[OrgSpan], org_starts: list[int]) -> bool:
    """``某某集团在某区投资26亿元建设…项目``, ``…项目由某某公司投资建设``: the clause of a project phrase already names
    its investor, an enterprise before an investing verb (投资, 建设, 签约) in the same clause or one right after 由
    following the phrase; a clause opening without a subject (在, 拟, 并) after a comma continues the one before it
    (某公司投资8.6亿元，在某市建设…项目); ``orgs`` are sorted by start, ``org_starts`` their starts."""
    if text.startswith("由", span.end):
        k = bisect_left(org_starts, span.end + 1)
        if k < len(orgs) and orgs[k].start == span.end + 1:
            return True
    if is_record_builder(text, span.end, orgs, org_starts):
        return True
    lo = clause_start(text, span.start)
    if lo > 1 and text[lo - 1] in "，," and text.startswith(_SUBJECTLESS, lo):
        lo = clause_start(text, lo - 1)  # 某公司投资8亿元，在某市建设…项目: the clause goes on the investor's predicate
    for o in orgs[bisect_left(org_starts, lo):bisect_left(org_starts, span.start)]:
        if o.end <= span.start and any(v in text[o.end:span.start] for v in _INVESTING_VERBS):
            return True
    return False


_RECORD_REACH = 60


def is_record_builder(text: str, end: int, orgs: list[OrgSpan], org_starts: list[int]) -> bool:
    """``②某某项目：总投资2.4亿元，由某某物流有限公司投资建设``: a project set out as a record (its name, a colon, then
    its facts) names its builder in the same sentence after 由; the words of the name before the description are
    then the project's own, not a company's."""
    if text[end:end + 1] not in ("：", ":"):
        return False
    stop = end + 1
    while stop < len(text) and stop - end < _RECORD_REACH and text[stop] not in "。；;\n":
        stop += 1
    k = bisect_left(org_starts, end + 1)
    while k < len(orgs) and orgs[k].start < stop:
        if text[orgs[k].start - 1] == "由":
            return True
        k += 1
    return False


_SUBJECTLESS = ("在", "于", "拟", "并", "将", "计划", "用于")


def clause_start(text: str, pos: int) -> int:
    """Start of the clause holding ``pos`` (after a comma, stop or colon; at most ``_MAX_CLAUSE`` back)."""
    lo = pos
    while lo > 0 and pos - lo < _MAX_CLAUSE and text[lo - 1] not in _CLAUSE_ENDS:
        lo -= 1
    return lo


def company_parks(text: str, places: list[Candidate], orgs: list[OrgSpan],
                  lex: OrgLexicon) -> tuple[list[Candidate], list[ProjectSpan]]:
    """A park named after a company of the document (华瑞工业园 with 华瑞集团, 恒泰产业园 with 恒泰控股集团) is a
    project, not a place."""
    names = {text[o.start:o.end] for o in orgs}
    names |= {f for n in list(names) for f in short_forms(n, lex)}
    keep: list[Candidate] = []
    parks: list[ProjectSpan] = []
    for p in places:
        surface = text[p.start:p.end]
        if p.level == "zone" and surface.endswith("园") and any(surface.startswith(n) and len(surface) > len(n)
                                                               for n in names):
            parks.append(ProjectSpan(p.start, p.end))
        else:
            keep.append(p)
    return keep, parks


def is_builder_words(name: str) -> bool:
    """``投资建设``, ``共同出资兴建``: nothing but the words that say an enterprise builds a project."""
    return pattern(BUILD_WORDS).fullmatch(name) is not None


def builder_name_end(name: str, *, by: bool) -> int:
    """``恒锐化工投资建设``, ``(由)某某能源投资``: where the company name ends before the words that say it builds the
    project (``由X投资建设的Y项目``); a bare 投资 is cut only after 由, since it also ends names (某某能源投资)."""
    m = pattern(f"{BUILD_WORDS_OPTIONAL if by else BUILD_WORDS}$").search(name)
    return m.start() if m is not None and m.start() >= 2 else len(name)


_SENTENCE_ENDS = "。！？；!?;\n"


def cut_leading_zone(text: str, span: ProjectSpan, zones: list[tuple[int, int]], lex: ProjectLexicon) -> ProjectSpan:
    """A development zone that opens a project phrase is its location, not part of its name
    (在某某高新区青龙湾旅游区项目现场 -> 青龙湾旅游区项目), unless only a generic head would remain or the zone opens a
    sentence right before the project words (。某某高新区400兆瓦分布式光伏项目由…: the zone is part of the name)."""
    if span.start == 0 or text[span.start - 1] in _SENTENCE_ENDS:
        return span
    for s, e in zones:
        if s == span.start and e < span.end and span.end - e >= 4 and not is_generic(text[e:span.end], lex):
            return ProjectSpan(e, span.end)
    return span


def skip_closers(text: str, start: int, end: int) -> int:
    """Past the closing quotes and brackets that follow a company cut off a phrase (某某公司（简称“某某科技”）年产…项目:
    the project starts at 年产)."""
    while start < end and text[start] in "”’」）)":
        start += 1
    return start


def _dedupe(spans: list[OrgSpan]) -> list[OrgSpan]:
    """Non-overlapping spans, longer first on conflict, in text order."""
    kept: list[OrgSpan] = []
    index = SpanIndex()
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not index.overlaps(s.start, s.end):
            kept.append(s)
            index.add(s.start, s.end)
    return sorted(kept, key=lambda s: s.start)
