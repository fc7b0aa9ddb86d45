"""What a text names for sure: the governorates and districts of its unambiguous places and
qualifiers, counted per clause, per sentence and in the whole text (:func:`build_evidence`).

Resolution reads these counts to choose among namesakes; a homonym's own guess never counts
(a guess is no evidence), nor does a broad area such as a highway or the desert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kashf.gazetteer.candidates import PlaceCandidate
from kashf.gazetteer.gazetteer import km
from kashf.gazetteer.model import ADMIN_KINDS, Place
from kashf.gazetteer.scan import Scan
from kashf.rules import on, rule

HEAD_NOUN_KIND = rule(
    "places.head_noun_picks_the_kind",
    "places",
    "A head noun says which kind of place a name is: محافظة X the governorate, مدينة X the "
    "town, منطقة X the district or area.",
    "قصفت الطائرات مناطق في محافظة حماة -> the governorate of Hama (precision 3), not the city",
)

# The place kinds a head noun calls for (``محافظة حمص`` is the governorate, not the city).
_KINDS_FOR_HEAD: dict[str, tuple[str, ...]] = {
    "settlement": ("community", "landmark", "region"),
    "governorate": ("governorate",),
    "subdistrict": ("subdistrict",),
    "area": ("district", "region", "landmark", "subdistrict"),
}

Scope = tuple[str, int]  # ("sentence" | "clause", index)


def prefer_kind(cands: Sequence[Place], head: str | None) -> list[Place]:
    """The candidates of the kind the head noun before the name calls for, if any."""
    want = _KINDS_FOR_HEAD.get(head or "") if on(HEAD_NOUN_KIND) else None
    if not want:
        return list(cands)
    pref = [p for p in cands if p.kind in want]
    return pref or list(cands)


def collapse_family(cands: Sequence[Place]) -> list[Place]:
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


def distinct(cands: Sequence[Place]) -> list[Place]:
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


def broad(p: Place) -> bool:
    """A region or landmark with no district (a highway, the desert, the coast): it spans
    governorates, so naming it says little about which one the text is about."""
    return p.kind in ("region", "landmark") and not p.admin2


def area(d: PlaceCandidate) -> tuple[str, str]:
    """(admin1, admin2) a candidate stands for, "" where it is not settled. A countryside
    stands for what its resolution found (countrysides are resolved before anything asks)."""
    if d.kind == "countryside" or (d.place is None and d.hit is None):
        return d.admin1, d.admin2
    if d.place is not None:
        return d.place.admin1, d.place.admin2
    assert d.hit is not None
    cands = collapse_family(prefer_kind(d.hit.cands, d.head))
    a1 = {p.admin1 for p in cands}
    a2 = {p.admin2 for p in cands}
    return (a1.pop() if len(a1) == 1 else "", a2.pop() if len(a1 | a2) and len(a2) == 1 else "")


def settled_area(d: PlaceCandidate) -> tuple[str, str]:
    """(admin1, admin2) ``d`` names for sure, from its own candidates and its qualifier only
    (never from a homonym resolved by context or size); ("", "") where it is not settled."""
    if d.kind == "unknown":
        return settled_area(d.qualifier) if d.qualifier is not None else ("", "")
    if d.hit is None:
        return "", ""
    if d.kind == "countryside":
        cands = collapse_family(d.hit.cands)
        pool = [p for p in cands if p.kind != "governorate"] or cands
        if len(pool) == 1:
            return d.admin1, d.admin2  # one anchor: its resolution is no guess
        a1s = {"Rural Damascus" if p.admin1 == "Damascus" else p.admin1 for p in pool}
        return (a1s.pop(), "") if len(a1s) == 1 else ("", "")
    cands = [p for p in collapse_family(prefer_kind(d.hit.cands, d.head)) if not broad(p)]
    if d.qualifier is not None:
        qa1, qa2 = settled_area(d.qualifier)
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


@dataclass(frozen=True)
class Evidence:
    """Counts of the governorates and districts a text names for sure: per sentence, per
    clause and in the whole text. A candidate's own naming is left out when it asks about
    itself (it is known by identity: ask with the candidates the evidence was built from)."""

    drafts: tuple[PlaceCandidate, ...]
    # (scope, admin1, admin2 or "") -> times named
    in_scope: dict[tuple[Scope, str, str], int] = field(default_factory=dict)
    in_text: dict[tuple[str, str], int] = field(default_factory=dict)
    own: dict[int, tuple[tuple[Scope, ...], str, str]] = field(default_factory=dict)
    by_key: dict[tuple[str, str], int] = field(default_factory=dict)  # (name key, admin1) -> n

    def _self(self, d: PlaceCandidate, scope: Scope | None, admin1: str, admin2: str) -> int:
        own = self.own.get(id(d))
        if own is None or own[1] != admin1 or (scope is not None and scope not in own[0]):
            return 0
        return 1 if not admin2 or own[2] == admin2 else 0

    def within(self, d: PlaceCandidate, scope: Scope, admin1: str, admin2: str = "") -> int:
        """Times ``scope`` (a sentence or clause) names admin1 (and admin2), ``d`` left out."""
        if not admin1:
            return 0
        return self.in_scope.get((scope, admin1, admin2), 0) - self._self(d, scope, admin1, admin2)

    def report(self, d: PlaceCandidate, admin1: str, admin2: str = "") -> int:
        """Times the whole text names admin1 (and admin2), ``d`` left out."""
        if not admin1:
            return 0
        return self.in_text.get((admin1, admin2), 0) - self._self(d, None, admin1, admin2)


def scopes_of(sc: Scan, d: PlaceCandidate) -> tuple[Scope, Scope]:
    """The sentence and the clause ``d`` stands in."""
    return ("sentence", sc.sentence_of(d.s)), ("clause", sc.clause_of(d.s))


def build_evidence(sc: Scan, drafts: Sequence[PlaceCandidate]) -> Evidence:
    """The evidence of ``drafts`` (linear in their number)."""
    ev = Evidence(tuple(drafts))
    for d in ev.drafts:
        a1, a2 = settled_area(d)
        if not a1:
            continue
        scopes = scopes_of(sc, d)
        ev.own[id(d)] = (scopes, a1, a2)
        if d.hit is not None:
            ev.by_key[(d.hit.key, a1)] = ev.by_key.get((d.hit.key, a1), 0) + 1
        keys = [(a1, "")] + ([(a1, a2)] if a2 else [])
        for k1, k2 in keys:
            for scope in scopes:
                ev.in_scope[(scope, k1, k2)] = ev.in_scope.get((scope, k1, k2), 0) + 1
            ev.in_text[(k1, k2)] = ev.in_text.get((k1, k2), 0) + 1
    return ev
