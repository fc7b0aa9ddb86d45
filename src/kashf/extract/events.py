"""Events of one report: mentions of one real event joined (coreference), their fields fused.

An :class:`EventDraft` is one mention being built into an event; :func:`corefer` joins the
drafts that tell one event (same type, compatible sides, the same place or one inside the other;
or, across types, the same death toll told twice) and fuses their fields: a number given beats
a guess, a named side a generic one, the most precise place wins. Each fused field records the
rule that decided it in ``why``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kashf.extract.dates import DateMention
from kashf.extract.lexicon import TableHit
from kashf.extract.mentions import ActorMention, PlaceRef
from kashf.rules import on, rule

VIOLENT_GROUPS = frozenset({"violence", "weakviolence", "casualty"})
# A mention is compared with the last events only: a report tells one event within a few dozen
# mentions, and a megabyte of text must not cost time quadratic in its events.
COREFERENCE_WINDOW = 64

SAME_TYPE_SAME_PLACE = rule(
    "events.same_type_same_place",
    "events",
    "Two mentions of one event type in one report, with compatible sides, at the same place "
    "(or with a place only inherited) are one event.",
    "قصفت قوات النظام بلدة كفرنبل. وأدى القصف على كفرنبل إلى دمار -> one shelling event",
)
AREA_HOLDS_TOWN = rule(
    "events.area_holds_the_town",
    "events",
    "A mention at a countryside, district or governorate and one at a town inside it tell one "
    "event told less and more precisely; the town is kept.",
    "قصفت المدفعية ريف إدلب الجنوبي. وطال القصف بلدة كفرنبل -> one event at Kafr Nabl",
)
SAME_TOLL = rule(
    "events.same_toll_told_twice",
    "events",
    "Two violent mentions with the same dead count, compatible sides and places in one "
    "district are one event (a lead and its detail), whatever words name them.",
    "قتل عنصران من قوات النظام بهجوم في ريف درعا الغربي. وقالت مصادر إن عبوة ناسفة انفجرت "
    "بسيارة قرب بلدة سحم الجولان ما أدى لمقتل عنصرين -> one event",
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
NAMED_BEATS_ROLE = rule(
    "events.named_side_beats_a_role_noun",
    "events",
    "When mentions join, a side named (a force, a group) replaces one only a role noun filled "
    "(مدنيين).",
    "قصفت المدفعية بلدة حاس وأصيب مدنيون. وقالت مصادر إن قوات النظام قصفت مواقع قسد في حاس "
    "-> actor2 SDF",
)
PRECISE_PLACE_WINS = rule(
    "events.most_precise_place_wins",
    "events",
    "When mentions join, the most precise place named in its own clause or sentence is kept, "
    "with its sentence as the evidence.",
    "قصفت المدفعية ريف حماة. وسقطت القذائف على بلدة اللطامنة -> location Latmana",
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
    why: dict[str, str] = field(default_factory=dict)

    def decide(self, field_name: str, rule_name: str) -> None:
        self.why[field_name] = rule_name


# --- compatibility --------------------------------------------------------------------------
def _compatible(a: list[ActorMention], b: list[ActorMention]) -> bool:
    """Sides that may be one side: either unknown, the same actor, or one only a role noun
    ("مدنيين" fills a side nothing better fills, so a named side elsewhere may replace it)."""
    if not a or not b or a[0].row.actor == b[0].row.actor:
        return True
    return a[0].row.kind == "role" or b[0].row.kind == "role"


def _named(d: EventDraft) -> set[str]:
    return {a.row.actor for a in d.actor1 + d.actor2 if a.row.kind != "role"}


def same_sides(o: EventDraft, d: EventDraft) -> bool:
    """Compatible side by side, or (a later mention naming fewer parties, in any order) every
    party ``d`` names is one of ``o``'s: "فرّ عناصر النظام" after "هجوم لداعش على النظام"."""
    if _compatible(o.actor1, d.actor1) and _compatible(o.actor2, d.actor2):
        return True
    return bool(_named(d)) and _named(d) <= _named(o)


def is_broad(r: PlaceRef) -> bool:
    """A countryside, district, governorate or region mention (not one town)."""
    return r.scope in ("countryside", "district", "governorate", "region")


def is_wide(r: PlaceRef) -> bool:
    """Governorate-wide: the governorate, a region, or a governorate's countryside whose
    district is only implied ("ريف الرقة الشرقي") — wider than one town's countryside."""
    return r.scope in ("governorate", "region") or (
        is_broad(r) and bool(getattr(r.mention, "district_implied", False))
    )


def is_near(r: PlaceRef) -> bool:
    """ "غربي مدينة جسر الشغور": somewhere around one town."""
    return r.scope == "near"


def _is_area(r: PlaceRef) -> bool:
    return is_broad(r) or is_near(r)


def contains(area: PlaceRef, r: PlaceRef) -> bool:
    """``r`` lies inside the area ``area`` names (same governorate, and district if known)."""
    a, m = area.mention, r.mention
    # A district only guessed from a direction ("ريف إدلب الجنوبي") does not bound it.
    implied = bool(getattr(a, "district_implied", False))
    return (
        bool(a.admin1)
        and a.admin1 == m.admin1
        and (implied or not a.admin2 or a.admin2 == m.admin2)
    )


def same_place(o: EventDraft, d: EventDraft) -> bool:
    if o.place is None and d.place is None:
        return True
    if d.place_source in ("previous", "lead", ""):
        return True
    if o.place is None or d.place is None:
        return False
    if o.place.location == d.place.location:
        return True
    if not on(AREA_HOLDS_TOWN):
        return False
    for area, r in ((o.place, d.place), (d.place, o.place)):
        if is_broad(area) and not is_broad(r) and contains(area, r):
            return True
        # "ريف الرقة الشرقي" then "بادية معدان": a town's countryside inside the wider one.
        if is_wide(area) and not is_wide(r) and contains(area, r):
            return True
        if is_near(area) and not _is_area(r) and contains(area, r):
            return True
    return False


def same_toll(o: EventDraft, d: EventDraft) -> bool:
    """Two violent mentions telling one toll (see :data:`SAME_TOLL`)."""
    if o.group not in VIOLENT_GROUPS or d.group not in VIOLENT_GROUPS or not on(SAME_TOLL):
        return False
    if not o.killed or o.killed != d.killed or not same_sides(o, d):
        return False
    if o.place is None or d.place is None:
        return d.place_source in ("previous", "lead", "")
    om, dm = o.place.mention, d.place.mention
    return same_place(o, d) or (
        bool(om.admin2) and om.admin1 == dm.admin1 and om.admin2 == dm.admin2
    )


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
def take_toll(target: EventDraft, killed: int, given: bool, rule_name: str) -> None:
    """Another telling of ``target``'s dead (see :data:`GIVEN_BEATS_GUESS`)."""
    if not killed:
        return
    if given and not target.killed_exact and on(GIVEN_BEATS_GUESS):
        target.killed, target.killed_exact = killed, True
        target.decide("fatalities", GIVEN_BEATS_GUESS)
    elif given == target.killed_exact and killed > target.killed:
        target.killed = killed
        target.decide("fatalities", rule_name)


def _better_place(target: EventDraft, d: EventDraft) -> bool:
    if d.place is None or d.place_source not in ("clause", "sentence"):
        return False
    if target.place is None:
        return True
    if not on(PRECISE_PLACE_WINS):
        return False
    t, p = target.place, d.place
    return (
        p.precision < t.precision
        or (is_broad(t) and not is_broad(p))
        or (is_wide(t) and not is_wide(p))
        or (is_near(t) and not _is_area(p))
    )


def fuse(target: EventDraft, d: EventDraft) -> None:
    """Fold the mention ``d`` into the event ``target``."""
    target.mentions += 1
    if _better_place(target, d):
        had_place = target.place is not None
        target.place, target.place_source = d.place, d.place_source
        target.sentence = d.sentence
        target.decide("location", PRECISE_PLACE_WINS if had_place else d.why["location"])
    take_toll(target, d.killed, d.killed_exact, d.why.get("fatalities", SAME_TYPE_SAME_PLACE))
    if d.injured is not None:
        target.injured = max(target.injured or 0, d.injured)
    for side in ("actor1", "actor2"):
        mine, theirs = getattr(target, side), getattr(d, side)
        weaker = bool(mine) and mine[0].row.kind == "role"
        if theirs and (
            not mine or (weaker and theirs[0].row.kind != "role" and on(NAMED_BEATS_ROLE))
        ):
            setattr(target, side, theirs)
            target.decide(side, NAMED_BEATS_ROLE if mine else d.why.get(side, NAMED_BEATS_ROLE))
    # A re-typed event keeps its type against a same-type mention ("هاجم" by an air force
    # stays an air strike when "صواريخ" follows); across types the likelier trigger wins.
    if d.priority > target.priority and not (target.retyped and d.event_type == target.event_type):
        target.event_type, target.sub_event_type = d.event_type, d.sub_event_type
        target.priority = d.priority
        for f in ("event_type", "sub_event_type"):
            if f in d.why:
                target.decide(f, d.why[f])
    if target.date is None or (d.date is not None and d.date.strength > target.date.strength):
        target.date = d.date
        if "event_date" in d.why:
            target.decide("event_date", d.why["event_date"])


def corefer(drafts: list[EventDraft]) -> list[EventDraft]:
    """Repeated mentions of one event -> one draft (see the rules above)."""
    out: list[EventDraft] = []
    for d in drafts:
        target = None
        recent = out[-COREFERENCE_WINDOW:]
        if on(SAME_TYPE_SAME_PLACE):
            for o in recent:
                if listed_together(o, d):
                    continue
                if o.event_type == d.event_type and same_sides(o, d) and same_place(o, d):
                    target = o
                    break
        if target is None:
            target = next(
                (o for o in recent if not listed_together(o, d) and same_toll(o, d)), None
            )
        if target is None:
            out.append(d)
            continue
        fuse(target, d)
    return out
