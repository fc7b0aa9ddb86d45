"""Tell the input format from the content (``--input-format`` overrides).

Files: a Telegram export is one JSON object with a ``messages`` list (read with ijson, stopping
there); a page starts with ``<!doctype html``/``<html``; anything else is left to the
extension rules of :func:`kashf.io.readers.input_format` (JSONL, CSV, Parquet). Folders: an
export folder holds ``result.json``; else the folder's ``.html`` or ``.txt`` files decide.
"""

from __future__ import annotations

import re
from pathlib import Path

from kashf.io.sources.folder import txt_files
from kashf.io.sources.html import html_files
from kashf.io.sources.model import SourceError
from kashf.io.sources.telegram import read_chat

SOURCE_FORMATS: tuple[str, ...] = ("telegram", "html", "txt-dir")
ROW_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")

_HTML_HEAD_RE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S)
_JSON_OBJECT_START_RE = re.compile(rb"^\s*\{\s*(?:\"([^\"]*)\")?")


def _head(path: Path, size: int = 4096) -> bytes:
    with open(path, "rb") as f:
        data = f.read(size)
    return data.removeprefix(b"\xef\xbb\xbf")


def is_telegram_export(path: Path) -> bool:
    """One JSON object whose top level has a ``messages`` list (reads only up to it)."""
    head = _head(path)
    m = _JSON_OBJECT_START_RE.match(head)
    if not m:
        return False
    # A JSONL row ends its object on the first line; an export's first line is just "{".
    first_line = head.split(b"\n", 1)[0]
    if first_line.strip() not in (b"{", b"") and first_line.rstrip().endswith(b"}"):
        return False
    try:
        read_chat(path)
    except SourceError:
        return False
    return True


def is_html(path: Path) -> bool:
    return bool(_HTML_HEAD_RE.match(_head(path)))


def detect_format(path: Path) -> str | None:
    """``telegram``/``html``/``txt-dir`` when the content says so, else ``None``."""
    if path.is_dir():
        if (path / "result.json").is_file():
            return "telegram"
        has_html, has_txt = bool(html_files(path)), bool(txt_files(path))
        if has_html and has_txt:
            raise SourceError(
                f"{path}: folder holds both .html and .txt files; pass --input-format html "
                "or --input-format txt-dir"
            )
        if has_html:
            return "html"
        if has_txt:
            return "txt-dir"
        raise SourceError(f"{path}: folder has no result.json, .html or .txt files to read")
    if not path.is_file():
        raise SourceError(f"{path}: no such file or folder")
    try:
        if path.suffix.lower() in (".json", "") and is_telegram_export(path):
            return "telegram"
        if is_html(path):
            return "html"
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return None
