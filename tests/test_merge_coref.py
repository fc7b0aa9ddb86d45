"""The coreference rules of kashf.coref, one at a time, and each one switched off."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kashf import coref
from kashf.coref import EventFacts
from kashf.rules import RULES, switched_off

DAY = dt.date(2024, 5, 10)
SHELLING = EventFacts(
    "Explosions/Remote violence",
    "Shelling/artillery/missile attack",
    actor1="Military Forces of Syria",
    inter1=1,
    actor2="Civilians (Syria)",
    inter2=7,
    admin1="Idleb",
    admin2="Al Ma'ra",
    admin3="Kafr Nobol",
    location="Kafr Nobol",
    geo_precision=1,
    date=DAY,
    time_precision=1,
    fatalities=3,
)
CLASH = EventFacts(
    "Battles",
    "Armed clash",
    actor1="SDF: Syrian Democratic Forces",
    inter1=2,
    actor2="Islamic State (Syria)",
    inter2=2,
    admin1="Ar-Raqqa",
    admin2="Ar-Raqqa",
    admin3="Maadan",
    location="Maadan",
    geo_precision=1,
    date=DAY,
    time_precision=1,
)


def names(a: EventFacts, b: EventFacts) -> list[str] | None:
    joined = coref.joins(a, b)
    return None if joined is None else [n for n, _ in joined]


def test_shared_rules_sit_in_the_coref_stage_and_cross_report_ones_in_merge() -> None:
    stage = {n: r.stage for n, r in RULES.items()}
    assert {stage[coref.SAME_DAY], stage[coref.PLACE_CONTAINED]} == {"coref"}
    assert {stage[coref.CONSERVATIVE_TOLL], stage[coref.UNIDENTIFIED_ACTOR]} == {"merge"}


def test_identical_accounts_join_on_the_exact_rules() -> None:
    assert names(SHELLING, SHELLING) == [
        coref.SAME_TYPE,
        coref.SAME_ACTORS,
        coref.SAME_PLACE,
        coref.SAME_DAY,
    ]


def test_types_and_sub_types() -> None:
    air = replace(SHELLING, sub_event_type="Air/drone strike")
    assert coref.joins(SHELLING, air) is None  # ACLED codes a shelling and an air strike apart
    arrest = replace(SHELLING, event_type="Strategic developments", sub_event_type="Arrests")
    assert coref.joins(SHELLING, arrest) is None
    taken = replace(CLASH, sub_event_type="Non-state actor overtakes territory")
    assert coref.COMPATIBLE_SUB_TYPE in (names(CLASH, taken) or [])
    assert coref.refined_sub_type([CLASH.sub_event_type, taken.sub_event_type]) == (
        "Non-state actor overtakes territory"
    )
    with switched_off(coref.COMPATIBLE_SUB_TYPE):
        assert coref.joins(CLASH, taken) is None


def test_battle_actors_in_either_order_but_not_other_types() -> None:
    other_way = replace(
        CLASH, actor1=CLASH.actor2, inter1=CLASH.inter2, actor2=CLASH.actor1, inter2=CLASH.inter1
    )
    assert coref.BATTLE_EITHER_ORDER in (names(CLASH, other_way) or [])
    assert coref.oriented(CLASH, other_way).actor1 == CLASH.actor1
    with switched_off(coref.BATTLE_EITHER_ORDER):
        assert coref.joins(CLASH, other_way) is None
    one_side = replace(CLASH, actor2=None, inter2=None)
    other_slot = replace(CLASH, actor1=None, inter1=None, actor2=CLASH.actor1, inter2=2)
    assert coref.swapped_actors(one_side, other_slot)  # SDF is one side, not both
    assert coref.oriented(one_side, other_slot).actor1 == CLASH.actor1
    reversed_attack = replace(
        SHELLING, actor1="Civilians (Syria)", inter1=7, actor2=SHELLING.actor1, inter2=1
    )
    assert coref.joins(SHELLING, reversed_attack) is None


def test_missing_and_unidentified_actors() -> None:
    nobody = replace(SHELLING, actor1=None, inter1=None)
    assert names(SHELLING, nobody) is not None
    unknown = replace(SHELLING, actor1="Unidentified Armed Group (Syria)", inter1=3)
    assert coref.UNIDENTIFIED_ACTOR in (names(SHELLING, unknown) or [])
    with switched_off(coref.UNIDENTIFIED_ACTOR):
        assert coref.joins(SHELLING, unknown) is None
    # an unidentified armed group is not the civilians the other report names as the target
    target = replace(SHELLING, actor2="Unidentified Armed Group (Syria)", inter2=3)
    assert coref.joins(SHELLING, target) is None
    turkey = replace(SHELLING, actor1="Military Forces of Turkey", inter1=8)
    assert coref.joins(SHELLING, turkey) is None
    idx, _ = coref.named_actor(
        [(None, False), ("Unidentified Armed Group (Syria)", False), ("X", False)]
    )
    assert idx == 2


def test_places_same_contained_or_different() -> None:
    district = replace(SHELLING, location="Idleb", admin3=None, geo_precision=2)
    governorate = replace(SHELLING, location="Idleb", admin2=None, admin3=None, geo_precision=3)
    other_town = replace(SHELLING, location="Maarat An Nu'man", admin3="Maarat An Nu'man")
    other_district = replace(district, admin2="Jisr Ash-Shugur")
    other_governorate = replace(SHELLING, admin1="Hama")
    assert coref.place_rule(SHELLING, SHELLING) == coref.SAME_PLACE
    assert coref.place_rule(SHELLING, district) == coref.PLACE_CONTAINED
    assert coref.place_rule(governorate, SHELLING) == coref.PLACE_CONTAINED
    for different in (other_town, other_district, other_governorate):
        assert coref.place_rule(SHELLING, different) is None
    assert coref.place_rule(SHELLING, replace(SHELLING, admin1=None, geo_precision=None)) is None
    with switched_off(coref.PLACE_CONTAINED):
        assert coref.place_rule(SHELLING, district) is None
    assert coref.precise_place([governorate, district, SHELLING])[0] == 2


def test_a_day_apart_only_when_the_later_date_is_relative() -> None:
    next_day = replace(SHELLING, date=DAY + dt.timedelta(days=1))
    assert coref.day_rule(SHELLING, next_day) is None  # two dates written out must agree
    relative = replace(next_day, relative_date=True)
    assert coref.day_rule(SHELLING, relative) == coref.DAY_SHIFT
    assert coref.day_rule(relative, SHELLING) == coref.DAY_SHIFT
    # a report date standing in may be a day late, never early: the earlier account's date
    # being relative does not license the later, written-out one
    day_before = replace(SHELLING, date=DAY - dt.timedelta(days=1), relative_date=True)
    assert coref.day_rule(SHELLING, day_before) is None
    assert coref.day_rule(SHELLING, replace(relative, date=DAY + dt.timedelta(days=2))) is None
    with switched_off(coref.DAY_SHIFT):
        assert coref.day_rule(SHELLING, relative) is None


@pytest.mark.parametrize(
    ("figures", "expected"),
    [([3, 5], 3), ([0, 4, 6], 4), ([0, 0], 0), ([None, 2], 2), ([None], None)],
)
def test_conservative_toll(figures: list[int | None], expected: int | None) -> None:
    assert coref.conservative_toll(figures)[0] == expected


def test_without_the_toll_rule_the_first_figure_stands() -> None:
    with switched_off(coref.CONSERVATIVE_TOLL):
        assert coref.conservative_toll([5, 3]) == (5, None)


# --- the same rules within one report (extract's coreference) ------------------------------


def test_within_a_report_missing_places_and_days_are_no_contradiction() -> None:
    undated = replace(SHELLING, date=None)
    assert names(SHELLING, undated) is None  # across reports nothing ties them
    assert coref.joins(SHELLING, undated, within_report=True) is not None
    told_before = replace(SHELLING, location=None, admin1=None, geo_precision=None, own_place=False)
    assert coref.joins(SHELLING, told_before) is None
    joined = coref.joins(SHELLING, told_before, within_report=True) or []
    assert coref.PLACE_TOLD_ONCE in [n for n, _ in joined]


def test_within_a_report_two_written_days_are_two_events() -> None:
    later = replace(SHELLING, date=DAY + dt.timedelta(days=2))
    assert coref.joins(SHELLING, later, within_report=True) is None


def test_within_a_report_an_unidentified_group_stays_apart_but_a_role_noun_gives_way() -> None:
    unknown = replace(SHELLING, actor1="Unidentified Armed Group (Syria)", inter1=3)
    assert coref.joins(SHELLING, unknown) is not None
    assert coref.joins(SHELLING, unknown, within_report=True) is None
    sdf = replace(SHELLING, actor2="SDF: Syrian Democratic Forces", inter2=2)
    role = replace(SHELLING, role_noun2=True)
    assert coref.joins(role, sdf) is None
    assert coref.joins(role, sdf, within_report=True) is not None
    with switched_off(coref.ROLE_NOUN_SIDE):
        assert coref.joins(role, sdf, within_report=True) is None
    assert coref.named_actor([("Civilians (Syria)", True), ("SDF", False)])[0] == 1


def test_within_a_report_any_sub_type_of_one_type_joins() -> None:
    air = replace(SHELLING, sub_event_type="Air/drone strike")
    assert coref.joins(SHELLING, air) is None
    joined = coref.joins(SHELLING, air, within_report=True) or []
    assert coref.ONE_TYPE_IN_A_REPORT in [n for n, _ in joined]


def test_two_places_of_one_precision_do_not_hold_each_other() -> None:
    one = replace(SHELLING, location="Idleb", admin2=None, admin3=None, geo_precision=3)
    other = replace(one, location="Jabal al-Zawiya")
    assert coref.place_rule(one, other) is None
    assert coref.place_rule(one, replace(one, admin2="")) == coref.SAME_PLACE  # "" is no value


def test_within_a_report_different_days_split_one_shelling_into_two() -> None:
    from kashf.extract import extract

    text = (
        "قصفت قوات النظام بلدة كفرنبل يوم 3 آذار 2023. "
        "وقصفت قوات النظام بلدة كفرنبل يوم 5 آذار 2023"
    )
    days = sorted(e.event_date for e in extract(text, date="2023-03-06").events)
    assert days == ["2023-03-03", "2023-03-05"]
