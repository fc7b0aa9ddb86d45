"""What a source reader yields: a report to process, a post skipped on purpose, or a problem.

Every post a reader meets becomes exactly one of the three, so the counts always add up:
``seen = reports + skipped + problems``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from kashf.io.readers import InputError

SkipKind = Literal["service", "media_only", "empty"]


class SourceError(InputError):
    """The input as a whole cannot be read as the asked/detected format (message says why)."""


@dataclass(frozen=True, slots=True)
class SourceReport:
    """One post or page, ready to restore and extract.

    ``text`` is exactly what a reader sees (Telegram entity lists flattened in order, an
    article's main text without its title), so evidence offsets are offsets into it.
    """

    id: str
    text: str
    date: str | None = None  # ISO YYYY-MM-DD: the post's date, default for event_date
    source: str | None = None  # channel or site name (ACLED's ``source``)
    url: str | None = None  # where a reviewer can open the original (http/https only)
    forwarded_from: str | None = None
    title: str | None = None  # an article's headline, kept apart from the body
    where: str = ""  # "message 45" / "pages/a.html": how messages name it

    def meta(self) -> dict[str, Any]:
        return {"source": self.source, "url": self.url, "forwarded_from": self.forwarded_from}

    def to_row(self) -> dict[str, Any]:
        """The row form: id, text, date, the metadata and (for a page) the title."""
        row: dict[str, Any] = {"id": self.id, "text": self.text, "date": self.date}
        row.update(self.meta())
        if self.title is not None:
            row["title"] = self.title
        return row


@dataclass(frozen=True, slots=True)
class SourceSkip:
    """A post with nothing to extract from (service message, photo without caption, ...)."""

    kind: SkipKind
    where: str
    id: str | None = None


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """A post or file that could not be read; ``reason`` names it (message id, file name)."""

    where: str
    reason: str
    id: str | None = None
    excerpt: str = ""

SourceItem = SourceReport | SourceSkip | SourceProblem


@dataclass
class SourceCounts:
    """How many posts a reader met and what became of each."""

    reports: int = 0
    problems: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    near_duplicates: int = 0

    @property
    def seen(self) -> int:
        return self.reports + self.problems + sum(self.skipped.values())

    def add(self, item: SourceItem) -> None:
        if isinstance(item, SourceReport):
            self.reports += 1
        elif isinstance(item, SourceSkip):
            self.skipped[item.kind] = self.skipped.get(item.kind, 0) + 1
        else:
            self.problems += 1

    def text(self, what: str = "posts") -> str:
        parts = [f"{self.seen:,} {what}", f"{self.reports:,} reports"]
        labels = {
            "service": "service messages",
            "media_only": "media without text",
            "empty": "empty",
        }
        parts += [f"{n:,} {labels.get(k, k)} skipped" for k, n in sorted(self.skipped.items())]
        if self.problems:
            parts.append(f"{self.problems:,} unreadable")
        if self.duplicates or self.near_duplicates:
            parts.append(f"{self.duplicates:,} exact reposts, {self.near_duplicates:,} near copies")
        return ", ".join(parts)
