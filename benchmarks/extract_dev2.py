"""Extraction quality on the second development set (``benchmarks/data/dev2_events.jsonl``).

    python benchmarks/extract_dev2.py [--shared DIR] [--json] [--verbose]

dev2 codes, by hand and blind to kashf's output, the first 30 conflict passages of
``shared/corpus/news.jsonl`` that the shared gold does not code (see the file's ``_about`` line).
Those passages were read during development, so this is a second *development* set, not a
held-out test. The file holds no passage text: the texts are read from
``../shared/corpus/news.jsonl`` (or ``$KASHF_SHARED``); without them the script says so on
stderr and exits 0.

Scoring is kashf's own (:func:`kashf.extract.score.score` with the gold-location resolver of
``kashf evaluate``, the same numbers ``benchmarks/extract_quality.py`` prints for the shared
gold). One adaptation, here and not in the package: the scorer only walks passages that have
gold rows, so events kashf finds in a passage dev2 coded as empty are added to the predicted
count (they are false events) and listed with ``--verbose``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV2 = ROOT / "benchmarks" / "data" / "dev2_events.jsonl"
SHARED = Path(os.environ.get("KASHF_SHARED", ROOT.parent / "shared"))


def load_dev2(path: Path = DEV2) -> tuple[list[str], list[dict[str, Any]]]:
    """(coded passage ids, event rows). The ids come from the ``_about`` line."""
    about = ""
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            if "_about" in obj:
                about = str(obj["_about"])
                continue
            rows.append(obj)
    coded = set(re.findall(r"\bc\d+\b", about)) | {str(r["passage_id"]) for r in rows}
    return sorted(coded), rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument("--verbose", action="store_true", help="list missed and spurious events")
    args = ap.parse_args(argv)

    news = args.shared / "corpus" / "news.jsonl"
    if not news.is_file():
        print(
            f"skipped: needs {news} (the project's shared material; set KASHF_SHARED or --shared)",
            file=sys.stderr,
        )
        return 0

    from kashf.cli.evaluate import gold_location
    from kashf.extract import extract
    from kashf.extract.score import format_misses, format_summary, score

    coded, gold = load_dev2()
    with news.open(encoding="utf-8") as f:
        passages = {str(p["id"]): p for p in map(json.loads, filter(str.strip, f))}
    absent = [pid for pid in coded if pid not in passages]
    if absent:
        print(f"dev2: passages not in {news}: {', '.join(absent)}", file=sys.stderr)
        return 2

    predicted: dict[str, list[dict[str, Any]]] = {}
    for pid in coded:
        p = passages[pid]
        rep = extract(str(p.get("text") or ""), date=p.get("date"), id=pid)
        predicted[pid] = rep.to_records()

    sc = score(gold, predicted, location_key=gold_location)
    with_gold = {str(g["passage_id"]) for g in gold}
    empty = [pid for pid in coded if pid not in with_gold]
    for pid in empty:  # the scorer skips passages without gold rows: count their events here
        preds = predicted[pid]
        sc.predicted += len(preds)
        sc.per_passage.append(
            {
                "passage_id": pid,
                "gold": 0,
                "predicted": len(preds),
                "matched": 0,
                "missed": [],
                "spurious": [
                    (e.get("event_type"), e.get("admin1"), e.get("location")) for e in preds
                ],
            }
        )

    summary = sc.summary()
    summary["passages"] = len(coded)
    summary["coded_empty"] = empty
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"dev2: {len(coded)} passages ({len(empty)} coded empty: {', '.join(empty)})")
        print(format_summary(summary))
    if args.verbose and (
        misses := format_misses(sorted(sc.per_passage, key=lambda r: r["passage_id"]))
    ):
        print(misses, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
