"""The entry points: :func:`extract` and the reusable :class:`Extractor`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cn_invest_ie.candidates import Candidate
from cn_invest_ie.numbers.amounts import find_amounts
from cn_invest_ie.numbers.dates import DatePatterns, find_dates
from cn_invest_ie.numbers.lexicon import NumberLexicon
from cn_invest_ie.overlaps import resolve_overlaps
from cn_invest_ie.parallel import LONG_TEXT_CHARS
from cn_invest_ie.segment import Segmenter, default_segmenter
from cn_invest_ie.text.normalize import Normalized, normalize
from cn_invest_ie.text.script import Simplifier
from cn_invest_ie.types import Document, Event, Label, Mention


@dataclass(frozen=True)
class Config:
    """Extractor settings. ``labels``: which mention labels to produce (all by default)."""

    labels: frozenset[Label] = frozenset(Label)
    events: bool = True
    use_opencc: bool = True


# An invented release that reaches every finder and linker stage (lists, brackets, quotes, counts, ranges, dates).
_WARM_UP_TEXT = (
    "宜宾讯 11月30日，“中国·宜宾”招商推介会在成都举行，现场签约项目3个、总投资约15.5亿元，其中四川恒川新能源科技"
    "有限公司投资10亿元建设年产20GWh储能电池项目，甲乙科技、丙丁集团等6家企业签约。该项目落户宜宾三江新区，计划于"
    "12月开工，配套的物流中心落户锦程产业园。博远精密(宜宾)与叙州区签订协议，投资3亿元至5亿元的年产10万吨铝型材项目、绿谷食品项目集中开工；"
    "全年累计签约项目104个，协议投资1104.08亿元(约155亿美元)，同比增长18%。"
)


class Extractor:
    """Holds the language data and models, each built on first use, and extracts documents.

    Thread-compatible (no shared mutable state after the first call); build one per process.
    """

    def __init__(self, config: Config | None = None, *, segmenter: Segmenter | None = None) -> None:
        self.config = config or Config()
        self._segmenter = segmenter

    # -- lazily built resources (owned by this instance) --
    @cached_property
    def segmenter(self) -> Segmenter:
        return self._segmenter or default_segmenter()

    @cached_property
    def numbers(self) -> NumberLexicon:
        return NumberLexicon()

    @cached_property
    def date_patterns(self) -> DatePatterns:
        return DatePatterns()

    @cached_property
    def simplifier(self) -> Simplifier:
        return Simplifier(self.config.use_opencc)

    @cached_property
    def entities(self) -> Any:
        from cn_invest_ie.entities import EntityFinder

        return EntityFinder(self.segmenter)

    @cached_property
    def linker(self) -> Any:
        from cn_invest_ie.events.linker import EventLinker

        return EventLinker(gazetteer=lambda: self.entities.gazetteer)  # one gazetteer index per extractor

    def warm_up(self) -> Extractor:
        """Build every lazy resource now (start-up cost paid up front); returns ``self``.

        The sample passes through every stage, so the patterns the stages compile on first use are built too."""
        self.extract(_WARM_UP_TEXT, published="2021-12-24")
        return self

    # -- extraction --
    def normalize(self, text: str) -> Normalized:
        """The normalized form the finders read, with its offset map to ``text``."""
        return normalize(text, self.simplifier)

    def candidates(self, norm: Normalized, published: str | None = None) -> list[Candidate]:
        """Candidates in normalized text, overlaps resolved, in text order.

        Every label is found when events are linked (they need all of them); else only the configured labels.
        """
        labels = frozenset(Label) if self.config.events else self.config.labels
        text = norm.text
        found: list[Candidate] = []
        if labels & {Label.MONEY, Label.QUANTITY}:
            found += find_amounts(text, self.numbers)
        if Label.DATE in labels:
            found += find_dates(text, self.date_patterns, published)
        if labels & {Label.PLACE, Label.ORG, Label.PROJECT}:
            found += self.entities.find(text, found)
        return resolve_overlaps(found)

    def extract(self, text: str, *, published: str | None = None, id: str | None = None) -> Document:
        """Extract mentions and events from ``text``.

        ``published`` (ISO date, or a ``date``) anchors dates without a year; a value that is not a date is
        ignored (dates without a year then get a null value), so one malformed record never stops a batch (the CLI
        rejects a bad ``--published`` up front). Raises ``TypeError`` when ``text`` is not a ``str``.
        """
        if not isinstance(text, str):
            raise TypeError(f"extract() expects text as str, got {type(text).__name__}")
        if published is not None and not isinstance(published, str):
            published = str(published)
        if len(text) > LONG_TEXT_CHARS:  # bounded memory, linear time: extracted in chunks at paragraph ends
            from cn_invest_ie.parallel import extract_long

            return extract_long(self, text, published=published, id=id, max_chars=LONG_TEXT_CHARS)
        norm = self.normalize(text)
        cands = self.candidates(norm, published)
        mentions = tuple(_to_mention(text, norm, c) for c in cands if c.label in self.config.labels)
        events: tuple[Event, ...] = ()
        if self.config.events:
            events = tuple(self.linker.link(norm.text, cands, norm.offsets, text))
        return Document(text=text, mentions=mentions, events=events, id=id, published=published)

    def extract_many(
        self, items: Iterable[str | dict[str, Any]], *, n_process: int = 1, chunksize: int = 8
    ) -> Iterator[Document]:
        """Extract a stream of texts or ``{"id", "text", "published"}`` records, results in input order.

        With ``n_process > 1`` (``-1``: one per CPU) worker processes are used, each building its own lazy
        resources once; input is read lazily, ``chunksize`` items at a time per worker. An item that is neither a
        ``str`` nor a dict with a ``text`` string raises ``TypeError`` when its turn comes.
        """
        if n_process < 0:
            n_process = os.cpu_count() or 1
        if n_process <= 1:
            for item in items:
                yield self._extract_item(item)
            return
        from cn_invest_ie.parallel import parallel_extract

        yield from parallel_extract(self.config, items, n_process=n_process, chunksize=chunksize)

    def _extract_item(self, item: str | dict[str, Any]) -> Document:
        if isinstance(item, str):
            return self.extract(item)
        if not isinstance(item, Mapping) or "text" not in item:
            got = "a mapping without 'text'" if isinstance(item, Mapping) else type(item).__name__
            raise TypeError(f"extract_many() expects str items or dicts with a 'text' str, got {got}")
        return self.extract(item["text"], published=item.get("published"), id=item.get("id"))


def _to_mention(text: str, norm: Normalized, c: Candidate) -> Mention:
    start, end = norm.offsets.to_original(c.start, c.end)
    return Mention(
        label=c.label, text=text[start:end], start=start, end=end, value=c.value, currency=c.currency,
        unit=c.unit, qualifier=c.qualifier, value_max=c.value_max, code=c.code, parents=c.parents, level=c.level,
    )


_default: Extractor | None = None


def extract(text: str, *, published: str | None = None) -> Document:
    """Extract mentions and events from one text with a shared default :class:`Extractor` (built on first call)."""
    global _default
    if _default is None:
        _default = Extractor()
    return _default.extract(text, published=published)
