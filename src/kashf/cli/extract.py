"""``kashf extract [FILE] [--format jsonl|csv|geojson] [--date YYYY-MM-DD]``.

FILE (or stdin) is one plain-text report, or, when it ends in ``.jsonl`` (or ``--jsonl`` is
given), one JSON report per line: ``{"id": ..., "text": ..., "date": ...}``. Writes one record per
event, each with its report's ``id``. A bad JSONL line is reported on stderr with its line
number, the rest is processed, and the exit status is 1 at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
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
    p.add_argument("--id", dest="report_id", help="report id for a plain-text report")
    p.set_defaults(func=run)


class _BadLine(Exception):
    pass


def _jsonl_reports(text: str, default_date: str | None) -> Iterator[tuple[int, Any]]:
    """(line number, (id, text, date) or _BadLine) for each non-blank line."""
    for number, line in enumerate(text.splitlines(), start=1):
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
        yield (
            number,
            (None if rid is None else str(rid), obj["text"], obj.get("date") or default_date),
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
    try:
        if args.file:
            with open(args.file, encoding="utf-8-sig") as f:
                data = f.read()
        else:
            data = sys.stdin.read()
    except OSError as exc:
        print(f"kashf extract: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(
            f"kashf extract: {args.file or 'stdin'} is not UTF-8 text (byte offset {exc.start})",
            file=sys.stderr,
        )
        return 2
    as_jsonl = args.jsonl or (args.file or "").lower().endswith((".jsonl", ".ndjson"))
    errors = 0
    writer = open_writer(sys.stdout, args.format, RECORD_COLUMNS)
    try:
        if as_jsonl:
            for number, item in _jsonl_reports(data, args.date):
                if isinstance(item, _BadLine):
                    print(f"kashf extract: line {number}: {item}", file=sys.stderr)
                    errors += 1
                    continue
                rid, text, date = item
                try:
                    report = extract(text, date=date, id=rid if rid is not None else str(number))
                except ValueError as exc:
                    print(f"kashf extract: line {number}: {exc}", file=sys.stderr)
                    errors += 1
                    continue
                writer.write(report.to_records())
        else:
            report = extract(data, date=args.date, id=args.report_id or args.file or "stdin")
            writer.write(report.to_records())
    finally:
        writer.close()
    if errors:
        print(f"kashf extract: {errors} bad input line(s) skipped", file=sys.stderr)
        return 1
    return 0
