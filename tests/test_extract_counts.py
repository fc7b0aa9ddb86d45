"""Casualty counts by ACLED's rules (kashf.extract.counts): the lowest figure the text supports,
killed and injured kept apart. Every text here was written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kashf.extract import extract
from kashf.extract.counts import CountMention
from kashf.extract.lexicon import CountRow, check_count_row
from kashf.extract.tolls import sentence_totals


def deaths(text: str) -> list[int]:
    return [e.fatalities for e in extract(text, date="2022-03-10", id="t").events]


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # killed and injured told together: only the certain dead
        ("سقط 12 قتيلاً وجريحاً بغارات جوية روسية على مدينة معرة النعمان", 3),
        ("أسفرت المعارك بين الفصائل وقوات النظام قرب بلدة اللطامنة عن 30 بين قتيل وجريح", 3),
        # a revised toll is the whole toll
        ("قتل مدنيان بقصف مدفعي لقوات النظام على مدينة أريحا، ما رفع حصيلة القتلى إلى 5", 5),
        ("قتل أربعة عناصر بهجوم لتنظيم داعش على حاجز في بادية حمص، لترتفع حصيلة القتلى إلى 11", 11),
        ("قتل ثلاثة مدنيين بقصف لقوات النظام على مدينة أريحا، ليرتفع عدد القتلى إلى سبعة", 7),
        # two accounts: the lowest
        ("قتل ستة عناصر من قوات النظام بكمين في ريف درعا، وفي رواية أخرى قتل تسعة", 6),
        # figures joined by و share the verb after them
        (
            "ذكرت مصادر محلية أن خمسة مدنيين من أهالي القرية المجاورة وطفلين من عائلة واحدة قتلوا "
            "بقصف جوي روسي على بلدة كفرنبل",
            7,
        ),
        # a vague figure after its verb, the agent between
        ("قتلت الفصائل عشرات من عناصر قوات النظام في معارك قرب بلدة اللطامنة", 12),
        # a casualty noun that is its own killing word
        ("سقط شهداء بغارات جوية روسية على مدينة معرة النعمان", 3),
        ("أسفر القصف الجوي الروسي على مدينة معرة النعمان عن سقوط ضحايا", 3),
        # vocabulary: duals, ranks, the old, protesters
        ("قتل متظاهران برصاص قوات الأمن في مدينة حمص", 2),
        ("قتل النقيب سامر العلي بانفجار عبوة ناسفة في مدينة درعا", 1),
        ("أسفر القصف المدفعي لقوات النظام على مدينة أريحا عن مقتل المسنة فاطمة والطفل علي", 2),
        ("استهدف مسلحون مجهولون رجلاً في مدينة درعا ما أدى إلى موته", 1),
        # the attackers' dead count too
        ("قتل عنصران من قسد وثلاثة من المهاجمين بهجوم لخلايا داعش على حاجز في ريف دير الزور", 5),
        # relatives coordinated with the first victim
        ("قتل رجل وابنه بغارة جوية روسية على مدينة سراقب", 2),
        # dozens with the article; killed and injured together
        ("أسفرت الغارات الجوية الروسية على مدينة سراقب عن مقتل العشرات", 12),
        ("أسفرت الغارات الجوية الروسية على مدينة سراقب عن مقتل وإصابة العشرات", 3),
        # a range: the lowest
        ("قتل ما بين 6 و9 مدنيين بقصف مدفعي لقوات النظام على مدينة سراقب", 6),
        # verb, agent, victim
        ("قتلت قوات سوريا الديمقراطية مدنيين اثنين في ريف دير الزور", 2),
        # a figure joined to the one before takes its kind
        (
            "قتل أربعة عناصر من قسد المتمركزين على الحاجز واثنان من المهاجمين باشتباكات مع خلايا "
            "داعش في ريف دير الزور",
            6,
        ),
        # number forms
        ("قتل مئتي مدني بغارات جوية روسية على مدينة إدلب", 200),
        ("قتل ٢٬٣٠٠ مدني بغارات جوية روسية على مدينة إدلب", 2300),
        ("قتلت امرأة وطفلاها بغارة جوية روسية على مدينة إدلب", 3),
        # attempts and tallies of assassinations name no dead
        (
            "أصيب عنصر من قسد برصاص مجهولين في مدينة الشدادي، وسط تزايد محاولات الاغتيال",
            0,
        ),
        # a negated toll counts no one
        ("قصفت المدفعية التركية أطراف بلدة عين عيسى دون وقوع قتلى", 0),
        # a victim named, not counted
        ("أعلنت مصادر محلية عن مقتل حسان الأحمد بانفجار عبوة ناسفة في مدينة الميادين", 1),
        # a date between the verb and the victim
        ("قتل مساء أمس شاب برصاص مجهولين في مدينة الميادين", 1),
    ],
)
def test_fatalities(text: str, killed: int) -> None:
    assert deaths(text) == [killed]


def test_injured_alone_after_the_dead_is_not_a_combined_figure() -> None:
    # the dead were counted first; "وأصيب آخر" is one injured, not a killed-and-injured figure
    assert deaths("قتل عنصران من قوات النظام وأصيب آخر بانفجار لغم في بادية حمص") == [2]


def test_a_raised_toll_in_the_next_sentence_replaces_the_first() -> None:
    text = (
        "قتل مدنيان بقصف مدفعي لقوات النظام على مدينة أريحا صباح اليوم. "
        "وارتفعت حصيلة القتلى لاحقاً إلى ستة مدنيين."
    )
    assert deaths(text) == [6]


def test_a_toll_two_sentences_after_its_event_and_its_revision() -> None:
    text = (
        "قصفت المدفعية التركية قرية تل رفعت بعد ظهر اليوم. "
        "وشوهدت سيارات الإسعاف تتجه إلى المكان. "
        "وقال مسعفون إن مدنيين اثنين قتلوا. "
        "وارتفع عدد القتلى مساءً إلى أربعة."
    )
    assert deaths(text) == [4]


def test_a_period_tally_after_the_event_is_not_its_toll() -> None:
    text = (
        "قصفت المدفعية التركية قرية تل رفعت بعد ظهر اليوم ما أدى لمقتل مدني. "
        "وارتفع عدد القتلى المدنيين منذ بداية العام إلى 120."
    )
    assert deaths(text) == [1]


def test_the_town_figure_replaces_the_area_figure_and_each_town_keeps_its_own() -> None:
    text = (
        "قتل خمسة مدنيين بقصف مدفعي لقوات النظام على ريف إدلب الجنوبي اليوم. "
        "وقال الدفاع المدني إن القصف على بلدة كفرنبل أدى لمقتل مدنيين اثنين. "
        "وقتل مدنيان آخران بقصف مدفعي لقوات النظام على مدينة معرة النعمان."
    )
    evs = extract(text, date="2022-03-10", id="t").events
    assert sorted((e.location, e.fatalities) for e in evs) == [
        ("Kafr Nobol", 2),
        ("Ma'arrat An Nu'man", 2),
    ]


_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@given(st.integers(3, 999_999), st.booleans(), st.booleans())
def test_any_figure_in_either_digits_is_read(n: int, eastern: bool, grouped: bool) -> None:
    figure = f"{n:,}" if grouped else str(n)
    if eastern:
        figure = figure.translate(_EASTERN).replace(",", "٬")
    assert deaths(f"قتل {figure} مدنياً بغارات جوية روسية على مدينة إدلب") == [n]


def _mention(
    value: int, *, implicit: bool = False, total: bool = False, alt: bool = False
) -> CountMention:
    return CountMention(0, 1, value, "killed", implicit, total=total, alternative=alt)


@given(
    st.lists(st.integers(1, 50), min_size=1, max_size=4),
    st.lists(st.integers(1, 50), max_size=3),
)
def test_another_account_never_raises_the_toll(told: list[int], others: list[int]) -> None:
    counts = [_mention(v) for v in told] + [_mention(v, alt=True) for v in others]
    total = sentence_totals(counts)["killed"]
    assert total <= sum(told)
    assert total == min([sum(told), *others])


@given(st.lists(st.integers(1, 50), min_size=1, max_size=4), st.integers(1, 200))
def test_a_revised_toll_is_never_added(before: list[int], revised: int) -> None:
    counts = [_mention(v) for v in before] + [_mention(revised, total=True)]
    assert sentence_totals(counts)["killed"] == max(sum(before), revised)


@pytest.mark.parametrize(
    "row",
    [
        CountRow("numbr", 3, ""),  # unknown kind
        CountRow("noun", 1, "victim"),  # unknown role
        CountRow("vague", 3, "killed"),  # a role on a number
        CountRow("noun", 5, "person"),  # a noun is singular, dual or plural
    ],
)
def test_malformed_count_rows_fail_at_load(row: CountRow) -> None:
    with pytest.raises(ValueError, match=r"counts\.tsv row 4"):
        check_count_row(4, row, "كلمة")


@pytest.mark.parametrize(
    ("text", "rule_name"),
    [
        ("سقط 9 قتلى وجرحى بغارة جوية روسية على مدينة سراقب", "counts.killed_and_injured_together"),
        (
            "قتل مدنيان بغارة جوية روسية على مدينة سراقب، لترتفع حصيلة القتلى إلى 6",
            "counts.revised_toll",
        ),
        (
            "قتل مدنيان بغارة جوية روسية على مدينة سراقب، فيما تحدثت مصادر أخرى عن أربعة قتلى",
            "counts.lowest_of_two_accounts",
        ),
        ("قتل مدنيان بغارة جوية روسية على مدينة سراقب", "counts.sentence_toll"),
    ],
)
def test_the_record_names_the_rule_that_decided_its_dead(text: str, rule_name: str) -> None:
    (event,) = extract(text, date="2022-03-10", id="t").events
    assert dict(event.why)["fatalities"] == rule_name
