"""Arabic place names as matching keys, and the small closed vocabularies around them (clitics,
head nouns, directions). Shared by the build script, the user import and the matcher so that a
name is keyed the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata

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

# Nouns that announce a place (folded). The value is the kind of place they call for.
HEAD_NOUNS: dict[str, str] = {
    "مدينه": "settlement",
    "بلده": "settlement",
    "قريه": "settlement",
    "بلدات": "settlement",
    "قري": "settlement",
    "مزرعه": "settlement",
    "مزارع": "settlement",
    "بلدتي": "settlement",
    "قريتي": "settlement",
    "مدينتي": "settlement",
    "حي": "settlement",
    "احياء": "settlement",
    "حاره": "settlement",
    "مخيم": "settlement",
    "ضاحيه": "settlement",
    "محافظه": "governorate",
    "محافظتي": "governorate",
    "منطقه": "area",
    "مناطق": "area",
    "ناحيه": "subdistrict",
    "ريف": "countryside",
    "ارياف": "countryside",
    "باديه": "countryside",
}
# Words saying the event happened near, not in, the place that follows: precision 2.
NEAR_WORDS: frozenset[str] = frozenset(
    {
        "قرب",
        "اطراف",
        "محيط",
        "ضواحي",
        "مشارف",
        "مداخل",
        "جنوب",
        "شمال",
        "شرق",
        "غرب",
        "جنوبي",
        "شمالي",
        "شرقي",
        "غربي",
        "بالقرب",
    }
)
# Prepositions and verbs of place (folded) that make a following name likely a place.
LOCATIVE_WORDS: frozenset[str] = NEAR_WORDS | {
    "في",
    "من",
    "الي",
    "علي",
    "نحو",
    "باتجاه",
    "داخل",
    "بين",
    "عند",
    "حتي",
    "وسط",
    "مركز",
}
# Direction adjectives after ``ريف X`` (folded, both genders) -> compass bearing in degrees.
DIRECTIONS: dict[str, float] = {
    "الشرقي": 90.0,
    "الشرقيه": 90.0,
    "الغربي": 270.0,
    "الغربيه": 270.0,
    "الشمالي": 0.0,
    "الشماليه": 0.0,
    "الجنوبي": 180.0,
    "الجنوبيه": 180.0,
}
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
# Compass words in every form a writer uses them (folded): bare, feminine, with the article,
# adverbial. ``شمال غربي`` is a direction, not a misspelt ``شلال غربي`` (Western Shallal), and
# ``مدينة قبلية`` leaves the index key ``قبليه``: such words are a place only after a head noun
# (``قرية الشمالية``), never on their own.
DIRECTION_WORDS: frozenset[str] = frozenset(
    {
        "شمال", "جنوب", "شرق", "غرب",
        "شمالي", "جنوبي", "شرقي", "غربي", "قبلي",
        "شماليه", "جنوبيه", "شرقيه", "غربيه", "قبليه",
        "شمالا", "جنوبا", "شرقا", "غربا",
        "الشمال", "الجنوب", "الشرق", "الغرب",
        "القبلي", "القبليه",
        *DIRECTIONS,
    }
)
# Kunya and nasab words (folded, with their case forms): ``أبو علي خضر``, ``ابن حمدان`` name a
# person; a small place right after one (or after one and a first name) is part of that name.
KINSHIP_WORDS: frozenset[str] = frozenset({"ابو", "ابا", "ابي", "ام", "ابن", "بن", "بنت"})
# Pronoun suffixes that no place name ends in: only 7 of ~5,200 single-word names in the table
# end in ها/هما/هم/هن, so an unknown word ending in one (``وريفها``, ``وحرشها``: "and its
# countryside", "and its woods") is a noun with a pronoun, not a village the table lacks. ``ه``
# is also the folded ta marbuta, so it is judged on the written word and its stem.
PRONOUN_SUFFIXES: tuple[str, ...] = ("هما", "ها", "هم", "هن")
# Common nouns that are also the name of some village (OCHA/GeoNames): a farm, a school, a
# cemetery, noon; ``قريتين`` is the dual "two villages" (the town is written القريتين). Without
# the article such a word is never a place on its own (a longer name, ``مزرعة صوفيان``, is
# another key); with the article it still names a thing more often than a village, so a small
# place needs a head noun before it (``قرية المقبرة``) or a qualifier after it (``المزرعة بريف
# السويداء``). Keys are folded; written by the kashf developers.
GENERIC_NOUNS: frozenset[str] = frozenset(
    {
        # settlements and their duals
        "مدينه", "قريه", "بلده", "مزرعه", "مزارع", "حي", "حاره", "مخيم",
        "قريتين", "قريتان", "بلدتين", "بلدتان", "مدينتين", "مزرعتين",
        # buildings
        "مدرسه", "مكتبه", "مقبره", "مسجد", "جامع", "كنيسه", "كليه", "سجن", "برج", "خان",
        "قصر", "دار",
        # land and water
        "تله", "جسر", "وادي", "بستان", "بساتين", "كروم", "حقل", "مغاره", "بركه",
        # times of day
        "ظهيره", "ظهر",
    }
)
# Road words: ``طريق حلب - دمشق`` resolves to the first town.
ROAD_WORDS: frozenset[str] = frozenset(
    {
        "طريق",
        "الطريق",
        "اوتوستراد",
        "الاوتوستراد",
        "اوتستراد",
        "الاوتستراد",
        "اتوستراد",
        "الاتوستراد",
        "طرق",
    }
)
ROAD_FILLERS: frozenset[str] = frozenset({"الدولي", "العام", "السريع", "الواصل", "الرابط", "بين"})
# Words right before a news outlet's name (folded; a proclitic is allowed: ``لشبكة``,
# ``وبحسب``): what it is (a correspondent, a network, a site, a channel) or an attribution.
# After one of these, an outlet name that is also ordinary prose (``حلب اليوم``, ``درعا 24``;
# see data/outlets.tsv) names the outlet, not the place. Written by the kashf developers.
OUTLET_CUES: frozenset[str] = frozenset(
    {
        "مراسل", "مراسله", "مراسلو", "مراسلي", "مراسلا",
        "شبكه", "موقع", "وكاله", "قناه", "تلفزيون", "تلفزيونا", "اذاعه", "راديو",
        "صحيفه", "جريده", "مجله", "صفحه", "منصه",
        "بحسب", "حسب", "وفق", "وفقا",
    }
)


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
