"""Saved article pages (``.html``) as reports: main text by trafilatura, date by htmldate.

The headline is kept apart from the body (``title``; the report text is the body only, so a
headline that repeats the lead does not double its events), the page's canonical URL (``<link
rel="canonical">`` or ``og:url``) becomes ``url``, the site name ``source``. The publication
date comes from the page's markup and metadata only (htmldate without its extensive search):
a guessed date would be worse than none, since it becomes the events' default date.

Needs the ``html`` extra: ``pip install 'kashf[html]'``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kashf.io.sources.folder import each_file, files_under
from kashf.io.sources.model import SourceError, SourceItem, SourceProblem, SourceReport

HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml")
# Less main text than this (letters and digits) is not an article: navigation, an error page.
MIN_TEXT_CHARS = 25
_WORD_RE = re.compile(r"\w", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")


def _need() -> tuple[Any, Any]:
    try:
        import htmldate
        import trafilatura
    except ImportError as exc:
        raise SourceError(
            "reading HTML pages needs trafilatura: pip install 'kashf[html]'"
        ) from exc
    return trafilatura, htmldate


def _same_line(a: str, b: str) -> bool:
    return _SPACE_RE.sub(" ", a).strip() == _SPACE_RE.sub(" ", b).strip()


def split_title(text: str, title: str | None) -> str:
    """The body: ``text`` without a first line that repeats the headline."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if _same_line(first, title) else text


def _http_url(value: Any) -> str | None:
    if isinstance(value, str) and re.match(r"^https?://[^\s/]+", value.strip(), re.I):
        return value.strip()
    return None


def page_report(html: str | bytes, report_id: str, where: str) -> SourceItem:
    """One saved page as a report, or a problem naming the file (pure, given the libraries)."""
    trafilatura, htmldate = _need()
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # the library choking on one page must not stop a folder
        return SourceProblem(where, f"{where}: cannot parse the page ({exc})", report_id)
    text = getattr(doc, "text", None) if doc is not None else None
    title = getattr(doc, "title", None) if doc is not None else None
    body = split_title(text or "", title).strip()
    if len(_WORD_RE.findall(body)) < MIN_TEXT_CHARS:
        return SourceProblem(where, f"{where}: no main text found in the page", report_id)
    try:
        date = htmldate.find_date(
            html,
            original_date=True,
            extensive_search=False,
            outputformat="%Y-%m-%d",
        )
    except Exception:  # a page htmldate cannot read has no date, not no report
        date = None
    site = getattr(doc, "sitename", None) or getattr(doc, "hostname", None)
    return SourceReport(
        id=report_id,
        text=body,
        date=date if isinstance(date, str) else None,
        source=site if isinstance(site, str) and site.strip() else None,
        url=_http_url(getattr(doc, "url", None)),
        title=title if isinstance(title, str) and title.strip() else None,
        where=where,
    )


def html_files(folder: Path) -> list[Path]:
    """The pages under ``folder``."""
    return files_under(folder, HTML_SUFFIXES)


def read_html(path: Path) -> Iterator[SourceItem]:
    """One page, or every page of a folder (id = the path relative to the folder)."""
    _need()
    if path.is_dir():
        files = html_files(path)
        if not files:
            raise SourceError(f"{path}: folder has no .html files")
        base = path
    else:
        files, base = [path], path.parent
    yield from each_file(files, base, lambda data, rel: page_report(data, rel, rel))
