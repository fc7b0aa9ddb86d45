"""Derive ``src/kashf/restore/data/domain.txt``: the conflict-news words restore favours when it
reads a dotless word.

Inputs (read only here, never by restore at run time: data flows from extract to restore, not
back):
- the words of the actor and trigger patterns of ``src/kashf/extract/data/`` (kashf's own
  tables);
- the Arabic names and aliases of the governorates, districts and subdistricts in
  ``src/kashf/gazetteer/data/places.tsv.gz`` (OCHA/UNCS Syria COD 2015, CC BY-IGO), and of
  kashf's hand-written places (``kashf_places.tsv``); villages are left out, since thousands of
  rare names would outvote ordinary words;
- the place qualifiers below (countryside, the four directions), written for kashf.

The output is sorted and deduplicated, so rerunning on the same inputs gives the same bytes::

    python scripts/derive_restore_domain.py [--out src/kashf/restore/data/domain.txt]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRACT = ROOT / "src" / "kashf" / "extract" / "data"
GAZETTEER = ROOT / "src" / "kashf" / "gazetteer" / "data"
OUT = ROOT / "src" / "kashf" / "restore" / "data" / "domain.txt"

QUALIFIERS = (
    "ريف", "شرق", "غرب", "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي", "شرقية", "غربية",
    "شمالية", "جنوبية", "محيط", "أطراف", "بلدة", "قرية", "مدينة", "حي", "بادية", "محافظة",
)  # fmt: skip
PLACE_KINDS = frozenset({"governorate", "district", "subdistrict"})
_WORD = re.compile("^[\u0621-\u064a]{2,}$")


def _rows(text: str) -> Iterator[dict[str, str]]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    yield from csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")


def _words(phrases: Iterable[str]) -> Iterator[str]:
    for phrase in phrases:
        for word in phrase.replace("*", " ").split():
            if _WORD.match(word):
                yield word


def pattern_words() -> Iterator[str]:
    for name in ("actors.tsv", "triggers.tsv"):
        for row in _rows((EXTRACT / name).read_text(encoding="utf-8")):
            yield from _words(row["patterns"].split("|"))


def place_words() -> Iterator[str]:
    with gzip.open(GAZETTEER / "places.tsv.gz", "rt", encoding="utf-8") as fh:
        text = fh.read()
    for row in _rows(text):
        if row["kind"] in PLACE_KINDS:
            yield from _words([row["name_ar"], *row["aliases"].split("|")])
    for row in _rows((GAZETTEER / "kashf_places.tsv").read_text(encoding="utf-8")):
        yield from _words([row["name_ar"], *row["aliases"].split("|")])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    words = sorted({*pattern_words(), *place_words(), *QUALIFIERS})
    header = (
        "# Conflict-news words restore favours when it reads a dotless word.\n"
        "# Derived by scripts/derive_restore_domain.py from kashf's actor and trigger tables,\n"
        "# the governorate/district/subdistrict names of the gazetteer (OCHA/UNCS Syria COD\n"
        "# 2015, CC BY-IGO) and kashf's own places and qualifiers. Do not edit by hand.\n"
    )
    args.out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
