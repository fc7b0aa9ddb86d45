"""Protected spans: a long line answers questions from the words around them, as it would
from the whole line."""

from __future__ import annotations

import re

import pytest

from kashf.restore.protect import LOCAL_TEXT, Protection

LONG_LINES = [
    # Dates, a year mark over a space, an abbreviation over spaces, a URL, a hashtag, a
    # clitic on a number, a clitic joined by tatweel to a number, a handle, laughter.
    "أفادت مصادر محلية في 12.5.2023 أن دورية دخلت البلدة عام 1445 هـ وأن المكتب في ج. م. ع "
    "نشر بيانا على https://example.org/a-b وعلى وسم #حلب_الآن وقال إن 3 قتلى و9 جرحى سقطوا "
    "بـ7 قذائف وأكد الحساب @kashf_news ذلك ثم ضحك المعلقون هههههه وانتهى الخبر عند الساعة "
    "10:30 صباحا بعد أن عادت الطائرات الـF16 إلى قواعدها في الشمال والشرق من البلاد كلها",
    "1. بدأ الاجتماع في الساعة الثامنة صباحا وحضره ممثلون عن المجالس المحلية في القرى "
    "المجاورة وأعلنوا أن المساعدات ستصل خلال أيام قليلة إلى العائلات التي نزحت من بيوتها "
    "بسبب القصف المتواصل منذ أسابيع على البلدات الواقعة في الريف الجنوبي\n"
    "ب) ناقش المجتمعون أيضا أوضاع المدارس التي تضررت وقرروا ترميم خمس منها قبل بداية العام "
    "الدراسي المقبل بالتعاون مع منظمات إنسانية تعمل في المنطقة منذ سنوات طويلة 2019م",
]


@pytest.mark.parametrize("line", LONG_LINES)
def test_a_long_line_answers_as_its_whole_mask_would(line: str) -> None:
    assert len(line) > LOCAL_TEXT
    whole = Protection(line)
    assert any(whole.mask)  # the whole line's mask, computed first
    for token in re.finditer(r"\S+", line):
        for start, end in ((token.start(), token.end()), (token.start(), token.start() + 1)):
            assert Protection(line).touches(start, end) == whole.touches(start, end), (
                line[start:end]
            )
