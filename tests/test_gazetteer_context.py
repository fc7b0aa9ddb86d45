"""kashf.gazetteer: news outlets named after a place are no places, and a namesake village is
chosen by the area the text itself names (clause, sentence, whole text) before its size. Texts
are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kashf.gazetteer import Gazetteer, PlaceMention, find_places


@pytest.fixture(autouse=True)
def _no_user_gazetteer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KASHF_DATA_DIR", str(tmp_path / "kashf-data"))


def locations(text: str) -> list[str]:
    return [m.location for m in find_places(text)]


def named(text: str, name: str) -> PlaceMention:
    return next(m for m in find_places(text) if name in m.text)


# --- news outlets -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقال مراسل حلب اليوم إن قوات النظام قصفت بلدة كفرنبل", ["Kafr Nobol"]),
        ('وذكر موقع "درعا 24" أن دورية اعتقلت شابين في بصرى الشام', ["Busra Esh-Sham"]),
        ("بحسب شبكة دير الزور ٢٤ فإن الاشتباكات وقعت في البصيرة", ["Basira"]),
        ("نشرت حملة الرقة تذبح بصمت صورا لقصف طال سراقب", ["Saraqab"]),
        ("أفاد موقع إدلب بوست بمقتل مدني في سراقب", ["Saraqab"]),
        ("نقلت قناة الميادين عن مصدر عسكري أن الجيش تقدم نحو سراقب", ["Saraqab"]),
        ("وقال مصدر لموقع “دمشق الآن” إن الحريق اندلع في سراقب", ["Saraqab"]),
    ],
)
def test_outlet_named_after_a_place_is_no_place(text: str, expected: list[str]) -> None:
    assert locations(text) == expected


def test_outlet_name_that_is_also_prose_needs_its_cue() -> None:
    # after a correspondent the phrase is the channel ...
    assert locations("قال مراسل حلب اليوم إن السوق أغلق أبوابه") == []
    # ... without one it is the city "today", a count after a town, or the town itself
    assert locations("قصفت الطائرات حلب اليوم بعشر غارات") == ["Aleppo"]
    assert locations("قتل في درعا 24 مدنيا خلال الشهر الماضي") == ["Dar'a"]
    assert locations("قتل في درعا 245 مدنيا خلال عام") == ["Dar'a"]
    assert locations("دخلت القوات إلى الميادين فجرا") == ["Al Mayadin"]


def test_outlets_are_part_of_the_default_gazetteer() -> None:
    outlets = Gazetteer.default().outlets
    assert outlets["حلب اليوم"] is True  # only after a cue
    assert outlets["ادلب بوست"] is False  # anywhere
    assert {"درعا 24", "درعا ٢٤", "درعا24"} <= set(outlets)


# --- namesakes ------------------------------------------------------------------------------------
def test_namesake_in_the_governorate_the_sentence_names() -> None:
    # Tal Ahmar: Aleppo, Homs and Hasakeh villages. Aleppo city (a district) in the next sentence
    # is nearer than Homs in this one, but the sentence is about Homs.
    text = (
        "سقطت قذائف على قرية تل أحمر وأصابت منازل، بحسب ناشطين من ريف حمص. "
        "وفي مدينة حلب تظاهر العشرات ضد الغلاء."
    )
    m = named(text, "تل أحمر")
    assert (m.admin1, m.admin2) == ("Homs", "Homs")
    assert "governorate named in the same sentence" in m.reason


def test_namesake_in_the_clause_when_the_sentence_names_several() -> None:
    # Sadiyeh: an Idleb and a Hasakeh village; the sentence names both governorates.
    text = "في ريف إدلب الغربي سقطت قذائف على قرية السعدية، وفي مدينة القامشلي نظمت وقفة."
    m = named(text, "السعدية")
    assert m.admin1 == "Idleb"
    assert "named in the same clause" in m.reason


def test_namesake_in_the_governorate_the_text_names_most() -> None:
    text = (
        "تتواصل الاعتقالات في محافظة حمص منذ أسبوع. ونقل معتقلون من محافظة حمص إلى سجون بعيدة. "
        "وفي الحسكة نظمت وقفة احتجاجية. وسقطت قذيفة على قرية تل أحمر صباحا."
    )
    m = named(text, "تل أحمر")
    assert m.admin1 == "Homs"
    assert "governorate the text names most (2x)" in m.reason


def test_a_qualified_namesake_names_its_qualifier_for_the_others() -> None:
    # "الغسانية بريف حمص الغربي" is a namesake itself, but its qualifier names Homs for sure
    text = "سقطت قذيفة على قرية تل أحمر. وقصف الطيران قرية الغسانية بريف حمص الغربي."
    m = named(text, "تل أحمر")
    assert m.admin1 == "Homs"
    assert "names most" in m.reason


def test_a_highway_names_no_governorate() -> None:
    # The M4 is filed under Idleb but runs through four governorates: it does not pull Ras al-Ain
    # to Idleb's small namesake; the town in Hasakeh stays.
    m = named("اشتباكات في محيط رأس العين قرب الطريق الدولي M4 صباح اليوم.", "رأس العين")
    assert m.admin1 == "Al-Hasakeh"
    assert "biggest chosen" in m.reason
