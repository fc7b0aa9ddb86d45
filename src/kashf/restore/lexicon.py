"""The lexicon that decides joins: word log-probabilities from wordfreq plus kashf's own words.

wordfreq ships a 620k-word Arabic list (Zipf scale: log10 of frequency per billion words).
We read it as ``log10 P(word) = zipf - 9`` so that a split into several words is compared with
a join fairly: two words pay two probabilities. Words the list lacks can still score through
their stem when they carry clitics (``وللقوات``, ``بمواقعهم``). Single letters other than the
conjunction و never count as words: wordfreq gives them high scores because the letters of
spaced-out words are counted as tokens, which is exactly the evasion we undo.
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

UNKNOWN = -11.0  # log10 P of a string that is not a word (below every listed word)
CLITIC_PENALTY = 0.6  # per clitic peeled off, so a listed whole word beats an analysis

PREFIXES = (
    "وبال", "وكال", "وفال", "ولل", "فبال", "فلل", "بال", "كال", "فال", "وال", "لل", "ال",
    "وب", "ول", "وك", "وس", "فب", "فل", "فس", "و", "ف", "ب", "ل", "ك", "س",
)  # fmt: skip
SUFFIXES = ("كما", "هما", "كم", "كن", "هم", "هن", "نا", "ها", "ه", "ك", "ي")


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's Arabic list (word -> frequency); wordfreq keeps it cached, we do not copy it."""
    from wordfreq import get_frequency_dict

    table: dict[str, float] = get_frequency_dict("ar", wordlist="large")
    return table


@lru_cache(maxsize=1)
def _own_words() -> dict[str, float]:
    """kashf's supplement as Zipf values (names and conflict words wordfreq under-counts)."""
    return dict(_supplement())


def _supplement() -> list[tuple[str, float]]:
    """kashf's own words (names, armed groups, conflict vocabulary) with a Zipf value each."""
    data = resources.files("kashf.restore").joinpath("data/lexicon.tsv").read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    out = []
    for line in data.decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        word, _, value = line.partition("\t")
        out.append((word.strip(), float(value)))
    return out


def zipf(word: str) -> float:
    """The word's Zipf frequency (0.0 when it is not listed)."""
    frequencies, own_words = _tables()
    f = frequencies.get(word)
    z = math.log10(f) + 9.0 if f else 0.0
    own = own_words.get(word)
    return max(z, own) if own is not None else z


def any_listed(words: Iterable[str]) -> bool:
    """The lexicon lists one of ``words`` (the look-ups run in C)."""
    frequencies, own_words = _tables()
    words = list(words)
    return not (frequencies.keys().isdisjoint(words) and own_words.keys().isdisjoint(words))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, float], dict[str, float]]:
    return _frequencies(), _own_words()


@lru_cache(maxsize=200_000)
def logp(word: str) -> float:
    """log10 probability of ``word`` as one word, with clitic analysis; UNKNOWN if none."""
    if len(word) == 1:
        return zipf(word) - 9.0 if word == "و" else UNKNOWN
    z = zipf(word)
    if z > 0:
        return z - 9.0  # a listed word's own frequency beats any analysis of it
    best = UNKNOWN
    for pre in ("", *PREFIXES):
        if pre and not word.startswith(pre):
            continue
        rest = word[len(pre) :]
        for suf in ("", *SUFFIXES):
            if not pre and not suf:
                continue
            if suf and not rest.endswith(suf):
                continue
            stem = rest[: len(rest) - len(suf)] if suf else rest
            z = zipf(stem) if len(stem) >= 2 else 0.0
            if z <= 0:
                continue
            peeled = (1 if pre else 0) + (1 if suf else 0)
            score = z - 9.0 - CLITIC_PENALTY * peeled - 0.5 * max(0, 3 - len(stem))
            best = max(best, score)
    return best


@lru_cache(maxsize=1)
def sensitive_words() -> tuple[str, ...]:
    """Words evaders split with a space (restore/data/sensitive.txt, written by kashf)."""
    data = resources.files("kashf.restore").joinpath("data/sensitive.txt").read_text("utf-8")
    return tuple(w.strip() for w in data.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _persian() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    table: dict[str, float] = get_frequency_dict("fa", wordlist="best")
    return table


def zipf_persian(word: str) -> float:
    """Zipf frequency in Persian (to tell Persian text from Arabic typed with Persian letters)."""
    f = _persian().get(word)
    return math.log10(f) + 9.0 if f else 0.0


@lru_cache(maxsize=1)
def joinable() -> frozenset[str]:
    """Words frequent enough (Zipf >= 3) to be the result of joining a split word."""
    words = {w for w, f in _frequencies().items() if f >= 1e-6 and len(w) >= 3}
    words.update(w for w, z in _own_words().items() if z >= 3.0)
    return frozenset(words)
