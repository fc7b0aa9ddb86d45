"""Spans no technique may touch, found before anything else runs (docs/architecture.md, "protect").

URLs, e-mail, @handles, hashtags, numbers and dates, Latin words, abbreviations, list markers,
laughter, a clitic joined by tatweel to a number or Latin word (``بـ7``, ``الـF16``), Hijri and
Gregorian year marks (``1445 هـ.``), and verses in ornate parentheses ﴿…﴾.
"""

from __future__ import annotations

import re

from kashf.restore.chars import ABBREVIATIONS, LETTER_CLASS, TATWEEL

_L = LETTER_CLASS
_ABBR = "|".join(
    re.escape(a).replace(r"\.", r"\.\s?") for a in sorted(ABBREVIATIONS, key=len, reverse=True)
)
_CLITICS = "وال|بال|فال|كال|ولل|لل|ال|وب|ول|وك|فب|فل|و|ف|ب|ل|ك"

PROTECTED_RE = re.compile(
    "|".join(
        (
            r"(?:https?://|ftp://|www\.)[^\s<>\"]+",  # URLs
            r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail
            r"(?<!\w)@\w+",  # handles
            # Hashtags (their underscores and tatweel are meant), also after a clitic: و#حلب
            r"(?:(?<![\w#])|(?<=(?<!\w)[وبلفك]))#[\w\u0640]+",
            rf"(?<![{_L}{TATWEEL}])(?:{_CLITICS}){TATWEEL}+[0-9٠-٩A-Za-z][\w.\-]*",  # بـ7, الـF16
            r"(?<!\d)\d+(?:[.,/:\-٫٬]\d+)+",  # dates, decimals, times: 13.5 12.5.2023 10:30
            r"(?<!\d)\d{2,}",  # multi-digit numbers (a stray digit in a word is a single digit)
            rf"(?<![{_L}{TATWEEL}])\d(?![{_L}{TATWEEL}])",  # a single digit standing alone
            rf"(?<![{_L}])(?:{_CLITICS})\d+(?![{_L}{TATWEEL}])",  # a clitic on a number: و9 جرحى
            rf"(?<=\d\d)\s?(?:هـ|ه|م)\.?(?![{_L}])",  # year marks: 1445 هـ. 2023م
            # Latin words (the whole run: a Latin part glued to Arabic letters is not protected)
            rf"(?<![{_L}{TATWEEL}\w])[A-Za-z][A-Za-z'’\-]*(?![{_L}{TATWEEL}A-Za-z'’\-])",
            # abbreviations: ج.م.ع ص.ب أ.د. (not inside a run of dotted letters: ا.ل.ع.م.ر)
            rf"(?<![{_L}.])(?:{_ABBR})\.?(?!\.?[{_L}])",
            # one-letter abbreviations: د. م. (not ة or ى, which begin no word, nor a bare alef:
            # a word's last letter split off before a full stop, تركي ا.)
            rf"(?<![^\s(«\"])(?![ةىا])[{_L}]\.(?=\s)",
            r"(?:^|(?<=\n))[ \t]*(?:[أابجدهوزحطي]|\d+)\s?[-.)](?=\s)",  # list markers: أ- 1. ب)
            r"(?<![هخ])[هخ]{3,}",  # laughter: ههههه
            r"﴿[^﴾\n]{0,2000}﴾",  # a verse in ornate parentheses
        )
    )
)


class Protection:
    """The protected characters of one text, found on first use (most passes never ask)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._mask: bytearray | None = None

    @property
    def mask(self) -> bytearray:
        """A byte per character: 1 where the character is protected."""
        if self._mask is None:
            mask = bytearray(len(self._text))
            for m in PROTECTED_RE.finditer(self._text):
                mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            self._mask = mask
        return self._mask

    def __getitem__(self, i: int) -> bool:
        return bool(self.mask[i])

    def touches(self, start: int, end: int) -> bool:
        """True when any character of ``[start, end)`` (or at ``start``, if empty) is protected."""
        return self.mask.find(1, start, end if end > start else start + 1) != -1

    def free_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """The maximal unprotected runs inside ``[start, end)``."""
        mask = self.mask
        spans = []
        pos = start
        while pos < end:
            lo = mask.find(0, pos, end)
            if lo == -1:
                break
            hi = mask.find(1, lo, end)
            hi = end if hi == -1 else hi
            spans.append((lo, hi))
            pos = hi
        return spans
