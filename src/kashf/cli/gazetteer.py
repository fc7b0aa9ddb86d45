"""``kashf gazetteer``: import places into the user gazetteer, look names up, spot places.

- ``kashf gazetteer import FILE.csv [--dry-run] [--verbose]``: add the CSV's new places to the
  user gazetteer (``$KASHF_DATA_DIR/gazetteer/user_places.tsv``); bad rows are reported with
  their line number and counted; a summary goes to stdout.
- ``kashf gazetteer lookup NAME [--json]``: the places called NAME.
- ``kashf gazetteer find [FILE] [--hint ADMIN1]``: place mentions in a text, one JSON per line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "gazetteer",
        help="the place gazetteer: import, lookup, find",
        description="Manage and query the Syrian place gazetteer.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    imp = actions.add_parser("import", help="add places from a CSV to the user gazetteer")
    imp.add_argument(
        "file",
        help="CSV (- for stdin) with name_ar, name_en, latitude, longitude and admin "
        "p-codes or names (column names are recognised)",
    )
    imp.add_argument("--dry-run", action="store_true", help="check the file, store nothing")
    imp.add_argument(
        "--verbose",
        action="store_true",
        help="also list rows skipped as already known, and remarks",
    )
    imp.set_defaults(func=run_import)
    look = actions.add_parser("lookup", help="print the places called NAME")
    look.add_argument("name", help="Arabic or English name")
    look.add_argument("--json", action="store_true", help="one JSON object per place")
    look.set_defaults(func=run_lookup)
    find = actions.add_parser("find", help="place mentions in a text (one JSON per mention)")
    find.add_argument("file", nargs="?", help="UTF-8 text file; stdin when omitted or -")
    find.add_argument(
        "--hint",
        action="append",
        default=None,
        metavar="ADMIN1",
        help="governorate the text is about (ACLED spelling); repeatable",
    )
    find.set_defaults(func=run_find)
    p.set_defaults(func=lambda args: _usage(p))


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return 2


def run_import(args: argparse.Namespace) -> int:
    if args.file == "-":  # stdin: read once into a file the CSV reader can sniff and re-read
        with tempfile.TemporaryDirectory(prefix="kashf-import-") as tmp:
            path = Path(tmp) / "stdin.csv"
            path.write_bytes(sys.stdin.buffer.read())
            return _import(args, path, "stdin")
    path = Path(args.file)
    if not path.is_file():
        print(f"kashf gazetteer import: no such file: {path}", file=sys.stderr)
        return 2
    return _import(args, path, str(path))


def _import(args: argparse.Namespace, path: Path, name: str) -> int:
    from kashf.gazetteer.gazetteer import user_places_path
    from kashf.gazetteer.userdb import import_csv

    try:
        report = import_csv(path, dry_run=args.dry_run)
    except (ValueError, UnicodeDecodeError) as exc:
        print(f"kashf gazetteer import: {str(exc).replace(str(path), name)}", file=sys.stderr)
        return 2
    for prob in report.skipped:
        print(f"{name}: line {prob.line}: skipped: {prob.reason}", file=sys.stderr)
    if args.verbose:
        for prob in report.duplicates:
            print(f"{name}: line {prob.line}: skipped: {prob.reason}", file=sys.stderr)
        for prob in report.notes:
            print(f"{name}: line {prob.line}: note: {prob.reason}", file=sys.stderr)
    print(report.summary())
    if args.dry_run:
        print("dry run: nothing stored")
    elif report.added:
        print(f"stored in {user_places_path()}")
    return (
        0
        if report.rows_read and not (report.skipped and not report.added and not report.duplicates)
        else 1
    )


def run_lookup(args: argparse.Namespace) -> int:
    from kashf.gazetteer import Gazetteer

    places = Gazetteer.default().lookup(args.name)
    if not places:
        print(f"kashf gazetteer lookup: no place called {args.name!r}", file=sys.stderr)
        return 1
    for p in places:
        if args.json:
            print(json.dumps(p.to_dict(), ensure_ascii=False))
        else:
            admin = " / ".join(a for a in (p.admin1, p.admin2, p.admin3) if a)
            print(
                f"{p.name_ar}\t{p.name_en}\t{p.kind}\t{admin}\t{p.latitude:.5f},"
                f"{p.longitude:.5f}\t{p.pcode or '-'}\t{p.source}\trank {p.rank}"
            )
    return 0


def run_find(args: argparse.Namespace) -> int:
    from kashf.gazetteer import find_places

    try:
        from_file = args.file and args.file != "-"
        text = Path(args.file).read_text(encoding="utf-8") if from_file else sys.stdin.read()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kashf gazetteer find: cannot read input: {exc}", file=sys.stderr)
        return 2
    try:
        mentions = find_places(text, admin1_hint=args.hint)
    except ValueError as exc:
        print(f"kashf gazetteer find: {exc}", file=sys.stderr)
        return 2
    for m in mentions:
        print(json.dumps(m.to_dict(), ensure_ascii=False))
    return 0
