"""``kashf extract [FILE] [--format jsonl|csv|geojson] [--date YYYY-MM-DD]``.

FILE (stdin when omitted or ``-``) is one plain-text report; or one report per row (JSONL,
CSV, Parquet), read and checked as ``kashf batch`` reads them; or a Telegram export, saved
pages or a folder of .txt files. Writes one record per event, each with its report's ``id``
and metadata. A bad row is reported on stderr with its line or row number, the rest is
processed, and the exit status is 1 at the end.
"""

from __future__ import annotations

import argparse
import codecs
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kashf.cli.rows import add_input_options, source_options
from kashf.io.processors import Failed, get_task, process_rows
from kashf.io.readers import STDIN, InputError, Reader, open_reader
from kashf.io.rows import (
    META_COLUMNS,
    ColumnSpec,
    InputRow,
    RawItem,
    RowError,
    parse_date,
    parse_item,
)
from kashf.io.sources import SOURCE_FORMATS, SourceRows, resolve_input
from kashf.io.writers import open_writer


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "extract",
        help="extract ACLED-style events from Arabic reports",
        description="Extract geolocated, ACLED-compatible events. FILE is one plain-text report "
        'or one report per row ({"id", "text", "date"}: .jsonl, .csv, .parquet), or a '
        "Telegram export, saved pages or a folder of .txt files; stdin when omitted or -.",
    )
    p.add_argument("file", nargs="?", help="input file (UTF-8); stdin when omitted or -")
    p.add_argument(
        "--format",
        choices=("jsonl", "csv", "geojson"),
        default="jsonl",
        help="output format (default jsonl); CSV uses ACLED's column names and order",
    )
    p.add_argument("--date", help="report date YYYY-MM-DD (for plain text, or rows without one)")
    p.add_argument("--jsonl", action="store_true", help="read the input as JSONL whatever its name")
    add_input_options(p, ("text", "jsonl", "csv", "parquet", "telegram", "html", "txt-dir"))
    p.add_argument("--id", dest="report_id", help="report id for a plain-text report")
    p.add_argument(
        "--explain",
        action="store_true",
        help="instead of records, print per event its evidence, its fields and the rule behind "
        "each (kashf.extract.RULES), for a person to read",
    )
    p.add_argument(
        "--rules", action="store_true", help="with --explain, also say what each rule does"
    )
    p.set_defaults(func=run)


def _fail(message: object, status: int = 2) -> int:
    print(f"kashf extract: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    try:
        date = parse_date(args.date)
    except ValueError as exc:
        return _fail(f"--date: {exc}")
    path = Path(args.file) if args.file else STDIN
    spec = ColumnSpec(keep=tuple(args.keep), default_date=date)
    source = source_options(args)
    task = get_task("extract")
    columns = tuple(dict.fromkeys((*task.columns, *spec.keep)))
    reader: Reader | None = None
    writer = None
    try:
        fmt = resolve_input(path, args.input_format, source, text=True)
        if args.jsonl and fmt not in SOURCE_FORMATS:
            fmt = "jsonl"
        if fmt == "text":
            rows: Iterable[RawItem | InputRow | RowError] = [_text_row(path, args, date)]
        else:
            reader = open_reader(path, fmt, spec, source=source)
            rows = reader.items()
        if fmt in SOURCE_FORMATS:
            columns = tuple(dict.fromkeys((*columns, *META_COLUMNS)))
        if args.explain:
            emit = _explainer(args.rules)
        else:
            writer = open_writer(sys.stdout, args.format, columns)
            emit = writer.write
        errors = 0
        checked = (parse_item(r, spec) if isinstance(r, RawItem) else r for r in rows)
        for result in process_rows(checked, task):
            if isinstance(result, Failed):
                print(f"kashf extract: {result.error.reason}", file=sys.stderr)
                errors += 1
            else:
                emit(result.records)
    except InputError as exc:
        return _fail(exc)
    finally:
        for done in (reader, writer):
            if done is not None:
                done.close()
    if isinstance(reader, SourceRows):
        print(f"kashf extract: {args.file}: {reader.counts.text()}", file=sys.stderr)
    if errors:
        return _fail(f"{errors} bad input row(s) skipped", 1)
    return 0


def _explainer(describe: bool) -> Callable[[list[dict[str, Any]]], None]:
    """Print a report's events explained, for a person to read."""
    from kashf.extract.explain import explain

    def emit(records: list[dict[str, Any]]) -> None:
        if records:
            sys.stdout.write(explain(records, describe_rules=describe) + "\n\n")

    return emit


def _text_row(path: Path, args: argparse.Namespace, date: str | None) -> InputRow:
    """The one report of a plain-text input (read now: an unreadable input fails before any
    output)."""
    name = "stdin" if path == STDIN else str(path)
    try:
        raw = sys.stdin.buffer.read() if path == STDIN else path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror}") from exc
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name} is UTF-16 text; convert it to UTF-8")
    try:
        text = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as exc:
        line_no = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{name} is not UTF-8 text (line {line_no}, byte offset {exc.start})"
        ) from None
    return InputRow(1, 0, args.report_id or name, text, date)
