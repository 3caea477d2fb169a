"""Spark adapter: same output as the single-process run, on ``local[2]``.

Skips when pyspark, pandas or pyarrow is not installed or no Java runtime is found (CI installs ``.[test]``, which
has no pyspark); install ``.[spark]`` and a JDK (17+ for pyspark 4) to run it.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cn_invest_ie import Config, Extractor, Label
from cn_invest_ie.integrations import spark as cn_spark

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "invest_corpus.jsonl"


def _records() -> list[dict[str, Any]]:
    recs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = [{"id": r["id"], "text": r["text"], "published": r.get("published")} for r in recs]
    out.append({"id": "no-date", "text": "11月30日，达州市签约项目3个，总投资1.5亿元。", "published": None})
    out.append({"id": "usd", "text": "引进外资项目2个，总投资1.25亿美元。", "published": "2024-03-01"})
    return out


RECORDS = _records()


def test_importing_the_adapter_imports_no_pyspark_or_pandas() -> None:
    code = (
        "import sys, cn_invest_ie.integrations.spark as s\n"
        "print([m for m in ('pyspark', 'py4j', 'pandas', 'pyarrow', 'dask') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_schemas_are_ddl_strings() -> None:
    assert cn_spark.SCHEMA == "id STRING, published STRING, mentions_json STRING, events_json STRING"
    assert cn_spark._EVENT_COLUMNS[:3] == ["id", "published", "event_index"]
    assert "date" in cn_spark._EVENT_COLUMNS and len(cn_spark._EVENT_COLUMNS) == 16


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    sql = pytest.importorskip("pyspark.sql")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("no Java runtime (java on PATH or JAVA_HOME)")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    try:
        session = (
            sql.SparkSession.builder.master("local[2]").appName("cn_invest_ie-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.memory", "1g")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "8")  # several Arrow batches per partition
            .getOrCreate()
        )
    except Exception as exc:  # e.g. a Java too old for this pyspark
        pytest.skip(f"cannot start Spark: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _input(spark: Any, records: list[dict[str, Any]]) -> Any:
    rows = [(r["id"], r["text"], r["published"]) for r in records]
    return spark.createDataFrame(rows, "id STRING, text STRING, published STRING").repartition(2)


def test_documents_equal_single_process(spark: Any, extractor: Extractor) -> None:
    result = cn_spark.extract_spark(_input(spark, RECORDS))
    assert [f.name for f in result.schema.fields] == ["id", "published", "mentions_json", "events_json"]
    rows = {r["id"]: r for r in result.collect()}
    assert sorted(rows) == sorted(r["id"] for r in RECORDS)
    for rec in RECORDS:
        exp = extractor.extract(rec["text"], published=rec["published"], id=rec["id"]).to_dict()
        row = rows[rec["id"]]
        assert row["published"] == exp["published"]
        assert json.loads(row["mentions_json"]) == exp["mentions"]
        assert json.loads(row["events_json"]) == exp["events"]


def test_events_rows_equal_single_process(spark: Any, extractor: Extractor) -> None:
    got = sorted((r.asDict() for r in cn_spark.extract_spark_events(_input(spark, RECORDS)).collect()),
                 key=lambda r: (r["id"], r["event_index"]))
    want = []
    for rec in sorted(RECORDS, key=lambda r: r["id"]):
        d = extractor.extract(rec["text"], published=rec["published"], id=rec["id"]).to_dict()
        for i, e in enumerate(d["events"]):
            want.append((rec["id"], i, e))
    assert [(r["id"], r["event_index"]) for r in got] == [(i, n) for i, n, _ in want]
    for row, (_, _, e) in zip(got, want, strict=True):
        for key in ("kind", "stage", "place", "project", "investor", "currency", "project_count", "date"):
            assert row[key] == e[key], key
        assert row["place_code"] == e.get("place_code")
        assert row["amount"] == (None if e["amount"] is None else Decimal(repr(e["amount"])))
        assert [row["sentence_start"], row["sentence_end"]] == e.get("sentence", [None, None])
        assert (None if row["evidence_json"] is None else json.loads(row["evidence_json"])) == e.get("evidence")
    assert any(r["currency"] == "USD" and r["amount"] == Decimal("125000000") for r in got)


def test_typed_columns_and_config(spark: Any) -> None:
    text = RECORDS[0]["text"]
    df = spark.createDataFrame([(7, text, datetime.date(2023, 6, 16)), (8, text, None)],
                               "n BIGINT, body STRING, day DATE")
    config = Config(labels=frozenset({Label.MONEY}), events=False)
    rows = sorted(cn_spark.extract_spark(df, config, text_col="body", id_col="n", published_col="day").collect())
    exp = Extractor(config).extract(text, published="2023-06-16", id="7").to_dict()
    assert [(r["id"], r["published"]) for r in rows] == [("7", "2023-06-16"), ("8", None)]
    assert json.loads(rows[0]["mentions_json"]) == exp["mentions"] and rows[0]["events_json"] == "[]"
    with pytest.raises(KeyError, match="published"):
        cn_spark.extract_spark(df, text_col="body", id_col="n")
