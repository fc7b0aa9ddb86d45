"""One per-report event record, checked and typed: an :class:`Account` of a real-world event.

Records come from ``kashf extract``/``kashf batch`` as JSONL (nested ``evidence``), CSV (every
value a string, ``evidence_*`` columns) or Parquet. :func:`typed_record` accepts all three
shapes and says exactly what is wrong with a record it cannot use (:class:`RecordError`); it
never guesses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from kashf.coref import EventFacts
from kashf.extract.records import RECORD_COLUMNS
from kashf.io.processors import FLOAT_COLUMNS as _IO_FLOAT
from kashf.io.processors import INT_COLUMNS as _IO_INT

# A file of events must have these columns (CSV/Parquet header, JSONL keys of each row).
REQUIRED_COLUMNS: tuple[str, ...] = (
    "id",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "location",
    "fatalities",
)
# The typed columns of event records: the ones every writer and the Dask dtypes use.
INT_COLUMNS: tuple[str, ...] = tuple(c for c in RECORD_COLUMNS if c in _IO_INT)
FLOAT_COLUMNS: tuple[str, ...] = tuple(c for c in RECORD_COLUMNS if c in _IO_FLOAT)
_KEEP_EMPTY = ("assoc_actor_1", "assoc_actor_2", "notes")


class RecordError(ValueError):
    """A record that cannot be merged; the message names the field and what is wrong."""


@dataclass(frozen=True, slots=True)
class Account:
    """One report's account of an event: its typed record, facts and identity."""

    record: dict[str, Any]
    facts: EventFacts
    report_id: str
    original: str  # the report it copies (duplicate_of) or its own id
    key: tuple[Any, ...]  # identifies the per-report event whatever the input order

    @property
    def is_repost(self) -> bool:
        return self.original != self.report_id


def _number(name: str, value: Any, kind: type) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise RecordError(f"{name}: expected a number, got {value!r}")
    try:
        number = kind(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise RecordError(f"{name}: expected a number, got {value!r}") from None
    if kind is int and isinstance(value, float) and value != number:
        raise RecordError(f"{name}: expected a whole number, got {value!r}")
    if kind is float and number != number:  # NaN, as pandas writes a missing value
        return None
    return number


def _why(value: Any) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise RecordError(f"why: not a JSON object: {value[:60]!r}") from None
    if not isinstance(value, dict):
        raise RecordError(f"why: expected an object (field -> rule), got {type(value).__name__}")
    return value


def typed_record(raw: dict[str, Any]) -> dict[str, Any]:
    """The record with numbers as numbers, empty strings as None and ``evidence`` flattened."""
    missing = [c for c in REQUIRED_COLUMNS if c not in raw]
    if missing:
        raise RecordError(f"missing column{'s' * (len(missing) > 1)}: {', '.join(missing)}")
    rec = dict(raw)
    evidence = rec.pop("evidence", None)
    if isinstance(evidence, dict):
        for part in ("start", "end", "text"):
            rec.setdefault(f"evidence_{part}", evidence.get(part))
    for name, value in rec.items():
        if isinstance(value, str) and not value.strip() and name not in _KEEP_EMPTY:
            rec[name] = None
    for name in INT_COLUMNS:
        if name in rec and (not isinstance(rec[name], int | None) or isinstance(rec[name], bool)):
            rec[name] = _number(name, rec[name], int)
    for name in FLOAT_COLUMNS:
        if name in rec and not isinstance(rec[name], float | None):
            rec[name] = _number(name, rec[name], float)
    rec["why"] = _why(rec.get("why"))
    if rec["id"] is None:
        raise RecordError("id: empty (every event must name the report it came from)")
    rec["id"] = str(rec["id"])
    if not rec["event_type"] or not rec["sub_event_type"]:
        raise RecordError("event_type and sub_event_type must be given")
    if rec["fatalities"] is not None and rec["fatalities"] < 0:
        raise RecordError(f"fatalities: negative ({rec['fatalities']})")
    day = _date(rec.get("event_date"))
    rec["event_date"] = day.isoformat() if day else None
    return rec


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RecordError(f"event_date: not a YYYY-MM-DD date: {value!r}") from None


def _relative(rec: dict[str, Any]) -> bool:
    """Was the date worked out from the report's date (so it may be a day off)?

    ACLED's time_precision 1 is a day the text gives; 2 or 3 is kashf's mark that the report
    date stood in. A ``why`` naming a relative-date or report-date rule for ``event_date``
    (``dates.relative_*``, ``dates.report_date``) says so too. So does ``duplicate_of``: a
    repost's «أمس» was read against the repost's own, later date.
    """
    if rec.get("duplicate_of"):
        return True
    tp = rec.get("time_precision")
    if tp is not None and tp != 1:
        return True
    rule_name = str(rec["why"].get("event_date", ""))
    return "relative" in rule_name or "report_date" in rule_name


# Fields of a record that tell one account from another beside those spelled out in the key.
_KEY_DETAIL = (
    "time_precision",
    "inter1",
    "inter2",
    "admin1",
    "admin2",
    "admin3",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "injured",
    "evidence_text",
    "source",
    "url",
    "duplicate_of",
)


def _key(rec: dict[str, Any]) -> tuple[Any, ...]:
    """What tells one per-report event from another, whatever the input order or file format.

    Two records with the same key say the same thing; merging numbers such twins by occurrence.
    """
    start, end = rec.get("evidence_start"), rec.get("evidence_end")
    detail = repr(tuple(rec.get(c) for c in _KEY_DETAIL)).encode("utf-8")
    return (
        rec["id"],
        -1 if start is None else start,
        -1 if end is None else end,
        rec["event_type"],
        rec["sub_event_type"],
        rec.get("actor1") or "",
        rec.get("actor2") or "",
        rec.get("location") or "",
        rec["event_date"] or "",
        hashlib.blake2b(detail, digest_size=8).hexdigest(),
    )


# What an account needs of its record once keyed: the facts, the row's own columns and the
# link. The rest (evidence text, why, near-copy marks) stays out of the sort's runs.
_CARRIED = (
    *REQUIRED_COLUMNS,
    *_KEY_DETAIL,
    "assoc_actor_1",
    "assoc_actor_2",
    "country",
    "notes",
    "confidence",
    "evidence_start",
    "evidence_end",
)


def carried(rec: dict[str, Any]) -> dict[str, Any]:
    """The part of a typed record the merge carries through the sort, key and date mark made."""
    slim = {c: rec.get(c) for c in _CARRIED}
    slim["_key"] = _key(rec)
    slim["_relative"] = _relative(rec)
    return slim


def typed_account(rec: dict[str, Any]) -> Account:
    """The account of a record :func:`typed_record` has checked (and maybe :func:`carried`)."""
    day = rec["event_date"]
    facts = EventFacts(
        event_type=str(rec["event_type"]),
        sub_event_type=str(rec["sub_event_type"]),
        actor1=rec.get("actor1"),
        inter1=rec.get("inter1"),
        actor2=rec.get("actor2"),
        inter2=rec.get("inter2"),
        admin1=rec.get("admin1"),
        admin2=rec.get("admin2"),
        admin3=rec.get("admin3"),
        location=rec.get("location"),
        latitude=rec.get("latitude"),
        longitude=rec.get("longitude"),
        geo_precision=rec.get("geo_precision"),
        date=dt.date.fromisoformat(day) if day else None,
        time_precision=rec.get("time_precision"),
        fatalities=rec.get("fatalities"),
        injured=rec.get("injured"),
        relative_date=rec["_relative"] if "_relative" in rec else _relative(rec),
    )
    original = rec.get("duplicate_of")
    key = rec["_key"] if "_key" in rec else _key(rec)
    return Account(rec, facts, rec["id"], str(original) if original else rec["id"], key)


def sort_key(rec: dict[str, Any]) -> list[Any]:
    """Governorate, day, most precise place first, then the account's own key.

    A total order on what the records say, so that the sweep (and every ``event_id``) is the
    same whatever order the records came in. Records with no governorate or day sort first:
    nothing across reports can tie them to another account.
    """
    admin1, day = rec.get("admin1"), rec["event_date"]
    return [
        int(admin1 is not None and day is not None),
        (admin1 or "").casefold(),
        day or "",
        rec.get("geo_precision") or 9,
        *(rec["_key"] if "_key" in rec else _key(rec)),
    ]
