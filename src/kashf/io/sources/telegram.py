"""Telegram Desktop exports ("Export chat history", machine-readable JSON) as reports.

The export is one ``result.json``::

    {"name": "...", "type": "public_channel", "id": 1234567890,
     "messages": [{"id": 7, "type": "message", "date": "2024-02-10T08:30:00",
                   "text": ["plain ", {"type": "hashtag", "text": "#tag"}, ...], ...}, ...]}

It can be over a gigabyte, so it is streamed with ijson (a C parser): one message in memory at
a time. The chat header (name, type, id) comes before ``messages`` in every export Telegram
Desktop writes; it is read first by a short pass that stops at ``messages``.

Each message becomes one :class:`SourceReport` (``id`` = ``<chat id>/<message id>``), a
:class:`SourceSkip` (service message, media without a caption, empty) or a
:class:`SourceProblem` (no ``text`` field, a ``text`` of the wrong type, the file cut off).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kashf.io.sources.model import (
    SourceError,
    SourceItem,
    SourceProblem,
    SourceReport,
    SourceSkip,
)

# Fields Telegram writes for attached media: a message with one of these and no text is a
# media-only post (skipped, counted), not a broken one.
_MEDIA_FIELDS: tuple[str, ...] = (
    "photo",
    "file",
    "media_type",
    "sticker_emoji",
    "poll",
    "location_information",
    "contact_information",
    "live_location_period_seconds",
    "place_name",
    "game_title",
    "invoice_information",
    "giveaway_information",
    "todo_list",
)
# Chat types whose posts have a stable "private" link t.me/c/<chat id>/<message id> (it opens in
# the Telegram app for members); other chats (personal, basic groups) have no post links.
_LINKABLE_TYPES = frozenset(
    {"public_channel", "private_channel", "public_supergroup", "private_supergroup"}
)
_USERNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_ISO_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_HEADER_KEYS = frozenset({"name", "type", "id", "username"})


@dataclass(frozen=True, slots=True)
class Chat:
    """The exported chat: what every report from it shares."""

    name: str | None
    type: str | None
    id: str | None
    username: str | None = None

    def report_id(self, message_id: int | str) -> str:
        return f"{self.id if self.id is not None else 'telegram'}/{message_id}"

    def post_url(self, message_id: int | str) -> str | None:
        if self.username:
            return f"https://t.me/{self.username}/{message_id}"
        if self.id is not None and self.type in _LINKABLE_TYPES and str(self.id).isdigit():
            return f"https://t.me/c/{self.id}/{message_id}"
        return None


def clean_username(value: str | None) -> str | None:
    """``@name``, ``name`` or ``https://t.me/name`` → ``name``; raises on anything else."""
    if value is None or not value.strip():
        return None
    name = value.strip()
    name = re.sub(r"^(?:https?://)?(?:www\.)?t(?:elegram)?\.me/", "", name).strip("/")
    name = name.removeprefix("@")
    if not _USERNAME_RE.match(name):
        raise SourceError(
            f"--channel-username {value!r} is not a Telegram username "
            "(5-32 letters, digits or _, starting with a letter)"
        )
    return name


def export_file(path: Path) -> Path:
    """``result.json`` itself, or the export folder holding it."""
    if path.is_dir():
        candidate = path / "result.json"
        if not candidate.is_file():
            raise SourceError(f"{path}: folder has no result.json (not a Telegram export?)")
        return candidate
    return path


def flatten_text(value: Any) -> str | None:
    """The text as a reader sees it: a string, or the pieces of an entity list in order.

    ``None`` when ``value`` is neither (the caller reports it).
    """
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return None
    parts: list[str] = []
    for piece in value:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
            parts.append(piece["text"])
        else:
            return None
    return "".join(parts)


def _forwarded(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def post_date(msg: dict[str, Any]) -> str | None:
    """The post's day: ``date`` as exported (the exporter's clock), else ``date_unixtime`` (UTC)."""
    date = msg.get("date")
    if isinstance(date, str) and _ISO_DAY_RE.match(date):
        return date[:10]
    stamp = msg.get("date_unixtime")
    try:
        seconds = int(stamp) if isinstance(stamp, (str, int)) else None
    except ValueError:
        seconds = None
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date().isoformat()


def message_item(msg: Any, chat: Chat, index: int) -> SourceItem:
    """One exported message as a report, a skip or a problem (pure)."""
    if not isinstance(msg, dict):
        return SourceProblem(f"message #{index}", f"message #{index}: not a JSON object")
    mid = msg.get("id")
    if isinstance(mid, bool) or not isinstance(mid, (int, str)) or mid == "":
        return SourceProblem(
            f"message #{index}", f"message #{index} (counting from 1) has no id", None
        )
    where = f"message {mid}"
    rid = chat.report_id(mid)
    if msg.get("type", "message") != "message":
        return SourceSkip("service", where, rid)
    if "text" not in msg:
        return SourceProblem(where, f"{where}: has no 'text' field", rid)
    text = flatten_text(msg["text"])
    if text is None:
        return SourceProblem(
            where,
            f"{where}: 'text' is neither a string nor a list of strings and entities",
            rid,
            repr(msg["text"])[:160],
        )
    if not text.strip():
        media = any(msg.get(k) not in (None, "", [], {}) for k in _MEDIA_FIELDS)
        return SourceSkip("media_only" if media else "empty", where, rid)
    return SourceReport(
        id=rid,
        text=text,
        date=post_date(msg),
        source=chat.name,
        url=chat.post_url(mid),
        forwarded_from=_forwarded(msg.get("forwarded_from")),
        where=where,
    )


def _json_problem(exc: Exception, last_id: Any, count: int) -> SourceProblem:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    after = f"after message {last_id}" if last_id is not None else "before the first message"
    if "premature EOF" in detail or "incomplete" in detail.lower():
        reason = (
            f"the export is truncated {after} ({count:,} messages read): the file ends in the "
            "middle of the next message; export the chat again to get the rest"
        )
    else:
        reason = (
            f"invalid JSON {after} ({count:,} messages read): {detail}; the rest of the file "
            "cannot be read"
        )
    return SourceProblem(after, reason)


def read_chat(path: Path, channel_username: str | None = None) -> Chat:
    """Read the chat header (stops at ``messages``); raise SourceError if not an export."""
    import ijson

    found: dict[str, Any] = {}
    has_messages = False
    top_keys: list[str] = []
    try:
        with open(path, "rb") as f:
            for n, (prefix, event, value) in enumerate(ijson.parse(f)):
                if n > 100_000:  # an export's header comes first: this is something else
                    break
                if prefix == "" and event == "map_key":
                    top_keys.append(str(value))
                elif prefix in _HEADER_KEYS and event in ("string", "number"):
                    found[prefix] = value
                elif prefix == "messages" and event == "start_array":
                    has_messages = True
                    break
                elif prefix == "" and event in ("start_array", "end_map"):
                    break
    except ijson.JSONError as exc:
        if not has_messages and not top_keys:
            raise SourceError(f"{path}: not JSON ({str(exc).splitlines()[0]})") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if not has_messages:
        if "chats" in top_keys:
            raise SourceError(
                f"{path}: this is a whole-account export; export one channel with "
                "'Export chat history' (JSON) instead"
            )
        raise SourceError(f"{path}: not a Telegram chat export (no 'messages' list)")
    name = found.get("name")
    chat_type = found.get("type")
    chat_id = found.get("id")
    username = clean_username(channel_username) or clean_username_soft(found.get("username"))
    return Chat(
        name=name if isinstance(name, str) else None,
        type=chat_type if isinstance(chat_type, str) else None,
        id=None if chat_id is None else str(chat_id),
        username=username,
    )


def clean_username_soft(value: Any) -> str | None:
    """A username found in the file: used when valid, ignored otherwise."""
    if not isinstance(value, str):
        return None
    try:
        return clean_username(value)
    except SourceError:
        return None


def read_telegram(path: Path, *, channel_username: str | None = None) -> Iterator[SourceItem]:
    """Stream the messages of a Telegram Desktop export (file or export folder)."""
    import ijson

    path = export_file(path)
    chat = read_chat(path, channel_username)
    count = 0
    last_id: Any = None
    try:
        with open(path, "rb") as f:
            for msg in ijson.items(f, "messages.item"):
                count += 1
                item = message_item(msg, chat, count)
                if isinstance(msg, dict):
                    last_id = msg.get("id", last_id)
                yield item
    except ijson.JSONError as exc:
        yield _json_problem(exc, last_id, count)
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
