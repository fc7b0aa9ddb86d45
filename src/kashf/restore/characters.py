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
    if not _LOOKALIKE_RE.search(text):
        return []  # the common case, decided by one scan
    words = list(_WORD_RE.finditer(text))
    proposals: list[tuple[re.Match[str], str]] = []
    persian = arabic = 0
    for m in words:
        word = _strip_marks(m.group())
        if not _LOOKALIKE_RE.search(word):
            fa, ar = zipf_persian(word), zipf(word)
        else:
            mapped = word.translate(_LOOKALIKE_TABLE)
            if word[-1:] in "\u06cc\u06d2":  # final ی or ے: ي or ى, whichever makes a word
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


_TANWEEN = frozenset("\u064b\u064c\u064d")
_SHORT_VOWELS = frozenset("\u064e\u064f\u0650")
_SUKUN = "\u0652"
_VOWELS = _TANWEEN | _SHORT_VOWELS | {_SUKUN}
_LONG_ALEF = frozenset("اآى")  # letters that carry no vowel of their own
_MOON_LETTERS = frozenset("ءأإآابجحخعغفقكمهوي")
_NEVER_DOUBLED = frozenset("اآأإىة")
_ABOVE = frozenset("\u064e\u064f\u064b\u064c")


def _units(word: str) -> list[tuple[str, str]]:
    """``word`` as (letter, the marks on it) pairs; tatweel is dropped with its marks."""
    units: list[tuple[str, str]] = []
    for ch in word:
        if _MARK_RE.match(ch):
            if units:
                units[-1] = (units[-1][0], units[-1][1] + ch)
        elif ch != TATWEEL:
            units.append((ch, ""))
    return units


def impossible_marks(word: str) -> bool:
    """The marks of ``word`` break a rule of Arabic vocalisation, so they are not spelling.

    Tanween only on the last letter (or on the letter before a final alef: ``جيدًا``); no
    vowel on alef or alef maqsura (tanween fath on a final alef excepted: ``فجراً``); no sukun
    or shadda on a word's first letter; no shadda with sukun; no two sukuns in a row; no sukun
    on the letter before an alef (a long vowel needs a fatha there).
    """
    units = _units(word)
    last = len(units) - 1
    letters = "".join(u[0] for u in units)
    article = 1 if letters.startswith("ال") else 0
    if letters[1:3] == "ال" and letters[0] in "وفبك":
        article = 2
    if article and len(units) > article + 1:
        lam, after = units[article][1], units[article + 1]
        # The article's lam takes no vowel (sukun, or the shadda of الَّذي); a moon letter
        # after it takes no shadda.
        if (any(m in _TANWEEN | _SHORT_VOWELS for m in lam) and _SHADDA not in lam) or (
            _SHADDA in after[1] and after[0] in _MOON_LETTERS
        ):
            return True
    for i, (letter, marks) in enumerate(units):
        if not marks:
            continue
        vowels = [m for m in marks if m in _VOWELS]
        nxt = units[i + 1] if i < last else ("", "")
        if (
            len(vowels) > 1
            or (_SHADDA in marks and _SUKUN in marks)
            or (i == 0 and (_SHADDA in marks or _SUKUN in marks))
            or (_SUKUN in marks and (_SUKUN in nxt[1] or nxt[0] in ("ا", "آ")))
            # Before an alef (a long a) only fatha, unless the alef begins the article: بِالقوة
            or (
                nxt[0] == "ا"
                and any(v in "\u064f\u0650" for v in vowels)
                and (i + 2 > last or units[i + 2][0] != "ل")
            )
        ):
            return True
        for v in vowels:
            if v in _TANWEEN and not (i == last or (i == last - 1 and units[last][0] in "اى")):
                return True
            if letter in _LONG_ALEF and not (v == "\u064b" and i == last and letter == "ا"):
                return True
        if _SHADDA in marks and letter in _NEVER_DOUBLED:
            return True
        if (letter == "أ" and "\u0650" in marks) or (letter == "إ" and set(marks) & _ABOVE):
            return True  # a kasra goes under the alef (إ), a fatha or damma over it (أ)
    return False


SURE_NOISE, RULE_NOISE, NO_NOISE = 2, 1, 0


def _noise(word: str) -> int:
    """How surely the marks of ``word`` are noise: SURE_NOISE for a mark on no letter (on
    tatweel, or first in the word) or a mark twice on one letter; RULE_NOISE for marks
    :func:`impossible_marks` rules out; else NO_NOISE."""
    prev = ""
    seen = ""
    for ch in word:
        if _MARK_RE.match(ch):
            if not _LETTER_RE.match(prev) or ch in seen:
                return SURE_NOISE
            seen += ch
        else:
            prev, seen = ch, ""
    return RULE_NOISE if impossible_marks(word) else NO_NOISE


def _typical_marks(word: str) -> bool:
    """Every mark of ``word`` stands where writers of plain prose put one to disambiguate: a
    shadda (with its vowel), the case ending on the last letter (``جدًّا``, ``مشدّداً``), a
    damma on the first letter (``يُرجّح``), a passive's kasra before the last letter and the
    damma before it (``اعتُقِل``)."""
    units = _units(word)
    last = len(units) - 1
    passive = last >= 2 and "\u0650" in units[last - 1][1]
    for i, (_, marks) in enumerate(units):
        if not marks or _SHADDA in marks or i == last:
            continue
        if i == last - 1 and (passive or (units[last][0] in "اى" and marks in _TANWEEN)):
            continue
        if marks == "\u064f" and (i == 0 or passive):
            continue
        return False
    return True


def harakat_noise(text: str, protected: Protection) -> list[Edit]:
    """Remove diacritics used as noise in otherwise plain prose (``دَاعِشٌ`` → ``داعش``).

    A word's marks are noise when one of them breaks a rule of vocalisation (:func:`_is_noise`),
    when the word is marked on nearly every letter in a line whose other words carry none, or
    when it carries marks on two letters or more in a line where noise words are at least half
    of such words (random marks mostly break a rule; the few that happen to look right are
    known by the company they keep). Noise loses every mark. Densely vocalised lines (Quran,
    poetry) keep every mark; so do single marks that disambiguate (``قُتل``, ``تقدّم``).
    """
    marks = len(_MARK_RE.findall(text))
    if not marks:
        return []
    letters = len(_LETTER_RE.findall(text)) or 1
    marked = len(_MARKED_LETTER_RE.findall(text))
    if marked / letters >= VOCALISED_LINE and marks / letters <= STORM_LINE:
        return []
    n_words = len(_WORD_RE.findall(text))
    judged = [
        (word, base, _noise(word), len(_MARKED_LETTER_RE.findall(word)))
        for base, word in _marked_words(text)
    ]
    # A word whose one mark is wrong is a slip of the writer's hand (وأًغلق), not noise, even
    # in a line with noise in it: it stays, as every other typo does. (Noise puts several marks
    # on a word, or one mark on no letter or twice on one.)
    judged = [
        (w, b, NO_NOISE if kind == RULE_NOISE and len(_MARK_RE.findall(w)) == 1 else kind, n)
        for w, b, kind, n in judged
    ]
    noise = sum(kind != NO_NOISE for _, _, kind, _ in judged)
    multi = sum(n >= 2 for _, _, _, n in judged)
    noise_line = noise >= 1 and 2 * noise >= multi
    sparse = n_words >= 5 and len(judged) <= max(1, 0.1 * n_words)
    edits: list[Edit] = []
    for word, base, noisy, n_marked in judged:
        n_letters = len(_LETTER_RE.findall(word))
        storm = sparse and n_marked >= 4 and n_marked >= 0.6 * n_letters
        untypical = n_marked >= 2 and not _typical_marks(word)
        # Three untypical marks on one word of plain prose are noise even alone in the line.
        if not (noisy or storm or (untypical and (noise_line or n_marked >= 3))):
            continue
        # One edit per run of marks (a storm of a million marks is one edit, not a million).
        for run in _MARK_RUN_RE.finditer(word):
            s, e = base + run.start(), base + run.end()
            if not protected.touches(s, e):
                edits.append(Edit(s, e, run.group(), "", "harakat_noise"))
    return edits


_MARK_RUN_RE = re.compile(f"[{MARKS_CLASS}]+")


def _marked_words(text: str) -> list[tuple[int, str]]:
    """The words (as _WORD_RE finds them) that carry a mark, with their offsets: found from
    the marks (one fast scan), not by a loop over every word of the line."""
    out: list[tuple[int, str]] = []
    end = -1
    for m in _MARK_RE.finditer(text):
        if m.start() < end:
            continue
        word = _WORD_RE.match(text, _word_start(text, m.start()))
        assert word is not None  # a mark is a word character
        out.append((word.start(), word.group()))
        end = word.end()
    return out


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and _ARABIC_CHAR_RE.match(text[pos - 1]):
        pos -= 1
    return pos
