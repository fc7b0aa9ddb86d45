"""Per-row processing functions for the batch runner and the service.

A processor is a top-level (so picklable) function ``process(row) -> list[record]``: the batch
runner ships it to worker processes by reference. ``kashf batch --task`` picks one by name, or
any ``package.module:function`` with the same signature.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from kashf.io.rows import InputRow

Record = dict[str, Any]
Processor = Callable[[InputRow], list[Record]]

# What `--task restore` writes: one record per row (a restoration has no events).
RESTORE_COLUMNS: tuple[str, ...] = ("id", "text", "score", "edits")


def extract_records(row: InputRow) -> list[Record]:
    """The row's events as flat records (:data:`kashf.extract.records.RECORD_COLUMNS`)."""
    # Not ``kashf.extract``: once the kashf.extract package is imported, that attribute of
    # ``kashf`` is the package (Python binds submodules on their parent), not the function.
    from kashf.extract import extract

    report = extract(row.text, date=row.date, id=row.id)
    records: list[Record] = report.to_records()
    for rec in records:
        if rec.get("id") is None:
            rec["id"] = row.id
    return records


def restore_records(row: InputRow) -> list[Record]:
    """The row's restoration as one record: id, restored text, score and the edits."""
    import kashf

    r = kashf.restore(row.text)
    return [
        {"id": row.id, "text": r.text, "score": r.score, "edits": [e.to_dict() for e in r.edits]}
    ]


def _extract_columns() -> tuple[str, ...]:
    from kashf.io.writers import record_columns

    return record_columns()


TASKS: dict[str, tuple[Processor, Callable[[], tuple[str, ...]]]] = {
    "extract": (extract_records, _extract_columns),
    "restore": (restore_records, lambda: RESTORE_COLUMNS),
}


def resolve_task(name: str) -> tuple[Processor, tuple[str, ...]]:
    """A task name, or ``module:function`` (its records then use the extract columns)."""
    if name in TASKS:
        fn, columns = TASKS[name]
        return fn, columns()
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
    return fn, tuple(declared) if declared else _extract_columns()
