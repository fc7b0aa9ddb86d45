"""Corpus-scale input and output: readers, the one per-row loop, writers and the batch runner.

Readers turn JSONL, CSV and Parquet files (or stdin) into :class:`~kashf.io.rows.RawItem`
values without judging them; :func:`~kashf.io.rows.parse_item` (run in the worker processes)
turns each into an :class:`~kashf.io.rows.InputRow` (with its ``meta``) or a
:class:`~kashf.io.rows.RowError` with a reason a person can act on.
:func:`~kashf.io.processors.process_rows` runs a task over them for every entry point; writers
turn the records into JSONL, CSV, GeoJSON or Parquet. See docs/architecture.md, "The row
pipeline".
"""

from __future__ import annotations

from kashf.io.processors import Done, Failed, Task, get_task, process_rows
from kashf.io.rows import ColumnSpec, InputRow, RawItem, RowError, parse_item

__all__ = [
    "ColumnSpec",
    "Done",
    "Failed",
    "InputRow",
    "RawItem",
    "RowError",
    "Task",
    "get_task",
    "parse_item",
    "process_rows",
]
