"""Run the extractor on Dask: bags of records and dataframe partitions.

>>> import json, dask.bag as db                                                    # doctest: +SKIP
>>> from cn_invest_ie.integrations.dask import extract_bag, extract_dataframe      # doctest: +SKIP
>>> docs = extract_bag(db.read_text("releases/*.jsonl").map(json.loads))           # doctest: +SKIP
>>> docs.map(json.dumps, ensure_ascii=False).to_textfiles("out/*.jsonl")           # doctest: +SKIP

Resources are built once per worker process: the first partition that a process runs builds one
:class:`~cn_invest_ie.Extractor` for its :class:`~cn_invest_ie.Config` (:func:`worker_extractor`) and every later
partition in that process reuses it. Nothing is built at import, on the client, or for an empty partition.

Results equal the single-process run: :func:`extract_bag` yields exactly
``Extractor(config).extract(text, published=..., id=...).to_dict()``; :func:`extract_dataframe` and
:func:`extract_pandas` hold the same ``mentions`` and ``events`` lists as compact JSON strings.

Importing this module imports neither dask nor pandas; the functions that need them import them. The pandas-level
helpers here (:func:`worker_extractor`, :func:`extract_pandas`) are also what the Spark adapter runs on its workers.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from cn_invest_ie.api import Config, Extractor

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

#: Columns of :func:`extract_dataframe` / :func:`extract_pandas` output, all of pandas dtype ``"string"``.
COLUMNS = ("id", "published", "mentions_json", "events_json")

_EXTRACTORS: dict[Config, Extractor] = {}
_LOCK = threading.Lock()


def worker_extractor(config: Config | None = None) -> Extractor:
    """This process's warmed-up :class:`Extractor` for ``config``, built on the first call and then reused.

    The cache is per process and keyed by the (hashable, frozen) ``Config``; it is filled lazily, under a lock so
    that the threads of one worker share a single instance, and never at import.
    """
    config = config or Config()
    ex = _EXTRACTORS.get(config)
    if ex is None:
        with _LOCK:
            ex = _EXTRACTORS.get(config)
            if ex is None:
                ex = Extractor(config).warm_up()
                _EXTRACTORS[config] = ex
    return ex


def extract_record(
    record: str | Mapping[str, Any], config: Config | None = None, *,
    text_key: str = "text", id_key: str = "id", published_key: str = "published",
) -> dict[str, Any]:
    """``Document.to_dict()`` for one text or ``{"id", "text", "published"}`` record, with this process's extractor.

    A record whose text is missing or null raises ``ValueError`` naming its id; other keys of the record are ignored.
    """
    ex = worker_extractor(config)
    if isinstance(record, str):
        return ex.extract(record).to_dict()
    text = record.get(text_key)
    if text is None or _missing(text):
        raise ValueError(f"record id={record.get(id_key)!r} has no text in {text_key!r}")
    published = _as_published(record.get(published_key))
    return ex.extract(text, published=published, id=record.get(id_key)).to_dict()


def _extract_partition(
    records: Iterable[str | Mapping[str, Any]], config: Config | None, text_key: str, id_key: str, published_key: str,
) -> list[dict[str, Any]]:
    return [extract_record(r, config, text_key=text_key, id_key=id_key, published_key=published_key) for r in records]


def extract_bag(
    bag: dask.bag.Bag, config: Config | None = None, *,
    text_key: str = "text", id_key: str = "id", published_key: str = "published",
) -> dask.bag.Bag:
    """A bag of ``Document.to_dict()`` results, one per input element, in the input's order.

    Elements are texts or mappings with ``text_key`` (required), ``id_key`` and ``published_key`` (ISO date or
    ``None``); e.g. ``db.read_text("*.jsonl").map(json.loads)``. Lazy: nothing runs until the bag is computed.
    """
    func = partial(_extract_partition, config=config, text_key=text_key, id_key=id_key, published_key=published_key)
    return bag.map_partitions(func)


def extract_pandas(
    frame: pandas.DataFrame, config: Config | None = None, *,
    text_col: str = "text", id_col: str | None = "id", published_col: str | None = "published",
) -> pandas.DataFrame:
    """One row per row of ``frame`` (same index): ``id``, ``published``, ``mentions_json``, ``events_json``.

    Every column has pandas dtype ``"string"`` (missing values are ``pd.NA``). ``id`` is the input id as text
    (``5`` → ``"5"``); ``published`` is the ISO date the extractor used (date and timestamp columns become
    ``YYYY-MM-DD``); the JSON columns are ``json.dumps`` of ``Document.to_dict()``'s ``mentions`` and ``events``
    (compact, UTF-8 kept). ``id_col`` / ``published_col`` may be ``None`` when the frame has no such column; a named
    column that is absent raises ``KeyError``; a null text raises ``ValueError``. An empty frame builds nothing.
    """
    import pandas as pd

    out: dict[str, list[str | None]] = {c: [] for c in COLUMNS}
    for d in _frame_dicts(frame, config, text_col, id_col, published_col):
        out["id"].append(d["id"])
        out["published"].append(d["published"])
        out["mentions_json"].append(_dumps(d["mentions"]))
        out["events_json"].append(_dumps(d["events"]))
    return pd.DataFrame({c: pd.Series(v, index=frame.index, dtype="string") for c, v in out.items()},
                        index=frame.index, columns=list(COLUMNS))


def _frame_dicts(
    frame: pandas.DataFrame, config: Config | None, text_col: str, id_col: str | None, published_col: str | None,
) -> Iterator[dict[str, Any]]:
    """``Document.to_dict()`` for each row of ``frame``, in order (the rules of :func:`extract_pandas`)."""
    _check_columns(frame.columns, text_col, id_col, published_col)
    n = len(frame)
    if not n:
        return
    texts = frame[text_col].tolist()
    ids = frame[id_col].tolist() if id_col is not None else [None] * n
    dates = frame[published_col].tolist() if published_col is not None else [None] * n
    ex = worker_extractor(config)
    for text, id_, published in zip(texts, ids, dates, strict=True):
        doc_id = None if _missing(id_) else str(id_)
        if _missing(text):
            raise ValueError(f"row id={doc_id!r} has no text in column {text_col!r}")
        yield ex.extract(text, published=_as_published(published), id=doc_id).to_dict()


def extract_dataframe(
    ddf: dask.dataframe.DataFrame, config: Config | None = None, *,
    text_col: str = "text", id_col: str | None = "id", published_col: str | None = "published",
) -> dask.dataframe.DataFrame:
    """:func:`extract_pandas` on every partition: a lazy dataframe with the fixed columns :data:`COLUMNS`.

    The meta is known without computing anything (four ``"string"`` columns, the input's index), so the result can
    go straight to ``to_parquet``; rows keep the input's index and partitions, so ``ddf.join(result)`` lines up.
    """
    _check_columns(ddf.columns, text_col, id_col, published_col)
    func = partial(extract_pandas, config=config, text_col=text_col, id_col=id_col, published_col=published_col)
    meta = func(ddf._meta)  # empty frame in, empty frame with the output dtypes out; builds no extractor
    return ddf.map_partitions(func, meta=meta)


def _check_columns(columns: Iterable[Any], text_col: str, id_col: str | None, published_col: str | None) -> None:
    present = set(columns)
    missing = [c for c in (text_col, id_col, published_col) if c is not None and c not in present]
    if missing:
        raise KeyError(f"column(s) {missing} not in {sorted(map(str, present))}; pass None for an absent id/published")


def _missing(value: Any) -> bool:
    """``None``, NaN, ``NaT`` and ``pd.NA`` (whose comparisons are themselves NA, so ``bool`` of them raises)."""
    if value is None:
        return True
    if isinstance(value, str):
        return False
    try:
        return bool(value != value)
    except TypeError:
        return True
    except ValueError:  # an array: not a null, and not a text either (the extractor says so)
        return False


def _as_published(value: Any) -> str | None:
    """An ISO date for the extractor: strings as they are, dates and timestamps as ``YYYY-MM-DD``, nulls as ``None``."""
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
