"""Extraction quality on every hand-coded set, scored like a coder (:mod:`kashf.extract.score`).

    python benchmarks/extract_quality.py                  # every set, a table each
    python benchmarks/extract_quality.py --set dev2 --verbose   # one set, with missed/spurious
    python benchmarks/extract_quality.py --check          # exit 1 when a figure is under its floor
    python benchmarks/extract_quality.py --markdown       # one table of all sets, for BENCHMARKS.md
    python benchmarks/extract_quality.py --markdown --baseline ../old-checkout   # its extractor

Sets (all need ``../shared``, or ``$KASHF_SHARED`` / ``--shared``; without it the script says so
on stderr and exits 0):

- ``gold``: ``gold/events.jsonl`` (25 passages of ``corpus/news.jsonl``) plus the 20 non-conflict
  passages (``g…``), which should give no event. The rules were first written on these.
- ``dev2``: ``benchmarks/data/dev2_events.jsonl``, 30 further passages of ``news.jsonl`` coded by
  hand blind to kashf (read since, during development).
- ``seed``: ``corpus/seed.txt`` and ``gold/seed_events.jsonl``.
- ``news2-develop`` / ``news2-held-out``: ``gold/events2.jsonl`` over ``corpus/news2.jsonl``,
  split once by id before anyone read it (``benchmarks/splits/news2_split.json``). The held-out
  part is for measuring only: ``--verbose`` refuses it, so no one tunes on its misses.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KASHF_SHARED", ROOT.parent / "shared"))
DEV2 = ROOT / "benchmarks" / "data" / "dev2_events.jsonl"
SPLIT = ROOT / "benchmarks" / "splits" / "news2_split.json"
HELD_OUT = "news2-held-out"

# Floors for --check: just under the figures reached (BENCHMARKS.md), so a regression fails CI.
# (set, measure) -> lowest acceptable value; "false_per_empty" is a ceiling. The held-out part
# is checked too (a regression there must fail), never tuned on.
FLOORS: dict[str, dict[str, float]] = {
    "gold": {"f1": 0.80, "actor1": 0.83, "fatalities": 0.98, "false_per_empty": 0.05},
    "dev2": {"f1": 0.54, "actor1": 0.88, "fatalities": 0.90, "fatalities_on_deaths": 0.74},
    "seed": {"f1": 0.70},
    "news2-develop": {
        "f1": 0.68,
        "actor1": 0.66,
        "actor2": 0.61,
        "fatalities": 0.88,
        "fatalities_on_deaths": 0.79,
        "false_per_empty": 0.15,
    },
    HELD_OUT: {"f1": 0.70, "actor1": 0.65, "actor2": 0.53, "false_per_empty": 0.05},
}


@dataclass(frozen=True)
class EvalSet:
    name: str
    gold: list[dict[str, Any]]
    passages: list[dict[str, Any]]
    coded_empty: frozenset[str]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_set(name: str, shared: Path) -> EvalSet:
    news = shared / "corpus" / "news.jsonl"
    if name == "gold":
        passages = _jsonl(news)
        empty = frozenset(str(p["id"]) for p in passages if str(p["id"]).startswith("g"))
        return EvalSet(name, _jsonl(shared / "gold" / "events.jsonl"), passages, empty)
    if name == "dev2":
        rows = _jsonl(DEV2)
        about = next(str(r["_about"]) for r in rows if "_about" in r)
        gold = [r for r in rows if "_about" not in r]
        coded = set(re.findall(r"\bc\d+\b", about))
        with_gold = {str(g["passage_id"]) for g in gold}
        return EvalSet(name, gold, _jsonl(news), frozenset(coded - with_gold))
    if name == "seed":
        text = (shared / "corpus" / "seed.txt").read_text(encoding="utf-8")
        passages = [{"id": "seed", "text": text, "date": None}]
        return EvalSet(name, _jsonl(shared / "gold" / "seed_events.jsonl"), passages, frozenset())
    if name in ("news2-develop", HELD_OUT):
        part = json.loads(SPLIT.read_text(encoding="utf-8"))[
            "develop" if name == "news2-develop" else "held_out"
        ]
        ids = set(part)
        passages = [p for p in _jsonl(shared / "corpus" / "news2.jsonl") if p["id"] in ids]
        gold = [g for g in _jsonl(shared / "gold" / "events2.jsonl") if g["passage_id"] in ids]
        with_gold = {str(g["passage_id"]) for g in gold}
        return EvalSet(name, gold, passages, frozenset(ids - with_gold))
    raise ValueError(f"unknown set {name!r}")


SETS = ("gold", "dev2", "seed", "news2-develop", HELD_OUT)


def evaluate_set(es: EvalSet, baseline: Path | None = None) -> tuple[dict[str, Any], Any]:
    """Score this checkout's extraction of the set, or (``baseline``) another checkout's, run
    in a subprocess from its ``src/`` and scored here with this checkout's scorer."""
    from kashf.cli.evaluate import evaluate, gold_location
    from kashf.extract.score import score

    if baseline is None:
        sc, _ = evaluate(es.gold, es.passages, coded_empty=es.coded_empty)
        return sc.summary(), sc
    wanted = {str(g["passage_id"]) for g in es.gold} | set(es.coded_empty)
    rows = [p for p in es.passages if str(p["id"]) in wanted]
    out = subprocess.run(
        [sys.executable, "-c", _BASELINE_RUN],
        input=json.dumps(rows, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(baseline / "src")},
    )
    predicted = json.loads(out.stdout)
    sc = score(es.gold, predicted, location_key=gold_location, coded_empty=es.coded_empty)
    return sc.summary(), sc


# Run by the baseline checkout's interpreter path: its extract, records as JSON by passage id.
_BASELINE_RUN = """
import json, sys
from kashf.extract import extract
rows = json.load(sys.stdin)
out = {str(p["id"]): extract(str(p.get("text") or ""), date=p.get("date"), id=str(p["id"]))
       .to_records() for p in rows}
json.dump(out, sys.stdout, ensure_ascii=False, default=str)
"""


def measures(summary: dict[str, Any]) -> dict[str, float | None]:
    """The figures a coder asks for, flat: detection P/R/F1, field accuracies, false events."""
    d = summary["detection"]
    acc = summary["accuracy_on_matched"]
    nc = summary.get("non_conflict")
    return {
        "precision": d["precision"],
        "recall": d["recall"],
        "f1": d["f1"],
        **{k: acc[k] for k in acc},
        "fatalities_on_deaths": summary.get("fatalities_on_deaths"),
        "false_per_empty": nc["per_passage"] if nc else None,
    }


def check(name: str, m: dict[str, float | None]) -> list[str]:
    bad = []
    for key, floor in FLOORS.get(name, {}).items():
        value = m.get(key)
        if value is None:
            continue
        if key == "false_per_empty" and value > floor:
            bad.append(f"{name}: {key} {value:.3f} above the ceiling {floor:.3f}")
        elif key != "false_per_empty" and value < floor:
            bad.append(f"{name}: {key} {value:.3f} under the floor {floor:.3f}")
    return bad


def markdown(rows: dict[str, dict[str, float | None]], counts: dict[str, str]) -> str:
    keys = [
        "precision", "recall", "f1", "event_type", "sub_event_type", "actor1", "actor2",
        "admin1", "location", "fatalities", "fatalities_on_deaths", "false_per_empty",
    ]  # fmt: skip
    fmt: Callable[[float | None], str] = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    out = ["| measure | " + " | ".join(rows) + " |", "|---|" + "---|" * len(rows)]
    out.append(
        "| passages / gold events / predicted | " + " | ".join(counts[n] for n in rows) + " |"
    )
    for k in keys:
        out.append(f"| {k} | " + " | ".join(fmt(rows[n].get(k)) for n in rows) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=SETS, action="append", help="a set (default: all)")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder")
    ap.add_argument("--json", action="store_true", help="print the summaries as JSON")
    ap.add_argument("--markdown", action="store_true", help="one Markdown table of all sets")
    ap.add_argument("--verbose", action="store_true", help="list missed and spurious events")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure misses its floor")
    ap.add_argument(
        "--baseline",
        type=Path,
        help="score another checkout's extractor (its src/ on PYTHONPATH) with this scorer",
    )
    args = ap.parse_args(argv)
    if not (args.shared / "corpus" / "news.jsonl").is_file():
        print(
            f"skipped: needs {args.shared}/corpus (set KASHF_SHARED or --shared)", file=sys.stderr
        )
        return 0
    from kashf.extract.score import format_misses, format_summary

    names = args.set or list(SETS)
    if args.verbose and HELD_OUT in names:
        print("--verbose: the held-out set is for measuring only; no misses shown", file=sys.stderr)
        return 2
    failures: list[str] = []
    table: dict[str, dict[str, float | None]] = {}
    counts: dict[str, str] = {}
    out_json: dict[str, Any] = {}
    for name in names:
        es = load_set(name, args.shared)
        summary, sc = evaluate_set(es, args.baseline)
        m = measures(summary)
        table[name] = m
        n_pass = len({str(g["passage_id"]) for g in es.gold} | es.coded_empty)
        counts[name] = f"{n_pass} / {summary['gold_events']} / {summary['predicted_events']}"
        out_json[name] = summary
        failures += check(name, m)
        if not (args.json or args.markdown):
            print(f"== {name}: {n_pass} passages ({len(es.coded_empty)} coded with no event)")
            print(format_summary(summary))
            if args.verbose and (misses := format_misses(sc.per_passage)):
                print(misses)
    if args.json:
        print(json.dumps(out_json, ensure_ascii=False, indent=2))
    if args.markdown:
        print(markdown(table, counts))
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    return 1 if (args.check and failures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
