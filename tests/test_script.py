"""Traditional-to-simplified decision: the shortcut that skips OpenCC never changes a result."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cn_invest_ie.text.script import Simplifier

opencc = pytest.importorskip("opencc")

_MIXED = "这個项目總投资億元於臺灣开工建設签约產業園區台湾发展發展经济經濟，。0123456789 abc"


def _without_shortcut() -> Simplifier:
    simplifier = Simplifier()
    simplifier._converter()
    simplifier._traditional = None
    return simplifier


_FAST, _SLOW = Simplifier(), _without_shortcut()


def test_traditional_characters_known() -> None:
    simplifier = Simplifier()
    simplifier._converter()
    assert simplifier._traditional is not None
    assert {"這", "項", "臺", "經"} <= simplifier._traditional
    assert not {"这", "项", "台", "经", "a", "1"} & simplifier._traditional


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_MIXED, max_size=60))
def test_shortcut_gives_the_same_text(text: str) -> None:
    assert _FAST(text) == _SLOW(text)


def test_traditional_document_converted_simplified_untouched() -> None:
    simplifier = Simplifier()
    assert simplifier("這個項目總投資3億元，於臺灣開工建設") == "这个项目总投资3亿元，于台湾开工建设"
    assert simplifier("这个项目总投资3亿元") == "这个项目总投资3亿元"
