"""A seeded, technique-labelled synthetic obfuscator for measuring ``kashf.restore``.

Given clean Arabic text, :func:`obfuscate` breaks some words (Arabic letters only, length >= 3,
common in wordfreq's Arabic list) with one evasion technique each, the way people write to
slip past platform filters, and records exactly what it did::

    text, triples = obfuscate("أعلنت قوات النظام ...", seed=7)
    # triples: [(clean_word, broken_form, technique), ...]

The returned :class:`Obfuscation` also keeps the span of every token in both the clean and the
obfuscated text, so a test can check each broken word and each untouched word separately.

Technique labels here are the *generator's* names (what was done); the restore engine's
technique names (what it says it undid) are mapped in each test file.

Ambiguity is kept fair: where a technique throws information away (a masked letter, dotless
skeletons, a word split in two), the word is only broken if the clean word is the most frequent
reading in wordfreq's Arabic list, so a lexicon-driven restorer *can* get it right. Everything is
driven by one ``random.Random(seed)`` and never iterates over sets: same seed, same output.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from arabic_sentences import CLEAN_SENTENCES
from kashf.restore.lexicon import sensitive_words

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
TATWEEL = "\u0640"
# Letters that join on both sides; a tatweel drawn after any other letter looks odd.
DUAL_JOINING = frozenset("بتثجحخسشصضطظعغفقكلمنهيىئ")
RIGHT_JOINING = frozenset("اأإآدذرزوؤة")
INVISIBLES = ("\u200c", "\u200b", "\u200d", "\u00ad", "\u200f", "\u200e", "\u2060")
EMOJI = ("🔥", "💥", "❤️", "✌️", "🇸🇾", "😡", "💣", "⭐")
SYMBOLS = ("$", "%", "^", "&", "+", "=", "★", "♦", "✪", "§")
STRAY_DIGITS = ("0", "1", "4")
WORD_END_PUNCT = "،.؛:!؟,"

# ---- frequency list (fairness filter only; restore is never told the answer) -------------------


@lru_cache(maxsize=1)
def _freq() -> dict[str, float]:
    import wordfreq

    freq: dict[str, float] = wordfreq.get_frequency_dict("ar")
    return freq


def frequency(word: str) -> float:
    return _freq().get(word, 0.0)


def is_common(word: str) -> bool:
    return frequency(word) >= 1e-6  # zipf >= 3


def _is_unique_best(clean: str, candidates: Sequence[str], margin: float = 1.0) -> bool:
    """``clean`` beats every other candidate by ``margin`` times in frequency."""
    f = frequency(clean)
    if f <= 0:
        return False
    return all(frequency(c) * margin < f for c in candidates if c != clean)


# ---- presentation forms: reverse of NFKC for single letters and lam-alef ----------------------

_FORM_TAGS = {"<isolated>": "isolated", "<final>": "final", "<initial>": "initial",
              "<medial>": "medial"}


def _build_presentation_forms() -> dict[tuple[str, str], str]:
    forms: dict[tuple[str, str], str] = {}
    for cp in itertools.chain(range(0xFB50, 0xFDFF), range(0xFE70, 0xFEFF)):
        ch = chr(cp)
        parts = unicodedata.decomposition(ch).split()
        if len(parts) < 2 or parts[0] not in _FORM_TAGS:
            continue
        base = "".join(chr(int(c, 16)) for c in parts[1:])
        if (len(base) == 1 and base in ARABIC_LETTERS) or base in ("لا", "لأ", "لإ", "لآ"):
            # The FE70 block holds the forms of the basic letters; prefer it over FB50's.
            key = (base, _FORM_TAGS[parts[0]])
            if key not in forms or cp >= 0xFE70:
                forms[key] = ch
    return forms


PRESENTATION_FORMS = _build_presentation_forms()
_FORM_FALLBACK = {"medial": "final", "initial": "isolated", "final": "isolated",
                  "isolated": "isolated"}


def to_presentation_forms(word: str) -> str:
    """Spell ``word`` with the contextual presentation form of each letter (and lam-alef)."""
    units: list[str] = []
    i = 0
    while i < len(word):
        if word[i] == "ل" and i + 1 < len(word) and word[i + 1] in "اأإآ":
            units.append(word[i : i + 2])
            i += 2
        else:
            units.append(word[i])
            i += 1
    out: list[str] = []
    for k, unit in enumerate(units):
        first, last = unit[0], unit[-1]
        prev = units[k - 1][-1] if k > 0 else ""
        nxt = units[k + 1][0] if k + 1 < len(units) else ""
        is_ligature = len(unit) == 2
        joins_prev = bool(prev) and prev in DUAL_JOINING and (
            first in DUAL_JOINING or first in RIGHT_JOINING)
        joins_next = (not is_ligature and last in DUAL_JOINING and bool(nxt)
                      and nxt != "ء")
        form = {(True, True): "medial", (True, False): "final", (False, True): "initial",
                (False, False): "isolated"}[(joins_prev, joins_next)]
        while (unit, form) not in PRESENTATION_FORMS and form != "isolated":
            form = _FORM_FALLBACK[form]
        out.append(PRESENTATION_FORMS.get((unit, form), unit))
    return "".join(out)


# ---- dotless skeletons ------------------------------------------------------------------------

# letter -> (skeleton when not final, skeleton when final); several choices = writer's style.
DOTLESS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ب": (("ٮ",), ("ٮ",)), "ت": (("ٮ",), ("ٮ",)), "ث": (("ٮ",), ("ٮ",)),
    "ن": (("ٮ",), ("ں",)), "ي": (("ٮ", "ى"), ("ى",)), "ئ": (("ى",), ("ى",)),
    "ف": (("ڡ",), ("ڡ",)), "ق": (("ٯ", "ڡ"), ("ٯ", "ڡ")),
    "ج": (("ح",), ("ح",)), "خ": (("ح",), ("ح",)), "ذ": (("د",), ("د",)),
    "ز": (("ر",), ("ر",)), "ش": (("س",), ("س",)), "ض": (("ص",), ("ص",)),
    "ظ": (("ط",), ("ط",)), "غ": (("ع",), ("ع",)), "ة": (("ه",), ("ه",)),
    "ك": (("ک", "ك"), ("ک", "ك")),
}


def _dotless_readings() -> dict[str, tuple[str, ...]]:
    readings: dict[str, list[str]] = {}
    for letter, (mid, fin) in DOTLESS.items():
        for skel in (*mid, *fin):
            readings.setdefault(skel, [skel] if skel in ARABIC_LETTERS else [])
            if letter not in readings[skel]:
                readings[skel].append(letter)
    return {k: tuple(v) for k, v in readings.items()}


DOTLESS_READINGS = _dotless_readings()


def dotless_candidates(skeleton: str, limit: int = 20000) -> list[str] | None:
    """Every dotted reading of ``skeleton`` (None when there are more than ``limit``)."""
    options = [DOTLESS_READINGS.get(ch, (ch,)) for ch in skeleton]
    total = 1
    for o in options:
        total *= len(o)
    if total > limit:
        return None
    return ["".join(p) for p in itertools.product(*options)]


def to_dotless(word: str, style: int) -> str:
    out = []
    for i, ch in enumerate(word):
        if ch not in DOTLESS:
            out.append(ch)
            continue
        mid, fin = DOTLESS[ch]
        choices = fin if i == len(word) - 1 else mid
        out.append(choices[style % len(choices)])
    return "".join(out)


# ---- the techniques ---------------------------------------------------------------------------
# Each takes a clean word and the generator, returns the broken form or None (not applicable).

Technique = Callable[[str, random.Random], "str | None"]


def _joint(word: str, rng: random.Random, *, after_dual: bool = True) -> int:
    """An insertion point between two letters, preferably after a letter that joins left."""
    points = [i for i in range(1, len(word)) if not after_dual or word[i - 1] in DUAL_JOINING]
    if not points:
        points = list(range(1, len(word)))
    return rng.choice(points)


def _insert(word: str, pos: int, piece: str) -> str:
    return word[:pos] + piece + word[pos:]


def _insert_at_joints(word: str, rng: random.Random, pieces: Sequence[str], most: int) -> str:
    n = 1 if len(word) < 6 else rng.randint(1, most)
    points = sorted({_joint(word, rng) for _ in range(n)}, reverse=True)
    for p in points:
        word = _insert(word, p, rng.choice(pieces))
    return word


def tatweel_dot(word: str, rng: random.Random) -> str:
    return _insert_at_joints(word, rng, ("ـ.ـ", "ـ.ـ", "ـ.", ".ـ", "ـ..ـ", "ـ.ــ"), 2)


def tatweel_comma(word: str, rng: random.Random) -> str:
    return _insert_at_joints(word, rng, ("ـ،ـ", "ـ,ــ", "ـ،،،ـ", "ـ،"), 1)


def tatweel_spaced(word: str, rng: random.Random) -> str:
    return _insert_at_joints(word, rng, ("ـ. ـ", "ـ. ــ", "ـ.. ", "ـ. .ـ"), 1)


def _piece_is_word(piece: str) -> bool:
    return frequency(piece) >= 1e-7


def _fair_split_points(word: str) -> list[int]:
    """Split points where not both halves are words: a lexicon can tell the split from two words."""
    return [i for i in range(2, len(word) - 1)
            if not (_piece_is_word(word[:i]) and _piece_is_word(word[i:]))]


def inner_separator(word: str, rng: random.Random) -> str | None:
    points = _fair_split_points(word)
    if not points:
        return None
    return _insert(word, rng.choice(points), rng.choice(".،,_-~|/•"))


def _splittable(word: str) -> bool:
    """Words restore promises to rejoin anywhere: its vocabulary of words evaders split
    (kashf.restore.lexicon.sensitive_words), alone or with a clitic. A space inside another
    word, in a line with no other evasion, is out of restore's scope (README, "Limits"): it
    cannot be told from a typo."""
    vocab = set(sensitive_words())
    stems = {word, word[1:], word[2:], word[3:]}
    return bool(stems & vocab)


def space_split(word: str, rng: random.Random) -> str | None:
    if not _splittable(word):
        return None
    points = [p for p in _fair_split_points(word) if p >= 2 and len(word) - p >= 2]
    if not points:
        return None
    return _insert(word, rng.choice(points), " ")


def _star_fills(pieces: tuple[str, str]) -> list[str]:
    """Readings of ``left*right``: the star deleted, or standing for one letter."""
    left, right = pieces
    return [left + right] + [left + ch + right for ch in ARABIC_LETTERS]


def asterisk_inside(word: str, rng: random.Random) -> str | None:
    points = [i for i in range(1, len(word))
              if _is_unique_best(word, _star_fills((word[:i], word[i:])), margin=2.0)]
    if not points:
        return None
    p = rng.choice(points)
    return word[:p] + rng.choice(("*", "*", "ـ*", "*ـ")) + word[p:]


def letter_masked(word: str, rng: random.Random) -> str | None:
    points = [i for i in range(1, len(word) - 1)
              if _is_unique_best(word, _star_fills((word[:i], word[i + 1 :])), margin=2.0)]
    if not points:
        return None
    p = rng.choice(points)
    return word[:p] + rng.choice(("*", "*", "*", "$")) + word[p + 1 :]


def every_letter(word: str, rng: random.Random) -> str | None:
    if not 3 <= len(word) <= 7:
        return None
    return rng.choice((".", ".", ".", "-")).join(word)


def spaced_letters(word: str, rng: random.Random) -> str | None:
    if not 3 <= len(word) <= 6:
        return None
    return " ".join(word)


def invisible(word: str, rng: random.Random) -> str:
    return _insert_at_joints(word, rng, INVISIBLES, 3)


def presentation_form(word: str, rng: random.Random) -> str:
    return to_presentation_forms(word)


_PERSIAN = {"ك": "ک", "ه": "ہ", "ي": "ی"}


def persian_lookalike(word: str, rng: random.Random) -> str | None:
    # Final ي is left alone: a final Persian ی reads as ي or ى, which no restorer can know.
    slots = [i for i, ch in enumerate(word)
             if ch in _PERSIAN and not (ch == "ي" and i == len(word) - 1)]
    if not slots:
        return None
    kinds = sorted({word[i] for i in slots})
    chosen = set(rng.sample(kinds, rng.randint(1, len(kinds))))
    return "".join(_PERSIAN[ch] if i in slots and ch in chosen else ch
                   for i, ch in enumerate(word))


def decorative_tatweel(word: str, rng: random.Random) -> str | None:
    points = [i for i in range(1, len(word)) if word[i - 1] in DUAL_JOINING]
    if not points:
        return None
    for p in sorted(set(rng.sample(points, min(len(points), rng.randint(1, 2)))), reverse=True):
        word = _insert(word, p, TATWEEL * rng.randint(1, 5))
    return word


def harakat_noise(word: str, rng: random.Random) -> str:
    # Stacks of several marks on one letter: no spelling uses them, so they are noise.
    for p in sorted({rng.randint(1, len(word)) for _ in range(rng.randint(1, 2))}, reverse=True):
        word = _insert(word, p, "".join(rng.choice(HARAKAT) for _ in range(rng.randint(3, 5))))
    return word


def emoji_inside(word: str, rng: random.Random) -> str:
    return _insert(word, _joint(word, rng, after_dual=False), rng.choice(EMOJI))


def symbol_inside(word: str, rng: random.Random) -> str | None:
    p = _joint(word, rng, after_dual=False)
    # The symbol must not read as a masked letter either.
    if not _is_unique_best(word, _star_fills((word[:p], word[p:])), margin=2.0):
        return None
    return _insert(word, p, rng.choice(SYMBOLS) * rng.randint(1, 2))


_ARABIZI = {"ع": "3", "ح": "7"}


def arabizi_digit(word: str, rng: random.Random) -> str | None:
    slots = [i for i, ch in enumerate(word) if ch in _ARABIZI]
    if not slots:
        return None
    i = rng.choice(slots)
    return word[:i] + _ARABIZI[word[i]] + word[i + 1 :]


def shape_digit(word: str, rng: random.Random) -> str | None:
    """9 for و by shape (Arabizi reads 9 as ق/ص: the lexicon must decide)."""
    slots = [i for i in range(1, len(word)) if word[i] == "و"]
    if not slots:
        return None
    i = rng.choice(slots)
    return word[:i] + "9" + word[i + 1 :]


def latin_letters(word: str, rng: random.Random) -> str | None:
    slots = [i for i, ch in enumerate(word) if ch == "ش"]
    if not slots:
        return None
    i = rng.choice(slots)
    return word[:i] + rng.choice(("sh", "sh", "Sh")) + word[i + 1 :]


def stray_digit(word: str, rng: random.Random) -> str:
    return _insert(word, _joint(word, rng, after_dual=False), rng.choice(STRAY_DIGITS))


# A skeleton made of ordinary letters only (حلال for خلال, عامه for عامة) is itself a
# plausible dotted spelling: one such word in a dotted sentence is undetectable, so a single
# dotless word must show a letter no dotted spelling uses (ٮ ں ڡ ٯ, or ى inside a word).
_DOTLESS_EVIDENCE = re.compile("[\u066e\u06ba\u06a1\u066f]|\u0649(?=.)")


def dotless(word: str, rng: random.Random) -> str | None:
    broken = to_dotless(word, rng.randint(0, 1))
    if broken == word or not _DOTLESS_EVIDENCE.search(broken):
        return None
    candidates = dotless_candidates(broken)
    if candidates is None or not _is_unique_best(word, candidates):
        return None
    return broken


TECHNIQUES: dict[str, Technique] = {
    "tatweel_dot": tatweel_dot,
    "tatweel_comma": tatweel_comma,
    "tatweel_spaced": tatweel_spaced,
    "inner_separator": inner_separator,
    "asterisk_inside": asterisk_inside,
    "every_letter": every_letter,
    "spaced_letters": spaced_letters,
    "space_split": space_split,
    "letter_masked": letter_masked,
    "invisible": invisible,
    "presentation_form": presentation_form,
    "persian_lookalike": persian_lookalike,
    "decorative_tatweel": decorative_tatweel,
    "harakat_noise": harakat_noise,
    "emoji_inside": emoji_inside,
    "symbol_inside": symbol_inside,
    "arabizi_digit": arabizi_digit,
    "shape_digit": shape_digit,
    "latin_letters": latin_letters,
    "stray_digit": stray_digit,
    "dotless": dotless,
}

# Techniques whose broken form contains a space: never put two of them side by side.
SPACING = frozenset({"tatweel_spaced", "spaced_letters", "space_split"})


# ---- the generator ----------------------------------------------------------------------------


class Break(NamedTuple):
    """One broken word: ``clean`` became ``broken`` by ``technique``.

    ``start:end`` is the span of ``broken`` in the obfuscated text, ``clean_start:clean_end``
    the span of ``clean`` in the clean text.
    """

    clean: str
    broken: str
    technique: str
    start: int
    end: int
    clean_start: int
    clean_end: int


class Kept(NamedTuple):
    """A token left as it was, with its span in the obfuscated and in the clean text."""

    token: str
    start: int
    end: int
    clean_start: int
    clean_end: int


@dataclass(frozen=True)
class Obfuscation:
    """Unpacks as ``(text, [(clean_word, broken_form, technique), ...])``."""

    clean: str
    text: str
    breaks: tuple[Break, ...]
    kept: tuple[Kept, ...]

    @property
    def triples(self) -> list[tuple[str, str, str]]:
        return [(b.clean, b.broken, b.technique) for b in self.breaks]

    def __iter__(self) -> Iterator[Any]:
        yield self.text
        yield self.triples


_TOKEN_RE = re.compile(r"\S+")
QUOTES_OPEN = "\"'«“(["
QUOTES_CLOSE = "\"'»”)]"
# A token is an optional opening quote or bracket, the word, then punctuation and closing quotes:
# «الرقة»، "الشامية". (قوات)
_CORE_RE = re.compile(
    rf"^([{re.escape(QUOTES_OPEN)}]?)([{ARABIC_LETTERS}]+)"
    rf"([{re.escape(WORD_END_PUNCT + QUOTES_CLOSE)}]{{0,3}})$"
)


def word_of(token: str) -> str | None:
    """The Arabic word inside ``token`` (quotes and punctuation around it peeled), if any."""
    m = _CORE_RE.match(token)
    return m.group(2) if m else None


def breakable(token: str) -> str | None:
    """The word part of ``token`` if it may be broken (Arabic letters only, common, >= 3)."""
    core = word_of(token)
    if core is None or len(core) < 3 or len(set(core)) == 1 or not is_common(core):
        return None
    return core


def _assemble(clean: str, plan: dict[int, tuple[str, str]]) -> Obfuscation:
    """Rebuild ``clean`` with the planned tokens' word parts replaced, keeping every span."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(clean)]
    out: list[str] = []
    breaks: list[Break] = []
    kept: list[Kept] = []
    pos = 0  # in the obfuscated text
    prev_end = 0  # in the clean text
    for i, (tok, cs, ce) in enumerate(tokens):
        gap = clean[prev_end:cs]
        out.append(gap)
        pos += len(gap)
        prev_end = ce
        if i in plan:
            name, broken = plan[i]
            m = _CORE_RE.match(tok)
            assert m is not None
            lead, core, trail = m.groups()
            at, clean_at = pos + len(lead), cs + len(lead)
            breaks.append(Break(core, broken, name, at, at + len(broken), clean_at,
                                clean_at + len(core)))
            tok_out = lead + broken + trail
        else:
            kept.append(Kept(tok, pos, pos + len(tok), cs, ce))
            tok_out = tok
        out.append(tok_out)
        pos += len(tok_out)
    out.append(clean[prev_end:])
    return Obfuscation(clean, "".join(out), tuple(breaks), tuple(kept))


def dotless_sentence(clean: str, seed: int | random.Random) -> Obfuscation:
    """Write every Arabic word of ``clean`` without dots, in one style, as real dotless posts do.

    No fairness filter here: a test scores the words whose clean form is the likeliest reading
    (:func:`dotless_is_fair`) and may report the others separately.
    """
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    style = rng.randint(0, 1)
    plan: dict[int, tuple[str, str]] = {}
    for i, m in enumerate(_TOKEN_RE.finditer(clean)):
        core = word_of(m.group())
        if core:
            broken = to_dotless(core, style)
            if broken != core:
                plan[i] = ("dotless", broken)
    return _assemble(clean, plan)


def dotless_is_fair(clean: str, broken: str) -> bool:
    """Is ``clean`` the single most frequent dotted reading of ``broken``?"""
    candidates = dotless_candidates(broken)
    return candidates is not None and _is_unique_best(clean, candidates)


def obfuscate(
    clean: str,
    seed: int | random.Random,
    *,
    techniques: Sequence[str] | None = None,
    n_words: int = 2,
) -> Obfuscation:
    """Break up to ``n_words`` non-adjacent words of ``clean``, one technique each."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    names = list(techniques) if techniques is not None else list(TECHNIQUES)
    unknown = [n for n in names if n not in TECHNIQUES]
    if unknown:
        raise ValueError(f"unknown techniques: {unknown}")
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(clean)]
    order = [i for i, (tok, _, _) in enumerate(tokens) if breakable(tok)]
    rng.shuffle(order)
    plan: dict[int, tuple[str, str]] = {}  # token index -> (technique, broken core)
    for i in order:
        if len(plan) >= n_words:
            break
        if i - 1 in plan or i + 1 in plan:
            continue  # two broken neighbours would be ambiguous even for a person
        core = breakable(tokens[i][0])
        assert core is not None
        for name in rng.sample(names, len(names)):
            broken = TECHNIQUES[name](core, rng)
            if broken is not None and broken != core:
                plan[i] = (name, broken)
                break
    return _assemble(clean, plan)


def sample(seed: int, *, techniques: Sequence[str] | None = None, n_words: int = 2,
           sentences: Sequence[str] = CLEAN_SENTENCES) -> Obfuscation:
    """Obfuscate the sentence ``seed`` picks: one call, one reproducible test case."""
    rng = random.Random(seed)
    return obfuscate(rng.choice(sentences), rng, techniques=techniques, n_words=n_words)
