"""A folder of ``.txt`` files as reports: one report per file, id = the relative path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kashf.io.sources.model import (
    SourceError,
    SourceItem,
    SourceProblem,
    SourceReport,
    SourceSkip,
)

TXT_SUFFIXES: tuple[str, ...] = (".txt",)


def files_under(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files under ``folder`` with one of ``suffixes`` (hidden ones left out), sorted by
    relative path (a stable report order)."""
    found = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if p.is_file() and p.suffix.lower() in suffixes:
            found.append(p)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def txt_files(folder: Path) -> list[Path]:
    """The text files under ``folder``."""
    return files_under(folder, TXT_SUFFIXES)


def each_file(
    files: list[Path], base: Path, item: Callable[[bytes, str], SourceItem]
) -> Iterator[SourceItem]:
    """``item(bytes, relative path)`` of each file; a file that cannot be read is a problem
    row of its own, and the others go on."""
    for file in files:
        rel = file.relative_to(base).as_posix()
        try:
            data = file.read_bytes()
        except OSError as exc:
            yield SourceProblem(rel, f"{rel}: cannot read ({exc.strerror or exc})", rel)
            continue
        yield item(data, rel)


def file_item(data: bytes, rel: str) -> SourceItem:
    """One file's bytes as a report (pure)."""
    if b"\x00" in data:
        return SourceProblem(rel, f"{rel}: contains NUL bytes (binary file?)", rel)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return SourceProblem(rel, f"{rel}: not UTF-8 text (byte {exc.start})", rel)
    if not text.strip():
        return SourceSkip("empty", rel, rel)
    # Line ends as ``kashf extract FILE`` reads them (universal newlines), so offsets agree.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceReport(id=rel, text=text, where=rel)


def read_txt_dir(folder: Path) -> Iterator[SourceItem]:
    if not folder.is_dir():
        raise SourceError(f"{folder}: not a folder (txt-dir reads a folder of .txt files)")
    files = txt_files(folder)
    if not files:
        raise SourceError(f"{folder}: folder has no .txt files")
    yield from each_file(files, folder, file_item)
