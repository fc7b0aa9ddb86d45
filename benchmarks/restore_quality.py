"""Restore quality on real text: ``python benchmarks/restore_quality.py [--markdown] [--check]``.

(a) ``corpus/obfuscated.jsonl``: real evasion spellings in the sentence they were seen in. Each
    row's ``context`` is restored whole; the ``obfuscated`` form is located in the raw context
    (as a whole token when possible), its span is mapped through the restoration's edits, and the
    restored characters there must be the row's ``clean`` word. Reported per technique, for all
    techniques but dotless together (target >= 97 %), and for dotless (target >= 93 %) over the
    labelled words; plus, for dotless contexts, how many tokens still hold a dotless-only letter
    (ٮ ں ڡ ٯ) after restore (residue; not an accuracy, nothing says what they should be).
(b) ``corpus/news.jsonl``: ordinary news passages, almost all clean. Every token restore changes
    is listed with its technique, split by passage class (``g…`` general, ``c…`` conflict).
    Target: 0 changed tokens in ``g…`` passages.

Needs the project's shared material (``../shared`` or ``$KASHF_SHARED``); without it the script
says so and exits 0. ``--check`` exits 1 when a target or a floor (``FLOOR_*``: just under the
figures reached, so that CI, which runs it from ``make test``, catches a fall) is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import kashf
from kashf import Restoration
from kashf.text import fold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from spans import restored_offset, widen  # noqa: E402  (the synthetic test's judging rule)

SHARED = Path(os.environ.get("KASHF_SHARED", ROOT.parent / "shared"))

TARGET_NON_DOTLESS = 0.97
TARGET_DOTLESS = 0.93
TARGET_GENERAL_CHANGES = 0
FLOOR_NON_DOTLESS = 0.99  # reached: 100.0 % (BENCHMARKS.md)
FLOOR_DOTLESS = 0.93  # reached: 93.3 %

# Letters of any Arabic-script word, including the dotless and Persian look-alikes and tatweel:
# an occurrence of the obfuscated form is a whole token when no such letter touches it.
WORD_CHAR = re.compile(r"[\u0621-\u065f\u0670-\u06d3\u0640A-Za-z]")
DOTLESS_ONLY = re.compile("[\u066e\u06ba\u06a1\u066f]")  # ٮ ں ڡ ٯ
EDGE_JUNK = " \t\n.,،؛:!?؟\"'“”«»()[]"


# ---- offsets --------------------------------------------------------------------------------


def locate(form: str, context: str) -> tuple[int, int] | None:
    """The first whole-token occurrence of ``form`` in ``context``, else the first at all."""
    first = None
    for m in re.finditer(re.escape(form), context):
        s, e = m.span()
        first = first or (s, e)
        before = context[s - 1] if s else ""
        after = context[e] if e < len(context) else ""
        if not WORD_CHAR.match(before) and not WORD_CHAR.match(after):
            return s, e
    return first


# ---- (a) labelled specimens ----------------------------------------------------------------


@dataclass(frozen=True)
class Specimen:
    technique: str
    obfuscated: str
    clean: str
    got: str | None  # None: the obfuscated form is not in the context
    context: str
    edits: tuple[str, ...]  # techniques of the edits over the span

    @property
    def found(self) -> bool:
        return self.got is not None

    @property
    def exact(self) -> bool:
        return self.got is not None and self.got.strip(EDGE_JUNK) == self.clean

    @property
    def folded(self) -> bool:
        return self.got is not None and fold(self.got.strip(EDGE_JUNK)) == fold(self.clean)

    @property
    def dotless(self) -> bool:
        return "dotless" in self.technique


def specimens(rows: Iterable[dict[str, str]], cache: dict[str, Restoration]) -> list[Specimen]:
    out = []
    for row in rows:
        ctx = row["context"]
        span = locate(row["obfuscated"], ctx)
        if span is None:
            out.append(Specimen(row["technique"], row["obfuscated"], row["clean"], None, ctx, ()))
            continue
        r = cache.get(ctx) or cache.setdefault(ctx, kashf.restore(ctx))
        rs = restored_offset(r, ctx, span[0], end=False)
        re_ = restored_offset(r, ctx, span[1], end=True)
        names = tuple(sorted({e.technique for e in r.edits
                              if e.start < span[1] and e.end > span[0]}))
        out.append(Specimen(row["technique"], row["obfuscated"], row["clean"],
                            r.text[rs:re_], ctx, names))
    return out


def dotless_residue(contexts: Iterable[str], cache: dict[str, Restoration]) -> tuple[int, int]:
    """Tokens with a dotless-only letter before restore, and how many still have one after."""
    before = after = 0
    for ctx in contexts:
        before += sum(1 for t in ctx.split() if DOTLESS_ONLY.search(t))
        after += sum(1 for t in cache[ctx].text.split() if DOTLESS_ONLY.search(t))
    return before, after


# ---- (b) news passages -----------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """Raw tokens that edits touched (several when an edit joined them), and what they became."""

    passage: str
    raw: str
    restored: str
    technique: str
    tokens: int


def token_changes(pid: str, raw: str, r: Restoration) -> list[Change]:
    """Every whitespace token of ``raw`` an edit touched, grouped when one edit spans several."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", raw)]
    groups: list[tuple[int, int, set[str], int]] = []  # raw start, raw end, techniques, tokens
    for e in r.edits:
        hit = [t for t in tokens if t[0] < max(e.end, e.start + 1) and t[1] > e.start]
        # An edit that removes whitespace joins tokens: it touches the tokens on both sides.
        if not hit or any(ch.isspace() for ch in e.original):
            hit = sorted(set(hit) | {t for t in tokens if t[1] == e.start or t[0] == e.end})
        if not hit:
            continue
        s, t_end = hit[0][0], hit[-1][1]
        if groups and (s < groups[-1][1] or s == groups[-1][0]):
            gs, ge, names, _ = groups.pop()
            s, t_end = min(s, gs), max(t_end, ge)
            names = names | {e.technique}
        else:
            names = {e.technique}
        n = sum(1 for t in tokens if t[0] >= s and t[1] <= t_end)
        groups.append((s, t_end, names, n))
    changes = []
    for g_start, g_end, names, n in groups:
        rs = restored_offset(r, raw, g_start, end=False)
        re_ = restored_offset(r, raw, g_end, end=True)
        changes.append(Change(pid, raw[g_start:g_end], widen(r.text, rs, re_),
                              "+".join(sorted(names)), n))
    return changes


# ---- report -----------------------------------------------------------------------------------


def rate(ok: int, n: int) -> str:
    return f"{ok / n:.1%}" if n else "n/a"


def spec_table(specs: Sequence[Specimen]) -> list[str]:
    by: dict[str, list[Specimen]] = defaultdict(list)
    for sp in specs:
        by[sp.technique].append(sp)
    lines = ["| technique | rows | found | exact | rate | folded rate |",
             "|---|---:|---:|---:|---:|---:|"]
    for tech in sorted(by, key=lambda t: (-len(by[t]), t)):
        g = by[tech]
        f = [s for s in g if s.found]
        lines.append(f"| {tech} | {len(g)} | {len(f)} | {sum(s.exact for s in f)} | "
                     f"{rate(sum(s.exact for s in f), len(f))} | "
                     f"{rate(sum(s.folded for s in f), len(f))} |")
    for label, group in (("**all but dotless**", [s for s in specs if not s.dotless]),
                         ("**dotless**", [s for s in specs if s.dotless])):
        f = [s for s in group if s.found]
        lines.append(f"| {label} | {len(group)} | {len(f)} | {sum(s.exact for s in f)} | "
                     f"**{rate(sum(s.exact for s in f), len(f))}** | "
                     f"{rate(sum(s.folded for s in f), len(f))} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder")
    ap.add_argument("--markdown", action="store_true",
                    help="print one markdown section for BENCHMARKS.md")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    corpus = args.shared / "corpus"
    if not (corpus / "obfuscated.jsonl").is_file() or not (corpus / "news.jsonl").is_file():
        print(f"skipped: needs {corpus}/obfuscated.jsonl and news.jsonl (the project's shared "
              "material; set KASHF_SHARED or --shared)", file=sys.stderr)
        return 0

    def load(name: str) -> list[dict[str, str]]:
        with open(corpus / name, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    t0 = time.perf_counter()
    cache: dict[str, Restoration] = {}
    specs = specimens(load("obfuscated.jsonl"), cache)
    dl_before, dl_after = dotless_residue(sorted({s.context for s in specs if s.dotless
                                                 and s.found}), cache)
    news = load("news.jsonl")
    changes: list[Change] = []
    n_tokens = {"g": 0, "c": 0}
    n_passages = {"g": 0, "c": 0}
    for row in news:
        cls = row["id"][:1]
        n_passages[cls] = n_passages.get(cls, 0) + 1
        n_tokens[cls] = n_tokens.get(cls, 0) + len(row["text"].split())
        changes += token_changes(row["id"], row["text"], kashf.restore(row["text"]))
    elapsed = time.perf_counter() - t0

    nd = [s for s in specs if not s.dotless and s.found]
    dl = [s for s in specs if s.dotless and s.found]
    nd_rate = sum(s.exact for s in nd) / max(1, len(nd))
    dl_rate = sum(s.exact for s in dl) / max(1, len(dl))
    g_changes = [c for c in changes if c.passage.startswith("g")]
    c_changes = [c for c in changes if c.passage.startswith("c")]

    out = ["## Restore quality", "",
           f"`python benchmarks/restore_quality.py --markdown` (kashf {kashf.__version__}, "
           f"{elapsed:.1f} s)", "",
           "### Real evasion spellings (`corpus/obfuscated.jsonl`)", "",
           "A row counts when the restored text, at the place the obfuscated form was, is the "
           "clean word exactly (folded: hamza/alef, ta marbuta, alef maqsura folded).", "",
           *spec_table(specs), "",
           f"- all techniques but dotless: **{nd_rate:.1%}** "
           f"(target {TARGET_NON_DOTLESS:.0%}) — "
           f"{'met' if nd_rate >= TARGET_NON_DOTLESS else 'MISSED'}",
           f"- dotless, labelled words: **{dl_rate:.1%}** (target {TARGET_DOTLESS:.0%}) — "
           f"{'met' if dl_rate >= TARGET_DOTLESS else 'MISSED'}",
           f"- dotless contexts: {dl_before} tokens hold a dotless-only letter (ٮ ں ڡ ٯ) "
           f"before restore, {dl_after} after", ""]
    missing = [s for s in specs if not s.found]
    if missing:
        out += [f"Rows whose obfuscated form is not in their context ({len(missing)}): "
                + ", ".join(f"`{s.obfuscated}`" for s in missing), ""]
    failures = [s for s in specs if s.found and not s.exact]
    out += [f"Failures ({len(failures)}):", ""]
    out += [f"- [{s.technique}] `{s.obfuscated}` → `{s.got}` (expected `{s.clean}`; "
            f"edits: {', '.join(s.edits) or 'none'})" for s in failures] or ["- none"]
    out += ["", "### Changes in ordinary news (`corpus/news.jsonl`)", "",
            "| passages | count | tokens | tokens changed | passages changed |",
            "|---|---:|---:|---:|---:|"]
    for cls, label, group in (("g", "general (`g…`)", g_changes),
                              ("c", "conflict (`c…`)", c_changes)):
        out.append(f"| {label} | {n_passages.get(cls, 0)} | {n_tokens.get(cls, 0)} | "
                   f"{sum(c.tokens for c in group)} | {len({c.passage for c in group})} |")
    g_tokens = sum(c.tokens for c in g_changes)
    out += ["", f"- general passages: {g_tokens} changed tokens "
            f"(target {TARGET_GENERAL_CHANGES}) — "
            f"{'met' if g_tokens <= TARGET_GENERAL_CHANGES else 'MISSED'}", "",
            f"Every change ({len(changes)}):", ""]
    out += [f"- {c.passage}: `{c.raw}` → `{c.restored}` ({c.technique})" for c in changes] \
        or ["- none"]
    text = "\n".join(out)
    if not args.markdown:
        text = text.replace("**", "").replace("`", "")
    print(text)
    missed = [f"{label} {value:.1%} < {floor:.0%}" for label, value, floor in (
        ("all but dotless", nd_rate, max(TARGET_NON_DOTLESS, FLOOR_NON_DOTLESS)),
        ("dotless", dl_rate, max(TARGET_DOTLESS, FLOOR_DOTLESS))) if value < floor]
    if g_tokens > TARGET_GENERAL_CHANGES:
        missed.append(f"{g_tokens} changed tokens in general news")
    if missed:
        print("missed: " + "; ".join(missed), file=sys.stderr)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
