"""Event files in and merged rows out: JSONL, CSV and Parquet, one row at a time.

Readers yield ``(row number, record)`` or ``(row number, message)`` for a row they cannot cut
out, so the caller reports it and nothing is lost. What makes a whole file unusable (an unknown
format, a header without a required column, not a Parquet file) raises :class:`EventFileError`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from kashf.merge.accounts import FLOAT_COLUMNS, INT_COLUMNS, REQUIRED_COLUMNS

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
Row = tuple[int, dict[str, Any] | str]
# Column types for Parquet; every other column is a string.
_INT_COLUMNS = frozenset((*INT_COLUMNS, "fatalities_reported", "n_reports"))
_FLOAT_COLUMNS = frozenset(FLOAT_COLUMNS)


class EventFileError(Exception):
    """A file that cannot be read or written as events (the message names it and says why)."""


def file_format(path: str, given: str | None) -> str:
    if given:
        if given not in FORMATS:
            raise EventFileError(f"unknown format {given!r} (use jsonl, csv or parquet)")
        return given
    if path == "-":
        return "jsonl"
    fmt = _SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise EventFileError(
            f"{path}: unknown format (extension {Path(path).suffix or 'none'}); "
            "use .jsonl, .csv or .parquet, or pass --format"
        )
    return fmt


def _missing(columns: Sequence[str], path: str) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise EventFileError(
            f"{path}: missing column{'s' * (len(missing) > 1)} {', '.join(missing)} "
            "(is this an events file written by kashf extract or kashf batch?)"
        )


def _text(path: str) -> IO[str]:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _jsonl(path: str) -> Iterator[Row]:
    with _text(path) as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"not valid JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(value, dict):
                yield number, f"expected a JSON object, got {type(value).__name__}"
                continue
            yield number, value


def _csv(path: str) -> Iterator[Row]:
    with _text(path) as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return
        _missing(header, path)
        for fields in reader:
            if not any(fields):
                continue
            if len(fields) != len(header):
                yield reader.line_num, f"{len(fields)} fields where the header has {len(header)}"
                continue
            yield reader.line_num, dict(zip(header, fields, strict=True))


def _parquet(path: str) -> Iterator[Row]:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise EventFileError(
            "reading Parquet needs pyarrow: pip install 'kashf[parquet]'"
        ) from None
    if path == "-":
        raise EventFileError("Parquet cannot be read from stdin; give a file")
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        raise EventFileError(f"{path}: not a Parquet file ({exc})") from None
    _missing(pf.schema_arrow.names, path)
    number = 0
    for batch in pf.iter_batches(batch_size=10_000):
        for rec in batch.to_pylist():
            number += 1
            yield number, rec


def read_events(path: str, fmt: str | None = None) -> Iterator[Row]:
    """Rows of one events file; ``-`` is stdin."""
    kind = file_format(path, fmt)
    if path != "-" and not Path(path).is_file():
        raise EventFileError(f"{path}: no such file")
    reader = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[kind]
    return reader(path)


# --- writing ------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return "" if value is None else value


class RowWriter:
    """Writes rows with fixed columns to JSONL, CSV or Parquet (lists as lists, CSV `;`)."""

    def __init__(self, path: str, fmt: str, columns: Sequence[str], list_columns: Sequence[str]):
        self.fmt, self.columns, self.list_columns = fmt, tuple(columns), set(list_columns)
        self._batch: list[dict[str, Any]] = []
        self._parquet: Any = None
        self._path = path
        if fmt == "parquet":
            if path == "-":
                raise EventFileError("Parquet cannot go to stdout; give a file with -o")
            self._f: IO[str] | None = None
        else:
            out = open(path, "w", encoding="utf-8", newline="") if path != "-" else None  # noqa: SIM115
            self._f = out or sys.stdout
        if fmt == "csv":
            self._csv = csv.writer(self._f)  # type: ignore[arg-type]
            self._csv.writerow(self.columns)

    def write(self, row: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            assert self._f is not None
            self._f.write(json.dumps({c: row.get(c) for c in self.columns}, ensure_ascii=False))
            self._f.write("\n")
        elif self.fmt == "csv":
            self._csv.writerow([_csv_cell(row.get(c)) for c in self.columns])
        else:
            self._batch.append({c: row.get(c) for c in self.columns})
            if len(self._batch) >= 10_000:
                self._flush_parquet()

    def _schema(self) -> Any:
        import pyarrow as pa

        def kind(c: str) -> Any:
            if c in self.list_columns:
                return pa.list_(pa.int64() if c in _INT_COLUMNS else pa.string())
            return (
                pa.int64()
                if c in _INT_COLUMNS
                else pa.float64()
                if c in _FLOAT_COLUMNS
                else (pa.string())
            )

        return pa.schema([pa.field(c, kind(c)) for c in self.columns])

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._path, self._schema())
        self._parquet.write_table(pa.Table.from_pylist(self._batch, schema=self._parquet.schema))
        self._batch = []

    def close(self) -> None:
        if self.fmt == "parquet":
            self._flush_parquet()  # also writes an empty file when there were no rows
            self._parquet.close()
        elif self._f is sys.stdout:
            self._f.flush()
        elif self._f is not None:
            self._f.close()
