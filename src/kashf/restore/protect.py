"""Spans no technique may touch, found before anything else runs (DESIGN.md, "Protect").

URLs, e-mail, @handles, hashtags, numbers and dates, Latin words, abbreviations, list markers,
laughter, a clitic joined by tatweel to a number or Latin word (``بـ7``, ``الـF16``), Hijri and
Gregorian year marks (``1445 هـ.``), and verses in ornate parentheses ﴿…﴾.
"""

from __future__ import annotations

import re

from kashf.restore.chars import ABBREVIATIONS, LETTER_CLASS, MARKS_CLASS, TATWEEL

_L = LETTER_CLASS
_ABBR = "|".join(
    re.escape(a).replace(r"\.", r"\.\s?") for a in sorted(ABBREVIATIONS, key=len, reverse=True)
)
_CLITICS = "وال|بال|فال|كال|ولل|لل|ال|وب|ول|وك|فب|فل|و|ف|ب|ل|ك"

PROTECTED_RE = re.compile(
    "|".join(
        (
            r"(?:https?://|ftp://|www\.)[^\s<>\"]+",  # URLs
            r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail
            r"@\w+",  # handles
            r"#[\w\u0640]+",  # hashtags (their underscores and tatweel are meant)
            rf"(?<![{_L}{TATWEEL}])(?:{_CLITICS}){TATWEEL}+[0-9٠-٩A-Za-z][\w.\-]*",  # بـ7, الـF16
            r"\d+(?:[.,/:\-٫٬]\d+)+",  # dates, decimals, times: 13.5 12.5.2023 10:30
            r"\d{2,}",  # multi-digit numbers (a stray digit in a word is a single digit)
            rf"(?<![{_L}{TATWEEL}])\d(?![{_L}{TATWEEL}])",  # a single digit standing alone
            rf"(?<=\d)\s?(?:هـ|ه|م)\.?(?![{_L}])",  # year marks: 1445 هـ. 2023م
            rf"(?<![{_L}{TATWEEL}\w])[A-Za-z][A-Za-z'’\-]*(?![{_L}{TATWEEL}])",  # Latin words
            rf"(?<![{_L}])(?:{_ABBR})\.?(?![{_L}])",  # abbreviations: ج.م.ع ص.ب أ.د.
            rf"(?<![{_L}{MARKS_CLASS}])[{_L}]\.(?=\s)",  # one-letter abbreviations: د. م.
            r"(?:^|(?<=\n))[ \t]*(?:[أابجدهوزحطي]|\d+)\s?[-.)](?=\s)",  # list markers: أ- 1. ب)
            r"[هخ]{3,}",  # laughter: ههههه
            r"﴿[^﴾\n]{0,2000}﴾",  # a verse in ornate parentheses
        )
    )
)


def protected_mask(text: str) -> bytearray:
    """A byte per character: 1 where the character is protected."""
    mask = bytearray(len(text))
    for m in PROTECTED_RE.finditer(text):
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def touches(mask: bytearray, start: int, end: int) -> bool:
    """True when any character of ``[start, end)`` is protected."""
    return mask.find(1, start, end if end > start else start + 1) != -1
