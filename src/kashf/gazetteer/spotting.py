"""Find and resolve place mentions in Arabic text: :func:`find_places`.

One pass of an Aho–Corasick automaton over a folded view of the text finds every gazetteer name
(and every not-a-place phrase); word boundaries and proclitics (و ف ب ل ك ال) are checked on
each hit. Then, in order:

1. **Select** the longest non-overlapping hits; drop hits inside a not-a-place phrase or a news
   outlet's name (``مراسل حلب اليوم``; see data/outlets.tsv) and hits
   whose name is a frequent Arabic word unless the text says it is a place (head noun such as
   ``قرية``, a preposition, a qualifier such as ``بريف حلب``) — the stoplist is a rule over
   wordfreq frequencies, not a list.
2. **Phrase**: ``ريف X [direction]`` becomes a countryside mention; ``قرية X`` with X unknown
   becomes an unknown-village draft; a place followed by a qualifier (``بريف الرقة الشرقي``,
   ``في محافظة حمص``) is merged with it and the qualifier locates it; ``طريق X - Y`` resolves to X.
3. **Resolve** homonyms by the qualifier, then by the governorate/district the text names for
   sure (unambiguous places and qualifiers, not other homonyms' guesses nor a highway): the one
   named in the same clause, then sentence, then the one the whole text names most, then the
   caller's ``admin1_hint``, then by size. The mention's reason says which step decided.
4. **Typos** (one edit, names of 6+ letters or several words) are accepted only where a
   governorate or district named nearby agrees.

Choices a coder should know (ACLED conventions as read here):
- ``ريف X``: location = X's English name with X's coordinates. geo_precision 2 when the district
  is known (X is a town: its district; X is a governorate capital and the direction points to
  exactly one district), else 3 (only the governorate is known).
- a place after ``قرب/شرق/محيط/أطراف...``: the place's location, geo_precision 2.
- a road ``طريق X - Y``: X with geo_precision 2; a named highway alone (``M4``) keeps the
  precision of its table entry (3).
- an unknown village in a known countryside: location = the name as written, admin1/admin2 and
  coordinates from the countryside anchor, geo_precision 2 (3 when only the governorate is known).
- a governorate (``محافظة إدلب``): location = the governorate's ACLED name, geo_precision 3.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from kashf.gazetteer.gazetteer import (
    RANK_LANDMARK_CITY,
    RANK_TOWN,
    Gazetteer,
    bearing,
    km,
)
from kashf.gazetteer.model import ACLED_ADMIN1, ADMIN_KINDS, Place, PlaceMention
from kashf.gazetteer.names import (
    DIRECTION_EN,
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
    ROAD_FILLERS,
    ROAD_WORDS,
    key_view,
    to_key,
)
from kashf.gazetteer.vocabulary import VOCABULARY
from kashf.rules import on, rule

LIST_QUALIFIER = rule(
    "places.list_shares_its_qualifier",
    "places",
    "A qualifier that closes a list of places (… وY بريف الرقة الشرقي) locates every member of "
    "the list: a namesake in another governorate never beats it.",
    "قصفت الطائرات بلدتي الحمدانية ومعدان بريف الرقة الشرقي -> al-Hamdaniya in the eastern "
    "Raqqa countryside (precision 2), not a namesake elsewhere",
)
TOKEN_RE = re.compile(r"[\u0621-\u064a\u0671]+|[A-Za-z0-9]+")
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")

# Frequency thresholds (wordfreq Zipf, Arabic) for names that are also ordinary words.
# Measured on the development passages (benchmarks/gazetteer_recall.py): below ZIPF_COMMON a
# name fires freely; up to ZIPF_VERY_COMMON a small place needs a place cue (preposition, head
# noun, qualifier); above it any place below a governorate capital needs a head noun or a
# qualifier (``الجيش``, ``السلام``, ``الثورة``, ``الباب``).
ZIPF_COMMON = 3.5
# A town this big (GeoNames population, or a district centre) fires on a fairly common word
# without a cue; sub-district centres named "الكرامة" or "الحمراء" need one.
RANK_COMMON_NAME_TOWN = 20_000
ZIPF_VERY_COMMON = 4.5
# Typo candidates must be rare strings (a real word is not a misspelt village).
ZIPF_TYPO_MAX = 3.0
TYPO_MIN_LETTERS = 6
# Ring around a town that its "countryside" covers, for telling which district a direction
# points to.
COUNTRYSIDE_KM = (5.0, 60.0)
NEARBY_CHARS = 300  # how far a governorate/district named in the text counts as "nearby"

# Closed vocabularies (folded; data/vocabulary.tsv says what each is for).
LINKERS: frozenset[str] = VOCABULARY.set("linker")
AREA_WORDS: frozenset[str] = VOCABULARY.set("area_word")
NAME_FIRST_WORDS: frozenset[str] = VOCABULARY.set("name_first")
NAME_LAST_WORDS: frozenset[str] = VOCABULARY.set("name_last")
PERSON_TITLES: frozenset[str] = VOCABULARY.set("person_title")
LIST_HEADS: frozenset[str] = VOCABULARY.set("list_head")
QUALIFIER_OPENERS: frozenset[str] = VOCABULARY.set("qualifier_opener")
NEAR_WITH_MIN: frozenset[str] = VOCABULARY.set("near_with_min")
# A sentence ends at . ! ? ؟ ؛ or a line break (not at a decimal point: "1.5").
SENTENCE_END_RE = re.compile(r"[!?\u061f\u061b\n]|\.(?![0-9])")
CLAUSE_END_RE = re.compile(r"[!?\u061f\u061b\n:\u060c]|\.(?![0-9])|,(?![0-9])")
QUOTES = "\"'“”«»‘’„"
ROAD_JOINERS = frozenset({"-", "–", "—", "/"}) | VOCABULARY.set("road_joiner")


# --- tokens ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def _vocab(tok: str, vocab: Mapping[str, object] | frozenset[str]) -> str | None:
    """``tok`` or ``tok`` minus a proclitic if that is in ``vocab`` (``بريف`` -> ``ريف``)."""
    key = (tok, id(vocab))
    if key in _VOCAB_SEEN:
        return _VOCAB_SEEN[key]
    found = None
    for c in _CLITICS:
        if tok.startswith(c) and tok[len(c) :] in vocab:
            found = tok[len(c) :]
            break
    if len(_VOCAB_SEEN) > 100_000:
        _VOCAB_SEEN.clear()  # bounded: a long text must not grow it without end
    _VOCAB_SEEN[key] = found
    return found


# (token, id of a module-level vocabulary) -> what _vocab found: words repeat across a text.
_VOCAB_SEEN: dict[tuple[str, int], str | None] = {}


_zipf_cache: dict[str, float] = {}


def zipf(word: str) -> float:
    """wordfreq Zipf frequency of one Arabic word (small list: loads in ~20 ms)."""
    z = _zipf_cache.get(word)
    if z is None:
        from wordfreq import zipf_frequency

        z = zipf_frequency(word, "ar", wordlist="small") if word else 0.0
        if len(_zipf_cache) > 50_000:
            _zipf_cache.clear()
        _zipf_cache[word] = z
    return z


_SILENT_RE = re.compile("[\u064b-\u0652\u0640\u0670]")


# --- hits and drafts -------------------------------------------------------------------------
@dataclass
class NameHit:
    ti: int  # first token
    tj: int  # last token
    s: int  # view span, including proclitics
    e: int
    key: str
    prefix: str
    cands: list[Place]
    art_dropped: bool


@dataclass
class PlaceCandidate:
    kind: str  # "place" | "countryside" | "unknown" | "road"
    s: int
    e: int
    ti: int
    tj: int
    hit: NameHit | None = None
    head: str | None = None
    near: bool = False
    locative: bool = False
    bearing: float | None = None
    qualifier: PlaceCandidate | None = None
    name_text: str = ""
    anchor: Place | None = None  # countryside / road: the town the phrase is built on
    name_ti: int = -1  # tokens of the name itself (the span may grow over a qualifier)
    name_tj: int = -1
    notes: list[str] = field(default_factory=list)
    # resolution
    place: Place | None = None
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    precision: int = 3
    confidence: float = 0.0
    reason: str = ""
    consumed: bool = False
    district_implied: bool = False
    common_word: bool = False
    near_point: bool = False  # "قرب بلدة ...": somewhere around one town


class _Spotter:
    def __init__(self, text: str, gaz: Gazetteer, hints: list[str]) -> None:
        self.text = text
        self.gaz = gaz
        self.hints = hints
        self.view, self.offs = key_view(text)
        self.tokens = [Token(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(self.view)]
        self.starts = [t.start for t in self.tokens]
        self.end_index = {t.end: i for i, t in enumerate(self.tokens)}
        self.sentence_ends = [m.end() for m in SENTENCE_END_RE.finditer(self.view)]
        self.clause_ends = [m.end() for m in CLAUSE_END_RE.finditer(self.view)]
        self._evidence: tuple[list[PlaceCandidate], _Evidence] | None = None

    # -- helpers ---------------------------------------------------------------------------
    def raw_span(self, s: int, e: int) -> tuple[int, int]:
        return self.offs[s], self.offs[e - 1] + 1

    def token_at(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def adjacent(self, i: int, j: int) -> bool:
        """Tokens i < j separated by spaces only (no punctuation but quotation marks, which
        writers put around names: ريف "دير الزور")."""
        return 0 <= i < j < len(self.tokens) and not self.view[
            self.tokens[i].end : self.tokens[j].start
        ].strip(" " + QUOTES)

    def tok(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def name_surface(self, h: NameHit) -> str:
        """The name as written, without و/ف/ب/ل/ك but with its article."""
        core = self.surface(h.s + len(h.prefix), h.e)
        if h.prefix.endswith("ال"):
            return self.surface(h.s + len(h.prefix) - 2, h.e)
        return "ال" + core if h.prefix.endswith("لل") else core

    def surface(self, s: int, e: int) -> str:
        a, b = self.raw_span(s, e)
        return _SILENT_RE.sub("", self.text[a:b])

    # -- 1. hits ---------------------------------------------------------------------------
    def hits(self) -> tuple[list[NameHit], list[tuple[int, int]]]:
        out: list[NameHit] = []
        blocks: list[tuple[int, int]] = []
        for end, key in self.gaz.automaton.iter(self.view):
            e = end + 1
            s = e - len(key)
            outlet = self.gaz.outlets.get(key)
            if key in self.gaz.not_places or (outlet is not None and self.outlet_at(s, e, outlet)):
                blocks.append((s, e))
            entries = self.gaz.entries(key)
            if not entries or e not in self.end_index:
                continue
            ti = self.token_at(s)
            if ti < 0 or self.tokens[ti].end < s:
                continue
            prefix = self.view[self.tokens[ti].start : s]
            if prefix not in PREFIXES or (prefix and key[0] < "\u0600"):
                continue  # Latin names (M4) take no Arabic proclitic
            pa = PREFIXES[prefix]
            exact = [p for p, art in entries if pa is None or art == pa]
            dropped: list[Place] = []
            if not exact and pa is False and len(key) >= 4 and " " not in key:
                bare = self.tokens[ti].text[len(prefix) :]
                if _vocab(bare, HEAD_NOUNS) is None:
                    dropped = [p for p, art in entries if art]
            cands = exact or dropped
            if cands:
                out.append(
                    NameHit(
                        ti,
                        self.end_index[e],
                        self.tokens[ti].start,
                        e,
                        key,
                        prefix,
                        list(dict.fromkeys(cands)),
                        not exact,
                    )
                )
        return out, blocks

    def outlet_at(self, s: int, e: int, needs_cue: bool) -> bool:
        """View span s..e (an outlet name, see outlets.tsv) names the outlet: it is whole words
        (a proclitic allowed: ``لحلب اليوم``) and, where ``needs_cue``, follows an outlet word or
        an attribution (OUTLET_CUES: ``مراسل``, ``شبكة``, ``بحسب``) or stands in quotes."""
        ti = self.token_at(s)
        if ti < 0 or self.tokens[ti].end <= s:
            return False
        start = self.tokens[ti].start
        if self.view[start:s] not in _CLITICS:
            return False
        if e < len(self.view) and self.view[e].isalnum():
            return False  # "درعا 245" is not "درعا 24"
        if not needs_cue:
            return True
        view = self.view
        if start == s > 0 and e < len(view) and view[s - 1] in QUOTES and view[e] in QUOTES:
            return True
        if ti == 0 or self.view[self.tokens[ti - 1].end : start].strip(" " + QUOTES):
            return False  # nothing before it, or punctuation between
        return _vocab(self.tok(ti - 1), OUTLET_CUES) is not None

    def _cue_before(self, ti: int) -> bool:
        """Could :meth:`cues` find a locative cue before token ``ti``? (A head noun, a
        locative word, or the "بالقرب من" pair; the same tests, without the rest.)"""
        if not self.adjacent(ti - 1, ti):
            return False
        prev = self.tok(ti - 1)
        return (
            prev in LOCATIVE_WORDS
            or prev == "من"
            or _vocab(prev, HEAD_NOUNS) is not None
            or _vocab(prev, LOCATIVE_WORDS) is not None
        )

    def cues(self, ti: int, tj: int, prefix: str) -> tuple[str | None, bool, bool, bool]:
        """(head noun kind, locative cue, near cue, qualifier follows) around tokens ti..tj."""
        head = None
        locative = near = False
        if self.adjacent(ti - 1, ti):
            prev = self.tok(ti - 1)
            h = _vocab(prev, HEAD_NOUNS)
            if h:
                head = HEAD_NOUNS[h]
                locative = True
                # "غربي مدينة جسر الشغور": near the town, not in it
                before = self.tok(ti - 2)
                if self.adjacent(ti - 2, ti - 1) and (
                    before in NEAR_WORDS or _vocab(before, NEAR_WORDS)
                ):
                    near = True
            if prev in LOCATIVE_WORDS or _vocab(prev, LOCATIVE_WORDS):
                locative = True
            if prev in NEAR_WORDS or _vocab(prev, NEAR_WORDS):
                near = True
            if prev == "من" and self.tok(ti - 2) in NEAR_WITH_MIN:
                near = locative = True
        if prefix.lstrip("وف")[:1] in ("ب", "ل"):
            locative = True
        follows = False
        if self.adjacent(tj, tj + 1):
            nxt = self.tok(tj + 1)
            follows = _vocab(nxt, AREA_WORDS) is not None or nxt in QUALIFIER_OPENERS
            if nxt == "في" and self.adjacent(tj + 1, tj + 2):
                follows = _vocab(self.tok(tj + 2), AREA_WORDS) is not None
        return head, locative, near, follows

    def stop_verdict(self, h: NameHit, p: Place) -> str:
        """May place ``p`` fire on hit ``h``? Names that are also frequent Arabic words need the
        text to say they are places. Returns "ok", "cue" (fires thanks to a place cue),
        "needs-cue" (frequent word, no cue) or "no" (not a place reading at all)."""
        if " " in h.key or p.source == "kashf":
            return "ok"
        tok = self.tokens[h.ti]
        # A sub-district is as big as its centre (it is named after it), whatever its rank.
        town = p.kind not in ADMIN_KINDS
        word_start = tok.start + len(h.prefix) - (2 if h.prefix.endswith("ال") else 0)
        z = zipf(self.surface(word_start, h.e))
        large = p.kind in ("governorate", "district") or (town and p.rank >= RANK_COMMON_NAME_TOWN)
        article = PREFIXES[h.prefix] is True
        if h.key in DIRECTION_WORDS:
            # "شمال", "الغربية", "قبلية": a compass word names a place only after a head noun.
            return "cue" if self.cues(h.ti, h.tj, h.prefix)[0] is not None else "no"
        if h.key in GENERIC_NOUNS:
            if not article:
                return "no"  # "مزرعة", "قريتين": a farm, two villages (see GENERIC_NOUNS)
            if not large:
                head, _loc, _near, follows = self.cues(h.ti, h.tj, h.prefix)
                return "cue" if head is not None or follows else "needs-cue"
        if not large and p.rank < RANK_TOWN and self.after_person_title(h):
            return "no"
        if not large and self.after_kinship(h):
            return "no"
        if not large and (h.art_dropped or _clitics_only(h.prefix)):
            # "منزله" is not "المنزلة", "بجروح" is not ب + "جروح", "وزارة" is not و + "زارة":
            # a clitic reading of a whole common word, or a dropped article, needs a rare word.
            # every shorter reading too: "ولبنان" is و + "لبنان", not و + ل + "بنان"
            clitics = _clitics_only(h.prefix)
            whole = max(
                (zipf(self.surface(tok.start + k, h.e)) for k in range(len(clitics))), default=0.0
            )
            whole = max(whole, z) if h.art_dropped else whole
            if whole >= ZIPF_COMMON:
                return "no"
        if z < ZIPF_COMMON:
            return "ok"
        head, locative, _near, follows = self.cues(h.ti, h.tj, h.prefix)
        if z < ZIPF_VERY_COMMON:
            if large:
                return "ok"
            if not article and _pronoun_form(self.surface(tok.start + len(h.prefix), h.e)):
                # "إلى مقتله", "لحله": a noun with a pronoun follows a preposition as readily
                # as a place does, so only a head noun or a qualifier makes it the village.
                return "cue" if (follows or head is not None) else "no"
            return "cue" if (locative or follows or head is not None) else "needs-cue"
        if p.rank >= RANK_LANDMARK_CITY:
            return "ok"
        # A very common word ("عليه", "جديدة") is a place only when a head noun says so: a
        # qualifier after it ("النار عليه في منطقة درعا") locates the verb, not the word.
        return "cue" if head is not None else "no"

    def after_person_title(self, h: NameHit) -> bool:
        """The hit (bare, no proclitic) follows a person title, directly or after one name."""
        if h.prefix:
            return False
        for k in (h.ti - 1, h.ti - 2):
            if k < 0:
                return False
            if self.tok(k) in PERSON_TITLES:
                return True
            w = self.tok(k)
            if k == h.ti - 1 and (
                w in LOCATIVE_WORDS
                or w in LINKERS
                or _vocab(w, HEAD_NOUNS)
                or w in DIRECTIONS
                or _vocab(w, LOCATIVE_WORDS)
            ):
                return False
        return False

    def after_kinship(self, h: NameHit) -> bool:
        """The hit (bare or with the article only) is part of a person's name: it follows
        أبو/أم/ابن/بن directly ("أبو الفضل") or after one name ("لأبو علي خضر")."""
        if _clitics_only(h.prefix):
            return False
        k = h.ti - 1
        if not self.adjacent(k, h.ti):
            return False
        if _vocab(self.tok(k), KINSHIP_WORDS):
            return True
        if not self.adjacent(k - 1, k) or not _vocab(self.tok(k - 1), KINSHIP_WORDS):
            return False
        w = self.tok(k)
        if w == "علي":  # after a kunya this is the name Ali, not the preposition على
            return True
        return not (
            w in LOCATIVE_WORDS
            or w in LINKERS
            or w in DIRECTION_WORDS
            or _vocab(w, HEAD_NOUNS)
            or _vocab(w, LOCATIVE_WORDS)
        )

    def select(self, hits: list[NameHit], blocks: list[tuple[int, int]]) -> list[NameHit]:
        kept: list[NameHit] = []
        rejected: list[NameHit] = []
        for h in hits:
            if any(bs <= h.s + len(h.prefix) and h.e <= be for bs, be in blocks):
                continue
            ok = [p for p in h.cands if self.stop_verdict(h, p) in ("ok", "cue")]
            if ok:
                kept.append(NameHit(h.ti, h.tj, h.s, h.e, h.key, h.prefix, ok, h.art_dropped))
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
        for h in sorted(rejected, key=lambda h: h.s):
            if not h.prefix.startswith("و") or h.art_dropped or h.ti - 1 not in ends:
                continue
            if set(range(h.ti, h.tj + 1)) & used or not self.joined(h.ti - 1, h.ti):
                continue
            ok = [p for p in h.cands if self.stop_verdict(h, p) == "needs-cue"]
            if ok:
                h.cands = ok
                used |= set(range(h.ti, h.tj + 1))
                chosen.append(h)
                ends[h.tj] = h
        return sorted(chosen, key=lambda h: h.s)

    def joined(self, i: int, j: int) -> bool:
        """Tokens i < j separated by spaces or one comma only."""
        if not 0 <= i < j < len(self.tokens):
            return False
        between = self.view[self.tokens[i].end : self.tokens[j].start].strip()
        return j == i + 1 and between in ("", "،", ",")

    # -- 2. phrases ------------------------------------------------------------------------
    def drafts(self, hits: list[NameHit]) -> list[PlaceCandidate]:
        drafts: list[PlaceCandidate] = []
        hit_starts = {h.ti for h in hits}
        for h in hits:
            head, locative, near, _ = self.cues(h.ti, h.tj, h.prefix)
            d = PlaceCandidate(
                "place",
                h.s,
                h.e,
                h.ti,
                h.tj,
                hit=h,
                head=head,
                near=near,
                locative=locative,
                name_ti=h.ti,
                name_tj=h.tj,
            )
            if head == "countryside":
                d.kind = "countryside"
                d.s, d.ti = self.tokens[h.ti - 1].start, h.ti - 1
                if (
                    self.adjacent(h.ti - 2, h.ti - 1)
                    and HEAD_NOUNS.get(_vocab(self.tok(h.ti - 2), HEAD_NOUNS) or "")
                    == "governorate"
                ):
                    d.notes.append("governorate")
                    d.s, d.ti = self.tokens[h.ti - 2].start, h.ti - 2
                angles: list[float] = []
                j = h.tj
                while len(angles) < 2 and self.adjacent(j, j + 1) and self.tok(j + 1) in DIRECTIONS:
                    angles.append(DIRECTIONS[self.tok(j + 1)])
                    j += 1
                if angles:
                    d.bearing = _mean_angle(angles)
                    d.e, d.tj = self.tokens[j].end, j
            drafts.append(d)
        # Unknown villages: "قرية X" where X is no gazetteer name.
        for i, t in enumerate(self.tokens):
            noun = _vocab(t.text, HEAD_NOUNS)
            if not noun or HEAD_NOUNS[noun] != "settlement" or i + 1 in hit_starts:
                continue
            if not self.adjacent(i, i + 1) or self.name_word(self.tok(i + 1)) is None:
                continue
            j = i + 1
            first = self.tok(j)
            if (
                self.adjacent(j, j + 1)
                and j + 1 not in hit_starts
                and (first in NAME_FIRST_WORDS or self.tok(j + 1) in NAME_LAST_WORDS)
                and self.name_word(self.tok(j + 1)) is not None
            ):
                j += 1
            s, e = self.tokens[i + 1].start, self.tokens[j].end
            d = PlaceCandidate(
                "unknown",
                s,
                e,
                i + 1,
                j,
                head="settlement",
                locative=True,
                name_ti=i + 1,
                name_tj=j,
            )
            d.name_text = self.surface(s, e)
            drafts.append(d)
        drafts.sort(key=lambda d: (d.s, -d.e))
        # drop unknown drafts overlapping a real one
        out: list[PlaceCandidate] = []
        for d in drafts:
            if out and d.ti <= out[-1].tj:
                if d.kind == "unknown":
                    continue
                if out[-1].kind == "unknown":
                    out.pop()
            out.append(d)
        return out

    def name_word(self, tok: str) -> str | None:
        """``tok`` if it can be (part of) an unknown place name: an Arabic word that is not a
        function word, a head noun, a direction or a common word."""
        if not tok or not ("\u0621" <= tok[0] <= "\u064a"):
            return None
        if len(tok) < 3 or tok in LINKERS or tok in DIRECTIONS or tok in LOCATIVE_WORDS:
            return None
        if _vocab(tok, HEAD_NOUNS) or _vocab(tok, LINKERS) or tok in ROAD_WORDS:
            return None
        if tok in DIRECTION_WORDS or _suffixed_noun(tok):
            return None
        if tok in NAME_FIRST_WORDS:
            return tok
        return tok if zipf(tok) < ZIPF_COMMON else None

    def link_qualifiers(self, drafts: list[PlaceCandidate]) -> list[PlaceCandidate]:
        """Merge ``X بريف Y`` / ``X في محافظة Y`` / ``X شرق Y``: Y locates X."""
        for a, b in itertools.pairwise(drafts):
            if a.consumed or a.kind not in ("place", "unknown") or b.kind == "unknown":
                continue
            gap = list(range(a.tj + 1, b.ti))
            if len(gap) > 3 or not all(self.adjacent(k - 1, k) for k in range(a.tj + 1, b.ti + 1)):
                continue
            words = [self.tok(k) for k in gap]
            if not all(w in LINKERS or _vocab(w, LINKERS) for w in words):
                continue
            if words and words[0] not in LINKERS and words[0].startswith(("و", "ف")):
                continue  # "X وفي محافظة Y": a second place, not where X is
            first_b = self.tok(b.ti)
            linked = bool(words) or first_b.lstrip("وف").startswith("ب")
            if not linked or (first_b.startswith(("و", "ف")) and not words):
                continue
            area = self.area(b)
            if not area[0]:
                continue
            if a.kind == "place" and a.hit:
                agree = [p for p in a.hit.cands if p.admin1 == area[0]]
                big = [p for p in a.hit.cands if p.rank >= RANK_TOWN or p.kind in ADMIN_KINDS]
                if not agree and big:
                    continue  # two towns side by side ("من الرقة إلى حماة"), not X-in-Y
                if a.hit.cands and all(p.kind == "governorate" for p in a.hit.cands):
                    continue
            a.qualifier = b
            a.e, a.tj = b.e, b.tj
            b.consumed = True
        return [
            d
            for d in drafts
            if not d.consumed and (d.kind != "unknown" or d.qualifier or self.hints)
        ]

    def share_list_qualifier(self, drafts: list[PlaceCandidate]) -> list[PlaceCandidate]:
        """``X وY بريف Z``: the qualifier that closes a list locates every member of it, so a
        namesake of X in another governorate never wins (see :data:`LIST_QUALIFIER`)."""
        if not on(LIST_QUALIFIER):
            return drafts
        live = [d for d in drafts if d.kind in ("place", "unknown")]
        for left, right in zip(reversed(live[:-1]), reversed(live[1:])):
            q = right.qualifier
            if q is None or left.qualifier is not None or left.consumed:
                continue
            first = right.name_ti if right.name_ti >= 0 else right.ti
            if self.tok(first).startswith("و") and self.joined(left.tj, first):
                left.qualifier = q
        return drafts

    def roads(self, drafts: list[PlaceCandidate]) -> list[PlaceCandidate]:
        for a, b in zip(drafts, [*drafts[1:], None]):
            if a.consumed or a.kind != "place" or a.hit is None:
                continue
            k = a.ti - 1
            while k >= 0 and self.tok(k) in ROAD_FILLERS and self.adjacent(k, k + 1):
                k -= 1
            if k < 0 or not self.adjacent(k, k + 1) or _vocab(self.tok(k), ROAD_WORDS) is None:
                continue
            a.kind = "road"
            a.s, a.ti = self.tokens[k].start, k
            if b is not None and b.kind == "place" and not b.consumed:
                between = self.view[a.e : b.s].strip()
                joined = between in ROAD_JOINERS or (not between and self.tok(b.ti).startswith("و"))
                if (
                    joined
                    or between in ("-", "–")
                    or (not between and b.ti == a.tj + 1 and (b.hit and b.hit.prefix == ""))
                ):
                    a.e, a.tj = b.e, b.tj
                    a.name_text = self.surface(b.hit.s + len(b.hit.prefix), b.e) if b.hit else ""
                    b.consumed = True
        return [d for d in drafts if not d.consumed]

    # -- 3. resolution ---------------------------------------------------------------------
    def area(self, d: PlaceCandidate) -> tuple[str, str]:
        """(admin1, admin2) a draft stands for, "" where it is not settled."""
        if d.kind == "countryside":
            self.resolve_countryside(d)
            return d.admin1, d.admin2
        if d.place is not None:
            return d.place.admin1, d.place.admin2
        if d.hit is None:
            return d.admin1, d.admin2
        cands = _collapse_family(self.prefer_kind(d.hit.cands, d.head))
        a1 = {p.admin1 for p in cands}
        a2 = {p.admin2 for p in cands}
        return (a1.pop() if len(a1) == 1 else "", a2.pop() if len(a1 | a2) and len(a2) == 1 else "")

    @staticmethod
    def prefer_kind(cands: list[Place], head: str | None) -> list[Place]:
        want = {
            "settlement": ("community", "landmark", "region"),
            "governorate": ("governorate",),
            "subdistrict": ("subdistrict",),
            "area": ("district", "region", "landmark", "subdistrict"),
        }.get(head or "")
        if not want:
            return cands
        pref = [p for p in cands if p.kind in want]
        return pref or cands

    def anchor_of(self, d: PlaceCandidate) -> Place | None:
        assert d.hit is not None
        cands = _collapse_family(d.hit.cands)
        towns = [p for p in cands if p.kind not in ("governorate",)]
        pool = towns or cands
        if d.qualifier is None and len(pool) > 1:
            pool = self.by_context(pool, d)[0]
        return max(pool, key=lambda p: p.rank) if pool else None

    def resolve_countryside(self, d: PlaceCandidate) -> None:
        if d.reason:
            return
        anchor = self.anchor_of(d)
        if anchor is None:
            return
        d.anchor = anchor
        admin1 = anchor.admin1
        capital_like = anchor.rank >= RANK_LANDMARK_CITY or anchor.kind == "governorate"
        if admin1 == "Damascus":
            admin1 = "Rural Damascus"  # the countryside of Damascus is its own governorate
        d.admin1 = admin1
        direction = DIRECTION_EN.get(d.bearing, "") if d.bearing is not None else ""
        words = f"{direction} " if direction else ""
        if "governorate" in d.notes:
            d.precision, d.confidence = 3, 0.9
            d.reason = f"governorate {admin1}"
            d.place = self.gaz.governorates.get(admin1)
            return
        if not capital_like:
            d.admin2 = anchor.admin2
            d.precision, d.confidence = 2, 0.85
            d.reason = f"{words}countryside of {anchor.name_en}; district {anchor.admin2}"
            return
        district = self.district_towards(anchor, admin1, d.bearing)
        if district:
            d.admin2 = district
            d.precision, d.confidence = 2, 0.8
            d.reason = f"{words}countryside of {anchor.name_en}; district {district} implied"
            d.district_implied = True
        else:
            d.precision, d.confidence = 3, 0.8
            d.reason = f"{words}countryside of {anchor.name_en}; district not implied"

    def district_towards(self, anchor: Place, admin1: str, b: float | None) -> str:
        """The district most of ``admin1``'s communities lying towards bearing ``b`` from
        ``anchor`` belong to (60 % or more of them), else "" (the direction spans districts)."""
        if b is None:
            return ""
        counts: dict[str, int] = {}
        for p in self.gaz.communities.get(admin1, []):
            dist_km = km(anchor.latitude, anchor.longitude, p.latitude, p.longitude)
            if not COUNTRYSIDE_KM[0] <= dist_km <= COUNTRYSIDE_KM[1]:
                continue
            diff = abs(
                (bearing(anchor.latitude, anchor.longitude, p.latitude, p.longitude) - b + 180)
                % 360
                - 180
            )
            if diff <= 45:
                counts[p.admin2] = counts.get(p.admin2, 0) + 1
        total = sum(counts.values())
        if not total:
            return ""
        top, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        return top if n >= 0.6 * total else ""

    def context(self, exclude: PlaceCandidate) -> list[tuple[int, str, str]]:
        """(position, admin1, admin2) of every settled area named in the text but ``exclude``."""
        out = []
        for d in self.all_drafts:
            if d is exclude or d.kind == "unknown":
                continue
            a1, a2 = self.area(d)
            if a1:
                out.append((d.s, a1, a2))
        return out

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence holding view position ``pos``."""
        return bisect.bisect_right(self.sentence_ends, pos)

    def clause_of(self, pos: int) -> int:
        """Index of the clause (a sentence cut at commas and colons) holding ``pos``."""
        return bisect.bisect_right(self.clause_ends, pos)

    def settled_area(self, d: PlaceCandidate) -> tuple[str, str]:
        """(admin1, admin2) ``d`` names for sure, from its own candidates and its qualifier only
        (never from a homonym already resolved by context or size: a guess is no evidence);
        ("", "") where it is not settled. A broad area (a highway, the desert) names none."""
        if d.kind == "unknown":
            return self.settled_area(d.qualifier) if d.qualifier is not None else ("", "")
        if d.hit is None:
            return "", ""
        if d.kind == "countryside":
            cands = _collapse_family(d.hit.cands)
            pool = [p for p in cands if p.kind != "governorate"] or cands
            if len(pool) == 1:
                self.resolve_countryside(d)
                return d.admin1, d.admin2
            a1s = {"Rural Damascus" if p.admin1 == "Damascus" else p.admin1 for p in pool}
            return (a1s.pop(), "") if len(a1s) == 1 else ("", "")
        cands = [
            p for p in _collapse_family(self.prefer_kind(d.hit.cands, d.head)) if not _broad(p)
        ]
        if d.qualifier is not None:
            qa1, qa2 = self.settled_area(d.qualifier)
            if qa1:
                agree = [p for p in cands if p.admin1 == qa1 and (not qa2 or p.admin2 == qa2)]
                agree = agree or [p for p in cands if p.admin1 == qa1]
                a2s = {p.admin2 for p in agree}
                return qa1, a2s.pop() if len(a2s) == 1 else qa2
        a1s = {p.admin1 for p in cands}
        a2s = {p.admin2 for p in cands}
        if len(a1s) != 1:
            return "", ""
        return a1s.pop(), a2s.pop() if len(a2s) == 1 else ""

    def evidence(self) -> _Evidence:
        """How often each governorate and district is named for sure, per sentence and in the
        whole text (see :meth:`settled_area`); built once per list of drafts (linear)."""
        if self._evidence is not None and self._evidence[0] is self.all_drafts:
            return self._evidence[1]
        ev = _Evidence()
        for d in self.all_drafts:
            a1, a2 = self.settled_area(d)
            if a1:
                ev.add(
                    d,
                    (("sentence", self.sentence_of(d.s)), ("clause", self.clause_of(d.s))),
                    a1,
                    a2,
                )
        self._evidence = (self.all_drafts, ev)
        return ev

    def by_context(self, cands: list[Place], d: PlaceCandidate) -> tuple[list[Place], str]:
        """Narrow the homonyms ``cands`` of ``d`` by what the text names for sure, in order:
        the governorate (better: the district) named in the same clause, then in the same
        sentence ("في ريف إدلب ... قرية السعدية، وفي القامشلي ...": the clause's, when the
        sentence names the homes of several); the governorate (then district) the whole text
        names most; the caller's ``admin1_hint``. Each step that narrows says so in the reason;
        the caller falls back to size. Linear: counts are built once per text."""
        ev = self.evidence()
        scopes = (("clause", self.clause_of(d.s)), ("sentence", self.sentence_of(d.s)))
        pool = list(cands)
        why: list[str] = []

        def narrow(score: Callable[[Place], int], reason: Callable[[int], str]) -> None:
            nonlocal pool
            scores = [score(p) for p in pool]
            top = max(scores, default=0)
            if top > 0 and min(scores) < top:
                pool = [p for p, sc in zip(pool, scores, strict=True) if sc == top]
                why.append(reason(top))

        for scope in scopes:

            def level(p: Place, scope: tuple[str, int] = scope) -> int:
                if p.admin2 and ev.within(d, scope, p.admin1, p.admin2):
                    return 2
                return 1 if ev.within(d, scope, p.admin1) else 0

            def said(top: int, name: str = scope[0]) -> str:
                return f"{_LEVEL[top]} named in the same {name}"

            narrow(level, said)
        narrow(
            lambda p: ev.report(d, p.admin1),
            lambda n: f"governorate the text names most ({n}x)",
        )
        narrow(
            lambda p: ev.report(d, p.admin1, p.admin2) if p.admin2 else 0,
            lambda n: f"district the text names most ({n}x)",
        )
        narrow(lambda p: int(p.admin1 in self.hints), lambda _n: "governorate hint")
        return pool, "; ".join(why)

    def resolve_place(self, d: PlaceCandidate) -> None:
        assert d.hit is not None
        h = d.hit
        cands = _collapse_family(self.prefer_kind(h.cands, d.head))
        reasons = ["exact"]
        conf = 0.95
        if h.art_dropped:
            reasons.append("article dropped")
            conf -= 0.1
        if any(self.stop_verdict(h, p) != "ok" for p in cands):
            reasons.append("common word, place cue")
            d.common_word = True
            conf -= 0.1
        if d.qualifier is not None:
            qa1, qa2 = self.area(d.qualifier)
            agree = [p for p in cands if p.admin1 == qa1 and (not qa2 or p.admin2 == qa2)]
            agree = agree or [p for p in cands if p.admin1 == qa1]
            if not agree:
                self.resolve_unknown(
                    d, name=self.name_surface(h), note=f"'{h.key}' known only elsewhere"
                )
                return
            what = "countryside" if d.qualifier.kind == "countryside" else "place"
            reasons.append(f"inside {what} named next to it")
            cands = agree
        elsewhere = self.only_elsewhere(d, cands)
        if elsewhere and not (d.locative or d.head or self.listed(d)):
            d.place = None  # no cue either: a word ("الإجرام الأسدية"), not a namesake village
            d.reason = "dropped: only a village elsewhere, no place cue"
            return
        if elsewhere:
            self.resolve_unknown(
                d,
                name=self.name_surface(h),
                admin1=elsewhere,
                note=f"'{h.key}' known only outside {elsewhere}",
            )
            d.reason += "; governorate the text is about"
            return
        distinct = _distinct(cands)
        if len(distinct) > 1:
            narrowed, why = self.by_context(distinct, d)
            n = len(distinct)
            if why:
                reasons.append(f"ambiguous ({n} places); {why}")
                conf = min(conf, 0.8 if "district" in why else 0.75)
            if len(_distinct(narrowed)) > 1:
                ranks = sorted((p.rank for p in narrowed), reverse=True)
                reasons.append(f"ambiguous ({len(narrowed)} places); biggest chosen")
                # A town against villages of the same name is a safe bet; equals are a coin.
                conf = min(
                    conf,
                    0.45 if ranks[0] == ranks[1] else 0.7 if ranks[0] >= 10 * ranks[1] else 0.55,
                )
            distinct = narrowed
        place = max(distinct, key=lambda p: (p.rank, p.kind not in ADMIN_KINDS))
        d.place = place
        d.admin1, d.admin2, d.admin3 = place.admin1, place.admin2, place.admin3
        d.precision = self.gaz.precision_of(place)
        if d.near and d.precision == 1:
            d.precision = 2
            reasons.append("near it")
            d.near_point = True
        if d.kind == "road":
            d.precision = max(d.precision, 2)
            reasons.append("road; first town" if d.name_text else "road")
            conf = min(conf, 0.75)
        d.confidence = round(conf, 2)
        d.reason = "; ".join(reasons)

    def resolve_unknown(
        self, d: PlaceCandidate, name: str, note: str = "", admin1: str = ""
    ) -> None:
        q = d.qualifier
        if q is not None:
            qa1, qa2 = self.area(q)
        else:
            qa1, qa2 = admin1 or (self.hints[0] if self.hints else ""), ""
        typo = self.typo(d.name_ti, d.name_tj, qa1, qa2, cue=True)
        if typo is not None:
            place, why = typo
            d.kind, d.place = "place", place
            d.admin1, d.admin2, d.admin3 = place.admin1, place.admin2, place.admin3
            d.precision = self.gaz.precision_of(place)
            d.confidence, d.reason = 0.6, f"typo 1 edit; {why}"
            return
        d.kind = "unknown"
        d.name_text = name
        d.place = None
        d.admin1, d.admin2, d.admin3 = qa1, qa2, ""
        anchor = (
            q.anchor
            if q is not None and q.kind == "countryside"
            else (q.place if q is not None else None)
        )
        if anchor is None:
            anchor = self.gaz.capitals.get(qa1)
        d.anchor = anchor
        if q is not None and q.kind == "countryside" and "governorate" not in q.notes:
            d.precision = 2
            where = f"{qa1} countryside"
        else:
            d.precision = 2 if qa2 else 3
            where = qa2 or qa1
        d.confidence = 0.5 if q is not None else 0.35
        d.reason = f"unknown village in {where}" + (f" ({note})" if note else "")
        if q is None and not admin1:
            d.reason += "; governorate from hint"

    def listed(self, d: PlaceCandidate) -> bool:
        """``d`` is joined by و to a place draft on either side ("النقير وقرقور وترملا")."""

        def place_at(k: int) -> bool:
            return any(
                x is not d and x.kind in ("place", "road") and x.ti <= k <= x.tj
                for x in self.all_drafts
            )

        left = self.tok(d.ti).startswith("و") and self.joined(d.ti - 1, d.ti) and place_at(d.ti - 1)
        right = (
            self.tok(d.tj + 1).startswith("و")
            and self.joined(d.tj, d.tj + 1)
            and place_at(d.tj + 1)
        )
        return left or right

    def only_elsewhere(self, d: PlaceCandidate, cands: list[Place]) -> str:
        """The one governorate the rest of the text is about, when ``d`` (no qualifier) names
        only small villages outside it ("مناشر البريج" in a report about Aleppo: the Breij in
        Homs is a namesake); else "". Other mentions of the same name do not count."""
        if d.qualifier is not None or d.hit is None or not cands:
            return ""
        if any(p.rank >= RANK_TOWN or p.kind != "community" for p in cands):
            return ""
        ev = self.evidence()
        others = {
            a1
            for (a1, a2), n in ev.in_text.items()
            if not a2 and n > ev.by_key.get((d.hit.key, a1), 0)
        }
        others |= set(self.hints)
        if len(others) != 1:
            return ""
        (a1,) = others
        return "" if any(p.admin1 == a1 for p in cands) else a1

    def list_members(self, drafts: list[PlaceCandidate]) -> list[PlaceCandidate]:
        """Unknown names inside a list of known places ("النقير وعابدين وأرينبة وترملا"): a
        list holds one kind of thing, so a rare word joined by و between places (or after a
        plural head noun, "قرى الغسانية والزعينية") is a village the gazetteer lacks; it takes
        the governorate (and district) its listed neighbours share, precision 2."""
        by_tok: dict[int, PlaceCandidate] = {}
        for d in drafts:
            for k in range(d.ti, d.tj + 1):
                by_tok[k] = d
        new: list[PlaceCandidate] = []
        i = 0
        n = len(self.tokens)
        while i < n:
            if i in by_tok or not self.tok(i).startswith("و") or not self.joined(i - 1, i):
                i += 1
                continue
            core = self.tok(i)[1:]
            if self.name_word(core) is None:
                i += 1
                continue
            j = i  # a two-word name ("وسطوح الدير") when a list item follows it
            if (
                i + 1 < n
                and i + 1 not in by_tok
                and self.adjacent(i, i + 1)
                and self.tok(i + 1).startswith("ال")
                and len(self.tok(i + 1)) >= 4
                and self.tok(i + 1) not in DIRECTIONS
                and not _vocab(self.tok(i + 1), HEAD_NOUNS)
                and self.tok(i + 2).startswith("و")
                and self.joined(i + 1, i + 2)
            ):
                j = i + 1
            # the chain to the left: listed places (known or just found) back to its head
            left: list[PlaceCandidate] = []
            k = i - 1
            while k >= 0 and k in by_tok and by_tok[k].kind in ("place", "unknown"):
                left.append(by_tok[k])
                k = by_tok[k].ti - 1
                if not self.tok(k + 1).startswith("و") or not self.joined(k, k + 1):
                    break
            known = [x for x in left if x.kind == "place" and x.place is not None]
            right = (
                by_tok.get(j + 1)
                if self.joined(j, j + 1) and self.tok(j + 1).startswith("و")
                else None
            )
            if right is not None and right.kind == "place" and right.place is not None:
                known.append(right)
            first = min((x.ti for x in left), default=i)
            headed = _vocab(self.tok(first - 1), LIST_HEADS) is not None or (
                self.tok(first - 1) == "من" and self.tok(first - 2) == "كل"
            )
            between = right is not None or self.tok(j + 1).startswith("و")
            if not known or not (between or headed):
                i += 1
                continue
            a1s = {x.admin1 for x in known}
            a2s = {x.admin2 for x in known}
            if len(a1s) != 1:
                i += 1
                continue
            d = PlaceCandidate(
                "unknown",
                self.tokens[i].start,
                self.tokens[j].end,
                i,
                j,
                head="settlement",
                locative=True,
                name_ti=i,
                name_tj=j,
            )
            d.name_text = self.surface(self.tokens[i].start + 1, self.tokens[j].end)
            d.admin1 = a1s.pop()
            d.admin2 = a2s.pop() if len(a2s) == 1 else ""
            d.anchor = known[0].place
            d.precision = 2
            d.confidence = 0.45
            listed_with = known[0].place.name_en if known[0].place else ""
            d.reason = f"unknown place listed with {listed_with}"
            new.append(d)
            for k in range(i, j + 1):
                by_tok[k] = d
            i = j + 1
        return sorted(drafts + new, key=lambda d: d.s)

    def typo(
        self,
        ti: int,
        tj: int,
        admin1: str,
        admin2: str,
        cue: bool,
    ) -> tuple[Place, str] | None:
        """A place one edit away from tokens ti..tj, inside ``admin1`` (and ``admin2``)."""
        if not admin1 or not cue:
            return None
        if all(_vocab(self.tok(k), DIRECTION_WORDS) for k in range(ti, tj + 1)):
            return None  # "وشمال غربي" is a direction, not one edit from "شلال غربي"
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        names = self.gaz.names_by_admin1.get(admin1)
        if not names:
            return None
        raw = self.view[self.tokens[ti].start : self.tokens[tj].end]
        for prefix in sorted((p for p in PREFIXES if raw.startswith(p)), key=len, reverse=True):
            core = raw[len(prefix) :]
            letters = len(core.replace(" ", ""))
            if letters < TYPO_MIN_LETTERS and " " not in core:
                continue
            if (
                " " not in core
                and zipf(self.surface(self.tokens[ti].start + len(prefix), self.tokens[tj].end))
                >= ZIPF_TYPO_MAX
            ):
                continue
            found = process.extract(
                core, _name_list(names), scorer=Levenshtein.distance, score_cutoff=1, limit=10
            )
            found = [f for f in found if f[1] == 1 and len(f[0]) >= 4]
            if not found:
                continue
            cands = [p for f in found for p, _ in names[f[0]]]
            in_district = [p for p in cands if admin2 and p.admin2 == admin2]
            pool = _distinct(in_district or cands)
            best = max(pool, key=lambda p: p.rank)
            why = "district agrees" if in_district else "governorate agrees"
            if len(pool) > 1:
                why += f"; {len(pool)} candidates, biggest chosen"
            return best, why
        return None

    def typo_pass(self, drafts: list[PlaceCandidate]) -> list[PlaceCandidate]:
        """Tokens no draft covers, with a place cue, one edit from a name in a nearby area."""
        covered = set()
        for d in drafts:
            covered |= set(range(d.ti, d.tj + 1))
        new: list[PlaceCandidate] = []
        # the settled areas of the text: the same for every token (computed once, not per token)
        settled = sorted(self.context(PlaceCandidate("place", 0, 0, -1, -1)))
        settled_pos = [pos for pos, _, _ in settled]
        i = 0
        while i < len(self.tokens):
            if i in covered:
                i += 1
                continue
            t = self.tokens[i]
            prefix_cue = any(t.text.startswith(c) for c in ("ب", "وب", "فب")) and len(t.text) > 6
            if not prefix_cue and not self._cue_before(i):
                i += 1  # the cheap test first: most tokens have no place cue before them
                continue
            head, locative, near, _ = self.cues(i, i, "")
            if not (locative or prefix_cue):
                i += 1
                continue
            lo = bisect.bisect_left(settled_pos, t.start - NEARBY_CHARS)
            hi = bisect.bisect_right(settled_pos, t.start + NEARBY_CHARS)
            areas = [(a1, a2) for _, a1, a2 in settled[lo:hi]]
            areas += [(h, "") for h in self.hints]
            done = False
            for j in (i + 1, i):
                if j >= len(self.tokens) or j in covered or (j > i and not self.adjacent(i, j)):
                    continue
                for a1, a2 in dict.fromkeys(areas):
                    hit = self.typo(i, j, a1, a2, cue=True)
                    if hit is None:
                        continue
                    place, why = hit
                    d = PlaceCandidate(
                        "place", t.start, self.tokens[j].end, i, j, head=head, near=near
                    )
                    d.place = place
                    d.admin1, d.admin2, d.admin3 = place.admin1, place.admin2, place.admin3
                    d.precision = self.gaz.precision_of(place)
                    if near and d.precision == 1:
                        d.precision = 2
                    d.confidence = 0.65 if "district" in why else 0.6
                    d.reason = f"typo 1 edit; {why}"
                    new.append(d)
                    covered |= set(range(i, j + 1))
                    i = j
                    done = True
                    break
                if done:
                    break
            i += 1
        return sorted(drafts + new, key=lambda d: d.s)

    # -- 4. output -------------------------------------------------------------------------
    def mention(self, d: PlaceCandidate) -> PlaceMention | None:
        if d.kind == "countryside":
            self.resolve_countryside(d)
            if d.anchor is None:
                return None
            place = d.place
            location = d.admin1 if "governorate" in d.notes else d.anchor.name_en
            where: Place | None = d.anchor
            admin3 = ""
        elif d.kind == "unknown":
            place, where = None, d.anchor
            location = d.name_text
            admin3 = ""
        else:
            place = where = d.place
            if place is None:
                return None
            location = place.admin1 if place.kind == "governorate" else place.name_en
            admin3 = d.admin3
        lat: float | None = where.latitude if where else None
        lon: float | None = where.longitude if where else None
        if lat is not None and lat == 0 and lon == 0:
            lat = lon = None
        start, end = self.raw_span(d.s, d.e)
        if d.kind == "countryside":
            scope = "governorate" if "governorate" in d.notes else "countryside"
        elif d.kind == "road":
            scope = "road"
        elif place is not None and place.kind in (
            "governorate",
            "district",
            "subdistrict",
            "region",
        ):
            scope = place.kind
        else:
            scope = "near" if d.near_point else "point"
        return PlaceMention(
            start=start,
            end=end,
            text=self.text[start:end],
            place=place,
            location=location,
            admin1=d.admin1,
            admin2=d.admin2,
            admin3=admin3,
            latitude=lat,
            longitude=lon,
            geo_precision=d.precision,
            confidence=d.confidence,
            reason=d.reason,
            scope=scope,
            district_implied=d.district_implied,
            common_word=d.common_word,
            cue=d.head or ("near" if d.near else ""),
        )

    def run(self) -> list[PlaceMention]:
        if not self.tokens:
            return []
        hits, blocks = self.hits()
        chosen = self.select(hits, blocks)
        drafts = self.drafts(chosen)
        self.all_drafts = drafts
        drafts = self.link_qualifiers(drafts)
        drafts = self.share_list_qualifier(drafts)
        drafts = self.roads(drafts)
        self.all_drafts = drafts
        self.evidence()  # before any draft is resolved: the same evidence for every homonym
        for d in drafts:
            if d.kind in ("place", "road"):
                self.resolve_place(d)
            elif d.kind == "unknown":
                self.resolve_unknown(d, d.name_text)
        drafts = self.list_members(drafts)
        drafts = self.typo_pass(drafts)
        out = [m for d in drafts if (m := self.mention(d)) is not None]
        return sorted(out, key=lambda m: (m.start, m.end))

    all_drafts: list[PlaceCandidate]


_NAME_LISTS: dict[int, tuple[object, list[str]]] = {}


def _name_list(names: Mapping[str, object]) -> list[str]:
    """``list(names)`` built once per table (rapidfuzz wants a sequence; rebuilding the list of
    a governorate's names for every typo candidate was most of the typo pass's time)."""
    cached = _NAME_LISTS.get(id(names))
    if cached is None or cached[0] is not names:
        cached = (names, list(names))
        _NAME_LISTS[id(names)] = cached
    return cached[1]


def _pronoun_form(word: str) -> bool:
    """``word`` (as written: no clitic, no article) reads as a common noun with a pronoun
    suffix: ``مقتله`` (مقتل + ه), ``سكانها``. The letter ه counts as a suffix only where the
    writer wrote ه, not ة (``مقتلة`` is the village)."""
    for suffix in (*PRONOUN_SUFFIXES, "ه"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            stems = [stem, stem[:-1] + "ة"] if stem.endswith("ت") else [stem]
            return any(zipf(s) >= ZIPF_COMMON or to_key(s) in HEAD_NOUNS for s in stems)
    return False


def _suffixed_noun(tok: str) -> bool:
    """A folded token that is a noun with a pronoun suffix, not an unknown place name: it ends
    in ها/هما/هم/هن (see PRONOUN_SUFFIXES), or in ه after a head noun or place word
    (``وريفه``, ``قريته``, ``محيطه``)."""
    for suffix in PRONOUN_SUFFIXES:
        if tok.endswith(suffix) and len(tok) - len(suffix) >= 2:
            return True
    if tok.endswith("ه") and len(tok) >= 4:
        stem = tok[:-1]
        stems = (stem, stem[:-1] + "ه") if stem.endswith("ت") else (stem,)
        vocab = LOCATIVE_WORDS | LINKERS | AREA_WORDS
        return any(s in HEAD_NOUNS or s in vocab for s in stems)
    return False


def _clitics_only(prefix: str) -> str:
    """The conjunction/preposition part of a proclitic string (without the article)."""
    if prefix.endswith("ال"):
        return prefix[:-2]
    return prefix[:-1] if prefix.endswith("لل") else prefix


def _mean_angle(angles: list[float]) -> float:
    x = sum(math.cos(math.radians(a)) for a in angles)
    y = sum(math.sin(math.radians(a)) for a in angles)
    return round((math.degrees(math.atan2(y, x)) + 360) % 360 / 45) * 45 % 360


def _collapse_family(cands: list[Place]) -> list[Place]:
    """Drop admin units named after a town also among the candidates (the governorate, district
    and sub-district "الرقة" are the city's family), and lower admin levels of one family."""
    towns = [p for p in cands if p.kind not in ADMIN_KINDS]
    out = []
    for p in cands:
        if p.kind in ADMIN_KINDS and any(
            t.admin1 == p.admin1 and (p.kind == "governorate" or t.admin2 == p.admin2)
            for t in towns
        ):
            continue
        out.append(p)
    admins = [p for p in out if p.kind in ADMIN_KINDS]
    order = {"governorate": 0, "district": 1, "subdistrict": 2}
    keep = []
    for p in out:
        if p.kind in ADMIN_KINDS and any(
            q.admin1 == p.admin1 and order[q.kind] < order[p.kind] for q in admins
        ):
            continue
        keep.append(p)
    return keep


def _broad(p: Place) -> bool:
    """A region or landmark with no district (a highway, the desert, the coast): it spans
    governorates, so naming it says little about which one the text is about."""
    return p.kind in ("region", "landmark") and not p.admin2


_LEVEL = {1: "governorate", 2: "district"}


class _Evidence:
    """Counts of the governorates and districts a text names for sure (see
    ``_Spotter.settled_area``): per sentence, per clause and in the whole text. A draft's own
    naming is left out when it asks about itself."""

    def __init__(self) -> None:
        # (("sentence" | "clause", index), admin1, admin2 or "") -> times named
        self.in_scope: dict[tuple[tuple[str, int], str, str], int] = {}
        self.in_text: dict[tuple[str, str], int] = {}
        self.own: dict[int, tuple[tuple[tuple[str, int], ...], str, str]] = {}
        self.by_key: dict[tuple[str, str], int] = {}  # (name key, admin1) -> times named

    def add(
        self, d: PlaceCandidate, scopes: tuple[tuple[str, int], ...], admin1: str, admin2: str
    ) -> None:
        self.own[id(d)] = (scopes, admin1, admin2)
        if d.hit is not None:
            self.by_key[(d.hit.key, admin1)] = self.by_key.get((d.hit.key, admin1), 0) + 1
        keys = [(admin1, "")] + ([(admin1, admin2)] if admin2 else [])
        for a1, a2 in keys:
            for scope in scopes:
                self.in_scope[(scope, a1, a2)] = self.in_scope.get((scope, a1, a2), 0) + 1
            self.in_text[(a1, a2)] = self.in_text.get((a1, a2), 0) + 1

    def _self(
        self, d: PlaceCandidate, scope: tuple[str, int] | None, admin1: str, admin2: str
    ) -> int:
        own = self.own.get(id(d))
        if own is None or own[1] != admin1 or (scope is not None and scope not in own[0]):
            return 0
        return 1 if not admin2 or own[2] == admin2 else 0

    def within(
        self, d: PlaceCandidate, scope: tuple[str, int], admin1: str, admin2: str = ""
    ) -> int:
        """Times ``scope`` (a sentence or clause) names admin1 (and admin2), ``d`` left out."""
        if not admin1:
            return 0
        return self.in_scope.get((scope, admin1, admin2), 0) - self._self(d, scope, admin1, admin2)

    def report(self, d: PlaceCandidate, admin1: str, admin2: str = "") -> int:
        """Times the whole text names admin1 (and admin2), ``d`` left out."""
        if not admin1:
            return 0
        return self.in_text.get((admin1, admin2), 0) - self._self(d, None, admin1, admin2)


def _distinct(cands: list[Place]) -> list[Place]:
    """One candidate per location (a user copy within 1 km of a table entry is the same)."""
    out: list[Place] = []
    for p in sorted(cands, key=lambda p: (-p.rank, p.source != "ocha")):
        if any(
            q.admin1 == p.admin1 and km(p.latitude, p.longitude, q.latitude, q.longitude) < 1.0
            for q in out
        ):
            continue
        out.append(p)
    return out


_HINT_KEYS = {re.sub(r"[^a-z]", "", a.lower()): a for a in ACLED_ADMIN1}
_HINT_KEYS.update(
    {
        "idlib": "Idleb",
        "latakia": "Lattakia",
        "raqqa": "Ar-Raqqa",
        "deirezzor": "Deir ez-Zor",
        "daraa": "Dar'a",
        "hasakeh": "Al-Hasakeh",
        "alhasakah": "Al-Hasakeh",
        "sweida": "As-Sweida",
        "tartus": "Tartous",
        "rifdimashq": "Rural Damascus",
    }
)


def _hints(admin1_hint: str | Iterable[str] | None) -> list[str]:
    if admin1_hint is None:
        return []
    items = [admin1_hint] if isinstance(admin1_hint, str) else list(admin1_hint)
    out: list[str] = []
    for h in items:
        k = re.sub(r"[^a-z]", "", h.lower())
        name = _HINT_KEYS.get(k)
        if name is None:
            raise ValueError(
                f"admin1_hint {h!r} is not a Syrian governorate (use ACLED spelling, "
                f"e.g. {', '.join(sorted(ACLED_ADMIN1)[:3])}...)"
            )
        out.append(name)
    return list(dict.fromkeys(out))


def find_places(
    text: str,
    *,
    gazetteer: Gazetteer | None = None,
    admin1_hint: str | Iterable[str] | None = None,
) -> list[PlaceMention]:
    """Place mentions in ``text`` (restored Arabic), sorted by position, non-overlapping.

    ``admin1_hint``: governorate(s) the report is known to be about (ACLED spelling); used to
    choose among homonyms, to accept typos and to place unknown villages.

    >>> [m.location for m in find_places("قصف على بلدة كفرنبل بريف إدلب الجنوبي")]
    ['Kafr Nobol']
    """
    if not isinstance(text, str):
        raise TypeError(f"find_places expects str, got {type(text).__name__}")
    gaz = gazetteer if gazetteer is not None else Gazetteer.default()
    return _Spotter(text, gaz, _hints(admin1_hint)).run()


__all__ = ["find_places"]
