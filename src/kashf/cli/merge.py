"""``kashf merge EVENTS... -o MERGED``: one row per real-world event out of per-report events.

Rows that cannot be read or used are reported on stderr (file, row, what is wrong) and, when the
output is a file, all of them in ``MERGED.errors.jsonl``; the summary says rows read = rows
merged + rows reported, so nothing is dropped silently.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kashf.merge import LIST_COLUMNS, MERGED_COLUMNS, merge_events
from kashf.merge.files import FORMATS, EventFileError, RowWriter, file_format, read_events

LINK_COLUMNS = ("id", "evidence_start", "evidence_end", "event_type", "event_date", "event_id")
_SHOWN_ERRORS = 20  # on stderr; the errors file has them all


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "merge",
        help="merge per-report events into one row per real-world event",
        description="Read event files written by kashf extract or kashf batch (JSONL, CSV or "
        "Parquet) and write one row per real-world event: accounts of one event (same type, "
        "actors, place and day, ACLED's rule) from different reports become one row with "
        "event_id, report_ids, sources, urls, n_reports, fatalities_reported and why.",
    )
    p.add_argument("events", nargs="+", help="event files; - is stdin (JSONL unless --format)")
    p.add_argument("-o", "--output", required=True, help="merged events file; - is stdout")
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="format of the inputs and the output (default: from each file's extension)",
    )
    p.add_argument("--links", help="write (report id, per-report event) -> event_id here")
    p.set_defaults(func=run)


class _Errors:
    """Rows that could not be merged: counted, shown (the first few) and kept."""

    def __init__(self, output: str) -> None:
        self.count = 0
        self._path = f"{output}.errors.jsonl" if output != "-" else None
        if self._path is not None:
            Path(self._path).unlink(missing_ok=True)  # a stale file would tell of another run
        self._f: Any = None
        self.where = ("", 0)

    def add(self, message: str) -> None:
        path, row = self.where
        self.count += 1
        if self.count <= _SHOWN_ERRORS or self._path is None:  # no errors file: show them all
            print(f"kashf merge: {path}, row {row}: {message}", file=sys.stderr)
        if self._path is not None:
            if self._f is None:
                self._f = open(self._path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
            self._f.write(json.dumps({"file": path, "row": row, "error": message}) + "\n")

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
        if self.count > _SHOWN_ERRORS:
            print(f"kashf merge: ... all {self.count} in {self._path}", file=sys.stderr)


def _records(paths: list[str], fmt: str | None, errors: _Errors, read: list[int]) -> Iterator[Any]:
    for path in paths:
        for row, value in read_events(path, fmt):
            read[0] += 1
            errors.where = (path, row)  # the merge reports a bad record while this row is current
            if isinstance(value, str):
                errors.add(value)
            else:
                yield value


def run(args: argparse.Namespace) -> int:
    try:
        out_fmt = file_format(args.output, args.format)
        for path in args.events:
            # an unknown format or a missing file stops before anything is written
            file_format(path, args.format)
            if path != "-" and not Path(path).is_file():
                raise EventFileError(f"{path}: no such file")
        if args.events.count("-") > 1:
            raise EventFileError("stdin (-) can be given only once")
        writer = RowWriter(args.output, out_fmt, MERGED_COLUMNS, LIST_COLUMNS)
        links = None
        if args.links:
            links = RowWriter(args.links, file_format(args.links, None), LINK_COLUMNS, ())
    except EventFileError as exc:
        print(f"kashf merge: {exc}", file=sys.stderr)
        return 2
    errors = _Errors(args.output)
    read = [0]
    merged = [0]
    events = 0

    def on_links(_: str, rows: list[dict[str, Any]]) -> None:
        merged[0] += len(rows)
        if links is not None:
            for r in rows:
                links.write(r)

    try:
        for row in merge_events(
            _records(args.events, args.format, errors, read),
            on_error=lambda _i, message: errors.add(message),
            on_links=on_links,
        ):
            writer.write(row)
            events += 1
    except EventFileError as exc:
        print(f"kashf merge: {exc}", file=sys.stderr)
        return 2
    finally:
        writer.close()
        if links is not None:
            links.close()
        errors.close()
    print(
        f"kashf merge: {read[0]} rows read = {merged[0]} merged into {events} events"
        f" + {errors.count} reported as errors",
        file=sys.stderr,
    )
    return 1 if errors.count else 0
