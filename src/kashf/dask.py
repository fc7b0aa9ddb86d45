"""Run restore/extract inside Dask, partition by partition (``pip install 'kashf[dask]'``).

The same pure functions as ``kashf batch``, run by Dask's own scheduler: the threaded one on a
laptop, or a ``dask.distributed`` cluster when a :class:`distributed.Client` is active. Nothing
here starts, sizes or talks to a cluster; connect a client and call the same functions::

    import dask.dataframe as dd
    from dask.distributed import Client
    import kashf.dask as kd

    client = Client("tcp://scheduler:8786")          # or Client() for a LocalCluster
    posts = dd.read_parquet("posts/*.parquet")        # columns: id, text, date
    events = kd.extract_dataframe(posts)              # lazy; one row per event
    events.to_csv("events-*.csv", index=False)        # the CSV columns of `kashf batch`

Output columns are :data:`kashf.extract.records.RECORD_COLUMNS` (the CSV output's columns, in
order), with dtypes declared up front (:data:`EVENT_DTYPES`), so Dask never has to guess
them by running a partition. Each event keeps the index label of the input row it came from.

Bad rows are never dropped silently. :func:`extract_dataframe` raises :class:`RowFailed`
(naming the partition, the index label and the reason, in the words of ``kashf batch``);
:func:`extract_dataframe_with_errors` instead returns the events and the bad rows as two lazy
frames built on one shared graph, so ``dask.compute(res.events, res.errors)`` extracts once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypedDict, cast

try:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd  # type: ignore[import-untyped]
    from dask.delayed import delayed
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("kashf.dask needs Dask: pip install 'kashf[dask]'") from exc

from kashf.extract.records import RECORD_COLUMNS
from kashf.io.processors import Done, Dtype, Task, get_task, process_rows
from kashf.io.rows import (
    DEFAULT_MAX_TEXT_CHARS,
    ColumnSpec,
    InputRow,
    RawItem,
    RowError,
    missing_columns,
    parse_item,
    row_from_fields,
)
from kashf.io.writers import table_cell

if TYPE_CHECKING:
    from typing_extensions import Unpack

TaskName = Literal["extract", "restore"]
# The task registry's column types, so ``to_parquet`` gives the schema of ``kashf batch``;
# integers are nullable: "no count given" stays missing, never 0 or NaN.
_PANDAS: dict[Dtype, Any] = {"int": pd.Int64Dtype(), "float": "float64", "str": pd.StringDtype()}


def _dtypes(task: Task, keep: Sequence[str] = ()) -> dict[str, Any]:
    columns = dict.fromkeys((*task.columns, *keep))
    return {c: _PANDAS[task.dtypes.get(c, "str")] for c in columns}


EVENT_DTYPES: dict[str, Any] = _dtypes(get_task("extract"))
RESTORE_DTYPES: dict[str, Any] = _dtypes(get_task("restore"))
ERROR_COLUMNS: tuple[str, ...] = ("id", "partition", "index", "reason", "excerpt")
ERROR_DTYPES: dict[str, Any] = {
    c: pd.Int64Dtype() if c == "partition" else pd.StringDtype() for c in ERROR_COLUMNS
}
# Internal columns of the combined frame (records and errors side by side, one graph).
_ERR = {c: f"kashf_error_{c}" for c in ERROR_COLUMNS}


class RowFailed(ValueError):
    """A row could not be read or processed (raised by the error-raising functions)."""


class Results(NamedTuple):
    """Events and bad rows of one run: two lazy frames sharing one graph."""

    events: dd.DataFrame
    errors: dd.DataFrame


@dataclass(frozen=True)
class _Job:
    task: TaskName  # by name: looked up where the partition runs
    spec: ColumnSpec
    collect: bool  # True: bad rows become error rows; False: the first raises RowFailed

    @property
    def dtypes(self) -> dict[str, Any]:
        return _dtypes(get_task(self.task), self.spec.keep)

    @property
    def frame_dtypes(self) -> dict[str, Any]:
        if not self.collect:
            return self.dtypes
        errors = {_ERR[c]: ERROR_DTYPES[c] for c in ERROR_COLUMNS if c != "id"}
        return {**self.dtypes, **errors}


# --- one partition (plain pandas: what runs on a worker) -------------------------------------


def _scalar(value: Any) -> Any:
    """A cell as the row checks expect it: missing values as None, numpy scalars as Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    item = getattr(value, "item", None)  # numpy scalars (a bag of numpy values, say)
    if callable(item) and type(value).__module__ == "numpy":
        return item()
    return value


def _empty(dtypes: Mapping[str, Any], index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series([], dtype=t, index=index[:0]) for c, t in dtypes.items()},
        index=index[:0],
    )


def _check(
    label: Any, payload: Mapping[str, Any] | bytes, position: int, spec: ColumnSpec
) -> InputRow | RowError:
    if isinstance(payload, bytes):  # a JSON line: the batch runner's own checks and messages
        return parse_item(RawItem(position, 0, payload), spec)
    fields = {k: _scalar(v) for k, v in payload.items()}
    if fields.get(spec.id) is None and not spec.id_required:
        fields[spec.id] = str(label)  # no id: the row's index label names it
    return row_from_fields(fields, spec, position, 0)


def _frame(
    rows: Sequence[tuple[Any, Mapping[str, Any] | bytes]],
    job: _Job,
    partition: int,
    index_meta: pd.Index,
) -> pd.DataFrame:
    """Process ``(index label, fields or JSON line)`` rows into a frame of ``job.frame_dtypes``."""
    labels = [label for label, _ in rows]
    checked = (_check(lb, payload, n, job.spec) for n, (lb, payload) in enumerate(rows, 1))
    out: list[dict[str, Any]] = []
    out_labels: list[Any] = []
    columns = list(job.dtypes)
    for position, result in enumerate(process_rows(checked, get_task(job.task)), start=1):
        label = labels[position - 1]
        if isinstance(result, Done):
            out.extend({c: table_cell(rec.get(c)) for c in columns} for rec in result.records)
            out_labels.extend([label] * len(result.records))
            continue
        # The reasons say "row N: ..." with N the position in this partition; the partition
        # and index label say more to a Dask user.
        reason = result.error.reason.removeprefix(f"row {position}: ")
        if not job.collect:
            raise RowFailed(f"partition {partition}, index {label!r}: {reason}")
        out.append(
            {
                "id": result.error.id,
                _ERR["partition"]: partition,
                _ERR["index"]: str(label),
                _ERR["reason"]: reason,
                _ERR["excerpt"]: result.error.excerpt,
            }
        )
        out_labels.append(label)
    dtypes = job.frame_dtypes
    if not out:
        return _empty(dtypes, index_meta)
    index = pd.Index(out_labels, dtype=index_meta.dtype, name=index_meta.name)
    frame = pd.DataFrame.from_records(out, columns=list(dtypes), index=index)
    return frame.astype(dtypes)


def process_partition(
    df: pd.DataFrame,
    job: _Job,
    partition_info: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """One pandas partition in, its records out (run by Dask on a worker)."""
    partition = int(partition_info["number"]) if partition_info else 0
    missing = missing_columns(list(map(str, df.columns)), job.spec, "text_col=")
    if missing:
        raise RowFailed(f"partition {partition}: {missing}")
    wanted = [c for c in job.spec.fields() if c in df]
    values = {c: df[c].tolist() for c in wanted}  # Python scalars, not numpy ones
    rows = [(label, {c: values[c][i] for c in wanted}) for i, label in enumerate(df.index.tolist())]
    return _frame(rows, job, partition, df.index)


# --- Dask collections ----------------------------------------------------------------------


class Columns(TypedDict, total=False):
    """Where each row's fields are: ``text_col`` (default ``text``); ``id_col``/``date_col``
    default to ``id``/``date`` when present, and naming them makes them required (a row
    without an id is named by its index label); ``keep``: more columns copied into every record
    (each record also carries its row's ``source``/``url``/... columns, as in ``kashf batch``)."""

    text_col: str
    id_col: str | None
    date_col: str | None
    max_text_chars: int | None
    keep: Sequence[str]


def _job(task: TaskName, columns: Columns, collect: bool) -> _Job:
    id_col, date_col = columns.get("id_col"), columns.get("date_col")
    spec = ColumnSpec(
        text=columns.get("text_col", "text"),
        id=id_col or "id",
        date=date_col or "date",
        id_required=id_col is not None,
        date_required=date_col is not None,
        max_text_chars=columns.get("max_text_chars") or DEFAULT_MAX_TEXT_CHARS,
        keep=tuple(columns.get("keep", ())),
    )
    return _Job(task, spec, collect)


def _run_dataframe(ddf: dd.DataFrame, job: _Job) -> dd.DataFrame:
    missing = missing_columns(list(map(str, ddf.columns)), job.spec, "text_col=")
    if missing:
        raise ValueError(missing)
    meta = _empty(job.frame_dtypes, ddf._meta.index)
    # Events keep their input row's index label, in input order: the divisions still hold.
    out = ddf.map_partitions(  # type: ignore[no-untyped-call]
        process_partition, job, meta=meta, enforce_metadata=False
    )
    return cast(dd.DataFrame, out)


def _split(frame: dd.DataFrame, dtypes: Mapping[str, Any]) -> Results:
    failed = ~frame[_ERR["reason"]].isna()
    events = frame[~failed][list(dtypes)]
    errors = frame[failed][["id", *(_ERR[c] for c in ERROR_COLUMNS if c != "id")]]
    errors = errors.rename(columns={v: k for k, v in _ERR.items() if k != "id"})
    return Results(events, errors)


def extract_dataframe(ddf: dd.DataFrame, **columns: Unpack[Columns]) -> dd.DataFrame:
    """Events of every row of ``ddf`` (lazy): columns ``RECORD_COLUMNS``, one row per event
    (see :class:`Columns`). A bad row raises :class:`RowFailed` when computed; see
    :func:`extract_dataframe_with_errors`."""
    return _run_dataframe(ddf, _job("extract", columns, collect=False))


def extract_dataframe_with_errors(ddf: dd.DataFrame, **columns: Unpack[Columns]) -> Results:
    """Events and bad rows (``ERROR_COLUMNS``: id, partition, index, reason, excerpt)."""
    job = _job("extract", columns, collect=True)
    return _split(_run_dataframe(ddf, job), job.dtypes)


def restore_dataframe(ddf: dd.DataFrame, **columns: Unpack[Columns]) -> dd.DataFrame:
    """One row per input row: ``id, text, score, edits`` (edits as a JSON array string)."""
    return _run_dataframe(ddf, _job("restore", columns, collect=False))


# --- Dask bags -----------------------------------------------------------------------------

_BAG_INDEX = pd.Index([], dtype="int64")


def _bag_partition(items: Sequence[Any], job: _Job, partition: int) -> pd.DataFrame:
    # Labels are 1-based positions in the partition: the row number the row checks quote; a
    # bare text (or something that is not one: the row check says so) is the text field.
    rows = [
        (n, item if isinstance(item, (Mapping, bytes)) else {job.spec.text: item})
        for n, item in enumerate(items, start=1)
    ]
    return _frame(rows, job, partition, _BAG_INDEX)


def _run_bag(bag: db.Bag, job: _Job) -> dd.DataFrame:
    parts = [
        delayed(_bag_partition)(part, job, number)
        for number, part in enumerate(bag.to_delayed(optimize_graph=True))  # type: ignore[no-untyped-call]
    ]
    meta = _empty(job.frame_dtypes, _BAG_INDEX)
    return cast(dd.DataFrame, dd.from_delayed(parts, meta=meta, verify_meta=False))


def extract_bag(bag: db.Bag, **columns: Unpack[Columns]) -> dd.DataFrame:
    """Events of a bag of reports: dicts (``{"id", "text", "date"}``), JSON lines as bytes
    (see :func:`read_jsonl`) or bare texts.

    The frame's index is each item's 1-based position in its bag partition; a report without
    an id is named by that position. A bad item raises :class:`RowFailed` when computed.
    """
    return _run_bag(bag, _job("extract", columns, collect=False))


def extract_bag_with_errors(bag: db.Bag, **columns: Unpack[Columns]) -> Results:
    """Events and bad items of a bag, as :func:`extract_dataframe_with_errors`."""
    job = _job("extract", columns, collect=True)
    return _split(_run_bag(bag, job), job.dtypes)


def read_jsonl(urlpath: str | Sequence[str], *, blocksize: int | str | None = "64MiB") -> db.Bag:
    """A bag of the JSON lines of ``urlpath`` (local paths, globs, or any fsspec URL), as bytes.

    The lines are parsed partition-wise by the extract functions with the checks of
    ``kashf batch``: a line that is not UTF-8, not JSON or not an object becomes a row error
    naming the problem, instead of an exception that stops the whole graph.
    """
    lines = db.read_text(  # type: ignore[no-untyped-call]
        urlpath, blocksize=blocksize, encoding="utf-8", errors="surrogateescape"
    )
    return cast(db.Bag, lines.map(_line_bytes).filter(bool))


def _line_bytes(line: str) -> bytes:
    # surrogateescape both ways: invalid bytes come back as they were, for the UTF-8 check.
    return line.rstrip("\r\n").encode("utf-8", "surrogateescape").strip()


def merge_events(events: dd.DataFrame, npartitions: int | None = None) -> dd.DataFrame:
    """One row per real-world event out of a frame of per-report event records (lazy): the rows
    ``kashf merge`` writes, computed inside Dask (a shuffle on the governorate, then
    :func:`kashf.merge_events` per partition; no kashf cluster code)."""
    from kashf.merge.dask import merge_dataframe

    return merge_dataframe(events, npartitions)


__all__ = [
    "ERROR_COLUMNS",
    "ERROR_DTYPES",
    "EVENT_DTYPES",
    "RECORD_COLUMNS",
    "RESTORE_DTYPES",
    "Columns",
    "Results",
    "RowFailed",
    "extract_bag",
    "extract_bag_with_errors",
    "extract_dataframe",
    "extract_dataframe_with_errors",
    "merge_events",
    "process_partition",
    "read_jsonl",
    "restore_dataframe",
]
