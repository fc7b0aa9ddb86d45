"""Restore speed: ``python benchmarks/restore_speed.py [--mb 10] [--repeats 3]``.

Builds a text of at least ``--mb`` MB (UTF-8) by repeating the passages of
``corpus/news.jsonl`` (mostly clean news: the common case, where restore's gate should make it
fast), and a smaller heavily obfuscated text from the ``context`` sentences of
``corpus/obfuscated.jsonl`` (the hard case). On each, in this one process and on the same
string, it times (best of ``--repeats`` runs; the functions take turns every 20 calls, a
whole text one call each, so that a change of load on a shared machine weighs on them alike):

- ``kashf.restore`` on the whole text as one string, line by line, and per report: each
  passage of ``news.jsonl`` (about 1 KB, the way posts arrive) in its own call, the passages
  repeated to ``--report-mb`` MB;
- ``camel_tools.utils.normalize.normalize_unicode`` and ``pyarabic.araby.strip_tatweel`` the same
  three ways (reference points: they do far less, one character-level pass each).

Ratios are given against ``normalize_unicode`` called the same way and against its best mode.
It also reports the share of clean reports (passages restore leaves unchanged) that restore's
gate sends to the slow path.

It also reports the peak RSS of this process after the kashf runs (before the reference
libraries are imported) and at the end, and the time to ``import kashf`` and restore one word
in a fresh interpreter (best and median of 5). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KASHF_SHARED", ROOT.parent / "shared"))

FIRST_CALL = ("import time; t=time.perf_counter(); import kashf; kashf.restore('قـ.وات'); "
              "print(time.perf_counter()-t)")


def build_text(texts: Sequence[str], mb: float) -> str:
    """Repeat ``texts`` (one passage per line, newlines inside a passage kept) to >= mb MB."""
    want = int(mb * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < want:
        for t in texts:
            parts.append(t)
            size += len(t.encode("utf-8")) + 1
            if size >= want:
                break
    return "\n".join(parts)


TURN_CALLS = 20  # calls each function makes before the next one takes its turn


def taking_turns(functions: dict[str, Callable[[str], object]], items: Sequence[str],
                 repeats: int) -> dict[str, float]:
    """Seconds each function takes to be called on every item (best of ``repeats`` runs),
    the functions taking turns every TURN_CALLS calls."""
    best: dict[str, float] = {}
    for _ in range(repeats):
        totals = dict.fromkeys(functions, 0.0)
        for lo in range(0, len(items), TURN_CALLS):
            part = items[lo : lo + TURN_CALLS]
            for label, fn in functions.items():
                t0 = time.perf_counter()
                for item in part:
                    fn(item)
                totals[label] += time.perf_counter() - t0
        for label, total in totals.items():
            best[label] = min(best.get(label, total), total)
    return best


def repeat_to(texts: Sequence[str], mb: float) -> list[str]:
    """``texts`` repeated, in order, until they hold ``mb`` MB."""
    out: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        for t in texts:
            out.append(t)
            size += len(t.encode("utf-8"))
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def first_call_times(n: int = 5) -> list[float]:
    out = []
    for _ in range(n):
        res = subprocess.run([sys.executable, "-c", FIRST_CALL], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        out.append(float(res.stdout.strip().splitlines()[-1]))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder")
    ap.add_argument("--mb", type=float, default=10.0, help="size of the news text in MB")
    ap.add_argument("--obfuscated-mb", type=float, default=1.0,
                    help="size of the obfuscated text in MB")
    ap.add_argument("--report-mb", type=float, default=2.0,
                    help="size of the per-report run in MB (news passages, one call each)")
    ap.add_argument("--repeats", type=int, default=3, help="timing runs, best is kept")
    args = ap.parse_args(argv)
    corpus = args.shared / "corpus"
    if not (corpus / "news.jsonl").is_file() or not (corpus / "obfuscated.jsonl").is_file():
        print(f"skipped: needs {corpus}/news.jsonl and obfuscated.jsonl (the project's shared "
              "material; set KASHF_SHARED or --shared)", file=sys.stderr)
        return 0

    first = first_call_times()  # before this process warms any cache

    def load(name: str, key: str) -> list[str]:
        with open(corpus / name, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        return list(dict.fromkeys(r[key] for r in rows if r.get(key)))

    passages = load("news.jsonl", "text")
    texts = {
        "news": build_text(passages, args.mb),
        "obfuscated": build_text(load("obfuscated.jsonl", "context"), args.obfuscated_mb),
    }
    reports = repeat_to(passages, args.report_mb)  # one passage per call
    sizes = {k: len(v.encode("utf-8")) / 1_000_000 for k, v in texts.items()}
    report_mb = sum(len(r.encode("utf-8")) for r in reports) / 1_000_000
    rss_start = peak_rss_mb()

    import kashf
    from kashf.restore import core

    # (In kashf.restore.gate since issue 13's second session, named _spans_to_restore before
    # it: this script also measures older checkouts, run with PYTHONPATH=<checkout>/src.)
    try:
        from kashf.restore.gate import spans_to_restore
    except ImportError:
        spans_to_restore = getattr(core, "spans_to_restore", None) or core._spans_to_restore

    kashf.restore("قـ.وات")  # load tables outside the timed runs
    clean = [p for p in passages if not kashf.restore(p).edits]
    gated = sum(1 for p in clean if spans_to_restore(p))

    for text in texts.values():  # kashf alone first, every way it is called: its peak RSS
        kashf.restore(text)
        for line in text.split("\n"):
            kashf.restore(line)
    for report in reports:
        kashf.restore(report)
    edits = {name: len(kashf.restore(text).edits) for name, text in texts.items()}
    rss_kashf = peak_rss_mb()

    from camel_tools.utils.normalize import normalize_unicode  # type: ignore[import-untyped]
    from pyarabic.araby import strip_tatweel

    # The functions take turns, a few calls each (a whole text: one call each), so that a
    # change of load on a shared machine weighs on all of them alike; the best of the runs is
    # kept for each.
    functions = {"kashf.restore": kashf.restore,
                 "camel_tools normalize_unicode": normalize_unicode,
                 "pyarabic strip_tatweel": strip_tatweel}
    calls = {("news", "reports"): reports,
             **{(name, "whole"): [text] for name, text in texts.items()},
             **{(name, "lines"): text.split("\n") for name, text in texts.items()}}
    results: dict[str, dict[tuple[str, str], float]] = {label: {} for label in functions}
    for key, items in calls.items():
        for label, took in taking_turns(functions, items, args.repeats).items():
            results[label][key] = took
    rss_end = peak_rss_mb()

    n_lines = {k: v.count("\n") + 1 for k, v in texts.items()}
    print("## Restore speed\n")
    print(f"`python benchmarks/restore_speed.py --mb {args.mb:g} --report-mb {args.report_mb:g} "
          f"--obfuscated-mb {args.obfuscated_mb:g} --repeats {args.repeats}` — Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, best of {args.repeats}\n")
    print(f"- news text: {sizes['news']:.1f} MB, {n_lines['news']} lines, "
          f"{edits['news']} restore edits")
    print(f"- obfuscated text: {sizes['obfuscated']:.1f} MB, {n_lines['obfuscated']} lines, "
          f"{edits['obfuscated']} restore edits\n")
    mb = {("news", "reports"): report_mb,
          **{(name, mode): sizes[name] for name in texts for mode in ("whole", "lines")}}
    cols = [("news", "whole"), ("news", "lines"), ("news", "reports"),
            ("obfuscated", "whole"), ("obfuscated", "lines")]
    print(f"- per report: {len(reports)} calls of {report_mb * 1e6 / len(reports):.0f} bytes "
          f"on average ({report_mb:.1f} MB)\n")
    print("| function | news, whole text | news, line by line | news, per report | "
          "obfuscated, whole text | obfuscated, line by line |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, res in results.items():
        cells = [f"{mb[c] / res[c]:.1f} MB/s ({res[c]:.2f} s)" for c in cols]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    base = results["camel_tools normalize_unicode"]
    ours = results["kashf.restore"]
    best_base = max(mb[c] / base[c] for c in cols[:3])
    for c in cols[:3]:
        print(f"- news, {c[1]}: kashf.restore {base[c] / ours[c]:.2f}× `normalize_unicode` "
              f"called the same way, {mb[c] / ours[c] / best_base:.2f}× its best mode on news")
    print(f"- gate: {gated} of {len(clean)} clean reports ({gated / max(1, len(clean)):.0%}) "
          "go to the slow path (passages of news.jsonl restore leaves unchanged)")
    print(f"- peak RSS: {rss_start:.0f} MB with the texts built, {rss_kashf:.0f} MB after the "
          f"kashf runs, {rss_end:.0f} MB after the reference libraries")
    print(f"- `import kashf` + first `restore` in a fresh interpreter: best "
          f"{min(first) * 1000:.0f} ms, median {statistics.median(first) * 1000:.0f} ms "
          f"({len(first)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
