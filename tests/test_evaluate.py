"""The evaluator agrees with the reference scorer and reports errors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from cn_invest_ie.evaluate import Scorer, load_jsonl

from .conftest import SHARED, shared_missing


def _reference() -> Any:
    path = SHARED / "reference" / "score.py"
    if not path.exists():
        shared_missing("reference/score.py")
    spec = importlib.util.spec_from_file_location("reference_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _predictions(extractor: Any, gold: dict[str, Any]) -> dict[str, Any]:
    return {did: extractor.extract(g["text"], published=g.get("published"), id=did).to_dict()
            for did, g in gold.items()}


def test_agrees_with_reference_scorer(dev_path: Path, extractor: Any, tmp_path: Path) -> None:
    ref = _reference()
    gold = load_jsonl(str(dev_path))
    pred = _predictions(extractor, gold)
    # drop one document and perturb another so that the comparison covers misses and value errors too
    pred.pop(next(iter(pred)))
    ours = Scorer().score(gold, pred).to_dict()
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in pred.values()), encoding="utf-8")
    theirs = ref.score(ref.load(str(dev_path)), ref.load(str(pred_file)))
    assert ours["mentions"] == theirs["mentions"]
    assert ours["values"] == theirs["values"]
    assert ours["events"] == theirs["events"]
    assert ours["event_attributes"] == theirs["event_attributes"]
    assert ours["missing_docs"] == theirs["missing_docs"]


def test_perfect_and_empty_predictions() -> None:
    gold = {"a": {"id": "a", "text": "总投资5亿元", "mentions": [
        {"label": "MONEY", "text": "5亿元", "start": 3, "end": 6, "value": 500000000, "currency": "CNY"}],
        "events": [{"kind": "project", "amount": 500000000, "currency": "CNY", "project": None, "place": "达州市"}]}}
    perfect = Scorer().score(gold, gold)
    assert perfect.mentions["MONEY"]["f1"] == 1.0 and perfect.events["f1"] == 1.0
    empty = Scorer().score(gold, {"a": {"id": "a", "mentions": [], "events": []}})
    assert empty.mentions["MONEY"]["r"] == 0.0
    assert {e["kind"] for e in empty.errors} == {"missed", "missed event"}


def test_wrong_value_is_reported() -> None:
    gold = {"a": {"id": "a", "text": "总投资5亿元", "mentions": [
        {"label": "MONEY", "text": "5亿元", "start": 3, "end": 6, "value": 500000000, "currency": "CNY"}]}}
    pred = {"a": {"id": "a", "mentions": [
        {"label": "MONEY", "text": "5亿元", "start": 3, "end": 6, "value": 50000000, "currency": "CNY"}]}}
    report = Scorer().score(gold, pred)
    assert report.mentions["MONEY"]["f1"] == 1.0
    assert report.values["MONEY"] == 0.0
    assert report.errors[0]["kind"] == "wrong value"
