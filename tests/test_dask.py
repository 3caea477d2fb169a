"""Dask adapter: same output as the single-process run, on a real LocalCluster; one extractor per worker process.

The cluster tests skip when dask[distributed,dataframe] is not installed; the pandas-level tests only need pandas.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cn_invest_ie import Config, Extractor, Label
from cn_invest_ie.integrations import dask as cn_dask

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "invest_corpus.jsonl"


def _records() -> list[dict[str, Any]]:
    recs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = [{"id": r["id"], "text": r["text"], "published": r.get("published")} for r in recs]
    out.append({"id": "no-date", "text": "11月30日，达州市签约项目3个，总投资1.5亿元。", "published": None})
    out.append({"id": "empty", "text": "", "published": "2024-01-01"})
    return out


RECORDS = _records()


def _expected(records: list[dict[str, Any]], ex: Extractor) -> list[dict[str, Any]]:
    """The single-process run the adapters must equal."""
    return [ex.extract(r["text"], published=r["published"], id=r["id"]).to_dict() for r in records]


@pytest.fixture(scope="module")
def expected(extractor: Extractor) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in _expected(RECORDS, extractor)}


def test_importing_the_adapter_imports_no_dask_or_pandas() -> None:
    code = (
        "import sys, cn_invest_ie, cn_invest_ie.integrations.dask\n"
        "print([m for m in ('dask', 'distributed', 'pandas', 'pyarrow', 'numpy') if m in sys.modules])\n"
        "print(len(cn_invest_ie.integrations.dask._EXTRACTORS))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "0"]


def test_extract_record_equals_single_process(extractor: Extractor, expected: dict[str, dict[str, Any]]) -> None:
    assert [cn_dask.extract_record(r) for r in RECORDS] == [expected[r["id"]] for r in RECORDS]
    assert cn_dask.extract_record(RECORDS[0]["text"]) == extractor.extract(RECORDS[0]["text"]).to_dict()


def test_extract_record_keys_dates_and_missing_text(extractor: Extractor) -> None:
    rec = {"doc": "d1", "body": RECORDS[0]["text"], "day": datetime.date(2023, 6, 16)}
    got = cn_dask.extract_record(rec, text_key="body", id_key="doc", published_key="day")
    assert got == extractor.extract(rec["body"], published="2023-06-16", id="d1").to_dict()
    with pytest.raises(ValueError, match="id='x'"):
        cn_dask.extract_record({"id": "x", "text": None})


def test_worker_extractor_is_built_once_per_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cn_dask, "_EXTRACTORS", {})
    a = cn_dask.worker_extractor()
    assert cn_dask.worker_extractor(Config()) is a
    money_only = Config(labels=frozenset({Label.MONEY}), events=False)
    b = cn_dask.worker_extractor(money_only)
    assert b is not a and b.config == money_only and cn_dask.worker_extractor(money_only) is b
    assert len(cn_dask._EXTRACTORS) == 2


# -- pandas level (what each Dask and Spark partition runs) --

def test_extract_pandas_equals_single_process(expected: dict[str, dict[str, Any]]) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(RECORDS[:6], index=[10, 11, 12, 13, 14, 15])
    out = cn_dask.extract_pandas(frame)
    assert list(out.columns) == list(cn_dask.COLUMNS)
    assert all(str(t) == "string" for t in out.dtypes)
    assert list(out.index) == list(frame.index)
    for (_, row), rec in zip(out.iterrows(), RECORDS[:6], strict=True):
        exp = expected[rec["id"]]
        assert row["id"] == exp["id"] and row["published"] == exp["published"]
        assert json.loads(row["mentions_json"]) == exp["mentions"]
        assert json.loads(row["events_json"]) == exp["events"]


def test_extract_pandas_ids_dates_and_absent_columns(extractor: Extractor) -> None:
    pd = pytest.importorskip("pandas")
    text = RECORDS[0]["text"]
    frame = pd.DataFrame({"text": [text, text], "n": [7, 8],
                          "day": [pd.Timestamp("2023-06-16 08:30"), pd.NaT]})
    out = cn_dask.extract_pandas(frame, id_col="n", published_col="day")
    assert out["id"].tolist() == ["7", "8"]
    assert out["published"].tolist()[0] == "2023-06-16" and out["published"].isna().tolist() == [False, True]
    exp = extractor.extract(text, published="2023-06-16", id="7").to_dict()
    assert json.loads(out["events_json"][0]) == exp["events"]
    bare = cn_dask.extract_pandas(frame[["text"]], id_col=None, published_col=None)
    assert bare["id"].isna().all() and bare["published"].isna().all()
    with pytest.raises(KeyError, match="published"):
        cn_dask.extract_pandas(frame[["text"]], id_col=None)
    with pytest.raises(ValueError, match="no text"):
        cn_dask.extract_pandas(pd.DataFrame({"text": [None], "id": ["x"], "published": [None]}))


def test_empty_partition_builds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    pd = pytest.importorskip("pandas")
    monkeypatch.setattr(cn_dask, "_EXTRACTORS", {})
    out = cn_dask.extract_pandas(pd.DataFrame({"text": [], "id": [], "published": []}))
    assert len(out) == 0 and list(out.columns) == list(cn_dask.COLUMNS)
    assert cn_dask._EXTRACTORS == {}


# -- on a real cluster: two worker processes, one thread each --

@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    pytest.importorskip("dask.bag")
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  memory_limit="2GiB") as cluster, distributed.Client(cluster) as c:
        yield c


def test_bag_from_jsonl_shards_equals_single_process(
    client: Any, tmp_path: Path, expected: dict[str, dict[str, Any]]
) -> None:
    import dask.bag as db

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):  # three shards, as on object storage
        lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS[i::3]]
        (src / f"part-{i}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    bag = db.read_text(str(src / "*.jsonl")).map(json.loads)
    docs = cn_dask.extract_bag(bag)
    docs.map(json.dumps, ensure_ascii=False).to_textfiles(str(tmp_path / "out" / "*.jsonl"))
    got = [json.loads(line) for p in sorted((tmp_path / "out").glob("*.jsonl"))
           for line in p.read_text(encoding="utf-8").splitlines()]
    assert got == [expected[r["id"]] for i in range(3) for r in RECORDS[i::3]]
    assert docs.compute() == got  # the bag itself holds exactly the to_dict() results, in input order


def test_dataframe_parquet_round_trip_equals_single_process(
    client: Any, tmp_path: Path, expected: dict[str, dict[str, Any]]
) -> None:
    import dask.dataframe as dd
    import pandas as pd

    pd.DataFrame(RECORDS).to_parquet(tmp_path / "in.parquet")
    ddf = dd.read_parquet(str(tmp_path / "in.parquet")).repartition(npartitions=4)
    result = cn_dask.extract_dataframe(ddf)
    assert list(result.columns) == list(cn_dask.COLUMNS)
    assert all(str(t) == "string" for t in result.dtypes)  # the fixed meta, known before computing
    result.to_parquet(str(tmp_path / "out"))
    back = pd.read_parquet(tmp_path / "out")
    assert back["id"].tolist() == [r["id"] for r in RECORDS]
    for _, row in back.iterrows():
        exp = expected[row["id"]]
        assert (None if pd.isna(row["published"]) else row["published"]) == exp["published"]
        assert json.loads(row["mentions_json"]) == exp["mentions"]
        assert json.loads(row["events_json"]) == exp["events"]


def test_config_travels_and_each_worker_builds_one_extractor_per_config(client: Any) -> None:
    import dask.bag as db

    def _cache_sizes() -> int:  # defined here so that it is pickled by value, not imported on the workers
        from cn_invest_ie.integrations import dask as mod

        return len(mod._EXTRACTORS)

    config = Config(labels=frozenset({Label.MONEY, Label.DATE}), events=False)
    before = client.run(_cache_sizes)
    got = cn_dask.extract_bag(db.from_sequence(RECORDS, npartitions=6), config).compute()
    assert got == _expected(RECORDS, Extractor(config))
    after = client.run(_cache_sizes)
    assert all(after[w] - before[w] <= 1 for w in after)  # six partitions, at most one new extractor per process
    assert sum(after.values()) - sum(before.values()) >= 1
