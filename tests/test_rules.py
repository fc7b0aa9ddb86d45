"""Every named rule of extraction has a test, and the test fails with its rule switched off.

Each rule's example (``kashf.rules.RULES[name].example``, written for kashf) is ``TEXT -> what
it gives``, optionally opened by the report date in brackets. The expectation below is checked
on the events of that text (for a rule of place spotting: on its place mentions) twice: with
every rule on it must hold; with the rule switched off it must not — so no rule is dead weight
and no test passes on an empty list by accident.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

import kashf.extract  # noqa: F401  (registers the extraction rules)
from kashf.extract import Event, Report, extract
from kashf.gazetteer import PlaceMention, find_places
from kashf.rules import RULES, switched_off

Check = Callable[[list[Event]], bool]
ReportCheck = Callable[[Report], bool]
PlacesCheck = Callable[[list[PlaceMention]], bool]


def _one(pred: Callable[[Event], bool]) -> Check:
    return lambda evs: len(evs) == 1 and pred(evs[0])


def _any(pred: Callable[[Event], bool]) -> Check:
    return lambda evs: any(pred(e) for e in evs)


def _none(pred: Callable[[Event], bool]) -> Check:
    return lambda evs: not any(pred(e) for e in evs)


EXPECT: dict[str, Check] = {
    "mentions.era_from_actors": _any(lambda e: e.actor2 == "Police Forces of Syria (2024-)"),
    "mentions.state_name_by_era": _any(lambda e: e.actor1 == "Military Forces of Syria (2024-)"),
    "mentions.former_member_is_civilian": _any(lambda e: e.actor2 == "Civilians (Syria)"),
    "mentions.source_names_no_side": _one(lambda e: e.actor1 != "SDF: Syrian Democratic Forces"),
    "mentions.verb_takes_no_article": lambda evs: evs == [],
    "mentions.person_inside_actor_name": _one(lambda e: e.fatalities == 4),
    "mentions.members_between_a_mark_and_their_side": _one(
        lambda e: e.actor1 == "Military Forces of Syria"
    ),
    "mentions.head_noun_makes_a_common_word_a_place": _one(lambda e: e.location == "Al-Thawrah"),
    "mentions.origin_is_not_the_place": _one(lambda e: e.location == "Ar-Rastan"),
    "mentions.ally_is_no_side": _any(lambda e: e.actor2 == "Opposition Rebels (Syria)"),
    "mentions.trigger_inflections": _any(
        lambda e: e.sub_event_type == "Remote explosive/landmine/IED" and e.location == "Has"
    ),
    "events.air_defence_answering_a_strike_is_no_clash": _none(lambda e: e.event_type == "Battles"),
    "sense.sport_or_fire_fighting": lambda evs: evs == [],
    "factuality.attempt_to_take_or_arrest": _none(lambda e: e.event_type == "Battles"),
    "mentions.members_of_a_named_side": _one(lambda e: e.fatalities == 4),
    "mentions.likely_attribution_names_the_agent": _any(
        lambda e: e.actor1 == "Military Forces of Israel"
    ),
    "mentions.trigger_table": _one(
        lambda e: e.sub_event_type == "Shelling/artillery/missile attack"
    ),
    "coref.same_type": lambda evs: len(evs) == 1,
    "coref.same_actors": _one(lambda e: e.actor1 == "Military Forces of Syria"),
    "coref.same_place": lambda evs: len(evs) == 1,
    "coref.place_contained": _one(lambda e: e.location == "Kafr Nobol"),
    "coref.same_day": lambda evs: len(evs) == 1,
    "coref.day_shift": _one(lambda e: e.event_date == "2021-05-03"),
    "coref.one_type_in_a_report": lambda evs: len(evs) == 1,
    "coref.role_noun_side": lambda evs: len(evs) == 1,
    "coref.fewer_parties": lambda evs: len(evs) == 1,
    "coref.place_told_once": _one(lambda e: e.fatalities == 2),
    "events.same_toll_told_twice": lambda evs: len(evs) == 1,
    "events.definite_noun_tells_the_event_before": _one(
        lambda e: e.sub_event_type == "Air/drone strike"
    ),
    "events.each_town_of_a_list": lambda evs: len(evs) == 2,
    "events.number_given_beats_a_guess": _one(lambda e: e.fatalities == 2),
    "coref.named_actor": _one(lambda e: e.actor2 == "SDF: Syrian Democratic Forces"),
    "coref.precise_place": _one(lambda e: e.location == "Latmana"),
    "factuality.hypothetical_or_feared": _none(lambda e: e.event_type == "Battles"),
    "factuality.background_long_before": lambda evs: len(evs) == 1,
    "factuality.negated": lambda evs: evs == [],
    "factuality.overflight_is_no_strike": _none(lambda e: e.sub_event_type == "Air/drone strike"),
    "factuality.summary_of_a_period": lambda evs: evs == [],
    "factuality.trend_is_no_event": lambda evs: evs == [],
    "factuality.context_of_time": _one(lambda e: e.sub_event_type.startswith("Shelling")),
    "factuality.separate_events_summed_up": _one(lambda e: e.location == "Da'el"),
    "factuality.section_title": _none(lambda e: e.sub_event_type == "Air/drone strike"),
    "segmentation.line_break_ends_a_sentence": _any(
        lambda e: e.sub_event_type.startswith("Shelling") and e.actor1 == "Military Forces of Syria"
    ),
    "segmentation.glued_full_stop": _any(
        lambda e: e.sub_event_type.startswith("Shelling") and e.actor1 == "Military Forces of Syria"
    ),
    "places.clause": _any(
        lambda e: e.event_type == "Explosions/Remote violence" and e.location == "Latmana"
    ),
    "places.sentence": _any(
        lambda e: e.sub_event_type.startswith("Shelling") and e.location == "Kafr Nobol"
    ),
    "places.previous_sentence": _any(
        lambda e: e.sub_event_type.startswith("Shelling") and e.location == "Kafr Nobol"
    ),
    "places.lead": _one(lambda e: e.location == "Tall Refaat"),
    "places.governorate_gives_way_to_a_town_in_it": _one(lambda e: e.geo_precision == 1),
    "places.list_goes_on_past_a_locator": lambda evs: len(evs) == 2,
    "places.list_holds_an_unknown_member": _any(lambda e: e.location == "Foah"),
    "slots.agent_after_a_marker": _one(lambda e: e.actor1 == "Islamic State (Syria)"),
    "slots.target_after_a_marker": _one(lambda e: e.actor2 == "SDF: Syrian Democratic Forces"),
    "slots.between_two_sides": _one(
        lambda e: (e.actor1, e.actor2) == ("SDF: Syrian Democratic Forces", "Islamic State (Syria)")
    ),
    "slots.owner_of_a_position_is_the_target": _one(
        lambda e: e.actor2 == "SDF: Syrian Democratic Forces"
    ),
    "slots.victims_side_is_the_target": _one(lambda e: e.actor2 == "Military Forces of Syria"),
    "slots.possessive_lam_right_after_the_noun": _one(
        lambda e: e.actor1 == "Military Forces of Syria"
    ),
    "slots.subject_by_word_order": _any(lambda e: e.actor1 == "Military Forces of Syria"),
    "slots.object_by_word_order": _any(lambda e: e.actor2 == "Syrian National Army"),
    "slots.weapon_in_the_actor_name": _one(lambda e: e.actor1 == "Military Forces of Russia"),
    "slots.role_nouns_never_act": _none(lambda e: e.actor1 == "Civilians (Syria)"),
    "slots.clash_with_one_named_side": _one(
        lambda e: (
            e.actor1 == "Military Forces of Syria (2024-)"
            and e.actor2 == "Unidentified Armed Group (Syria)"
        )
    ),
    "slots.air_strikes_are_flown_by_forces": _any(
        lambda e: e.sub_event_type == "Air/drone strike" and e.actor1 == "Military Forces of Syria"
    ),
    "slots.event_noun_then_min_names_the_agent": _one(
        lambda e: e.actor1 == "Military Forces of Syria"
    ),
    "slots.infighting_within_one_force": _one(
        lambda e: e.actor1 == e.actor2 == "Military Forces of Syria"
    ),
    "slots.default_of_the_trigger": _one(lambda e: e.actor1 == "Unidentified Armed Group (Syria)"),
    "slots.type_from_the_sides": _one(lambda e: e.event_type == "Violence against civilians"),
    "slots.side_of_the_same_kind_before": _any(
        lambda e: e.location == "Kafr Nobol" and e.actor1 == "Military Forces of Syria"
    ),
    "events.one_violent_event_per_sentence": _one(lambda e: e.fatalities == 2),
    "events.named_person_killed_is_a_civilian": _one(
        lambda e: (e.sub_event_type, e.actor2) == ("Attack", "Civilians (Syria)")
    ),
    "events.verb_opening_a_clause_tells_another_event": _any(
        lambda e: (e.actor1, e.location) == ("Opposition Rebels (Syria)", "Has")
    ),
    "events.force_against_a_protest": _one(
        lambda e: e.sub_event_type == "Excessive force against protesters"
    ),
    "events.strategic_needs_a_named_side": lambda evs: evs == [],
    "events.toll_alone_is_no_event": _one(lambda e: e.fatalities == 3),
    "events.attack_word_needs_a_side_or_a_toll": lambda evs: evs == [],
    "counts.sentence_toll": _one(lambda e: e.fatalities == 3),
    "counts.follow_up_toll": _one(lambda e: e.fatalities == 4),
    "counts.killed_and_injured_together": _one(lambda e: e.fatalities == 3),
    "counts.revised_toll": _one(lambda e: e.fatalities == 9),
    "counts.lowest_of_two_accounts": _one(lambda e: e.fatalities == 2),
    "counts.coordinated_figures_share_the_verb": _one(lambda e: e.fatalities == 9),
    "counts.vague_figure_after_its_verb": _one(lambda e: e.fatalities == 3),
    "counts.casualty_noun_counts_itself": _one(lambda e: e.fatalities == 3),
    "counts.number_after_its_noun": _one(lambda e: e.fatalities == 3),
    "counts.negated_toll": _one(lambda e: e.fatalities == 0),
    "counts.named_victim_is_one": _one(lambda e: e.fatalities == 1),
    "counts.range_gives_its_lowest": _one(lambda e: e.fatalities == 8),
    "counts.agent_between_verb_and_victim": _one(lambda e: e.fatalities == 1),
    "counts.date_between_verb_and_victim": _one(lambda e: e.fatalities == 1),
    "counts.town_toll_beats_area_toll": _one(
        lambda e: e.location == "Kafr Nobol" and e.fatalities == 3
    ),
    "events.two_towns_are_two_tolls": lambda evs: len(evs) == 2,
    "dates.clause_or_sentence": _any(
        lambda e: e.location == "Kafr Nobol" and e.event_date == "2021-05-03"
    ),
    "dates.lead": lambda evs: len(evs) >= 1 and all(e.event_date == "2021-05-03" for e in evs),
    "dates.report_date": _one(lambda e: e.event_date == "2021-05-04"),
}

# Rules whose decision shows in the report's entities rather than in its events' fields.
EXPECT_REPORT: dict[str, ReportCheck] = {
    "places.list_shares_its_qualifier": lambda rep: any(
        x.kind == "place" and x.text == "الحمدانية" and x.get("geo_precision") == 2
        for x in rep.entities
    ),
    "mentions.locator_is_not_the_place": lambda rep: any(
        x.kind == "place" and x.value == "Al-Malikeyyeh" and x.get("context") for x in rep.entities
    ),
}


def _where(*locations: str) -> PlacesCheck:
    return lambda ms: [m.location for m in ms] == list(locations)


def _only(pred: Callable[[PlaceMention], bool]) -> PlacesCheck:
    return lambda ms: len(ms) == 1 and pred(ms[0])


# Rules of place spotting: checked on the place mentions of the example text (``find_places``,
# what they decide), not on extract's events.
EXPECT_PLACES: dict[str, PlacesCheck] = {
    "places.inside_a_name_is_no_place": _where("Kafr Nobol"),
    "places.common_word_needs_a_cue": _where("Dar'a"),
    "places.compass_word_needs_a_head_noun": _where("Al-Hasakeh"),
    "places.generic_noun_needs_a_cue": _where(),
    "places.title_opens_a_persons_name": _where("Aleppo"),
    "places.kunya_opens_a_persons_name": _where("Aleppo"),
    "places.clitic_reading_needs_a_rare_word": _where("Hama"),
    "places.listed_with_a_place": _where("Jandairis", "Khader"),
    "places.head_noun_picks_the_kind": _only(
        lambda m: m.scope == "governorate" and m.geo_precision == 3
    ),
    "places.countryside_of_a_town": _only(
        lambda m: m.scope == "countryside" and m.location == "Menbij" and m.geo_precision == 2
    ),
    "places.unknown_village_after_a_head_noun": _only(
        lambda m: m.place is None and m.location == "زعترينة" and m.admin1 == "Idleb"
    ),
    "places.qualifier_locates_the_place": _only(
        lambda m: m.text.endswith("بريف الرقة") and m.admin1 == "Ar-Raqqa"
    ),
    "places.road_is_its_first_town": _only(
        lambda m: m.scope == "road" and m.location == "Aleppo" and m.geo_precision == 2
    ),
    "places.two_word_name_before_a_qualifier": lambda ms: any(
        m.location == "حاس عتيق" and m.admin1 == "Al-Hasakeh" and m.geo_precision == 2 for m in ms
    ),
    "places.rare_word_in_a_list_is_a_village": lambda ms: any(
        m.place is None and m.location == "زعترينة" and m.admin1 == "Idleb" for m in ms
    ),
    "places.one_edit_from_a_name_nearby": lambda ms: any(
        m.location == "Kafr Nobol" and m.place is not None for m in ms
    ),
    "places.direction_points_to_a_district": _only(
        lambda m: m.district_implied and m.admin2 == "Al Ma'ra" and m.geo_precision == 2
    ),
    "places.namesake_named_in_the_clause": lambda ms: any(
        m.location == "Mansura" and m.admin1 == "Hama" for m in ms
    ),
    "places.namesake_named_in_the_sentence": lambda ms: any(
        m.location == "Mansura" and m.admin1 == "Hama" for m in ms
    ),
    "places.namesake_the_text_names_most": lambda ms: any(
        m.location == "Mansura" and m.admin1 == "Lattakia" for m in ms
    ),
    "places.namesake_only_elsewhere_is_a_local_village": lambda ms: any(
        m.text == "الحمدانية" and m.place is None and m.admin1 == "Ar-Raqqa" for m in ms
    ),
    "places.namesake_in_the_governorate_the_caller_names": _only(
        lambda m: m.location == "Mansura" and m.admin1 == "Hama"
    ),
    "places.name_known_only_outside_its_qualifier": _only(
        lambda m: m.place is None and m.admin1 == "Hama" and m.geo_precision == 2
    ),
    "places.name_written_without_its_article": _only(
        lambda m: m.location == "Mansura" and m.place is not None and m.admin1 == "Ar-Raqqa"
    ),
    "places.governorate_named_after_its_countryside": _only(
        lambda m: m.scope == "governorate" and m.location == "Rural Damascus"
    ),
    "places.near_word_is_around_the_place": _only(
        lambda m: m.scope == "near" and m.location == "Saraqab" and m.geo_precision == 2
    ),
}

# A place-spotting example may open with the governorate the caller names: "(governorate Hama)".
_HINT_RE = re.compile(r"^\(governorate ([^)]+)\)\s*")
_DATE_RE = re.compile(r"^\((\d{4}(?:-\d\d-\d\d)?|undated)\)\s*")


def example_text(name: str) -> str:
    """Rule ``name``'s example text (the part before "->")."""
    return RULES[name].example.split("->")[0].split(";")[0].strip()


def example_report(name: str) -> Report:
    """The report of rule ``name``'s example text."""
    text = example_text(name)
    date: str | None = "2021-05-04"
    m = _DATE_RE.match(text)
    if m:
        given = m.group(1)
        date = None if given == "undated" else given if "-" in given else f"{given}-06-01"
        text = text[m.end() :]
    return extract(text, date=date, id="rule")


EXTRACT_RULES = sorted(n for n, r in RULES.items() if r.stage != "merge")  # coref: both


def _outcome(name: str) -> tuple[bool, str]:
    """Does rule ``name``'s expectation hold on its example (in the current context), and what
    was seen (for the failure message)."""
    if name in EXPECT_PLACES:
        text = example_text(name)
        m = _HINT_RE.match(text)
        hint = m.group(1) if m else None
        places = find_places(text[m.end() :] if m else text, admin1_hint=hint)
        seen = [(m.text, m.location, m.admin1, m.geo_precision, m.scope) for m in places]
        return EXPECT_PLACES[name](places), str(seen)
    rep = example_report(name)
    got = [(e.event_type, e.actor1, e.actor2, e.location, e.fatalities) for e in rep.events]
    if name in EXPECT_REPORT:
        return EXPECT_REPORT[name](rep), str(got)
    return EXPECT[name](list(rep.events)), str(got)


def test_every_rule_has_a_test() -> None:
    tested = EXPECT.keys() | EXPECT_REPORT.keys() | EXPECT_PLACES.keys()
    missing = [n for n in EXTRACT_RULES if n not in tested]
    assert not missing, f"rules without a test here: {missing}"


@pytest.mark.parametrize("name", EXTRACT_RULES)
def test_rule_holds_on_its_example_and_fails_without_it(name: str) -> None:
    holds, seen = _outcome(name)
    assert holds, f"{name}: {seen}"
    with switched_off(name):
        holds_off, seen_off = _outcome(name)
    assert not holds_off, f"{name} switched off changes nothing on its example: {seen_off}"
