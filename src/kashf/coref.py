"""Coreference rules: when two accounts tell one event, and how their fields are fused.

These are pure functions over :class:`EventFacts`, a small frozen value holding only what the
rules look at, so that the same predicates serve across reports (:mod:`kashf.merge`) and, later,
within one report (extract's coreference). They follow ACLED's codebook: one event is one type,
one pair of actors, one place and one day; when sources differ, the most conservative toll and
the most specific place and actors the sources support are coded.

Every rule is registered in :mod:`kashf.rules` (stage ``merge``) and asked with :func:`on` before
it is applied: a compatibility rule that is switched off never licenses a join, a fusion rule
that is switched off falls back to the first account's value.

>>> a = EventFacts("Battles", "Armed clash", "SDF: Syrian Democratic Forces", 2,
...                "Islamic State (Syria)", 2, "Ar-Raqqa", "Ar-Raqqa", "Maadan", "Maadan",
...                geo_precision=1, date=dt.date(2024, 5, 10), time_precision=1)
>>> b = EventFacts("Battles", "Armed clash", "Islamic State (Syria)", 2,
...                "SDF: Syrian Democratic Forces", 2, "Ar-Raqqa", "Ar-Raqqa", None, "Ar-Raqqa",
...                geo_precision=2, date=dt.date(2024, 5, 10), time_precision=2)
>>> [name for name, _ in joins(a, b)]
['merge.same_type', 'merge.battle_either_order', 'merge.place_contained', 'merge.same_day']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from kashf.rules import on, rule

# --- the rules, each with its name, one line of why and an example in our own words ---------
SAME_TYPE = rule(
    "merge.same_type",
    "merge",
    "Two accounts can tell one event only if ACLED would code them with the same event type "
    "and the same sub-event type.",
    "«قصف مدفعي على البلدة» and «قصف بالمدفعية طال البلدة»: both Shelling/artillery/missile "
    "attack, may join; a shelling and an arrest never do.",
)
COMPATIBLE_SUB_TYPE = rule(
    "merge.compatible_sub_type",
    "merge",
    "Sub-event types that one account can refine into the other are compatible: an armed clash "
    "and the capture it ended in; a protest with and without its dispersal.",
    "«اشتباكات في القرية» and «سيطرت الفصائل على القرية بعد اشتباكات»: Armed clash and "
    "Non-state actor overtakes territory, may join.",
)
SAME_ACTORS = rule(
    "merge.same_actors",
    "merge",
    "Same actors in the same roles (actor1 with actor1, actor2 with actor2); an actor one "
    "account leaves out is no contradiction.",
    "«قصفت قوات النظام البلدة» and «قصف على البلدة»: Military Forces of Syria and no actor, "
    "compatible.",
)
BATTLE_EITHER_ORDER = rule(
    "merge.battle_either_order",
    "merge",
    "In Battles neither side is the attacker in ACLED's sense, so the actors may come in either "
    "order.",
    "«اشتباكات بين قسد وداعش» and «هاجم داعش مواقع قسد»: SDF/IS and IS/SDF, the same battle.",
)
UNIDENTIFIED_ACTOR = rule(
    "merge.unidentified_actor",
    "merge",
    "ACLED codes 'Unidentified Armed Group' only while no source names the group: an "
    "unidentified armed actor is compatible with any named armed actor (not with civilians or "
    "protesters), and the named one is coded.",
    "«اغتيال شاب برصاص مجهولين» and «اغتال عناصر داعش شاباً»: Unidentified Armed Group and "
    "Islamic State, compatible.",
)
SAME_PLACE = rule(
    "merge.same_place",
    "merge",
    "The same gazetteer place: same governorate and location, no conflicting district or "
    "sub-district.",
    "«في معدان» and «ببلدة معدان شرقي الرقة»: both Maadan, the same place.",
)
PLACE_CONTAINED = rule(
    "merge.place_contained",
    "merge",
    "One place contains the other, decided by the admin fields: a governorate (geo_precision 3) "
    "contains its towns, a district or countryside (geo_precision 2) the towns of that "
    "district.",
    "«قصف على ريف إدلب الجنوبي» and «قصف على كفرنبل»: Kafr Nobol lies in the district "
    "(Al Ma'ra), compatible.",
)
SAME_DAY = rule(
    "merge.same_day",
    "merge",
    "ACLED codes one event per day: both accounts must give the same day.",
    "«يوم الجمعة 10 أيار» and «أمس» in a report of 11 May: both 10 May.",
)
DAY_SHIFT = rule(
    "merge.day_shift",
    "merge",
    "A day's tolerance, one way only: an account whose date was worked out from its report's "
    "date (no date word, so the report date stands in; or a relative word) may tell of the day "
    "before, since a report comes on the day of the event or after it, never before. Two dates "
    "written out must agree exactly.",
    "A report of 11 May with no date word and one of 10 May saying «اليوم»: may join; a report "
    "of 11 May saying «اليوم» and one of 10 May with no date word: may not.",
)
NOT_SAME_REPORT = rule(
    "merge.not_same_report",
    "merge",
    "One report never merges with itself: what it tells as two events, within-report "
    "coreference already kept apart.",
    "«قصف على البلدة صباحاً، ثم قصف آخر مساءً» in one report: two events stay two.",
)
REPOST_NOT_SOURCE = rule(
    "merge.repost_not_source",
    "merge",
    "A repost (duplicate_of set: the same text as an earlier report) joins the event of its "
    "original but does not count as one more report or source.",
    "A channel forwards another's post word for word: n_reports stays 1.",
)
CONSERVATIVE_TOLL = rule(
    "merge.conservative_toll",
    "merge",
    "ACLED: when sources differ, the most conservative estimate available is coded, so the "
    "lowest toll among the accounts that give one; an account silent on deaths does not "
    "contradict one that gives a figure.",
    "«مقتل ثلاثة» and «مقتل خمسة» about one attack: fatalities 3, fatalities_reported [3, 5].",
)
PRECISE_PLACE = rule(
    "merge.precise_place",
    "merge",
    "The most precise place any account gives (lowest geo_precision) is the event's place.",
    "«ريف إدلب الجنوبي» and «كفرنبل»: location Kafr Nobol, geo_precision 1.",
)
NAMED_ACTOR = rule(
    "merge.named_actor",
    "merge",
    "A named actor beats an unidentified or missing one; among named actors the one most "
    "accounts give.",
    "«مسلحون مجهولون» and «خلايا داعش»: actor1 Islamic State (Syria).",
)

# Sub-event types one account may refine into the other (ACLED spellings): (general, refined).
_REFINEMENTS: tuple[tuple[str, str], ...] = (
    ("Armed clash", "Government regains territory"),
    ("Armed clash", "Non-state actor overtakes territory"),
    ("Peaceful protest", "Protest with intervention"),
    ("Protest with intervention", "Excessive force against protesters"),
    ("Peaceful protest", "Excessive force against protesters"),
)
_COMPATIBLE_SUB_TYPES: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in _REFINEMENTS)
# ACLED inter codes of armed actors (state, rebel, political and identity militia, external).
_ARMED_INTER = frozenset({1, 2, 3, 4, 8})


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What coreference looks at in one account of an event (ACLED field names and codes)."""

    event_type: str
    sub_event_type: str
    actor1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    inter2: int | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    date: dt.date | None = None
    time_precision: int | None = None
    fatalities: int | None = None
    injured: int | None = None
    # The date was worked out from the report's date (a relative word, or the report date
    # standing in for a date the text does not give), so it may be a day off.
    relative_date: bool = False


# --- compatibility ------------------------------------------------------------------------


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.casefold() == b.casefold()


def _clash(a: str | None, b: str | None) -> bool:
    """Both given and different (a missing value is no contradiction)."""
    return a is not None and b is not None and a.casefold() != b.casefold()


def type_rule(a: EventFacts, b: EventFacts) -> str | None:
    """The rule under which ``a`` and ``b`` have one type, or None."""
    if a.event_type != b.event_type or not on(SAME_TYPE):
        return None
    if a.sub_event_type == b.sub_event_type:
        return SAME_TYPE
    pair = frozenset((a.sub_event_type, b.sub_event_type))
    return (
        COMPATIBLE_SUB_TYPE if pair in _COMPATIBLE_SUB_TYPES and on(COMPATIBLE_SUB_TYPE) else None
    )


def is_unidentified(actor: str | None) -> bool:
    """ACLED's placeholder for a group no source names."""
    return actor is not None and actor.startswith("Unidentified")


def _actor_fits(a: str | None, ia: int | None, b: str | None, ib: int | None) -> str | None:
    if a is None or b is None or _same(a, b):
        return SAME_ACTORS
    if is_unidentified(a) and not is_unidentified(b):
        other = ib
    elif is_unidentified(b) and not is_unidentified(a):
        other = ia
    else:
        return None  # two different named actors
    if (other is None or other in _ARMED_INTER) and on(UNIDENTIFIED_ACTOR):
        return UNIDENTIFIED_ACTOR
    return None


def _pair_fits(a: EventFacts, b: EventFacts, swap: bool) -> list[str] | None:
    if swap:
        b1, i1, b2, i2 = b.actor2, b.inter2, b.actor1, b.inter1
    else:
        b1, i1, b2, i2 = b.actor1, b.inter1, b.actor2, b.inter2
    r1 = _actor_fits(a.actor1, a.inter1, b1, i1)
    r2 = _actor_fits(a.actor2, a.inter2, b2, i2)
    if r1 is None or r2 is None:
        return None
    return sorted({r1, r2})


def _named_matches(a: EventFacts, b: EventFacts, swap: bool) -> int:
    b1, b2 = (b.actor2, b.actor1) if swap else (b.actor1, b.actor2)
    return int(_same(a.actor1, b1)) + int(_same(a.actor2, b2))


def actors_rule(a: EventFacts, b: EventFacts) -> tuple[list[str], bool] | None:
    """The rules under which the actors agree and whether ``b``'s come in the other order.

    For Battles both orders are tried and the one naming more of the same actors wins, so
    (SDF, —) and (—, SDF) are one side, not SDF against itself.
    """
    if not on(SAME_ACTORS):
        return None
    straight = _pair_fits(a, b, swap=False)
    if a.event_type == "Battles" and on(BATTLE_EITHER_ORDER):
        swapped = _pair_fits(a, b, swap=True)
        if swapped is not None and (
            straight is None or _named_matches(a, b, True) > _named_matches(a, b, False)
        ):
            return sorted({*swapped, BATTLE_EITHER_ORDER} - {SAME_ACTORS}), True
    return None if straight is None else (straight, False)


def precision(f: EventFacts) -> int | None:
    """geo_precision, or what the admin fields imply when it is missing."""
    if f.geo_precision is not None:
        return f.geo_precision
    if f.location and f.admin3:
        return 1
    if f.admin2:
        return 2
    return 3 if f.admin1 else None


def place_rule(a: EventFacts, b: EventFacts) -> str | None:
    """:data:`SAME_PLACE`, :data:`PLACE_CONTAINED` or None (different or unknown places).

    A place unknown on either side is not a match: across reports nothing else ties them.
    """
    pa, pb = precision(a), precision(b)
    if pa is None or pb is None or not _same(a.admin1, b.admin1):
        return None
    same = (
        _same(a.location, b.location)
        and pa == pb
        and not _clash(a.admin2, b.admin2)
        and not _clash(a.admin3, b.admin3)
    )
    if same:
        return SAME_PLACE if on(SAME_PLACE) else None
    if not on(PLACE_CONTAINED):
        return None
    if pa == 3 or pb == 3:
        return PLACE_CONTAINED  # a governorate contains everything in it
    if (pa == 2 or pb == 2) and _same(a.admin2, b.admin2):
        return PLACE_CONTAINED  # a district or countryside and a town (or area) in it
    return None


def day_rule(a: EventFacts, b: EventFacts) -> str | None:
    """:data:`SAME_DAY`, :data:`DAY_SHIFT` (the later account may be a day early) or None."""
    if a.date is None or b.date is None:
        return None
    gap = (a.date - b.date).days
    if gap == 0:
        return SAME_DAY if on(SAME_DAY) else None
    later = a if gap > 0 else b
    if abs(gap) == 1 and later.relative_date and on(DAY_SHIFT):
        return DAY_SHIFT
    return None


def joins(a: EventFacts, b: EventFacts) -> list[tuple[str, int]] | None:
    """The rules that make ``a`` and ``b`` one event, each with a strength, or None.

    Strength ranks candidates: an exact agreement (same sub-type, same actors, same place, same
    day) counts more than a licensed one (refinement, unnamed actor, containment, a day off).
    """
    t = type_rule(a, b)
    if t is None:
        return None
    ac = actors_rule(a, b)
    if ac is None:
        return None
    p = place_rule(a, b)
    if p is None:
        return None
    d = day_rule(a, b)
    if d is None:
        return None
    exact = {SAME_TYPE, SAME_ACTORS, SAME_PLACE, SAME_DAY}
    names = [t, *ac[0], p, d]
    return [(n, 2 if n in exact else 1) for n in names]


def swapped_actors(a: EventFacts, b: EventFacts) -> bool:
    """Do ``b``'s actors come in the other order than ``a``'s (Battles only)?"""
    ac = actors_rule(a, b)
    return ac is not None and ac[1]


# --- fusion -----------------------------------------------------------------------------


def conservative_toll(figures: Iterable[int | None]) -> tuple[int | None, str | None]:
    """ACLED's toll out of several accounts' figures, and the rule that chose it.

    The lowest figure among the accounts that give one (> 0); 0 when none does; without the
    rule, the first account's figure.
    """
    given = [f for f in figures if f is not None]
    if not given:
        return None, None
    if not on(CONSERVATIVE_TOLL):
        return given[0], None
    positive = [f for f in given if f > 0]
    return (min(positive) if positive else 0), CONSERVATIVE_TOLL


def refined_sub_type(sub_types: Sequence[str]) -> str:
    """The most specific of compatible sub-event types (the first one without the rule).

    >>> refined_sub_type(["Armed clash", "Non-state actor overtakes territory", "Armed clash"])
    'Non-state actor overtakes territory'
    """
    if not on(COMPATIBLE_SUB_TYPE):
        return sub_types[0]
    present = set(sub_types)
    general = {g for g, r in _REFINEMENTS if g in present and r in present}
    left = [s for s in sub_types if s not in general]
    return min(left, key=lambda s: (-left.count(s), s))


def _named_rank(actor: str | None) -> int:
    return 2 if actor is None else 1 if is_unidentified(actor) else 0


def precise_place(accounts: Sequence[EventFacts]) -> tuple[int, str | None]:
    """Index of the account with the most precise place (first on ties) and the rule."""
    if not on(PRECISE_PLACE):
        return 0, None
    best = min(
        range(len(accounts)),
        key=lambda i: (precision(accounts[i]) or 9, accounts[i].admin3 is None, i),
    )
    return best, PRECISE_PLACE


def named_actor(actors: Sequence[tuple[str | None, int | None]]) -> tuple[int, str | None]:
    """Index of the best-named actor among ``(name, inter)`` pairs (first on ties) and the rule.

    Named beats unidentified beats missing; among named actors the most frequent wins.
    """
    if not actors or not on(NAMED_ACTOR):
        return 0, None
    counts: dict[str | None, int] = {}
    for name, _ in actors:
        counts[name] = counts.get(name, 0) + 1
    best = min(
        range(len(actors)),
        key=lambda i: (_named_rank(actors[i][0]), -counts[actors[i][0]], i),
    )
    return best, NAMED_ACTOR


def oriented(reference: EventFacts, f: EventFacts) -> EventFacts:
    """``f`` with its actors in ``reference``'s order (a Battle told the other way round)."""
    if not swapped_actors(reference, f):
        return f
    return replace(f, actor1=f.actor2, inter1=f.inter2, actor2=f.actor1, inter2=f.inter1)
