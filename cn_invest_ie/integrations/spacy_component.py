"""spaCy pipeline component ``cn_invest_ie`` (needs the ``spacy`` extra: ``pip install "cn_invest_ie[spacy]"``).

Registered through the ``spacy_factories`` entry point, so no import of this package is needed first::

    import spacy
    nlp = spacy.blank("zh")
    nlp.add_pipe("cn_invest_ie", config={"published": "2021-12-24"})
    doc = nlp("累计签约项目104个，总金额1104.08亿元。")
    doc.spans["cn_invest_ie"]            # mentions as Spans (label_ = MONEY, PLACE...)
    doc.spans["cn_invest_ie"][0]._.cn_invest_ie_value   # Decimal('110408000000')
    doc._.cn_invest_ie_events            # events as ANNOTATION.md dicts

Mentions have code-point offsets that need not fall on token boundaries; each Span is
``doc.char_span(start, end, alignment_mode="expand")`` and the exact mention (``text``, ``start``, ``end``, ``value``,
``currency``...) is ``span._.cn_invest_ie``. All data is one JSON string in ``doc.user_data["cn_invest_ie"]``
(``{"mentions": [...], "events": [...]}``, the shape of ``Document.to_dict()``), so it survives pickling
(``nlp.pipe(n_process=2)``) and ``DocBin(store_user_data=True)`` unchanged; ``doc._.cn_invest_ie`` (that dict),
``doc._.cn_invest_ie_events`` and the span attributes are getters over it.
``doc._.cn_invest_ie_published`` (ISO date) set before the pipeline anchors dates without a year for that doc.
"""

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

NAME = "cn_invest_ie"
_NUMERIC = frozenset({"MONEY", "QUANTITY"})


@lru_cache(maxsize=64)
def _parsed(raw: str) -> dict[str, Any]:
    return json.loads(raw)  # type: ignore[no-any-return]


def doc_data(doc: Doc) -> dict[str, Any] | None:
    """``{"mentions": [...], "events": [...]}`` for ``doc`` (a fresh copy), or None before the component ran."""
    raw = doc.user_data.get(NAME)
    return json.loads(raw) if isinstance(raw, str) else None


def _doc_events(doc: Doc) -> list[dict[str, Any]]:
    data = doc_data(doc)
    return data["events"] if data else []


def span_mention(span: Span) -> dict[str, Any] | None:
    """The extracted mention behind ``span`` (same label; same characters, else the first one inside it)."""
    raw = span.doc.user_data.get(NAME)
    if not isinstance(raw, str):
        return None
    data = _parsed(raw)
    inside = None
    for m in data["mentions"]:
        if m["label"] != span.label_:
            continue
        if m["start"] == span.start_char and m["end"] == span.end_char:
            return dict(m)
        if inside is None and span.start_char <= m["start"] and m["end"] <= span.end_char:
            inside = m
    return dict(inside) if inside else None


def span_value(span: Span) -> Any:
    """The mention's value: ``Decimal`` for MONEY and QUANTITY, ISO date or place name as ``str``, else None."""
    m = span_mention(span)
    if m is None or m.get("value") is None:
        return None
    if m["label"] in _NUMERIC:
        return Decimal(str(m["value"]))
    return m["value"]


def register_extensions() -> None:
    """Register the ``._.cn_invest_ie*`` attributes on Doc and Span (idempotent)."""
    if not Doc.has_extension(NAME):
        Doc.set_extension(NAME, getter=doc_data)
    if not Doc.has_extension(f"{NAME}_events"):
        Doc.set_extension(f"{NAME}_events", getter=_doc_events)
    if not Doc.has_extension(f"{NAME}_published"):
        Doc.set_extension(f"{NAME}_published", default=None)
    if not Span.has_extension(NAME):
        Span.set_extension(NAME, getter=span_mention)
    if not Span.has_extension(f"{NAME}_value"):
        Span.set_extension(f"{NAME}_value", getter=span_value)


register_extensions()


class CnInvestComponent:
    """Runs :class:`cn_invest_ie.Extractor` on each doc; the extractor is built on first use in each process."""

    def __init__(self, name: str = NAME, *, spans_key: str = NAME, labels: list[str] | None = None,
                 events: bool = True, published: str | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.labels = list(labels) if labels else None
        self.events = events
        self.published = published
        self._extractor: Any = None

    @property
    def extractor(self) -> Any:
        if self._extractor is None:
            from cn_invest_ie.api import Config, Extractor
            from cn_invest_ie.types import Label

            wanted = frozenset(Label(x) for x in self.labels) if self.labels else frozenset(Label)
            self._extractor = Extractor(Config(labels=wanted, events=self.events))
        return self._extractor

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.get(f"{NAME}_published") or self.published
        result = self.extractor.extract(doc.text, published=published)
        spans = []
        for m in result.mentions:
            span = doc.char_span(m.start, m.end, label=m.label.value, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        data = result.to_dict()
        # one JSON string in user_data: pickles and DocBin(store_user_data=True) give it back unchanged
        doc.user_data[NAME] = json.dumps({"mentions": data["mentions"], "events": data["events"]},
                                         ensure_ascii=False)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def __getstate__(self) -> dict[str, Any]:  # the extractor is rebuilt in the receiving process
        state = dict(self.__dict__)
        state["_extractor"] = None
        return state


@Language.factory(
    NAME,
    default_config={"spans_key": NAME, "labels": None, "events": True, "published": None},
    assigns=["doc.spans", f"doc._.{NAME}"],
)
def make_cn_invest_ie(nlp: Language, name: str, spans_key: str, labels: list[str] | None, events: bool,
                      published: str | None) -> CnInvestComponent:
    """The factory spaCy calls for ``nlp.add_pipe("cn_invest_ie", config={...})``."""
    return CnInvestComponent(name, spans_key=spans_key, labels=labels, events=events, published=published)
