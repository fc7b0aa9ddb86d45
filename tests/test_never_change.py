"""DESIGN.md's never-change list, one sentence per case (all sentences written for these tests).

Each protected thing is checked twice: in a clean sentence (restore must not touch it) and in
the same sentence after an obfuscated word (restore is busy there, and must still leave the
protected text alone, with edits only over the obfuscated word).
"""

from __future__ import annotations

import pytest

import kashf

# The obfuscated lead word used to wake restore up, and what it must become.
NOISY_LEAD = "قـ.ـوات"
NOISY_LEAD_CLEAN = "قوات"

NEVER_CHANGE: dict[str, str] = {
    "clean_words": "أعلنت الحكومة اليوم عن افتتاح مدرسة جديدة في المدينة",
    "decimal": "ارتفع سعر الصرف بنسبة 13.5 بالمئة خلال أسبوع",
    "dotted_date": "وقع الانفجار بتاريخ 12.5.2023 قرب السوق",
    "slash_date": "وصلت القافلة في 3/11/2024 إلى المخيم",
    "thousands": "بلغ عدد النازحين 1,250 شخصا في يومين",
    "arabic_indic_digits": "قتل ١٢ شخصا وجرح ٣٫٥ بالمئة من السكان",
    "url": "نشرت الوزارة البيان على https://example.org/news/2024/قوات_النظام?id=7 صباح اليوم",
    "www_url": "التفاصيل الكاملة على www.example.com/ar/akhbar للمتابعة",
    "email": "للتواصل أرسلوا رسالة إلى info.desk@example.org قبل الموعد",
    "hashtag": "انتشر وسم #قوات_النظام على مواقع التواصل بعد القصف",
    "hashtag_latin": "كتب الناشطون تحت وسم #Syria_News و#حلب_تحترق مساء أمس",
    "handle": "نقل الحساب @syria_watch_24 صورا من موقع الهجوم",
    "abbrev_doctor": "قال د. سامر الأحمد إن المستشفى بحاجة إلى أدوية",
    "abbrev_engineer": "أشرف م. خالد على إصلاح خط المياه في الحي",
    "abbrev_po_box": "ترسل الطلبات إلى ص.ب 4521 في دمشق",
    "abbrev_country": "وقعت ج.م.ع اتفاقية تعاون جديدة مع جيرانها",
    "abbrev_professor": "ألقى أ.د. منير حسن محاضرة عن تاريخ المدينة",
    "list_marker_letter": "أ- إصلاح الطرق ب- ترميم المدارس",
    "list_marker_number": "1. توزيع المساعدات 2. إجلاء الجرحى",
    "standalone_waw": "اجتمع الوفد مع المحافظ و ممثلي العشائر في القرية",
    "laughter": "ضحك الجميع ههههه على النكتة",
    "latin_text": "قال المتحدث The situation is calm tonight في رسالة قصيرة",
    "latin_acronym": "أصدرت منظمة UNHCR تقريرا عن اللاجئين",
    "quran_ikhlas": "قُلْ هُوَ اللَّهُ أَحَدٌ، اللَّهُ الصَّمَدُ",
    "basmala": "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ",
    "shadda_fatha": "تقدّمَ الجيش نحو القرية بعد منتصف الليل",
    "partial_diacritics": "قرأ الطالبُ الدرسَ جيدًا ثم خرجَ",
    "tanween_fath": "شكرًا جزيلًا على المساعدة",
    "clitic_number": "سقط بـ7 قتلى وعشرات الجرحى في الغارة",
    "clitic_latin": "أسقطت الدفاعات طائرة من طراز الـF16 فوق البحر",
    "clitic_year": "تأجلت الانتخابات لـ2023 بسبب الحرب",
    "clitic_digit_3": "استهدفت الطائرات البلدة بـ3 صواريخ فجرا",
    "clitic_digit_7": "سجن الرجل لـ7 سنوات دون محاكمة",
    "currency_abbrev": "بلغ سعر الكيلو 25 ألف ل.س في الأسواق",
    "bc_abbrev": "بنيت القلعة في القرن الثالث ق.م على التل",
    "gregorian_mark": "في عام 2023م افتتح المعرض أبوابه",
    "clock_time": "بدأ القصف عند الساعة 10:30 مساء",
    "percent": "تضرر نحو 50% من المنازل في الحي",
    "phone_number": "للطوارئ اتصلوا على 0944-123-456 في أي وقت",
    "latin_with_digits": "حلقت طائرات F-16 و Su-24 فوق المنطقة",
    "emoji_between_words": "النصر للجميع ❤️ والسلام على الشهداء 🌹",
    "hijri_year": "ولد الشيخ عام 1445 هـ. في قرية صغيرة",
    "hijri_year_mid": "صدر الكتاب سنة 1380 هـ وطبع مرتين",
    "sentence_periods": "انتهى الاجتماع. وعاد الوفد إلى العاصمة.",
    "ellipsis": "انتظرنا طويلا... ثم وصلت الحافلة",
    "quotes_and_brackets": "قال إن «الوضع مستقر» (حسب مصادر محلية) حتى الآن",
    "question_exclamation": "هل انتهت الحرب؟ لا أحد يعرف!",
    "place_names": "زار الوفد مدن حمص وحماة وطرطوس واللاذقية",
}


@pytest.mark.parametrize("text", list(NEVER_CHANGE.values()), ids=list(NEVER_CHANGE))
def test_clean_sentence_is_untouched(text: str) -> None:
    r = kashf.restore(text)
    assert r.text == text, f"changed: {r.edits}"
    assert not r.edits


@pytest.mark.parametrize("text", list(NEVER_CHANGE.values()), ids=list(NEVER_CHANGE))
def test_protected_text_survives_next_to_obfuscation(text: str) -> None:
    raw = f"{NOISY_LEAD} {text}"
    r = kashf.restore(raw)
    assert r.text == f"{NOISY_LEAD_CLEAN} {text}", f"edits: {r.edits}"
    assert all(e.end <= len(NOISY_LEAD) for e in r.edits), f"edits beyond the lead: {r.edits}"


# Obfuscated input whose restoration is fixed by the design, punctuation included.
EXPECTED: dict[str, tuple[str, str]] = {
    "final_period_after_obfuscated_word": (
        "أصيب ثلاثة مدنيين بجــ.روح.", "أصيب ثلاثة مدنيين بجروح."),
    "final_period_mid_text": (
        "أصيب شاب بجــ.روح. ونقل إلى المستشفى", "أصيب شاب بجروح. ونقل إلى المستشفى"),
    "period_then_comma": (
        "اشتبكت القـ.ـوات مع مسلحين قرب الحـ.ـاجز، ثم انسحبت.",
        "اشتبكت القوات مع مسلحين قرب الحاجز، ثم انسحبت."),
    "obfuscated_word_before_hashtag": (
        "قصـ.ـف عنيف #قوات_النظام", "قصف عنيف #قوات_النظام"),
    "obfuscated_word_before_number": (
        "مقـ.ـتل 13.5 بالمئة", "مقتل 13.5 بالمئة"),
}


@pytest.mark.parametrize(("raw", "expected"), list(EXPECTED.values()), ids=list(EXPECTED))
def test_obfuscated_sentence_keeps_its_punctuation(raw: str, expected: str) -> None:
    assert kashf.restore(raw).text == expected


@pytest.mark.parametrize("raw", [
    "انسحب الجيش.وقال مصدر إن المعارك توقفت",
    "قصف الطيران البلدة.وأفاد ناشطون بسقوط ضحايا",
])
def test_missing_space_after_period_is_not_joined(raw: str) -> None:
    """Two words with a period and no space between them are two words: never glue them."""
    r = kashf.restore(raw)
    assert r.text in (raw, raw.replace(".و", ". و")), f"edits: {r.edits}"


def _clean_cases() -> list[tuple[str, str]]:
    from clean_texts import CLEAN_TEXTS

    return [(kind, text) for kind, texts in CLEAN_TEXTS.items() for text in texts]


@pytest.mark.parametrize(("kind", "text"), _clean_cases())
def test_varied_clean_text_is_untouched(kind: str, text: str) -> None:
    """Vocalised text, verse, partial marks, dialect, names, transliterations, lists."""
    r = kashf.restore(text)
    assert r.text == text, (kind, [(e.original, e.replacement, e.technique) for e in r.edits])
