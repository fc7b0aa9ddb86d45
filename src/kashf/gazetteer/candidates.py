"""Stage 1 of place spotting, *candidates*: every gazetteer name in the text, then the ones
that are places here.

One pass of the gazetteer's Aho–Corasick automaton over the folded view finds every name (and
every not-a-place phrase); word boundaries and proclitics (و ف ب ل ك ال) are checked on each
hit (:func:`hits`). :func:`select` keeps the longest non-overlapping hits that may be places:
not inside a not-a-place phrase or an outlet's name, and not a frequent Arabic word unless the
text says it is a place (:func:`stop_verdict`: a head noun such as ``قرية``, a preposition, a
qualifier such as ``بريف حلب``). The stoplist is a rule over wordfreq frequencies, not a list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from kashf.gazetteer.gazetteer import RANK_LANDMARK_CITY, RANK_TOWN
from kashf.gazetteer.model import ADMIN_KINDS, Place
from kashf.gazetteer.names import (
    DIRECTION_WORDS,
    DIRECTIONS,
    GENERIC_NOUNS,
    HEAD_NOUNS,
    KINSHIP_WORDS,
    LOCATIVE_WORDS,
    NEAR_WORDS,
    OUTLET_CUES,
    PREFIXES,
    PRONOUN_SUFFIXES,
    to_key,
)
from kashf.gazetteer.scan import CLITICS, QUOTES, Scan, in_vocab, zipf
from kashf.gazetteer.vocabulary import VOCABULARY
from kashf.rules import on, rule

# Frequency thresholds (wordfreq Zipf, Arabic) for names that are also ordinary words.
# Measured on the development passages (benchmarks/gazetteer_recall.py): below ZIPF_COMMON a
# name fires freely; up to ZIPF_VERY_COMMON a small place needs a place cue (preposition, head
# noun, qualifier); above it any place below a governorate capital needs a head noun or a
# qualifier (``الجيش``, ``السلام``, ``الثورة``, ``الباب``).
ZIPF_COMMON = 3.5
ZIPF_VERY_COMMON = 4.5
# A town this big (GeoNames population, or a district centre) fires on a fairly common word
# without a cue; sub-district centres named "الكرامة" or "الحمراء" need one.
RANK_COMMON_NAME_TOWN = 20_000

LINKERS: frozenset[str] = VOCABULARY.set("linker")
AREA_WORDS: frozenset[str] = VOCABULARY.set("area_word")
PERSON_TITLES: frozenset[str] = VOCABULARY.set("person_title")
QUALIFIER_OPENERS: frozenset[str] = VOCABULARY.set("qualifier_opener")
NEAR_WITH_MIN: frozenset[str] = VOCABULARY.set("near_with_min")

INSIDE_A_NAME = rule(
    "places.inside_a_name_is_no_place",
    "places",
    "A place name inside a not-a-place phrase or a news outlet's name (after a cue such as "
    "مراسل) is no place.",
    "قال مراسل حلب اليوم إن الطيران قصف بلدة كفرنبل -> Kafr Nobol only, no Aleppo",
)
COMMON_WORD = rule(
    "places.common_word_needs_a_cue",
    "places",
    "A name that is also a frequent Arabic word is a place only when the text says so (a head "
    "noun, a preposition, a qualifier after it).",
    "رفع المتظاهرون الراية الحمراء في مدينة درعا -> Dar'a only, not the village al-Hamra",
)
COMPASS_WORD = rule(
    "places.compass_word_needs_a_head_noun",
    "places",
    "A compass word that is also some village's name (شمال, الغربية) is a place only after a "
    "head noun.",
    "تقدمت القوات من جهة قبلية نحو مدينة الحسكة -> Al-Hasakeh only, قبلية is southern",
)
GENERIC_NOUN = rule(
    "places.generic_noun_needs_a_cue",
    "places",
    "A common noun that is also a village (مزرعة, المدرسة) is no place without the article, "
    "and a small one needs a head noun or a qualifier.",
    "دفن الأهالي الضحايا في المقبرة -> no place: the cemetery, not the village al-Maqbara",
)
PERSON_TITLE = rule(
    "places.title_opens_a_persons_name",
    "places",
    "A small place right after a person's title (الناشط, العميد), or after a title and a first "
    "name, is part of the person's name.",
    "قال الناشط سامر طيارة إن القصف طال مدينة حلب -> Aleppo only, طيارة is a surname",
)
KINSHIP = rule(
    "places.kunya_opens_a_persons_name",
    "places",
    "A small place right after أبو/أم/ابن/بن, or after one and a first name, is part of a "
    "person's name.",
    "قتل أبو سامر طيارة في مدينة حلب -> Aleppo only, طيارة is part of the name",
)
CLITIC_READING = rule(
    "places.clitic_reading_needs_a_rare_word",
    "places",
    "A name read with a proclitic peeled off or its article dropped (بجروح as ب + جروح) is a "
    "place only when the whole word is rare.",
    "أصيب شاب بجروح في مدينة حماة -> Hama only, بجروح is no village Jruh",
)
ARTICLE_DROPPED = rule(
    "places.name_written_without_its_article",
    "places",
    "A name the table has only with the article (المنصورة) is found written without it "
    "(منصورة), as long as the bare word is no head noun.",
    "قصفت الطائرات بلدة منصورة بريف الرقة -> al-Mansura of Ar-Raqqa",
)
LISTED = rule(
    "places.listed_with_a_place",
    "places",
    "A common-word name joined by و to a place just accepted is a place too: a list holds one "
    "kind of thing.",
    "قصفت المدفعية جنديرس وخضر -> Jandairis and Khader, both places",
)


@dataclass(frozen=True, slots=True)
class NameHit:
    """A gazetteer name found in the view, with the places it may be."""

    ti: int  # first token
    tj: int  # last token
    s: int  # view span, including proclitics
    e: int
    key: str
    prefix: str
    cands: tuple[Place, ...]
    art_dropped: bool


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A phrase that may name a place, and (after resolution) what it resolved to. Each stage
    returns new candidates (``dataclasses.replace``); none is changed in place."""

    kind: str  # "place" | "countryside" | "unknown" | "road"
    s: int  # view span of the whole phrase
    e: int
    ti: int  # its tokens
    tj: int
    hit: NameHit | None = None
    head: str | None = None
    near: bool = False
    locative: bool = False
    bearing: float | None = None  # countryside: the direction after it (ريف حلب الشمالي)
    qualifier: PlaceCandidate | None = None  # the phrase locating it (بريف الرقة)
    name_text: str = ""
    anchor: Place | None = None  # countryside / road: the town the phrase is built on
    name_ti: int = -1  # tokens of the name itself (the span may grow over a qualifier)
    name_tj: int = -1
    governorate: bool = False  # countryside of a governorate (ريف محافظة حلب)
    # resolution
    place: Place | None = None
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    precision: int = 3
    confidence: float = 0.0
    reason: str = ""
    district_implied: bool = False
    common_word: bool = False
    near_point: bool = False  # "قرب بلدة ...": somewhere around one town


class Cues(NamedTuple):
    head: str | None  # kind of the head noun before the name (see HEAD_NOUNS), if any
    locative: bool  # a preposition or head noun makes it likely a place
    near: bool  # near, not in, the place (قرب, أطراف, غربي مدينة ...)
    follows: bool  # a qualifier follows (بريف, في محافظة, التابعة ...)


def hits(sc: Scan) -> tuple[list[NameHit], list[tuple[int, int]]]:
    """Every gazetteer name on word boundaries, and the view spans of not-a-place phrases and
    outlet names (a name inside one is no place)."""
    out: list[NameHit] = []
    blocks: list[tuple[int, int]] = []
    for end, key in sc.gaz.automaton.iter(sc.view):
        e = end + 1
        s = e - len(key)
        outlet = sc.gaz.outlets.get(key)
        if key in sc.gaz.not_places or (outlet is not None and outlet_at(sc, s, e, outlet)):
            blocks.append((s, e))
        entries = sc.gaz.entries(key)
        if not entries or e not in sc.end_index:
            continue
        ti = sc.token_at(s)
        if ti < 0 or sc.tokens[ti].end < s:
            continue
        prefix = sc.view[sc.tokens[ti].start : s]
        if prefix not in PREFIXES or (prefix and key[0] < "\u0600"):
            continue  # Latin names (M4) take no Arabic proclitic
        pa = PREFIXES[prefix]
        exact = [p for p, art in entries if pa is None or art == pa]
        dropped: list[Place] = []
        if not exact and pa is False and len(key) >= 4 and " " not in key and on(ARTICLE_DROPPED):
            bare = sc.tokens[ti].text[len(prefix) :]
            if in_vocab(bare, HEAD_NOUNS) is None:
                dropped = [p for p, art in entries if art]
        cands = exact or dropped
        if cands:
            out.append(
                NameHit(
                    ti,
                    sc.end_index[e],
                    sc.tokens[ti].start,
                    e,
                    key,
                    prefix,
                    tuple(dict.fromkeys(cands)),
                    not exact,
                )
            )
    return out, blocks


def outlet_at(sc: Scan, s: int, e: int, needs_cue: bool) -> bool:
    """View span s..e (an outlet name, see outlets.tsv) names the outlet: it is whole words
    (a proclitic allowed: ``لحلب اليوم``) and, where ``needs_cue``, follows an outlet word or
    an attribution (OUTLET_CUES: ``مراسل``, ``شبكة``, ``بحسب``) or stands in quotes."""
    ti = sc.token_at(s)
    if ti < 0 or sc.tokens[ti].end <= s:
        return False
    start = sc.tokens[ti].start
    if sc.view[start:s] not in CLITICS:
        return False
    view = sc.view
    if e < len(view) and view[e].isalnum():
        return False  # "درعا 245" is not "درعا 24"
    if not needs_cue:
        return True
    if start == s > 0 and e < len(view) and view[s - 1] in QUOTES and view[e] in QUOTES:
        return True
    if ti == 0 or view[sc.tokens[ti - 1].end : start].strip(" " + QUOTES):
        return False  # nothing before it, or punctuation between
    return in_vocab(sc.tok(ti - 1), OUTLET_CUES) is not None


def cue_before(sc: Scan, ti: int) -> bool:
    """Could :func:`cues` find a locative cue before token ``ti``? (A head noun, a locative
    word, or the "بالقرب من" pair; the same tests, without the rest.)"""
    if not sc.adjacent(ti - 1, ti):
        return False
    prev = sc.tok(ti - 1)
    return (
        prev in LOCATIVE_WORDS
        or prev == "من"
        or in_vocab(prev, HEAD_NOUNS) is not None
        or in_vocab(prev, LOCATIVE_WORDS) is not None
    )


def cues(sc: Scan, ti: int, tj: int, prefix: str) -> Cues:
    """What the words around tokens ti..tj (a name with proclitic ``prefix``) say of it."""
    head = None
    locative = near = False
    if sc.adjacent(ti - 1, ti):
        prev = sc.tok(ti - 1)
        h = in_vocab(prev, HEAD_NOUNS)
        if h:
            head = HEAD_NOUNS[h]
            locative = True
            # "غربي مدينة جسر الشغور": near the town, not in it
            before = sc.tok(ti - 2)
            if sc.adjacent(ti - 2, ti - 1) and (
                before in NEAR_WORDS or in_vocab(before, NEAR_WORDS)
            ):
                near = True
        if prev in LOCATIVE_WORDS or in_vocab(prev, LOCATIVE_WORDS):
            locative = True
        if prev in NEAR_WORDS or in_vocab(prev, NEAR_WORDS):
            near = True
        if prev == "من" and sc.tok(ti - 2) in NEAR_WITH_MIN:
            near = locative = True
    if prefix.lstrip("وف")[:1] in ("ب", "ل"):
        locative = True
    follows = False
    if sc.adjacent(tj, tj + 1):
        nxt = sc.tok(tj + 1)
        follows = in_vocab(nxt, AREA_WORDS) is not None or nxt in QUALIFIER_OPENERS
        if nxt == "في" and sc.adjacent(tj + 1, tj + 2):
            follows = in_vocab(sc.tok(tj + 2), AREA_WORDS) is not None
    return Cues(head, locative, near, follows)


def stop_verdict(sc: Scan, h: NameHit, p: Place) -> str:
    """May place ``p`` fire on hit ``h``? Names that are also frequent Arabic words need the
    text to say they are places. Returns "ok", "cue" (fires thanks to a place cue),
    "needs-cue" (frequent word, no cue) or "no" (not a place reading at all)."""
    if " " in h.key or p.source == "kashf":
        return "ok"
    tok = sc.tokens[h.ti]
    # A sub-district is as big as its centre (it is named after it), whatever its rank.
    town = p.kind not in ADMIN_KINDS
    word_start = tok.start + len(h.prefix) - (2 if h.prefix.endswith("ال") else 0)
    z = zipf(sc.surface(word_start, h.e))
    large = p.kind in ("governorate", "district") or (town and p.rank >= RANK_COMMON_NAME_TOWN)
    article = PREFIXES[h.prefix] is True
    if h.key in DIRECTION_WORDS and on(COMPASS_WORD):
        # "شمال", "الغربية", "قبلية": a compass word names a place only after a head noun.
        return "cue" if cues(sc, h.ti, h.tj, h.prefix).head is not None else "no"
    if h.key in GENERIC_NOUNS and on(GENERIC_NOUN):
        if not article:
            return "no"  # "مزرعة", "قريتين": a farm, two villages (see GENERIC_NOUNS)
        if not large:
            c = cues(sc, h.ti, h.tj, h.prefix)
            return "cue" if c.head is not None or c.follows else "needs-cue"
    if not large and p.rank < RANK_TOWN and on(PERSON_TITLE) and after_person_title(sc, h):
        return "no"
    if not large and on(KINSHIP) and after_kinship(sc, h):
        return "no"
    if not large and (h.art_dropped or clitics_only(h.prefix)) and on(CLITIC_READING):
        # "منزله" is not "المنزلة", "بجروح" is not ب + "جروح", "وزارة" is not و + "زارة":
        # a clitic reading of a whole common word, or a dropped article, needs a rare word.
        # every shorter reading too: "ولبنان" is و + "لبنان", not و + ل + "بنان"
        clitics = clitics_only(h.prefix)
        whole = max(
            (zipf(sc.surface(tok.start + k, h.e)) for k in range(len(clitics))), default=0.0
        )
        whole = max(whole, z) if h.art_dropped else whole
        if whole >= ZIPF_COMMON:
            return "no"
    if z < ZIPF_COMMON or not on(COMMON_WORD):
        return "ok"
    head, locative, _near, follows = cues(sc, h.ti, h.tj, h.prefix)
    if z < ZIPF_VERY_COMMON:
        if large:
            return "ok"
        if not article and pronoun_form(sc.surface(tok.start + len(h.prefix), h.e)):
            # "إلى مقتله", "لحله": a noun with a pronoun follows a preposition as readily
            # as a place does, so only a head noun or a qualifier makes it the village.
            return "cue" if (follows or head is not None) else "no"
        return "cue" if (locative or follows or head is not None) else "needs-cue"
    if p.rank >= RANK_LANDMARK_CITY:
        return "ok"
    # A very common word ("عليه", "جديدة") is a place only when a head noun says so: a
    # qualifier after it ("النار عليه في منطقة درعا") locates the verb, not the word.
    return "cue" if head is not None else "no"


def after_person_title(sc: Scan, h: NameHit) -> bool:
    """The hit (bare, no proclitic) follows a person title, directly or after one name."""
    if h.prefix:
        return False
    for k in (h.ti - 1, h.ti - 2):
        if k < 0:
            return False
        if sc.tok(k) in PERSON_TITLES:
            return True
        w = sc.tok(k)
        if k == h.ti - 1 and (
            w in LOCATIVE_WORDS
            or w in LINKERS
            or in_vocab(w, HEAD_NOUNS)
            or w in DIRECTIONS
            or in_vocab(w, LOCATIVE_WORDS)
        ):
            return False
    return False


def after_kinship(sc: Scan, h: NameHit) -> bool:
    """The hit (bare or with the article only) is part of a person's name: it follows
    أبو/أم/ابن/بن directly ("أبو الفضل") or after one name ("لأبو علي خضر")."""
    if clitics_only(h.prefix):
        return False
    k = h.ti - 1
    if not sc.adjacent(k, h.ti):
        return False
    if in_vocab(sc.tok(k), KINSHIP_WORDS):
        return True
    if not sc.adjacent(k - 1, k) or not in_vocab(sc.tok(k - 1), KINSHIP_WORDS):
        return False
    w = sc.tok(k)
    if w == "علي":  # after a kunya this is the name Ali, not the preposition على
        return True
    return not (
        w in LOCATIVE_WORDS
        or w in LINKERS
        or w in DIRECTION_WORDS
        or in_vocab(w, HEAD_NOUNS)
        or in_vocab(w, LOCATIVE_WORDS)
    )


def select(sc: Scan, found: list[NameHit], blocks: list[tuple[int, int]]) -> list[NameHit]:
    """The longest non-overlapping hits that may be places here, in text order."""
    kept: list[NameHit] = []
    rejected: list[NameHit] = []
    for h in found:
        if on(INSIDE_A_NAME) and any(bs <= h.s + len(h.prefix) and h.e <= be for bs, be in blocks):
            continue
        ok = tuple(p for p in h.cands if stop_verdict(sc, h, p) in ("ok", "cue"))
        if ok:
            kept.append(replace(h, cands=ok))
        else:
            rejected.append(h)
    kept.sort(key=lambda h: (-len(h.key), h.art_dropped, h.s))
    used: set[int] = set()
    chosen: list[NameHit] = []
    for h in kept:
        span = set(range(h.ti, h.tj + 1))
        if span & used:
            continue
        used |= span
        chosen.append(h)
    # A list of places ("النقير وعابدين"): a name joined by و to a place just accepted is a
    # place too, unless it is a very common word.
    ends = {h.tj: h for h in chosen}
    for h in sorted(rejected, key=lambda h: h.s) if on(LISTED) else ():
        if not h.prefix.startswith("و") or h.art_dropped or h.ti - 1 not in ends:
            continue
        if set(range(h.ti, h.tj + 1)) & used or not sc.joined(h.ti - 1, h.ti):
            continue
        ok = tuple(p for p in h.cands if stop_verdict(sc, h, p) == "needs-cue")
        if ok:
            listed = replace(h, cands=ok)
            used |= set(range(h.ti, h.tj + 1))
            chosen.append(listed)
            ends[h.tj] = listed
    return sorted(chosen, key=lambda h: h.s)


def clitics_only(prefix: str) -> str:
    """The conjunction/preposition part of a proclitic string (without the article)."""
    if prefix.endswith("ال"):
        return prefix[:-2]
    return prefix[:-1] if prefix.endswith("لل") else prefix


def pronoun_form(word: str) -> bool:
    """``word`` (as written: no clitic, no article) reads as a common noun with a pronoun
    suffix: ``مقتله`` (مقتل + ه), ``سكانها``. The letter ه counts as a suffix only where the
    writer wrote ه, not ة (``مقتلة`` is the village)."""
    for suffix in (*PRONOUN_SUFFIXES, "ه"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            stems = [stem, stem[:-1] + "ة"] if stem.endswith("ت") else [stem]
            return any(zipf(s) >= ZIPF_COMMON or to_key(s) in HEAD_NOUNS for s in stems)
    return False
