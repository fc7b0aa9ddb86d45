"""``kashf extract [FILE] [--format jsonl|csv|geojson] [--date YYYY-MM-DD]``.

FILE (or stdin) is one plain-text report, or, when it ends in ``.jsonl`` (or ``--jsonl`` is
given), one JSON report per line: ``{"id": ..., "text": ..., "date": ...}``. Writes one record per
event, each with its report's ``id``. A bad JSONL line is reported on stderr with its line
number, the rest is processed, and the exit status is 1 at the end.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kashf.extract.dates import parse_report_date


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "extract",
        help="extract ACLED-style events from Arabic reports",
        description="Extract geolocated, ACLED-compatible events. FILE is one plain-text report "
        'or a .jsonl file with one {"id", "text", "date"} report per line; stdin when '
        "omitted.",
    )
    p.add_argument("file", nargs="?", help="input file (UTF-8); stdin when omitted")
    p.add_argument(
        "--format",
        choices=("jsonl", "csv", "geojson"),
        default="jsonl",
        help="output format (default jsonl); CSV uses ACLED's column names and order",
    )
    p.add_argument(
        "--date", help="report date YYYY-MM-DD (for plain text, or JSONL rows without one)"
    )
    p.add_argument("--jsonl", action="store_true", help="read the input as JSONL whatever its name")
    p.add_argument(
        "--input-format",
        choices=("text", "jsonl", "csv", "parquet", "telegram", "html", "txt-dir"),
        help="input format (default: from the content, else the extension): telegram = a "
        "Telegram Desktop export (result.json or its folder), html = a saved page or a folder "
        "of them, txt-dir = a folder of .txt files (one report each)",
    )
    p.add_argument(
        "--channel-username",
        help="the exported channel's public @username: records then link to "
        "https://t.me/<username>/<id> (Telegram Desktop exports do not contain it)",
    )
    p.add_argument(
        "--no-dedupe", action="store_true", help="do not mark reposts (duplicate_of, similar_to)"
    )
    p.add_argument("--id", dest="report_id", help="report id for a plain-text report")
    p.set_defaults(func=run)


class _BadLine(Exception):
    pass


def _jsonl_reports(text: str, default_date: str | None) -> Iterator[tuple[int, Any]]:
    """(line number, (id, text, date) or _BadLine) for each non-blank line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, _BadLine(f"not valid JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield number, _BadLine('expected an object with a "text" string')
            continue
        rid = obj.get("id")
        # A row may say where it was posted: carried into its records (links only http/https).
        meta = {k: obj[k] for k in ("source", "forwarded_from") if isinstance(obj.get(k), str)}
        url = obj.get("url")
        if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
            meta["url"] = url
        yield (
            number,
            (None if rid is None else str(rid), obj["text"], obj.get("date") or default_date, meta),
        )


def run(args: argparse.Namespace) -> int:
    from kashf.extract import RECORD_COLUMNS, extract
    from kashf.io.writers import open_writer

    if args.date:
        try:
            parse_report_date(args.date)
        except ValueError as exc:
            print(f"kashf extract: --date: {exc}", file=sys.stderr)
            return 2
    if args.file and os.path.exists(args.file):
        from kashf.io.sources import SourceError, resolve_format

        try:
            source_format = resolve_format(Path(args.file), args.input_format)
        except SourceError as exc:
            print(f"kashf extract: {exc}", file=sys.stderr)
            return 2
        if source_format is not None:
            return _run_source(args, source_format)
        if args.input_format in ("csv", "parquet") or (
            args.input_format is None and Path(args.file).suffix.lower() in _ROW_SUFFIXES
        ):
            return _run_rows(args)
    if args.channel_username:
        print("kashf extract: --channel-username applies to Telegram exports only", file=sys.stderr)
        return 2
    try:
        raw = Path(args.file).read_bytes() if args.file else sys.stdin.buffer.read()
    except OSError as exc:
        print(f"kashf extract: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    name = args.file or "stdin"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        print(f"kashf extract: {name} is UTF-16 text; convert it to UTF-8", file=sys.stderr)
        return 2
    raw = raw.removeprefix(codecs.BOM_UTF8)
    as_jsonl = (
        args.jsonl
        or args.input_format == "jsonl"
        or (args.input_format is None and (args.file or "").lower().endswith((".jsonl", ".ndjson")))
    )
    errors = 0
    if as_jsonl:
        # Line by line: a line that is not UTF-8 is one bad row; the others are processed.
        lines = []
        for number, chunk in enumerate(raw.split(b"\n"), start=1):
            try:
                lines.append(chunk.decode("utf-8"))
            except UnicodeDecodeError as exc:
                print(
                    f"kashf extract: line {number}: not UTF-8 (byte {exc.start} of the line)",
                    file=sys.stderr,
                )
                errors += 1
                lines.append("")
        data = "\n".join(lines)
    else:
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line_no = raw.count(b"\n", 0, exc.start) + 1
            print(
                f"kashf extract: {name} is not UTF-8 text (line {line_no}, byte offset "
                f"{exc.start})",
                file=sys.stderr,
            )
            return 2
    writer = open_writer(sys.stdout, args.format, RECORD_COLUMNS)
    try:
        if as_jsonl:
            for number, item in _jsonl_reports(data, args.date):
                if isinstance(item, _BadLine):
                    print(f"kashf extract: line {number}: {item}", file=sys.stderr)
                    errors += 1
                    continue
                rid, text, date, meta = item
                try:
                    report = extract(text, date=date, id=rid if rid is not None else str(number))
                except ValueError as exc:
                    print(f"kashf extract: line {number}: {exc}", file=sys.stderr)
                    errors += 1
                    continue
                writer.write([{**r, **meta} for r in report.to_records()])
        else:
            report = extract(data, date=args.date, id=args.report_id or args.file or "stdin")
            writer.write(report.to_records())
    finally:
        writer.close()
    if errors:
        print(f"kashf extract: {errors} bad input line(s) skipped", file=sys.stderr)
        return 1
    return 0


_ROW_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq")


def _run_source(args: argparse.Namespace, source_format: str) -> int:
    """A Telegram export, saved pages or a folder of .txt files: one report per post/file."""
    from kashf.extract import RECORD_COLUMNS, extract
    from kashf.io.sources import Deduper, SourceCounts, SourceError, annotate, read_source
    from kashf.io.sources.model import SourceProblem, SourceReport
    from kashf.io.writers import open_writer

    counts = SourceCounts()
    deduper = None if args.no_dedupe else Deduper()
    problems = 0
    writer = open_writer(sys.stdout, args.format, RECORD_COLUMNS)
    try:
        items = read_source(Path(args.file), source_format, channel_username=args.channel_username)
        for item, meta in annotate(items, counts, deduper):
            if isinstance(item, SourceProblem):
                print(f"kashf extract: {item.reason}", file=sys.stderr)
                problems += 1
            elif isinstance(item, SourceReport):
                try:
                    report = extract(item.text, date=item.date or args.date, id=item.id)
                except ValueError as exc:
                    print(f"kashf extract: {item.where}: {exc}", file=sys.stderr)
                    problems += 1
                    continue
                writer.write([{**r, **meta} for r in report.to_records()])
    except SourceError as exc:
        print(f"kashf extract: {exc}", file=sys.stderr)
        return 2
    finally:
        writer.close()
    print(f"kashf extract: {args.file}: {counts.text()}", file=sys.stderr)
    return 1 if problems else 0


def _run_rows(args: argparse.Namespace) -> int:
    """CSV or Parquet input: one report per row (the ``text``, ``id``, ``date`` columns)."""
    from kashf.extract import RECORD_COLUMNS, extract
    from kashf.io.readers import InputError, input_format, open_reader
    from kashf.io.rows import ColumnSpec, RowError, parse_item
    from kashf.io.writers import open_writer

    path = Path(args.file)
    spec = ColumnSpec()
    try:
        reader = open_reader(path, input_format(path, args.input_format), spec)
    except InputError as exc:
        print(f"kashf extract: {exc}", file=sys.stderr)
        return 2
    errors = 0
    writer = open_writer(sys.stdout, args.format, RECORD_COLUMNS)
    try:
        for raw in reader.items():
            row = parse_item(raw, spec)
            if isinstance(row, RowError):
                print(f"kashf extract: {row.reason}", file=sys.stderr)
                errors += 1
                continue
            report = extract(row.text, date=row.date or args.date, id=row.id)
            writer.write(report.to_records())
    finally:
        writer.close()
        reader.close()
    if errors:
        print(f"kashf extract: {errors} bad input row(s) skipped", file=sys.stderr)
        return 1
    return 0
