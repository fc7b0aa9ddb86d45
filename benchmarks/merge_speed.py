"""Merge speed and memory: events/s and peak RSS at 10^4, 10^5, 10^6 synthetic per-report events.

    python benchmarks/merge_speed.py [--sizes 10000,100000,1000000] [--markdown]

Each size runs in a fresh interpreter (so its peak RSS is its own): it generates per-report
records on the fly (never held as a list), merges them with ``kashf.merge_events`` and counts
the rows. The density is fixed (14 governorates, 6 real events per governorate and day, each
told by 1-4 reports plus an occasional repost), so a larger input means more days, as a longer
archive would. The input comes in report order (by day, governorates interleaved), which is
not the (governorate, day) order the sweep needs: the external sort does its full work.

Sizes up to 10^5 run three times and the fastest run is kept (on a shared machine a short run
is easily slowed down; the one 10^6 run is not helped so, which can only overstate growth).
Baseline, run in the same interpreter on the same records: one JSON encode + decode per record
(what reading and writing the events files costs anyway). Targets (issue 12): 10^6 in one pass
with peak RSS <= 500 MB; time from 10^4 to 10^6 within 120x.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

GOVERNORATES = {
    "Idleb": [("Ariha", "Ariha"), ("Saraqab", "Idleb"), ("Kafr Nobol", "Al Ma'ra")],
    "Aleppo": [("Al Bab", "Al Bab"), ("Azaz", "A'zaz"), ("Atareb", "Jebel Saman")],
    "Deir ez-Zor": [("Al Mayadin", "Al Mayadin"), ("Abu Kamal", "Abu Kamal"),
                    ("Thiban", "Al Mayadin")],
    "Ar-Raqqa": [("Maadan", "Ar-Raqqa"), ("Al-Thawrah", "Ath-Thawrah"), ("Ein Issa", "Tell Abiad")],
    "Dar'a": [("Tafas", "Dar'a"), ("Nawa", "Izra'"), ("Jasim", "Izra'")],
    "Al-Hasakeh": [("Qamishli", "Qamishli"), ("Ras Al Ain", "Ras Al Ain"),
                   ("Al-Hol", "Al-Hasakeh")],
    "Homs": [("Talbiseh", "Ar-Rastan"), ("Tadmor", "Tadmor"), ("Al-Qusayr", "Al-Qusayr")],
    "Hama": [("Kafr Zeita", "Muhradah"), ("Latamneh", "Muhradah"), ("Suran", "Hama")],
    "Rural Damascus": [("Duma", "Duma"), ("Zabadani", "Az-Zabdani"), ("Qatana", "Qatana")],
    "As-Sweida": [("Shahba", "Shahba"), ("Salkhad", "Salkhad"), ("As-Sweida", "As-Sweida")],
    "Lattakia": [("Kabani", "Al-Haffa"), ("Rabee'a", "Al-Haffa"), ("Kessab", "Lattakia")],
    "Tartous": [("Baniyas", "Banyas"), ("Safita", "Safita"), ("Dreikish", "Duraykish")],
    "Quneitra": [("Khan Arnaba", "Quneitra"), ("Jubata Al-Khashab", "Quneitra"),
                 ("Beer Ajam", "Quneitra")],
    "Damascus": [("Jobar", "Damascus"), ("Qaboun", "Damascus"), ("Barzeh", "Damascus")],
}  # fmt: skip
KINDS = [
    ("Battles", "Armed clash", "SDF: Syrian Democratic Forces", 2, "Islamic State (Syria)", 2),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack",
     "Military Forces of Syria", 1, "Civilians (Syria)", 7),
    ("Explosions/Remote violence", "Air/drone strike", "Military Forces of Russia", 8, None, None),
    ("Violence against civilians", "Attack", "Unidentified Armed Group (Syria)", 3,
     "Civilians (Syria)", 7),
    ("Strategic developments", "Arrests", "Military Forces of Syria", 1, "Civilians (Syria)", 7),
    ("Protests", "Peaceful protest", "Protesters (Syria)", 6, None, None),
]  # fmt: skip
EVENTS_PER_GOVERNORATE_DAY = 6


def synthetic(n: int, seed: int = 12) -> Iterator[dict[str, Any]]:
    """``n`` per-report records, in report order, generated lazily."""
    rng = random.Random(seed)
    made = 0
    day = 0
    report = 0
    while True:
        date = f"{2000 + day // 336:04d}-{day // 28 % 12 + 1:02d}-{day % 28 + 1:02d}"
        for admin1, towns in GOVERNORATES.items():
            for k in range(EVENTS_PER_GOVERNORATE_DAY):
                kind = KINDS[k % len(KINDS)]
                town, admin2 = towns[(k // len(KINDS) + day) % len(towns)]
                toll = rng.choice((0, 0, 1, 2, 3, 5))
                for told in range(rng.randint(1, 4)):
                    report += 1
                    precise = told == 0 or rng.random() < 0.6
                    rec = {
                        "id": f"r{report}",
                        "event_date": date,
                        "time_precision": rng.choice((1, 2)),
                        "event_type": kind[0],
                        "sub_event_type": kind[1],
                        "actor1": kind[2] if rng.random() < 0.8 else None,
                        "inter1": kind[3],
                        "actor2": kind[4],
                        "inter2": kind[5],
                        "country": "Syria",
                        "admin1": admin1,
                        "admin2": admin2,
                        "admin3": town if precise else None,
                        "location": town if precise else admin2,
                        "geo_precision": 1 if precise else 2,
                        "fatalities": max(0, toll + rng.choice((-1, 0, 0, 1))),
                        "notes": f"{kind[1]} in {town}",
                        "evidence_start": 0,
                        "evidence_end": 80,
                        "evidence_text": "نص الخبر كما ورد في القناة، بطول خبر محلي قصير",
                        "confidence": 0.8,
                        "source": f"channel {rng.randint(1, 40)}",
                        "url": f"https://t.me/c/{report}",
                        "duplicate_of": None,
                    }
                    copies = [rec]
                    if rng.random() < 0.05:  # a word-for-word repost by another channel
                        report += 1
                        copies.append({**rec, "id": f"r{report}", "duplicate_of": rec["id"]})
                    for r in copies:
                        yield r
                        made += 1
                        if made == n:
                            return
        day += 1


def measure(n: int) -> dict[str, float]:
    import kashf

    t0 = time.perf_counter()
    for rec in synthetic(n):
        json.loads(json.dumps(rec, ensure_ascii=False))
    baseline = time.perf_counter() - t0
    t0 = time.perf_counter()
    events = sum(1 for _ in kashf.merge_events(synthetic(n)))
    seconds = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "events": events, "seconds": seconds, "baseline": baseline, "rss_mb": rss_mb}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(int(argv[1]))))
        return 0
    sizes = [10_000, 100_000, 1_000_000]
    if "--sizes" in argv:
        sizes = [int(s) for s in argv[argv.index("--sizes") + 1].split(",")]
    results = []
    for n in sizes:
        runs = []
        for _ in range(3 if n <= 100_000 else 1):  # the fastest of 3 for the small sizes
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(n)],
                check=True,
                capture_output=True,
                text=True,
            )
            runs.append(json.loads(out.stdout))
        r = min(runs, key=lambda x: x["seconds"])
        results.append(r)
        print(
            f"{r['n']:>9,} events -> {r['events']:>8,} merged: {r['seconds']:7.1f} s, "
            f"{r['n'] / r['seconds']:8,.0f} events/s, {r['seconds'] / r['baseline']:4.1f}x the "
            f"JSON round trip, peak RSS {r['rss_mb']:.0f} MB",
            file=sys.stderr,
        )
    first, last = results[0], results[-1]
    growth = last["seconds"] / first["seconds"]
    print(
        f"time {first['n']:,} -> {last['n']:,} events: {growth:.0f}x for "
        f"{last['n'] / first['n']:.0f}x the input",
        file=sys.stderr,
    )
    if "--markdown" in argv:
        print("| events in | events out | seconds | events/s | × JSON round trip | peak RSS |")
        print("|---:|---:|---:|---:|---:|---:|")
        for r in results:
            print(
                f"| {r['n']:,} | {r['events']:,} | {r['seconds']:.1f} | "
                f"{r['n'] / r['seconds']:,.0f} | {r['seconds'] / r['baseline']:.1f} | "
                f"{r['rss_mb']:.0f} MB |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
