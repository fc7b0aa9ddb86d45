"""The closed vocabularies of place spotting, read from ``data/vocabulary.tsv`` and checked.

Each row is ``category<TAB>word[<TAB>value]``. Words are folded on load (:func:`kashf.text.fold`),
so a row may use ordinary spelling. A row that is malformed, names an unknown category, gives a
value where none is wanted (or a wrong one), or repeats a word of its category is a load error
naming the file and the row: a vocabulary is never silently half loaded.

>>> rows = "head_noun\\tقرية\\tsettlement\\ndirection\\tالشرقي\\t90\\n"
>>> v = load_vocabulary(rows, "x.tsv", complete=False)
>>> (dict(v.head_nouns), dict(v.directions))
({'قريه': 'settlement'}, {'الشرقي': 90.0})
>>> try:
...     load_vocabulary("heads\\tقرية\\n", "x.tsv")
... except VocabularyError as e:
...     print(str(e)[:39])
x.tsv, row 1: unknown category 'heads';
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from kashf.text import SILENT, fold

# Kinds of place a head noun calls for (see resolution.prefer_kind).
HEAD_KINDS: frozenset[str] = frozenset(
    {"settlement", "governorate", "area", "subdistrict", "countryside"}
)
# category -> what its value is: "" none, "kind" a head kind, "bearing" degrees (multiple of 45).
CATEGORIES: dict[str, str] = {
    "head_noun": "kind",
    "near": "",
    "locative": "",
    "direction": "bearing",
    "direction_word": "",
    "kinship": "",
    "pronoun_suffix": "",
    "generic_noun": "",
    "road": "",
    "road_filler": "",
    "road_joiner": "",
    "outlet_cue": "",
    "linker": "",
    "area_word": "",
    "qualifier_opener": "",
    "near_with_min": "",
    "name_first": "",
    "name_last": "",
    "person_title": "",
    "list_head": "",
}
_WORD_RE = re.compile(r"^[\u0621-\u064a]+( [\u0621-\u064a]+)*$")


class VocabularyError(ValueError):
    """A row of a vocabulary file that cannot be used."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every category's words (folded); ``head_nouns`` and ``directions`` with their values."""

    words: Mapping[str, tuple[str, ...]]  # category -> words in file order
    head_nouns: Mapping[str, str]
    directions: Mapping[str, float]

    def set(self, category: str) -> frozenset[str]:
        """The words of ``category`` (a programming error when the category is unknown)."""
        if category not in CATEGORIES:
            raise KeyError(f"no vocabulary category {category!r}")
        return frozenset(self.words.get(category, ()))


def _key(word: str) -> str:
    return " ".join(fold("".join(ch for ch in word if ch not in SILENT)).split())


def load_vocabulary(text: str, source: str, *, complete: bool = True) -> Vocabulary:
    """Parse and check a vocabulary file's ``text`` (``source`` names it in errors); with
    ``complete`` every category must have a word (the shipped file: no rule left without one)."""
    words: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    values: dict[str, dict[str, str]] = {c: {} for c in CATEGORIES}
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue

        def fail(why: str, n: int = n, line: str = line) -> VocabularyError:
            return VocabularyError(f"{source}, row {n}: {why} (row: {line!r})")

        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise fail("expected category<TAB>word[<TAB>value]")
        category, word = fields[0].strip(), _key(fields[1])
        value = fields[2].strip() if len(fields) == 3 else ""
        if category not in CATEGORIES:
            raise fail(f"unknown category {category!r}; known: {', '.join(CATEGORIES)}")
        if not _WORD_RE.match(word):
            raise fail(f"word {fields[1]!r} is not Arabic letters")
        if word in values[category]:
            raise fail(f"{word!r} is listed twice in {category}")
        wants = CATEGORIES[category]
        if not wants and value:
            raise fail(f"{category} takes no value, got {value!r}")
        if wants == "kind" and value not in HEAD_KINDS:
            raise fail(f"kind must be one of {', '.join(sorted(HEAD_KINDS))}, got {value!r}")
        if wants == "bearing" and not _bearing(value):
            raise fail(f"bearing must be 0, 45, ... 315 degrees, got {value!r}")
        words[category].append(word)
        values[category][word] = value
    empty = [c for c, ws in words.items() if not ws]
    if complete and empty:
        raise VocabularyError(f"{source}: no words for {', '.join(empty)}")
    return Vocabulary(
        words=MappingProxyType({c: tuple(ws) for c, ws in words.items()}),
        head_nouns=MappingProxyType(dict(values["head_noun"])),
        directions=MappingProxyType({w: float(v) for w, v in values["direction"].items()}),
    )


def _bearing(value: str) -> bool:
    try:
        b = float(value)
    except ValueError:
        return False
    return 0 <= b < 360 and b % 45 == 0


def _shipped() -> Vocabulary:
    path = resources.files("kashf.gazetteer") / "data" / "vocabulary.tsv"
    return load_vocabulary(path.read_text(encoding="utf-8"), "vocabulary.tsv")


VOCABULARY: Vocabulary = _shipped()
