"""Streaming readers: JSONL, CSV and Parquet in, :class:`RawItem` values out.

Readers hold one row at a time (Parquet: one record batch), so memory stays flat whatever the
input size. They never judge a row's content; they only report what stops them from cutting
it out (a line over the size limit, a CSV row with the wrong number of fields). What makes a
whole file unusable (no text column, not a Parquet file) raises :class:`InputError`.

``-`` as the path reads stdin (no resume then: a pipe cannot be read twice).

Every reader starts after a :class:`Position` (``kashf batch --resume``): the base class drops
the rows up to it; JSONL seeks to its byte offset instead of reading them again.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from kashf.io.rows import ColumnSpec, InputRow, RawItem, RowError, missing_columns

if TYPE_CHECKING:
    from kashf.io.sources import SourceOptions

InputFormat = Literal["jsonl", "csv", "parquet"]

# A JSONL line or CSV record over this is reported, not loaded: one 200 MB line must not
# exhaust memory in the reader or a worker.
DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024
_DELIMITERS = (",", ";", "\t", "|")
_EXTENSIONS: dict[str, InputFormat] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}


STDIN = Path("-")


class InputError(Exception):
    """The input as a whole cannot be read (the message says why and what to do)."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where a reader stands after a row: enough to resume right after it."""

    row: int
    line: int
    offset: int | None  # byte offset for seekable line input, else None (resume by skipping)


def input_format(path: Path, given: str | None = None) -> InputFormat:
    if given:
        if given not in ("jsonl", "csv", "parquet"):
            raise InputError(f"unknown input format {given!r} (use jsonl, csv or parquet)")
        return given  # type: ignore[return-value]
    if path == STDIN:
        return "jsonl"
    name = path.name.lower()
    for suffix in (".gz", ".bz2", ".xz"):
        if name.endswith(suffix):
            raise InputError(f"{path}: compressed input is not supported; decompress it first")
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the input format from the extension; pass --input-format"
        )
    return fmt


def _open(path: Path) -> io.BufferedReader:
    """The file, or stdin for ``-`` (kept open by the reader's close)."""
    if path == STDIN:
        return sys.stdin.buffer  # type: ignore[return-value]
    return open(path, "rb")


def _size(path: Path) -> int | None:
    return None if path == STDIN else max(1, path.stat().st_size)


def _sniff_bom(f: io.BufferedReader) -> str | None:
    """Return 'utf-16' when the input starts with a UTF-16 BOM; skip a UTF-8 BOM."""
    head = f.peek(4)[:4]  # peek, not seek: stdin cannot go back
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not head.startswith(
        codecs.BOM_UTF32_LE
    ):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        f.read(3)
    return None


class _LineSource(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


class Reader:
    """Base: iterate :meth:`items`; :attr:`position` is the position after the last item,
    :attr:`blank_lines` the blank lines met after :attr:`start`."""

    def __init__(self, path: Path, start: Position | None = None) -> None:
        self.path = path
        self.start = start or Position(0, 0, None)
        self.position = Position(0, 0, None)
        self.blank_lines = 0

    def items(self) -> Iterator[RawItem | InputRow | RowError]:
        """The rows after :attr:`start` (a resume: an earlier run did the ones up to it)."""
        return (item for item in self._read() if item.row > self.start.row)

    def _read(self) -> Iterator[RawItem | InputRow | RowError]:  # pragma: no cover - abstract
        raise NotImplementedError

    def fraction(self) -> float | None:
        """How much of the input has been read (0..1), when the reader can tell."""
        return None

    def close(self) -> None:
        pass


class _ByteReader(Reader):
    """A reader over a byte stream (a file, or stdin for ``-``)."""

    def __init__(self, path: Path, start: Position | None) -> None:
        super().__init__(path, start)
        self._raw = _open(path)
        self._size = _size(path)

    def fraction(self) -> float | None:
        return None if self._size is None else min(1.0, self._raw.tell() / self._size)

    def close(self) -> None:
        if self.path != STDIN:
            self._raw.close()


class JsonlReader(_ByteReader):
    """One JSON object per line. UTF-8 (BOM allowed) or UTF-16 with BOM; LF or CRLF."""

    def __init__(
        self,
        path: Path,
        *,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        start: Position | None = None,
    ) -> None:
        super().__init__(path, start)
        self.max_line_bytes = max_line_bytes
        encoding = _sniff_bom(self._raw)
        self._stream: _LineSource
        if encoding:
            # Re-encode UTF-16 to UTF-8 line by line; offsets then mean nothing, so a resume
            # skips rows instead of seeking.
            text = io.TextIOWrapper(
                self._raw, encoding=encoding, errors="surrogatepass", newline=""
            )
            self._stream = _Utf8Lines(text)
            self._seekable = False
        else:
            self._stream = self._raw
            self._seekable = path != STDIN

    def _read_line(self) -> tuple[bytes, int, bool, bool]:
        """(line without its break, size in bytes, had a line break, over the size limit)."""
        data = self._stream.readline(self.max_line_bytes + 1)
        if len(data) <= self.max_line_bytes or data.endswith(b"\n"):
            ended = data.endswith(b"\n")
            return (data.rstrip(b"\r\n") if ended else data), len(data), ended, False
        # Over the limit: keep only the start (for the error excerpt), skip to the line's end.
        total = len(data)
        head = data[:512]
        while True:
            more = self._stream.readline(1 << 20)
            total += len(more)
            if not more or more.endswith(b"\n"):
                ended = bool(more)
                return head, total - ended, ended, True  # the size of the line, not its break

    def _read(self) -> Iterator[RawItem]:
        row = line = 0
        if self.start.row and self._seekable and self.start.offset is not None:
            self._raw.seek(self.start.offset)  # else the rows up to start are read again
            row, line = self.start.row, self.start.line
        while True:
            data, n, ended, too_long = self._read_line()
            if not n:
                return
            line += 1
            if not data.strip():
                if row >= self.start.row:
                    self.blank_lines += 1
                continue
            row += 1
            offset = self._raw.tell() if self._seekable else None
            self.position = Position(row, line, offset)
            if too_long:
                yield RawItem(
                    row,
                    line,
                    data,
                    f"line is {n:,} bytes, over the limit of {self.max_line_bytes:,} "
                    "(--max-line-bytes)",
                )
            else:
                yield RawItem(row, line, data, None, last_unterminated=not ended)


class _Utf8Lines(io.RawIOBase):
    """A binary ``readline`` over a text stream: UTF-16 input re-encoded as UTF-8 lines."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self._text = text

    def readline(self, size: int | None = -1) -> bytes:
        # Characters, not bytes, but within 4x: good enough for a size guard.
        limit = -1 if size is None or size < 0 else max(1, size // 4)
        return self._text.readline(limit).encode("utf-8", "surrogatepass")


class CsvReader(_ByteReader):
    """CSV with a header row. The delimiter is detected from the header unless given."""

    def __init__(
        self,
        path: Path,
        spec: ColumnSpec,
        *,
        delimiter: str | None = None,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        start: Position | None = None,
    ) -> None:
        super().__init__(path, start)
        encoding = _sniff_bom(self._raw) or "utf-8"
        # surrogateescape: an invalid byte becomes a lone surrogate the row check reports,
        # instead of an exception that would stop the whole file.
        self._text = io.TextIOWrapper(
            self._raw, encoding=encoding, errors="surrogateescape", newline=""
        )
        csv.field_size_limit(min(sys.maxsize, max_line_bytes))
        header_line = self._text.readline()
        if not header_line.strip():
            self.header: list[str] = []
            self.delimiter = delimiter or ","
            return
        self.delimiter = delimiter or max(_DELIMITERS, key=lambda d: header_line.count(d))
        self.header = [h.strip() for h in next(csv.reader([header_line], delimiter=self.delimiter))]
        missing = missing_columns(self.header, spec)
        if missing:
            others = [d for d in _DELIMITERS if d != self.delimiter and d in header_line]
            hint = f"; the header looks {others[0]!r}-delimited: pass --delimiter {others[0]!r}"
            raise InputError(f"{path}: CSV header has {missing}{hint if others else ''}")

    def _read(self) -> Iterator[RawItem]:
        if not self.header:
            return
        reader = csv.reader(self._text, delimiter=self.delimiter)
        width = len(self.header)
        row = 0
        prev_line = 1  # the header
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row += 1
                line = prev_line + 1
                prev_line = reader.line_num + 1
                self.position = Position(row, line, None)
                yield RawItem(row, line, b"", f"unreadable CSV record: {exc}")
                continue
            line = prev_line + 1
            prev_line = reader.line_num + 1
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                if row >= self.start.row:
                    self.blank_lines += 1
                continue
            row += 1
            self.position = Position(row, line, None)
            if len(fields) != width:
                yield RawItem(
                    row,
                    line,
                    b"",
                    f"{len(fields)} fields where the header has {width} "
                    "(wrong delimiter or unquoted field?)",
                )
                continue
            yield RawItem(row, line, dict(zip(self.header, fields, strict=True)))


class ParquetReader(Reader):
    """Parquet, read one record batch at a time."""

    def __init__(
        self, path: Path, spec: ColumnSpec, *, batch_rows: int = 2048, start: Position | None = None
    ) -> None:
        super().__init__(path, start)
        try:
            import pyarrow as pa  # type: ignore[import-untyped]
            import pyarrow.parquet as pq  # type: ignore[import-untyped]
        except ImportError as exc:
            raise InputError("reading Parquet needs pyarrow: pip install 'kashf[parquet]'") from exc
        try:
            # A Parquet file is read from its end: stdin is read whole first.
            data = io.BytesIO(sys.stdin.buffer.read()) if path == STDIN else path
            self._file = pq.ParquetFile(data)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
        schema = self._file.schema_arrow
        names = list(schema.names)
        missing = missing_columns(names, spec)
        if missing:
            raise InputError(f"{path}: Parquet schema has {missing}")
        text_type = schema.field(spec.text).type
        if pa.types.is_dictionary(text_type):
            text_type = text_type.value_type
        if not (pa.types.is_string(text_type) or pa.types.is_large_string(text_type)):
            raise InputError(
                f"{path}: Parquet column {spec.text!r} has type {text_type}, expected string"
            )
        self._columns = [c for c in spec.fields() if c in names]
        self._batch_rows = batch_rows
        self._total = max(1, self._file.metadata.num_rows)

    def fraction(self) -> float | None:
        return min(1.0, self.position.row / float(self._total))

    def _read(self) -> Iterator[RawItem]:
        row = 0
        for batch in self._file.iter_batches(batch_size=self._batch_rows, columns=self._columns):
            if row + batch.num_rows <= self.start.row:  # done before: not even converted
                row += batch.num_rows
                continue
            records: list[dict[str, Any]] = batch.to_pylist()
            for rec in records:
                row += 1
                self.position = Position(row, 0, None)
                yield RawItem(row, 0, rec)


def open_reader(
    path: Path,
    fmt: str,
    spec: ColumnSpec,
    *,
    delimiter: str | None = None,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    start: Position | None = None,
    source: SourceOptions | None = None,
) -> Reader:
    """The reader of a format :func:`~kashf.io.sources.resolve_input` gave, after ``start``."""
    from kashf.io.sources import SOURCE_FORMATS, SourceOptions, SourceRows  # they read rows too

    try:
        if fmt in SOURCE_FORMATS:
            return SourceRows(path, fmt, source or SourceOptions(), spec, start)
        if fmt == "jsonl":
            return JsonlReader(path, max_line_bytes=max_line_bytes, start=start)
        if fmt == "csv":
            return CsvReader(
                path, spec, delimiter=delimiter, max_line_bytes=max_line_bytes, start=start
            )
        return ParquetReader(path, spec, start=start)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
