"""kashf.gazetteer: lookup and place spotting. Texts are written for these tests."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kashf.gazetteer import ACLED_ADMIN1, Gazetteer, Place, PlaceMention, find_places


@pytest.fixture(autouse=True)
def _no_user_gazetteer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever the developer imported into ~/.local/share/kashf must not change results.
    monkeypatch.setenv("KASHF_DATA_DIR", str(tmp_path / "kashf-data"))


def only(text: str, **kw: object) -> PlaceMention:
    found = find_places(text, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, [(m.text, m.location, m.reason) for m in found]
    return found[0]


# --- the table and lookup ------------------------------------------------------------------
def test_every_admin1_is_acled_spelling() -> None:
    gaz = Gazetteer.default()
    admin1 = {p.admin1 for p in gaz.places if p.admin1}
    assert admin1 <= ACLED_ADMIN1
    assert {p.admin1 for p in gaz.places if p.kind == "governorate"} == ACLED_ADMIN1


def test_default_is_cached_and_has_all_sources() -> None:
    gaz = Gazetteer.default()
    assert Gazetteer.default() is gaz
    assert {p.source for p in gaz.places} == {"ocha", "geonames", "kashf"}
    assert len(gaz) > 5000


def test_lookup_folds_hamza_and_ta_marbuta() -> None:
    gaz = Gazetteer.default()
    for spelling in ("إدلب", "ادلب", "أدلب"):
        assert any(p.kind == "community" and p.admin1 == "Idleb" for p in gaz.lookup(spelling))
    assert gaz.lookup("حماه")[0].admin1 == "Hama"
    assert gaz.lookup("الرقه") == gaz.lookup("الرقة")
    assert [p.name_en for p in gaz.lookup("Menbij")][:1] == ["Menbij"]
    assert gaz.lookup("لا يوجد مكان بهذا الاسم") == []


def test_lookup_biggest_first_and_aliases() -> None:
    gaz = Gazetteer.default()
    tabqa = gaz.lookup("الطبقة")  # GeoNames / hand alias of OCHA's Al-Thawrah
    assert tabqa[0].admin1 == "Ar-Raqqa" and tabqa[0].rank > 50_000
    assert gaz.lookup("كوباني")[0].pcode == "C1946"


# --- spans, clitics, spelling ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "span", "admin1"),  # span: the whole word, proclitics included
    [
        ("سقطت قذائف بدير الزور صباحا", "بدير الزور", "Deir ez-Zor"),
        ("اشتباكات في حماة وادلب", "وادلب", "Idleb"),
        ("وصل رتل عسكري للرقة مساء", "للرقة", "Ar-Raqqa"),
        ("عادت العائلات لمدينة منبج", "منبج", "Aleppo"),
        ("عاد النازحون للاذقية", "للاذقية", "Lattakia"),
        ("غارة على حلب", "حلب", "Aleppo"),
        ("قصف على الرقه", "الرقه", "Ar-Raqqa"),
    ],
)
def test_clitics_and_spellings(text: str, span: str, admin1: str) -> None:
    found = find_places(text)
    match = [m for m in found if m.text == span]
    assert match, [(m.text, m.admin1) for m in found]
    assert match[0].admin1 == admin1


def test_spans_point_into_the_given_text_with_harakat() -> None:
    text = "قَصْفٌ عَلَى حَلَبَ وَإِدْلِبَ"
    found = find_places(text)
    assert [m.admin1 for m in found] == ["Aleppo", "Idleb"]
    for m in found:
        assert text[m.start : m.end] == m.text
    assert found[0].text.startswith("حَلَب")


def test_mentions_sorted_and_non_overlapping() -> None:
    text = ("قصفت المدفعية بلدة كفرنبل بريف إدلب الجنوبي، واشتباكات في ريف حلب الشمالي "
            "وعلى طريق حلب - دمشق الدولي، وغارات على مدينة الرقة وجبل الزاوية")
    found = find_places(text)
    assert len(found) >= 5
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.geo_precision in (1, 2, 3)
        assert 0.0 <= m.confidence <= 1.0
        assert m.reason


def test_mention_is_frozen() -> None:
    m = only("غارة على حلب")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 3  # type: ignore[misc]
    assert isinstance(m.place, Place) and m.place.source == "ocha"


# --- precision ------------------------------------------------------------------------------
def test_precision_town_near_governorate() -> None:
    town = only("انفجار عبوة في سراقب")
    assert (town.location, town.geo_precision, town.admin1) == ("Saraqab", 1, "Idleb")
    near = only("اشتباكات قرب سراقب")
    assert near.geo_precision == 2 and near.location == "Saraqab"
    gov = only("اعتقالات في محافظة إدلب")
    assert gov.geo_precision == 3 and gov.location == "Idleb" and gov.place is not None
    assert gov.place.kind == "governorate"


def test_region_from_hand_table() -> None:
    m = only("قصف مدفعي على جبل الزاوية")
    assert (m.admin1, m.admin2, m.geo_precision) == ("Idleb", "Ariha", 2)
    assert m.place is not None and m.place.source == "kashf"
    desert = only("هجوم لخلايا التنظيم في البادية السورية")
    assert desert.geo_precision == 3 and desert.admin1 == "Homs"


# --- countryside ------------------------------------------------------------------------------
def test_countryside_with_direction_implies_district() -> None:
    m = only("اشتباكات عنيفة في ريف الرقة الشرقي")
    assert m.text == "ريف الرقة الشرقي"
    assert (m.admin1, m.location, m.geo_precision) == ("Ar-Raqqa", "Ar-Raqqa", 2)
    assert m.admin2 == "Ar-Raqqa"
    assert m.place is None or m.place.kind != "community"


def test_countryside_spanning_districts_is_precision_3() -> None:
    m = only("قصف تركي على ريف حلب الشمالي")
    assert (m.admin1, m.admin2, m.geo_precision) == ("Aleppo", "", 3)


def test_countryside_of_a_district_town() -> None:
    m = only("انفجار لغم في ريف منبج")
    assert (m.admin1, m.admin2, m.geo_precision, m.location) == ("Aleppo", "Menbij", 2, "Menbij")


def test_countryside_of_damascus_is_rural_damascus() -> None:
    assert only("مداهمات في ريف دمشق الغربي").admin1 == "Rural Damascus"
    assert only("مداهمات بريف دمشق").admin1 == "Rural Damascus"


def test_known_village_in_countryside_is_one_mention() -> None:
    m = only("قصفت المدفعية بلدة كفرنبل بريف إدلب الجنوبي")
    assert m.text == "كفرنبل بريف إدلب الجنوبي"
    assert (m.admin1, m.geo_precision) == ("Idleb", 1)
    assert m.location == m.place.name_en if m.place else False


def test_unknown_village_in_known_countryside() -> None:
    name = "الكرمشية"
    assert Gazetteer.default().lookup(name) == []  # the test needs a name the table lacks
    m = only(f"قتل مدنيان في قرية {name} بريف الرقة الشرقي")
    assert m.place is None
    assert m.location == name
    assert (m.admin1, m.admin2, m.geo_precision) == ("Ar-Raqqa", "Ar-Raqqa", 2)
    assert m.confidence < 0.7
    assert "unknown village" in m.reason
    assert m.latitude is not None  # approximate: the countryside anchor


def test_unknown_village_without_any_area_is_not_reported() -> None:
    assert find_places("قتل مدنيان في قرية الكرمشية") == []
    hinted = only("قتل مدنيان في قرية الكرمشية", admin1_hint="Ar-Raqqa")
    assert hinted.admin1 == "Ar-Raqqa" and hinted.place is None and hinted.confidence < 0.5


# --- ambiguity --------------------------------------------------------------------------------
def test_ambiguous_name_resolved_by_governorate_nearby() -> None:
    gaz = Gazetteer.default()
    homes = {p.admin1 for p in gaz.lookup("المنصورة")}
    assert {"Aleppo", "Ar-Raqqa"} <= homes
    a = find_places("سقطت قذيفة على بلدة المنصورة، وقال ناشطون في حلب إن القصف مستمر")[0]
    r = find_places("سقطت قذيفة على بلدة المنصورة، وقال ناشطون في الرقة إن القصف مستمر")[0]
    assert (a.admin1, r.admin1) == ("Aleppo", "Ar-Raqqa")
    assert "ambiguous" in a.reason and a.confidence < 0.95


def test_ambiguous_name_resolved_by_hint_and_by_size() -> None:
    text = "سقطت قذيفة على بلدة المنصورة"
    hinted = find_places(text, admin1_hint="Ar-Raqqa")[0]
    assert hinted.admin1 == "Ar-Raqqa" and "hint" in hinted.reason
    alone = find_places(text)[0]
    assert "biggest" in alone.reason and alone.confidence <= 0.7
    with pytest.raises(ValueError, match="governorate"):
        find_places(text, admin1_hint="Narnia")


def test_qualifier_beats_size() -> None:
    m = only("قصف على قرية المنصورة بريف حلب الشرقي")
    assert m.admin1 == "Aleppo" and "next to it" in m.reason


# --- typos -------------------------------------------------------------------------------------
def test_typo_accepted_when_governorate_agrees() -> None:
    m = only("قصف مدفعي على بلدة الميادبن بريف دير الزور الشرقي")
    assert m.place is not None and m.place.name_en == "Al Mayadin"
    assert m.reason.startswith("typo 1 edit")
    assert m.confidence < 0.8


def test_typo_rejected_without_or_against_context() -> None:
    assert not any(m.place and m.place.name_en == "Al Mayadin"
                   for m in find_places("قصف مدفعي على بلدة الميادبن"))
    elsewhere = find_places("قصف مدفعي على بلدة الميادبن بريف حلب الشرقي")
    assert not any(m.place and m.place.name_en == "Al Mayadin" for m in elsewhere)


def test_typo_in_running_text_with_governorate_nearby() -> None:
    found = find_places("اشتباكات في دير الزور، وقصف على الميادبن")
    assert [m.place.name_en for m in found if m.place] == ["Deir-ez-Zor", "Al Mayadin"]


# --- false places ------------------------------------------------------------------------------
def test_no_place_in_ordinary_sentences() -> None:
    ordinary = [
        "أعلن الجيش أن السلام والنصر قريبان، وفتح الباب أمام الحوار",
        "قالت الوزارة إن الحرية والجديدة في التعليم من أولويات الثورة",
        "أصيب شاب بجروح خطيرة في منزله بواسطة سكين",
        "قوات سوريا الديمقراطية تعلن نتائج عملية نبع السلام",
    ]
    for text in ordinary:
        assert find_places(text) == [], text


def test_common_word_village_fires_with_head_noun() -> None:
    gaz = Gazetteer.default()
    assert any(p.admin1 == "Aleppo" for p in gaz.lookup("الحرية"))
    assert find_places("نحن نريد الحرية") == []
    m = only("قصف على قرية الحرية بريف حلب الشرقي")
    assert m.admin1 == "Aleppo" and m.place is not None


# --- roads -------------------------------------------------------------------------------------
def test_road_resolves_to_first_town() -> None:
    m = only("كمين على طريق حلب - دمشق الدولي")
    assert (m.location, m.admin1, m.geo_precision) == ("Aleppo", "Aleppo", 2)
    assert m.text.startswith("طريق") and "دمشق" in m.text
    assert "road" in m.reason


def test_highway_code_alone() -> None:
    m = only("دوريات مشتركة على أوتوستراد M4")
    assert m.admin1 == "Idleb" and m.geo_precision == 3


# --- a Gazetteer of your own --------------------------------------------------------------------
def test_custom_gazetteer() -> None:
    village = Place("الكرمشية", "Karmashiyeh", "community", "Ar-Raqqa", "Ar-Raqqa", "Maadan",
                    "X1", 35.8, 39.5, 500, "user")
    gaz = Gazetteer([village])
    m = only("قصف على الكرمشية", gazetteer=gaz)
    assert m.place == village and m.location == "Karmashiyeh"
    assert gaz.lookup("كرمشية") == [village]  # article-less spelling finds it


# --- robustness --------------------------------------------------------------------------------
def test_empty_and_non_arabic_text() -> None:
    assert find_places("") == []
    assert find_places("   \n") == []
    assert find_places("Shelling hit Aleppo 12.5.2023") == []
    with pytest.raises(TypeError):
        find_places(b"\xd8\xad\xd9\x84\xd8\xa8")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["حلب", "بريف", "الرقة", "الشرقي", "قرية", "في", "وادلب", "طريق", "-",
                         "\u064e", "\u0640", "،", " ", "  ", "\n", "المنصورة", "دير", "الزور",
                         "قرب", "محافظة", "M4", "ب", "و", "الكرمشية", "جبل", "الزاوية"]),
        max_size=30,
    ).map("".join)
)
def test_spans_valid_on_any_mix(text: str) -> None:
    found = find_places(text)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.geo_precision in (1, 2, 3)
