"""``kashf batch INPUT -o OUTPUT``: restore/extract a whole corpus on all cores, resumably."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kashf.cli.rows import add_input_options, source_options
from kashf.io.batch import DEFAULT_CHUNK_ROWS, BatchError, BatchOptions, run_batch
from kashf.io.progress import Progress
from kashf.io.readers import DEFAULT_MAX_LINE_BYTES, InputError
from kashf.io.rows import DEFAULT_MAX_TEXT_CHARS, ColumnSpec
from kashf.io.writers import OutputError

# Exit statuses: 0 done; 1 the run failed (output not written); 2 bad usage or unreadable input;
# 3 done, but some rows are in the errors file and --strict was given.
EXIT_FAILED, EXIT_BAD_INPUT, EXIT_ROW_ERRORS = 1, 2, 3


def _positive(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help="process a JSONL/CSV/Parquet corpus into event records on all cores",
        description=(
            "Read INPUT (JSONL, CSV or Parquet: one report per row; - for stdin; or a Telegram "
            "export, saved pages, a folder of .txt files), restore and extract events, "
            "write OUTPUT (JSONL, CSV, GeoJSON or Parquet, by extension or --format). Rows that "
            "cannot be read or processed go to OUTPUT.errors.jsonl with their line/row number and "
            "the reason; rows read = rows done + errors."
        ),
    )
    p.add_argument("input", type=Path, metavar="INPUT")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUTPUT")
    p.add_argument(
        "--merge",
        type=Path,
        metavar="MERGED",
        help="after the batch, merge its events into one row per real-world event in MERGED "
        "(as kashf merge OUTPUT -o MERGED; JSONL, CSV or Parquet by extension)",
    )
    p.add_argument("--format", choices=("jsonl", "csv", "geojson", "parquet"), help="output format")
    add_input_options(p, ("jsonl", "csv", "parquet", "telegram", "html", "txt-dir"))
    p.add_argument("--text-col", default="text", help="field holding the text (default: text)")
    p.add_argument(
        "--id-col", default=None, help="field holding the report id (default: id, else row number)"
    )
    p.add_argument(
        "--date-col", default=None, help="field holding the report date YYYY-MM-DD (default: date)"
    )
    p.add_argument(
        "--delimiter", default=None, help="CSV delimiter (default: detected from the header)"
    )
    p.add_argument(
        "--task",
        default="extract",
        help="extract (event records, default), restore (restored text), or module:function",
    )
    p.add_argument(
        "--workers", type=_positive, default=0, help="worker processes (default: all cores)"
    )
    p.add_argument(
        "--chunk-rows",
        type=_positive,
        default=DEFAULT_CHUNK_ROWS,
        help=f"rows per committed chunk (default: {DEFAULT_CHUNK_ROWS})",
    )
    p.add_argument(
        "--resume", action="store_true", help="continue an interrupted run of the same command"
    )
    p.add_argument(
        "--overwrite", action="store_true", help="discard an interrupted run and start again"
    )
    p.add_argument(
        "--max-line-bytes",
        type=_positive,
        default=DEFAULT_MAX_LINE_BYTES,
        help="rows longer than this are reported, not read",
    )
    p.add_argument(
        "--max-text-chars",
        type=_positive,
        default=DEFAULT_MAX_TEXT_CHARS,
        help="texts longer than this are reported, not processed",
    )
    p.add_argument(
        "--strict", action="store_true", help=f"exit {EXIT_ROW_ERRORS} if any row failed"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    p.add_argument(
        "--progress-interval",
        type=float,
        default=10.0,
        help="seconds between progress lines when stderr is not a terminal",
    )
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    spec = ColumnSpec(
        text=args.text_col,
        id=args.id_col or "id",
        date=args.date_col or "date",
        id_required=args.id_col is not None,
        date_required=args.date_col is not None,
        max_text_chars=args.max_text_chars or DEFAULT_MAX_TEXT_CHARS,
        keep=tuple(args.keep),
    )
    opts = BatchOptions(
        input=args.input,
        output=args.output,
        input_format=args.input_format,
        output_format=args.format,
        spec=spec,
        task=args.task,
        workers=args.workers,
        chunk_rows=args.chunk_rows or DEFAULT_CHUNK_ROWS,
        resume=args.resume,
        overwrite=args.overwrite,
        delimiter=args.delimiter,
        max_line_bytes=args.max_line_bytes or DEFAULT_MAX_LINE_BYTES,
        source=source_options(args),
    )
    geojson = args.format == "geojson" or args.output.suffix.lower() == ".geojson"
    if args.merge is not None and (args.task != "extract" or geojson):
        print(
            "kashf batch: --merge needs event records (task extract, not GeoJSON)", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    progress = None
    if not args.quiet:
        progress = Progress(sys.stderr, live=sys.stderr.isatty(), interval=args.progress_interval)
    try:
        summary = run_batch(opts, progress=progress)
    except InputError as exc:
        print(f"kashf batch: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (BatchError, OutputError) as exc:
        print(f"kashf batch: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(summary.text(), file=sys.stderr)
    if summary.rows_read == 0:
        what = "reports" if summary.source is not None else "rows"
        print(f"kashf batch: warning: {args.input} has no {what}", file=sys.stderr)
    if args.merge is not None:
        from kashf.cli import merge as merge_cli

        status = merge_cli.run(
            argparse.Namespace(
                events=[str(args.output)], output=str(args.merge), format=None, links=None
            )
        )
        if status:
            return status
    return EXIT_ROW_ERRORS if args.strict and summary.errors else 0
