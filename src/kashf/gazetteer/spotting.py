"""Find and resolve place mentions in Arabic text: :func:`find_places`.

Stages, each a module of pure functions over an immutable :class:`~kashf.gazetteer.scan.Scan`
of the text, each returning new candidates; every decision is a named rule at stage ``places``
in :data:`kashf.rules.RULES` (switch one off with :func:`kashf.rules.switched_off`):

1. **Candidates** (:mod:`~kashf.gazetteer.candidates`): every gazetteer name on word boundaries,
   the longest non-overlapping ones that may be places here (not inside an outlet's name, not a
   frequent word without a place cue, not part of a person's name).
2. **Phrases** (:mod:`~kashf.gazetteer.phrases`): ``ريف X [direction]`` is a countryside,
   ``قرية X`` with X unknown an unknown village; a qualifier after a place (``بريف الرقة
   الشرقي``, ``في محافظة حمص``) locates it and every member of a list it closes; ``طريق X - Y``
   is a road on X.
3. **Resolution** (:mod:`~kashf.gazetteer.resolution`, :mod:`~kashf.gazetteer.evidence`):
   countrysides, then namesakes by the qualifier, then by the governorate/district the text
   names for sure (unambiguous places and qualifiers, not other namesakes' guesses nor a
   highway): the one named in the same clause, then sentence, then the one the whole text
   names most, then the caller's ``admin1_hint``, then by size. The reason says which step
   decided. Then unknown names inside lists of places (phrases again), and **typos**
   (:mod:`~kashf.gazetteer.typos`: one edit, only where an area named nearby agrees).

The vocabularies (head nouns, directions, near words, titles ...) are data:
``data/vocabulary.tsv``, checked at load (:mod:`~kashf.gazetteer.vocabulary`).

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

import re
from collections.abc import Iterable

from kashf.gazetteer import candidates, phrases, resolution, typos
from kashf.gazetteer.candidates import PlaceCandidate
from kashf.gazetteer.evidence import build_evidence
from kashf.gazetteer.gazetteer import Gazetteer
from kashf.gazetteer.model import ACLED_ADMIN1, Place, PlaceMention
from kashf.gazetteer.scan import Scan, scan


def spot(sc: Scan) -> list[PlaceMention]:
    """The place mentions of a scanned text: the stages in order."""
    if not sc.tokens:
        return []
    found, blocks = candidates.hits(sc)
    drafts = phrases.drafts(sc, candidates.select(sc, found, blocks))
    drafts = resolution.resolve_countrysides(sc, drafts)
    drafts = phrases.link_qualifiers(sc, drafts)
    drafts = phrases.share_list_qualifier(sc, drafts)
    drafts = phrases.roads(sc, drafts)
    ev = build_evidence(sc, drafts)  # before any is resolved: the same evidence for every one
    # Resolved in text order; ``resolved`` holds what resolution has found so far, then the
    # rest as drafted (a name is "listed" next to the places its neighbours turned out to be).
    resolved = list(drafts)
    for i, d in enumerate(drafts):
        if d.kind in ("place", "road"):
            resolved[i] = resolution.resolve_place(sc, d, ev, resolved)
        elif d.kind == "unknown":
            resolved[i] = resolution.resolve_unknown(sc, d, d.name_text)
    final = typos.typo_pass(sc, phrases.list_members(sc, resolved))
    out = [m for d in final if (m := mention(sc, d)) is not None]
    return sorted(out, key=lambda m: (m.start, m.end))


def mention(sc: Scan, d: PlaceCandidate) -> PlaceMention | None:
    """The mention a resolved candidate makes (None when it resolved to nothing)."""
    if d.kind == "countryside":
        if d.anchor is None:
            return None
        place = d.place
        location = d.admin1 if d.governorate else d.anchor.name_en
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
    start, end = sc.raw_span(d.s, d.e)
    if d.kind == "countryside":
        scope = "governorate" if d.governorate else "countryside"
    elif d.kind == "road":
        scope = "road"
    elif place is not None and place.kind in ("governorate", "district", "subdistrict", "region"):
        scope = place.kind
    else:
        scope = "near" if d.near_point else "point"
    return PlaceMention(
        start=start,
        end=end,
        text=sc.text[start:end],
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
    return spot(scan(text, gaz, tuple(_hints(admin1_hint))))


__all__ = ["find_places"]
