"""The on-disk place table: a versioned, tab-separated file (gzip for the shipped copy).

Line 1 is a header ``#kashf-places<TAB>format=1<TAB>...``; line 2 the column names; then one
place per line. The shipped table and the user gazetteer use the same format.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable
from pathlib import Path

from kashf.gazetteer.model import Place

MAGIC = "#kashf-places"
FORMAT = "format=1"
COLUMNS: tuple[str, ...] = (
    "name_ar", "name_en", "kind", "admin1", "admin2", "admin3", "pcode",
    "latitude", "longitude", "rank", "source", "aliases",
)


class TableError(ValueError):
    """The file is not a kashf place table (or not this format version)."""


def _clean(value: str) -> str:
    # Tabs and newlines would break the row; names never need them.
    return " ".join(value.split())


def dumps(places: Iterable[Place], note: str = "") -> str:
    lines = [f"{MAGIC}\t{FORMAT}\t{_clean(note)}".rstrip("\t"), "\t".join(COLUMNS)]
    for p in places:
        row = (
            p.name_ar, p.name_en, p.kind, p.admin1, p.admin2, p.admin3, p.pcode,
            f"{p.latitude:.5f}", f"{p.longitude:.5f}", str(p.rank), p.source,
            "|".join(p.aliases),
        )
        lines.append("\t".join(_clean(v) for v in row))
    return "\n".join(lines) + "\n"


def loads(text: str, origin: str = "<table>") -> list[Place]:
    lines = text.split("\n")
    if not lines or not lines[0].startswith(MAGIC):
        raise TableError(f"{origin}: not a kashf place table (missing {MAGIC!r} header)")
    if FORMAT not in lines[0].split("\t"):
        raise TableError(f"{origin}: unsupported table format: {lines[0]!r}")
    if len(lines) < 2 or tuple(lines[1].split("\t")) != COLUMNS:
        raise TableError(f"{origin}: unexpected columns {lines[1:2]!r}")
    places: list[Place] = []
    for n, line in enumerate(lines[2:], start=3):
        if not line:
            continue
        f = line.split("\t")
        if len(f) != len(COLUMNS):
            raise TableError(f"{origin}:{n}: expected {len(COLUMNS)} fields, got {len(f)}")
        places.append(
            Place(
                name_ar=f[0], name_en=f[1], kind=f[2], admin1=f[3], admin2=f[4], admin3=f[5],
                pcode=f[6], latitude=float(f[7]), longitude=float(f[8]), rank=int(f[9]),
                source=f[10], aliases=tuple(a for a in f[11].split("|") if a),
            )
        )
    return places


def read(path: Path) -> list[Place]:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return loads(data.decode("utf-8"), origin=str(path))


def write(path: Path, places: Iterable[Place], note: str = "") -> None:
    text = dumps(places, note).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        buf = io.BytesIO()
        # mtime=0: the same input gives the same bytes (the build is deterministic).
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(text)
        text = buf.getvalue()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text)
    tmp.replace(path)
