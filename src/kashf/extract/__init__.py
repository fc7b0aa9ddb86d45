"""Stage 2: Arabic conflict report -> geolocated, ACLED-compatible event records.

>>> rep = extract("قصفت قوات النظام بلدة في ريف إدلب أمس", date="2020-10-22")
>>> [(e.event_type, e.actor1, e.event_date) for e in rep.events]
[('Explosions/Remote violence', 'Military Forces of Syria', '2020-10-21')]

The flow (docs/architecture.md): restore; then the stages of :mod:`kashf.extract.framing`
(segmentation, mentions, factuality, slots, scope, coreference), each decision a named rule of
:data:`RULES` that the record names in ``why``. Every span is mapped back to the raw text
through ``Restoration.raw_span``.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from kashf._runtime import LONG_TEXT_CHARS, cyclic_gc_paused
from kashf.extract.dates import parse_report_date
from kashf.extract.events import EventDraft
from kashf.extract.framing import Frame, frame, view_index
from kashf.extract.lexicon import lexicon, make_view, scan
from kashf.extract.mentions import ActorMention
from kashf.extract.places import find_places
from kashf.extract.records import (
    ACLED_COLUMNS,
    RECORD_COLUMNS,
    Entity,
    Event,
    Report,
    Span,
    interaction,
)
from kashf.extract.slots import INFIGHTING, ROW_DEFAULT
from kashf.restore import Restoration
from kashf.restore import restore as _restore
from kashf.rules import RULES, on, rule

__all__ = [
    "ACLED_COLUMNS",
    "RECORD_COLUMNS",
    "RULES",
    "Entity",
    "Event",
    "Report",
    "Span",
    "extract",
]

COUNTRY = "Syria"


def _side(
    mentions: list[ActorMention], default: str, lex_inter: dict[str, int]
) -> tuple[str | None, str, int | None]:
    if mentions:
        actor = mentions[0].row.actor
        assoc = "; ".join(dict.fromkeys(m.row.assoc for m in mentions if m.row.assoc))
        return actor, assoc, mentions[0].row.inter
    if default and on(ROW_DEFAULT):
        return default, "", lex_inter.get(default)
    return None, "", None


def _notes(e: dict[str, Any]) -> str:
    who = e["actor1"] or "Unknown actor"
    if e["actor2"]:
        who += f" vs {e['actor2']}"
    where = ", ".join(x for x in (e["location"], e["admin1"]) if x) or "unknown location"
    when = e["event_date"] or "unknown date"
    tail = f"; {e['fatalities']} killed" if e["fatalities"] else ""
    if e["injured"]:
        tail += f"; {e['injured']} injured"
    return f"{e['sub_event_type']}: {who} in {where} on {when}{tail}."


def _confidence(d: EventDraft) -> float:
    """0..1 from how the fields were found: explicit sides, a place in the trigger's own clause,
    a date in the text, and how specific the trigger was."""
    score = 0.25
    score += 0.2 if d.actor1 else 0.0
    score += 0.1 if d.actor2 else 0.0
    score += {"clause": 0.2, "sentence": 0.15, "previous": 0.08, "lead": 0.05}.get(
        d.place_source, 0.0
    )
    score += 0.1 if d.date is not None and d.date.strength >= 1 else 0.0
    score += 0.1 if d.priority >= 50 else 0.05 if d.priority >= 25 else 0.0
    score += 0.05 if d.mentions > 1 else 0.0
    return round(min(score, 1.0), 2)


NO_DATE = rule(
    "dates.report_date",
    "dates",
    "An event whose report names no date takes the report's own date, as precisely as known.",
    "(2021-05-04) قصفت المدفعية بلدة كفرنبل -> event_date 2021-05-04",
)


def _why(d: EventDraft, rec: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The rule behind each field the record sets, as sorted (field, rule) pairs."""
    why = dict(d.why)
    if rec["event_date"] and "event_date" not in why:
        why["event_date"] = NO_DATE
    if rec["location"] is not None:
        for f in ("admin1", "admin2", "admin3", "latitude", "longitude", "geo_precision"):
            if rec[f] is not None:
                why.setdefault(f, why.get("location", ""))
    why = {
        k: v for k, v in why.items() if v and (rec.get(k) not in (None, "") or k == "fatalities")
    }
    return tuple(sorted(why.items()))


def _build_events(
    fr: Frame,
    restoration: Restoration,
    view_to_text: Any,
    report_id: str | None,
    report_date_iso: str | None,
    day_known: bool,
) -> list[Event]:
    lex = lexicon()
    inter_of = {r.actor: r.inter for r in lex.actors}
    raw = restoration.raw or restoration.text
    events: list[Event] = []
    for d in fr.drafts:
        actor1, assoc1, inter1 = _side(d.actor1, d.default1, inter_of)
        actor2, assoc2, inter2 = _side(d.actor2, d.default2, inter_of)
        if (
            actor2 is not None
            and actor2 == actor1
            and assoc1 == assoc2
            and d.why.get("actor2") != INFIGHTING
        ):
            actor2, assoc2, inter2 = None, "", None
        s0, s1 = view_to_text(d.sentence[0], d.sentence[1])
        rs, re_ = restoration.raw_span(s0, s1)
        while re_ > rs and raw[re_ - 1].isspace():
            re_ -= 1
        while rs < re_ and raw[rs].isspace():
            rs += 1  # a sentence after a blank line: the evidence starts at its first word
        pm = d.place.mention if d.place is not None else None
        event_date: str | None
        precision: int | None
        if d.date is not None and d.date.iso:
            event_date, precision = d.date.iso, d.date.precision
        elif report_date_iso and on(NO_DATE):
            # No date in the text: the report's own date, as precise as it is known.
            event_date = report_date_iso if day_known else None
            precision = 2 if day_known else 3
        else:
            event_date, precision = None, None
        rec: dict[str, Any] = {
            "id": report_id,
            "event_date": event_date,
            "time_precision": precision,
            "event_type": d.event_type,
            "sub_event_type": d.sub_event_type,
            "actor1": actor1,
            "assoc_actor_1": assoc1,
            "inter1": inter1,
            "actor2": actor2,
            "assoc_actor_2": assoc2,
            "inter2": inter2,
            "interaction": interaction(inter1, inter2),
            "country": COUNTRY,
            "admin1": (pm.admin1 or None) if pm is not None else None,
            "admin2": (pm.admin2 or None) if pm is not None else None,
            "admin3": (pm.admin3 or None) if pm is not None else None,
            "location": (pm.location or pm.text) if pm is not None else None,
            "latitude": pm.latitude if pm is not None else None,
            "longitude": pm.longitude if pm is not None else None,
            "geo_precision": pm.geo_precision if pm is not None else None,
            "fatalities": d.killed,
            "injured": d.injured,
        }
        rec["notes"] = _notes(rec)
        events.append(
            Event(
                **rec,
                evidence=Span(rs, re_, raw[rs:re_]),
                confidence=_confidence(d),
                why=_why(d, rec),
            )
        )
    return events


def _entities(fr: Frame, restoration: Restoration, text: str, view_to_text: Any) -> list[Entity]:
    lex = lexicon()
    raw = restoration.raw or restoration.text
    out: list[Entity] = []

    def ent(kind: Any, vs: int, ve: int, value: str, info: dict[str, Any]) -> None:
        s, e = view_to_text(vs, ve)
        rs, re_ = restoration.raw_span(s, e)
        out.append(Entity(kind, s, e, rs, re_, raw[rs:re_], value, tuple(sorted(info.items()))))

    for a in fr.actors:
        ent(
            "actor",
            a.word_start,
            a.end,
            a.row.actor,
            {"inter": a.row.inter, "assoc": a.row.assoc, "role": a.mark},
        )
    for t in fr.triggers:
        row = lex.triggers[t.indices[0]]
        ent(
            "trigger",
            t.word_start,
            t.end,
            f"{row.event_type}/{row.sub_event_type}",
            {"group": row.group},
        )
    for c in fr.counts:
        ent("count", c.start, c.end, str(c.value), {"role": c.kind, "implicit": c.implicit})
    for dm in fr.dates:
        ent("date", dm.start, dm.end, dm.iso or "", {"precision": dm.precision})
    for p in fr.places:
        pm = p.mention
        ent(
            "place",
            p.start,
            p.end,
            str(pm.location or pm.text),
            {"admin1": pm.admin1, "geo_precision": pm.geo_precision, "context": p.context},
        )
    out.sort(key=lambda e: (e.start, e.kind))
    return out


def extract(
    text: str,
    date: Any = None,
    id: str | None = None,
    *,
    restore: bool = True,
    gazetteer: Any = None,
) -> Report:
    """Restore ``text`` and extract its events.

    ``date`` is the report's publication date (``YYYY-MM-DD`` string or ``datetime.date``);
    relative dates in the text (``أمس``, ``الاثنين``) resolve against it. ``id`` is carried
    into every record. ``restore=False`` skips restoration (the text is taken as clean).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if len(text) > LONG_TEXT_CHARS:
        with cyclic_gc_paused():
            return _extract(text, date, id, restore, gazetteer)
    return _extract(text, date, id, restore, gazetteer)


def _extract(text: str, date: Any, id: str | None, restore: bool, gazetteer: Any) -> Report:
    report_date = parse_report_date(date)
    restoration = _restore(text) if restore else Restoration(text, (), 0.0, text)
    clean = restoration.text
    view = make_view(clean)
    lex = lexicon()
    hits = scan(view.text, lex)
    places = find_places(clean, gazetteer=gazetteer) if clean.strip() else []
    fr = frame(view, hits, lex, report_date, places, view_index(view))

    def view_to_text(vs: int, ve: int) -> tuple[int, int]:
        return view.to_text(vs), view.to_text_end(ve)

    events = _build_events(
        fr, restoration, view_to_text, id, report_date.iso, report_date.day is not None
    )
    entities = _entities(fr, restoration, clean, view_to_text)
    return Report(text, restoration, tuple(entities), tuple(events), id, report_date.iso)


class _CallableModule(types.ModuleType):
    """``kashf.extract`` is this package; calling it extracts, so ``kashf.extract(text)`` and
    ``kashf.extract.RECORD_COLUMNS`` both work."""

    def __call__(self, text: str, date: Any = None, **kwargs: Any) -> Report:
        return extract(text, date=date, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
