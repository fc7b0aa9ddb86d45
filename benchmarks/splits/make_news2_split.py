"""Split ../shared/corpus/news2.jsonl once, by report id, into develop (2/3) and held-out (1/3).

Run once, before anyone read a news2 report; the output (news2_split.json) is committed and never
regenerated. Only ids are read. Within each id prefix (a north-west, b east, s south/centre,
n/m/o non-conflict) the ids are ordered by the SHA-256 of "kashf-news2-split:" + id and every
third one is held out, so both parts keep the prefix mix.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

SALT = "kashf-news2-split:"


def split(ids: list[str]) -> dict[str, list[str]]:
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for rid in ids:
        by_prefix[rid[0]].append(rid)
    develop: list[str] = []
    held_out: list[str] = []
    for prefix in sorted(by_prefix):
        ranked = sorted(
            by_prefix[prefix], key=lambda r: hashlib.sha256((SALT + r).encode()).hexdigest()
        )
        for i, rid in enumerate(ranked):
            (held_out if i % 3 == 2 else develop).append(rid)
    return {"develop": sorted(develop), "held_out": sorted(held_out)}


def main() -> None:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/news2.jsonl")
    ids = [json.loads(line)["id"] for line in src.open(encoding="utf-8") if line.strip()]
    out = Path(__file__).with_name("news2_split.json")
    if out.exists():
        raise SystemExit(f"{out} exists: the split is made once and never redone")
    out.write_text(json.dumps(split(ids), indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
