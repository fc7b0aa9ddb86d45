"""Misspelt place names: one edit away from a name of an area the text names nearby.

Accepted only for names of 6+ letters (or several words) that are rare strings (a real word is
not a misspelt village), with a place cue before them, and only among the places of a
governorate or district named within :data:`NEARBY_CHARS` (or the caller's hint).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

from kashf.gazetteer.candidates import PlaceCandidate, cue_before, cues
from kashf.gazetteer.evidence import area, distinct
from kashf.gazetteer.model import Place
from kashf.gazetteer.names import DIRECTION_WORDS, PREFIXES
from kashf.gazetteer.scan import Scan, in_vocab, zipf
from kashf.rules import on, rule

# Typo candidates must be rare strings (a real word is not a misspelt village).
ZIPF_TYPO_MAX = 3.0
TYPO_MIN_LETTERS = 6
NEARBY_CHARS = 300  # how far a governorate/district named in the text counts as "nearby"

TYPO = rule(
    "places.one_edit_from_a_name_nearby",
    "places",
    "A rare word after a place cue, one edit from a place of a governorate or district named "
    "nearby, is that place misspelt.",
    "قصفت الطائرات مدينة معرة النعمان وقرية كفرنبلل بريف إدلب -> Kafr Nobol, misspelt",
)


def typo(sc: Scan, ti: int, tj: int, admin1: str, admin2: str) -> tuple[Place, str] | None:
    """A place one edit away from tokens ti..tj, inside ``admin1`` (and ``admin2``)."""
    if not admin1 or not on(TYPO):
        return None
    if all(in_vocab(sc.tok(k), DIRECTION_WORDS) for k in range(ti, tj + 1)):
        return None  # "وشمال غربي" is a direction, not one edit from "شلال غربي"
    names = sc.gaz.names_by_admin1.get(admin1)
    if not names:
        return None
    raw = sc.view[sc.tokens[ti].start : sc.tokens[tj].end]
    for prefix in sorted((p for p in PREFIXES if raw.startswith(p)), key=len, reverse=True):
        core = raw[len(prefix) :]
        letters = len(core.replace(" ", ""))
        if letters < TYPO_MIN_LETTERS and " " not in core:
            continue
        if (
            " " not in core
            and zipf(sc.surface(sc.tokens[ti].start + len(prefix), sc.tokens[tj].end))
            >= ZIPF_TYPO_MAX
        ):
            continue
        found = _one_edit(core, names)
        if not found:
            continue
        cands = [p for f in found for p, _ in names[f]]
        in_district = [p for p in cands if admin2 and p.admin2 == admin2]
        pool = distinct(in_district or cands)
        best = max(pool, key=lambda p: p.rank)
        why = "district agrees" if in_district else "governorate agrees"
        if len(pool) > 1:
            why += f"; {len(pool)} candidates, biggest chosen"
        return best, why
    return None


def typo_pass(sc: Scan, cands: Sequence[PlaceCandidate]) -> list[PlaceCandidate]:
    """Tokens no candidate covers, with a place cue, one edit from a name in a nearby area."""
    if not on(TYPO):
        return list(cands)
    covered = set()
    for d in cands:
        covered |= set(range(d.ti, d.tj + 1))
    new: list[PlaceCandidate] = []
    # the settled areas of the text: the same for every token (computed once, not per token)
    settled = sorted((d.s, *area(d)) for d in cands if d.kind != "unknown")
    settled = [(pos, a1, a2) for pos, a1, a2 in settled if a1]
    settled_pos = [pos for pos, _, _ in settled]
    i = 0
    while i < len(sc.tokens):
        if i in covered:
            i += 1
            continue
        t = sc.tokens[i]
        prefix_cue = any(t.text.startswith(c) for c in ("ب", "وب", "فب")) and len(t.text) > 6
        if not prefix_cue and not cue_before(sc, i):
            i += 1  # the cheap test first: most tokens have no place cue before them
            continue
        c = cues(sc, i, i, "")
        if not (c.locative or prefix_cue):
            i += 1
            continue
        lo = bisect.bisect_left(settled_pos, t.start - NEARBY_CHARS)
        hi = bisect.bisect_right(settled_pos, t.start + NEARBY_CHARS)
        areas = [(a1, a2) for _, a1, a2 in settled[lo:hi]]
        areas += [(h, "") for h in sc.hints]
        done = False
        for j in (i + 1, i):
            if j >= len(sc.tokens) or j in covered or (j > i and not sc.adjacent(i, j)):
                continue
            for a1, a2 in dict.fromkeys(areas):
                hit = typo(sc, i, j, a1, a2)
                if hit is None:
                    continue
                place, why = hit
                precision = sc.gaz.precision_of(place)
                new.append(
                    PlaceCandidate(
                        "place",
                        t.start,
                        sc.tokens[j].end,
                        i,
                        j,
                        head=c.head,
                        near=c.near,
                        place=place,
                        admin1=place.admin1,
                        admin2=place.admin2,
                        admin3=place.admin3,
                        precision=2 if c.near and precision == 1 else precision,
                        confidence=0.65 if "district" in why else 0.6,
                        reason=f"typo 1 edit; {why}",
                    )
                )
                covered |= set(range(i, j + 1))
                i = j
                done = True
                break
            if done:
                break
        i += 1
    return sorted([*cands, *new], key=lambda d: d.s)


_NAME_LISTS: dict[int, tuple[object, list[str]]] = {}
# Words met before, per table: a word after a place cue recurs from report to report, and the
# search over a governorate's names is most of the typo pass's time. Bounded: cleared when full.
_ONE_EDIT: dict[tuple[int, str], tuple[str, ...]] = {}
_ONE_EDIT_MAX = 100_000


def _one_edit(core: str, names: Mapping[str, object]) -> tuple[str, ...]:
    """The names of ``names`` one edit from ``core`` (four letters or more), up to ten."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    # ``names`` stays alive in _NAME_LISTS from its first search on, so its id is not reused.
    key = (id(names), core)
    hit = _ONE_EDIT.get(key)
    if hit is None:
        found = process.extract(
            core, _name_list(names), scorer=Levenshtein.distance, score_cutoff=1, limit=10
        )
        hit = tuple(f[0] for f in found if f[1] == 1 and len(f[0]) >= 4)
        if len(_ONE_EDIT) >= _ONE_EDIT_MAX:
            _ONE_EDIT.clear()
        _ONE_EDIT[key] = hit
    return hit


def _name_list(names: Mapping[str, object]) -> list[str]:
    """``list(names)`` built once per table (rapidfuzz wants a sequence; rebuilding the list of
    a governorate's names for every typo candidate was most of the typo pass's time)."""
    cached = _NAME_LISTS.get(id(names))
    if cached is None or cached[0] is not names:
        cached = (names, list(names))
        _NAME_LISTS[id(names)] = cached
    return cached[1]
