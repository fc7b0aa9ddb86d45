"""Posts where they live: Telegram channel exports, saved article pages, folders of text.

>>> from pathlib import Path
>>> from kashf.io.sources import read_source
>>> for item in read_source(Path("export/result.json")):   # doctest: +SKIP
...     print(item)

:func:`read_source` yields, for each post or file in input order, exactly one of
:class:`SourceReport` (a report to restore and extract, with its ``source``, ``url``,
``forwarded_from``), :class:`SourceSkip` (service message, media without text, empty file:
counted, not an error) or :class:`SourceProblem` (unreadable, with a message naming the message
id or file). :func:`annotate` adds the repost marks (:mod:`kashf.io.sources.dedupe`).
``kashf batch`` and ``kashf extract`` read these formats with ``--input-format
telegram|html|txt-dir`` or when the content says so (:func:`resolve_format`), through
:class:`SourceRows`: the posts as rows, each report with its metadata.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kashf.io.readers import STDIN, InputError, Position, Reader, input_format
from kashf.io.rows import ColumnSpec, InputRow, RowError, row_from_fields
from kashf.io.sources.dedupe import DEFAULT_THRESHOLD, DEFAULT_WINDOW, Deduper, RepostMark
from kashf.io.sources.detect import ROW_FORMATS, SOURCE_FORMATS, detect_format
from kashf.io.sources.folder import read_txt_dir
from kashf.io.sources.html import read_html
from kashf.io.sources.model import (
    SourceCounts,
    SourceError,
    SourceItem,
    SourceProblem,
    SourceReport,
    SourceSkip,
)
from kashf.io.sources.telegram import clean_username, read_telegram

_ROW_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".parquet", ".pq")

__all__ = [
    "ROW_FORMATS",
    "SOURCE_FORMATS",
    "Deduper",
    "RepostMark",
    "SourceCounts",
    "SourceError",
    "SourceItem",
    "SourceOptions",
    "SourceProblem",
    "SourceReport",
    "SourceRows",
    "SourceSkip",
    "annotate",
    "read_source",
    "resolve_format",
    "resolve_input",
]


def resolve_format(path: Path, given: str | None = None) -> str | None:
    """The source format to read ``path`` with, or ``None`` for the row formats.

    ``given`` (``--input-format``) wins; otherwise the content decides (:func:`detect_format`).
    ``None`` means: a JSONL/CSV/Parquet file (or plain text for ``kashf extract``).
    """
    if given:
        if given in SOURCE_FORMATS:
            return given
        if given in ROW_FORMATS or given == "text":
            return None
        raise SourceError(
            f"unknown input format {given!r} (use {', '.join(SOURCE_FORMATS + ROW_FORMATS)})"
        )
    return detect_format(path)


def read_source(
    path: Path, fmt: str | None = None, *, channel_username: str | None = None
) -> Iterator[SourceItem]:
    """Stream the posts of ``path`` (format given or detected)."""
    fmt = resolve_format(path, fmt)
    if fmt is None:
        raise SourceError(f"{path}: not a Telegram export, an HTML page or a folder of pages/.txt")
    if channel_username is not None and fmt != "telegram":
        raise SourceError("--channel-username applies to Telegram exports only")
    if fmt == "telegram":
        return read_telegram(path, channel_username=channel_username)
    return read_html(path) if fmt == "html" else read_txt_dir(path)


def annotate(
    items: Iterable[SourceItem], counts: SourceCounts, deduper: Deduper | None = None
) -> Iterator[tuple[SourceItem, dict[str, Any]]]:
    """Each item with the metadata its records carry (``source``, ``url``, repost marks).

    Counts every item into ``counts``; reports are checked for reposts when ``deduper`` is
    given (in input order: the first of several copies is the original).
    """
    for item in items:
        counts.add(item)
        if not isinstance(item, SourceReport):
            yield item, {}
            continue
        meta: dict[str, Any] = item.meta()
        mark = deduper.mark(item.id, item.text) if deduper is not None else RepostMark()
        if mark.duplicate_of is not None:
            counts.duplicates += 1
        elif mark.similar_to is not None:
            counts.near_duplicates += 1
        meta.update(mark.to_dict())
        yield item, meta


@dataclass(frozen=True)
class SourceOptions:
    channel_username: str | None = None  # Telegram: records link to t.me/<username>/<id>
    dedupe: bool = True  # mark reposts (duplicate_of, similar_to)
    near_threshold: float = DEFAULT_THRESHOLD
    near_window: int = DEFAULT_WINDOW

    def check(self, fmt: str | None) -> None:
        """Refuse options that do not fit the input (before any work starts)."""
        if not 0.0 < self.near_threshold <= 1.0:
            raise SourceError("--near-threshold must be in (0, 1]")
        if self.channel_username is not None:
            if fmt != "telegram":
                raise SourceError("--channel-username applies to Telegram exports only")
            clean_username(self.channel_username)


class SourceRows(Reader):
    """A source as rows for the batch runner and ``kashf extract``, in input order.

    Each report becomes an :class:`~kashf.io.rows.InputRow` whose ``meta`` holds its source,
    url, forwarding and repost marks; an unreadable post a :class:`~kashf.io.rows.RowError`
    naming it; skipped posts are only counted (:attr:`counts`). Starting after ``start.row``
    rows (a resume) reads and dedupes the done part again, so counts and repost marks are
    those of an uninterrupted run, but yields only the rows after it.
    """

    def __init__(
        self,
        path: Path,
        fmt: str,
        options: SourceOptions,
        spec: ColumnSpec,
        start: Position | None = None,
    ) -> None:
        super().__init__(path, start)
        self.counts = SourceCounts()
        # A post's fields have fixed names whatever --text-col etc. say; its id is always set.
        self._spec = replace(
            spec, text="text", id="id", date="date", id_required=True, date_required=False
        )
        self._deduper = (
            Deduper(threshold=options.near_threshold, window=options.near_window)
            if options.dedupe
            else None
        )
        self._items = read_source(path, fmt, channel_username=options.channel_username)

    def _read(self) -> Iterator[InputRow | RowError]:
        row = 0
        for item, meta in annotate(self._items, self.counts, self._deduper):
            if isinstance(item, SourceSkip):
                continue
            row += 1
            self.position = Position(row, 0, None)
            if isinstance(item, SourceProblem):
                yield RowError(row, 0, item.reason, item.id, item.excerpt)
            else:
                fields = {**item.to_row(), **meta}
                yield row_from_fields(fields, self._spec, row, 0, at=item.where or item.id)


def resolve_input(
    path: Path, given: str | None, source: SourceOptions, *, text: bool = False
) -> str:
    """The format ``path`` is read in: a source format (:data:`SOURCE_FORMATS`), a row format,
    or (with ``text``, for ``kashf extract``) ``text``: one plain-text report."""
    if path != STDIN and not path.exists():
        raise InputError(f"cannot read {path}: no such file")
    fmt = None if path == STDIN else resolve_format(path, given)
    source.check(fmt)
    if fmt is not None:
        return fmt
    if path.is_dir():
        raise InputError(f"{path}: not a file")
    if text and (given == "text" or (given is None and path.suffix.lower() not in _ROW_SUFFIXES)):
        return "text"
    return input_format(path, given)
