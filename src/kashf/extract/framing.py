"""Framing: the stages of extraction run over one report, sentence by sentence.

segmentation (:mod:`kashf.text`) → mentions (:mod:`~kashf.extract.mentions`) → factuality
(:mod:`~kashf.extract.factuality`) → one event draft per chosen trigger, its sides
(:mod:`~kashf.extract.slots`), toll, date and places (:mod:`~kashf.extract.scope`) → coreference
(:mod:`~kashf.extract.events`). All positions are offsets into the matching view; the package
maps them to the restored and then the raw text at the very end.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from kashf.extract.choice import PROTEST_WITH_FORCE, choose
from kashf.extract.counts import NAMED_VICTIM, CountMention, find_counts
from kashf.extract.cues import cues
from kashf.extract.dates import DateMention, ReportDate, find_dates
from kashf.extract.events import VIOLENT_GROUPS, EventDraft, corefer, take_toll
from kashf.extract.factuality import factual_triggers
from kashf.extract.lexicon import Lexicon, TableHit, View
from kashf.extract.mentions import (
    TRIGGER_TABLE,
    ActorMention,
    PlaceRef,
    counted_hits,
    place_refs,
    resolve_actors,
    trigger_hits,
    within,
)
from kashf.extract.scope import (
    PLACE_CLAUSE,
    PLACE_LEAD,
    PLACE_PREVIOUS,
    PLACE_SENTENCE,
    pick_places,
)
from kashf.extract.slots import ROW_DEFAULT, SUBJECT_OF_PREVIOUS, assign_sides, retype
from kashf.extract.tolls import sentence_totals, toll_rule, total_is_given
from kashf.rules import on, rule
from kashf.text import clause_spans, sentence_spans

_T = TypeVar("_T")

# A definite event noun: the article, after at most one proclitic (وبالهجوم, للقصف).
_DEFINITE_RE = re.compile(r"[وفبل]{0,2}ال|لل")

NAMED_PERSON_IS_A_CIVILIAN = rule(
    "events.named_person_killed_is_a_civilian",
    "events",
    "A person killed who is named, with no side, rank or fight told for them (مقتل خالد … "
    "برصاص مجهولين), is a civilian: ACLED codes the killing as an attack on civilians.",
    "أفادت مصادر محلية بمقتل سامر العبد الله برصاص مجهولين في بلدة حاس -> Violence against "
    "civilians / Attack, actor2 Civilians",
)
NEEDS_ARMED_ACTOR = rule(
    "events.strategic_needs_a_named_side",
    "events",
    "A strategic development (arrests, deployments, agreements ...) is an event only when the "
    "sentence names who did it.",
    "انتشرت حواجز جديدة في المدينة -> no event; انتشرت قوات النظام في المدينة -> an event",
)
TOLL_NEEDS_A_SIDE = rule(
    "events.toll_alone_is_no_event",
    "events",
    "A killing word with nobody named and nobody counted reports no event; a toll naming no "
    "side and no place of its own belongs to the violent event of the sentence before.",
    "قصفت قوات النظام البلدة. وقال الدفاع المدني إن ثلاثة قتلوا -> one shelling, 3 killed",
)
WEAK_ATTACK_NEEDS_MORE = rule(
    "events.attack_word_needs_a_side_or_a_toll",
    "events",
    "A general attack word (هجوم, استهداف, اختطاف) with nobody named, nobody hurt and no "
    "civilian taken as its victim is no report of violence.",
    "تحدث التقرير عن هجوم على الاقتصاد -> no event",
)
SENTENCE_TOLL = rule(
    "counts.sentence_toll",
    "counts",
    "A violent event carries its sentence's killed and injured figures, by ACLED's rules (the "
    "lowest figure; several = 3; distinct figures add up).",
    "قتل عنصر من قسد وعنصران من قوات النظام باشتباكات في دير الزور -> fatalities 3",
)
FOLLOW_UP_TOLL = rule(
    "counts.follow_up_toll",
    "counts",
    "A toll that names no side and no place of its own goes to the last violent event, told "
    "(or given a toll) in one of the two sentences before.",
    "شنت الطائرات غارات على بلدة كفرنبل. وقال الدفاع المدني إن أربعة مدنيين قتلوا -> fatalities 4",
)
DATE_CLAUSE = rule(
    "dates.clause_or_sentence",
    "dates",
    "An event's date is the one its clause names, else its sentence's.",
    "(2021-05-04) قصفت الطائرات بلدة حاس في 2 أيار. وقصفت المدفعية بلدة كفرنبل أمس -> the "
    "shelling on 2021-05-03",
)
DATE_LEAD = rule(
    "dates.lead",
    "dates",
    "An event whose sentence names no date has the date the report names most firmly, among "
    "the dates of the month before the report (an older date is background: since 2019 ...).",
    "(2021-05-04) شهدت البلدة أمس توتراً. وقصفت المدفعية أطرافها -> 2021-05-03",
)

FOLLOW_UP_REACH = 2  # sentences back a follow-up toll looks for its event (or its last toll)

CASUALTY_GROUPS = frozenset({"violence", "weakviolence", "casualty", "protest", "riot"})
NEEDS_ACTOR = frozenset(
    {"strategic", "activity", "weakactivity", "looting", "disrupt", "agreement", "raid"}
)


@dataclass(frozen=True)
class Frame:
    """Everything found in one report (view offsets)."""

    actors: tuple[ActorMention, ...]
    triggers: tuple[TableHit, ...]
    counts: tuple[CountMention, ...]
    dates: tuple[DateMention, ...]
    places: tuple[PlaceRef, ...]
    drafts: tuple[EventDraft, ...]


def _by_sentence(
    sentences: list[tuple[int, int]], items: Sequence[_T], position: Callable[[_T], int]
) -> list[list[_T]]:
    """``items`` (in order) grouped by the sentence holding their position."""
    starts = [s for s, _ in sentences]
    out: list[list[_T]] = [[] for _ in sentences]
    for item in items:
        pos = position(item)
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < sentences[i][1]:
            out[i].append(item)
    return out


def frame(
    view: View,
    hits: list[TableHit],
    lex: Lexicon,
    report_date: ReportDate,
    places: list[Any],
    to_view: Any,
) -> Frame:
    v = view.text
    sentences = sentence_spans(v)
    clauses = [c for s in sentences for c in clause_spans(v, s)]
    actors = resolve_actors(v, hits, lex, report_date.iso[:10] if report_date.iso else None)
    triggers = trigger_hits(v, hits, lex, actors)
    dates = find_dates(v, report_date)
    counts = find_counts(
        v, counted_hits(hits), lex.counts, lex.triggers, clauses, [(d.start, d.end) for d in dates]
    )
    refs = place_refs(
        v,
        places,
        to_view,
        [h for h in hits if h.kind != "count" or lex.counts[h.indices[0]].kind == "noun"],
    )
    clause_starts = [c[0] for c in clauses]

    def clause_in(pos: int, sent: tuple[int, int]) -> tuple[int, int]:
        i = bisect_right(clause_starts, pos) - 1
        return clauses[i] if i >= 0 and within(clauses[i], pos) else sent

    # Everything bucketed by sentence once, so that a long report costs linear time.
    trig_in = _by_sentence(sentences, triggers, lambda t: t.start)
    refs_in = _by_sentence(sentences, refs, lambda r: r.start)
    counts_in = _by_sentence(sentences, counts, lambda c: c.start)
    dates_in = _by_sentence(sentences, dates, lambda d: d.start)
    actors_in = _by_sentence(sentences, actors, lambda a: a.start)
    both_sides = cues().regex("both_sides")
    period = cues().regex("summary_period")

    drafts: list[EventDraft] = []
    last_place: PlaceRef | None = None
    lead_place = next((r for r in refs if not r.context and not r.origin), None)
    lead_date = max(
        (d for d in dates if d.iso and _recent(d.iso, report_date)),
        key=lambda d: d.strength,
        default=None,
    )
    told_at = -FOLLOW_UP_REACH - 1  # the last sentence that told a violent event or its toll
    for si, sent in enumerate(sentences):

        def clause_of(pos: int, sent: tuple[int, int] = sent) -> tuple[int, int]:
            return clause_in(pos, sent)

        s_trig = factual_triggers(v, trig_in[si], lex, sent, clause_of)
        s_refs = refs_in[si]
        modifiers = [
            lex.triggers[t.indices[0]]
            for t in s_trig
            if lex.triggers[t.indices[0]].group == "modifier"
        ]
        totals = sentence_totals(counts_in[si])
        chosen, protest_sub = choose(v, lex, s_trig, clause_of)
        if (
            not chosen
            and any(c.total for c in counts_in[si])
            and not period.search(v, *sent)  # "منذ بداية العام": a period's tally
            and not any(not r.context and not r.origin for r in s_refs)
            and on(FOLLOW_UP_TOLL)
            and si - told_at <= FOLLOW_UP_REACH
            and _add_toll(drafts, totals, counts_in[si])
        ):
            told_at = si  # "وارتفع عدد القتلى إلى أربعة": a revised toll, no event of its own
        sent_drafts: list[EventDraft] = []
        for slot, t in chosen.items():
            row = lex.triggers[t.indices[0]]
            clause = clause_of(t.start)
            d = EventDraft(
                row.event_type,
                row.sub_event_type,
                row.group,
                row.priority,
                t,
                sent,
                default1=row.default_actor1,
                default2=row.default_actor2,
            )
            d.decide("event_type", TRIGGER_TABLE)
            d.decide("sub_event_type", TRIGGER_TABLE)
            d.anaphor = row.role == "noun" and bool(_DEFINITE_RE.match(v[t.word_start : t.end]))
            if slot == "protest" and protest_sub:
                d.sub_event_type = protest_sub
                d.decide("sub_event_type", PROTEST_WITH_FORCE)
            assign_sides(v, d, row, actors_in[si], clause)
            if row.group in VIOLENT_GROUPS and both_sides.match(v, t.end):
                prev = next((o for o in reversed(drafts) if o.group in VIOLENT_GROUPS), None)
                if prev is not None and (prev.actor1 or prev.actor2):
                    d.actor1, d.actor2 = list(prev.actor1), list(prev.actor2)
                    d.default1, d.default2 = prev.default1, prev.default2
                    for side in ("actor1", "actor2"):
                        if side in prev.why:
                            d.decide(side, prev.why[side])
            if not d.actor1 and row.group in NEEDS_ACTOR and on(SUBJECT_OF_PREVIOUS):
                # "من بين المعتقلين ...": the side named for this kind of event just before.
                prev = next(
                    (
                        o
                        for o in reversed(drafts)
                        if o.sub_event_type == d.sub_event_type and o.actor1
                    ),
                    None,
                )
                if prev is not None:
                    d.actor1 = prev.actor1
                    d.decide("actor1", prev.why.get("actor1", SUBJECT_OF_PREVIOUS))
            retype(d, row)
            for m in modifiers:
                for cond, _etype, _sub in m.retype:
                    if cond.startswith("from=") and d.sub_event_type in cond[5:].split(","):
                        d.event_type, d.sub_event_type = m.event_type, m.sub_event_type
                        d.decide("event_type", TRIGGER_TABLE)
                        d.decide("sub_event_type", TRIGGER_TABLE)
            named = [a for a in d.actor1 + d.actor2 if a.row.kind != "role"]
            if row.group in NEEDS_ACTOR and not named and on(NEEDS_ARMED_ACTOR):
                continue
            killed_or_hurt = bool(totals.get("killed") or totals.get("injured"))
            if row.group == "casualty" and not (named and killed_or_hurt) and on(TOLL_NEEDS_A_SIDE):
                follow_up = (
                    killed_or_hurt
                    and not any(not r.context and not r.origin for r in s_refs)
                    and on(FOLLOW_UP_TOLL)
                    and si - told_at <= FOLLOW_UP_REACH
                )
                if follow_up and _add_toll(drafts, totals, counts_in[si]):
                    told_at = si
                continue
            victims = row.event_type == "Violence against civilians" and any(
                a.row.inter == 7 for a in d.actor2
            )  # an abduction of a named young man stands with no captor named
            if (
                row.group == "violence"
                and row.priority < 60
                and not named
                and not killed_or_hurt
                and not victims
                and on(WEAK_ATTACK_NEEDS_MORE)
            ):
                continue
            if (
                row.group == "weakviolence"
                and not named
                and not totals
                and on(WEAK_ATTACK_NEEDS_MORE)
            ):
                continue
            if (
                row.group in CASUALTY_GROUPS
                or d.event_type
                in ("Battles", "Explosions/Remote violence", "Violence against civilians")
            ) and on(SENTENCE_TOLL):
                d.killed = totals.get("killed", 0)
                d.killed_exact = total_is_given(counts_in[si], "killed")
                d.injured = totals.get("injured")
                d.decide("fatalities", toll_rule(counts_in[si]) or SENTENCE_TOLL)
            if (
                d.sub_event_type == "Armed clash"
                and row.role != "clash"  # a fight told (اشتباكات بين ...) stays a battle
                and not d.actor2
                and any(c.rule == NAMED_VICTIM for c in counts_in[si])
                and on(NAMED_PERSON_IS_A_CIVILIAN)
            ):
                # "مقتل خالد ... برصاص مجهولين": a person killed, no side or fight told
                d.event_type, d.sub_event_type = "Violence against civilians", "Attack"
                d.default2 = "Civilians (Syria)"
                for f in ("event_type", "sub_event_type", "actor2"):
                    d.decide(f, NAMED_PERSON_IS_A_CIVILIAN)
            for scope in (clause, sent):
                ds = [x for x in dates_in[si] if within(scope, x.start) and x.iso]
                if ds and on(DATE_CLAUSE):
                    d.date = max(ds, key=lambda x: (x.strength, -abs(x.start - t.start)))
                    d.own_date = True
                    d.decide("event_date", DATE_CLAUSE)
                    break
            if d.date is None and lead_date is not None and on(DATE_LEAD):
                d.date = lead_date
                d.decide("event_date", DATE_LEAD)
            for side, default in (("actor1", d.default1), ("actor2", d.default2)):
                if not getattr(d, side) and default:
                    d.decide(side, ROW_DEFAULT)
            sent_drafts.append(d)
        for d in sent_drafts:
            clause = clause_of(d.trigger.start)
            picked: list[PlaceRef] = []
            source = ""
            for name, src, pool in (
                (PLACE_CLAUSE, "clause", [r for r in s_refs if within(clause, r.start)]),
                (PLACE_SENTENCE, "sentence", s_refs),
                (PLACE_PREVIOUS, "previous", [last_place] if last_place else []),
                (PLACE_LEAD, "lead", [lead_place] if lead_place else []),
            ):
                if not on(name):
                    continue
                picked = pick_places(v, pool) if src in ("clause", "sentence") else pool
                if picked:
                    source = src
                    d.decide("location", name)
                    break
            if not picked:
                drafts.append(d)
                continue
            for i, p in enumerate(picked):
                e = replace(d, place=p, place_source=source, why=dict(d.why))
                if i > 0:
                    e.killed, e.injured = 0, None  # the day's toll stays with the first place
                drafts.append(e)
        good = [r for r in s_refs if not r.context and not r.origin]
        if good:
            last_place = good[-1]
        if any(d.group in VIOLENT_GROUPS for d in sent_drafts):
            told_at = si
    return Frame(
        tuple(actors),
        tuple(triggers),
        tuple(counts),
        tuple(dates),
        tuple(refs),
        tuple(corefer(drafts)),
    )


def _recent(iso: str, report_date: ReportDate) -> bool:
    """Within the month before the report (any date, when either is not known to the day)."""
    if report_date.day is None or len(iso) < 10:
        return True
    return 0 <= (report_date.day - dt.date.fromisoformat(iso[:10])).days <= 31


def _add_toll(drafts: list[EventDraft], totals: dict[str, int], counts: list[CountMention]) -> bool:
    """Give a follow-up toll to the last violent event told (see :data:`FOLLOW_UP_TOLL`);
    False when there is none."""
    last = next((o for o in reversed(drafts) if o.group in VIOLENT_GROUPS), None)
    if last is None:
        return False
    # the first of that sentence's events: a list's toll stays with its first place
    target = next(o for o in drafts if o.sentence == last.sentence and o.group in VIOLENT_GROUPS)
    take_toll(target, totals.get("killed", 0), total_is_given(counts, "killed"), FOLLOW_UP_TOLL)
    if totals.get("injured") is not None:
        target.injured = max(target.injured or 0, totals["injured"])
    return True


def view_index(view: View) -> Any:
    """text offset -> view offset (the first view character at or after it)."""
    if view.pos is None:
        return lambda i: i
    pos = view.pos

    def to_view(i: int) -> int:
        return max(0, bisect_right(pos, i - 1))

    return to_view
