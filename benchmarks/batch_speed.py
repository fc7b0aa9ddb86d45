"""Batch throughput: ``kashf batch`` at 1 and 2 workers vs a single-process ``extract`` loop.

The input is the shared corpus (``news.jsonl``) repeated to ``--rows`` rows with unique ids.
All three modes process the same rows; ratios are to the plain loop (no I/O, no workers), so
they show what the batch machinery costs (1 worker) and what the second core buys (2 workers).
``--memory-mb`` also checks that memory stays flat: the batch's peak RSS on a small and on a
large generated file (``--task restore``, which streams the same way as extract).

    python benchmarks/batch_speed.py                  # markdown tables on stdout
    python benchmarks/batch_speed.py --rows 5000 --memory-mb 50

Needs the shared material (``../shared`` or ``KASHF_SHARED``); without it, says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLI = (
    "import argparse, sys\n"
    "from kashf.cli import batch\n"
    "p = argparse.ArgumentParser(prog='kashf'); batch.register(p.add_subparsers())\n"
    "a = p.parse_args(['batch', *sys.argv[1:]]); sys.exit(a.func(a))\n"
)


def corpus_rows(shared: Path, n: int) -> list[dict[str, Any]]:
    base = [json.loads(line) for line in (shared / "corpus" / "news.jsonl").open(encoding="utf-8")]
    return [{**base[i % len(base)], "id": f"{base[i % len(base)]['id']}-{i}"} for i in range(n)]


def loop_rate(rows: list[dict[str, Any]]) -> tuple[float, int]:
    from kashf.extract import extract

    extract(rows[0]["text"])  # load tables outside the clock, as the batch warm-up does
    t0 = time.perf_counter()
    events = sum(len(extract(r["text"], date=r.get("date"), id=r["id"]).events) for r in rows)
    return time.perf_counter() - t0, events


def batch_run(src: Path, out: Path, workers: int, task: str = "extract") -> tuple[float, int, str]:
    """Run the real CLI in a child process; (seconds, peak RSS of the child in MB, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            CLI,
            str(src),
            "-o",
            str(out),
            "--workers",
            str(workers),
            "--task",
            task,
            "--overwrite",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"kashf batch failed: {proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) // 1024, proc.stderr


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rows", type=int, default=2280)
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("KASHF_SHARED", ROOT.parent / "shared"))
    )
    ap.add_argument(
        "--memory-mb", type=int, default=0, help="also check flat memory on a file this big"
    )
    args = ap.parse_args()
    if not (args.shared / "corpus" / "news.jsonl").is_file():
        print(f"batch_speed: needs the shared corpus at {args.shared}; skipped", file=sys.stderr)
        return 0
    rows = corpus_rows(args.shared, args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        loop_s, events = loop_rate(rows)
        results = [("single-process `extract` loop (no I/O)", loop_s, events, None)]
        for workers in (1, 2):
            out = Path(tmp) / f"out{workers}.jsonl"
            seconds, _, _ = batch_run(src, out, workers)
            n_events = sum(1 for _ in out.open(encoding="utf-8"))
            results.append(
                (f"`kashf batch --workers {workers}` (JSONL in/out)", seconds, n_events, None)
            )
        print(f"### Batch throughput ({len(rows):,} rows of news.jsonl, {os.cpu_count()} cores)\n")
        print("| mode | seconds | rows/s | events | ratio to loop |")
        print("|---|---:|---:|---:|---:|")
        for name, seconds, n_events, _ in results:
            print(
                f"| {name} | {seconds:.1f} | {len(rows) / seconds:,.0f} | {n_events:,} | "
                f"{loop_s / seconds:.2f}x |"
            )
        if args.memory_mb:
            print("\n### Memory on large input (`--task restore`, 2 workers)\n")
            print("| input | rows | seconds | rows/s | peak RSS of the run (MB) |")
            print("|---|---:|---:|---:|---:|")
            for mb in (max(1, args.memory_mb // 10), args.memory_mb):
                big = Path(tmp) / f"big{mb}.jsonl"
                n = 0
                with big.open("w", encoding="utf-8") as f:
                    while f.tell() < mb * 1024 * 1024:
                        r = rows[n % len(rows)]
                        f.write(json.dumps({**r, "id": f"m{n}"}, ensure_ascii=False) + "\n")
                        n += 1
                # A fresh child per size: RUSAGE_CHILDREN keeps the max over all children, so
                # measure in a separate interpreter that reports its own children's peak.
                probe = (
                    "import resource, subprocess, sys, time\n"
                    "t = time.perf_counter()\n"
                    "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
                    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
                    "print(time.perf_counter() - t, rss)\n"
                )
                env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
                res = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        probe,
                        sys.executable,
                        "-c",
                        CLI,
                        str(big),
                        "-o",
                        str(Path(tmp) / "big.out.jsonl"),
                        "--workers",
                        "2",
                        "--task",
                        "restore",
                        "--overwrite",
                        "-q",
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                seconds_s, rss_kb = res.stdout.split()
                seconds = float(seconds_s)
                print(
                    f"| {mb} MB | {n:,} | {seconds:.1f} | {n / seconds:,.0f} "
                    f"| {int(rss_kb) // 1024} |"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
