"""Restore inside running text: ``python benchmarks/restore_synthetic.py [--markdown] [--check]``.

The generator of ``tests/running_text.py`` breaks a share (5 %, 20 %) of all the Arabic words of
ordinary text with one technique (and, in the ``mixed`` rows, a random technique per word);
restore runs on each text once; every broken word is looked up at its place in the restored
text (``tests/spans.py``, the rule the synthetic test judges by) and must be the clean token
exactly, punctuation and quotes included. Every word the generator left whole must come back
unchanged: a changed one is a *damaged* token.

Two sources of clean text:

- ``own``: the posts written for the test suite (``tests/arabic_sentences.py``, four sentences a
  line), always there;
- ``news``: the passages of ``../shared/corpus/news.jsonl`` that restore leaves unchanged as they
  are (all but a few that hold real evasion), read at run time and never copied; skipped
  without the shared folder.

``--check`` exits 1 when a row of the table misses the floor in ``FLOORS`` (just under the
figures reached; see BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import kashf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from arabic_sentences import POSTS  # noqa: E402
from running_text import RATES, RUNNING_TECHNIQUES, obfuscate_running  # noqa: E402
from spans import damaged_tokens, restored_words  # noqa: E402

SHARED = Path(os.environ.get("KASHF_SHARED", ROOT.parent / "shared"))
MIXED = "mixed"

# (technique or "mixed", rate) -> the least share of broken words restored; damage must be 0.
FLOORS: dict[tuple[str, float], float] = {}


@dataclass(frozen=True)
class Row:
    technique: str
    rate: float
    texts: int
    broken: int
    restored: int
    kept: int
    damaged: int
    failures: tuple[tuple[str, str, str], ...]  # (broken form, got, expected)
    damage: tuple[tuple[str, str], ...]  # (token, what it became)

    @property
    def share(self) -> float:
        return self.restored / self.broken if self.broken else 1.0


def measure(texts: Sequence[str], technique: str, rate: float, source: str) -> Row:
    broken = restored = kept = 0
    failures: list[tuple[str, str, str]] = []
    damage: list[tuple[str, str]] = []
    for i, text in enumerate(texts):
        rng = random.Random(f"{source}/{technique}/{rate}/{i}")
        o = obfuscate_running(text, rng, technique=None if technique == MIXED else technique,
                              rate=rate)
        if not o.breaks:
            continue
        r = kashf.restore(o.text)
        for b, (got, expected) in zip(o.breaks, restored_words(o, r), strict=True):
            broken += 1
            if got == expected:
                restored += 1
            else:
                failures.append((b.broken, got, expected))
        kept += len(o.kept)
        damage += damaged_tokens(o, r)
    return Row(technique, rate, len(texts), broken, restored, kept, len(damage),
               tuple(failures), tuple(damage))


def news_texts(shared: Path) -> list[str] | None:
    path = shared / "corpus" / "news.jsonl"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [t for t in (row["text"] for row in rows) if not kashf.restore(t).edits]


def table(sources: Sequence[str], rows: dict[str, list[Row]]) -> list[str]:
    """One line per technique and rate; per source, restored / broken (share) and damage."""
    head = "| technique | rate | " + " | ".join(
        f"{s}: restored / broken | {s}: share | {s}: damaged / kept" for s in sources) + " |"
    out = [head, "|---|---:|" + "---:|---:|---:|" * len(sources)]
    for k, first in enumerate(rows[sources[0]]):
        cells = []
        for s in sources:
            r = rows[s][k]
            cells.append(f"{r.restored} / {r.broken} | {r.share:.1%} | {r.damaged} / {r.kept}")
        out.append(f"| {first.technique} | {first.rate:.0%} | " + " | ".join(cells) + " |")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder")
    ap.add_argument("--markdown", action="store_true", help="print a section for BENCHMARKS.md")
    ap.add_argument("--check", action="store_true", help="exit 1 when a floor is missed")
    ap.add_argument("--failures", type=int, default=3, help="failures shown per row")
    args = ap.parse_args(argv)
    sources: list[tuple[str, Sequence[str]]] = [("own", POSTS)]
    news = news_texts(args.shared)
    if news is None:
        print(f"news source skipped: needs {args.shared}/corpus/news.jsonl", file=sys.stderr)
    else:
        sources.append(("news", news))
    t0 = time.perf_counter()
    out = ["## Restore inside running text", "",
           f"`python benchmarks/restore_synthetic.py --markdown` (kashf {kashf.__version__})", ""]
    missed: list[str] = []
    rows: dict[str, list[Row]] = {}
    shown: list[str] = []
    for source, texts in sources:
        rows[source] = [measure(texts, t, rate, source)
                        for t in (*RUNNING_TECHNIQUES, MIXED) for rate in RATES]
        n_words = sum(len(t.split()) for t in texts)
        out.append(f"- `{source}`: {len(texts)} texts, {n_words} tokens")
        for r in rows[source]:
            floor = FLOORS.get((r.technique, r.rate))
            if r.damaged or (floor is not None and r.share < floor):
                missed.append(f"{source}/{r.technique}/{r.rate:.0%}: {r.share:.1%}, "
                              f"{r.damaged} damaged")
        shown += [f"- {source} [{r.technique} {r.rate:.0%}] `{b}` → `{g}` (expected `{e}`)"
                  for r in rows[source] for b, g, e in r.failures[: args.failures]]
        shown += [f"- {source} [{r.technique} {r.rate:.0%}] damaged `{tok}` → `{got}`"
                  for r in rows[source] for tok, got in r.damage[: args.failures]]
    out += ["", *table([s for s, _ in sources], rows), ""]
    if shown:
        out += [f"First failures ({args.failures} per row and source):", "", *shown, ""]
    out.append(f"({time.perf_counter() - t0:.1f} s)")
    text = "\n".join(out)
    print(text if args.markdown else text.replace("`", ""))
    if missed:
        print("missed: " + "; ".join(missed), file=sys.stderr)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
