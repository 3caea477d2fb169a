"""Bad input never crashes ``extract``, never breaks the span invariant, and time stays linear in the length.

The bad inputs tried here are listed in docs/robustness.md. ``CN_INVEST_IE_FUZZ_EXAMPLES`` raises the number of
property and fuzz examples (default 150) for a longer local run.
"""

from __future__ import annotations

import gc
import json
import os
import time
import tracemalloc
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cn_invest_ie.api as api_module
from cn_invest_ie import Document, Extractor, Label, extract
from cn_invest_ie.api import Config
from cn_invest_ie.parallel import LONG_TEXT_CHARS, extract_long, split_text

from .conftest import DEV, ROOT

_EXAMPLES = int(os.environ.get("CN_INVEST_IE_FUZZ_EXAMPLES", "150"))
_SETTINGS = settings(max_examples=_EXAMPLES, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _corpus_texts() -> list[str]:
    texts: list[str] = []
    for path in (ROOT / "corpora" / "invest_corpus.jsonl", DEV):
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return texts


_CORPUS = _corpus_texts()
_REAL = "\n".join(_CORPUS) + "\n"


def assert_sound(text: str, doc: Document) -> None:
    """The span invariant, and the result serializes."""
    assert doc.text is text or doc.text == text
    for m in doc.mentions:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.text, m
    for e in doc.events:
        if e.sentence is not None:
            assert 0 <= e.sentence[0] <= e.sentence[1] <= len(text), e
        for _name, (s, t) in e.evidence:
            assert 0 <= s <= t <= len(text), e
    json.dumps(doc.to_dict(), ensure_ascii=False)


# -- named bad inputs: (name, text builder, seconds allowed) ------------------------------------------------------
_CONTROL = "".join(chr(c) for c in [*range(0, 32), 127, *range(0x80, 0xA0)])
BAD_TEXTS: list[tuple[str, Callable[[], str], float]] = [
    ("empty", lambda: "", 1),
    ("whitespace only", lambda: " \t\r\n\u3000\u00a0\u2003\u2028\u2029\x0b\x0c" * 1000, 5),
    ("1 MB of digits", lambda: "7" * 1_000_000, 10),
    ("1 MB of digits then 亿元", lambda: "投资" + "9" * 1_000_000 + "亿元", 10),
    ("100k repetitions of 亿", lambda: "亿" * 100_000, 5),
    ("亿 runs after a number", lambda: "总投资5亿亿亿亿元，3至5亿亿亿亿元，" + "1亿" * 50_000, 5),
    ("29-digit amount", lambda: "投资" + "1" * 29 + "元，年产" + "2" * 40 + "吨", 1),
    ("control characters", lambda: (_CONTROL + "总投资3亿元，") * 500, 5),
    ("unpaired surrogates", lambda: "总投资\ud800 3亿元\udfff，\udc00\ud83d项目\ud83d。\n" * 1000, 5),
    ("surrogates inside numbers", lambda: "投资1\ud8002亿元，10\udfff万吨。\n" * 1000, 5),
    ("emoji", lambda: "😀总投资3亿元👍🏽，🇨🇳签约项目10个👨‍👩‍👧‍👦。\n" * 1000, 5),
    ("mixed scripts", lambda: "Invest 3亿元 в Москве 東京 투자 ١٢٣ مشروع अरब 5億ドル ๑๒๓\n" * 1000, 5),
    ("combining marks", lambda: "总\u0301投\u0308资3\u0303亿\u20dd元。\n" * 2000, 5),
    ("format characters only", lambda: "\u200b\u200c\u200d\u2060\ufeff\u202e\u00ad" * 10_000, 5),
    ("full-width digits", lambda: "总投资" + "１" * 100_000 + "億元", 5),
    ("private use and noncharacters", lambda: "\ue000\uffff\U0010ffff投资3亿元\ufffe\n" * 1000, 5),
    ("commas and dots", lambda: "1," * 100_000 + "1." * 100_000, 10),
    ("ranges", lambda: "3至" * 50_000 + "3-" * 50_000, 10),
    ("dates without end", lambda: "2021年" * 20_000 + "12月" * 20_000 + "5日" * 20_000, 10),
    ("one line without punctuation", lambda: "签约项目投资建设达州市高新区锂电池产业园" * 250, 5),
    ("100k characters without a break", lambda: "abcdefghij" * 10_000, 5),
    ("newlines only", lambda: "\n" * 200_000, 5),
    ("long realistic document", lambda: _REAL * 3, 15),
]


@pytest.mark.parametrize(("name", "make", "limit"), BAD_TEXTS, ids=[b[0] for b in BAD_TEXTS])
def test_bad_text_never_raises(name: str, make: Callable[[], str], limit: float, extractor: Extractor) -> None:
    text = make()
    t0 = time.perf_counter()
    doc = extractor.extract(text, published="2021-12-24")
    elapsed = time.perf_counter() - t0
    assert_sound(text, doc)
    assert elapsed < limit, f"{name}: {elapsed:.1f} s"


def test_absurd_amounts_are_exact_or_absent(extractor: Extractor) -> None:
    doc = extractor.extract("总投资5亿亿亿亿元，年产" + "1" * 40 + "吨。")
    money = [m for m in doc.mentions if m.label is Label.MONEY]
    assert [(m.text, m.value) for m in money] == [("5亿亿亿亿元", 5 * 10**32)]
    assert not [m for m in doc.mentions if m.label is Label.QUANTITY and m.value is not None]


def test_lone_surrogate_keeps_offsets(extractor: Extractor) -> None:
    text = "\ud800总投资3亿元"
    money = [m for m in extractor.extract(text).mentions if m.label is Label.MONEY]
    assert [(m.text, m.start) for m in money] == [("3亿元", 4)]


@pytest.mark.parametrize("bad", [b"\xe6\x8a\x95\xe8\xb5\x84", bytearray(b"abc"), None, 3, 3.5, ["投资3亿元"],
                                 {"text": "投资3亿元"}, memoryview(b"x")], ids=lambda v: type(v).__name__)
def test_non_str_is_a_type_error_naming_str(bad: object, extractor: Extractor) -> None:
    with pytest.raises(TypeError, match=r"expects text as str, got"):
        extractor.extract(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"str"):
        extract(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("item", [3, None, b"bytes", {"id": "x"}, {"text": 5}], ids=repr)
def test_extract_many_bad_item_is_a_type_error(item: object, extractor: Extractor) -> None:
    with pytest.raises(TypeError, match="str"):
        list(extractor.extract_many(["投资3亿元", item]))  # type: ignore[list-item]


def test_str_subclass_is_accepted(extractor: Extractor) -> None:
    class Text(str):
        pass

    text = Text("总投资3亿元")
    assert [m.text for m in extractor.extract(text).mentions if m.label is Label.MONEY] == ["3亿元"]


# -- properties --------------------------------------------------------------------------------------------------
_ANY_CHAR = st.one_of(
    st.characters(),  # every category but surrogates
    st.integers(0xD800, 0xDFFF).map(chr),  # unpaired surrogates
    st.sampled_from("0123456789０１２３亿万元億萬圓美元吨噸亩年月日号至-~，。；\n\u200b\ufeff"),
)
_PIECES = st.sampled_from(["总投资", "签约", "项目", "亿元", "万元", "万吨", "亿", "多", "余", "约", "超过", "至",
                           "2021年", "12月", "24日", "达州市", "高新区", "有限公司", "。", "，", "\n", "1,104.08",
                           "一百二十", "兆瓦", "美元", "（", "）", "“", "”"])
_TEXTS = st.one_of(
    st.text(_ANY_CHAR, max_size=300),
    st.lists(st.one_of(_PIECES, st.text(_ANY_CHAR, max_size=4), st.from_regex(r"[0-9]{1,40}", fullmatch=True)),
             max_size=60).map("".join),
)


@_SETTINGS
@given(text=_TEXTS, published=st.one_of(st.none(), st.sampled_from(["2021-12-24", "2020-02-29", "0001-01-01"]),
                                        st.text(max_size=12)))
def test_any_text_any_published(text: str, published: str | None) -> None:
    doc = _EX.extract(text, published=published)
    assert_sound(text, doc)


_EX = Extractor()


# -- fuzz: mutated corpus documents ------------------------------------------------------------------------------
def _to_fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in s)


def _to_halfwidth(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


class _Script:
    """OpenCC converters, built on first use (traditional <-> simplified)."""

    def __init__(self) -> None:
        self._conv: dict[str, Callable[[str], str]] = {}

    def __call__(self, config: str, s: str) -> str:
        if config not in self._conv:
            try:
                import opencc
            except ImportError:
                return s
            self._conv[config] = opencc.OpenCC(config).convert
        try:
            return self._conv[config](s)
        except UnicodeEncodeError:  # OpenCC cannot take lone surrogates
            return s


_SCRIPT = _Script()
_INSERTS = st.one_of(st.sampled_from(list("0123456789亿万元，。\n\u200b\u3000 -至约多余年月日")), _ANY_CHAR,
                     st.sampled_from(["😀", "\ud800", "１２", "億元", "\r\n", "   "]))


@st.composite
def _mutations(draw: st.DrawFn) -> tuple[str, str]:
    text = draw(st.sampled_from(_CORPUS)) if _CORPUS else "累计签约项目104个，总金额1104.08亿元。"
    for _ in range(draw(st.integers(1, 8))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = min(n, i + draw(st.integers(0, 40)))
        op = draw(st.sampled_from(["insert", "delete", "fullwidth", "halfwidth", "s2t", "t2s", "repeat", "cut"]))
        if op == "insert":
            text = text[:i] + draw(_INSERTS) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "fullwidth":
            text = text[:i] + _to_fullwidth(text[i:j]) + text[j:]
        elif op == "halfwidth":
            text = text[:i] + _to_halfwidth(text[i:j]) + text[j:]
        elif op in ("s2t", "t2s"):
            text = text[:i] + _SCRIPT(op, text[i:j]) + text[j:]
        elif op == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(1, 5)) + text[j:]
        else:
            text = text[:i]
    return text, draw(st.sampled_from([None, "2021-12-24", "2024-04-01"]))


@_SETTINGS
@given(case=_mutations())
def test_mutated_corpus_documents(case: tuple[str, str | None]) -> None:
    text, published = case
    assert_sound(text, _EX.extract(text, published=published))


def test_whole_corpus_converted(extractor: Extractor) -> None:
    """Every corpus document fully traditional, fully full-width, and both, still extracts soundly."""
    for text in _CORPUS:
        for variant in (_SCRIPT("s2t", text), _to_fullwidth(text), _to_fullwidth(_SCRIPT("s2t", text))):
            assert_sound(variant, extractor.extract(variant, published="2021-12-24"))


# -- long documents: chunks, linear time, bounded memory ---------------------------------------------------------
def test_split_text_prefers_paragraphs_then_sentences_then_clauses() -> None:
    text = "第一段。\n第二段很长，很长。第三句，后面没有句号也没有别的标点"
    spans = split_text(text, 12)
    assert spans[0] == (0, 5)  # after the newline
    assert text[spans[1][0]:spans[1][1]] == "第二段很长，很长。"  # after the sentence end
    assert text[spans[2][0]:spans[2][1]].endswith("，")  # after a clause mark
    assert "".join(text[a:b] for a, b in spans) == text
    hard = split_text("一" * 25, 10)
    assert hard == [(0, 10), (10, 20), (20, 25)]
    assert split_text("", 10) == [(0, 0)]
    assert split_text("签约项目投资" * 3 + "123456789", 20)[0] == (0, 18)  # backs off to keep the number whole
    with pytest.raises(ValueError):
        split_text("abc", 0)


@_SETTINGS
@given(text=st.text(st.sampled_from("ab。，\n 亿"), max_size=400), limit=st.integers(1, 50))
def test_split_text_covers_in_bounded_pieces(text: str, limit: int) -> None:
    spans = split_text(text, limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b <= a + limit for a, b in spans) or text == ""
    assert all(spans[k][1] == spans[k + 1][0] for k in range(len(spans) - 1))


def test_long_document_is_chunked_with_offsets_shifted_back(extractor: Extractor) -> None:
    doc_text = _REAL * 3
    assert len(doc_text) > LONG_TEXT_CHARS
    chunked = extractor.extract(doc_text, published="2021-12-24", id="long")
    assert chunked.id == "long"
    assert_sound(doc_text, chunked)
    # amounts are local: the chunked document has exactly the amounts of its paragraphs extracted one by one
    expected = set()
    pos = 0
    for para in doc_text.splitlines(keepends=True):
        for m in extractor.extract(para, published="2021-12-24").mentions:
            if m.label in (Label.MONEY, Label.QUANTITY):
                expected.add((m.label, m.start + pos, m.end + pos, m.value))
        pos += len(para)
    got = {(m.label, m.start, m.end, m.value) for m in chunked.mentions if m.label in (Label.MONEY, Label.QUANTITY)}
    assert got == expected
    # events point into the whole text: an event's amount evidence is one of the document's MONEY mentions
    money = {(m.start, m.end) for m in chunked.mentions if m.label is Label.MONEY}
    amounts = [dict(e.evidence)["amount"] for e in chunked.events if "amount" in dict(e.evidence)]
    assert amounts and all(tuple(span) in money for span in amounts)


def test_a_hard_cut_leaves_no_fragment_mentions(extractor: Extractor) -> None:
    """Cut inside a number longer than a chunk, neither side reports a piece of it as an amount."""
    for text in ("投资" + "9" * 1_000_000 + "亿元", "总投资" + "１" * 100_000 + "億元", "年产" + "8" * 30_000 + "万吨"):
        assert extractor.extract(text).mentions == ()


def test_short_documents_are_not_chunked(extractor: Extractor) -> None:
    text = _REAL[:LONG_TEXT_CHARS]
    whole = extractor.extract(text)
    one_chunk = extract_long(extractor, text, max_chars=LONG_TEXT_CHARS)
    assert whole.mentions == one_chunk.mentions and whole.events == one_chunk.events


def _cost_ratio(ex: Extractor, small: str, big: str, repeat: int = 3) -> float:
    """How many times longer ``big`` takes than ``small``: best of ``repeat`` runs each, the runs interleaved so a
    burst of load on the shared machine hits both sizes alike; this thread's CPU time (other jobs, and threads that
    earlier tests left in this process, are not counted); garbage collection off (its pauses grow with the test
    session's heap, not with the algorithm)."""
    best = {small: float("inf"), big: float("inf")}
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            for text in (small, big):
                t0 = time.thread_time()
                ex.extract(text)
                best[text] = min(best[text], time.thread_time() - t0)
    finally:
        gc.enable()
    return best[big] / best[small]


@pytest.mark.parametrize("unit", ["7", "亿", "😀投资3亿元👍🏽。\n", "Москва 東京 서울 ١٢٣ ", _REAL[:2000]],
                         ids=["digits", "亿", "emoji", "scripts", "realistic"])
def test_time_is_linear_in_length(unit: str, extractor: Extractor) -> None:
    n = 40_000
    small = unit * max(1, n // len(unit))
    big = unit * max(1, 4 * n // len(unit))
    ratio = _cost_ratio(extractor, small, big)
    # linear is 4x, quadratic 16x; the margin between absorbs the noise of a shared machine
    assert ratio < 8, f"4x the text took {ratio:.1f}x the time"


def test_chunking_makes_a_quadratic_pattern_linear(extractor: Extractor) -> None:
    """Dense place names once grew quadratically inside one chunk; in 1,000-character chunks the
    whole text is linear."""
    unit = "达州市"
    t = []
    for n in (12_000, 48_000):
        text = unit * (n // len(unit))
        gc.collect()
        gc.disable()
        try:
            t0 = time.thread_time()
            doc = extract_long(extractor, text, max_chars=1_000)
            t.append(time.thread_time() - t0)
        finally:
            gc.enable()
        assert_sound(text, doc)
    assert t[1] / t[0] < 8


def test_memory_is_bounded_by_the_chunk_not_the_document(extractor: Extractor) -> None:
    unit = "Москва 東京 서울 abc "
    peaks = []
    extractor.extract(unit * 100)
    for n in (50_000, 200_000):
        text = unit * (n // len(unit))
        tracemalloc.start()
        try:
            extractor.extract(text)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[1] < 1.5 * peaks[0] + 1_000_000, peaks


def test_chunks_end_at_paragraphs(monkeypatch: pytest.MonkeyPatch, extractor: Extractor) -> None:
    monkeypatch.setattr(api_module, "LONG_TEXT_CHARS", 50)
    text = "总投资3亿元。\n" * 20
    doc = extractor.extract(text)
    assert [m.start for m in doc.mentions if m.label is Label.MONEY] == [3 + 8 * k for k in range(20)]


# -- time stays linear inside one chunk too (dense places, names, sentences, triggers, amounts) -------------------
_QUADRATIC = [
    pytest.param("达州市", Config(labels=frozenset({Label.PLACE}), events=False), 1_000, id="places"),
    pytest.param("四川恒能集团有限公司，", Config(labels=frozenset({Label.ORG}), events=False), 2_000, id="orgs"),
    pytest.param("投资3亿元。", Config(), 2_000, id="sentences-in-a-paragraph"),
    pytest.param("签约项目投资建设达州市高新区锂电池产业园", Config(), 1_000, id="triggers-in-a-clause"),
    pytest.param("投资3亿元，", Config(), 1_000, id="amounts-in-a-sentence"),
    pytest.param("宜宾市签约3个项目，总投资15亿元。", Config(), 2_500, id="batches-with-places"),
    pytest.param("其中，宜宾市签约3个项目，总投资15亿元，在成都举行。", Config(), 2_500, id="breakdowns-and-venues"),
]


@pytest.mark.parametrize(("unit", "config", "n"), _QUADRATIC)
def test_time_is_linear_within_one_chunk(unit: str, config: Config, n: int) -> None:
    """8x the text below the chunk size should take about 8x the time; quadratic would be 64x, so the bound (24x)
    leaves room for the noise of a shared machine without letting a quadratic stage through."""
    ex = Extractor(config).warm_up()
    small = unit * (n // len(unit))
    big = unit * (8 * n // len(unit))
    assert len(big) <= LONG_TEXT_CHARS
    ratio = _cost_ratio(ex, small, big, repeat=5)
    assert ratio < 24, f"8x the text took {ratio:.0f}x the time"


def test_docs_page_lists_the_inputs_tried() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "robustness.md").read_text(encoding="utf-8")
    for name, _make, _limit in BAD_TEXTS:
        assert name in page, name


_SEED_RUN = """
import json, sys
from cn_invest_ie import Extractor
ex = Extractor()
texts = json.load(sys.stdin)
print(json.dumps([ex.extract(t).to_dict() for t in texts], ensure_ascii=False, sort_keys=True))
"""


def test_output_does_not_depend_on_the_hash_seed() -> None:
    """Two processes with different string-hash seeds give the same output: no rule may depend on the iteration
    order of a set (the order of a country list once did, and a company's short form came and went between runs)."""
    import subprocess
    import sys

    texts = _corpus_texts() + ["印度尼西亚宏发新材料股份有限公司投资20亿元建设项目。宏发新材料表示将加快建设进度。"]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _SEED_RUN], input=json.dumps(texts), capture_output=True,
                             text=True, env=env, check=True, timeout=300)
        outputs.append(json.loads(run.stdout))
    assert len(outputs[0]) == len(texts)
    assert outputs[0] == outputs[1]
