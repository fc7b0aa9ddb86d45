"""What ``kashf batch`` and ``kashf extract`` both read: where the rows come from.

Not a command (it is not in :data:`kashf.cli.COMMANDS`): the options the two commands share, and
the :class:`~kashf.io.sources.SourceOptions` they make of them.
"""

from __future__ import annotations

import argparse

from kashf.io.sources import SourceOptions
from kashf.io.sources.dedupe import DEFAULT_THRESHOLD


def add_input_options(p: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """``--input-format`` (one of ``formats``), the Telegram/dedupe options and ``--keep``."""
    p.add_argument(
        "--input-format",
        choices=formats,
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
        "--no-dedupe",
        action="store_true",
        help="do not mark reposts (duplicate_of / similar_to) in Telegram/HTML/txt-dir input",
    )
    p.add_argument(
        "--near-threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help="similarity (0-1] from which a report is marked as a near copy (default: 0.8)",
    )
    p.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="COL",
        help="copy this input field into every record of its row (repeatable)",
    )


def source_options(args: argparse.Namespace) -> SourceOptions:
    return SourceOptions(
        channel_username=args.channel_username,
        dedupe=not args.no_dedupe,
        near_threshold=args.near_threshold,
    )
