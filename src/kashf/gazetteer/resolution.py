"""Stage 3 of place spotting, *resolution*: which place each candidate is.

Countrysides first (:func:`resolve_countrysides`: the town ``ريف X`` is built on, and the
district a direction points to); then each place by its qualifier, then by the governorate or
district the text names for sure (:mod:`kashf.gazetteer.evidence`): in the same clause, then
sentence, then the one the whole text names most, then the caller's hint, then by size
(:func:`by_context`, :func:`resolve_place`). A name known only in another governorate than its
qualifier's, or than the text's, is a village the gazetteer lacks (:func:`resolve_unknown`).
Each function returns new candidates; the reason says which step decided.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from kashf.gazetteer.candidates import PlaceCandidate, stop_verdict
from kashf.gazetteer.evidence import (
    Evidence,
    area,
    build_evidence,
    collapse_family,
    distinct,
    prefer_kind,
    scopes_of,
)
from kashf.gazetteer.gazetteer import RANK_LANDMARK_CITY, RANK_TOWN, bearing, km
from kashf.gazetteer.model import ADMIN_KINDS, Place
from kashf.gazetteer.names import DIRECTION_EN
from kashf.gazetteer.scan import Scan
from kashf.gazetteer.typos import typo
from kashf.rules import on, rule

# Ring around a town that its "countryside" covers, for telling which district a direction
# points to.
COUNTRYSIDE_KM = (5.0, 60.0)
_LEVEL = {1: "governorate", 2: "district"}

DIRECTION_DISTRICT = rule(
    "places.direction_points_to_a_district",
    "places",
    "The countryside of a governorate capital in one direction is the district most of the "
    "towns that way belong to (60 % or more), precision 2; otherwise only the governorate.",
    "قصفت الطائرات ريف إدلب الجنوبي -> Idleb countryside, district Al Ma'ra implied (precision 2)",
)
NAMESAKE_CLAUSE = rule(
    "places.namesake_named_in_the_clause",
    "places",
    "Of namesakes, the one in the governorate (better: district) named for sure in the same "
    "clause wins.",
    "قصفت الطائرات اللاذقية وجبلة، واشتبك المسلحون في المنصورة ومدينة حماة -> "
    "al-Mansura of Hama, named in its clause",
)
NAMESAKE_SENTENCE = rule(
    "places.namesake_named_in_the_sentence",
    "places",
    "Of namesakes, the one in the governorate named for sure in the same sentence wins.",
    "اشتبك المسلحون في المنصورة، وقصفت الطائرات مدينة حماة. وقصفت الطائرات اللاذقية "
    "وجبلة. -> al-Mansura of Hama, named in its sentence",
)
NAMESAKE_TEXT = rule(
    "places.namesake_the_text_names_most",
    "places",
    "Of namesakes, the one in the governorate the whole text names most wins.",
    "وقعت اشتباكات في المنصورة. وقصفت الطائرات اللاذقية. وسقطت قذائف على جبلة. -> "
    "al-Mansura of Lattakia",
)
ONLY_ELSEWHERE = rule(
    "places.namesake_only_elsewhere_is_a_local_village",
    "places",
    "A small village named with no qualifier, known only outside the one governorate the "
    "text is about, is a village of that governorate the gazetteer lacks (or no place at all "
    "without a place cue).",
    "قصفت الطائرات مدينة الرقة وقرية الحمدانية -> الحمدانية, a village of Ar-Raqqa the "
    "gazetteer lacks, not the one in Idleb",
)
NAMESAKE_HINT = rule(
    "places.namesake_in_the_governorate_the_caller_names",
    "places",
    "Of namesakes the text does not tell apart, the one in the governorate the caller says the "
    "report is about (admin1_hint) wins.",
    "(governorate Hama) اشتبك المسلحون في المنصورة -> al-Mansura of Hama",
)
KNOWN_ELSEWHERE = rule(
    "places.name_known_only_outside_its_qualifier",
    "places",
    "A name whose every namesake lies outside the area its qualifier names is a village of "
    "that area the gazetteer lacks, precision 2.",
    "قصفت الطائرات قرية الحمدانية بريف حماة -> الحمدانية, an unknown village in the Hama "
    "countryside (precision 2)",
)
NEAR = rule(
    "places.near_word_is_around_the_place",
    "places",
    "A place after قرب/أطراف/محيط/شرقي مدينة … is somewhere around it: precision 2, scope near.",
    "سقطت قذيفة قرب مدينة سراقب -> Saraqab, near it (precision 2)",
)


def resolve_countrysides(sc: Scan, cands: Sequence[PlaceCandidate]) -> list[PlaceCandidate]:
    """Every countryside resolved (its anchor town, governorate and district), before any
    other stage asks what area it names."""
    ev = build_evidence(sc, cands)
    return [resolve_countryside(sc, d, ev) if d.kind == "countryside" else d for d in cands]


def resolve_countryside(sc: Scan, d: PlaceCandidate, ev: Evidence) -> PlaceCandidate:
    assert d.hit is not None
    pool = collapse_family(d.hit.cands)
    pool = [p for p in pool if p.kind != "governorate"] or pool
    if len(pool) > 1:
        pool = by_context(sc, pool, d, ev)[0]
    if not pool:
        return d
    anchor = max(pool, key=lambda p: p.rank)
    admin1 = anchor.admin1
    capital_like = anchor.rank >= RANK_LANDMARK_CITY or anchor.kind == "governorate"
    if admin1 == "Damascus":
        admin1 = "Rural Damascus"  # the countryside of Damascus is its own governorate
    direction = DIRECTION_EN.get(d.bearing, "") if d.bearing is not None else ""
    words = f"{direction} " if direction else ""
    d = replace(d, anchor=anchor, admin1=admin1)
    if d.governorate:
        return replace(
            d,
            precision=3,
            confidence=0.9,
            reason=f"governorate {admin1}",
            place=sc.gaz.governorates.get(admin1),
        )
    if not capital_like:
        return replace(
            d,
            admin2=anchor.admin2,
            precision=2,
            confidence=0.85,
            reason=f"{words}countryside of {anchor.name_en}; district {anchor.admin2}",
        )
    district = district_towards(sc, anchor, admin1, d.bearing) if on(DIRECTION_DISTRICT) else ""
    if district:
        return replace(
            d,
            admin2=district,
            precision=2,
            confidence=0.8,
            reason=f"{words}countryside of {anchor.name_en}; district {district} implied",
            district_implied=True,
        )
    return replace(
        d,
        precision=3,
        confidence=0.8,
        reason=f"{words}countryside of {anchor.name_en}; district not implied",
    )


def district_towards(sc: Scan, anchor: Place, admin1: str, b: float | None) -> str:
    """The district most of ``admin1``'s communities lying towards bearing ``b`` from
    ``anchor`` belong to (60 % or more of them), else "" (the direction spans districts)."""
    if b is None:
        return ""
    counts: dict[str, int] = {}
    for p in sc.gaz.communities.get(admin1, []):
        dist_km = km(anchor.latitude, anchor.longitude, p.latitude, p.longitude)
        if not COUNTRYSIDE_KM[0] <= dist_km <= COUNTRYSIDE_KM[1]:
            continue
        towards = bearing(anchor.latitude, anchor.longitude, p.latitude, p.longitude)
        if abs((towards - b + 180) % 360 - 180) <= 45:
            counts[p.admin2] = counts.get(p.admin2, 0) + 1
    total = sum(counts.values())
    if not total:
        return ""
    top, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return top if n >= 0.6 * total else ""


def by_context(
    sc: Scan, cands: list[Place], d: PlaceCandidate, ev: Evidence
) -> tuple[list[Place], str]:
    """Narrow the namesakes ``cands`` of ``d`` by what the text names for sure, in order: the
    governorate (better: the district) named in the same clause, then in the same sentence
    ("في ريف إدلب ... قرية السعدية، وفي القامشلي ...": the clause's, when the sentence names the
    homes of several); the governorate (then district) the whole text names most; the caller's
    ``admin1_hint``. Each step that narrows says so in the reason; the caller falls back to
    size."""
    sentence, clause = scopes_of(sc, d)
    pool = list(cands)
    why: list[str] = []

    def narrow(score: Callable[[Place], int], reason: Callable[[int], str]) -> None:
        nonlocal pool
        scores = [score(p) for p in pool]
        top = max(scores, default=0)
        if top > 0 and min(scores) < top:
            pool = [p for p, sc in zip(pool, scores, strict=True) if sc == top]
            why.append(reason(top))

    for scope, name in ((clause, NAMESAKE_CLAUSE), (sentence, NAMESAKE_SENTENCE)):
        if not on(name):
            continue

        def level(p: Place, scope: tuple[str, int] = scope) -> int:
            if p.admin2 and ev.within(d, scope, p.admin1, p.admin2):
                return 2
            return 1 if ev.within(d, scope, p.admin1) else 0

        def said(top: int, scope: tuple[str, int] = scope) -> str:
            return f"{_LEVEL[top]} named in the same {scope[0]}"

        narrow(level, said)
    if on(NAMESAKE_TEXT):
        narrow(
            lambda p: ev.report(d, p.admin1),
            lambda n: f"governorate the text names most ({n}x)",
        )
        narrow(
            lambda p: ev.report(d, p.admin1, p.admin2) if p.admin2 else 0,
            lambda n: f"district the text names most ({n}x)",
        )
    if on(NAMESAKE_HINT):
        narrow(lambda p: int(p.admin1 in sc.hints), lambda _n: "governorate hint")
    return pool, "; ".join(why)


def resolve_place(
    sc: Scan, d: PlaceCandidate, ev: Evidence, around: Sequence[PlaceCandidate]
) -> PlaceCandidate:
    """The place a name (or a road's first town) is. ``around``: the text's candidates as far
    as resolution has got (for telling whether ``d`` stands in a list of places)."""
    assert d.hit is not None
    h = d.hit
    asked = d  # the evidence knows ``d`` by identity: ask it with this one
    cands = collapse_family(prefer_kind(h.cands, d.head))
    reasons = ["exact"]
    conf = 0.95
    common_word = False
    if h.art_dropped:
        reasons.append("article dropped")
        conf -= 0.1
    if any(stop_verdict(sc, h, p) != "ok" for p in cands):
        reasons.append("common word, place cue")
        common_word = True
        conf -= 0.1
    d = replace(d, common_word=common_word)
    name = _name_surface(sc, d)
    if d.qualifier is not None:
        qa1, qa2 = area(d.qualifier)
        agree = [p for p in cands if p.admin1 == qa1 and (not qa2 or p.admin2 == qa2)]
        agree = agree or [p for p in cands if p.admin1 == qa1]
        if not agree and on(KNOWN_ELSEWHERE):
            return resolve_unknown(sc, d, name=name, note=f"'{h.key}' known only elsewhere")
        if agree:
            what = "countryside" if d.qualifier.kind == "countryside" else "place"
            reasons.append(f"inside {what} named next to it")
            cands = agree
    elsewhere = only_elsewhere(sc, asked, cands, ev) if on(ONLY_ELSEWHERE) else ""
    if elsewhere and not (d.locative or d.head or listed(sc, asked, around)):
        # no cue either: a word ("الإجرام الأسدية"), not a namesake village
        return replace(d, place=None, reason="dropped: only a village elsewhere, no place cue")
    if elsewhere:
        note = f"'{h.key}' known only outside {elsewhere}"
        u = resolve_unknown(sc, d, name=name, admin1=elsewhere, note=note)
        return replace(u, reason=u.reason + "; governorate the text is about")
    options = distinct(cands)
    if len(options) > 1:
        narrowed, why = by_context(sc, options, asked, ev)
        if why:
            reasons.append(f"ambiguous ({len(options)} places); {why}")
            conf = min(conf, 0.8 if "district" in why else 0.75)
        if len(distinct(narrowed)) > 1:
            ranks = sorted((p.rank for p in narrowed), reverse=True)
            reasons.append(f"ambiguous ({len(narrowed)} places); biggest chosen")
            # A town against villages of the same name is a safe bet; equals are a coin.
            conf = min(
                conf, 0.45 if ranks[0] == ranks[1] else 0.7 if ranks[0] >= 10 * ranks[1] else 0.55
            )
        options = narrowed
    place = max(options, key=lambda p: (p.rank, p.kind not in ADMIN_KINDS))
    precision = sc.gaz.precision_of(place)
    near_point = False
    if d.near and precision == 1 and on(NEAR):
        precision, near_point = 2, True
        reasons.append("near it")
    if d.kind == "road":
        precision = max(precision, 2)
        reasons.append("road; first town" if d.name_text else "road")
        conf = min(conf, 0.75)
    return replace(
        d,
        place=place,
        admin1=place.admin1,
        admin2=place.admin2,
        admin3=place.admin3,
        precision=precision,
        near_point=near_point,
        confidence=round(conf, 2),
        reason="; ".join(reasons),
    )


def resolve_unknown(
    sc: Scan, d: PlaceCandidate, name: str, note: str = "", admin1: str = ""
) -> PlaceCandidate:
    """A village the gazetteer lacks, placed by its qualifier (or ``admin1``, or the hint);
    or, one edit away from a name of that area, that place (a typo)."""
    q = d.qualifier
    if q is not None:
        qa1, qa2 = area(q)
    else:
        qa1, qa2 = admin1 or (sc.hints[0] if sc.hints else ""), ""
    found = typo(sc, d.name_ti, d.name_tj, qa1, qa2)
    if found is not None:
        place, why = found
        return replace(
            d,
            kind="place",
            place=place,
            admin1=place.admin1,
            admin2=place.admin2,
            admin3=place.admin3,
            precision=sc.gaz.precision_of(place),
            confidence=0.6,
            reason=f"typo 1 edit; {why}",
        )
    anchor = (
        q.anchor
        if q is not None and q.kind == "countryside"
        else (q.place if q is not None else None)
    )
    if anchor is None:
        anchor = sc.gaz.capitals.get(qa1)
    if q is not None and q.kind == "countryside" and not q.governorate:
        precision, where = 2, f"{qa1} countryside"
    else:
        precision, where = (2 if qa2 else 3), qa2 or qa1
    reason = f"unknown village in {where}" + (f" ({note})" if note else "")
    if q is None and not admin1:
        reason += "; governorate from hint"
    return replace(
        d,
        kind="unknown",
        name_text=name,
        place=None,
        admin1=qa1,
        admin2=qa2,
        admin3="",
        anchor=anchor,
        precision=precision,
        confidence=0.5 if q is not None else 0.35,
        reason=reason,
    )


def listed(sc: Scan, d: PlaceCandidate, around: Sequence[PlaceCandidate]) -> bool:
    """``d`` is joined by و to a place candidate on either side ("النقير وقرقور وترملا")."""

    def place_at(k: int) -> bool:
        return any(x is not d and x.kind in ("place", "road") and x.ti <= k <= x.tj for x in around)

    left = sc.tok(d.ti).startswith("و") and sc.joined(d.ti - 1, d.ti) and place_at(d.ti - 1)
    right = sc.tok(d.tj + 1).startswith("و") and sc.joined(d.tj, d.tj + 1) and place_at(d.tj + 1)
    return left or right


def only_elsewhere(sc: Scan, d: PlaceCandidate, cands: list[Place], ev: Evidence) -> str:
    """The one governorate the rest of the text is about, when ``d`` (no qualifier) names
    only small villages outside it ("مناشر البريج" in a report about Aleppo: the Breij in
    Homs is a namesake); else "". Other mentions of the same name do not count."""
    if d.qualifier is not None or d.hit is None or not cands:
        return ""
    if any(p.rank >= RANK_TOWN or p.kind != "community" for p in cands):
        return ""
    others = {
        a1 for (a1, a2), n in ev.in_text.items() if not a2 and n > ev.by_key.get((d.hit.key, a1), 0)
    }
    others |= set(sc.hints)
    if len(others) != 1:
        return ""
    (a1,) = others
    return "" if any(p.admin1 == a1 for p in cands) else a1


def _name_surface(sc: Scan, d: PlaceCandidate) -> str:
    """The name as written, without و/ف/ب/ل/ك but with its article."""
    assert d.hit is not None
    h = d.hit
    core = sc.surface(h.s + len(h.prefix), h.e)
    if h.prefix.endswith("ال"):
        return sc.surface(h.s + len(h.prefix) - 2, h.e)
    return "ال" + core if h.prefix.endswith("لل") else core
