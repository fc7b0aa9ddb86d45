"""``kashf restore [FILE]``: restore each line of FILE (or stdin) and write it to stdout.

One output line per input line, always; the line ending of each input line is kept (CRLF stays
CRLF). Invalid UTF-8 stops with the line and byte offset, unless ``--errors replace``.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO

from kashf.restore import Restoration, restore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "restore",
        help="undo evasion spelling, line by line",
        description="Restore Arabic text written to evade filters. Reads FILE or stdin; writes "
        "one line per input line.",
    )
    p.add_argument("file", nargs="?", help="input file (UTF-8); stdin when omitted or -")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--json", action="store_true", help="one JSON object per line: text, edits, score"
    )
    mode.add_argument("--explain", action="store_true", help="list every edit for a person to read")
    p.add_argument(
        "--errors",
        choices=("strict", "replace"),
        default="strict",
        help="invalid UTF-8: stop with an error (strict, default) or use U+FFFD and go on",
    )
    p.set_defaults(func=run)


class InputError(Exception):
    """Bad input that stops the command, with a message for the user."""


def read_lines(stream: BinaryIO, errors: str = "strict") -> Iterator[tuple[str, str]]:
    """Yield (line, ending) pairs, decoding UTF-8; the ending is "\\n", "\\r\\n" or ""."""
    offset = 0
    for number, raw in enumerate(stream, start=1):
        ending = b"\r\n" if raw.endswith(b"\r\n") else b"\n" if raw.endswith(b"\n") else b""
        body = raw[: len(raw) - len(ending)]
        try:
            line = body.decode("utf-8", errors=errors)
        except UnicodeDecodeError as exc:
            bad = body[exc.start]
            raise InputError(
                f"invalid UTF-8 on line {number}, byte offset {offset + exc.start} in the input "
                f"(byte 0x{bad:02x}); use --errors replace to go on"
            ) from None
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]  # a UTF-8 byte order mark is not text
        offset += len(raw)
        yield line, ending.decode("ascii")


def visible(s: str) -> str:
    """Show invisible and format characters as ⟨U+XXXX⟩ so a person can see what was there."""
    return "".join(
        f"⟨U+{ord(ch):04X}⟩" if unicodedata.category(ch) in ("Cf", "Cc", "Zs") and ch != " " else ch
        for ch in s
    )


def explain(number: int, r: Restoration) -> Iterator[str]:
    for e in r.edits:
        raw, new = visible(e.original) or "∅", visible(e.replacement) or "∅"
        yield f"{number}:{e.start}\t{raw} → {new}\t{e.technique}"


def run(args: argparse.Namespace) -> int:
    out = sys.stdout.buffer  # bytes: UTF-8 whatever the locale, line endings as given

    def write(text: str) -> None:
        out.write(text.encode("utf-8"))

    try:
        if args.file and args.file != "-":
            try:
                stream: BinaryIO = open(args.file, "rb")  # noqa: SIM115 - closed below
            except OSError as exc:
                print(f"kashf restore: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
                return 2
        else:
            stream = sys.stdin.buffer
        try:
            for number, (line, ending) in enumerate(read_lines(stream, args.errors), start=1):
                r = restore(line)
                if args.json:
                    write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
                elif args.explain:
                    for row in explain(number, r):
                        write(row + "\n")
                else:
                    write(r.text + ending)
        finally:
            if args.file:
                stream.close()
    except InputError as exc:
        out.flush()
        print(f"kashf restore: {exc}", file=sys.stderr)
        return 1
    out.flush()
    return 0
