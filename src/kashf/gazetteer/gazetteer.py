"""The :class:`Gazetteer`: places indexed by their keyed Arabic names, with the automaton that
finds them in text. ``Gazetteer.default()`` is the shipped table plus the hand-written areas
plus the user's imported places, loaded once on first use.
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from kashf.gazetteer import table
from kashf.gazetteer.model import ACLED_ADMIN1, ADMIN_KINDS, Place
from kashf.gazetteer.names import split_article, strip_head_noun, to_key

DATA_ENV = "KASHF_DATA_DIR"
USER_FILE = Path("gazetteer") / "user_places.tsv"


def user_data_dir() -> Path:
    """Where kashf keeps the user's data: ``$KASHF_DATA_DIR`` or ``~/.local/share/kashf``."""
    env = os.environ.get(DATA_ENV)
    return Path(env).expanduser() if env else Path.home() / ".local" / "share" / "kashf"


def user_places_path() -> Path:
    return user_data_dir() / USER_FILE


def _data_text(name: str) -> str:
    return (resources.files("kashf.gazetteer") / "data" / name).read_text(encoding="utf-8")


def _data_bytes(name: str) -> bytes:
    return (resources.files("kashf.gazetteer") / "data" / name).read_bytes()


def load_shipped() -> list[Place]:
    import gzip

    text = gzip.decompress(_data_bytes("places.tsv.gz")).decode("utf-8")
    return table.loads(text, origin="kashf/gazetteer/data/places.tsv.gz")


def load_hand_table(base: Sequence[Place]) -> tuple[list[Place], dict[Place, int], list[Place]]:
    """Read ``kashf_places.tsv``: new areas (with their geo_precision) and extra spellings.

    Returns (new places, precision per new place, ``base`` with the extra spellings applied).
    """
    lines = _data_text("kashf_places.tsv").split("\n")
    rows = [ln for ln in lines if ln and not ln.startswith("#")]
    header = rows[0].split("\t")
    new: list[Place] = []
    precision: dict[Place, int] = {}
    extra: dict[str, list[str]] = defaultdict(list)
    for line in rows[1:]:
        f = dict(zip(header, line.split("\t")))
        if f.get("alias_of"):
            extra[f["alias_of"]].append(f["name_ar"])
            continue
        place = Place(
            name_ar=f["name_ar"], name_en=f["name_en"], kind=f["kind"], admin1=f["admin1"],
            admin2=f["admin2"], admin3=f["admin3"], pcode="", latitude=float(f["latitude"]),
            longitude=float(f["longitude"]), rank=RANK_HAND, source="kashf",
            aliases=tuple(a for a in f["aliases"].split("|") if a),
        )
        new.append(place)
        precision[place] = int(f["geo_precision"])
    patched = [
        replace(p, aliases=p.aliases + tuple(extra[p.pcode])) if p.pcode in extra else p
        for p in base
    ]
    return new, precision, patched


# Hand-written areas are well-known names: rank them like a district centre.
RANK_HAND = 100_000
# A place this big is a place whatever common word its name also is (governorate capitals).
RANK_LANDMARK_CITY = 500_000
# Bigger than a village: sub-district centres and towns of 10,000+ (see the build script).
RANK_TOWN = 10_000


def _not_place_phrases() -> list[str]:
    lines = _data_text("not_places.tsv").split("\n")
    return [to_key(ln) for ln in lines if ln.strip() and not ln.startswith("#")]


_INDIC_DIGITS = str.maketrans("0123456789", "".join(chr(0x660 + i) for i in range(10)))


def outlet_keys(name: str) -> list[str]:
    """Keys of an outlet name: as written and, when it holds digits, with Arabic-Indic digits
    and with no space before the digits (``درعا 24``, ``درعا ٢٤``, ``درعا24``)."""
    key = to_key(name)
    out = [key]
    if re.search(r"[0-9]", key):
        for k in (key, key.translate(_INDIC_DIGITS)):
            out += [k, re.sub(r" (?=[0-9\u0660-\u0669])", "", k)]
    return list(dict.fromkeys(out))


def _outlet_phrases() -> dict[str, bool]:
    """``outlets.tsv``: outlet name key -> True when it names the outlet only after a cue."""
    rows = [ln for ln in _data_text("outlets.tsv").split("\n") if ln.strip() and ln[0] != "#"]
    header = rows[0].split("\t")
    out: dict[str, bool] = {}
    for line in rows[1:]:
        f = dict(zip(header, line.split("\t")))
        if f["where"] not in ("anywhere", "after-cue"):
            raise ValueError(f"outlets.tsv: where must be anywhere or after-cue: {line!r}")
        for key in outlet_keys(f["name"]):
            out[key] = f["where"] == "after-cue"
    return out


def name_keys(name: str) -> tuple[bool, str]:
    """(has article, core key) of a place name as indexed: head noun and article removed."""
    return split_article(strip_head_noun(to_key(name)))


class Gazetteer:
    """Places indexed for lookup and spotting. Build one from any places, or use
    :meth:`default` (shipped table + hand-written areas + the user's imported places)."""

    def __init__(
        self,
        places: Iterable[Place],
        *,
        precision: Mapping[Place, int] | None = None,
        not_places: Iterable[str] = (),
        outlets: Mapping[str, bool] | None = None,
    ) -> None:
        self.places: tuple[Place, ...] = tuple(places)
        self._precision = dict(precision or {})
        self._not_places = tuple(k for k in not_places if k)
        # news outlet name key -> names the outlet only after a cue word (see outlets.tsv)
        self.outlets: dict[str, bool] = {to_key(k): v for k, v in (outlets or {}).items() if k}
        # core key -> [(place, name has article)]
        index: dict[str, list[tuple[Place, bool]]] = defaultdict(list)
        for p in self.places:
            seen: set[tuple[bool, str]] = set()
            for n in (p.name_ar, *p.aliases):
                art, core = name_keys(n)
                if core and (art, core) not in seen:
                    seen.add((art, core))
                    index[core].append((p, art))
        self._index = dict(index)
        self._by_pcode = {p.pcode: p for p in self.places if p.pcode}

    # -- loading -----------------------------------------------------------------------------
    _base_lock = threading.Lock()
    _base: tuple[list[Place], dict[Place, int], list[str], dict[str, bool]] | None = None
    _default_cache: dict[tuple[str, int, int], Gazetteer] = {}  # noqa: RUF012 (class cache)

    @classmethod
    def _base_places(cls) -> tuple[list[Place], dict[Place, int], list[str], dict[str, bool]]:
        with cls._base_lock:
            if cls._base is None:
                shipped = load_shipped()
                hand, precision, shipped = load_hand_table(shipped)
                cls._base = (shipped + hand, precision, _not_place_phrases(), _outlet_phrases())
            return cls._base

    @classmethod
    def default(cls) -> Gazetteer:
        """The shipped gazetteer plus the user's (``$KASHF_DATA_DIR``); loaded once, cached.

        The cache is keyed by the user file's path and modification, so a ``kashf gazetteer
        import`` in the same process is picked up.
        """
        path = user_places_path()
        try:
            st = path.stat()
            stamp = (str(path), st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = (str(path), 0, -1)
        gaz = cls._default_cache.get(stamp)
        if gaz is None:
            places, precision, not_places, outlets = cls._base_places()
            user = table.read(path) if stamp[2] >= 0 else []
            gaz = cls(places + user, precision=precision, not_places=not_places, outlets=outlets)
            cls._default_cache.clear()
            cls._default_cache[stamp] = gaz
        return gaz

    # -- queries -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.places)

    def lookup(self, name: str) -> list[Place]:
        """Places called ``name`` (Arabic, compared after folding; or English, case-insensitive),
        biggest first. A name without the article also finds names with it when nothing has
        exactly that spelling (``رقة`` -> ``الرقة``)."""
        name = name.strip()
        if not name:
            return []
        if not any("\u0600" <= c <= "\u06ff" for c in name):
            low = name.casefold()
            hits = [p for p in self.places if p.name_en.casefold() == low]
            return sorted(hits, key=_rank_order)
        art, core = name_keys(name)
        entries = self._index.get(core, [])
        exact = [p for p, a in entries if a == art]
        found = exact or [p for p, _ in entries]
        return sorted(dict.fromkeys(found), key=_rank_order)

    def entries(self, core: str) -> list[tuple[Place, bool]]:
        return self._index.get(core, [])

    def by_pcode(self, pcode: str) -> Place | None:
        return self._by_pcode.get(pcode)

    def precision_of(self, place: Place) -> int:
        """geo_precision a mention of ``place`` gets when nothing in the text changes it."""
        if place in self._precision:
            return self._precision[place]
        if place.kind == "governorate":
            return 3
        if place.kind in ("district", "subdistrict"):
            return 2
        if place.kind in ("region", "landmark"):
            return 2 if place.admin2 else 3
        return 1

    # -- derived indexes (built on first use) ------------------------------------------------
    @cached_property
    def automaton(self) -> Any:
        """Aho–Corasick automaton over every core key, not-a-place phrase and outlet name."""
        import ahocorasick

        auto = ahocorasick.Automaton()
        for core in self._index:
            # "ريف دمشق" (Rural Damascus) is found by the countryside rule instead: "ريف" is a
            # head noun there and a direction may follow.
            if not core.startswith("ريف "):
                auto.add_word(core, core)
        for phrase in (*self._not_places, *self.outlets):
            auto.add_word(phrase, phrase)  # a hit's key is looked up in every table
        auto.make_automaton()
        return auto

    @cached_property
    def not_places(self) -> frozenset[str]:
        return frozenset(self._not_places)

    @cached_property
    def communities(self) -> dict[str, list[Place]]:
        out: dict[str, list[Place]] = defaultdict(list)
        for p in self.places:
            if p.kind == "community" and p.source == "ocha":
                out[p.admin1].append(p)
        return dict(out)

    @cached_property
    def governorates(self) -> dict[str, Place]:
        return {p.admin1: p for p in self.places if p.kind == "governorate"}

    @cached_property
    def capitals(self) -> dict[str, Place]:
        """The biggest community of each governorate (its capital)."""
        best: dict[str, Place] = {}
        for p in self.places:
            if p.kind == "community" and p.admin1 in ACLED_ADMIN1 and (
                p.admin1 not in best or p.rank > best[p.admin1].rank
            ):
                best[p.admin1] = p
        return best

    @cached_property
    def names_by_admin1(self) -> dict[str, dict[str, list[tuple[Place, bool]]]]:
        """admin1 -> core key -> entries: the names a typo may be corrected to."""
        out: dict[str, dict[str, list[tuple[Place, bool]]]] = defaultdict(dict)
        for core, entries in self._index.items():
            for p, art in entries:
                if p.admin1 and p.kind not in ADMIN_KINDS:
                    out[p.admin1].setdefault(core, []).append((p, art))
        return dict(out)


def _rank_order(p: Place) -> tuple[int, int]:
    return (-p.rank, 0 if p.kind not in ADMIN_KINDS else 1)


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing in degrees from point 1 to point 2."""
    p = math.pi / 180
    y = math.sin((lon2 - lon1) * p) * math.cos(lat2 * p)
    x = (math.cos(lat1 * p) * math.sin(lat2 * p)
         - math.sin(lat1 * p) * math.cos(lat2 * p) * math.cos((lon2 - lon1) * p))
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))
