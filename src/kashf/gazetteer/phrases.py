"""Stage 2 of place spotting, *phrases*: the words around the names.

``ريف X [direction]`` becomes a countryside; ``قرية X`` with X unknown an unknown-village draft
(:func:`drafts`); a place followed by a qualifier (``بريف الرقة الشرقي``, ``في محافظة حمص``)
takes the qualifier (:func:`link_qualifiers`), and so does every member of a list the qualifier
closes (:func:`share_list_qualifier`); ``طريق X - Y`` is a road on its first town
(:func:`roads`); after resolution, a rare word inside a list of places is a village the
gazetteer lacks (:func:`list_members`). Each function returns new candidates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from kashf.gazetteer.candidates import (
    AREA_WORDS,
    LINKERS,
    ZIPF_COMMON,
    NameHit,
    PlaceCandidate,
    cues,
)
from kashf.gazetteer.evidence import area
from kashf.gazetteer.gazetteer import RANK_TOWN
from kashf.gazetteer.model import ADMIN_KINDS
from kashf.gazetteer.names import (
    DIRECTION_WORDS,
    DIRECTIONS,
    HEAD_NOUNS,
    LOCATIVE_WORDS,
    PRONOUN_SUFFIXES,
    ROAD_FILLERS,
    ROAD_WORDS,
)
from kashf.gazetteer.scan import Scan, in_vocab, zipf
from kashf.gazetteer.vocabulary import VOCABULARY
from kashf.rules import on, rule

NAME_FIRST_WORDS: frozenset[str] = VOCABULARY.set("name_first")
NAME_LAST_WORDS: frozenset[str] = VOCABULARY.set("name_last")
LIST_HEADS: frozenset[str] = VOCABULARY.set("list_head")
ROAD_JOINERS: frozenset[str] = frozenset({"-", "–", "—", "/"}) | VOCABULARY.set("road_joiner")

COUNTRYSIDE = rule(
    "places.countryside_of_a_town",
    "places",
    "ريف X (with a direction after it) is the countryside of X, not X itself: X's location, "
    "the district when X is a town, precision 2.",
    "قصفت المدفعية ريف منبج -> the countryside of Manbij (precision 2)",
)
GOVERNORATE_COUNTRYSIDE = rule(
    "places.governorate_named_after_its_countryside",
    "places",
    "محافظة ريف X is the governorate named after X's countryside (Rural Damascus), precision 3.",
    "قصفت الطائرات محافظة ريف دمشق -> the governorate Rural Damascus",
)
UNKNOWN_VILLAGE = rule(
    "places.unknown_village_after_a_head_noun",
    "places",
    "قرية/بلدة X with X no gazetteer name is a village the gazetteer lacks, placed by the "
    "qualifier after it.",
    "قصفت الطائرات قرية زعترينة بريف إدلب الجنوبي -> زعترينة, an unknown village in Idleb",
)
QUALIFIER = rule(
    "places.qualifier_locates_the_place",
    "places",
    "A place followed by a qualifier (X بريف Y, X في محافظة Y, X شرق Y) is one mention, "
    "located by the qualifier.",
    "قصفت الطائرات بلدة الحمدانية بريف الرقة -> one mention al-Hamdaniya in Ar-Raqqa",
)
TWO_WORD_NAME = rule(
    "places.two_word_name_before_a_qualifier",
    "places",
    "A name followed by a word that ends two-word village names (عتيق, الكبيرة, الشرقية) and "
    "then a qualifier is one village of both words, located by the qualifier (a namesake of "
    "the first word elsewhere does not count).",
    "داهمت الدورية قريتي المنصورة وحاس عتيق بريف الحسكة الجنوبي -> حاس عتيق, a village in "
    "Al-Hasakeh (precision 2)",
)
LIST_QUALIFIER = rule(
    "places.list_shares_its_qualifier",
    "places",
    "A qualifier that closes a list of places (… وY بريف الرقة الشرقي) locates every member of "
    "the list: a namesake in another governorate never beats it.",
    "قصفت الطائرات بلدتي الحمدانية ومعدان بريف الرقة الشرقي -> al-Hamdaniya in the eastern "
    "Raqqa countryside (precision 2), not a namesake elsewhere",
)
ROAD = rule(
    "places.road_is_its_first_town",
    "places",
    "طريق X - Y (a road between two towns) is one road mention on its first town, precision 2.",
    "استهدف كمين رتلا على طريق حلب - دمشق -> a road at Aleppo (precision 2)",
)
LIST_MEMBER = rule(
    "places.rare_word_in_a_list_is_a_village",
    "places",
    "A rare word joined by و between places (or after a plural such as قرى) is a village the "
    "gazetteer lacks, in the governorate its neighbours share.",
    "قصفت المدفعية قرى كفرنبل وزعترينة وحاس -> زعترينة, an unknown village in Idleb",
)


def drafts(sc: Scan, found: Sequence[NameHit]) -> list[PlaceCandidate]:
    """A candidate per selected name (a countryside for ``ريف X``), and one per unknown name
    after a settlement noun; an unknown draft overlapping a known one is dropped."""
    out: list[PlaceCandidate] = [_draft(sc, h) for h in found]
    hit_starts = {h.ti for h in found}
    for i, t in enumerate(sc.tokens if on(UNKNOWN_VILLAGE) else ()):
        noun = in_vocab(t.text, HEAD_NOUNS)
        if not noun or HEAD_NOUNS[noun] != "settlement" or i + 1 in hit_starts:
            continue
        if not sc.adjacent(i, i + 1) or name_word(sc.tok(i + 1)) is None:
            continue
        j = i + 1
        first = sc.tok(j)
        if (
            sc.adjacent(j, j + 1)
            and j + 1 not in hit_starts
            and (first in NAME_FIRST_WORDS or sc.tok(j + 1) in NAME_LAST_WORDS)
            and name_word(sc.tok(j + 1)) is not None
        ):
            j += 1
        s, e = sc.tokens[i + 1].start, sc.tokens[j].end
        out.append(
            PlaceCandidate(
                "unknown",
                s,
                e,
                i + 1,
                j,
                head="settlement",
                locative=True,
                name_ti=i + 1,
                name_tj=j,
                name_text=sc.surface(s, e),
            )
        )
    out.sort(key=lambda d: (d.s, -d.e))
    kept: list[PlaceCandidate] = []
    for d in out:
        if kept and d.ti <= kept[-1].tj:
            if d.kind == "unknown":
                continue
            if kept[-1].kind == "unknown":
                kept.pop()
        kept.append(d)
    return kept


def _draft(sc: Scan, h: NameHit) -> PlaceCandidate:
    c = cues(sc, h.ti, h.tj, h.prefix)
    d = PlaceCandidate(
        "place",
        h.s,
        h.e,
        h.ti,
        h.tj,
        hit=h,
        head=c.head,
        near=c.near,
        locative=c.locative,
        name_ti=h.ti,
        name_tj=h.tj,
    )
    if c.head != "countryside" or not on(COUNTRYSIDE):
        return d
    s, ti, governorate = sc.tokens[h.ti - 1].start, h.ti - 1, False
    if (
        sc.adjacent(h.ti - 2, h.ti - 1)
        and HEAD_NOUNS.get(in_vocab(sc.tok(h.ti - 2), HEAD_NOUNS) or "") == "governorate"
        and on(GOVERNORATE_COUNTRYSIDE)
    ):
        s, ti, governorate = sc.tokens[h.ti - 2].start, h.ti - 2, True  # ريف محافظة حلب
    angles: list[float] = []
    j = h.tj
    while len(angles) < 2 and sc.adjacent(j, j + 1) and sc.tok(j + 1) in DIRECTIONS:
        angles.append(DIRECTIONS[sc.tok(j + 1)])
        j += 1
    return replace(
        d,
        kind="countryside",
        s=s,
        ti=ti,
        governorate=governorate,
        bearing=_mean_angle(angles) if angles else None,
        e=sc.tokens[j].end,
        tj=j,
    )


def name_word(tok: str) -> str | None:
    """``tok`` if it can be (part of) an unknown place name: an Arabic word that is not a
    function word, a head noun, a direction or a common word."""
    if not tok or not ("\u0621" <= tok[0] <= "\u064a"):
        return None
    if len(tok) < 3 or tok in LINKERS or tok in DIRECTIONS or tok in LOCATIVE_WORDS:
        return None
    if in_vocab(tok, HEAD_NOUNS) or in_vocab(tok, LINKERS) or tok in ROAD_WORDS:
        return None
    if tok in DIRECTION_WORDS or _suffixed_noun(tok):
        return None
    if tok in NAME_FIRST_WORDS:
        return tok
    return tok if zipf(tok) < ZIPF_COMMON else None


def link_qualifiers(sc: Scan, cands: Sequence[PlaceCandidate]) -> list[PlaceCandidate]:
    """Merge ``X بريف Y`` / ``X في محافظة Y`` / ``X شرق Y``: Y locates X. Unknown drafts with
    no qualifier (and no governorate hint to place them) are dropped."""
    cur = list(cands)
    consumed: set[int] = set()
    for i in range(len(cur) - 1) if on(QUALIFIER) else ():
        a, b = cur[i], cur[i + 1]
        if i in consumed or a.kind not in ("place", "unknown") or b.kind == "unknown":
            continue
        gap = list(range(a.tj + 1, b.ti))
        if len(gap) > 3 or not all(sc.adjacent(k - 1, k) for k in range(a.tj + 1, b.ti + 1)):
            continue
        if (
            len(gap) == 1
            and sc.tok(gap[0]) in NAME_LAST_WORDS
            and a.kind in ("place", "unknown")
            and sc.tok(b.ti).lstrip("وف").startswith("ب")
            and on(TWO_WORD_NAME)
        ):
            # "ومعان عتيق بريف الرقة": the second word belongs to the name.
            ext = gap[0]
            start = (
                a.hit.s + len(a.hit.prefix)  # without its proclitics: "ومعان" names معان
                if a.hit
                else sc.tokens[a.name_ti if a.name_ti >= 0 else a.ti].start
            )
            a = replace(
                a,
                kind="unknown",
                hit=None,
                e=sc.tokens[ext].end,
                tj=ext,
                name_tj=ext,
                name_text=sc.surface(start, sc.tokens[ext].end),
                head=a.head or "settlement",
                locative=True,
            )
            gap = []
        words = [sc.tok(k) for k in gap]
        if not all(w in LINKERS or in_vocab(w, LINKERS) for w in words):
            continue
        if words and words[0] not in LINKERS and words[0].startswith(("و", "ف")):
            continue  # "X وفي محافظة Y": a second place, not where X is
        first_b = sc.tok(b.ti)
        linked = bool(words) or first_b.lstrip("وف").startswith("ب")
        if not linked or (first_b.startswith(("و", "ف")) and not words):
            continue
        admin1 = area(b)[0]
        if not admin1:
            continue
        if a.kind == "place" and a.hit:
            agree = [p for p in a.hit.cands if p.admin1 == admin1]
            big = [p for p in a.hit.cands if p.rank >= RANK_TOWN or p.kind in ADMIN_KINDS]
            if not agree and big:
                continue  # two towns side by side ("من الرقة إلى حماة"), not X-in-Y
            if a.hit.cands and all(p.kind == "governorate" for p in a.hit.cands):
                continue
        cur[i] = replace(a, qualifier=b, e=b.e, tj=b.tj)
        consumed.add(i + 1)
    return [
        d
        for i, d in enumerate(cur)
        if i not in consumed and (d.kind != "unknown" or d.qualifier or sc.hints)
    ]


def share_list_qualifier(sc: Scan, cands: Sequence[PlaceCandidate]) -> list[PlaceCandidate]:
    """``X وY بريف Z``: the qualifier that closes a list locates every member of it, so a
    namesake of X in another governorate never wins (see :data:`LIST_QUALIFIER`)."""
    cur = list(cands)
    if not on(LIST_QUALIFIER):
        return cur
    live = [k for k, d in enumerate(cur) if d.kind in ("place", "unknown")]
    for li, ri in zip(reversed(live[:-1]), reversed(live[1:]), strict=True):
        left, right = cur[li], cur[ri]
        q = right.qualifier
        if q is None or left.qualifier is not None:
            continue
        first = right.name_ti if right.name_ti >= 0 else right.ti
        if sc.tok(first).startswith("و") and sc.joined(left.tj, first):
            cur[li] = replace(left, qualifier=q)
    return cur


def roads(sc: Scan, cands: Sequence[PlaceCandidate]) -> list[PlaceCandidate]:
    """``طريق X - Y``: a road mention on X, taking Y into its span."""
    cur = list(cands)
    consumed: set[int] = set()
    for i in range(len(cur)) if on(ROAD) else ():
        a = cur[i]
        if i in consumed or a.kind != "place" or a.hit is None:
            continue
        k = a.ti - 1
        while k >= 0 and sc.tok(k) in ROAD_FILLERS and sc.adjacent(k, k + 1):
            k -= 1
        if k < 0 or not sc.adjacent(k, k + 1) or in_vocab(sc.tok(k), ROAD_WORDS) is None:
            continue
        a = replace(a, kind="road", s=sc.tokens[k].start, ti=k)
        b = cur[i + 1] if i + 1 < len(cur) else None
        if b is not None and b.kind == "place":
            between = sc.view[a.e : b.s].strip()
            joined = between in ROAD_JOINERS or (not between and sc.tok(b.ti).startswith("و"))
            if (
                joined
                or between in ("-", "–")
                or (not between and b.ti == a.tj + 1 and (b.hit and b.hit.prefix == ""))
            ):
                name = sc.surface(b.hit.s + len(b.hit.prefix), b.e) if b.hit else ""
                a = replace(a, e=b.e, tj=b.tj, name_text=name)
                consumed.add(i + 1)
        cur[i] = a
    return [d for i, d in enumerate(cur) if i not in consumed]


def list_members(sc: Scan, cands: Sequence[PlaceCandidate]) -> list[PlaceCandidate]:
    """Unknown names inside a list of resolved places ("النقير وعابدين وأرينبة وترملا"): a
    list holds one kind of thing, so a rare word joined by و between places (or after a
    plural head noun, "قرى الغسانية والزعينية") is a village the gazetteer lacks; it takes
    the governorate (and district) its listed neighbours share, precision 2."""
    if not on(LIST_MEMBER):
        return list(cands)
    by_tok: dict[int, PlaceCandidate] = {}
    for d in cands:
        for k in range(d.ti, d.tj + 1):
            by_tok[k] = d
    new: list[PlaceCandidate] = []
    i = 0
    n = len(sc.tokens)
    while i < n:
        if i in by_tok or not sc.tok(i).startswith("و") or not sc.joined(i - 1, i):
            i += 1
            continue
        if name_word(sc.tok(i)[1:]) is None:
            i += 1
            continue
        j = i  # a two-word name ("وسطوح الدير") when a list item follows it
        if (
            i + 1 < n
            and i + 1 not in by_tok
            and sc.adjacent(i, i + 1)
            and sc.tok(i + 1).startswith("ال")
            and len(sc.tok(i + 1)) >= 4
            and sc.tok(i + 1) not in DIRECTIONS
            and not in_vocab(sc.tok(i + 1), HEAD_NOUNS)
            and sc.tok(i + 2).startswith("و")
            and sc.joined(i + 1, i + 2)
        ):
            j = i + 1
        # the chain to the left: listed places (known or just found) back to its head
        left: list[PlaceCandidate] = []
        k = i - 1
        while k >= 0 and k in by_tok and by_tok[k].kind in ("place", "unknown"):
            left.append(by_tok[k])
            k = by_tok[k].ti - 1
            if not sc.tok(k + 1).startswith("و") or not sc.joined(k, k + 1):
                break
        known = [x for x in left if x.kind == "place" and x.place is not None]
        right = by_tok.get(j + 1) if sc.joined(j, j + 1) and sc.tok(j + 1).startswith("و") else None
        if right is not None and right.kind == "place" and right.place is not None:
            known.append(right)
        first = min((x.ti for x in left), default=i)
        headed = in_vocab(sc.tok(first - 1), LIST_HEADS) is not None or (
            sc.tok(first - 1) == "من" and sc.tok(first - 2) == "كل"
        )
        between = right is not None or sc.tok(j + 1).startswith("و")
        a1s = {x.admin1 for x in known}
        if not known or not (between or headed) or len(a1s) != 1:
            i += 1
            continue
        a2s = {x.admin2 for x in known}
        listed_with = known[0].place.name_en if known[0].place else ""
        d = PlaceCandidate(
            "unknown",
            sc.tokens[i].start,
            sc.tokens[j].end,
            i,
            j,
            head="settlement",
            locative=True,
            name_ti=i,
            name_tj=j,
            name_text=sc.surface(sc.tokens[i].start + 1, sc.tokens[j].end),
            admin1=a1s.pop(),
            admin2=a2s.pop() if len(a2s) == 1 else "",
            anchor=known[0].place,
            precision=2,
            confidence=0.45,
            reason=f"unknown place listed with {listed_with}",
        )
        new.append(d)
        for k in range(i, j + 1):
            by_tok[k] = d
        i = j + 1
    return sorted([*cands, *new], key=lambda d: d.s)


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


def _mean_angle(angles: list[float]) -> float:
    x = sum(math.cos(math.radians(a)) for a in angles)
    y = sum(math.sin(math.radians(a)) for a in angles)
    return round((math.degrees(math.atan2(y, x)) + 360) % 360 / 45) * 45 % 360
