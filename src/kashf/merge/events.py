"""Per-report accounts → real-world events: a sweep over governorate and day, then fusion.

Accounts arrive sorted by (governorate, day, precision, key) (:func:`accounts.sort_key`). Within
one governorate the sweep keeps open only the events whose day is within one day of the current
account: no rule can join accounts further apart, so memory is bounded by the busiest two days
of one governorate, never by the input. Each account joins the open event it agrees with best
(:func:`kashf.coref.joins` against the event's fused facts) or starts a new one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from kashf import coref
from kashf.coref import EventFacts
from kashf.extract.records import ACLED_COLUMNS, interaction
from kashf.merge.accounts import Account
from kashf.rules import on

# Columns of a merged row: its id, ACLED's columns in ACLED's order, then what merging adds.
MERGED_COLUMNS: tuple[str, ...] = (
    "event_id",
    *ACLED_COLUMNS,
    "injured",
    "fatalities_reported",
    "n_reports",
    "report_ids",
    "reposts",
    "sources",
    "urls",
    "confidence",
    "why",
)
LIST_COLUMNS: tuple[str, ...] = (
    "fatalities_reported",
    "report_ids",
    "reposts",
    "sources",
    "urls",
    "why",
)


@dataclass(slots=True)
class _Event:
    """An event being built: its accounts, their fused facts and the rules that joined them."""

    accounts: list[Account]
    oriented: list[EventFacts]  # each account's facts, actors in the first account's order
    facts: EventFacts
    reports: set[str]
    rules: set[str] = field(default_factory=set)

    def add(self, acc: Account, rules: Iterable[str]) -> None:
        self.accounts.append(acc)
        self.oriented.append(coref.oriented(self.oriented[0], acc.facts))
        self.reports.add(acc.report_id)
        self.rules.update(rules)
        self.facts = _fused(self.oriented)


def _fused(facts: list[EventFacts]) -> EventFacts:
    """The event's facts out of its accounts': most precise place, best date, named actors."""
    if len(facts) == 1:
        return facts[0]
    place = facts[coref.precise_place(facts)[0]]
    a1 = facts[coref.named_actor([(f.actor1, f.role_noun1) for f in facts])[0]]
    a2 = facts[coref.named_actor([(f.actor2, f.role_noun2) for f in facts])[0]]
    day = min(facts, key=lambda f: (f.relative_date, f.time_precision or 9, f.date))
    return replace(
        place,
        sub_event_type=coref.refined_sub_type([f.sub_event_type for f in facts]),
        actor1=a1.actor1,
        inter1=a1.inter1,
        role_noun1=a1.role_noun1,
        actor2=a2.actor2,
        inter2=a2.inter2,
        role_noun2=a2.role_noun2,
        date=day.date,
        time_precision=day.time_precision,
        relative_date=all(f.relative_date for f in facts),
    )


def _best(candidates: Iterable[_Event], acc: Account) -> tuple[_Event, list[str]] | None:
    """The open event ``acc`` agrees with best, and the rules that join them.

    On a tie (a governorate-wide report while two towns of it were shelled that day) the event
    opened first wins: joining one keeps the count right, which is what merging is for; the
    order is the sort's, so the choice is the same whatever order the input came in.
    """
    best: tuple[int, _Event, list[str]] | None = None
    for ev in candidates:
        if acc.report_id in ev.reports and on(coref.NOT_SAME_REPORT):
            continue
        joined = coref.joins(ev.facts, acc.facts)
        if joined is None:
            continue
        score = sum(strength for _, strength in joined)
        if best is None or score > best[0]:
            best = (score, ev, [name for name, _ in joined])
    return None if best is None else (best[1], best[2])


def cluster(accounts: Iterable[Account]) -> Iterator[_Event]:
    """Group sorted accounts into events (each with its accounts and the rules that joined them)."""
    open_events: list[_Event] = []
    governorate: str | None = None
    day = None
    for acc in accounts:
        f = acc.facts
        if f.admin1 is None or f.date is None:
            # no governorate or day: nothing ties it to another report
            yield _Event([acc], [f], f, {acc.report_id})
            continue
        if f.admin1.casefold() != governorate:  # casefolded, as the sort key is
            yield from open_events
            open_events, governorate, day = [], f.admin1.casefold(), None
        if f.date != day:
            day = f.date
            keep = []
            for ev in open_events:
                if ev.facts.date is not None and (day - ev.facts.date).days > 1:
                    yield ev  # too old for any later account to join
                else:
                    keep.append(ev)
            open_events = keep
        found = _best((ev for ev in open_events if ev.facts.event_type == f.event_type), acc)
        if found is None:
            open_events.append(_Event([acc], [f], f, {acc.report_id}))
        else:
            found[0].add(acc, found[1])
    yield from open_events


def event_id(accounts: Iterable[Account]) -> str:
    """Stable id: a hash of the sorted keys of the event's accounts (input order is irrelevant)."""
    keys = sorted(repr(a.key) for a in accounts)
    return "ev-" + hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()[:16]


def _counted(accounts: list[Account]) -> list[Account]:
    """One account per report that counts: a repost stands in only for a missing original."""
    if not on(coref.REPOST_NOT_SOURCE):
        return accounts
    by_report: dict[str, Account] = {}
    for acc in sorted(accounts, key=lambda a: (a.is_repost, a.key)):
        by_report.setdefault(acc.original, acc)
    return sorted(by_report.values(), key=lambda a: a.key)


def _unique(values: Iterable[Any]) -> list[Any]:
    return sorted({v for v in values if v not in (None, "")})


def merged_row(ev: _Event) -> dict[str, Any]:
    """The merged row of one event (columns :data:`MERGED_COLUMNS`)."""
    accounts, facts, fused = ev.accounts, ev.oriented, ev.facts
    place_i, place_rule = coref.precise_place(facts)
    a1_i, a1_rule = coref.named_actor([(f.actor1, f.role_noun1) for f in facts])
    a2_i, a2_rule = coref.named_actor([(f.actor2, f.role_noun2) for f in facts])
    counted = _counted(accounts)
    tolls = [a.facts.fatalities for a in counted]
    toll, toll_rule = coref.conservative_toll(tolls)
    injured, _ = coref.conservative_toll(a.facts.injured for a in counted)
    place = accounts[place_i].record

    def assoc(i: int, swapped_name: str, name: str) -> str:
        swapped = facts[i] is not accounts[i].facts  # oriented() returns a swapped copy
        return str(accounts[i].record.get(swapped_name if swapped else name) or "")

    notes = str(place.get("notes") or "")
    figures = sorted({t for t in tolls if t})
    if len(figures) > 1:  # ACLED notes a disputed toll
        notes = f"{notes} Reports differ on the toll: {', '.join(map(str, figures))}.".strip()
    sources = _unique(a.record.get("source") for a in counted)
    fusion = {place_rule, toll_rule} | ({a1_rule, a2_rule} if len(accounts) > 1 else set())
    return {
        "event_id": event_id(accounts),
        "event_date": fused.date.isoformat() if fused.date else None,
        "time_precision": fused.time_precision,
        "event_type": fused.event_type,
        "sub_event_type": fused.sub_event_type,
        "actor1": fused.actor1,
        "assoc_actor_1": assoc(a1_i, "assoc_actor_2", "assoc_actor_1"),
        "inter1": fused.inter1,
        "actor2": fused.actor2,
        "assoc_actor_2": assoc(a2_i, "assoc_actor_1", "assoc_actor_2"),
        "inter2": fused.inter2,
        "interaction": interaction(fused.inter1, fused.inter2),
        "country": place.get("country"),
        "admin1": fused.admin1,
        "admin2": fused.admin2,
        "admin3": fused.admin3,
        "location": fused.location,
        "latitude": fused.latitude,
        "longitude": fused.longitude,
        "geo_precision": fused.geo_precision,
        "source": "; ".join(sources) or None,
        "notes": notes,
        "fatalities": toll if toll is not None else 0,
        "injured": injured,
        "fatalities_reported": [t if t is not None else 0 for t in tolls],
        "n_reports": len(counted),
        "report_ids": _unique(a.report_id for a in accounts),
        "reposts": _unique(a.report_id for a in accounts if a.is_repost),
        "sources": sources,
        "urls": _unique(a.record.get("url") for a in counted),
        "confidence": max((a.record.get("confidence") or 0.0) for a in accounts),
        "why": sorted((ev.rules | fusion) - {None}) if len(accounts) > 1 else [],
    }
