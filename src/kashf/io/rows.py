"""One input row, from the bytes a reader saw to the values a processor needs.

Readers only cut the input into :class:`RawItem` values (cheap, in the main process); the
parsing and checking below runs in the worker processes, so JSON decoding scales with the
workers too. Every problem becomes a :class:`RowError` whose ``reason`` names what is wrong in
words a person can act on; nothing is dropped without one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kashf.extract.dates import parse_report_date
from kashf.extract.records import REPORT_COLUMNS

# Over this, a row is reported instead of processed: one huge row must not stall a corpus run.
DEFAULT_MAX_TEXT_CHARS = 1_000_000
# How much of a bad row the error file quotes: enough to find it, not a copy of the input.
EXCERPT_CHARS = 160

_LONE_SURROGATE_RE = re.compile("[\udc80-\udcff]")
# The fields of a row that describe the report rather than its text (where it was posted,
# whether it is a repost), carried into every record it gives.
META_COLUMNS: tuple[str, ...] = REPORT_COLUMNS


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """Which fields hold the text, the report id and the report date.

    ``id_required``/``date_required`` are set when the user named the field explicitly: a row
    without it is then an error instead of falling back to the row number / no date.
    """

    text: str = "text"
    id: str = "id"
    date: str = "date"
    id_required: bool = False
    date_required: bool = False
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    keep: tuple[str, ...] = ()  # more fields copied into every record (``--keep COL``)
    default_date: str | None = None  # for rows without a date (``kashf extract --date``)

    def fields(self) -> tuple[str, ...]:
        """Every field a row is read for (readers that pick columns read these)."""
        return tuple(dict.fromkeys((self.text, self.id, self.date, *META_COLUMNS, *self.keep)))


@dataclass(frozen=True, slots=True)
class RawItem:
    """One row as a reader cut it, not yet judged.

    ``payload`` is a JSONL line (bytes, without its line break), or the fields a CSV/Parquet
    reader already split out (a dict). ``problem`` is set when the reader itself could not read
    the row (a line over the size limit, a CSV row with the wrong number of fields, ...).
    ``last_unterminated`` marks a final JSONL line with no line break: if it does not parse it
    was most likely cut off.
    """

    row: int  # 1-based number among the rows of the input (blank lines are not rows)
    line: int  # 1-based physical line where the row starts (0 when the format has no lines)
    payload: bytes | dict[str, Any]
    problem: str | None = None
    last_unterminated: bool = False


@dataclass(frozen=True, slots=True)
class InputRow:
    """A row ready for processing; ``meta`` is what every record of it carries (see
    :data:`META_COLUMNS`, plus the ``--keep`` fields)."""

    row: int
    line: int
    id: str
    text: str
    date: str | None  # ISO YYYY-MM-DD (or YYYY-MM / YYYY when only that is known)
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that could not be read or processed, and why."""

    row: int
    line: int
    reason: str
    id: str | None = None
    excerpt: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "line": self.line,
            "id": self.id,
            "reason": self.reason,
            "excerpt": self.excerpt,
        }


def missing_columns(names: list[str], spec: ColumnSpec, flag: str = "--text-col") -> str | None:
    """Why a table with these columns cannot be read (no text column, a named id/date column
    missing), or ``None``: the words of every table reader."""
    shown = ", ".join(map(repr, names[:12]))
    if spec.text not in names:
        return f"no text column {spec.text!r} (columns: {shown}); set the column with {flag}"
    for name, required in ((spec.id, spec.id_required), (spec.date, spec.date_required)):
        if required and name not in names:
            return f"no column {name!r} (columns: {shown})"
    return None


def where(row: int, line: int) -> str:
    """``line 7`` for line-based input, ``row 7`` otherwise: the words used in every message."""
    return f"line {line}" if line else f"row {row}"


def parse_date(value: Any) -> str | None:
    """Normalise a report date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, a date or a datetime).

    What counts as a report date is the extractor's rule (:func:`parse_report_date`), so batch,
    service and ``kashf extract --date`` agree. ``None``/empty means no date. Raises
    ``ValueError`` with a message naming the value when it is not a date.
    """
    if value is not None and not isinstance(value, (str, dt.date)):
        raise ValueError(f"date must be a string YYYY-MM-DD, not {_type_name(value)}")
    try:
        return parse_report_date(value).iso
    except ValueError:
        shown = value.strip()[:40] if isinstance(value, str) else value
        raise ValueError(f"date {shown!r} does not parse (expected YYYY-MM-DD)") from None


_JSON_TYPE_NAMES: dict[type, str] = {dict: "object", list: "array", type(None): "null"}


def _type_name(value: Any) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _meta(fields: Mapping[str, Any], keep: tuple[str, ...]) -> dict[str, Any]:
    """The report metadata of a row: text fields as they are, links only http/https."""
    meta: dict[str, Any] = {}
    for name in META_COLUMNS:
        value = fields.get(name)
        if name == "similarity":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                meta[name] = value
        elif isinstance(value, str) and (
            name != "url" or value.lower().startswith(("http://", "https://"))
        ):
            meta[name] = value
    for name in keep:
        meta[name] = fields.get(name)
    return meta


class _Bad(Exception):
    """What is wrong with a row (raised inside the checks, returned as a RowError)."""

    def __init__(self, reason: str, id: str | None = None, excerpt: str = "") -> None:
        super().__init__(reason)
        self.reason, self.id, self.excerpt = reason, id, excerpt


def row_from_fields(
    fields: Mapping[str, Any], spec: ColumnSpec, row: int, line: int, at: str | None = None
) -> InputRow | RowError:
    """Check the text/id/date fields of one row; ``at`` names it in messages (default: its
    line or row number)."""
    try:
        return _checked(fields, spec, row, line)
    except _Bad as bad:
        return RowError(row, line, f"{at or where(row, line)}: {bad.reason}", bad.id, bad.excerpt)


def _checked(fields: Mapping[str, Any], spec: ColumnSpec, row: int, line: int) -> InputRow:
    raw_id = fields.get(spec.id)
    if raw_id is None or raw_id == "":
        if spec.id_required:
            raise _Bad(f"missing id field {spec.id!r}")
        rid = str(row)
    elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        raise _Bad(f"id must be a string or an integer, not {_type_name(raw_id)}")
    else:
        rid = str(raw_id)
    if spec.text not in fields:
        keys = ", ".join(sorted(map(str, fields))[:10]) or "none"
        raise _Bad(f"missing text field {spec.text!r} (fields: {keys})", rid)
    text = fields[spec.text]
    if not isinstance(text, str):
        raise _Bad(f"text must be a string, not {_type_name(text)}", rid)
    if "\x00" in text:
        raise _Bad("text contains NUL characters (binary data?)", rid, text[:EXCERPT_CHARS])
    if _LONE_SURROGATE_RE.search(text):
        raise _Bad("text is not valid UTF-8", rid)
    if len(text) > spec.max_text_chars:
        limit = spec.max_text_chars
        raise _Bad(f"text has {len(text):,} characters, over the limit of {limit:,}", rid)
    raw_date = fields.get(spec.date)
    if raw_date is None and spec.date_required:
        raise _Bad(f"missing date field {spec.date!r}", rid)
    try:
        date = parse_date(raw_date) or spec.default_date
    except ValueError as exc:
        raise _Bad(str(exc), rid) from None
    return InputRow(row, line, rid, text, date, _meta(fields, spec.keep))


def _excerpt(data: bytes) -> str:
    return data[: EXCERPT_CHARS * 2].decode("utf-8", "replace")[:EXCERPT_CHARS]


def parse_item(item: RawItem, spec: ColumnSpec) -> InputRow | RowError:
    """Turn a reader's item into a row to process, or the reason it cannot be."""
    if isinstance(item.payload, dict) and item.problem is None:
        return row_from_fields(item.payload, spec, item.row, item.line)
    try:
        return _checked(_json_object(item), spec, item.row, item.line)
    except _Bad as bad:
        reason = f"{where(item.row, item.line)}: {bad.reason}"
        return RowError(item.row, item.line, reason, bad.id, bad.excerpt)


def _json_object(item: RawItem) -> dict[str, Any]:
    """The JSON object of a JSONL line, or raise :class:`_Bad` saying why there is none."""
    data = item.payload
    if not isinstance(data, bytes) or item.problem is not None:
        raise _Bad(item.problem or "", excerpt=_excerpt(data) if isinstance(data, bytes) else "")
    if b"\x00" in data:
        raise _Bad("contains NUL bytes (binary data?)", excerpt=_excerpt(data))
    try:
        line = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if item.last_unterminated and exc.end == len(data):
            what = "truncated (last line, no line break at the end, cut inside a character)"
        else:
            what = f"invalid UTF-8 at byte {exc.start} of the line"
        raise _Bad(what, excerpt=_excerpt(data)) from None
    excerpt = line[:EXCERPT_CHARS]
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        what = "truncated JSON (last line, no line break at the end)"
        what = what if item.last_unterminated else "invalid JSON"
        raise _Bad(f"{what}: {exc.msg} (column {exc.colno})", excerpt=excerpt) from None
    except RecursionError:
        raise _Bad("JSON nested too deeply", excerpt=excerpt) from None
    if not isinstance(obj, dict):
        raise _Bad(f"expected a JSON object, got {_type_name(obj)}", excerpt=excerpt)
    return obj
