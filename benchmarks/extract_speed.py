"""Passages per second of restore + extract on one core.

    python benchmarks/extract_speed.py [PASSAGES.jsonl] [--repeat N]

Defaults to ../shared/corpus/news.jsonl (every passage, repeated until about 1,000 runs). The
first pass (tables, automaton, gazetteer loading) is timed separately as the warm-up.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kashf.extract import extract

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("passages", nargs="?", default=str(ROOT.parent / "shared/corpus/news.jsonl"))
    ap.add_argument(
        "--repeat", type=int, default=0, help="passes over the file (default: ~1000 runs)"
    )
    args = ap.parse_args()
    with open(args.passages, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    t0 = time.perf_counter()
    extract(rows[0]["text"], date=rows[0].get("date"))
    warm = time.perf_counter() - t0
    repeat = args.repeat or max(1, 1000 // len(rows))
    n = events = chars = 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for r in rows:
            rep = extract(r["text"], date=r.get("date"), id=r.get("id"))
            n += 1
            events += len(rep.events)
            chars += len(r["text"])
    dt = time.perf_counter() - t0
    print(f"warm-up (first call, loads tables and gazetteer): {warm:.2f} s")
    print(
        f"{n} passages ({chars / n:.0f} chars avg), {events} events in {dt:.2f} s: "
        f"{n / dt:.0f} passages/s on one core"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
