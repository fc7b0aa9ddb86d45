"""Extraction quality on the development gold, plus false events on non-conflict passages.

    python benchmarks/extract_quality.py [GOLD.jsonl] [PASSAGES.jsonl] [--verbose]

Same numbers as ``kashf evaluate GOLD PASSAGES --news``; defaults to ../shared/gold/events.jsonl
and ../shared/corpus/news.jsonl.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kashf.cli import main

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    gold = args[0] if args else str(ROOT.parent / "shared/gold/events.jsonl")
    passages = args[1] if len(args) > 1 else str(ROOT.parent / "shared/corpus/news.jsonl")
    raise SystemExit(main(["evaluate", gold, passages, "--news", *flags]))
