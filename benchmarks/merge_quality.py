"""Merge quality on our own test set: extract each report, merge, compare with the groups.

    python benchmarks/merge_quality.py [SET.jsonl] [--verbose] [--ablate]

``benchmarks/data/merge_set.jsonl`` (default) holds reports we wrote, one per line with ``id``,
``date``, ``source``, ``text`` and ``group``: reports of one group tell one real-world event; a
group of one is a distractor (the same day or place as a group, another event); ``duplicate_of``
marks a word-for-word repost. Pairwise scores over pairs of distinct reports: a pair is merged
when one merged event holds an account from each; it should be when both are in one group.
``--ablate`` repeats the run with each merge rule switched off (stages ``coref``, shared with
extract's coreference, and ``merge``; extraction runs once, before, so only merging changes).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

import kashf
from kashf.rules import RULES, switched_off

ROOT = Path(__file__).resolve().parent.parent
Pair = tuple[str, str]


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def extracted(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    records = []
    for rep in reports:
        for rec in kashf.extract(rep["text"], date=rep["date"], id=rep["id"]).to_records():
            records.append(
                {**rec, "source": rep["source"], "duplicate_of": rep.get("duplicate_of")}
            )
    return records


def pairs(groups: Iterable[Iterable[str]]) -> set[Pair]:
    out: set[Pair] = set()
    for members in groups:
        ids = sorted(set(members))
        out.update(combinations(ids, 2))
    return out


def score(reports: list[dict[str, Any]], records: list[dict[str, Any]]) -> dict[str, Any]:
    rows = list(kashf.merge_events(records))
    by_group: dict[str, list[str]] = defaultdict(list)
    for rep in reports:
        by_group[rep["group"]].append(rep["id"])
    gold = pairs(by_group.values())
    made = pairs(r["report_ids"] for r in rows)
    group_of = {rep["id"]: rep["group"] for rep in reports}
    hit = gold & made
    return {
        "events": len(rows),
        "gold_pairs": len(gold),
        "made_pairs": len(made),
        "precision": len(hit) / len(made) if made else 1.0,
        "recall": len(hit) / len(gold) if gold else 1.0,
        "wrong": sorted(made - gold, key=lambda p: (group_of[p[0]], p)),
        "missed": sorted(gold - made),
        "groups_whole": sum(
            1
            for g, ids in by_group.items()
            if len(ids) > 1 and any(set(ids) <= set(r["report_ids"]) for r in rows)
        ),
        "groups": sum(1 for ids in by_group.values() if len(ids) > 1),
    }


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else ROOT / "benchmarks/data/merge_set.jsonl"
    reports = load(path)
    records = extracted(reports)
    no_event = sorted({r["id"] for r in reports} - {r["id"] for r in records})
    placed = {r["id"] for r in records if r.get("admin1") and r.get("event_date")}
    s = score(reports, records)
    # A report whose events have no governorate or day cannot be merged by any rule: those
    # misses are extraction's, the rest the merge rules'.
    unplaced = [p for p in s["missed"] if not {p[0], p[1]} <= placed]
    n_groups = len({r["group"] for r in reports})
    print(
        f"{path.name}: {len(reports)} reports, {s['groups']} groups of 2-6 reports, "
        f"{n_groups - s['groups']} distractors; {len(records)} per-report events "
        f"({len(no_event)} reports with none) -> {s['events']} merged events"
    )
    print(
        f"pairwise precision {s['precision']:.3f} ({s['made_pairs']} pairs merged), "
        f"recall {s['recall']:.3f} ({s['gold_pairs']} pairs expected); "
        f"groups merged whole: {s['groups_whole']}/{s['groups']}"
    )
    print(
        f"missed pairs: {len(s['missed'])}, of which {len(unplaced)} involve a report whose "
        "extracted events have no place or day (or no event at all)"
    )
    if "--verbose" in argv:
        text = {r["id"]: r["text"] for r in reports}
        for a, b in s["wrong"]:
            print(f"  wrong  {a} + {b}: {text[a][:50]} | {text[b][:50]}")
        for a, b in s["missed"]:
            print(f"  missed {a} + {b}")
        for rid in no_event:
            print(f"  no event extracted: {rid}")
    if "--ablate" in argv:
        print("\n| rule switched off | precision | recall |\n|---|---|---|")
        for name in sorted(n for n, r in RULES.items() if r.stage in ("coref", "merge")):
            with switched_off(name):
                a = score(reports, records)
            print(f"| `{name}` | {a['precision']:.3f} | {a['recall']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
