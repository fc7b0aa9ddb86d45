"""Merge per-report event records into one row per real-world event (ACLED's rule).

>>> rows = list(merge_events([
...     {"id": "r1", "event_date": "2024-05-10", "event_type": "Battles",
...      "sub_event_type": "Armed clash", "actor1": "SDF: Syrian Democratic Forces",
...      "actor2": "Islamic State (Syria)", "admin1": "Ar-Raqqa", "admin2": "Ar-Raqqa",
...      "location": "Maadan", "geo_precision": 1, "fatalities": 4},
...     {"id": "r2", "event_date": "2024-05-10", "event_type": "Battles",
...      "sub_event_type": "Armed clash", "actor1": "Islamic State (Syria)",
...      "actor2": "SDF: Syrian Democratic Forces", "admin1": "Ar-Raqqa", "admin2": "Ar-Raqqa",
...      "location": "Ar-Raqqa", "geo_precision": 2, "fatalities": 2},
... ]))
>>> [(r["n_reports"], r["location"], r["fatalities"], r["fatalities_reported"]) for r in rows]
[(2, 'Maadan', 2, [4, 2])]

The records are sorted by (governorate, day) in bounded memory (:mod:`.external_sort`), then
swept with a window of ±1 day (:mod:`.events`); the rules themselves are in :mod:`kashf.coref`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from kashf.merge.accounts import (
    REQUIRED_COLUMNS,
    Account,
    RecordError,
    carried,
    sort_key,
    typed_account,
    typed_record,
)
from kashf.merge.events import LIST_COLUMNS, MERGED_COLUMNS, cluster, merged_row
from kashf.merge.external_sort import DEFAULT_RUN_SIZE, external_sort

__all__ = [
    "LIST_COLUMNS",
    "MERGED_COLUMNS",
    "REQUIRED_COLUMNS",
    "RecordError",
    "link_row",
    "merge_events",
]

ErrorHandler = Callable[[int, str], None]
LinkHandler = Callable[[str, list[dict[str, Any]]], None]


def link_row(rec: dict[str, Any], event: str) -> dict[str, Any]:
    """One line of ``--links``: which per-report event went into which merged event."""
    return {
        "id": rec["id"],
        "evidence_start": rec.get("evidence_start"),
        "evidence_end": rec.get("evidence_end"),
        "event_type": rec["event_type"],
        "event_date": rec["event_date"],
        "event_id": event,
    }


def _keyed(records: Iterable[dict[str, Any]], on_error: ErrorHandler | None) -> Iterator[Any]:
    for i, raw in enumerate(records):
        try:
            rec = carried(typed_record(raw))
        except RecordError as exc:
            if on_error is None:
                raise RecordError(f"record {i + 1}: {exc}") from None
            on_error(i, str(exc))
            continue
        yield sort_key(rec), rec


def _accounts(sorted_records: Iterable[Any]) -> Iterator[Account]:
    """Accounts back from the sort; identical records get an occurrence number to stay apart."""
    last: tuple[Any, ...] | None = None
    seen = 0
    for _, rec in sorted_records:
        acc = typed_account(rec)  # checked before the sort
        seen = seen + 1 if acc.key == last else 0
        last = acc.key
        yield replace(acc, key=(*acc.key, seen)) if seen else acc


def merge_events(
    records: Iterable[dict[str, Any]],
    *,
    on_error: ErrorHandler | None = None,
    on_links: LinkHandler | None = None,
    run_size: int = DEFAULT_RUN_SIZE,
) -> Iterator[dict[str, Any]]:
    """One row per real-world event out of per-report event records, in any order.

    A record that cannot be used raises :class:`RecordError`, or goes to ``on_error(index,
    message)`` when given (then nothing else stops the merge). ``on_links(event_id, links)``
    receives each event's per-report events (:func:`link_row`). Memory is bounded by
    ``run_size`` records for the sort and by the busiest ±1 day of one governorate.
    """
    ordered = external_sort(_keyed(records, on_error), run_size=run_size)
    for event in cluster(_accounts(ordered)):
        row = merged_row(event)
        if on_links is not None:
            on_links(row["event_id"], [link_row(a.record, row["event_id"]) for a in event.accounts])
        yield row
