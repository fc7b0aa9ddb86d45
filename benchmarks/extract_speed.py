"""Passages per second of the full pipeline (restore + extract) on one core, as a ratio to
``restore`` alone on the same passages, with the warm-up and peak memory.

    taskset -c 0 python benchmarks/extract_speed.py [PASSAGES.jsonl] [--repeat N]

Defaults to ../shared/corpus/news.jsonl (every passage, repeated until about 1,000 runs); says
so and exits 0 when that file is absent. The first call (tables, automaton, gazetteer) is timed
separately as the warm-up. Both loops run in this process on the same passages, restore first.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("passages", nargs="?", default=str(ROOT.parent / "shared/corpus/news.jsonl"))
    ap.add_argument(
        "--repeat", type=int, default=0, help="passes over the file (default: ~1000 runs)"
    )
    args = ap.parse_args()
    path = Path(args.passages)
    if not path.is_file():
        print(
            f"extract_speed: {path} not found (the project's shared corpus); skipped",
            file=sys.stderr,
        )
        return 0
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]

    t0 = time.perf_counter()
    import kashf
    from kashf.extract import extract

    extract(rows[0]["text"], date=rows[0].get("date"))
    warm = time.perf_counter() - t0
    repeat = args.repeat or max(1, 1000 // len(rows))
    texts = [r["text"] for r in rows] * repeat

    t0 = time.perf_counter()
    for text in texts:
        kashf.restore(text)
    restore_s = time.perf_counter() - t0

    events = 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for r in rows:
            events += len(extract(r["text"], date=r.get("date"), id=r.get("id")).events)
    full_s = time.perf_counter() - t0

    n = len(texts)
    chars = sum(len(t) for t in texts)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"- {n} passages ({chars / n:.0f} chars on average), {events} events")
    print(f"- warm-up (import, first call: tables, automaton, gazetteer): {warm:.2f} s")
    print()
    print("| pipeline | passages/s | time | ratio to restore alone |")
    print("|---|---:|---:|---:|")
    print(f"| `kashf.restore` alone | {n / restore_s:,.0f} | {restore_s:.2f} s | 1.00 |")
    print(
        f"| `kashf.extract` (restore + extract) | {n / full_s:,.0f} | {full_s:.2f} s "
        f"| {restore_s / full_s:.3f} |"
    )
    print()
    print(f"- peak RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
