"""The one per-row loop and the task registry, shared by every entry point.

``kashf batch`` (in its worker processes), ``kashf extract``, :mod:`kashf.dask` and the
service's batch endpoint all turn rows into records with :func:`process_rows`: a checked row
goes through the task's function and comes out :class:`Done` with its records (each carrying the
row's ``meta``); a row that could not be read, or whose processing raised, comes out
:class:`Failed` with a :class:`RowError` naming it. Nothing is dropped without one.

A task is a name, a top-level (so picklable) function ``process(row) -> list[record]`` and the
columns its records have; each column's type (:func:`dtype_of`) drives the Parquet schema and the
Dask dtypes. ``kashf batch --task`` picks one by name, or any ``package.module:function`` with
the same signature (its ``columns`` attribute, else the extract columns).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from kashf.io.rows import EXCERPT_CHARS, InputRow, RowError, where

if TYPE_CHECKING:
    from kashf.extract import Report

Record = dict[str, Any]
Processor = Callable[[InputRow], list[Record]]
Dtype = Literal["int", "float", "str"]

# What `--task restore` writes: one record per row (a restoration has no events).
RESTORE_COLUMNS: tuple[str, ...] = ("id", "text", "score", "edits")
# Column types (every other column is text; a dict or list value is written as a JSON string):
# fixed up front, so a batch where a column happens to be all null still has the same schema.
INT_COLUMNS = frozenset(
    {
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "geo_precision",
        "fatalities",
        "injured",
        "evidence_start",
        "evidence_end",
        "row",
        "line",
    }
)
FLOAT_COLUMNS = frozenset({"latitude", "longitude", "confidence", "score", "similarity"})


def dtype_of(column: str) -> Dtype:
    return "int" if column in INT_COLUMNS else "float" if column in FLOAT_COLUMNS else "str"


@dataclass(frozen=True)
class Task:
    name: str
    process: Processor
    columns: tuple[str, ...]

    @property
    def dtypes(self) -> dict[str, Dtype]:
        return {c: dtype_of(c) for c in self.columns}


@dataclass(frozen=True, slots=True)
class Done:
    row: InputRow
    records: list[Record]


@dataclass(frozen=True, slots=True)
class Failed:
    error: RowError
    crashed: str | None = None  # the exception's type when the task raised (not a bad row)


def add_meta(records: list[Record], meta: Mapping[str, Any]) -> list[Record]:
    """Give each record the row's metadata, where the record has no value of its own."""
    for rec in records:
        for k, v in meta.items():
            if rec.get(k) is None:
                rec[k] = v
    return records


def process_rows(rows: Iterable[InputRow | RowError], task: Task) -> Iterator[Done | Failed]:
    """Each row's records, or why it has none; in input order, one result per row."""
    process = task.process
    for row in rows:
        if isinstance(row, RowError):
            yield Failed(row)
            continue
        try:
            records = process(row)
        except Exception as exc:  # a bug or an input the engine chokes on: report, go on
            reason = f"processing failed: {type(exc).__name__}: {exc}"
            error = RowError(
                row.row,
                row.line,
                f"{where(row.row, row.line)}: {reason}",
                row.id,
                row.text[:EXCERPT_CHARS],
            )
            yield Failed(error, type(exc).__name__)
            continue
        yield Done(row, add_meta(records, row.meta) if row.meta else records)


def extract_report(row: InputRow) -> tuple[Report, list[Record]]:
    """The row's report and its events as flat records (what the service also answers)."""
    from kashf.extract import extract  # imported here: loading the extractor takes a while

    report = extract(row.text, date=row.date, id=row.id)
    records: list[Record] = report.to_records()
    for rec in records:
        if rec.get("id") is None:
            rec["id"] = row.id
    return report, records


def extract_records(row: InputRow) -> list[Record]:
    """The row's events as flat records (:data:`kashf.extract.records.RECORD_COLUMNS`)."""
    return extract_report(row)[1]


def restore_records(row: InputRow) -> list[Record]:
    """The row's restoration as one record: id, restored text, score and the edits."""
    from kashf.restore import restore

    r = restore(row.text)
    return [
        {"id": row.id, "text": r.text, "score": r.score, "edits": [e.to_dict() for e in r.edits]}
    ]


def record_columns() -> tuple[str, ...]:
    """The event record columns, owned by kashf.extract (never duplicated here)."""
    from kashf.extract.records import RECORD_COLUMNS

    return RECORD_COLUMNS


# Built on demand: the extract columns come from kashf.extract, loaded only when needed.
TASKS: dict[str, Callable[[], Task]] = {
    "extract": lambda: Task("extract", extract_records, record_columns()),
    "restore": lambda: Task("restore", restore_records, RESTORE_COLUMNS),
}


def get_task(name: str) -> Task:
    """A task name, or ``module:function`` (its records then use the extract columns)."""
    if name in TASKS:
        return TASKS[name]()
    if ":" not in name:
        raise ValueError(
            f"unknown task {name!r}: use {', '.join(TASKS)} or package.module:function"
        )
    module_name, _, attr = name.partition(":")
    try:
        fn = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"cannot load processor {name!r}: {exc}") from exc
    if not callable(fn):
        raise ValueError(f"processor {name!r} is not callable")
    declared: Sequence[str] | None = getattr(fn, "columns", None)
    return Task(name, fn, tuple(declared) if declared else record_columns())
