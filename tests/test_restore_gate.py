"""The gate of restore: what it lets through untouched, and what it must not let through."""

from __future__ import annotations

import pytest

from kashf.restore import restore
from kashf.restore.gate import GATE_RE, honest_chain, honest_glued, spans_to_restore


@pytest.mark.parametrize(
    "clean",
    [
        "اتفق الطرفان في تموز/يونيو على تمديد الهدنة",
        "نقلت وكالة الأنباء الفرنسية.وأفاد المرصد بمقتل شخصين",
        "تعرضت قرى البارة-كنصفرة-سفوهن لقصف مدفعي",
        "تقع البلدة شمال-شرق المدينة",
        "ساحة الكرامة/السير مغلقة منذ الصباح",
        # one digit glued to a word's edge that no reading of it makes a word
        "نقل مراسل وكالة “سوريا1” أن القصف توقف",
        "يبدأ حظر التجول 5مساء كل يوم",
    ],
)
def test_words_linked_by_punctuation_open_no_window(clean: str) -> None:
    # One mark between words that no join makes a listed word: the gate's scan is all it costs.
    assert GATE_RE.search(clean)
    assert spans_to_restore(clean) == []
    assert restore(clean).edits == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("هاجمت المي-ليش-يات القرية", "هاجمت الميليشيات القرية"),  # a word broken twice
        ("خرج الأها-لي إلى الشوارع", "خرج الأهالي إلى الشوارع"),  # a fragment on one side
        ("وصلت ق.وات جديدة إلى المنطقة", "وصلت قوات جديدة إلى المنطقة"),  # a letter alone
        ("ارتفع عدد المعت*لين إلى عشرة", "ارتفع عدد المعتقلين إلى عشرة"),  # a letter masked
    ],
)
def test_a_broken_word_is_no_chain_of_words(raw: str, expected: str) -> None:
    match = GATE_RE.search(raw)
    assert match is not None and honest_chain(raw, match.start()) == -1
    assert restore(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("قال قائد ف7يلق الشام", "قال قائد فيلق الشام"),  # inside a word
        ("وصل ال3شائر إلى البلدة", "وصل العشائر إلى البلدة"),
        ("انتشرت الشرطة في شوار3 المدينة", "انتشرت الشرطة في شوارع المدينة"),  # a reading of it
    ],
)
def test_a_digit_that_reads_as_a_letter_is_not_glued(raw: str, expected: str) -> None:
    match = GATE_RE.search(raw)
    assert match is not None and not honest_glued(raw, match.start(), match.end())
    assert restore(raw).text == expected


def test_a_chain_ends_where_its_last_word_does() -> None:
    text = "بين أيار/مايو وحزيران"
    slash = text.index("/")
    assert honest_chain(text, slash) == text.index(" وحزيران")


def test_a_dotless_letter_inside_another_match_window_flags_its_line() -> None:
    # The invisible mark opens a window that holds the dotless word; the dotless word still
    # gets its whole line (dotless runs are judged per line).
    text = "ليلة أم\u200cس تواصل فرق الدفاع الٮحٮ عن ناجين"
    assert spans_to_restore(text) == [(0, len(text))]


@pytest.mark.parametrize("clean", ["قتل ثلاثة خلالَ الاشتباكات", "بدأ القتالُ فجرا"])
def test_a_vowel_on_a_final_lam_is_no_article(clean: str) -> None:
    assert spans_to_restore(clean) == []


@pytest.mark.parametrize("raw", ["دخل الِجيش البلدة", "دخل والِجيش البلدة"])
def test_a_vowel_on_the_article_lam_is_flagged(raw: str) -> None:
    assert spans_to_restore(raw) == [(0, len(raw))]


def test_marks_inside_a_chain_of_words_are_still_judged() -> None:
    raw = "قصفت الطائرات قرى البارة-كَنُصِفْرَةٌ-سفوهن"
    assert spans_to_restore(raw) == [(0, len(raw))]
    assert restore(raw).text == "قصفت الطائرات قرى البارة-كنصفرة-سفوهن"


def test_a_window_holds_what_every_match_in_it_was_flagged_for() -> None:
    # The Latin glued to a word opens the window; the presentation forms inside it must still
    # reach their technique.
    raw = "زار الوفدquot; مخيم ﺍﻟﺴﻮﺭﻳﻴﻦ في الشمال"
    assert restore(raw).text == "زار الوفدquot; مخيم السوريين في الشمال"


def test_a_long_token_of_invisible_marks_is_one_window() -> None:
    raw = "\u200fق" * 3000
    assert spans_to_restore(raw) == [(0, len(raw))]
    assert restore(raw).text == "\u200f" + "ق" * 3000  # the first mark, before any letter, stays
