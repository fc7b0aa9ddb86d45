"""Switch each extraction rule off in turn and report what it is worth on each development set.

    python benchmarks/extract_ablation.py                 # every rule, the development sets
    python benchmarks/extract_ablation.py --held-out      # also the held-out part (measure only)
    python benchmarks/extract_ablation.py --markdown      # a table for BENCHMARKS.md

For every rule of :data:`kashf.rules.RULES` (stage other than merge), extraction runs on each
set with that rule switched off (:func:`kashf.rules.switched_off`), scored like a coder
(:mod:`kashf.extract.score`). A row gives, per set, the change in detection F1 and the change
summed over the field accuracies (event_type, sub_event_type, actor1, actor2, admin1, location,
fatalities) when the rule is switched off: negative means the rule helps. Needs ../shared
(``$KASHF_SHARED``); without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_quality import HELD_OUT, SHARED, evaluate_set, load_set, measures

FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "admin1", "location", "fatalities")
DEVELOP = ("gold", "dev2", "seed", "news2-develop")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--held-out", action="store_true", help="also measure the held-out part")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--rule", action="append", help="only these rules")
    args = ap.parse_args(argv)
    if not (args.shared / "corpus" / "news.jsonl").is_file():
        print(f"skipped: needs {args.shared}/corpus (set KASHF_SHARED)", file=sys.stderr)
        return 0
    import kashf.extract  # noqa: F401  (registers the rules)
    from kashf.rules import RULES, switched_off

    names = list(DEVELOP) + ([HELD_OUT] if args.held_out else [])
    sets = {n: load_set(n, args.shared) for n in names}

    def run() -> dict[str, dict[str, float | None]]:
        return {n: measures(evaluate_set(es)[0]) for n, es in sets.items()}

    base = run()
    rules = args.rule or sorted(n for n, r in RULES.items() if r.stage != "merge")
    rows: list[tuple[str, dict[str, tuple[float, float]]]] = []
    for name in rules:
        with switched_off(name):
            off = run()
        delta: dict[str, tuple[float, float]] = {}
        for n in names:
            b, o = base[n], off[n]
            df1 = (o["f1"] or 0.0) - (b["f1"] or 0.0)
            dfields = sum(((o[k] or 0.0) - (b[k] or 0.0)) for k in FIELDS)
            delta[n] = (df1, dfields)
        rows.append((name, delta))
        if not args.markdown:
            cells = "  ".join(f"{n}: F1 {d[0]:+.3f} fields {d[1]:+.3f}" for n, d in delta.items())
            print(f"{name:<52} {cells}", flush=True)
    if args.markdown:
        print("| rule switched off | " + " | ".join(f"{n} ΔF1 / Δfields" for n in names) + " |")
        print("|---|" + "---|" * len(names))
        for name, delta in rows:
            cells = " | ".join(f"{d[0]:+.3f} / {d[1]:+.2f}" for d in delta.values())
            print(f"| `{name}` | {cells} |")
        print()
        print("Base: " + "; ".join(f"{n} F1 {base[n]['f1']:.3f}" for n in names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
