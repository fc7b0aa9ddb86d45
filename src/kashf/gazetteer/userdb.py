"""The user gazetteer: places a user imports from a CSV (``kashf gazetteer import``).

Columns are recognised by common names (``name_ar``/``arabic_name``, ``latitude``/``lat``,
admin p-codes such as ``admin1_pcode`` or ``ocha2015_admin1_pcode``, admin names such as
``governorate``). Every row is either added or skipped with a reason and its line number; rows
that only repeat a place the gazetteer already has are counted apart from bad rows.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kashf.gazetteer import table
from kashf.gazetteer.gazetteer import Gazetteer, km, name_keys, user_places_path
from kashf.gazetteer.model import ACLED_ADMIN1, ADMIN1_BY_PCODE, KINDS, Place
from kashf.gazetteer.names import split_name_variants, to_key

# Syria's bounding box with a small margin: a point outside is a typo or another country.
SYRIA_BOX = (32.0, 37.6, 35.4, 42.6)
SAME_PLACE_KM = 1.0
INFER_ADMIN_KM = 25.0
DEFAULT_RANK = 1_000

# Accepted column names (lower-case, spaces/dashes as underscores), most specific first.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "name_ar": ("name_ar", "arabic_name", "name_arabic", "ar_name", "arabic", "name_ara",
                "الاسم", "اسم"),
    "name_en": ("name_en", "english_name", "name_english", "en_name", "english", "name_eng"),
    "name": ("name", "place", "location"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
    "pcode": ("pcode", "p_code", "admin4_pcode", "community_pcode", "adm4_pcode"),
    "kind": ("kind", "type", "feature_type"),
    "rank": ("rank", "population", "pop"),
}
_ADMIN_PCODE = re.compile(r"^(?:.*_)?(?:admin|adm)([123])_?(?:pcode|p_code|code)$")
_ADMIN_NAME = re.compile(r"^(?:admin|adm)([123])(?:_?(?:en|name|name_en))?$")
_ADMIN_WORDS = {"governorate": "1", "province": "1", "muhafaza": "1", "district": "2",
                "mantika": "2", "subdistrict": "3", "sub_district": "3", "nahia": "3"}


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass
class ImportReport:
    rows_read: int = 0
    added: list[Place] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)  # bad rows
    duplicates: list[RowProblem] = field(default_factory=list)  # already known
    notes: list[RowProblem] = field(default_factory=list)  # added, with a remark
    columns: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [
            f"rows read: {self.rows_read}",
            f"added: {len(self.added)}",
            f"skipped (already in the gazetteer): {len(self.duplicates)}",
            f"skipped (bad rows): {len(self.skipped)}",
        ]
        for reason, n in Counter(_reason_class(p.reason) for p in self.skipped).most_common():
            lines.append(f"  {n} x {reason}")
        for reason, n in Counter(_reason_class(p.reason) for p in self.notes).most_common():
            lines.append(f"note: {n} added rows: {reason}")
        return "\n".join(lines)


def _reason_class(reason: str) -> str:
    return reason.split(":")[0]


def _norm(col: str) -> str:
    return re.sub(r"[\s\-]+", "_", col.strip().lower())


def detect_columns(header: Sequence[str]) -> dict[str, list[str]]:
    """Map roles (name_ar, latitude, admin1_pcode, admin2_name, ...) to header columns."""
    cols = {_norm(c): c for c in header}
    roles: dict[str, list[str]] = {}
    for role, names in COLUMN_NAMES.items():
        found = [cols[n] for n in names if n in cols]
        if found:
            roles[role] = found
    for n, orig in cols.items():
        m = _ADMIN_PCODE.match(n)
        if m:
            roles.setdefault(f"admin{m.group(1)}_pcode", []).append(orig)
            continue
        m = _ADMIN_NAME.match(n)
        level = m.group(1) if m else _ADMIN_WORDS.get(n)
        if level:
            roles.setdefault(f"admin{level}_name", []).append(orig)
    return roles


def _first(row: Mapping[str, str], cols: Sequence[str]) -> str:
    for c in cols:
        v = (row.get(c) or "").strip()
        if v:
            return v
    return ""


_ADMIN1_KEYS = {re.sub(r"[^a-z]", "", a.lower()): a for a in ACLED_ADMIN1}
_ADMIN1_KEYS.update({"deirezzor": "Deir ez-Zor", "idlib": "Idleb", "latakia": "Lattakia",
                     "raqqa": "Ar-Raqqa", "daraa": "Dar'a", "hasakeh": "Al-Hasakeh",
                     "alhasakah": "Al-Hasakeh", "sweida": "As-Sweida", "tartus": "Tartous",
                     "rifdimashq": "Rural Damascus", "quneitra": "Quneitra"})


def _admin1_from_name(name: str, gaz: Gazetteer) -> str:
    key = re.sub(r"[^a-z]", "", name.lower())
    if key in _ADMIN1_KEYS:
        return _ADMIN1_KEYS[key]
    govs = [p for p in gaz.lookup(name) if p.kind == "governorate"]
    return govs[0].admin1 if govs else ""


def _admin_from_name(name: str, level: str, admin1: str, gaz: Gazetteer) -> str:
    kind = {"2": "district", "3": "subdistrict"}[level]
    for p in gaz.lookup(name):
        if p.kind == kind and (not admin1 or p.admin1 == admin1):
            return p.admin2 if level == "2" else p.admin3
    return ""


def _qualifier_keys(gaz: Gazetteer) -> set[str]:
    out = set()
    for p in gaz.places:
        if p.kind in ("governorate", "district", "subdistrict"):
            out.add(to_key(p.name_ar))
    return out


def places_from_rows(
    rows: Sequence[tuple[int, Mapping[str, str]]],
    header: Sequence[str],
    gaz: Gazetteer,
) -> ImportReport:
    """Turn CSV rows (with their line numbers) into user places; pure, no I/O.

    ``gaz`` is the gazetteer the places join (shipped + already imported): it resolves p-codes
    and admin names and tells duplicates.
    """
    report = ImportReport()
    roles = detect_columns(header)
    report.columns = {k: ", ".join(v) for k, v in roles.items()}
    qualifiers = _qualifier_keys(gaz)
    communities = [p for p in gaz.places if p.kind == "community" and p.source == "ocha"]
    seen_in_file: dict[str, list[tuple[Place, int]]] = {}
    for line, row in rows:
        report.rows_read += 1
        problem = _row_to_place(line, row, roles, gaz, qualifiers, communities)
        if isinstance(problem, RowProblem):
            report.skipped.append(problem)
            continue
        place, notes = problem
        dup = _duplicate_of(place, gaz)
        if dup:
            report.duplicates.append(RowProblem(line, f"already in the gazetteer: {dup}"))
            continue
        core = name_keys(place.name_ar)[1]
        earlier = [
            n for p, n in seen_in_file.get(core, [])
            if km(p.latitude, p.longitude, place.latitude, place.longitude) < SAME_PLACE_KM
        ]
        if earlier:
            report.duplicates.append(
                RowProblem(line, f"duplicate: same place as line {earlier[0]}")
            )
            continue
        seen_in_file.setdefault(core, []).append((place, line))
        report.added.append(place)
        report.notes.extend(RowProblem(line, n) for n in notes)
    return report


def _row_to_place(
    line: int,
    row: Mapping[str, str],
    roles: Mapping[str, list[str]],
    gaz: Gazetteer,
    qualifiers: set[str],
    communities: Sequence[Place],
) -> tuple[Place, list[str]] | RowProblem:
    notes: list[str] = []
    name_ar = _first(row, roles.get("name_ar", []))
    name_any = _first(row, roles.get("name", []))
    if not name_ar and re.search("[\u0621-\u064a]", name_any):
        name_ar = name_any
    if not re.search("[\u0621-\u064a]", name_ar):
        return RowProblem(line, "no Arabic name: needs a name_ar column with Arabic letters")
    variants = split_name_variants(name_ar, qualifiers)
    if not variants:
        return RowProblem(line, f"no Arabic name: {name_ar!r} has no usable spelling")
    name_en = _first(row, roles.get("name_en", [])) or (
        name_any if name_any and not re.search("[\u0621-\u064a]", name_any) else ""
    )
    name_en = re.sub(r"\s*\([^)]*\)\s*$", "", name_en)  # "Hamadaniyeh (Maadan)": the context
    pcode = _first(row, roles.get("pcode", []))
    known = gaz.by_pcode(pcode) if pcode else None

    lat_s = _first(row, roles.get("latitude", []))
    lon_s = _first(row, roles.get("longitude", []))
    lat = lon = None
    if lat_s or lon_s:
        try:
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            return RowProblem(line, f"bad coordinates: latitude {lat_s!r}, longitude {lon_s!r}")
        if not (SYRIA_BOX[0] <= lat <= SYRIA_BOX[1] and SYRIA_BOX[2] <= lon <= SYRIA_BOX[3]):
            return RowProblem(line, f"coordinates outside Syria: {lat}, {lon}")
    elif known is not None:
        lat, lon = known.latitude, known.longitude
    else:
        return RowProblem(line, "no coordinates: needs latitude/longitude columns")

    admin = {"1": "", "2": "", "3": ""}
    for level in "123":
        code = _first(row, roles.get(f"admin{level}_pcode", []))
        if code:
            if level == "1":
                admin["1"] = ADMIN1_BY_PCODE.get(code, "")
            else:
                unit = gaz.by_pcode(code)
                admin[level] = (unit.admin2 if level == "2" else unit.admin3) if unit else ""
            if not admin[level]:
                notes.append(f"unknown admin{level} p-code: {code!r} ignored")
    name1 = _first(row, roles.get("admin1_name", []))
    if not admin["1"] and name1:
        admin["1"] = _admin1_from_name(name1, gaz)
        if not admin["1"]:
            return RowProblem(line, f"unknown governorate: {name1!r}")
    for level in "23":
        nm = _first(row, roles.get(f"admin{level}_name", []))
        if not admin[level] and nm:
            admin[level] = _admin_from_name(nm, level, admin["1"], gaz)
    if known is not None:
        for level, value in (("1", known.admin1), ("2", known.admin2), ("3", known.admin3)):
            admin[level] = admin[level] or value
    if not all(admin.values()):
        inferred = _infer_admin(lat, lon, admin, communities)
        if inferred:
            notes.append("admin inferred from the nearest OCHA communities: " + ", ".join(
                f"admin{k}" for k in "123" if not admin[k] and inferred[k]))
            for k in "123":
                admin[k] = admin[k] or inferred[k]
    if not admin["1"]:
        return RowProblem(line, "no governorate: no admin column and no OCHA community nearby")

    kind = _first(row, roles.get("kind", [])).lower()
    if kind not in KINDS:
        kind = "community"
    rank_s = _first(row, roles.get("rank", []))
    try:
        rank = int(float(rank_s)) if rank_s else DEFAULT_RANK
    except ValueError:
        return RowProblem(line, f"bad rank/population: {rank_s!r}")
    place = Place(
        name_ar=variants[0], name_en=name_en or variants[0], kind=kind, admin1=admin["1"],
        admin2=admin["2"], admin3=admin["3"], pcode=pcode, latitude=round(lat, 6),
        longitude=round(lon, 6), rank=rank, source="user", aliases=tuple(variants[1:]),
    )
    return place, notes


def _infer_admin(lat: float, lon: float, admin: Mapping[str, str],
                 communities: Sequence[Place]) -> dict[str, str] | None:
    """Admin names most of the 5 nearest OCHA communities agree on (within the known ones)."""
    pool = [p for p in communities
            if (not admin["1"] or p.admin1 == admin["1"])
            and (not admin["2"] or p.admin2 == admin["2"])]
    near = sorted(pool, key=lambda p: km(lat, lon, p.latitude, p.longitude))[:5]
    near = [p for p in near if km(lat, lon, p.latitude, p.longitude) <= INFER_ADMIN_KM]
    if not near:
        return None
    out = {}
    for k, attr in (("1", "admin1"), ("2", "admin2"), ("3", "admin3")):
        top, n = Counter(getattr(p, attr) for p in near).most_common(1)[0]
        out[k] = top if n * 2 > len(near) or len(near) == 1 else ""
    return out


def _duplicate_of(place: Place, gaz: Gazetteer) -> str:
    if place.pcode:
        known = gaz.by_pcode(place.pcode)
        if known is not None and to_key(known.name_ar) == to_key(place.name_ar):
            return f"same p-code {place.pcode} ({known.source})"
    _art, core = name_keys(place.name_ar)
    for p, _ in gaz.entries(core):
        if km(p.latitude, p.longitude, place.latitude, place.longitude) < SAME_PLACE_KM:
            return f"{p.name_ar} ({p.source}, {p.admin1}) within {SAME_PLACE_KM:g} km"
    return ""


def read_csv_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs; the header is line 1."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        sample = f.read(4096)
        f.seek(0)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(f, dialect=dialect)
        header = list(reader.fieldnames or [])
        rows = [(reader.line_num, {k: v for k, v in r.items() if isinstance(k, str) and
                                   isinstance(v, str)}) for r in reader]
    return header, rows


def import_csv(path: Path, *, dry_run: bool = False) -> ImportReport:
    """Read ``path`` and add its new places to the user gazetteer (unless ``dry_run``)."""
    header, rows = read_csv_rows(path)
    if not header:
        raise ValueError(f"{path}: empty file or no header row")
    gaz = Gazetteer.default()
    report = places_from_rows(rows, header, gaz)
    if "name_ar" not in report.columns and "name" not in report.columns:
        raise ValueError(
            f"{path}: no Arabic name column (looked for {', '.join(COLUMN_NAMES['name_ar'])}); "
            f"header is {', '.join(header)}"
        )
    if report.added and not dry_run:
        target = user_places_path()
        existing = table.read(target) if target.exists() else []
        table.write(target, [*existing, *report.added], note="kashf user gazetteer")
    return report
