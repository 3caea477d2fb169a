"""Links mentions into investment events (ANNOTATION.md "Events").

Stages, each a small function:
1. ``sentences``: sentence and paragraph spans of the normalized text.
2. ``amount_role``: whether a MONEY mention is an investment amount (总投资, 签约金额) or another figure (产值, 税收,
   到位资金), from the cue word nearest before it (``data/amount_roles.tsv``).
3. ``sentence_stage``: the stage the sentence states (``data/stage_triggers.tsv``), inherited from the previous
   sentence of the paragraph, else from the document, when it states none.
4. ``project_count``: the batch count of an amount (``签约项目104个``, ``总投资126.6亿元的30个大项目``): with one,
   the event is an aggregate.
5. fields: project and investor from the sentence, place (most specific, venue places last, paragraph and
   document context, 我市/我县), date (sentence, then paragraph, then the document's one event date).
6. ``merge_events``: the same project (or the same batch total) mentioned twice is one event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import regex

from cn_invest_ie.candidates import Candidate
from cn_invest_ie.numbers.numerals import NumeralError, parse_numeral
from cn_invest_ie.resources import read_rows
from cn_invest_ie.text.offsets import OffsetMap
from cn_invest_ie.types import Event, EventKind, Label, Stage

_SENTENCE_END = "。！？!?\n；;"
_CLAUSE_END = _SENTENCE_END + "，,"
_STAGE_RANK = {Stage.PLANNED: 0, Stage.SIGNED: 1, Stage.STARTED: 2, Stage.OPERATING: 3}
_LEVEL_RANK = {"zone": 5, "township": 4, "county": 3, "prefecture": 2, "province": 1}
_AGGREGATE_CUES = ("引资", "累计", "合计", "总计", "共计", "共签约", "共引进")
_VENUE_BEFORE = ("在", "赴", "于", "到", "前往", "赶赴", "来", "抵")
_VENUE_AFTER = ("举行", "举办", "召开", "签约", "签订", "考察", "拜访", "开展", "推介", "期间", "总部", "参加")
_DATELINE_AFTER = ("讯", "电")


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
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)


class EventLexicon:
    """Stage triggers and amount-role cues, loaded on first use."""

    @cached_property
    def triggers(self) -> list[tuple[str, Stage]]:
        rows = [(w, Stage(s)) for w, s, _ in read_rows("stage_triggers.tsv", 3)]
        return sorted(rows, key=lambda r: len(r[0]), reverse=True)

    @cached_property
    def trigger_re(self) -> regex.Pattern[str]:
        return regex.compile("|".join(regex.escape(w) for w, _ in self.triggers))

    @cached_property
    def trigger_stage(self) -> dict[str, Stage]:
        return dict(self.triggers)

    @cached_property
    def roles(self) -> dict[str, str]:
        return {w: role for w, role, _ in read_rows("amount_roles.tsv", 3)}

    @cached_property
    def role_re(self) -> regex.Pattern[str]:
        return regex.compile("|".join(map(regex.escape, sorted(self.roles, key=len, reverse=True))))

    @cached_property
    def count_re(self) -> regex.Pattern[str]:
        num = r"[0-9]+|[一二两三四五六七八九十百]+"
        return regex.compile(
            rf"(?P<n1>{num})个(?:[^，。；、,;0-9]{{0,12}}?)项目|项目(?:共有|共|达|总数)?(?P<n2>{num})个"
        )

    @cached_property
    def open_stage_re(self) -> regex.Pattern[str]:
        """``已签约或即将签约``, ``开工或签约``: the text leaves the stage open."""
        words = "|".join(regex.escape(w) for w, _ in self.triggers)
        return regex.compile(rf"(?:{words})或(?:即将|将|拟)?(?:{words})")


def sentences(text: str) -> list[_Sentence]:
    """Sentence spans (ending at 。！？；or a line break) with their paragraph number."""
    out: list[_Sentence] = []
    start, para = 0, 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            if text[start:i + 1].strip():
                out.append(_Sentence(start, i + 1, para))
            start = i + 1
            if ch == "\n":
                para += 1
    if text[start:].strip():
        out.append(_Sentence(start, len(text), para))
    return out


def amount_role(text: str, money: Candidate, prev_money: Candidate | None, lex: EventLexicon) -> str | None:
    """``investment``, ``other`` or ``None`` (no cue) for a MONEY candidate, from the nearest cue before it."""
    lo = money.start
    while lo > 0 and text[lo - 1] not in _SENTENCE_END and money.start - lo < 24:
        lo -= 1
    if prev_money is not None and prev_money.end > lo:
        lo = prev_money.end
    window = text[lo:money.start]
    best: tuple[int, int, str] | None = None
    for m in lex.role_re.finditer(window):
        key = (m.end(), len(m.group(0)), m.group(0))
        if best is None or key[:2] > best[:2]:
            best = key
    # overlapping cues: the longest ending last (到位资金 over 资金, 完成投资 over 投资)
    for m in regex.finditer("|".join(map(regex.escape, lex.roles)), window, overlapped=True):
        if best is not None and m.end() == best[0] and len(m.group(0)) > best[1]:
            best = (m.end(), len(m.group(0)), m.group(0))
    if best is None:
        return None
    return lex.roles[best[2]]


def is_second_currency(text: str, money: Candidate, prev: Candidate | None) -> bool:
    """``60.7亿元(8.8亿美元)``, ``5.215亿美元(约40.7亿港元)``: the bracketed amount restates the one before."""
    if prev is None:
        return False
    between = text[prev.end:money.start]
    return regex.fullmatch(r"\s*[(（]\s*(?:约|约合|折合|合)?(?:人民币)?\s*", between) is not None


def sentence_stage(text: str, sent: _Sentence, lex: EventLexicon) -> tuple[Stage | None, tuple[int, int] | None, bool]:
    """(stage, trigger span, open) the sentence states; open when it says ``签约或开工``."""
    chunk = text[sent.start:sent.end]
    if lex.open_stage_re.search(chunk):
        return None, None, True
    best: tuple[Stage, tuple[int, int]] | None = None
    intent: tuple[int, int] | None = None
    for m in lex.trigger_re.finditer(chunk):
        stage = lex.trigger_stage[m.group(0)]
        span = (sent.start + m.start(), sent.start + m.end())
        if m.group(0) == "意向":
            intent = span
        if best is None or _STAGE_RANK[stage] > _STAGE_RANK[best[0]]:
            best = (stage, span)
    if best is not None and intent is not None and best[0] is Stage.SIGNED:
        return Stage.PLANNED, intent, False
    return (best[0], best[1], False) if best else (None, None, False)


def _count_value(s: str) -> int | None:
    try:
        v = parse_numeral(s)
    except NumeralError:
        return None
    return int(v) if v == v.to_integral_value() and v > 0 else None


def project_count(text: str, sent: _Sentence, money: Candidate, lex: EventLexicon) -> tuple[int, int, int] | None:
    """The batch count an amount belongs to: the last count before it in the sentence (before any 其中 list of
    breakdowns), or one right after it (``总投资126.6亿元的30个大项目``)."""
    before: list[tuple[int, int, int]] = []
    after: tuple[int, int, int] | None = None
    for m in lex.count_re.finditer(text, sent.start, sent.end):
        group = "n1" if m.group("n1") else "n2"
        value = _count_value(m.group(group))
        if value is None:
            continue
        item = (value, m.start(group), m.end(group))
        if m.end() <= money.start:
            before.append(item)
        elif m.start() >= money.end and m.start() - money.end <= 2 and after is None:
            after = item
    if after is not None:
        return after
    if not before:
        return None
    detail = text.find("其中", sent.start, money.start)
    if detail != -1:
        heads = [c for c in before if c[1] < detail]
        if heads:
            return heads[-1]
    # a count separated from the amount by another amount belongs to that amount
    return before[-1]


class EventLinker:
    """Builds events from the candidates of one document; language data loaded on first use."""

    @cached_property
    def lex(self) -> EventLexicon:
        return EventLexicon()

    def link(self, text: str, cands: Sequence[Candidate], offsets: OffsetMap, original: str) -> list[Event]:
        """Events of a document. ``cands`` index the normalized ``text``; spans in the result index ``original``."""
        sents = sentences(text)
        if not sents:
            return []
        lex = self.lex
        places = [c for c in cands if c.label is Label.PLACE]
        projects = [c for c in cands if c.label is Label.PROJECT]
        orgs = [c for c in cands if c.label is Label.ORG]
        dates = [c for c in cands if c.label is Label.DATE and not text.startswith(_DATELINE_AFTER, c.end)]
        monies = [c for c in cands if c.label is Label.MONEY]
        stages = self._stages(text, sents)
        main_place = self._main_place(places)
        doc_date = dates[0] if len({d.value for d in dates}) == 1 and len(dates) >= 1 else None

        drafts: list[_Draft] = []
        prev: Candidate | None = None
        bound_projects: set[int] = set()
        for money in monies:
            p, prev = prev, money
            if is_second_currency(text, money, p):
                continue
            same_sentence_prev = p if p is not None and _sentence_of(sents, p.start) == _sentence_of(sents, money.start) else None
            role = amount_role(text, money, same_sentence_prev if _listed_after(text, same_sentence_prev, money) else None, lex)
            if role is None and same_sentence_prev is not None and _listed_after(text, same_sentence_prev, money):
                role = amount_role(text, same_sentence_prev, None, lex)
            if role != "investment":
                continue
            si = _sentence_of(sents, money.start)
            sent = sents[si]
            count = project_count(text, sent, money, lex)
            window = text[max(sent.start, money.start - 24):money.start]
            aggregate = count is not None or any(c in window for c in _AGGREGATE_CUES)
            d = _Draft(EventKind.AGGREGATE if aggregate else EventKind.PROJECT, sent, amount=money, count=count)
            d.stage, d.stage_span = stages[si]
            if not aggregate:
                d.project = self._project_for(text, sents, si, money, projects)
                if d.project is not None:
                    bound_projects.add(d.project.start)
                d.investor = self._investor_for(text, sent, d.project, money, orgs)
            d.place = self._place_for(text, sents, si, money, places, main_place)
            d.date = self._date_for(sents, si, dates, doc_date if not aggregate else None, aggregate)
            drafts.append(d)
        drafts += self._count_only_aggregates(text, sents, stages, drafts, places, main_place, dates)
        drafts += self._projects_without_amount(text, sents, stages, projects, bound_projects, orgs, places,
                                                main_place, dates)
        merged = merge_events(drafts, text)
        return [self._to_event(d, text, original, offsets) for d in merged]

    # -- fields --
    def _stages(self, text: str, sents: list[_Sentence]) -> list[tuple[Stage | None, tuple[int, int] | None]]:
        stated = [sentence_stage(text, s, self.lex) for s in sents]
        doc_stage = next(((st, sp) for st, sp, _o in stated if st is not None), (None, None))
        out: list[tuple[Stage | None, tuple[int, int] | None]] = []
        for i, (st, sp, is_open) in enumerate(stated):
            if st is not None or is_open:
                out.append((st, sp))
                continue
            inherited = None
            for j in range(i - 1, -1, -1):
                if sents[j].paragraph != sents[i].paragraph:
                    break
                if stated[j][0] is not None or stated[j][2]:
                    inherited = (stated[j][0], stated[j][1])
                    break
            out.append(inherited or doc_stage)
        return out

    def _project_for(self, text: str, sents: list[_Sentence], si: int, money: Candidate,
                     projects: list[Candidate]) -> Candidate | None:
        sent = sents[si]
        in_sent = [p for p in projects if sent.start <= p.start < sent.end]
        after = [p for p in in_sent if p.start >= money.end and regex.match(r"的|元的", text[money.end:p.start]) is not None
                 and p.start - money.end <= 12]
        if after:
            return after[0]
        clause_start = money.start
        while clause_start > sent.start and text[clause_start - 1] not in "，,;；":
            clause_start -= 1
        before = [p for p in in_sent if p.end <= money.start]
        if before:
            # the project named in this clause or the one before it
            near = before[-1]
            if len(regex.findall(r"[，,]", text[near.end:money.start])) <= 2:
                return near
        if text.startswith(("该项目", "项目"), sent.start) or "该项目" in text[sent.start:money.start]:
            prev = [p for p in projects if p.end <= sent.start]
            if prev:
                return prev[-1]
        later = [p for p in in_sent if p.start >= money.end]
        return later[0] if len(in_sent) == 1 and later else None

    @staticmethod
    def _investor_for(text: str, sent: _Sentence, project: Candidate | None, money: Candidate,
                      orgs: list[Candidate]) -> Candidate | None:
        in_sent = [o for o in orgs if sent.start <= o.start < sent.end]
        if project is not None:
            adjacent = [o for o in in_sent if o.end == project.start or text[o.end:project.start] in ("的", "·")]
            if adjacent:
                return adjacent[0]
        anchor = project.start if project is not None else money.start
        before = [o for o in in_sent if o.end <= anchor]
        if before:
            return before[0]
        return None

    def _place_for(self, text: str, sents: list[_Sentence], si: int, money: Candidate,
                   places: list[Candidate], main_place: Candidate | None) -> Candidate | None:
        sent = sents[si]
        in_sent = [p for p in places if sent.start <= p.start < sent.end]
        good = [p for p in in_sent if not _is_venue(text, p)]
        pool = good or in_sent
        if pool:
            return max(pool, key=lambda p: (_LEVEL_RANK.get(p.level or "", 0), -abs(p.start - money.start)))
        para = sents[si].paragraph
        para_sents = [s for s in sents if s.paragraph == para]
        first = para_sents[0]
        lead = [p for p in places if first.start <= p.start < first.start + 3]
        if lead:
            return lead[0]
        if "我市" in text or "我县" in text or "我区" in text:
            return main_place
        return main_place

    @staticmethod
    def _main_place(places: list[Candidate]) -> Candidate | None:
        """The place the document is about: most mentions, each also voting for its prefecture or county."""
        if not places:
            return None
        votes: Counter[str] = Counter()
        by_value: dict[str, Candidate] = {}
        for p in places:
            if not isinstance(p.value, str):
                continue
            votes[p.value] += 1
            by_value.setdefault(p.value, p)
            if p.level in ("zone", "township", "county") and len(p.parents) >= 2:
                parent = p.parents[1]
                votes[parent] += 1
        if not votes:
            return None
        best = votes.most_common(1)[0][0]
        if best in by_value:
            return by_value[best]
        return Candidate(Label.PLACE, -1, -1, best, level="prefecture")

    @staticmethod
    def _date_for(sents: list[_Sentence], si: int, dates: list[Candidate], doc_date: Candidate | None,
                  aggregate: bool) -> Candidate | None:
        sent = sents[si]
        in_sent = [d for d in dates if sent.start <= d.start < sent.end]
        if in_sent:
            return in_sent[0]
        if aggregate:
            return None
        para = [d for d in dates if d.start < sent.start and _sentence_of(sents, d.start) is not None
                and sents[_sentence_of(sents, d.start)].paragraph == sent.paragraph]
        if para:
            return para[-1]
        return doc_date

    def _count_only_aggregates(self, text: str, sents: list[_Sentence], stages: list, drafts: list[_Draft],
                               places: list[Candidate], main_place: Candidate | None,
                               dates: list[Candidate]) -> list[_Draft]:
        """A batch with a count and a stage but no amount (``32个项目已开工建设``)."""
        out: list[_Draft] = []
        used = {d.sentence for d in drafts}
        for si, sent in enumerate(sents):
            if sent in used:
                continue
            stated = sentence_stage(text, sent, self.lex)
            if stated[0] is None:
                continue
            chunk = text[sent.start:sent.end]
            if "其中" in chunk[:4] or "划分" in chunk:
                continue
            m = self.lex.count_re.search(text, sent.start, sent.end)
            if m is None:
                continue
            group = "n1" if m.group("n1") else "n2"
            value = _count_value(m.group(group))
            if value is None or value < 2:
                continue
            fake = Candidate(Label.MONEY, m.start(), m.end())
            d = _Draft(EventKind.AGGREGATE, sent, count=(value, m.start(group), m.end(group)))
            d.stage, d.stage_span = stated[0], stated[1]
            d.place = self._place_for(text, sents, si, fake, places, main_place)
            d.date = self._date_for(sents, si, dates, None, True)
            out.append(d)
        return out

    def _projects_without_amount(self, text: str, sents: list[_Sentence], stages: list, projects: list[Candidate],
                                 bound: set[int], orgs: list[Candidate], places: list[Candidate],
                                 main_place: Candidate | None, dates: list[Candidate]) -> list[_Draft]:
        """A named project with its own stage statement and no amount (not one listed in a batch sentence)."""
        out: list[_Draft] = []
        seen: set[str] = set()
        for p in projects:
            if p.start in bound:
                continue
            si = _sentence_of(sents, p.start)
            if si is None:
                continue
            sent = sents[si]
            stated = sentence_stage(text, sent, self.lex)
            if stated[0] is None or self.lex.count_re.search(text, sent.start, sent.end):
                continue
            in_sent = [q for q in projects if sent.start <= q.start < sent.end]
            if len(in_sent) > 1:
                continue
            name = text[p.start:p.end]
            if name in seen:
                continue
            seen.add(name)
            d = _Draft(EventKind.PROJECT, sent, project=p)
            d.stage, d.stage_span = stated[0], stated[1]
            d.investor = self._investor_for(text, sent, p, p, orgs)
            d.place = self._place_for(text, sents, si, p, places, main_place)
            d.date = self._date_for(sents, si, dates, None, False)
            out.append(d)
        return out

    def _to_event(self, d: _Draft, norm: str, original: str, offsets: OffsetMap) -> Event:
        evidence: dict[str, tuple[int, int]] = {}

        def span(c: Candidate | tuple[int, int] | None, name: str) -> None:
            if c is None:
                return
            s, e = (c.start, c.end) if isinstance(c, Candidate) else c
            if s < 0:
                return
            evidence[name] = offsets.to_original(s, e)

        span(d.amount, "amount")
        span(d.project, "project")
        span(d.investor, "investor")
        span(d.place, "place")
        span(d.date, "date")
        span(d.stage_span, "stage")
        if d.count is not None:
            span((d.count[1], d.count[2]), "project_count")

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


def _sentence_of(sents: list[_Sentence], pos: int) -> int | None:
    lo, hi = 0, len(sents) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sents[mid]
        if pos < s.start:
            hi = mid - 1
        elif pos >= s.end:
            lo = mid + 1
        else:
            return mid
    return None


def _listed_after(text: str, prev: Candidate | None, money: Candidate) -> bool:
    """``300亿元、700亿元``: an amount listed right after another shares its role."""
    return prev is not None and text[prev.end:money.start] in ("、", "和", "及", "与", ",", "，")


def _is_venue(text: str, place: Candidate) -> bool:
    """``在蓉签约``, ``赴深圳考察``: where a signing or visit takes place, not where the money lands."""
    before = text[max(0, place.start - 2):place.start]
    after = text[place.end:place.end + 8]
    return before.endswith(_VENUE_BEFORE) and any(w in after for w in _VENUE_AFTER)


def _more_specific(a: Candidate | None, b: Candidate | None) -> Candidate | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if _LEVEL_RANK.get(b.level or "", 0) > _LEVEL_RANK.get(a.level or "", 0) else a


def merge_events(drafts: list[_Draft], text: str) -> list[_Draft]:
    """One event per project and per batch total: drafts with the same project name, or aggregates (and
    project-less drafts) with the same amount, are merged, fields filled from both."""
    out: list[_Draft] = []
    for d in drafts:
        target = None
        for o in out:
            if _same_event(o, d, text):
                target = o
                break
        if target is None:
            out.append(d)
            continue
        _fill(target, d)
    return out


def _same_event(a: _Draft, b: _Draft, text: str) -> bool:
    name = (lambda c: text[c.start:c.end].strip("“”\"") if c is not None else None)
    if a.project is not None and b.project is not None:
        na, nb = name(a.project), name(b.project)
        return bool(na and nb and (na == nb or na.replace("项目", "") == nb.replace("项目", "")))
    if a.amount is not None and b.amount is not None and a.amount.value == b.amount.value \
            and a.amount.currency == b.amount.currency:
        if a.kind is b.kind or a.project is None or b.project is None:
            return True
    return False


def _fill(target: _Draft, other: _Draft) -> None:
    if other.kind is EventKind.AGGREGATE and target.project is None:
        target.kind = EventKind.AGGREGATE
    for attr in ("amount", "project", "investor", "count", "date"):
        if getattr(target, attr) is None and getattr(other, attr) is not None:
            setattr(target, attr, getattr(other, attr))
    target.place = _more_specific(target.place, other.place)
    if other.stage is not None and (target.stage is None or _STAGE_RANK[other.stage] > _STAGE_RANK[target.stage]):
        target.stage, target.stage_span = other.stage, other.stage_span


__all__ = ["EventLinker", "merge_events"]
