"""Evasion mixed into running text: any word of ordinary prose, broken at a chosen rate.

:func:`obfuscate_running` is the generator of issue 13. Where :func:`obfuscator.obfuscate` breaks
two common words of a sentence, this one breaks a share (5 %, 20 %) of *all* the Arabic words of
a text, one technique each, the way evaders write a post::

    o = obfuscate_running(post, seed=3, technique="random_split", rate=0.2)

Which words are broken is decided by the seeded generator alone: every token that holds an
Arabic word of three letters or more (quotes, brackets and punctuation around it are kept in
place) may be picked; neither restore's lexicon nor its list of split words
(``sensitive.txt``) is asked. Positions inside a word are any joint, the one before the last
letter included. A technique may still refuse a word it cannot break fairly, by the rules of
:mod:`obfuscator` (a split into two real words, a masked letter two words could fill): those
rules use wordfreq's list, never restore's code.

Techniques added here, beside every technique of :mod:`obfuscator`:

- ``random_marks``: one random mark (sometimes two) on 50-60 % of a word's letters — tanween
  inside the word, sukun on a long vowel, two vowels on one letter, as noise generators do;
- ``random_split``: a space at any point of the word, not only in the words evaders split;
- ``word_dotless``: one word written without dots in a dotted line, whatever its readings
  (``dotless`` keeps only words whose clean form is their most frequent reading);
- ``yeh_barree``: a final alef maqsura written as Urdu yeh barree (``على`` → ``علے``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from obfuscator import (
    _DOTLESS_EVIDENCE,
    _TOKEN_RE,
    HARAKAT,
    SPACING,
    TECHNIQUES,
    Obfuscation,
    Technique,
    _assemble,
    dotless_candidates,
    frequency,
    to_dotless,
    word_of,
)

RATES = (0.05, 0.20)
MIN_LETTERS = 3


def random_marks(word: str, rng: random.Random) -> str:
    share = rng.uniform(0.5, 0.6)
    chosen = set(rng.sample(range(len(word)), max(2, round(share * len(word)))))
    out = []
    for i, ch in enumerate(word):
        out.append(ch)
        if i in chosen:
            out.append(rng.choice(HARAKAT))
            if rng.random() < 0.15:
                out.append(rng.choice(HARAKAT.replace(out[-1], "")))
    return "".join(out)


def _is_real_word(piece: str) -> bool:
    """A piece a reader takes for a word of its own. A single letter other than the conjunction
    و, and the bare article, are not (wordfreq counts them because split words leave them)."""
    if len(piece) == 1:
        return piece == "و"
    return piece != "ال" and frequency(piece) >= 1e-7


def random_split(word: str, rng: random.Random) -> str | None:
    points = [i for i in range(1, len(word))
              if not (_is_real_word(word[:i]) and _is_real_word(word[i:]))]
    if not points:
        return None
    p = rng.choice(points)
    return word[:p] + " " + word[p:]


def word_dotless(word: str, rng: random.Random) -> str | None:
    broken = to_dotless(word, rng.randint(0, 1))
    if broken == word or not _DOTLESS_EVIDENCE.search(broken):
        return None
    if dotless_candidates(broken) is None:
        return None
    return broken


def yeh_barree(word: str, rng: random.Random) -> str | None:
    if not word.endswith("ى") or frequency(word) <= frequency(word[:-1] + "ي"):
        return None  # ے reads ي as often: only a word likelier with ى is fair
    return word[:-1] + "ے"


NEW_TECHNIQUES: dict[str, Technique] = {
    "random_marks": random_marks,
    "random_split": random_split,
    "word_dotless": word_dotless,
    "yeh_barree": yeh_barree,
}
# Every technique, the split one without its sensitive.txt filter (random_split does it anywhere).
RUNNING_TECHNIQUES: dict[str, Technique] = {
    **{k: v for k, v in TECHNIQUES.items() if k != "space_split"}, **NEW_TECHNIQUES}
RUNNING_SPACING = SPACING | {"random_split"}


def running_word(token: str) -> str | None:
    """The word of ``token`` the generator may break: Arabic letters, three or more."""
    core = word_of(token)
    return core if core is not None and len(core) >= MIN_LETTERS else None


def obfuscate_running(
    clean: str,
    seed: int | random.Random,
    *,
    technique: str | None,
    rate: float,
    techniques: Sequence[str] | None = None,
) -> Obfuscation:
    """Break a share ``rate`` of the words of ``clean`` (see the module note).

    ``technique`` names the one technique used; ``None`` gives each broken word a technique
    picked at random from ``techniques`` (default: all of :data:`RUNNING_TECHNIQUES`). Words
    next to a word broken with a space are left whole, since two spaced words side by side are
    ambiguous for a person too.
    """
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    names = [technique] if technique else list(techniques or RUNNING_TECHNIQUES)
    unknown = [n for n in names if n not in RUNNING_TECHNIQUES]
    if unknown:
        raise ValueError(f"unknown techniques: {unknown}")
    tokens = [m.group() for m in _TOKEN_RE.finditer(clean)]
    order = [i for i, tok in enumerate(tokens) if running_word(tok)]
    want = int(rate * len(order) + rng.random())  # rounded at random: the rate on average
    rng.shuffle(order)
    plan: dict[int, tuple[str, str]] = {}
    for i in order:
        if len(plan) >= want:
            break
        core = running_word(tokens[i])
        assert core is not None
        for name in rng.sample(names, len(names)):
            spaced_near = any(plan.get(j, ("", ""))[0] in RUNNING_SPACING for j in (i - 1, i + 1))
            if spaced_near or (name in RUNNING_SPACING and (i - 1 in plan or i + 1 in plan)):
                continue
            broken = RUNNING_TECHNIQUES[name](core, rng)
            if broken is not None and broken != core:
                plan[i] = (name, broken)
                break
    return _assemble(clean, plan)
