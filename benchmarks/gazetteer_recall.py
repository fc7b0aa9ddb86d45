"""How many hand-marked place mentions ``find_places`` finds, and how many extra it produces.

Gold: ``shared/gold/entities.jsonl`` (places with offsets into ``shared/corpus/news.jsonl``).
A gold place counts as found when a predicted mention overlaps its span, one to one: each
predicted mention stands for one gold place at most. A predicted mention is "extra" when it
overlaps no gold place. Extras are not all wrong: the gold marks places an
event is tied to, and some passages name places the annotator left out. Usage::

    python benchmarks/gazetteer_recall.py [--shared ../shared] [--show-misses] [--show-extras]

Runs with the package's gazetteer only: the user gazetteer is switched off (KASHF_DATA_DIR
points to an empty temporary folder) so results do not depend on what a user imported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--show-extras", action="store_true")
    args = ap.parse_args(argv)
    gold_path = args.shared / "gold" / "entities.jsonl"
    news_path = args.shared / "corpus" / "news.jsonl"
    if not gold_path.is_file() or not news_path.is_file():
        print(f"error: needs {gold_path} and {news_path}", file=sys.stderr)
        return 2
    os.environ["KASHF_DATA_DIR"] = tempfile.mkdtemp(prefix="kashf-bench-")
    from kashf.gazetteer import Gazetteer, find_places

    t0 = time.perf_counter()
    gaz = Gazetteer.default()
    _ = gaz.automaton
    load_s = time.perf_counter() - t0

    texts = {}
    with news_path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            texts[row["id"]] = row["text"]
    gold = [json.loads(line) for line in gold_path.open(encoding="utf-8")]

    n_gold = found = n_pred = extra = 0
    find_s = 0.0
    n_chars = 0
    for g in gold:
        text = texts[g["passage_id"]]
        t = time.perf_counter()
        pred = find_places(text, gazetteer=gaz)
        find_s += time.perf_counter() - t
        n_chars += len(text)
        spans = [(p["start"], p["end"], p["text"]) for p in g["places"]]
        n_gold += len(spans)
        n_pred += len(pred)
        # One to one: a predicted mention stands for one gold place at most (a long mention
        # spanning a list of places finds the first of them, not all).
        used: set[int] = set()
        for s, e, t_ in spans:
            hit = next(
                (i for i, m in enumerate(pred) if i not in used and m.start < e and s < m.end), None
            )
            if hit is not None:
                used.add(hit)
                found += 1
            elif args.show_misses:
                print(f"MISS {g['passage_id']} {t_}")
        for m in pred:
            if not any(m.start < e and s < m.end for s, e, _ in spans):
                extra += 1
                if args.show_extras:
                    print(f"EXTRA {g['passage_id']} {m.text} -> {m.location} "
                          f"({m.admin1}, p{m.geo_precision}, {m.reason})")
    # Non-conflict passages: every mention there is outside the gold set's scope; report
    # how many places the general texts yield (a rough false-place rate on ordinary prose).
    general = [t for i, t in texts.items() if i.startswith("g")]
    gen_mentions = sum(len(find_places(t, gazetteer=gaz)) for t in general)
    gen_words = sum(len(t.split()) for t in general)

    print(f"gold passages: {len(gold)}; gold place mentions: {n_gold}")
    print(f"found (span overlap, one to one): {found}/{n_gold} = {found / n_gold:.1%}")
    print(f"predicted mentions: {n_pred}; extra (overlap no gold place): {extra}")
    print(f"general passages: {len(general)}, {gen_words} words, {gen_mentions} place mentions")
    print(f"load (table + automaton): {load_s * 1000:.0f} ms; "
          f"find_places: {find_s * 1000:.0f} ms for {n_chars:,} chars")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
