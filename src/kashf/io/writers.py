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
from typing import IO, Any, Literal, Protocol

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


class _TextSink(Protocol):
    def write(self, text: str, /) -> int: ...
    def close(self) -> None: ...


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


class RecordWriter:
    """Write batches of flat records; :meth:`close` finishes the file."""

    def __init__(self, path: Path | IO[str], columns: Sequence[str]) -> None:
        self.path = path
        self.columns = tuple(columns)
        self.count = 0

    def write(self, records: Sequence[dict[str, Any]]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Unclosed:
    """Wrap a caller's stream so that closing the writer leaves it open."""

    def __init__(self, stream: IO[str]) -> None:
        self._s = stream

    def write(self, text: str) -> int:
        return self._s.write(text)

    def close(self) -> None:
        self._s.flush()


class _TextWriter(RecordWriter):
    """A text format: a file we open (and close), or a stream the caller owns (kept open)."""

    encoding = "utf-8"

    def __init__(self, path: Path | IO[str], columns: Sequence[str]) -> None:
        super().__init__(path, columns)
        self._f: _TextSink = (
            open(path, "w", encoding=self.encoding, newline="")  # noqa: SIM115 - closed in close()
            if isinstance(path, Path)
            else _Unclosed(path)
        )

    def close(self) -> None:
        self._f.close()


class JsonlWriter(_TextWriter):
    def write(self, records: Sequence[dict[str, Any]]) -> None:
        for rec in records:
            self._f.write(json.dumps(nest_evidence(rec), ensure_ascii=False) + "\n")
        self.count += len(records)


class CsvWriter(_TextWriter):
    encoding = "utf-8-sig"  # spreadsheet programs then open Arabic text correctly

    def __init__(self, path: Path | IO[str], columns: Sequence[str]) -> None:
        super().__init__(path, columns)
        self._w = csv.writer(self._f)
        self._w.writerow(self.columns)

    def write(self, records: Sequence[dict[str, Any]]) -> None:
        for rec in records:
            flat = flatten_evidence(rec)
            self._w.writerow([table_cell(flat.get(c)) for c in self.columns])
        self.count += len(records)


class GeoJsonWriter(_TextWriter):
    """A FeatureCollection, streamed feature by feature; events without a place get no geometry."""

    def __init__(self, path: Path | IO[str], columns: Sequence[str]) -> None:
        super().__init__(path, columns)
        self._f.write('{"type":"FeatureCollection","features":[\n')

    def write(self, records: Sequence[dict[str, Any]]) -> None:
        for rec in records:
            sep = ",\n" if self.count else ""
            self._f.write(sep + json.dumps(geojson_feature(rec), ensure_ascii=False))
            self.count += 1

    def close(self) -> None:
        self._f.write("\n]}\n")
        self._f.close()


class ParquetWriter(RecordWriter):
    def __init__(self, path: Path | IO[str], columns: Sequence[str]) -> None:
        super().__init__(path, columns)
        if not isinstance(path, Path):
            raise OutputError("Parquet output needs a file path")
        try:
            import pyarrow as pa  # type: ignore[import-untyped]
            import pyarrow.parquet as pq  # type: ignore[import-untyped]
        except ImportError as exc:
            raise OutputError(
                "writing Parquet needs pyarrow: pip install 'kashf[parquet]'"
            ) from exc
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


_WRITERS: dict[OutputFormat, type[RecordWriter]] = {
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "geojson": GeoJsonWriter,
    "parquet": ParquetWriter,
}


def open_writer(path: Path | IO[str], fmt: OutputFormat, columns: Sequence[str]) -> RecordWriter:
    return _WRITERS[fmt](path, columns)


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
