"""Corpus-scale input and output: streaming readers, record writers and the batch runner.

Readers turn JSONL, CSV and Parquet files into :class:`~kashf.io.rows.RawItem` values without
judging them; :func:`~kashf.io.rows.parse_item` (run in the worker processes) turns each into an
:class:`~kashf.io.rows.InputRow` or a :class:`~kashf.io.rows.RowError` with a reason a person can
act on. Writers turn flat event records into JSONL, CSV, GeoJSON or Parquet.
"""

from __future__ import annotations

from kashf.io.rows import ColumnSpec, InputRow, RawItem, RowError, parse_item

__all__ = ["ColumnSpec", "InputRow", "RawItem", "RowError", "parse_item"]
