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

# Each kind of span is its own pattern, scanned only when the text holds what it needs (an
# ``@`` for e-mail, a ``#`` for hashtags, ...). Patterns start with a character class or a
# literal, never with a look-behind, so that the regex engine skips ahead at C speed: one
# alternation of them all is tried at every position and cost ~100x more (0.3 µs a character).
# A look-behind moves after the first character: ``\d(?<!\d\d)`` is ``(?<!\d)\d``.
_SCANNED: tuple[tuple[str, str], ...] = (
    # (a substring the text must hold, or "" for always; the pattern)
    ("://", r"(?:https?://|ftp://)[^\s<>\"]+"),  # URLs
    ("www.", r"www\.[^\s<>\"]+"),
    ("@", r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    ("@", r"@(?<!\w@)\w+"),  # handles
    # Hashtags (their underscores and tatweel are meant), also after a clitic: و#حلب
    ("#", r"#(?:(?<![\w#]#)|(?<=(?<!\w)[وبلفك]#))[\w\u0640]+"),
    # Numbers: dates, decimals, times (13.5 12.5.2023 10:30), multi-digit numbers, a single
    # digit standing alone (a stray digit in a word is a single digit between letters).
    (
        "",
        rf"\d(?:(?<!\d\d)(?:\d*(?:[.,/:\-٫٬]\d+)+|\d+)|(?<![{_L}{TATWEEL}]\d)(?![{_L}{TATWEEL}]))",
    ),
    # Latin words (the whole run: a Latin part glued to Arabic letters is not protected)
    ("", rf"[A-Za-z](?<![{_L}{TATWEEL}\w][A-Za-z])[A-Za-z'’\-]*(?![{_L}{TATWEEL}A-Za-z'’\-])"),
    ("", r"[هخ](?<![هخ][هخ])[هخ]{2,}"),  # laughter: ههههه
    ("﴿", r"﴿[^﴾\n]{0,2000}﴾"),  # a verse in ornate parentheses
)
# Kinds whose pattern must begin with a look-behind are tried only where a fast scan for what
# they hold (the *anchor*) puts their start: at these offsets from each anchor match.
_ANCHORED: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    # (the anchor, the pattern, where the pattern may start from the anchor's start)
    # a clitic joined by tatweel to a number or a Latin word: بـ7, الـF16
    (
        f"{TATWEEL}+[0-9٠-٩A-Za-z]",
        rf"(?<![{_L}{TATWEEL}])(?:{_CLITICS}){TATWEEL}+[0-9٠-٩A-Za-z][\w.\-]*",
        (-3, -2, -1),
    ),
    # a clitic on a number: و9 جرحى
    (r"\d(?<=[لبكوف]\d)", rf"(?<![{_L}])(?:{_CLITICS})\d+(?![{_L}{TATWEEL}])", (-3, -2, -1)),
    # year marks: 1445 هـ. 2023م
    (r"\d(?<=\d\d)\s?[هم]", rf"(?<=\d\d)\s?(?:هـ|ه|م)\.?(?![{_L}])", (1,)),
    # abbreviations: ج.م.ع ص.ب أ.د. (not inside a run of dotted letters: ا.ل.ع.م.ر), from a
    # letter that stands alone before a dot
    (
        rf"\.(?<=[{_L}]\.)(?<![{_L}][{_L}]\.)",
        rf"(?<![{_L}.])(?:{_ABBR})\.?(?!\.?[{_L}])",
        (-1,),
    ),
    # one-letter abbreviations: د. م. (not ة or ى, which begin no word, nor a bare alef: a
    # word's last letter split off before a full stop, تركي ا.)
    (
        rf"\.(?<=[{_L}]\.)(?<![{_L}][{_L}]\.)",
        rf"(?<![^\s(«\"])(?![ةىا])[{_L}]\.(?=\s)",
        (-1,),
    ),
)
SCANNED = tuple((need, re.compile(pattern)) for need, pattern in _SCANNED)
ANCHORED = tuple(
    (re.compile(anchor), re.compile(pattern), offsets) for anchor, pattern, offsets in _ANCHORED
)
_TATWEEL_ANCHOR = ANCHORED[0][0]  # scanned only when the text holds a tatweel at all
# List markers (أ- 1. ب)) stand at a line's start: tried there only.
_LIST_MARKER_RE = re.compile(r"[ \t]*(?:[أابجدهوزحطي]|\d+)\s?[-.)](?=\s)")
_LINE_START_RE = re.compile(r"\n")


def protected_spans(text: str, *, line_start: bool = True) -> list[tuple[int, int]]:
    """Every protected span of ``text`` (they may overlap), kind by kind. ``line_start``: the
    text begins a line (a list marker may stand at its start)."""
    starts = (m.end() for m in _LINE_START_RE.finditer(text))
    spans = [
        marker.span()
        for start in ((0, *starts) if line_start else starts)
        if (marker := _LIST_MARKER_RE.match(text, start))
    ]
    for need, pattern in SCANNED:
        if need in text:
            spans.extend(m.span() for m in pattern.finditer(text))
    n = len(text)
    anchors: dict[re.Pattern[str], list[int]] = {}
    for anchor, pattern, offsets in ANCHORED:
        if anchor is _TATWEEL_ANCHOR and TATWEEL not in text:
            continue
        if anchor not in anchors:
            anchors[anchor] = [a.start() for a in anchor.finditer(text)]
        # What pattern.finditer would find: its leftmost matches, none inside another.
        done = 0
        for start in anchors[anchor]:
            for at in (start + off for off in offsets):
                if done <= at <= n and (m := pattern.match(text, at)):
                    spans.append(m.span())
                    done = m.end()
                    break
    return spans


LOCAL_TEXT = 300  # characters: a longer text answers touches() from the words around the span
AROUND_WORDS = 3  # words on each side
LOCAL_QUESTIONS = 8  # then the whole mask is cheaper


def _around(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened by AROUND_WORDS words each side (and the space after), within
    its line."""
    line_lo = text.rfind("\n", 0, start) + 1
    lo = start
    for _ in range(AROUND_WORDS + 1):
        lo = text.rfind(" ", line_lo, max(lo - 1, line_lo))
        if lo == -1:
            lo = line_lo
            break
    line_hi = text.find("\n", end)
    line_hi = len(text) if line_hi == -1 else line_hi
    hi = end
    for _ in range(AROUND_WORDS + 1):
        hi = text.find(" ", min(hi + 1, line_hi), line_hi)
        if hi == -1:
            hi = line_hi
            break
    return lo, min(len(text), hi + 1)


class Protection:
    """The protected characters of one text, found on first use (most passes never ask)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._mask: bytearray | None = None
        self._local = 0  # questions answered from the words around them

    @property
    def mask(self) -> bytearray:
        """A byte per character: 1 where the character is protected."""
        if self._mask is None:
            mask = bytearray(len(self._text))
            for start, end in protected_spans(self._text):
                mask[start:end] = b"\x01" * (end - start)
            self._mask = mask
        return self._mask

    def __getitem__(self, i: int) -> bool:
        return bool(self.mask[i])

    def touches(self, start: int, end: int) -> bool:
        """True when any character of ``[start, end)`` (or at ``start``, if empty) is protected."""
        end = end if end > start else start + 1
        text = self._text
        if self._mask is None and len(text) > LOCAL_TEXT and self._local < LOCAL_QUESTIONS:
            # A few questions about a few words of a long line are answered from the words
            # around them (every kind of span but a verse reaches over two spaces at most);
            # more questions, or long words, and the whole line's mask is found once.
            lo, hi = _around(text, start, end)
            if hi - lo <= LOCAL_TEXT and "﴿" not in text:
                self._local += 1
                line_start = lo == 0 or text[lo - 1] == "\n"
                return any(
                    s + lo < end and e + lo > start
                    for s, e in protected_spans(text[lo:hi], line_start=line_start)
                )
        return self.mask.find(1, start, end) != -1

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
