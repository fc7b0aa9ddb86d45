"""Each restore technique on its own, in sentences written for these tests."""

from __future__ import annotations

import pytest

import kashf
from kashf.restore import TECHNIQUES, apply_edits, restore


def check(raw: str, expected: str, technique: str) -> None:
    r = restore(raw)
    assert r.text == expected, (raw, r.edits)
    assert apply_edits(raw, r.edits) == r.text
    names = {name for e in r.edits for name in e.technique.split("+")}
    assert technique in names, (raw, r.edits)
    assert technique in TECHNIQUES


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("هاجمت قـ.وات النظام القرية", "هاجمت قوات النظام القرية"),
        ("آلية عسكرـ.ية محترقة", "آلية عسكرية محترقة"),
        ("انتشار الميـ.ـليشيات على الطريق", "انتشار الميليشيات على الطريق"),
        ("سقط مقـ،ـاتل في المعركة", "سقط مقاتل في المعركة"),
        ("بدأ الهجـ. ـوم فجراً", "بدأ الهجوم فجراً"),
        ("انسحب الـ. .ـجيش من البلدة", "انسحب الجيش من البلدة"),
        ("دخلت قـ*ـوات جديدة", "دخلت قوات جديدة"),
        ("قتل اثنان من عناصر الحـ||ـرس", "قتل اثنان من عناصر الحرس"),
        ("وصلت تعزيزات الجيـ~ـش", "وصلت تعزيزات الجيش"),
        ("أعلنت الجماعة مسؤوليتها عن الهجـ،،ـوم", "أعلنت الجماعة مسؤوليتها عن الهجوم"),
    ],
)
def test_separator_in_word(raw: str, expected: str) -> None:
    check(raw, expected, "separator_in_word")


@pytest.mark.parametrize(
    "raw", ["هجوم لعناصر د.ا.ع.ش ليلاً", "هجوم لعناصر د-ا-ع-ش ليلاً", "هجوم لعناصر د_ا_ع_ش ليلاً"]
)
def test_separator_every_letter(raw: str) -> None:
    check(raw, "هجوم لعناصر داعش ليلاً", "separator_every_letter")


def test_spaced_letters() -> None:
    check("تبنى تنظيم د ا ع ش الهجوم", "تبنى تنظيم داعش الهجوم", "spaced_letters")


def test_space_split() -> None:
    check("قوات الاحت لال في المدينة", "قوات الاحتلال في المدينة", "space_split")


def test_letter_masked() -> None:
    check("عملية ا*تيال جديدة", "عملية اغتيال جديدة", "letter_masked")


def test_invisible() -> None:
    check("انتشرت ق\u200cو\u200bات الأمن", "انتشرت قوات الأمن", "invisible")
    check("حاجز ل\u00adلجيش", "حاجز للجيش", "invisible")


def test_harakat_noise_in_plain_prose() -> None:
    check(
        "قال المصدر إن قوات النظام وعناصر التَّنْظِيْمِ اشتبكوا أمس",
        "قال المصدر إن قوات النظام وعناصر التنظيم اشتبكوا أمس",
        "harakat_noise",
    )
    check("وصلت قـَـوات إضافية", "وصلت قوات إضافية", "harakat_noise")


def test_one_wrong_mark_is_a_slip_even_in_a_noisy_line() -> None:
    # The noise goes; the tanween inside وأًعلنت (one mark, where none belongs) is the writer's
    # slip and stays, as any typo does.
    check(
        "اقتحمت دَّوُريةٌٌ الحي وأًعلنت حظر التجول",
        "اقتحمت دورية الحي وأًعلنت حظر التجول",
        "harakat_noise",
    )


def test_presentation_forms() -> None:
    check("ﻗﻮﺍﺕ النظام", "قوات النظام", "presentation_form")


def test_lookalike_letters() -> None:
    check("مقاتلی داعش في الکهف", "مقاتلي داعش في الكهف", "lookalike_letter")


def test_persian_text_is_left_alone() -> None:
    raw = "این کار را دیروز انجام دادیم"
    assert restore(raw).text == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("وصلت عناصر وداعـSh إلى المدينة", "وصلت عناصر وداعش إلى المدينة"),
        ("نشر ب9ست جديد", "نشر بوست جديد"),
        ("هذا 3يب كبير", "هذا عيب كبير"),
        ("اشتباك مع مسل7ين", "اشتباك مع مسلحين"),
    ],
)
def test_latin_digit_lookalike(raw: str, expected: str) -> None:
    check(raw, expected, "latin_digit_lookalike")


def test_symbol_in_word() -> None:
    check("هاجم دا🔥عش الحاجز", "هاجم داعش الحاجز", "symbol_in_word")


def test_decorative_tatweel() -> None:
    check("عاصمة فلسـطين", "عاصمة فلسطين", "decorative_tatweel")


def test_stray_digit() -> None:
    check("وصلت قو4ات كبيرة", "وصلت قوات كبيرة", "stray_digit")


def test_dotless() -> None:
    check("ڡلسطٮں", "فلسطين", "dotless")
    check("الٮسطاء ٮسٮحدموں الکٮاٮه مں دوں ٮڡاط", "النشطاء يستخدمون الكتابة من دون نقاط", "dotless")


def test_dotless_reading_counts_the_hamza_spellings() -> None:
    # موجزا is likelier than the bare spelling موخرا, but not than مؤخرا + موخرا together;
    # the writer's bare و and ا stay as written.
    check("ٯال مسوول محلى موحرا اں الٯصڡ اسٮهدڡ الٮلده",
          "قال مسوول محلي موخرا ان القصف استهدف البلدة", "dotless")
    # A written hamza is kept; the rest of the word is read around it.
    check("ٮڡول مصدر أں الڡصڡ مسٮمر", "يقول مصدر أن القصف مستمر", "dotless")


def test_dotless_reading_follows_the_dotted_words_of_its_line() -> None:
    # Alone, the skeleton reads as the likelier المدينة; a line that also types المدنية with
    # dots is about the civil administration.
    check("حماىه المدٮٮه", "حماية المدينة", "dotless")
    check("الادارة المدنية: حماىه المدٮٮه", "الادارة المدنية: حماية المدنية", "dotless")
    # Alone, توقيف (a conflict-news word, data/domain.txt) beats the name توفيق; a line that
    # types the name with dots is about the man.
    check("ٮوڡىڡ ٮلاٮه سٮاں", "توقيف ثلاثة شبان", "dotless")
    check("زار توفيق الحي: ٮوڡىڡ ٮلاٮه سٮاں", "زار توفيق الحي: توفيق ثلاثة شبان", "dotless")
    # A village the lexicon barely knows is read from its dotted spelling in the same line.
    check("ٯصڡ على حرارىں", "قصف على جزارين", "dotless")
    check("قرية حزارين: ٯصڡ على حرارىں", "قرية حزارين: قصف على حزارين", "dotless")


def test_a_dotted_word_of_the_line_votes_for_its_clitic_forms_at_their_odds() -> None:
    # The line types ريف with dots: بريف is a likely way to write it. It types تحت too, but
    # التحت (an article on a preposition) is no likely word: the search (البحث) goes on.
    check("قصف على ريف ادلب وٯصڡ ٮرٮڡ حلب", "قصف على ريف ادلب وقصف بريف حلب", "dotless")
    check(
        "تواصل فرق الدفاع المدني الٮحٮ عن ناجين تحت الأنقاض",
        "تواصل فرق الدفاع المدني البحث عن ناجين تحت الأنقاض",
        "dotless",
    )


def test_sentence_final_period_stays() -> None:
    r = restore("أصيب طفلان بجــ.روح.")
    assert r.text == "أصيب طفلان بجروح."


def test_edits_point_at_raw_characters() -> None:
    raw = "قال إن قـ.وات د.ا.ع.ش وصلت"
    r = restore(raw)
    for e in r.edits:
        assert raw[e.start : e.end] == e.original
    start = r.text.index("داعش")
    lo, hi = r.raw_span(start, start + len("داعش"))
    assert raw[lo:hi] == "د.ا.ع.ش"
    start = r.text.index("قوات")
    assert raw[slice(*r.raw_span(start, start + 4))] == "قـ.وات"


def test_top_level_api() -> None:
    r = kashf.restore("قـ.وات")
    assert (r.text, kashf.apply_edits("قـ.وات", r.edits)) == ("قوات", "قوات")
    assert 0 < r.score <= 1
    assert kashf.restore("نص سليم").score == 0


def test_restore_rejects_bytes() -> None:
    with pytest.raises(TypeError, match="decode"):
        restore(b"abc")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("نقلت شبكة م حلية عن شهود", "نقلت شبكة محلية عن شهود"),
        ("ن قلت شبكة محلية الخبر", "نقلت شبكة محلية الخبر"),
        ("دخلت القوات القري ة. ثم انسحبت", "دخلت القوات القرية. ثم انسحبت"),
        ("قال أن ا لدورية انسحبت", "قال أن الدورية انسحبت"),
        ("تحدث عن ال مختطفين في السجون", "تحدث عن المختطفين في السجون"),
        ("وصل الوفد (ب يروت) أمس", "وصل الوفد (بيروت) أمس"),
    ],
)
def test_a_fragment_a_space_split_off_is_joined_back(raw: str, expected: str) -> None:
    """A single letter or a bare article alone is no word: it joins the neighbour it repairs,
    in a line with no other evasion."""
    assert kashf.restore(raw).text == expected


@pytest.mark.parametrize(
    "clean",
    ["التقى عبد الله مع أبو علي في دير الزور", "قال د أحمد إن الوضع صعب", "هو و أخوه في البيت"],
)
def test_two_real_words_are_never_joined(clean: str) -> None:
    assert kashf.restore(clean).text == clean


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("وصلت قُوّاتٌٌ إلى القرية", "وصلت قوات إلى القرية"),
        ("قال مصدر إن اًلقصْفْ أدى إلى دُماٍر كبير", "قال مصدر إن القصف أدى إلى دمار كبير"),
        ("ذهب إلى علے الطريق", "ذهب إلى على الطريق"),
    ],
)
def test_random_marks_and_yeh_barree(raw: str, expected: str) -> None:
    assert kashf.restore(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('قالت مصادر إن "ا ل ش ا م ي ة" دخلت', 'قالت مصادر إن "الشامية" دخلت'),
        ("عن مقتل (ض ا ب ط) في الكمين", "عن مقتل (ضابط) في الكمين"),
        ("وقتل عناص.ر. من القوات", "وقتل عناصر. من القوات"),
        ("في مدينة أخر🔴ى. ثم انسحبوا", "في مدينة أخرى. ثم انسحبوا"),
        ("وصل الوفد إلى تركي ا. ثم عاد", "وصل الوفد إلى تركيا. ثم عاد"),
    ],
)
def test_the_last_letter_next_to_punctuation_and_quotes(raw: str, expected: str) -> None:
    assert kashf.restore(raw).text == expected
