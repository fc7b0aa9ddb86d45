"""Arabic place names as matching keys, and the small closed vocabularies around them (clitics,
head nouns, directions). Shared by the build script, the user import and the matcher so that a
name is keyed the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from kashf.gazetteer.vocabulary import VOCABULARY
from kashf.text import SILENT, fold, matching_view

# Characters that carry no letter: dropped from the matching view (offsets are kept by a map).
ARABIC_LETTERS_ONLY = re.compile(r"^[\u0621-\u064a\u0671 ]+$")
_SPACES = re.compile(r"\s+")

ARTICLE = "ال"

# Proclitics a place name may carry in running text, folded: conjunction, then preposition, then
# the article. ``لل`` is ل + ال with the article's alef dropped.
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")


def _prefix_table() -> dict[str, bool | None]:
    """prefix -> does it end in the article (True), not (False), or maybe (None: a bare ``ل``
    before a name starting with ل can be ل+ال with the doubled lam written once)."""
    table: dict[str, bool | None] = {}
    for conj in _CONJ:
        for prep in _PREP:
            table.setdefault(conj + prep, False)
            if prep == "ل":
                table[conj + "لل"] = True
            else:
                table[conj + prep + ARTICLE] = True
    return table


PREFIXES: dict[str, bool | None] = _prefix_table()

# The closed vocabularies (folded) live in data/vocabulary.tsv, checked at load; see there what
# each category is for. Named here for the build script, the user import and the matcher.
HEAD_NOUNS: Mapping[str, str] = VOCABULARY.head_nouns  # noun -> kind of place it calls for
NEAR_WORDS: frozenset[str] = VOCABULARY.set("near")
LOCATIVE_WORDS: frozenset[str] = NEAR_WORDS | VOCABULARY.set("locative")
DIRECTIONS: Mapping[str, float] = VOCABULARY.directions  # after ``ريف X`` -> bearing
DIRECTION_WORDS: frozenset[str] = VOCABULARY.set("direction_word") | frozenset(DIRECTIONS)
KINSHIP_WORDS: frozenset[str] = VOCABULARY.set("kinship")
PRONOUN_SUFFIXES: tuple[str, ...] = VOCABULARY.words["pronoun_suffix"]
GENERIC_NOUNS: frozenset[str] = VOCABULARY.set("generic_noun")
ROAD_WORDS: frozenset[str] = VOCABULARY.set("road")
ROAD_FILLERS: frozenset[str] = VOCABULARY.set("road_filler")
OUTLET_CUES: frozenset[str] = VOCABULARY.set("outlet_cue")
DIRECTION_EN: dict[float, str] = {
    0.0: "northern",
    45.0: "north-eastern",
    90.0: "eastern",
    135.0: "south-eastern",
    180.0: "southern",
    225.0: "south-western",
    270.0: "western",
    315.0: "north-western",
}


def to_key(text: str) -> str:
    """The matching form of a name: no harakat/tatweel, folded, single spaces, no edge spaces.

    >>> to_key("  إِدْلِب ") == "ادلب"
    True
    """
    kept = "".join(ch for ch in text if ch not in SILENT)
    if any(0xFB50 <= ord(c) <= 0xFEFF for c in kept):  # presentation forms
        kept = unicodedata.normalize("NFKC", kept)
    return _SPACES.sub(" ", fold(kept)).strip()


def key_view(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and drop silent marks; whitespace runs become one space.

    Returns the view and, for each view character, its offset in ``text`` (so a span of the
    view maps back to ``text[offsets[s]:offsets[e - 1] + 1]``).
    """
    view, offsets = matching_view(text)
    return view, list(range(len(view))) if offsets is None else offsets


def split_article(key: str) -> tuple[bool, str]:
    """(has article, core) for a keyed name; ``الرقه`` -> (True, ``رقه``)."""
    if key.startswith(ARTICLE) and len(key) > 3:
        return True, key[2:]
    return False, key


def strip_head_noun(key: str) -> str:
    """``مدينه حمص`` -> ``حمص``; names that are only a head noun stay as they are."""
    first, _, rest = key.partition(" ")
    if rest and first in HEAD_NOUNS and HEAD_NOUNS[first] == "settlement":
        return rest
    return key


def split_name_variants(name_ar: str, qualifiers: set[str]) -> list[str]:
    """Split an OCHA-style Arabic name into its spellings.

    OCHA joins alternate names with ``_``, ``-`` or ``/`` (``الصياح_صياح ظاهرية``,
    ``العميانة_كورهيوك``) and sometimes appends the district to tell homonyms apart
    (``ابين- عفرين``, ``دير حنا / اللاذقية``). Parts equal to a qualifier (an admin name, keyed)
    are dropped; the rest are spellings of the place, first one the main name.
    """
    parts = [p.strip() for p in re.split(r"[_/\-–]", name_ar)]
    out: list[str] = []
    for part in parts:
        if not part or not ARABIC_LETTERS_ONLY.match(part):
            continue
        if to_key(part) in qualifiers and out:
            continue
        out.append(part)
    if not out:
        whole = name_ar.strip()
        return [whole] if whole else []
    return out
