"""Events of one report: mentions of one real event joined (coreference), their fields fused.

An :class:`EventDraft` is one mention being built into an event; :func:`corefer` joins the
drafts that tell one event and fuses their fields. Whether two mentions tell one event, and which
place and actors win, is decided by :mod:`kashf.coref` with ``within_report=True``: the same
rules that merge reports across outlets (same type, compatible sides, the same place or one
inside the other, the same day), with the licences one report gives its own mentions. What only
one report can say is here: each town of a list is its own event, a toll told twice across
trigger words is one event, and a number given beats a guess. Each fused field records the rule
that decided it in ``why``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kashf import coref
from kashf.coref import EventFacts
from kashf.extract.dates import DateMention
from kashf.extract.lexicon import TableHit
from kashf.extract.mentions import ActorMention, PlaceRef
from kashf.extract.tolls import TOWN_TOLL
from kashf.rules import on, rule

VIOLENT_GROUPS = frozenset({"violence", "weakviolence", "casualty"})
# A mention is compared with the last events only: a report tells one event within a few dozen
# mentions, and a megabyte of text must not cost time quadratic in its events.
COREFERENCE_WINDOW = 64

SAME_TOLL = rule(
    "events.same_toll_told_twice",
    "events",
    "Two violent mentions with the same dead count, compatible sides and places in one "
    "district are one event (a lead and its detail), whatever words name them.",
    "قتل عنصران من قوات النظام بهجوم في ريف درعا الغربي. وقالت مصادر إن عبوة ناسفة انفجرت "
    "بسيارة قرب بلدة سحم الجولان ما أدى لمقتل عنصرين -> one event",
)
TWO_TOWNS_TWO_TOLLS = rule(
    "events.two_towns_are_two_tolls",
    "events",
    "Two mentions that each name their own town tell two events even when their dead count "
    "and district agree (ACLED: one event per location); only a lead without a town of its own "
    "joins a detail by its toll.",
    "قتل مدني بقصف مدفعي لقوات النظام على بلدة كفرنبل. وقتل مدني آخر بقصف مدفعي لقوات "
    "النظام على بلدة حاس -> two events",
)
DEFINITE_NOUN_TELLS_THE_EVENT = rule(
    "events.definite_noun_tells_the_event_before",
    "events",
    "A definite event noun (الهجوم، القصف، الانفجار) tells an event the report has already "
    "told, whatever word told it first: it joins the last violent event its sides, place and "
    "day fit, and keeps that event's type.",
    "شنت طائرات إسرائيلية غارات على مواقع لقوات النظام في محافظة حماة. وأدى الهجوم إلى "
    "إصابة 5 عناصر من قوات النظام -> one air strike",
)
LIST_ONE_EVENT_EACH = rule(
    "events.each_town_of_a_list",
    "events",
    "Each town of a list after one trigger is its own event (ACLED: one event per location).",
    "قصفت المدفعية أطراف بلدة كفرنبل وقرية حاس -> two events",
)
GIVEN_BEATS_GUESS = rule(
    "events.number_given_beats_a_guess",
    "events",
    "When mentions join, a number the text gives replaces a toll guessed from a plural; "
    "between two numbers the larger is the later, fuller count.",
    "سقط قتلى بقصف على البلدة. وقالت مصادر إن القصف أدى لمقتل عنصرين -> fatalities 2",
)


@dataclass
class EventDraft:
    """One event being built from a trigger; :mod:`kashf.extract` turns it into an Event.

    ``why`` maps each field the draft sets (event_type, actor1, location, ...) to the name of
    the rule in :data:`kashf.rules.RULES` that decided it.
    """

    event_type: str
    sub_event_type: str
    group: str
    priority: int
    trigger: TableHit
    sentence: tuple[int, int]
    actor1: list[ActorMention] = field(default_factory=list)
    actor2: list[ActorMention] = field(default_factory=list)
    default1: str = ""
    default2: str = ""
    place: PlaceRef | None = None
    place_source: str = ""  # clause | sentence | previous | lead | ""
    date: DateMention | None = None
    killed: int = 0
    killed_exact: bool = False  # the figure is a number given, not a guess from a plural
    injured: int | None = None
    mentions: int = 1
    retyped: bool = False  # the sides re-typed it ("هاجم" by an air force: an air strike)
    anaphor: bool = False  # a definite event noun ("الهجوم"): may tell an event told before
    own_date: bool = False  # the date was written in the mention's clause or sentence
    why: dict[str, str] = field(default_factory=dict)
    # What coreference compares (:func:`facts`), kept while the draft does not change.
    compared: EventFacts | None = field(default=None, init=False, repr=False, compare=False)

    def decide(self, field_name: str, rule_name: str) -> None:
        self.why[field_name] = rule_name


# --- what coreference looks at -------------------------------------------------------------
def _iso_day(d: DateMention | None) -> dt.date | None:
    """The mention's own day, when it names one (a vaguer period bounds no day)."""
    if d is None or d.iso is None or d.precision != 1:
        return None
    return dt.date.fromisoformat(d.iso)


def _area_precision(r: PlaceRef) -> int:
    """The place as coreference compares it: 3 bounded by its governorate only (a governorate,
    a region, a countryside whose district is only guessed), 2 an area inside one district (a
    town's countryside, the surroundings of a town), 1 a town or a point, however precisely
    the gazetteer locates it."""
    if is_wide(r) or (is_broad(r) and not r.mention.admin2):
        return 3
    return 2 if is_broad(r) or r.scope == "near" else 1


def facts(d: EventDraft) -> EventFacts:
    """What :mod:`kashf.coref` compares of a draft: its type, first named sides, place, day
    (computed once per state of the draft: :func:`fuse` forgets it)."""
    if d.compared is None:
        d.compared = _facts(d)
    return d.compared


def _facts(d: EventDraft) -> EventFacts:
    a1 = d.actor1[0].row if d.actor1 else None
    a2 = d.actor2[0].row if d.actor2 else None
    m = d.place.mention if d.place is not None else None
    area = _area_precision(d.place) if d.place is not None else None
    return EventFacts(
        event_type=d.event_type,
        sub_event_type=d.sub_event_type,
        actor1=a1.actor if a1 else None,
        inter1=a1.inter if a1 else None,
        actor2=a2.actor if a2 else None,
        inter2=a2.inter if a2 else None,
        admin1=m.admin1 if m is not None else None,
        admin2=m.admin2 if m is not None and area != 3 else None,
        admin3=m.admin3 if m is not None and area != 3 else None,
        location=d.place.location if d.place is not None else None,
        geo_precision=area,
        date=_iso_day(d.date),
        # A date taken from the lead or the report stands in for one the mention does not give.
        relative_date=not d.own_date,
        role_noun1=a1 is not None and a1.kind == "role",
        role_noun2=a2 is not None and a2.kind == "role",
        own_place=d.place is not None and d.place_source in ("clause", "sentence"),
    )


def is_broad(r: PlaceRef) -> bool:
    """A countryside, district, governorate or region mention (not one town)."""
    return r.scope in ("countryside", "district", "governorate", "region")


def is_wide(r: PlaceRef) -> bool:
    """Governorate-wide: the governorate, a region, or a governorate's countryside whose
    district is only implied ("ريف الرقة الشرقي") — wider than one town's countryside."""
    return r.scope in ("governorate", "region") or (
        is_broad(r) and bool(getattr(r.mention, "district_implied", False))
    )


def same_toll(o: EventDraft, d: EventDraft) -> bool:
    """Two violent mentions telling one toll (see :data:`SAME_TOLL`): the sides and day agree as
    :mod:`kashf.coref` has it, and the places do or lie in one district."""
    if o.group not in VIOLENT_GROUPS or d.group not in VIOLENT_GROUPS or not on(SAME_TOLL):
        return False
    if not o.killed or o.killed != d.killed:
        return False
    fo, fd = facts(o), facts(d)
    if coref.actors_rule(fo, fd, True) is None or coref.day_rule(fo, fd, True) is None:
        return False
    if coref.place_rule(fo, fd, True) is not None:
        return True
    two_towns = (
        fo.own_place
        and fd.own_place
        and fo.geo_precision == fd.geo_precision == 1
        and on(TWO_TOWNS_TWO_TOLLS)
    )
    return fo.admin2 is not None and _same_district(o, d) and not two_towns


def _same_district(o: EventDraft, d: EventDraft) -> bool:
    if o.place is None or d.place is None:
        return False
    om, dm = o.place.mention, d.place.mention
    return bool(om.admin2) and om.admin1 == dm.admin1 and om.admin2 == dm.admin2


def told_before(recent: list[EventDraft], d: EventDraft) -> EventDraft | None:
    """The last violent event the definite noun ``d`` tells (see
    :data:`DEFINITE_NOUN_TELLS_THE_EVENT`): its sides, place and day fit, whatever its type."""
    if not d.anaphor or d.group not in VIOLENT_GROUPS or not on(DEFINITE_NOUN_TELLS_THE_EVENT):
        return None
    fd = facts(d)
    for o in reversed(recent):
        if o.group not in VIOLENT_GROUPS:
            continue
        fo = facts(o)
        if (
            coref.actors_rule(fo, fd, True) is not None
            and coref.place_rule(fo, fd, True) is not None
            and coref.day_rule(fo, fd, True) is not None
        ):
            return o
    return None


def listed_together(o: EventDraft, d: EventDraft) -> bool:
    """Two towns of one list after one trigger: one event each (an area naming the list's
    region still merges)."""
    return (
        on(LIST_ONE_EVENT_EACH)
        and o.trigger == d.trigger
        and o.place is not None
        and d.place is not None
        and not is_broad(o.place)
        and not is_broad(d.place)
    )


# --- fusion ---------------------------------------------------------------------------------
def take_toll(
    target: EventDraft, killed: int, given: bool, rule_name: str, narrower: bool = False
) -> None:
    """Another telling of ``target``'s dead (see :data:`GIVEN_BEATS_GUESS`); ``narrower``: told
    for a town inside the area ``target`` was told for (see :data:`TOWN_TOLL`)."""
    if not killed:
        return
    if narrower and given and on(TOWN_TOLL):
        target.killed, target.killed_exact = killed, True
        target.decide("fatalities", TOWN_TOLL)
    elif given and not target.killed_exact and on(GIVEN_BEATS_GUESS):
        target.killed, target.killed_exact = killed, True
        target.decide("fatalities", GIVEN_BEATS_GUESS)
    elif given == target.killed_exact and killed > target.killed:
        target.killed = killed
        target.decide("fatalities", rule_name)


def fuse(target: EventDraft, d: EventDraft) -> None:
    """Fold the mention ``d`` into the event ``target``."""
    target.mentions += 1
    _fuse(target, d)
    target.compared = None


def _fuse(target: EventDraft, d: EventDraft) -> None:
    ft, fd = facts(target), facts(d)
    narrower = (
        target.place is not None
        and d.place is not None
        and fd.own_place
        and is_broad(target.place)
        and not is_broad(d.place)
    )
    if coref.precise_place([ft, fd])[0] == 1 or (target.place is None and fd.own_place):
        had_place = target.place is not None
        target.place, target.place_source = d.place, d.place_source
        target.sentence = d.sentence
        target.decide("location", coref.PRECISE_PLACE if had_place else d.why["location"])
    take_toll(target, d.killed, d.killed_exact, d.why.get("fatalities", coref.SAME_TYPE), narrower)
    if d.injured is not None:
        target.injured = max(target.injured or 0, d.injured)
    sides = (("actor1", ft.role_noun1, fd.role_noun1), ("actor2", ft.role_noun2, fd.role_noun2))
    for side, mine_role, theirs_role in sides:
        mine, theirs = getattr(target, side), getattr(d, side)
        if not theirs:
            continue
        if not mine:  # a side only the later mention fills
            setattr(target, side, theirs)
            target.decide(side, d.why.get(side, coref.NAMED_ACTOR))
            continue
        if theirs[0].row.actor in (ft.actor1, ft.actor2):
            continue  # a party the event has already (told in another order)
        names = [(mine[0].row.actor, mine_role), (theirs[0].row.actor, theirs_role)]
        if coref.named_actor(names)[0] == 1:
            setattr(target, side, theirs)
            target.decide(side, coref.NAMED_ACTOR)
    # A re-typed event keeps its type against a same-type mention ("هاجم" by an air force
    # stays an air strike when "صواريخ" follows); across types the likelier trigger wins.
    keeps_type = d.anaphor and d.event_type != target.event_type  # "الهجوم" after a strike
    if (
        d.priority > target.priority
        and not (target.retyped and d.event_type == target.event_type)
        and not keeps_type
    ):
        target.event_type, target.sub_event_type = d.event_type, d.sub_event_type
        target.priority = d.priority
        for f in ("event_type", "sub_event_type"):
            if f in d.why:
                target.decide(f, d.why[f])
    # A date the mention's own clause gives beats one it took from the lead, then the firmer.
    if target.date is None or (
        d.date is not None
        and (d.own_date, d.date.strength) > (target.own_date, target.date.strength)
    ):
        target.date, target.own_date = d.date, d.own_date
        if "event_date" in d.why:
            target.decide("event_date", d.why["event_date"])


def corefer(drafts: list[EventDraft]) -> list[EventDraft]:
    """Repeated mentions of one event -> one draft: the recent event :func:`kashf.coref.joins`
    it to most strongly within the report (the earliest on a tie, as across reports), else one
    telling the same toll."""
    out: list[EventDraft] = []
    for d in drafts:
        fd = facts(d)
        recent = [o for o in out[-COREFERENCE_WINDOW:] if not listed_together(o, d)]
        target, best = None, 0
        for o in recent:
            joined = coref.joins(facts(o), fd, True)
            strength = sum(s for _, s in joined) if joined else 0
            if strength > best:
                target, best = o, strength
        if target is None:
            target = told_before(recent, d)
        if target is None:
            target = next((o for o in recent if same_toll(o, d)), None)
        if target is None:
            out.append(d)
            continue
        fuse(target, d)
    return out
