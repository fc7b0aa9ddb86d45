"""The per-row pipeline's cost, this checkout against another: CPU time, not wall time.

``batch_speed.py`` times whole ``kashf batch`` runs in wall-clock seconds, which a machine shared
with other work blurs by far more than a few percent. This runs what a batch worker runs (the
reader's items through ``kashf.io.batch.process_chunk``, chunks of 200) on the shared corpus in
a child interpreter per checkout, alternating the two, and reports each one's best CPU time and
the ratio (this checkout / baseline rows per CPU second).

    git worktree add ../kashf-base <rev>          # or any folder holding the baseline's src/
    python benchmarks/batch_overhead.py --baseline ../kashf-base/src --task extract

``--task io`` times the main process's side instead: reading the rows (``open_reader``, then
``parse_item``) and writing one record per row as JSONL, CSV and GeoJSON (``open_writer``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import sys, time
from kashf.io import batch
from kashf.io.rows import ColumnSpec, RawItem
lines = open(sys.argv[1], "rb").read().splitlines() * int(sys.argv[3])
items = [RawItem(i + 1, i + 1, b) for i, b in enumerate(lines)]
try:
    from kashf.io.processors import get_task
    task = get_task(sys.argv[2])
except ImportError:  # before the task registry: the processor function itself
    from kashf.io.processors import resolve_task
    task = resolve_task(sys.argv[2])[0]
batch.process_chunk(items[:5], ColumnSpec(), task)  # load the tables outside the clock
best = float("inf")
for _ in range(3):
    t = time.process_time()
    for i in range(0, len(items), 200):
        batch.process_chunk(items[i : i + 200], ColumnSpec(), task)
    best = min(best, time.process_time() - t)
print(len(items), best)
"""
CHILD_IO = """
import os, sys, tempfile, time
from pathlib import Path
from kashf.io.readers import open_reader
from kashf.io.rows import ColumnSpec, RawItem, parse_item
from kashf.io.writers import open_writer
from kashf.extract.records import RECORD_COLUMNS
folder = Path(tempfile.mkdtemp())
src = folder / "in.jsonl"
src.write_bytes(Path(sys.argv[1]).read_bytes() * int(sys.argv[3]))
best, n = float("inf"), 0
for _ in range(3):
    t = time.process_time()
    reader = open_reader(src, "jsonl", ColumnSpec())
    rows = [parse_item(i, ColumnSpec()) if isinstance(i, RawItem) else i for i in reader.items()]
    reader.close()
    records = [{"id": r.id, "event_date": r.date, "notes": r.text[:200], "latitude": 36.2,
                "longitude": 37.1, "evidence_start": 0, "evidence_end": 4,
                "evidence_text": r.text[:4]} for r in rows if hasattr(r, "text")]
    for fmt in ("jsonl", "csv", "geojson"):
        writer = open_writer(folder / ("out." + fmt), fmt, RECORD_COLUMNS)
        for i in range(0, len(records), 5000):
            writer.write(records[i : i + 5000])
        writer.close()
    best, n = min(best, time.process_time() - t), len(rows)
for f in folder.iterdir():
    os.unlink(f)
os.rmdir(folder)
print(n, best)
"""


def run(src: Path, corpus: Path, task: str, repeat: int) -> tuple[int, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    child = CHILD_IO if task == "io" else CHILD
    cmd = [sys.executable, "-c", child, str(corpus), task, str(repeat)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    rows, seconds = out.split()
    return int(rows), float(seconds)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--baseline", type=Path, required=True, help="the baseline's src/ folder")
    ap.add_argument("--task", default="extract", choices=("extract", "restore", "io"))
    ap.add_argument("--repeat", type=int, default=3, help="copies of news.jsonl per run")
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs of each")
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("KASHF_SHARED", ROOT.parent / "shared"))
    )
    args = ap.parse_args()
    corpus = args.shared / "corpus" / "news.jsonl"
    if not corpus.is_file():
        print(f"batch_overhead: needs the shared corpus at {args.shared}; skipped", file=sys.stderr)
        return 0
    best = {"baseline": float("inf"), "this checkout": float("inf")}
    rows = 0
    for _ in range(args.rounds):
        for name, src in (("baseline", args.baseline), ("this checkout", ROOT / "src")):
            rows, seconds = run(src, corpus, args.task, args.repeat)
            best[name] = min(best[name], seconds)
    print(f"### Per-row pipeline, `--task {args.task}`: {rows:,} rows, best of {args.rounds}\n")
    print("| checkout | CPU s | rows per CPU s |")
    print("|---|---:|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds:.2f} | {rows / seconds:,.0f} |")
    ratio = best["baseline"] / best["this checkout"]
    print(f"\nratio (this / baseline rows per CPU s): {ratio:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
