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

``--check`` exits 1 when a row of the table misses its floor in ``FLOORS`` (just under the
figures reached; see BENCHMARKS.md) or a source damages more tokens than ``DAMAGE_CEILING``;
``make test`` runs it.
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

# Per source, (technique or "mixed", rate) -> the least share of broken words restored, just
# under the figures reached (BENCHMARKS.md); and the most damaged tokens in all rows together.
FLOORS: dict[str, dict[tuple[str, float], float]] = {
    "own": {
        ("tatweel_dot", 0.05): 0.990,
        ("tatweel_dot", 0.2): 0.990,
        ("tatweel_comma", 0.05): 0.990,
        ("tatweel_comma", 0.2): 0.990,
        ("tatweel_spaced", 0.05): 0.965,
        ("tatweel_spaced", 0.2): 0.990,
        ("inner_separator", 0.05): 0.965,
        ("inner_separator", 0.2): 0.990,
        ("asterisk_inside", 0.05): 0.990,
        ("asterisk_inside", 0.2): 0.990,
        ("every_letter", 0.05): 0.990,
        ("every_letter", 0.2): 0.990,
        ("spaced_letters", 0.05): 0.990,
        ("spaced_letters", 0.2): 0.950,
        ("letter_masked", 0.05): 0.965,
        ("letter_masked", 0.2): 0.975,
        ("invisible", 0.05): 0.990,
        ("invisible", 0.2): 0.990,
        ("presentation_form", 0.05): 0.990,
        ("presentation_form", 0.2): 0.990,
        ("persian_lookalike", 0.05): 0.990,
        ("persian_lookalike", 0.2): 0.990,
        ("decorative_tatweel", 0.05): 0.990,
        ("decorative_tatweel", 0.2): 0.990,
        ("harakat_noise", 0.05): 0.990,
        ("harakat_noise", 0.2): 0.990,
        ("emoji_inside", 0.05): 0.990,
        ("emoji_inside", 0.2): 0.980,
        ("symbol_inside", 0.05): 0.990,
        ("symbol_inside", 0.2): 0.990,
        ("arabizi_digit", 0.05): 0.990,
        ("arabizi_digit", 0.2): 0.970,
        ("shape_digit", 0.05): 0.990,
        ("shape_digit", 0.2): 0.980,
        ("latin_letters", 0.05): 0.990,
        ("latin_letters", 0.2): 0.990,
        ("stray_digit", 0.05): 0.965,
        ("stray_digit", 0.2): 0.975,
        ("dotless", 0.05): 0.960,
        ("dotless", 0.2): 0.965,
        ("random_marks", 0.05): 0.990,
        ("random_marks", 0.2): 0.955,
        ("random_split", 0.05): 0.965,
        ("random_split", 0.2): 0.930,
        ("word_dotless", 0.05): 0.940,
        ("word_dotless", 0.2): 0.925,
        ("yeh_barree", 0.05): 0.990,
        ("yeh_barree", 0.2): 0.990,
        ("mixed", 0.05): 0.990,
        ("mixed", 0.2): 0.990,
    },
    "news": {
        ("tatweel_dot", 0.05): 0.990,
        ("tatweel_dot", 0.2): 0.985,
        ("tatweel_comma", 0.05): 0.990,
        ("tatweel_comma", 0.2): 0.985,
        ("tatweel_spaced", 0.05): 0.985,
        ("tatweel_spaced", 0.2): 0.985,
        ("inner_separator", 0.05): 0.970,
        ("inner_separator", 0.2): 0.970,
        ("asterisk_inside", 0.05): 0.985,
        ("asterisk_inside", 0.2): 0.985,
        ("every_letter", 0.05): 0.985,
        ("every_letter", 0.2): 0.980,
        ("spaced_letters", 0.05): 0.980,
        ("spaced_letters", 0.2): 0.980,
        ("letter_masked", 0.05): 0.950,
        ("letter_masked", 0.2): 0.955,
        ("invisible", 0.05): 0.990,
        ("invisible", 0.2): 0.990,
        ("presentation_form", 0.05): 0.990,
        ("presentation_form", 0.2): 0.990,
        ("persian_lookalike", 0.05): 0.990,
        ("persian_lookalike", 0.2): 0.990,
        ("decorative_tatweel", 0.05): 0.990,
        ("decorative_tatweel", 0.2): 0.990,
        ("harakat_noise", 0.05): 0.990,
        ("harakat_noise", 0.2): 0.990,
        ("emoji_inside", 0.05): 0.980,
        ("emoji_inside", 0.2): 0.980,
        ("symbol_inside", 0.05): 0.990,
        ("symbol_inside", 0.2): 0.985,
        ("arabizi_digit", 0.05): 0.980,
        ("arabizi_digit", 0.2): 0.975,
        ("shape_digit", 0.05): 0.955,
        ("shape_digit", 0.2): 0.950,
        ("latin_letters", 0.05): 0.975,
        ("latin_letters", 0.2): 0.970,
        ("stray_digit", 0.05): 0.965,
        ("stray_digit", 0.2): 0.970,
        ("dotless", 0.05): 0.970,
        ("dotless", 0.2): 0.970,
        ("random_marks", 0.05): 0.945,
        ("random_marks", 0.2): 0.965,
        ("random_split", 0.05): 0.825,
        ("random_split", 0.2): 0.905,
        ("word_dotless", 0.05): 0.900,
        ("word_dotless", 0.2): 0.910,
        ("yeh_barree", 0.05): 0.985,
        ("yeh_barree", 0.2): 0.985,
        ("mixed", 0.05): 0.965,
        ("mixed", 0.2): 0.965,
    },
}
DAMAGE_CEILING: dict[str, int] = {"own": 0, "news": 2}  # reached: 0 and 2 (BENCHMARKS.md)


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
            floor = FLOORS.get(source, {}).get((r.technique, r.rate))
            if floor is not None and r.share < floor:
                missed.append(f"{source}/{r.technique}/{r.rate:.0%}: {r.share:.1%} < {floor:.1%}")
        damaged = sum(r.damaged for r in rows[source])
        if damaged > DAMAGE_CEILING.get(source, 0):
            missed.append(f"{source}: {damaged} damaged tokens > {DAMAGE_CEILING.get(source, 0)}")
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
