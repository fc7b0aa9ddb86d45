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
telegram|html|txt-dir`` or when the content says so (:func:`resolve_format`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kashf.io.sources.dedupe import Deduper, RepostMark, normalise
from kashf.io.sources.detect import ROW_FORMATS, SOURCE_FORMATS, detect_format
from kashf.io.sources.model import (
    DEDUPE_FIELDS,
    META_FIELDS,
    SourceCounts,
    SourceError,
    SourceItem,
    SourceProblem,
    SourceReport,
    SourceSkip,
)

__all__ = [
    "DEDUPE_FIELDS",
    "META_FIELDS",
    "ROW_FORMATS",
    "SOURCE_FORMATS",
    "Deduper",
    "RepostMark",
    "SourceCounts",
    "SourceError",
    "SourceItem",
    "SourceProblem",
    "SourceReport",
    "SourceSkip",
    "annotate",
    "normalise",
    "read_source",
    "resolve_format",
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
        from kashf.io.sources.telegram import read_telegram

        return read_telegram(path, channel_username=channel_username)
    if fmt == "html":
        from kashf.io.sources.html import read_html

        return read_html(path)
    from kashf.io.sources.folder import read_txt_dir

    return read_txt_dir(path)


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
