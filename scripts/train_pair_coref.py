"""A learned pairwise coreference for extract, measured against its rules by grouped CV.

    python scripts/train_pair_coref.py                 # every mode, Markdown
    python scripts/train_pair_coref.py --seed 1        # reports dealt into folds anew
    python scripts/train_pair_coref.py --unpaired absorb   # see "labels" below
    python scripts/train_pair_coref.py --modes add --C 0.1

Within one report, :func:`kashf.extract.events.corefer` joins the event drafts that tell one
event (:func:`kashf.coref.joins` with ``within_report=True``, plus the report's own licences: a
definite noun, a toll told twice, each town of a list). Issue 11 item 5 asks whether a learned
part beats such rules; ``scripts/train_mention_filter.py`` found that 45 of the 100 false alarms
are a second event of a type the report already has, so a pairwise model is tried here.

Examples: every pair of event drafts framing makes before coreference (``framing.corefer`` is
replaced by the identity while the script runs; ``src`` is untouched) in the development reports
(``gold``, ``dev2``, ``seed``, ``news2-develop``; the ids of
``benchmarks/data/learned_parts_ids.txt``; a held-out id stops the script). Each draft, as a
record on its own, is anchored to the gold event the strict scorer (:mod:`kashf.extract.score`)
agrees with most (its evidence overlaps, or the same type at the same place), several drafts
may share one. A pair is labelled 1 when both drafts have the same anchor, 0 when they have
different ones. A pair with a draft that has no anchor (a false alarm whatever coreference does)
or ties between two gold events is left out of training by default: "same event" is not defined
for it, and calling it "same" would teach the model that joining junk is right (``--unpaired
same`` measures that variant; ``--unpaired absorb`` calls it "same" only when the later draft is
the one with no anchor, a false alarm absorbed into an earlier event, and "different" when the
earlier one is). Every draft still takes part in the end-to-end scoring.

Features: the outcome of each :mod:`kashf.coref` rule (type, actors, place, day, within a
report), the join strength, whether the rules would join the pair (joins, a definite noun, the
same toll), the same trigger (a list) and group, the sentence distance, a definite noun later
(``anaphor``), the place scopes and sources, the toll (equal, different, one only), the words
between the triggers and whether a speech verb is among them.

Decisions, each with its threshold chosen by a second grouped split inside the training part
(the test reports choose nothing), the best-scoring earlier event being the one its members
score highest with:

- ``replace``: the model alone decides (join the best event when p >= t);
- ``add``: the rules decide, and the model joins a draft the rules leave alone when p >= t;
- ``veto``: the rules decide, and a join they make is undone when p < t.

Each test fold is scored end to end with :func:`kashf.extract.score.score`, as
``benchmarks/extract_quality.py`` does. First the script checks that its copy of corefer's steps
gives corefer's records, says what the rules' unpaired events point at, and what a perfect
pairwise decision (the labels themselves) would give through the same fusion. Needs
scikit-learn (``pip install -e '.[train]'``) and ``../shared``. Nothing here ships unless it
beats the rules (BENCHMARKS.md, "Learned parts": it does not).
"""

from __future__ import annotations

import argparse
import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

import kashf.extract.framing as framing  # noqa: E402
import train_mention_filter as filter_script  # noqa: E402
from extract_quality import SHARED, EvalSet  # noqa: E402
from kashf import coref  # noqa: E402
from kashf.cli.evaluate import gold_location  # noqa: E402
from kashf.extract import _build_events  # noqa: E402
from kashf.extract.dates import parse_report_date  # noqa: E402
from kashf.extract.events import (  # noqa: E402
    COREFERENCE_WINDOW,
    EventDraft,
    corefer,
    facts,
    fuse,
    listed_together,
    same_toll,
    told_before,
)
from kashf.extract.framing import Frame, frame, view_index  # noqa: E402
from kashf.extract.lexicon import lexicon, make_view, scan  # noqa: E402
from kashf.extract.places import find_places  # noqa: E402
from kashf.extract.score import _pair_score, score  # noqa: E402
from kashf.restore import restore  # noqa: E402
from kashf.text import sentence_spans  # noqa: E402
from train_mention_filter import IDS_PATH, _figures, table  # noqa: E402
from train_mention_filter import pairs as pairs_of  # noqa: E402

FOLDS = 5
THRESHOLDS = tuple(t / 20 for t in range(1, 20))  # 0.05 .. 0.95
MODES = ("replace", "add", "veto")
_WORD_RE = re.compile(r"[\u0621-\u064a]+|\d+")
# Speech verbs and sources between two mentions: a restatement cue (the view's folded spelling).
_SPEECH_WORDS = (
    "قال وقال قالت وقالت افاد وافاد افادت وافادت ذكر وذكر ذكرت وذكرت اكد واكد اكدت واكدت "
    "اضاف واضاف اوضح واوضح بحسب حسب وفق وفقا مصادر مصدر ناشطون ناشط مراسل"
)
_SPEECH = frozenset(_SPEECH_WORDS.split())


# --- reports and their drafts before coreference ------------------------------------------------
@dataclass(frozen=True)
class Report:
    set_name: str
    passage: str
    view: str
    fr: Frame  # drafts before coreference
    build: Callable[[Sequence[EventDraft]], list[dict[str, Any]]]  # drafts -> records
    anchors: tuple[int | None, ...]  # per draft: its gold event, None when none or a tie

    @property
    def key(self) -> str:
        return f"{self.set_name}:{self.passage}"


@contextmanager
def coreference_off() -> Iterator[None]:
    """framing without its coreference step: ``Frame.drafts`` are the drafts as framed."""
    saved = framing.corefer
    framing.corefer = list
    try:
        yield
    finally:
        framing.corefer = saved


def copied(drafts: Sequence[EventDraft]) -> list[EventDraft]:
    """Fresh drafts to fuse (fusion changes its target)."""
    return [
        replace(d, why=dict(d.why), actor1=list(d.actor1), actor2=list(d.actor2)) for d in drafts
    ]


def framed(text: str, date: Any) -> tuple[str, Frame, Callable[[Sequence[EventDraft]], Any]]:
    """The view, the frame before coreference, and a builder of records from drafts."""
    report_date = parse_report_date(date)
    restoration = restore(text)
    clean = restoration.text
    view = make_view(clean)
    lex = lexicon()
    places = find_places(clean) if clean.strip() else []
    with coreference_off():
        fr = frame(view, scan(view.text, lex), lex, report_date, places, view_index(view))

    def view_to_text(vs: int, ve: int) -> tuple[int, int]:
        return view.to_text(vs), view.to_text_end(ve)

    def build(drafts: Sequence[EventDraft]) -> list[dict[str, Any]]:
        events = _build_events(
            replace(fr, drafts=tuple(drafts)),
            restoration,
            view_to_text,
            None,
            report_date.iso,
            report_date.day is not None,
        )
        return [e.to_record() for e in events]

    return view.text, fr, build


def anchor(golds: Sequence[Mapping[str, Any]], rec: Mapping[str, Any]) -> int | None:
    """The gold event the scorer agrees with most for ``rec`` alone (None: none, or a tie)."""
    scored = [
        (s, gi)
        for gi, g in enumerate(golds)
        if (s := _pair_score(g, rec, gold_location(g))) is not None
    ]
    if not scored:
        return None
    best = max(s for s, _ in scored)
    top = [gi for s, gi in scored if s == best]
    return top[0] if len(top) == 1 else None


def load_reports(shared: Path) -> tuple[list[Report], dict[str, EvalSet]]:
    listed = {
        tuple(line.split("\t"))
        for line in IDS_PATH.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    reports: list[Report] = []
    sets, coded = filter_script.develop_reports(shared)
    for name, p, gs in coded:
        pid = str(p["id"])
        if (name, pid) not in listed:
            raise SystemExit(f"{name}:{pid} is not in {IDS_PATH.name}; refusing")
        view, fr, build = framed(str(p.get("text") or ""), p.get("date"))
        anchors = tuple(anchor(gs, r) for r in build(fr.drafts))
        reports.append(Report(name, pid, view, fr, build, anchors))
    return reports, sets


# --- pairs ----------------------------------------------------------------------------------
def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def rules_join(o: EventDraft, d: EventDraft) -> bool:
    """Would corefer's rules join ``d`` to ``o`` were ``o`` the only earlier event?"""
    if listed_together(o, d):
        return False
    return (
        coref.joins(facts(o), facts(d), True) is not None
        or told_before([o], d) is o
        or same_toll(o, d)
    )


def pair_features(view: str, sentences: Sequence[int], o: EventDraft, d: EventDraft) -> list[str]:
    """What the model sees of the earlier draft ``o`` and the later ``d``."""
    fo, fd = facts(o), facts(d)
    t = coref.type_rule(fo, fd, True)
    ac = coref.actors_rule(fo, fd, True)
    pl = coref.place_rule(fo, fd, True)
    dy = coref.day_rule(fo, fd, True)
    joined = coref.joins(fo, fd, True)
    first, second = sorted((o.trigger, d.trigger), key=lambda h: h.start)
    between = _WORD_RE.findall(view[first.end : second.word_start]) if first != second else []
    so = bisect_right(sentences, o.sentence[0])
    sd = bisect_right(sentences, d.sentence[0])

    def scope(x: EventDraft) -> str:
        return x.place.scope if x.place is not None else "none"

    if o.killed and d.killed:
        toll = "equal" if o.killed == d.killed else "different"
    else:
        toll = "one" if o.killed or d.killed else "none"
    return [
        f"type_rule={t or 'none'}",
        "actors_rule=" + ("+".join(ac[0]) if ac else "none"),
        f"place_rule={pl or 'none'}",
        f"day_rule={dy or 'none'}",
        "strength=" + (str(sum(s for _, s in joined)) if joined else "none"),
        f"rules_join={rules_join(o, d)}",
        f"told_before={told_before([o], d) is o}",
        f"same_toll={same_toll(o, d)}",
        f"listed={listed_together(o, d)}",
        f"same_trigger={o.trigger == d.trigger}",
        f"same_group={o.group == d.group}",
        f"groups={o.group}|{d.group}",
        f"same_type={o.event_type == d.event_type}",
        f"same_sub={o.sub_event_type == d.sub_event_type}",
        f"sentences_apart={_bucket(sd - so, (0, 1, 2, 4))}",
        f"anaphor={d.anaphor}",
        f"earlier_anaphor={o.anaphor}",
        f"scopes={scope(o)}|{scope(d)}",
        f"sources={o.place_source or 'none'}|{d.place_source or 'none'}",
        f"same_location={fo.location is not None and fo.location == fd.location}",
        f"toll={toll}",
        f"words_between={_bucket(len(between), (0, 3, 10, 25))}",
        f"speech_between={any(w in _SPEECH for w in between)}",
        f"lead={so == 1}",
    ]


@dataclass(frozen=True)
class Pair:
    report: int  # index into the reports
    i: int  # earlier draft
    j: int  # later draft
    feats: tuple[str, ...]
    label: int | None  # 1 same gold event, 0 different, None not defined


def make_pairs(reports: Sequence[Report], unpaired: str) -> list[Pair]:
    out: list[Pair] = []
    for ri, r in enumerate(reports):
        drafts = r.fr.drafts
        starts = [s for s, _ in sentence_spans(r.view)]
        for j, d in enumerate(drafts):
            for i in range(max(0, j - COREFERENCE_WINDOW), j):
                a, b = r.anchors[i], r.anchors[j]
                label: int | None
                if a is not None and b is not None:
                    label = int(a == b)
                elif unpaired == "same" or (unpaired == "absorb" and b is None):
                    label = 1
                else:
                    label = 0 if unpaired == "absorb" else None
                feats = tuple(pair_features(r.view, starts, drafts[i], d))
                out.append(Pair(ri, i, j, feats, label))
    return out


# --- coreference with a model's say ---------------------------------------------------------
Probs = Mapping[tuple[int, int], float]  # (earlier, later) draft index -> p(same event)


def rules_target(out: Sequence[EventDraft], d: EventDraft) -> int | None:
    """The event of ``out`` corefer's rules join ``d`` to (the same steps as corefer)."""
    fd = facts(d)
    lo = max(0, len(out) - COREFERENCE_WINDOW)
    recent = [k for k in range(lo, len(out)) if not listed_together(out[k], d)]
    best, target = 0, None
    for k in recent:
        joined = coref.joins(facts(out[k]), fd, True)
        strength = sum(s for _, s in joined) if joined else 0
        if strength > best:
            target, best = k, strength
    if target is None:
        o = told_before([out[k] for k in recent], d)
        target = next((k for k in recent if out[k] is o), None) if o is not None else None
    if target is None:
        target = next((k for k in recent if same_toll(out[k], d)), None)
    return target


def learned_corefer(
    drafts: Sequence[EventDraft], probs: Probs, mode: str, t: float
) -> list[EventDraft]:
    """corefer with the model deciding (``replace``), adding joins (``add``) or undoing them
    (``veto``); an event scores a draft by the best of its members."""
    out: list[EventDraft] = []
    members: list[list[int]] = []
    for j, d in enumerate(copied(drafts)):
        lo = max(0, len(out) - COREFERENCE_WINDOW)

        def p(k: int, j: int = j) -> float:
            return max(probs.get((i, j), 0.0) for i in members[k])

        learned = max(range(lo, len(out)), key=lambda k: (p(k), -k), default=None)
        rule = rules_target(out, d)
        if mode == "replace":
            target = learned if learned is not None and p(learned) >= t else None
        elif mode == "add":
            target = rule
            if target is None and learned is not None and p(learned) >= t:
                target = learned
        else:  # veto
            target = rule if rule is not None and p(rule) >= t else None
        if target is None:
            out.append(d)
            members.append([j])
        else:
            fuse(out[target], d)
            members[target].append(j)
    return out


def score_sets(
    sets: Mapping[str, EvalSet], reports: Sequence[Report], records: Sequence[list[dict[str, Any]]]
) -> dict[str, dict[str, Any]]:
    """Strict detection figures per set and pooled, for the records of each report."""
    out: dict[str, dict[str, Any]] = {}
    pooled = dict.fromkeys(("gold", "pred", "hit", "sub"), 0)
    for name, es in sets.items():
        predicted = {r.passage: recs for r, recs in zip(reports, records) if r.set_name == name}
        s = score(es.gold, predicted, location_key=gold_location, coded_empty=es.coded_empty)
        out[name] = _figures(s.gold, s.predicted, s.matched, s.correct["sub_event_type"])
        for k, v in (("gold", s.gold), ("pred", s.predicted), ("hit", s.matched)):
            pooled[k] += v
        pooled["sub"] += s.correct["sub_event_type"]
    out["pooled"] = _figures(pooled["gold"], pooled["pred"], pooled["hit"], pooled["sub"])
    return out


def pooled_f1(
    sets: Mapping[str, EvalSet],
    reports: Sequence[Report],
    idx: Sequence[int],
    probs: Mapping[int, Probs],
    mode: str,
    t: float,
) -> float:
    """Pooled strict F1 over the reports ``idx`` with the learned coreference."""
    chosen = [reports[i] for i in idx]
    recs = [
        r.build(learned_corefer(r.fr.drafts, probs.get(i, {}), mode, t))
        for r, i in zip(chosen, idx)
    ]
    return float(score_sets(_subset(sets, chosen), chosen, recs)["pooled"]["f1"])


def _subset(sets: Mapping[str, EvalSet], chosen: Sequence[Report]) -> dict[str, EvalSet]:
    """Each set cut down to the reports ``chosen`` (gold and coded-empty ids alike)."""
    keep: dict[str, set[str]] = {}
    for r in chosen:
        keep.setdefault(r.set_name, set()).add(r.passage)
    return {
        name: EvalSet(
            name,
            [g for g in es.gold if str(g["passage_id"]) in keep[name]],
            es.passages,
            frozenset(es.coded_empty & keep[name]),
        )
        for name, es in sets.items()
        if name in keep
    }


# --- the model ------------------------------------------------------------------------------
def fit(pairs: Sequence[Pair], c: float) -> Any:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    labelled = [q for q in pairs if q.label is not None]
    model = make_pipeline(
        DictVectorizer(), LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    )
    model.fit([dict.fromkeys(q.feats, 1) for q in labelled], [q.label for q in labelled])
    return model


def predict(model: Any, pairs: Sequence[Pair]) -> dict[int, dict[tuple[int, int], float]]:
    """report index -> (i, j) -> p(same event)."""
    out: dict[int, dict[tuple[int, int], float]] = {}
    if not pairs:
        return out
    ps = model.predict_proba([dict.fromkeys(q.feats, 1) for q in pairs])[:, 1]
    for q, p in zip(pairs, ps):
        out.setdefault(q.report, {})[(q.i, q.j)] = float(p)
    return out


def report_folds(n: int, k: int, seed: int) -> list[list[int]]:
    """Report indices per test fold (a report's pairs stay together)."""
    from sklearn.model_selection import GroupKFold

    gkf = GroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return [list(test) for _tr, test in gkf.split(list(range(n)), groups=list(range(n)))]


def out_of_fold(
    pairs: Sequence[Pair], idx: Sequence[int], k: int, seed: int, c: float
) -> dict[int, dict[tuple[int, int], float]]:
    """Probabilities for the pairs of reports ``idx``, each from a model of the others."""
    probs: dict[int, dict[tuple[int, int], float]] = {}
    among = set(idx)
    for test in report_folds(len(idx), k, seed):
        held = {idx[i] for i in test}
        model = fit([q for q in pairs if q.report in among and q.report not in held], c)
        probs.update(predict(model, [q for q in pairs if q.report in held]))
    return probs


def cross_validate(
    sets: Mapping[str, EvalSet],
    reports: Sequence[Report],
    pairs: Sequence[Pair],
    mode: str,
    c: float,
    seed: int,
) -> tuple[list[list[dict[str, Any]]], list[float], dict[int, dict[tuple[int, int], float]]]:
    """Records per report with the learned coreference, the thresholds picked per fold, and the
    out-of-fold probabilities."""
    records: list[list[dict[str, Any]]] = [[] for _ in reports]
    thresholds: list[float] = []
    oof: dict[int, dict[tuple[int, int], float]] = {}
    for test in report_folds(len(reports), FOLDS, seed):
        test_set = set(test)
        train_idx = [i for i in range(len(reports)) if i not in test_set]
        inner = out_of_fold(pairs, train_idx, FOLDS - 1, 1, c)
        t = max(THRESHOLDS, key=lambda t: (pooled_f1(sets, reports, train_idx, inner, mode, t), t))
        thresholds.append(t)
        model = fit([q for q in pairs if q.report not in test_set], c)
        probs = predict(model, [q for q in pairs if q.report in test_set])
        for i in test:
            oof[i] = probs.get(i, {})
            r = reports[i]
            records[i] = r.build(learned_corefer(r.fr.drafts, oof[i], mode, t))
    return records, thresholds, oof


# --- report ---------------------------------------------------------------------------------
def pair_summary(pairs: Sequence[Pair]) -> str:
    """How many pairs are labelled, and how the rules' own join agrees with the labels."""
    lab = [q for q in pairs if q.label is not None]
    pos = sum(q.label or 0 for q in lab)
    joined = [q for q in lab if "rules_join=True" in q.feats]
    right = sum(q.label or 0 for q in joined)
    p = right / len(joined) if joined else 0.0
    r = right / pos if pos else 0.0
    return (
        f"{len(pairs)} pairs of drafts, {len(lab)} labelled ({pos} same gold event, "
        f"{len(lab) - pos} different); the rules' pairwise join on them: precision {p:.3f}, "
        f"recall {r:.3f}"
    )


def false_alarms(
    sets: Mapping[str, EvalSet], reports: Sequence[Report], records: Sequence[list[dict[str, Any]]]
) -> str:
    """The rules' unpaired events: how many the scorer would give to a gold event another event
    of the report already has (a coreference miss), how many to no gold event at all."""
    golds: dict[str, list[dict[str, Any]]] = {}
    for name, es in sets.items():
        for g in es.gold:
            golds.setdefault(f"{name}:{g['passage_id']}", []).append(g)
    missed = alone = same_type = same_type_alone = 0
    for r, recs in zip(reports, records):
        gs = golds.get(r.key, [])
        paired = pairs_of(gs, recs)
        paired_types = {recs[pi]["event_type"] for pi in paired}
        for pi, rec in enumerate(recs):
            if pi in paired:
                continue
            nowhere = anchor(gs, rec) is None
            alone += nowhere
            missed += not nowhere
            if rec["event_type"] in paired_types:
                same_type += 1
                same_type_alone += nowhere
    return (
        f"the rules' {missed + alone} unpaired events: {missed} point at a gold event another "
        f"event of the report is paired with (a coreference miss), {alone} at no gold event "
        f"(or at two equally); of the {same_type} of a type their report has paired, "
        f"{same_type_alone} point at no gold event"
    )


def oracle(
    sets: Mapping[str, EvalSet],
    reports: Sequence[Report],
    pairs: Sequence[Pair],
    rules: Mapping[str, Mapping[str, Any]],
) -> str:
    """What a perfect pairwise decision would give, fused by the rules' fusion: the labels as
    probabilities, an undefined pair kept apart, or joined when the later draft is the one
    with no gold event (a false alarm absorbed; an anchored draft never joins junk)."""
    everyone = list(range(len(reports)))
    lines = [
        "| perfect pairwise decision | replace | add | veto |",
        "|---|---|---|---|",
    ]
    for absorb in (False, True):
        probs: dict[int, dict[tuple[int, int], float]] = {}
        for q in pairs:
            if q.label is not None:
                p = float(q.label)
            else:
                p = float(absorb and reports[q.report].anchors[q.j] is None)
            probs.setdefault(q.report, {})[(q.i, q.j)] = p
        f1s = [pooled_f1(sets, reports, everyone, probs, m, 0.5) for m in MODES]
        what = "same gold event; a later false alarm joins" if absorb else "same gold event"
        lines.append(f"| {what} | " + " | ".join(f"{f:.3f}" for f in f1s) + " |")
    return f"rules alone: pooled F1 {rules['pooled']['f1']:.3f}\n\n" + "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--C", type=float, default=0.3, help="inverse L2 strength (default 0.3)")
    ap.add_argument("--seed", type=int, default=0, help="how reports are dealt into folds")
    ap.add_argument("--modes", default=",".join(MODES), help="comma-separated: " + ", ".join(MODES))
    ap.add_argument(
        "--unpaired",
        choices=("out", "same", "absorb"),
        default="out",
        help="pairs with a draft no gold event anchors: left out (default), labelled same, or "
        "absorb: same when the later draft is the one with none, different otherwise",
    )
    args = ap.parse_args(argv)
    if not (args.shared / "corpus" / "news.jsonl").is_file():
        print(f"skipped: needs {args.shared}/corpus", file=sys.stderr)
        return 0
    try:
        from sklearn.metrics import roc_auc_score
    except ImportError:
        print("needs scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 2

    reports, sets = load_reports(args.shared)
    pairs = make_pairs(reports, args.unpaired)
    drafts = sum(len(r.fr.drafts) for r in reports)
    unanchored = sum(a is None for r in reports for a in r.anchors)
    print(
        f"{drafts} drafts before coreference in {len(reports)} reports ({unanchored} with no "
        f"gold event or a tie); unpaired drafts {args.unpaired}; C {args.C}; {FOLDS} folds "
        f"grouped by report (seed {args.seed})\n"
    )
    print(pair_summary(pairs) + "\n")
    rule_recs = [r.build(corefer(copied(r.fr.drafts))) for r in reports]
    same = [r.build(learned_corefer(r.fr.drafts, {}, "add", 2.0)) for r in reports]
    if same != rule_recs:
        raise SystemExit("the script's copy of corefer's steps differs from corefer")
    rules = score_sets(sets, reports, rule_recs)
    print(false_alarms(sets, reports, rule_recs) + "\n")
    print(oracle(sets, reports, pairs, rules) + "\n")
    for mode in args.modes.split(","):
        records, thresholds, oof = cross_validate(sets, reports, pairs, mode, args.C, args.seed)
        learned = score_sets(sets, reports, records)
        print(f"### {mode} (rules → learned)\n")
        print(table(rules, learned, ("predicted", "precision", "recall", "f1")))
        lab = [q for q in pairs if q.label is not None]
        auc = roc_auc_score([q.label for q in lab], [oof[q.report][(q.i, q.j)] for q in lab])
        everyone = list(range(len(reports)))
        bound = max((pooled_f1(sets, reports, everyone, oof, mode, t), t) for t in THRESHOLDS)
        print(
            f"\nthresholds picked per fold {thresholds}; out-of-fold ROC AUC on the labelled "
            f"pairs {auc:.3f}; the best threshold chosen on the test folds themselves (an "
            f"optimistic bound) gives pooled F1 {bound[0]:.3f} at {bound[1]}\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
