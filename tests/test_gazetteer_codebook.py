"""Gazetteer rules against false places and for villages it lacks. Texts written for the tests."""

from __future__ import annotations

import pytest

from kashf.gazetteer import find_places


def locations(text: str) -> list[str]:
    return [m.location for m in find_places(text)]


@pytest.mark.parametrize(
    "text",
    [
        "صرح الناشط الحقوقي سامي طيارة للصحفيين بأن الوضع صعب.",  # a surname, not the village
        "أطلق مسلحون النار عليه في منطقة مزدحمة.",  # a pronoun with a qualifier after it
        "وصلت دفعة جديدة من المساعدات.",
    ],
)
def test_common_words_and_names_are_no_places(text: str) -> None:
    assert all(m.place is None or m.geo_precision < 3 for m in find_places(text))
    assert not [m for m in find_places(text) if m.text.strip() in ("طيارة", "عليه", "جديدة")]


def test_a_place_cue_after_the_title_keeps_the_place() -> None:
    assert "Homs" in locations("قال الناشط في حمص إن القصف مستمر.")


def test_unknown_village_listed_between_known_ones_takes_their_area() -> None:
    found = find_places("سيطرت الفصائل على النقير وزعفرينة وترملا")
    by_text = {m.text.lstrip("و"): m for m in found}
    assert "زعفرينة" in by_text
    m = by_text["زعفرينة"]
    assert m.place is None and m.admin1 == "Idleb" and m.geo_precision == 2


def test_unknown_village_after_a_plural_head_noun() -> None:
    found = find_places("أقام الجيش نقاطا في قرى بداما وزعفرينة")
    assert [m.admin1 for m in found] == ["Idleb", "Idleb"]


def test_a_rare_word_after_one_place_is_not_listed() -> None:
    # no second place and no plural head noun: nothing says the word is a village
    assert locations("قصفت الطائرات حمص وزعفرينة") == ["Homs"]


def test_namesake_village_in_another_governorate_follows_the_text() -> None:
    # "قرقور" is a Hama village; in a list of Idleb villages it is an Idleb one the table lacks
    found = find_places("في ريف إدلب الجنوبي، سيطرت الفصائل على النقير وقرقور وترملا")
    m = next(m for m in found if "قرقور" in m.text)
    assert m.admin1 == "Idleb"


def test_namesake_without_any_place_cue_is_dropped() -> None:
    found = find_places("شهدت إدلب قصفا عنيفا وصفه الأهالي بالإجرام الأسدية")
    assert [m.admin1 for m in found] == ["Idleb"]


def test_direction_before_a_head_noun_means_near_the_town() -> None:
    (m,) = find_places("أنشئت نقطة غربي مدينة جسر الشغور")
    assert m.location == "Jisr-Ash-Shugur" and m.geo_precision == 2
