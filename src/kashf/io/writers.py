"""Record writers: flat event records out as JSONL, CSV, GeoJSON or Parquet.

Records come in flat (the CSV column order of :data:`kashf.extract.records.RECORD_COLUMNS`,
evidence as ``evidence_start/end/text``). CSV and Parquet keep them flat; JSONL and GeoJSON
nest the evidence as ``{start, end, text}``, the contract's JSON form. Writers stream: one
record batch in memory at a time.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from kashf.io.processors import dtype_of

OutputFormat = Literal["jsonl", "csv", "geojson", "parquet"]

_EXTENSIONS: dict[str, OutputFormat] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".geojson": "geojson",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_EVIDENCE_KEYS = ("start", "end", "text")


class OutputError(Exception):
    """The output cannot be written as asked (the message says why)."""


def output_format(path: Path, given: str | None = None) -> OutputFormat:
    if given:
        if given not in ("jsonl", "csv", "geojson", "parquet"):
            raise OutputError(
                f"unknown output format {given!r} (use jsonl, csv, geojson or parquet)"
            )
        return given  # type: ignore[return-value]
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise OutputError(
            f"{path}: cannot tell the output format from the extension; pass --format"
        )
    return fmt


def nest_evidence(record: dict[str, Any]) -> dict[str, Any]:
    """The JSON form of a flat record: ``evidence_*`` columns as one ``evidence`` object."""
    if "evidence_start" not in record:
        return record
    out = {k: v for k, v in record.items() if not k.startswith("evidence_")}
    out["evidence"] = {k: record.get(f"evidence_{k}") for k in _EVIDENCE_KEYS}
    return out


def flatten_evidence(record: dict[str, Any]) -> dict[str, Any]:
    """The flat form of a record: an ``evidence`` object as ``evidence_*`` columns."""
    ev = record.get("evidence")
    if not isinstance(ev, dict):
        return record
    out = {k: v for k, v in record.items() if k != "evidence"}
    for k in _EVIDENCE_KEYS:
        out[f"evidence_{k}"] = ev.get(k)
    return out


def table_cell(value: Any) -> Any:
    """A value as one table cell (CSV, Parquet, a data frame): an object or list as JSON text."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def geojson_feature(record: dict[str, Any]) -> dict[str, Any]:
    lat, lon = record.get("latitude"), record.get("longitude")
    geometry = None
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "geometry": geometry, "properties": nest_evidence(record)}


_GEOJSON_HEAD, _GEOJSON_TAIL = '{"type":"FeatureCollection","features":[\n', "\n]}\n"


class RecordWriter:
    """Write batches of flat records as JSONL, CSV or GeoJSON (a FeatureCollection streamed
    feature by feature; events without a place get no geometry) to a file, or to a caller's
    text stream (left open); :meth:`close` finishes the file."""

    def __init__(self, path: Path | IO[str], fmt: OutputFormat, columns: Sequence[str]) -> None:
        self.fmt, self.columns, self.count = fmt, tuple(columns), 0
        self._own = isinstance(path, Path)
        # CSV with a BOM: spreadsheet programs then open Arabic text correctly.
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        self._f: IO[str] = (
            open(path, "w", encoding=encoding, newline="")  # noqa: SIM115 - closed in close()
            if isinstance(path, Path)
            else path  # the caller's: flushed, not closed
        )
        self._csv = csv.writer(self._f)
        if fmt == "csv":
            self._csv.writerow(self.columns)
        elif fmt == "geojson":
            self._f.write(_GEOJSON_HEAD)

    def write(self, records: Sequence[dict[str, Any]]) -> None:
        for rec in records:
            if self.fmt == "jsonl":
                self._f.write(json.dumps(nest_evidence(rec), ensure_ascii=False) + "\n")
            elif self.fmt == "csv":
                flat = flatten_evidence(rec)
                self._csv.writerow([table_cell(flat.get(c)) for c in self.columns])
            else:
                sep = ",\n" if self.count else ""
                self._f.write(sep + json.dumps(geojson_feature(rec), ensure_ascii=False))
            self.count += 1

    def close(self) -> None:
        if self.fmt == "geojson":
            self._f.write(_GEOJSON_TAIL)
        if self._own:
            self._f.close()
        else:
            self._f.flush()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ParquetWriter(RecordWriter):
    """The same interface over a columnar file (no text stream: its own __init__)."""

    def __init__(self, path: Path | IO[str], fmt: OutputFormat, columns: Sequence[str]) -> None:
        if not isinstance(path, Path):
            raise OutputError("Parquet output needs a file path")
        try:
            import pyarrow as pa  # type: ignore[import-untyped]
            import pyarrow.parquet as pq  # type: ignore[import-untyped]
        except ImportError as exc:
            raise OutputError(
                "writing Parquet needs pyarrow: pip install 'kashf[parquet]'"
            ) from exc
        self.fmt, self.columns, self.count = fmt, tuple(columns), 0
        self._pa = pa
        self._dtypes = {c: dtype_of(c) for c in self.columns}
        arrow = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
        self._schema = pa.schema([pa.field(c, arrow[t]) for c, t in self._dtypes.items()])
        self._w = pq.ParquetWriter(path, self._schema)

    def _value(self, column: str, value: Any) -> Any:
        if value is None:
            return None
        dtype = self._dtypes[column]
        if dtype != "str":
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            return (int(value) if dtype == "int" else float(value)) if number else None
        return value if isinstance(value, str) else str(table_cell(value))

    def write(self, records: Sequence[dict[str, Any]]) -> None:
        if not records:
            return
        flat = [flatten_evidence(r) for r in records]
        arrays = {c: [self._value(c, r.get(c)) for r in flat] for c in self.columns}
        self._w.write_table(self._pa.table(arrays, schema=self._schema))
        self.count += len(records)

    def close(self) -> None:
        self._w.close()


def open_writer(path: Path | IO[str], fmt: OutputFormat, columns: Sequence[str]) -> RecordWriter:
    return (ParquetWriter if fmt == "parquet" else RecordWriter)(path, fmt, columns)


def write_records(
    path: Path | IO[str],
    fmt: OutputFormat,
    records: Iterable[dict[str, Any]],
    columns: Sequence[str],
) -> int:
    """Write ``records`` to ``path`` or a text stream in one go (small outputs: downloads)."""
    with open_writer(path, fmt, columns) as w:
        w.write(list(records))
        return w.count
