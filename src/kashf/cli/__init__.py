"""The ``kashf`` command line: one module per sub-command, each with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Sub-command modules under kashf.cli; each defines register(subparsers) and sets a handler
# ``func(args) -> int`` on its parser with ``set_defaults(func=...)``.
COMMANDS: tuple[str, ...] = (
    "restore",
    "batch",
    "serve",
    "gazetteer",
    "extract",
    "evaluate",
    "merge",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kashf",
        description="Undo Arabic evasion spelling and extract conflict events.",
    )
    from kashf import __version__

    parser.add_argument("--version", action="version", version=f"kashf {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"kashf.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output closed early (e.g. piped into `head`): not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as exc:
        # A full disk or a vanished output: say so, without a traceback.
        print(
            f"kashf {args.command}: cannot write the output: {exc.strerror or exc}", file=sys.stderr
        )
        return 1
