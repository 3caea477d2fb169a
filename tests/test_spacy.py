"""The spaCy component: found through the ``spacy_factories`` entry point, mentions as spans, values and events as
extension attributes that survive ``nlp.pipe(n_process=2)`` and ``DocBin``. Skipped without spaCy, except the check
that importing the package never imports spaCy."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest

TEXT = "😀达州市累计签约项目104个，总金额1104.08亿元。"
ZH_CHAR = {"nlp": {"tokenizer": {"segmenter": "char"}}}


def test_importing_the_package_does_not_import_spacy() -> None:
    code = ("import sys, cn_invest_ie, cn_invest_ie.integrations, cn_invest_ie.io.formats, cn_invest_ie.report, "
            "cn_invest_ie.cli\nprint('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture(scope="module")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("zh", config=ZH_CHAR)
    nlp.add_pipe("cn_invest_ie", config={"published": "2021-12-24"})
    return nlp


def test_factory_comes_from_the_entry_point_without_importing_the_package() -> None:
    pytest.importorskip("spacy")
    code = (
        "import sys, spacy\n"
        "assert 'cn_invest_ie.api' not in sys.modules\n"
        f"nlp = spacy.blank('zh', config={ZH_CHAR!r})\n"
        "nlp.add_pipe('cn_invest_ie')\n"
        "doc = nlp('签约项目3个，总投资1.5亿元。')\n"
        "print([(s.text, s.label_, str(s._.cn_invest_ie_value)) for s in doc.spans['cn_invest_ie']])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "('1.5亿元', 'MONEY', '150000000')" in out.stdout


def test_mentions_become_spans_with_values(nlp: Any) -> None:
    doc = nlp(TEXT)
    spans = doc.spans["cn_invest_ie"]
    got = {s.label_: s for s in spans}
    money = got["MONEY"]
    assert money.text == "1104.08亿元"
    assert money._.cn_invest_ie_value == Decimal("110408000000")
    assert money._.cn_invest_ie["start"] == TEXT.index("1104.08亿元")  # exact code-point offsets kept
    assert got["PLACE"]._.cn_invest_ie_value == "达州"
    (event,) = doc._.cn_invest_ie_events
    assert event["kind"] == "aggregate" and event["amount"] == 110408000000 and event["project_count"] == 104


def test_spans_expand_to_token_boundaries() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")  # whitespace tokens: "投资1.5亿元左右" is one token, so the span expands to it
    nlp.add_pipe("cn_invest_ie")
    doc = nlp("投资1.5亿元左右 达州")
    (money,) = [s for s in doc.spans["cn_invest_ie"] if s.label_ == "MONEY"]
    assert money.text == "投资1.5亿元左右"
    assert money._.cn_invest_ie["text"] == "1.5亿元" and money._.cn_invest_ie_value == Decimal("150000000")


def test_results_survive_multiprocessing_and_docbin(nlp: Any) -> None:
    from spacy.tokens import DocBin

    texts = [TEXT, "开江县投资2亿元的项目投产。"]
    serial = [nlp(t) for t in texts]
    parallel = list(nlp.pipe(texts, n_process=2))

    def view(doc: Any) -> Any:
        return ([(s.text, s.label_, s._.cn_invest_ie_value) for s in doc.spans["cn_invest_ie"]],
                doc._.cn_invest_ie)

    assert [view(d) for d in parallel] == [view(d) for d in serial]
    data = DocBin(store_user_data=True, docs=parallel).to_bytes()
    restored = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [view(d) for d in restored] == [view(d) for d in serial]


def test_per_doc_publication_date(nlp: Any) -> None:
    doc = nlp.make_doc("11月30日签约，总投资5亿元。")
    doc._.cn_invest_ie_published = "2022-03-01"
    doc = nlp.get_pipe("cn_invest_ie")(doc)
    (date,) = [s for s in doc.spans["cn_invest_ie"] if s.label_ == "DATE"]
    assert date._.cn_invest_ie_value == "2021-11-30"
