"""Context cues (``data/cues.tsv``): the word lists and patterns rules look for around a mention.

They are data, checked when loaded: every cue the code asks for must be there, once, of a known
kind, and a pattern must compile; otherwise loading fails with the row at fault (a rule is never
silently switched off by a broken row).

>>> cues().regex("former").match(" سابقا") is not None
True
>>> "من قبل" in cues().words("agent_marks")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kashf.extract.lexicon import _rows
from kashf.text import fold

WORD_CUES = frozenset(
    {"agent_marks", "target_marks", "owned_marks", "negation_stop", "negation_not_event"}
)
REGEX_CUES = frozenset(
    {
        "victim",
        "source",
        "between",
        "direction",
        "origin",
        "list_gap",
        "aircraft",
        "both_sides",
        "former",
        "ally",
        "speech",
        "long_ago",
        "trend",
        "clause_opener",
        "context_of_time",
        "separate_events",
        "likely_attribution",
        "new_era",
        "list_more",
        "road_between",
        "summary_period",
        "summary_tally",
    }
)


@dataclass(frozen=True)
class Cues:
    _words: dict[str, tuple[str, ...]]
    _regex: dict[str, re.Pattern[str]]

    def words(self, name: str) -> tuple[str, ...]:
        return self._words[name]

    def regex(self, name: str) -> re.Pattern[str]:
        return self._regex[name]


def load_cues(rows: list[dict[str, str]]) -> Cues:
    """Check and compile cue rows (``name, kind, pattern, description``)."""
    words: dict[str, tuple[str, ...]] = {}
    regex: dict[str, re.Pattern[str]] = {}
    for n, r in enumerate(rows, start=1):
        name, kind, pattern = r.get("name", ""), r.get("kind", ""), r.get("pattern", "")
        where = f"cues.tsv row {n} ({name!r})"
        if name in words or name in regex:
            raise ValueError(f"{where}: defined twice")
        if not pattern or not r.get("description"):
            raise ValueError(f"{where}: needs a pattern and a description")
        if kind == "words" and name in WORD_CUES:
            words[name] = tuple(fold(w.strip()) for w in pattern.split("|") if w.strip())
        elif kind == "regex" and name in REGEX_CUES:
            try:
                regex[name] = re.compile(fold(pattern))
            except re.error as exc:
                raise ValueError(f"{where}: the pattern does not compile ({exc})") from None
        else:
            raise ValueError(f"{where}: unknown cue or kind {kind!r}")
    missing = sorted((WORD_CUES - words.keys()) | (REGEX_CUES - regex.keys()))
    if missing:
        raise ValueError(f"cues.tsv lacks {', '.join(missing)}")
    return Cues(words, regex)


@lru_cache(maxsize=1)
def cues() -> Cues:
    return load_cues(_rows("cues.tsv"))
