"""Character-level techniques: each looks at single characters in their word, no lexicon joins.

Every technique has the same shape: ``technique(text, protected) -> list[Edit]`` with edits
over ``text``, sorted and non-overlapping, never touching a protected character.
"""

from __future__ import annotations

import re
import unicodedata

from kashf.restore.chars import (
    INVISIBLE_CLASS,
    LETTER_CLASS,
    LOOKALIKE_LETTERS,
    LOOKALIKES,
    MARKS_CLASS,
    PERSIAN_ONLY,
    PRESENTATION_CLASS,
    PRESENTATION_KEEP,
    TATWEEL,
)
from kashf.restore.edits import Edit
from kashf.restore.lexicon import logp, zipf, zipf_persian
from kashf.restore.protect import Protection

_ARABIC_CHAR_RE = re.compile(f"[{LETTER_CLASS}{MARKS_CLASS}{TATWEEL}]")
_INVISIBLE_RE = re.compile(f"[{INVISIBLE_CLASS}]+")
_PRESENTATION_RE = re.compile(f"[{PRESENTATION_CLASS}]+")
_WORD_RE = re.compile(f"[{LETTER_CLASS}{MARKS_CLASS}{TATWEEL}]+")
_LOOKALIKE_RE = re.compile(f"[{LOOKALIKE_LETTERS}]")
_PERSIAN_RE = re.compile(f"[{PERSIAN_ONLY}]")
_MARK_RE = re.compile(f"[{MARKS_CLASS}]")
_LETTER_RE = re.compile(f"[{LETTER_CLASS}]")
_SHADDA = "\u0651"
_MARKED_LETTER_RE = re.compile(f"[{LETTER_CLASS}][{MARKS_CLASS}]")
# A line with this share of its letters marked is Quran, poetry or a teaching text: its marks
# are meant.
VOCALISED_LINE = 0.5
# ... but not a line with more marks than Arabic spelling can carry (shadda + vowel, and a
# Quranic small mark): that is a storm of noise.
STORM_LINE = 2.5


def _is_arabic(ch: str) -> bool:
    return bool(_ARABIC_CHAR_RE.match(ch))


def _token_around(text: str, start: int, end: int) -> str:
    """The whitespace-delimited token holding ``text[start:end]``."""
    lo = start
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return text[lo:hi]


def invisible(text: str, protected: Protection) -> list[Edit]:
    """Remove invisible characters inside an Arabic word (``ق\u200cوات`` → ``قوات``).

    Between words they are formatting (bidi marks around numbers, say) and stay; inside a
    Persian word a ZWNJ is spelling and stays too.
    """
    edits = []
    for m in _INVISIBLE_RE.finditer(text):
        s, e = m.span()
        if s == 0 or e == len(text) or protected.touches(s, e):
            continue
        before, after = text[s - 1], text[e]
        if before.isspace() or after.isspace():
            continue
        if not (_is_arabic(before) or _is_arabic(after)):
            continue
        if "\u200c" in m.group() and _PERSIAN_RE.search(_token_around(text, s, e)):
            continue
        edits.append(Edit(s, e, m.group(), "", "invisible"))
    return edits


def presentation_form(text: str, protected: Protection) -> list[Edit]:
    """Replace Arabic presentation forms by the letters they draw (``ﻗﻮﺍﺕ`` → ``قوات``).

    Honorific ligatures (ﷺ, ﷻ, ﷽) and ornate parentheses are meant as signs and stay.
    """
    edits = []
    for m in _PRESENTATION_RE.finditer(text):
        for i, ch in enumerate(m.group(), start=m.start()):
            if ch in PRESENTATION_KEEP or protected[i]:
                continue
            plain = unicodedata.normalize("NFKC", ch)
            if plain != ch and not plain.startswith(" "):
                edits.append(Edit(i, i + 1, ch, plain, "presentation_form"))
    return edits


def lookalike_letter(text: str, protected: Protection) -> list[Edit]:
    """Replace Persian/Urdu look-alike letters in Arabic words (``داعشی`` → ``داعشي``).

    Persian text is left alone: when most words of the line are likelier Persian than Arabic
    (``این``, ``کار``, ``را``), the line is Persian, not Arabic typed on a Persian keyboard.
    """
    words = list(_WORD_RE.finditer(text))
    if not any(_LOOKALIKE_RE.search(m.group()) for m in words):
        return []
    proposals: list[tuple[re.Match[str], str]] = []
    persian = arabic = 0
    for m in words:
        word = _strip_marks(m.group())
        if not _LOOKALIKE_RE.search(word):
            fa, ar = zipf_persian(word), zipf(word)
        else:
            mapped = word.translate(_LOOKALIKE_TABLE)
            if word.endswith("\u06cc"):  # final Farsi yeh: ي or ى, whichever makes a word
                alt = mapped[:-1] + "ى"
                if logp(alt) > logp(mapped):
                    mapped = alt
            fa, ar = zipf_persian(word), zipf(mapped)
            if not _PERSIAN_RE.search(_token_around(text, m.start(), m.end())):
                proposals.append((m, mapped))
        persian += fa > ar
        arabic += ar > fa
    if persian > arabic and not _DOTLESS_RE.search(text):
        return []
    edits = []
    for m, mapped in proposals:
        letters = [i for i, ch in enumerate(m.group(), start=m.start()) if _LETTER_RE.match(ch)]
        for i, b in zip(letters, mapped):
            if text[i] != b and not protected[i]:
                edits.append(Edit(i, i + 1, text[i], b, "lookalike_letter"))
    return edits


_DOTLESS_RE = re.compile("[\u066e\u066f\u06a1\u06ba]")
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)


def _strip_marks(word: str) -> str:
    return _MARK_RE.sub("", word).replace(TATWEEL, "")


def harakat_noise(text: str, protected: Protection) -> list[Edit]:
    """Remove diacritics used as noise in otherwise plain prose (``دَاعِشٌ`` → ``داعش``).

    Noise is: marks on tatweel or on no letter at all, a mark repeated on one letter, more
    marks on a letter than Arabic spelling allows (shadda plus one vowel), and a word marked on
    nearly every letter in a line whose other words carry none. Densely vocalised lines
    (Quran, poetry) keep every mark.
    """
    marks = len(_MARK_RE.findall(text))
    if not marks:
        return []
    letters = len(_LETTER_RE.findall(text)) or 1
    marked = len(_MARKED_LETTER_RE.findall(text))
    if marked / letters >= VOCALISED_LINE and marks / letters <= STORM_LINE:
        return []
    words = list(_WORD_RE.finditer(text))
    marked_words = [m for m in words if _MARK_RE.search(m.group())]
    edits: list[Edit] = []
    for m in words:
        word, base = m.group(), m.start()
        if not _MARK_RE.search(word):
            continue
        drop: set[int] = set()
        n_letters = sum(1 for ch in word if _LETTER_RE.match(ch))
        n_marked = 0
        i = 0
        while i < len(word):
            ch = word[i]
            if _MARK_RE.match(ch):  # a mark with no letter under it (the word starts with it)
                drop.add(i)
            j = i + 1
            while j < len(word) and _MARK_RE.match(word[j]):
                j += 1
            cluster = word[i + 1 : j]
            if cluster:
                if ch == TATWEEL or not _LETTER_RE.match(ch):
                    drop.update(range(i + 1, j))
                else:
                    n_marked += 1
                    seen: set[str] = set()
                    kept_vowel = False
                    for k, mk in enumerate(cluster, start=i + 1):
                        is_vowel = mk != _SHADDA and "\u064b" <= mk <= "\u0652"
                        if mk in seen or (is_vowel and kept_vowel):
                            drop.add(k)
                        seen.add(mk)
                        kept_vowel = kept_vowel or is_vowel
            i = j
        # A letter carrying an impossible stack or a repeated mark shows the word's marks are
        # noise, not spelling: none of them is kept.
        noisy = bool(drop)
        storm = noisy or (
            n_marked >= 4
            and n_marked >= 0.6 * n_letters
            and len(words) >= 5
            and len(marked_words) <= max(1, 0.1 * len(words))
        )
        if storm:
            drop.update(k for k, ch in enumerate(word) if _MARK_RE.match(ch))
        # One edit per run of dropped marks (a storm of a million marks is one edit, not a
        # million).
        run_start = prev = -2
        for k in [*sorted(k for k in drop if not protected[base + k]), -1]:
            if k == prev + 1:
                prev = k
                continue
            if run_start >= 0:
                edits.append(
                    Edit(
                        base + run_start,
                        base + prev + 1,
                        word[run_start : prev + 1],
                        "",
                        "harakat_noise",
                    )
                )
            run_start = prev = k
    return edits
