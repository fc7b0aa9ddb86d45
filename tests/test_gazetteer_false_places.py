"""kashf.gazetteer: common Arabic words that are also the name of some village must not be read
as places (generic nouns, duals, pronoun-suffixed nouns, compass words, parts of a person's
name). Each test also checks that the real place next to the trap is still found. Texts are
written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kashf.gazetteer import find_places


@pytest.fixture(autouse=True)
def _no_user_gazetteer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KASHF_DATA_DIR", str(tmp_path / "kashf-data"))


def spotted(text: str) -> list[tuple[str, str]]:
    """(text, location) of every mention."""
    return [(m.text, m.location) for m in find_places(text)]


def locations(text: str) -> list[str]:
    return [m.location for m in find_places(text)]


# --- generic nouns: a farm, two villages, a cemetery, noon ------------------------------------
def test_dual_of_village_is_not_qaryatein() -> None:
    # "قريتين" = "two villages"; the town is written with the article.
    assert locations("سيطرت الفصائل على قريتين في ريف إدلب الجنوبي") == ["Idleb"]
    town = find_places("اشتباكات عنيفة في القريتين بريف حمص الشرقي")
    assert [(m.location, m.admin1) for m in town] == [("Qaryatein", "Homs")]


@pytest.mark.parametrize(
    "text",
    [
        "قتل راع في مزرعة قرب الحدود",
        "وجد المزارعون جثة في مزرعة مهجورة",
        "أطلق مسلحون النار على المشيعين في المقبرة",
        "هجوم على حاجز للجيش ظهيرة يوم الجمعة",
    ],
)
def test_generic_noun_alone_is_no_place(text: str) -> None:
    assert spotted(text) == []


def test_generic_noun_with_article_and_qualifier_is_the_village() -> None:
    assert locations("سقطت قذيفة في المزرعة بريف السويداء الغربي") == ["Mazra'a"]
    assert locations("هاجم مسلحون قرية المقبرة شرقي الحسكة") == ["Maqbara"]
    assert spotted("أطلق مسلحون النار على المشيعين في المقبرة") == []


# --- nouns carrying a pronoun suffix ----------------------------------------------------------
def test_countryside_with_pronoun_is_no_village() -> None:
    assert locations("قصفت المدفعية مدينة حماة وريفها وأوقعت إصابات") == ["Hama"]


def test_pronoun_suffixed_word_in_a_list_is_no_village() -> None:
    found = locations("سقطت قذائف على بلدات كفرنبل وحاس وحرشها والبارة")
    assert found == ["Kafr Nobol", "Has", "Bara"]


def test_noun_with_pronoun_after_preposition_is_no_village() -> None:
    # "مقتله" = his killing; the village is spelled مقتلة.
    assert spotted("أصيب الرجل برصاصة أدت إلى مقتله") == []


# --- compass words ----------------------------------------------------------------------------
def test_direction_phrase_is_not_corrected_to_a_place() -> None:
    # "شمال غربي" is one letter from the village "شلال غربي": a direction is no typo of it.
    text = "تدور معارك في شمال وشمال غربي سوريا منذ أيام وخاصة قرب حلب"
    assert locations(text) == ["Syria", "Aleppo"]


@pytest.mark.parametrize(
    "text", ["وقعت الاشتباكات قبلية البلدة بقليل", "انتشر عناصر الأمن قبلية الجامع الكبير"]
)
def test_direction_word_alone_is_no_place(text: str) -> None:
    # "قبلية" (southern) is a key only because a village is called "مدينة قبلية".
    assert spotted(text) == []


# --- kunya and nasab: أبو / أم / ابن / بن -------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "أصدرت المحكمة مذكرة توقيف بحق أبو علي خضر",
        "قتل ابن سميع في الاشتباكات",
        "وصل أبو حطين إلى المدينة",
    ],
)
def test_name_after_kunya_is_a_person(text: str) -> None:
    assert spotted(text) == []


def test_place_after_kunya_name_and_preposition_is_still_a_place() -> None:
    found = locations("قتل أبو علي خضر في سميع بريف السويداء")
    assert found == ["Samie"]
    assert spotted("أصدرت المحكمة مذكرة توقيف بحق أبو علي خضر") == []


def test_the_movement_is_no_town() -> None:
    from kashf.gazetteer import find_places

    assert [m.location for m in find_places("يواصل الحراك السلمي اعتصامه في الساحة")] == []
    assert [m.location for m in find_places("قصفت المدفعية مدينة الحراك")] == ["Hrak"]
