"""Batches: ``extract_many(n_process=N)`` and ``extract_stream`` keep input order, read lazily, build one extractor
per worker, and a document that raises, hangs or kills its worker fails alone."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cn_invest_ie.parallel as parallel
from cn_invest_ie import Document, Extractor
from cn_invest_ie.api import Config
from cn_invest_ie.parallel import ExtractionError, Failure, extract_stream, parallel_extract

from .conftest import ROOT

CORPUS = [json.loads(line) for line in (ROOT / "corpora" / "invest_corpus.jsonl").read_text(encoding="utf-8")
          .splitlines() if line.strip()]
fork_only = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                               reason="the test patches the worker code, which only a forked worker inherits")


@pytest.fixture()
def shared_extractor(monkeypatch: pytest.MonkeyPatch, extractor: Extractor) -> Extractor:
    """Every process uses the session's warm extractor (forked workers inherit it): no start-up cost per test."""
    monkeypatch.setattr(parallel, "_make_extractor", lambda config: extractor)
    return extractor


def _docs(results: list[Any]) -> list[dict[str, Any]]:
    return [r.to_dict() for r in results]


def test_parallel_equals_sequential_in_input_order(extractor: Extractor) -> None:
    items: list[Any] = [*CORPUS, "签约项目8个，总投资120亿元。", *CORPUS[:5]]
    items[-1] = {**items[-1], "id": "last"}
    sequential = list(extractor.extract_many(items[:-6] + items[-6:]))
    parallel_docs = list(extractor.extract_many(items, n_process=2, chunksize=3))
    assert _docs(parallel_docs) == _docs(sequential)
    assert [d.text for d in parallel_docs] == [i if isinstance(i, str) else i["text"] for i in items]
    assert parallel_docs[-1].id == "last"


def test_each_worker_builds_one_extractor(tmp_path: Path) -> None:
    log = tmp_path / "built"
    items = [{"id": str(i), "text": f"总投资{i}亿元。"} for i in range(40)]
    original = parallel._make_extractor

    def counting(config: Config) -> Extractor:
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return original(config)

    parallel._make_extractor = counting  # type: ignore[assignment]
    try:
        docs = list(parallel_extract(Config(), items, n_process=2, chunksize=2))
    finally:
        parallel._make_extractor = original  # type: ignore[assignment]
    assert [d.id for d in docs] == [str(i) for i in range(40)]
    pids = log.read_text().split()
    if multiprocessing.get_start_method() == "fork":  # a spawned worker would not see the patch
        assert len(pids) == len(set(pids)) == 2
        assert str(os.getpid()) not in pids


def test_input_is_read_lazily(shared_extractor: Extractor) -> None:
    pulled = 0

    def items() -> Iterator[str]:
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            yield f"投资{i}亿元"

    stream = extract_stream(Config(), items(), n_process=2, chunksize=4)
    first = next(stream)
    assert isinstance(first, Document) and first.text == "投资0亿元"
    assert pulled <= 4 * 2 * 4 + 1
    stream.close()
    assert not multiprocessing.active_children()


def test_empty_input(shared_extractor: Extractor) -> None:
    assert list(extract_stream(Config(), [], n_process=2)) == []
    assert not multiprocessing.active_children()


def test_a_bad_item_fails_alone(shared_extractor: Extractor) -> None:
    items: list[Any] = ["总投资3亿元", {"id": "no-text"}, 42, {"id": "ok", "text": "投资5亿元"}, {"text": b"x"}]
    for n_process in (1, 2):
        results = list(extract_stream(Config(), items, n_process=n_process, chunksize=2))
        kinds = [r.kind if isinstance(r, Failure) else "doc" for r in results]
        assert kinds == ["doc", "error", "error", "doc", "error"]
        assert results[1].id == "no-text" and "'text'" in results[1].message  # type: ignore[union-attr]
        assert results[3].id == "ok"  # type: ignore[union-attr]
        assert all(isinstance(r.exception, TypeError) for r in results if isinstance(r, Failure))


def test_extract_many_raises_a_bad_items_error_in_turn(shared_extractor: Extractor) -> None:
    got: list[Document] = []
    with pytest.raises(TypeError, match="'text'"):
        for doc in shared_extractor.extract_many(["投资1亿元", "投资2亿元", {"id": "x"}, "投资3亿元"], n_process=2,
                                                 chunksize=1):
            got.append(doc)
    assert [d.text for d in got] == ["投资1亿元", "投资2亿元"]
    assert not multiprocessing.active_children()


def _misbehaving(extractor: Extractor) -> Any:
    """``_extract_item`` that hangs on ``HANG``, kills its process on ``CRASH``, is slow on ``SLOW``."""
    real = Extractor._extract_item

    def item(self: Extractor, it: Any) -> Document:
        text = it if isinstance(it, str) else it.get("text")
        if text == "HANG":
            time.sleep(3600)
        if text == "CRASH":
            os.kill(os.getpid(), signal.SIGKILL)
        if text == "SLOW":
            time.sleep(0.5)
        return real(self, it)

    return item


@fork_only
def test_timeout_fails_only_the_hanging_document(monkeypatch: pytest.MonkeyPatch,
                                                 shared_extractor: Extractor) -> None:
    monkeypatch.setattr(Extractor, "_extract_item", _misbehaving(shared_extractor))
    items = ["投资1亿元", "HANG", "投资2亿元", "投资3亿元", {"id": "h2", "text": "HANG"}, "投资4亿元"]
    t0 = time.monotonic()
    results = list(extract_stream(Config(), items, n_process=1, chunksize=4, timeout=1.0))
    elapsed = time.monotonic() - t0
    assert [r.kind if isinstance(r, Failure) else r.text for r in results] == [
        "投资1亿元", "timeout", "投资2亿元", "投资3亿元", "timeout", "投资4亿元"]
    assert results[4].id == "h2"  # type: ignore[union-attr]
    assert "longer than 1 s" in results[1].message  # type: ignore[union-attr]
    assert elapsed < 10
    assert not multiprocessing.active_children()


@fork_only
def test_a_dead_worker_fails_only_its_document(monkeypatch: pytest.MonkeyPatch, shared_extractor: Extractor) -> None:
    monkeypatch.setattr(Extractor, "_extract_item", _misbehaving(shared_extractor))
    items = ["投资1亿元", "CRASH", "投资2亿元", "CRASH", "投资3亿元"]
    results = list(extract_stream(Config(), items, n_process=2, chunksize=2))
    assert [r.kind if isinstance(r, Failure) else r.text for r in results] == [
        "投资1亿元", "crash", "投资2亿元", "crash", "投资3亿元"]
    assert "SIGKILL" in results[1].message  # type: ignore[union-attr]
    with pytest.raises(ExtractionError, match="item 1: worker process was killed"):
        list(parallel_extract(Config(), items, n_process=2))


@fork_only
def test_order_holds_when_an_early_document_is_slow(monkeypatch: pytest.MonkeyPatch,
                                                    shared_extractor: Extractor) -> None:
    monkeypatch.setattr(Extractor, "_extract_item", _misbehaving(shared_extractor))
    items = ["SLOW", *[f"投资{i}亿元" for i in range(30)]]
    results = list(extract_stream(Config(), items, n_process=2, chunksize=1))
    assert [r.text for r in results] == items  # type: ignore[union-attr]


def test_n_process_minus_one_uses_the_cpus(shared_extractor: Extractor) -> None:
    docs = list(shared_extractor.extract_many(["投资1亿元", "投资2亿元"], n_process=-1))
    assert [d.text for d in docs] == ["投资1亿元", "投资2亿元"]
