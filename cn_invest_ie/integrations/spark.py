"""Run the extractor on Spark with ``mapInPandas``: a fixed output schema, one row per document or per event.

>>> from cn_invest_ie.integrations.spark import extract_spark                      # doctest: +SKIP
>>> docs = extract_spark(spark.read.json("releases/*.jsonl"))                      # doctest: +SKIP
>>> docs.write.parquet("out/documents")                                             # doctest: +SKIP

Each Python worker process builds one :class:`~cn_invest_ie.Extractor` per :class:`~cn_invest_ie.Config` the first
time a task of it needs one, and reuses it for every later batch and task it runs (Spark reuses Python workers by
default, ``spark.python.worker.reuse``). Nothing is built at import, on the driver, or for an empty partition.

Results equal the single-process run: ``mentions_json`` / ``events_json`` are ``json.dumps`` of
``Extractor(config).extract(text, published=..., id=...).to_dict()``'s ``mentions`` and ``events``.

Importing this module imports neither pyspark nor pandas; :data:`SCHEMA` and :data:`EVENTS_SCHEMA` are Spark DDL
strings, accepted wherever Spark takes a schema (``mapInPandas``, ``spark.read.schema``, ``createDataFrame``).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from cn_invest_ie.api import Config
from cn_invest_ie.integrations.dask import _dumps, _frame_dicts, extract_pandas

if TYPE_CHECKING:
    import pandas
    from pyspark.sql import Column, DataFrame

#: One row per document: the id as text, the ISO ``published`` date the extractor used, mentions and events as JSON.
SCHEMA = "id STRING, published STRING, mentions_json STRING, events_json STRING"

#: One row per event (documents without events give no row); ``amount`` exact to 6 decimals in the currency's base
#: unit, ``sentence_*`` code-point offsets (end exclusive) into the original text, ``evidence_json`` as in ``to_dict``.
EVENTS_SCHEMA = (
    "id STRING, published STRING, event_index INT, kind STRING, stage STRING, place STRING, place_code STRING, "
    "project STRING, investor STRING, amount DECIMAL(38,6), currency STRING, project_count BIGINT, `date` STRING, "
    "sentence_start INT, sentence_end INT, evidence_json STRING"
)

_EVENT_COLUMNS = [f.strip().split(" ")[0].strip("`") for f in EVENTS_SCHEMA.split(", ")]
_EVENT_INTS = {"event_index": "Int32", "project_count": "Int64", "sentence_start": "Int32", "sentence_end": "Int32"}
_AMOUNT_STEP = decimal.Decimal("0.000001")
_AMOUNT_CONTEXT = decimal.Context(prec=38, rounding=decimal.ROUND_HALF_EVEN)


def extract_spark(
    df: DataFrame, config: Config | None = None, *,
    text_col: str = "text", id_col: str | None = "id", published_col: str | None = "published",
) -> DataFrame:
    """One row per row of ``df`` with :data:`SCHEMA`; lazy, like any Spark transformation.

    Only the three input columns are sent to Python. ``id`` is cast to text; a date or timestamp ``published``
    becomes ``yyyy-MM-dd``, any other type is cast to text. ``id_col`` / ``published_col`` may be ``None`` when
    ``df`` has no such column; a named column that is absent raises ``KeyError``; a null text fails the task
    (filter first: ``df.where(df.text.isNotNull())``).
    """
    return _inputs(df, text_col, id_col, published_col).mapInPandas(partial(_documents, config), schema=SCHEMA)


def extract_spark_events(
    df: DataFrame, config: Config | None = None, *,
    text_col: str = "text", id_col: str | None = "id", published_col: str | None = "published",
) -> DataFrame:
    """One row per extracted event with :data:`EVENTS_SCHEMA` (same inputs and rules as :func:`extract_spark`)."""
    return _inputs(df, text_col, id_col, published_col).mapInPandas(partial(_events, config), schema=EVENTS_SCHEMA)


def _inputs(df: DataFrame, text_col: str, id_col: str | None, published_col: str | None) -> DataFrame:
    from pyspark.sql import functions as F
    from pyspark.sql.types import DateType, TimestampNTZType, TimestampType

    names = set(df.columns)
    missing = [c for c in (text_col, id_col, published_col) if c is not None and c not in names]
    if missing:
        raise KeyError(f"column(s) {missing} not in {sorted(names)}; pass None for an absent id/published")
    id_expr: Column = F.col(id_col).cast("string") if id_col is not None else F.lit(None).cast("string")
    if published_col is None:
        pub_expr: Column = F.lit(None).cast("string")
    elif isinstance(df.schema[published_col].dataType, DateType | TimestampType | TimestampNTZType):
        pub_expr = F.date_format(F.col(published_col), "yyyy-MM-dd")
    else:
        pub_expr = F.col(published_col).cast("string")
    return df.select(F.col(text_col).alias("text"), id_expr.alias("id"), pub_expr.alias("published"))


def _documents(config: Config | None, batches: Iterator[pandas.DataFrame]) -> Iterator[pandas.DataFrame]:
    for batch in batches:
        if len(batch):
            yield extract_pandas(batch, config).reset_index(drop=True)


def _events(config: Config | None, batches: Iterator[pandas.DataFrame]) -> Iterator[pandas.DataFrame]:
    import pandas as pd

    for batch in batches:
        rows = [row for d in _frame_dicts(batch, config, "text", "id", "published") for row in _event_rows(d)]
        if rows:
            yield pd.DataFrame.from_records(rows, columns=_EVENT_COLUMNS).astype(_EVENT_INTS)


def _event_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for i, e in enumerate(doc["events"]):
        sentence = e.get("sentence") or (None, None)
        amount = e["amount"]
        rows.append({
            "id": doc["id"], "published": doc["published"], "event_index": i,
            "kind": e["kind"], "stage": e["stage"], "place": e["place"], "place_code": e.get("place_code"),
            "project": e["project"], "investor": e["investor"],
            "amount": None if amount is None else _exact_amount(amount),
            "currency": e["currency"], "project_count": e["project_count"], "date": e["date"],
            "sentence_start": sentence[0], "sentence_end": sentence[1],
            "evidence_json": _dumps(e["evidence"]) if "evidence" in e else None,
        })
    return rows


def _exact_amount(amount: int | float) -> decimal.Decimal:
    # to_dict's amounts are ints (exact) or floats of at most 15 significant digits, which repr recovers exactly.
    return decimal.Decimal(repr(amount)).quantize(_AMOUNT_STEP, context=_AMOUNT_CONTEXT)
