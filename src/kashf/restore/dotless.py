"""Dotless script (rasm): words written without their dots, ``ڡلسطٮں`` → ``فلسطين``.

Writers who drop the dots use the bare skeleton letters (ٮ ں ڡ ٯ), ``ى`` for any tooth in the
middle of a word, ``ه`` for ``ة``, ``ک`` for ``ك``, and undotted letters that happen to look like
dotless forms (``ح`` for ج/خ, ``د`` for ذ, ``ر`` for ز, ``س`` for ش, ``ص`` for ض, ``ط`` for ظ,
``ع`` for غ). We map every word of the lexicon to its skeleton once (lazily, when the first
dotless word is seen) and read a dotless word as the likeliest word with its skeleton that also
agrees with every letter the writer did dot (a written ``ن`` or ``أ`` is kept).

Writers of dotless posts also drop hamza seats (``اں`` for ``أن``, ``او`` for ``أو``), and the
lexicon splits a word's frequency between its spellings (``مؤقتة`` is common, ``موقتة`` rare).
So a reading is scored as its *hamza group*: the frequency of every spelling that differs from
it only by a hamza on an alef or waw. The letters the writer wrote stay as written: ``موڡٮه``
reads ``موقتة`` (scored with ``مؤقتة``), not ``مؤقتة``, and a written ``أ`` is kept.

Context: the line's own words. A writer who dots some words and not others (a dotted headline
before a dotless quote, a keyword typed plainly once) tells us which words the text is about.
The line's dotted words with the word's skeleton are readings too (names the lexicon lacks,
words below its cut), and every reading is scored as a small cache language model (Kuhn & De
Mori): its lexicon probability mixed with its share of the line's dotted words,
``(1 - CACHE_WEIGHT) * P(w) + CACHE_WEIGHT * count(w) / n``, a word counted with or without a
leading clitic. Clitics are context too: a reading may be a prefix and/or suffix around a
listed stem, at a price per clitic.

The domain: reports of the Syrian conflict use a vocabulary the general web under-counts
(``بريف`` is rarer there than ``نزيف``). A reading that is, or wraps in a clitic, a word of
``data/domain.txt`` (actor and trigger words, governorate to subdistrict names, place
qualifiers; derived by ``scripts/derive_restore_domain.py``) gains the probability of a Zipf-4.5
word (DOMAIN_MASS, chosen on the dotless specimens and the running-text benchmark).

A word written only in skeleton letters with no dotless-only letter (``وحطر`` for ``وحظر``) is
read again only inside a *dotless run* (:func:`_in_dotless_run`); elsewhere only the words with
dotless-only letters are.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from kashf.restore.chars import DOTLESS_LETTERS, LETTER_CLASS, MARKS_CLASS, TATWEEL
from kashf.restore.edits import Edit
from kashf.restore.lexicon import (
    CLITIC_PENALTY,
    PREFIXES,
    SUFFIXES,
    UNKNOWN,
    _frequencies,
    zipf,
)
from kashf.restore.protect import Protection

# Letter → skeleton class. Hamza on a tooth is written as a bare tooth.
_CLASSES = {
    "ٮ": "بتثنيىئٮںی",
    "ح": "جحخ",
    "د": "دذ",
    "ر": "رز",
    "س": "سش",
    "ص": "صض",
    "ط": "طظ",
    "ع": "عغ",
    "ڡ": "فقڡٯ",
    "ه": "هةۃہ",
    "ك": "كکڪ",
}
_SKELETON = str.maketrans({ch: key for key, members in _CLASSES.items() for ch in members})
# What each written skeleton letter may stand for. Every other letter (a dotted letter, a
# hamza seat, a bare alef or waw) is kept exactly as the writer wrote it. ٯ and ں are the
# final forms of dotless qaf and noon, so each stands for one letter only.
_READS_AS = {
    "ٮ": "بتثنيئ",
    "ى": "ىيبتثنئ",
    "ی": "يىبتثنئ",
    "ں": "ن",
    "ڡ": "فق",
    "ٯ": "ق",
    "ه": "هة",
    "ح": "حجخ",
    "د": "دذ",
    "ر": "رز",
    "س": "سش",
    "ص": "صض",
    "ط": "طظ",
    "ع": "عغ",
    "ک": "ك",
    "ڪ": "ك",
}
_SKELETON_ONLY_RE = re.compile(f"[{DOTLESS_LETTERS}]|ى(?=[{LETTER_CLASS}])")
_WORD_RE = re.compile(f"(?:[{LETTER_CLASS}][{MARKS_CLASS}{TATWEEL}]*)+")
_MARKS_RE = re.compile(f"[{MARKS_CLASS}{TATWEEL}]")
_UNDOTTED = frozenset("اأإآءدرسصطعكلمهوىحٮںڡٯکۃ")
CANDIDATES_PER_SKELETON = 6
COMPOSED_PENALTY = 1.5
CACHE_WEIGHT = 0.1  # how much of a reading's probability comes from the line's own words
MIN_ZIPF = 1.5  # words rarer than this are too often typos to be offered as readings
DOMAIN_MASS = 10 ** (4.5 - 9)  # the probability a conflict-news word gains (Zipf 4.5)


# A hamza on an alef or waw → the bare seat (one letter for one, so offsets stay put).
_HAMZA_SEATS = "أإآٱؤ"
_UNHAMZA = str.maketrans(_HAMZA_SEATS, "اااا" + "و")
_HAMZA_SEAT_RE = re.compile(f"[{_HAMZA_SEATS}]")


def skeleton(word: str) -> str:
    """The dotless skeleton of ``word`` (``فلسطين`` → ``ڡلسطٮٮ``)."""
    return word.translate(_SKELETON)


def unhamza(word: str) -> str:
    """``word`` with its alef and waw hamza seats bare (``مؤقتة`` → ``موقتة``)."""
    return word.translate(_UNHAMZA)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, float]]:
    """Skeleton → the likeliest hamza-bare words with it, space-separated; and the frequency
    the hamza spellings add to a bare word (``موقتة`` → the frequency of ``مؤقتة``).

    Built once, on the first dotless word; one string per skeleton keeps it small.
    """
    from wordfreq import iter_wordlist

    index: dict[str, str] = {}
    sizes: dict[str, int] = {}
    hamza_mass: dict[str, float] = {}
    floor = 10 ** (MIN_ZIPF - 9)
    frequencies = _frequencies()
    for word in iter_wordlist("ar", wordlist="large"):  # most frequent first
        frequency = frequencies.get(word, 0.0)
        if frequency < floor:
            break
        if _HAMZA_SEAT_RE.search(word):
            bare = unhamza(word)
            hamza_mass[bare] = hamza_mass.get(bare, 0.0) + frequency
        else:
            bare = word
        key = skeleton(bare)
        if bare in hamza_mass and bare in index.get(key, "").split(" "):
            continue  # listed already, at a likelier spelling
        n = sizes.get(key, 0)
        if n < CANDIDATES_PER_SKELETON:
            index[key] = f"{index[key]} {bare}" if n else bare
            sizes[key] = n + 1
    return index, hamza_mass


def _candidates(skel: str) -> list[str]:
    found = _index()[0].get(skel)
    return found.split(" ") if found else []


def _group_logp(bare: str) -> float:
    """log10 probability of a hamza-bare word and all its hamza spellings (UNKNOWN if none)."""
    frequency = _frequencies().get(bare, 0.0) + _index()[1].get(bare, 0.0)
    own = zipf(bare) - 9.0  # kashf's supplement may list it higher than wordfreq
    if frequency <= 0.0:
        return own if own > -9.0 else UNKNOWN
    return max(math.log10(frequency), own)


def _agrees(written: str, candidate: str) -> bool:
    """The candidate keeps every letter the writer dotted or wrote with a hamza; a final ى is
    a final ya or alef maqsura only (a final ب/ت/ث is the long tooth ٮ, a final ن is ں)."""
    if written.endswith("ى") and candidate[-1:] not in _FINAL_YA:
        return False
    return all(c in _READS_AS.get(w, w) for w, c in zip(written, candidate))


_FINAL_YA = frozenset("ىيئ")


def _score(pre: str, stem: str, suf: str) -> float:
    """A listed word's own (hamza group) probability; a clitic analysis of an unlisted word
    pays per clitic, as in the lexicon, and once more for being a guess twice."""
    whole = _group_logp(pre + stem + suf)
    if whole > UNKNOWN or not (pre or suf):
        return whole
    peeled = (1 if pre else 0) + (1 if suf else 0)
    return _group_logp(stem) - CLITIC_PENALTY * peeled - COMPOSED_PENALTY


def _plausible(written: str, candidate: str) -> bool:
    """Agrees with the written letters and has no alef maqsura inside (web dotless junk)."""
    return _agrees(written, candidate) and "ى" not in candidate[:-1]


@lru_cache(maxsize=1)
def _domain() -> frozenset[str]:
    """Conflict-news words (data/domain.txt, derived by scripts/derive_restore_domain.py)."""
    data = resources.files("kashf.restore").joinpath("data/domain.txt").read_text("utf-8")
    return frozenset(unhamza(w) for w in data.splitlines() if w and not w.startswith("#"))


@lru_cache(maxsize=100_000)
def _in_domain(word: str) -> bool:
    """``word``, or ``word`` without a leading clitic, is a conflict-news word (``بريف``)."""
    domain = _domain()
    return word in domain or any(
        word.startswith(pre) and word[len(pre) :] in domain for pre in PREFIXES
    )


def _with_domain(score: float, word: str) -> float:
    """A reading's probability with the domain's share added: reports of the conflict say
    ``بريف`` far more often than the general web (``نزيف``)."""
    return math.log10(10**score + DOMAIN_MASS) if _in_domain(word) else score


@lru_cache(maxsize=50_000)
def _readings(written: str) -> tuple[tuple[float, str], ...]:
    """Candidate readings of one dotless word (hamza-bare), as (log10 probability, word)
    (cached: a dotless post repeats its words)."""
    written = unhamza(written)
    skel = skeleton(written)
    found: list[tuple[float, str]] = []
    for cand in _candidates(skel):
        if _plausible(written, cand):
            found.append((_score("", cand, ""), cand))
    # Clitic analysis: a prefix and/or suffix around a listed stem (وللمقاومة, ارضنا).
    for pre in ("", *PREFIXES):
        sp = skeleton(pre)
        if not skel.startswith(sp):
            continue
        for suf in ("", *SUFFIXES):
            if not pre and not suf:
                continue
            ss = skeleton(suf)
            if suf and not skel.endswith(ss):
                continue
            stem_skel = skel[len(sp) : len(skel) - len(ss)]
            if len(stem_skel) < 2:
                continue
            for stem in _candidates(stem_skel)[:2]:
                cand = pre + stem + suf
                if _plausible(written, cand):
                    found.append((_score(pre, stem, suf), cand))
    return tuple(sorted({(_with_domain(s, c), c) for s, c in found}, reverse=True))


def _as_written(written: str, reading: str) -> str:
    """``reading`` with the hamza seats the writer wrote put back (``أرصىا`` → ``أرضنا``)."""
    return "".join(w if w in _HAMZA_SEATS else r for w, r in zip(written, reading))


def _is_skeleton_word(word: str) -> bool:
    return all(ch in _UNDOTTED for ch in word)


def _stem(word: str) -> str:
    """``word`` without a leading clitic when that leaves a likelier word (``بتوقيف`` →
    ``توقيف``, but ``سيارة`` stays), so that the cache matches a word however it is attached."""
    for pre in PREFIXES:
        if word.startswith(pre) and len(word) - len(pre) >= 3:
            stem = word[len(pre) :]
            if zipf(stem) > zipf(word):
                return stem
    return word


class _Line:
    """The words of a line its writer wrote with dots: the context a dotless word is read in."""

    def __init__(self, words: list[str]) -> None:
        dotted = [
            unhamza(w)
            for w in words
            if not _is_skeleton_word(w) and not _SKELETON_ONLY_RE.search(w)
        ]
        self.total = len(dotted)
        self.seen = Counter(_stem(w) for w in dotted)
        self.by_skeleton: dict[str, set[str]] = {}
        for w in dotted:
            self.by_skeleton.setdefault(skeleton(w), set()).add(w)

    def readings(self, written: str) -> list[tuple[float, str]]:
        """The lexicon's readings of ``written`` plus the line's dotted words with its
        skeleton, rescored with the cache model in the module note."""
        readings = list(_readings(written))
        if not self.total:
            return readings
        bare = unhamza(written)
        listed = {c for _, c in readings}
        for w in self.by_skeleton.get(skeleton(bare), ()):
            if w not in listed and _plausible(bare, w):
                readings.append((_score("", w, ""), w))
        stems = [_stem(c) for _, c in readings]
        counts = [self.seen.get(stem, 0) for stem in stems]
        if not any(counts):
            return readings
        mixed = [
            (
                math.log10(
                    (1 - CACHE_WEIGHT) * 10**s + CACHE_WEIGHT * n / self.total * _with(c, stem)
                ),
                c,
            )
            for (s, c), n, stem in zip(readings, counts, stems)
        ]
        return sorted(mixed, reverse=True)


def _with(word: str, stem: str) -> float:
    """How likely the line's ``stem`` is written as ``word`` (a clitic on it), by the lexicon's
    odds (at most 1; the price of a clitic analysis for a word it does not list). The line's
    ``ريف`` makes ``بريف`` likely; its ``تحت`` does not make ``التحت`` a likely word."""
    if word == stem:
        return 1.0
    listed = _group_logp(unhamza(word))
    if listed <= UNKNOWN:
        return 10 ** -(CLITIC_PENALTY + COMPOSED_PENALTY)
    return min(1.0, 10 ** (listed - _group_logp(unhamza(stem))))


def dotless(text: str, protected: Protection) -> list[Edit]:
    """Re-dot words written in the bare skeleton, choosing readings with the lexicon."""
    if not _SKELETON_ONLY_RE.search(text):
        return []
    words = [m for m in _WORD_RE.finditer(text) if not protected.touches(m.start(), m.end())]
    plain = [_MARKS_RE.sub("", m.group()) for m in words]
    in_run = _in_dotless_run(plain)
    line = _Line(plain)
    edits: list[Edit] = []
    for m, written, run in zip(words, plain, in_run):
        raw = m.group()
        if not _SKELETON_ONLY_RE.search(written) and not run:
            continue
        readings = line.readings(written)
        if not readings or readings[0][0] <= UNKNOWN:
            continue
        best = _as_written(written, readings[0][1])
        # A skeleton word that is already a common word stays unless a reading is far likelier.
        if (
            not _SKELETON_ONLY_RE.search(written)
            and zipf(written) > 0
            and readings[0][0] < _group_logp(unhamza(written)) + 1.0
        ):
            continue
        if best == written:
            continue
        edits.extend(_letter_edits(raw, best, m.start()))
    return edits


def _in_dotless_run(words: list[str]) -> list[bool]:
    """For each word: is it written without dots because its neighbours are?

    A word of letters that carry no dots anyway (``حلال``, ``السورى``) may be a dotless
    ``خلال`` or an honest word. It is read as dotless only inside a run: the nearest words on
    both sides that show how the writer types (a dotless-only letter, or a dot) are dotless,
    the line has two such words (or is a few words long) and not twice as many dotted ones. A
    dotless word dropped into a dotted line leaves its undotted neighbours alone.
    """
    kinds = [
        "S" if _SKELETON_ONLY_RE.search(w) else "N" if _is_skeleton_word(w) else "D" for w in words
    ]
    dotless = kinds.count("S")
    if (dotless < 2 and not (dotless and len(words) <= 3)) or kinds.count("D") > 2 * dotless:
        return [False] * len(words)  # a dotted line with a few dotless words dropped in
    runs = []
    for i, kind in enumerate(kinds):
        left = next((k for k in reversed(kinds[:i]) if k != "N"), None)
        right = next((k for k in kinds[i + 1 :] if k != "N"), None)
        runs.append(kind == "N" and "D" not in (left, right))
    return runs


def _letter_edits(raw: str, reading: str, base: int) -> list[Edit]:
    """Edits turning ``raw`` (which may carry marks) into ``reading``, one per word."""
    letters = [i for i, ch in enumerate(raw) if not _MARKS_RE.match(ch)]
    if len(letters) != len(reading):
        # Different lengths cannot happen for skeleton readings; replace the word whole.
        return [Edit(base, base + len(raw), raw, reading, "dotless")]
    out = list(raw)
    for i, ch in zip(letters, reading):
        out[i] = ch
    new = "".join(out)
    return [Edit(base, base + len(raw), raw, new, "dotless")] if new != raw else []
