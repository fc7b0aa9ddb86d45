"""The gazetteer's records: :class:`Place` (an entry) and :class:`PlaceMention` (a span of text
resolved to a place, or to an area when the place itself is unknown)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SCOPES: tuple[str, ...] = (
    "point", "near", "road", "countryside", "subdistrict", "district", "governorate", "region",
)  # fmt: skip
KINDS: tuple[str, ...] = (
    "governorate",
    "district",
    "subdistrict",
    "community",
    "region",
    "landmark",
)
SOURCES: tuple[str, ...] = ("ocha", "geonames", "kashf", "user")
ADMIN_KINDS: frozenset[str] = frozenset({"governorate", "district", "subdistrict"})

# Governorates in ACLED spelling, keyed by OCHA p-code. OCHA's own English spellings differ in
# places (``Deir-ez-Zor``); every admin1 the package emits goes through this table.
ADMIN1_BY_PCODE: dict[str, str] = {
    "SY01": "Damascus",
    "SY02": "Aleppo",
    "SY03": "Rural Damascus",
    "SY04": "Homs",
    "SY05": "Hama",
    "SY06": "Lattakia",
    "SY07": "Idleb",
    "SY08": "Al-Hasakeh",
    "SY09": "Deir ez-Zor",
    "SY10": "Tartous",
    "SY11": "Ar-Raqqa",
    "SY12": "Dar'a",
    "SY13": "As-Sweida",
    "SY14": "Quneitra",
}
ACLED_ADMIN1: frozenset[str] = frozenset(ADMIN1_BY_PCODE.values())


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. Admin names are English (admin1 in ACLED spelling), "" when unknown.

    ``rank`` orders places by importance (an estimated population: GeoNames where it has one,
    else from the OCHA capital level), so bigger places win ties.
    """

    name_ar: str
    name_en: str
    kind: str
    admin1: str
    admin2: str
    admin3: str
    pcode: str
    latitude: float
    longitude: float
    rank: int
    source: str
    # Other Arabic spellings (alternate names, Kurdish/Turkish village names written in Arabic).
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "kind": self.kind,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "pcode": self.pcode,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "rank": self.rank,
            "source": self.source,
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a text: ``text[start:end]`` (offsets into the text given to
    :func:`find_places`), the gazetteer entry it resolved to (``None`` for a village the gazetteer
    lacks, located only by the countryside phrase next to it) and the ACLED location fields.

    ``geo_precision``: 1 the place itself, 2 near it / part of a district, 3 only the governorate
    or a larger region. ``reason`` says in a few English words how it was resolved.
    """

    start: int
    end: int
    text: str
    place: Place | None
    location: str
    admin1: str
    admin2: str
    admin3: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    confidence: float
    reason: str
    # What the words say, typed, for the stages after this one (which never read ``reason``):
    # ``scope`` the point (a town, a village), "near" a place (قرب, محيط, غربي مدينة ...), a
    # "road", a town's or a governorate's "countryside", or a "subdistrict", "district",
    # "governorate" or "region" itself; ``district_implied`` when a countryside's district was
    # only guessed from a direction (ريف إدلب الجنوبي); ``common_word`` when the name is also an
    # ordinary word and only a cue made it a place; ``cue`` the head noun or cue word (بلدة, ريف).
    scope: str = "point"
    district_implied: bool = False
    common_word: bool = False
    cue: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "place": self.place.to_dict() if self.place else None,
            "location": self.location,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geo_precision": self.geo_precision,
            "confidence": self.confidence,
            "reason": self.reason,
            "scope": self.scope,
            "district_implied": self.district_implied,
            "common_word": self.common_word,
            "cue": self.cue,
        }
