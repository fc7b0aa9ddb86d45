"""Coreference rules: when two accounts tell one event, and how their fields are fused.

One implementation serves both places where kashf asks "is this the same event?": within one
report (:func:`kashf.extract.events.corefer`, ``within_report=True``) and across reports
(:mod:`kashf.merge`). The rules are pure functions over :class:`EventFacts`, a small frozen value
holding only what they look at. They follow ACLED's codebook: one event is one type, one pair of
actors, one place and one day; when accounts differ, the most specific place and actors they
support are coded.

What differs between the two settings is itself a rule. Within a report the report ties its own
mentions together, so a mention with no place or date of its own, or a side filled only by a
role noun (مدنيين), is no contradiction; across reports nothing else ties two accounts, so an
unknown place or day never joins, while an unidentified armed group may be the group another
outlet names and a date worked out from a report's date may be a day off.

Rules at stage ``coref`` apply in both settings, those at stage ``merge`` across reports only.
Within a report broader licences of :mod:`kashf.extract.events` stand in for the two merge
licences about types and order (any sub-type of one type; a later mention naming fewer parties
in any order), and add its own (a list of towns, a toll told twice).
Every rule is registered in :mod:`kashf.rules` and asked with :func:`on` before it is applied: a
compatibility rule that is switched off never licenses a join, a fusion rule that is switched
off falls back to the first account's value.

>>> a = EventFacts("Battles", "Armed clash", "SDF: Syrian Democratic Forces", 2,
...                "Islamic State (Syria)", 2, "Ar-Raqqa", "Ar-Raqqa", "Maadan", "Maadan",
...                geo_precision=1, date=dt.date(2024, 5, 10), time_precision=1)
>>> b = EventFacts("Battles", "Armed clash", "Islamic State (Syria)", 2,
...                "SDF: Syrian Democratic Forces", 2, "Ar-Raqqa", "Ar-Raqqa", None, "Ar-Raqqa",
...                geo_precision=2, date=dt.date(2024, 5, 10), time_precision=2)
>>> [name for name, _ in joins(a, b)]
['coref.same_type', 'merge.battle_either_order', 'coref.place_contained', 'coref.same_day']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from kashf.rules import on, rule

# --- the rules, each with its name, one line of why and an example in our own words ---------
SAME_TYPE = rule(
    "coref.same_type",
    "coref",
    "Two accounts can tell one event only if ACLED would code them with the same event type "
    "(and, across reports, a compatible sub-event type): a shelling and an arrest never join.",
    "قصفت قوات النظام بلدة كفرنبل. وتجدد قصف قوات النظام على كفرنبل مساء -> one shelling event",
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
    "coref.same_actors",
    "coref",
    "Same actors in the same roles (actor1 with actor1, actor2 with actor2); an actor one "
    "account leaves out is no contradiction.",
    "قصفت قوات النظام بلدة كفرنبل. وتواصل القصف على كفرنبل حتى المساء -> one shelling event "
    "by the state's forces",
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
    "coref.same_place",
    "coref",
    "The same gazetteer place: same governorate and location, no conflicting district or "
    "sub-district.",
    "قصفت قوات النظام بلدة كفرنبل. وتجدد قصف قوات النظام على كفرنبل مساء -> one shelling event",
)
PLACE_CONTAINED = rule(
    "coref.place_contained",
    "coref",
    "One place contains the other, decided by the admin fields: a governorate, or a "
    "countryside whose district is only guessed, contains its towns (geo_precision 3); a "
    "district, a town's countryside or the surroundings of a town contain the towns of that "
    "district (geo_precision 2).",
    "قصفت المدفعية ريف إدلب الجنوبي. وطال القصف بلدة كفرنبل -> one event at Kafr Nobol",
)
SAME_DAY = rule(
    "coref.same_day",
    "coref",
    "ACLED codes one event per day: both accounts must give the same day (within one report, a "
    "mention with no date of its own is no contradiction).",
    "قصفت قوات النظام بلدة كفرنبل يوم 3 آذار 2023. وتجدد القصف على كفرنبل يوم 3 آذار 2023 -> "
    "one event (on 5 آذار, two)",
)
DAY_SHIFT = rule(
    "coref.day_shift",
    "coref",
    "A day's tolerance, one way only: an account whose date was worked out from its report's "
    "date (no date word, so the report's or its lead's date stands in; or, across reports, a "
    "relative word) may tell of the day "
    "before, since a report comes on the day of the event or after it, never before. Two dates "
    "written out must agree exactly.",
    "شهدت بلدة حاس توتراً يوم 4 أيار 2021. وقصفت قوات النظام بلدة كفرنبل أمس. وتجدد قصف قوات "
    "النظام على كفرنبل -> one shelling, on 3 May (across reports, likewise: a report of 11 May "
    "with no date word may join one of 10 May saying «اليوم», never the other way round)",
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
    "coref.precise_place",
    "coref",
    "The most precise place any account gives (lowest geo_precision) is the event's place; "
    "within a report only a place named in the mention's own clause or sentence counts, with "
    "its sentence as the evidence.",
    "قصفت المدفعية ريف حماة. وسقطت القذائف على بلدة اللطامنة -> location Latmana",
)
NAMED_ACTOR = rule(
    "coref.named_actor",
    "coref",
    "A named actor beats an unidentified, a role noun's (مدنيين) or a missing one; among named "
    "actors the one most accounts give (the first on a tie).",
    "قصفت المدفعية بلدة حاس وأصيب مدنيون. وقالت مصادر إن قوات النظام قصفت مواقع قسد في حاس "
    "-> actor2 SDF",
)

# Within one report: the report ties its mentions together (see the module docstring).
ONE_TYPE_IN_A_REPORT = rule(
    "coref.one_type_in_a_report",
    "coref",
    "Within one report, mentions of one event type whose words name different sub-types are "
    "one event; the likelier trigger's sub-type is kept.",
    "قصفت طائرة مسيرة سيارة في بلدة سرمدا. وقتل شخصان بقذائف سقطت على سرمدا -> one event",
)
ROLE_NOUN_SIDE = rule(
    "coref.role_noun_side",
    "coref",
    "Within one report, a side filled only by a role noun (مدنيين, أهالي) fits any side: the "
    "report names the side better elsewhere.",
    "قصفت المدفعية بلدة حاس وأصيب مدنيون. وقالت مصادر إن قوات النظام قصفت مواقع قسد في حاس "
    "-> one event",
)
FEWER_PARTIES = rule(
    "coref.fewer_parties",
    "coref",
    "Within one report, a later mention naming only parties the event already has, in any "
    "order, tells the same event (a clash, then who attacked whom in it).",
    "اشتبكت قوات النظام مع تنظيم داعش قرب تدمر. وهاجم داعش مواقع قوات النظام قرب تدمر -> one "
    "battle",
)
PLACE_TOLD_ONCE = rule(
    "coref.place_told_once",
    "coref",
    "Within one report, a mention with no place in its own clause or sentence (it took the "
    "lead's, or none) fits any event of the report.",
    "قصفت قوات النظام مواقع الفصائل. وأدى القصف إلى مقتل عنصرين من الفصائل -> one event with "
    "2 killed",
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
    # Within one report: a side filled only by a role noun (:data:`ROLE_NOUN_SIDE`), and
    # whether the place was named in the mention's own clause or sentence.
    role_noun1: bool = False
    role_noun2: bool = False
    own_place: bool = True


# --- compatibility ------------------------------------------------------------------------


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and str(a).casefold() == str(b).casefold()


def _clash(a: str | None, b: str | None) -> bool:
    """Both given and different (a missing or empty value is no contradiction)."""
    return bool(a) and bool(b) and str(a).casefold() != str(b).casefold()


def type_rule(a: EventFacts, b: EventFacts, within_report: bool = False) -> str | None:
    """The rule under which ``a`` and ``b`` have one type, or None."""
    if a.event_type != b.event_type or not on(SAME_TYPE):
        return None
    if a.sub_event_type == b.sub_event_type:
        return SAME_TYPE
    pair = frozenset((a.sub_event_type, b.sub_event_type))
    if pair in _COMPATIBLE_SUB_TYPES and on(COMPATIBLE_SUB_TYPE):
        return COMPATIBLE_SUB_TYPE
    return ONE_TYPE_IN_A_REPORT if within_report and on(ONE_TYPE_IN_A_REPORT) else None


def is_unidentified(actor: str | None) -> bool:
    """ACLED's placeholder for a group no source names."""
    return actor is not None and actor.startswith("Unidentified")


def _actor_fits(
    a: tuple[str | None, int | None, bool],
    b: tuple[str | None, int | None, bool],
    within_report: bool,
) -> str | None:
    (name_a, inter_a, role_a), (name_b, inter_b, role_b) = a, b
    if name_a is None or name_b is None or _same(name_a, name_b):
        return SAME_ACTORS
    if within_report:
        # Within a report "unknown gunmen" and a named group often tell two events: only a
        # role noun gives way.
        return ROLE_NOUN_SIDE if (role_a or role_b) and on(ROLE_NOUN_SIDE) else None
    if is_unidentified(name_a) and not is_unidentified(name_b):
        other = inter_b
    elif is_unidentified(name_b) and not is_unidentified(name_a):
        other = inter_a
    else:
        return None  # two different named actors
    if (other is None or other in _ARMED_INTER) and on(UNIDENTIFIED_ACTOR):
        return UNIDENTIFIED_ACTOR
    return None


def _sides(f: EventFacts, swap: bool = False) -> list[tuple[str | None, int | None, bool]]:
    sides = [(f.actor1, f.inter1, f.role_noun1), (f.actor2, f.inter2, f.role_noun2)]
    return sides[::-1] if swap else sides


def _pair_fits(a: EventFacts, b: EventFacts, swap: bool, within_report: bool) -> list[str] | None:
    fits = [_actor_fits(x, y, within_report) for x, y in zip(_sides(a), _sides(b, swap))]
    if None in fits:
        return None
    return sorted({r for r in fits if r is not None})


def _named_matches(a: EventFacts, b: EventFacts, swap: bool) -> int:
    b1, b2 = (b.actor2, b.actor1) if swap else (b.actor1, b.actor2)
    return int(_same(a.actor1, b1)) + int(_same(a.actor2, b2))


def _parties(f: EventFacts) -> set[str]:
    """The named parties of an account (role nouns are no party)."""
    return {n.casefold() for n, _, role in _sides(f) if n is not None and not role}


def actors_rule(
    a: EventFacts, b: EventFacts, within_report: bool = False
) -> tuple[list[str], bool] | None:
    """The rules under which the actors agree and whether ``b``'s come in the other order.

    For Battles both orders are tried and the one naming more of the same actors wins, so
    (SDF, —) and (—, SDF) are one side, not SDF against itself.
    """
    if not on(SAME_ACTORS):
        return None
    straight = _pair_fits(a, b, False, within_report)
    if a.event_type == "Battles" and on(BATTLE_EITHER_ORDER) and not within_report:
        swapped = _pair_fits(a, b, True, within_report)
        if swapped is not None and (
            straight is None or _named_matches(a, b, True) > _named_matches(a, b, False)
        ):
            return sorted({*swapped, BATTLE_EITHER_ORDER} - {SAME_ACTORS}), True
    if straight is None and within_report and on(FEWER_PARTIES):
        named = _parties(b)
        if named and named <= _parties(a):
            return [FEWER_PARTIES], False
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


def place_rule(a: EventFacts, b: EventFacts, within_report: bool = False) -> str | None:
    """:data:`SAME_PLACE`, :data:`PLACE_CONTAINED`, :data:`PLACE_TOLD_ONCE` or None.

    Across reports a place unknown on either side is not a match: nothing else ties them.
    Within a report a mention that took its place from earlier text still matches that place
    best, and fits any other event of the report.
    """
    found = _places_agree(a, b)
    if found is None and within_report and not b.own_place and on(PLACE_TOLD_ONCE):
        return PLACE_TOLD_ONCE
    return found


def _places_agree(a: EventFacts, b: EventFacts) -> str | None:
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
    if not on(PLACE_CONTAINED) or pa == pb:
        return None  # two places of one precision: neither holds the other
    if pa == 3 or pb == 3:
        return PLACE_CONTAINED  # a governorate contains everything in it
    if _same(a.admin2, b.admin2):
        return PLACE_CONTAINED  # a district or countryside and a town (or area) in it
    return None


def day_rule(a: EventFacts, b: EventFacts, within_report: bool = False) -> str | None:
    """:data:`SAME_DAY`, :data:`DAY_SHIFT` (the later account may be a day early) or None.

    Within a report a mention with no date of its own takes the report's: no contradiction.
    """
    if a.date is None or b.date is None:
        return SAME_DAY if within_report and on(SAME_DAY) else None
    gap = (a.date - b.date).days
    if gap == 0:
        return SAME_DAY if on(SAME_DAY) else None
    later = a if gap > 0 else b
    if abs(gap) == 1 and later.relative_date and on(DAY_SHIFT):
        return DAY_SHIFT
    return None


def joins(
    a: EventFacts, b: EventFacts, within_report: bool = False
) -> list[tuple[str, int]] | None:
    """The rules that make ``a`` and ``b`` one event, each with a strength, or None.

    ``within_report``: ``b`` is a later mention of ``a``'s report (see the module docstring).
    Strength ranks candidates: an exact agreement (same sub-type, same actors, same place, same
    day) counts more than a licensed one (refinement, unnamed actor, containment, a day off).
    """
    t = type_rule(a, b, within_report)
    if t is None:
        return None
    ac = actors_rule(a, b, within_report)
    if ac is None:
        return None
    p = place_rule(a, b, within_report)
    if p is None:
        return None
    d = day_rule(a, b, within_report)
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


def _named_rank(actor: str | None, role_noun: bool) -> int:
    return 2 if actor is None else 1 if role_noun or is_unidentified(actor) else 0


def precise_place(accounts: Sequence[EventFacts]) -> tuple[int, str | None]:
    """Index of the account with the most precise place (first on ties) and the rule.

    The first account is the event as it stands; a later one counts only with a place it names
    itself (``own_place``: within a report, a mention that took its place from the lead does
    not move the event's place).
    """
    if not on(PRECISE_PLACE):
        return 0, None
    best = min(
        (i for i, f in enumerate(accounts) if i == 0 or f.own_place),
        key=lambda i: (precision(accounts[i]) or 9, accounts[i].admin3 is None, i),
    )
    return best, PRECISE_PLACE


def named_actor(actors: Sequence[tuple[str | None, bool]]) -> tuple[int, str | None]:
    """Index of the best-named actor among ``(name, only a role noun)`` pairs (first on ties)
    and the rule.

    Named beats unidentified or a role noun, which beat missing; among named actors the most
    frequent wins.
    """
    if not actors or not on(NAMED_ACTOR):
        return 0, None
    counts: dict[str | None, int] = {}
    for name, _ in actors:
        counts[name] = counts.get(name, 0) + 1
    best = min(
        range(len(actors)),
        key=lambda i: (_named_rank(*actors[i]), -counts[actors[i][0]], i),
    )
    return best, NAMED_ACTOR


def oriented(reference: EventFacts, f: EventFacts) -> EventFacts:
    """``f`` with its actors in ``reference``'s order (a Battle told the other way round)."""
    if not swapped_actors(reference, f):
        return f
    return replace(
        f,
        actor1=f.actor2,
        inter1=f.inter2,
        role_noun1=f.role_noun2,
        actor2=f.actor1,
        inter2=f.inter1,
        role_noun2=f.role_noun1,
    )
