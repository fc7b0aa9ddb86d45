"""Score predicted events against hand-coded gold events (``shared/gold`` format), like a coder.

Matching, per passage, one to one: a predicted event may stand for a gold event only when it
**points at the gold's evidence** (its evidence span in the raw text overlaps the gold
``evidence_start``/``evidence_end``) or has **the same event type at the same place** (the gold
``location_text`` resolved in the gazetteer is the predicted ``location``; where the gold names
no place, the same ``admin1`` or both unknown). Pairs are taken greedily by agreement (evidence
2, type 2, place 2, admin1 1, sub-event 0.5, actor1 0.5), each event used once. Reported:

- event detection: precision / recall / F1 of the pairs;
- event_type: P/R/F1 counting only pairs of the same type (and the type accuracy on pairs);
- on the pairs: accuracy of sub_event_type, actor1, actor2, admin1, location, fatalities (and
  fatalities on the gold events with deaths);
- passages coded with no event (non-conflict reports): events predicted there, per passage.

An earlier rule paired events that shared the type *or* the governorate *or* the place, so that
detection only compared event counts per passage; every figure in BENCHMARKS.md uses this one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

FIELDS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "location",
    "fatalities",
)


def _norm(value: Any) -> Any:
    if value is None or value == "":
        return None
    return value


def _actor(value: Any) -> Any:
    """An actor name up to spelling: the two gold sets write ``al-Sham`` and ``al Sham``."""
    v = _norm(value)
    return " ".join(v.casefold().replace("-", " ").split()) if isinstance(v, str) else v


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    type_matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    gold_with_deaths: int = 0  # matched gold events with fatalities > 0
    deaths_correct: int = 0
    empty_passages: int = 0  # passages coded with no event
    false_events_empty: int = 0  # events predicted in them
    per_passage: list[dict[str, Any]] = field(default_factory=list)

    @staticmethod
    def _prf(hit: int, pred: int, gold: int) -> tuple[float, float, float]:
        p = hit / pred if pred else 0.0
        r = hit / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def summary(self) -> dict[str, Any]:
        p, r, f = self._prf(self.matched, self.predicted, self.gold)
        tp, tr, tf = self._prf(self.type_matched, self.predicted, self.gold)
        out: dict[str, Any] = {
            "gold_events": self.gold,
            "predicted_events": self.predicted,
            "matched": self.matched,
            "detection": {"precision": p, "recall": r, "f1": f},
            "event_type": {"precision": tp, "recall": tr, "f1": tf},
            "accuracy_on_matched": {
                k: (self.correct[k] / self.matched if self.matched else 0.0) for k in FIELDS
            },
            "fatalities_on_deaths": (
                self.deaths_correct / self.gold_with_deaths if self.gold_with_deaths else None
            ),
        }
        if self.empty_passages:
            out["non_conflict"] = {
                "passages": self.empty_passages,
                "false_events": self.false_events_empty,
                "per_passage": self.false_events_empty / self.empty_passages,
            }
        return out


def _overlaps(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    gs, ge = g.get("evidence_start"), g.get("evidence_end")
    ps, pe = p.get("evidence_start"), p.get("evidence_end")
    if not all(isinstance(x, int) for x in (gs, ge, ps, pe)):
        return False
    return bool(ps < ge and gs < pe)  # type: ignore[operator]


def _pair_score(g: Mapping[str, Any], p: Mapping[str, Any], gold_loc: str | None) -> float | None:
    """Agreement of a gold and a predicted event, or None when they may not pair at all."""
    same_type = g.get("event_type") == p.get("event_type")
    same_admin1 = _norm(g.get("admin1")) == _norm(p.get("admin1"))
    if gold_loc is not None:
        same_place = gold_loc == _norm(p.get("location"))
    else:  # the gold names no place: the governorate, or nothing on both sides
        same_place = same_admin1 and (
            _norm(g.get("admin1")) is not None or _norm(p.get("location")) is None
        )
    evidence = _overlaps(g, p)
    if not (evidence or (same_type and same_place)):
        return None
    return float(
        2.0 * evidence
        + 2.0 * same_type
        + 2.0 * same_place
        + 1.0 * same_admin1
        + 0.5 * (_norm(g.get("sub_event_type")) == _norm(p.get("sub_event_type")))
        + 0.5 * (_actor(g.get("actor1")) == _actor(p.get("actor1")))
    )


def score(
    gold: Iterable[Mapping[str, Any]],
    predicted: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    location_key: Callable[[Mapping[str, Any]], str | None] = lambda g: g.get("location_text"),
    coded_empty: Iterable[str] = (),
) -> Score:
    """``gold``: gold rows (``passage_id`` …); ``predicted``: passage id -> event records;
    ``coded_empty``: passages coded with no event (what is predicted there is false).

    ``location_key`` turns a gold row's ``location_text`` (Arabic, as written) into something
    comparable with a predicted ``location`` (e.g. via the gazetteer, helped by the row's
    ``admin1``); the text itself by default.
    """
    by_passage: dict[str, list[Mapping[str, Any]]] = {}
    for g in gold:
        by_passage.setdefault(str(g["passage_id"]), []).append(g)
    sc = Score()
    for pid in sorted(set(coded_empty) - set(by_passage)):
        preds = list(predicted.get(pid, []))
        sc.empty_passages += 1
        sc.false_events_empty += len(preds)
        sc.predicted += len(preds)
        sc.per_passage.append(
            {
                "passage_id": pid,
                "gold": 0,
                "predicted": len(preds),
                "matched": 0,
                "missed": [],
                "spurious": [
                    (p.get("event_type"), p.get("admin1"), p.get("location")) for p in preds
                ],
            }
        )
    for pid, golds in sorted(by_passage.items()):
        preds = list(predicted.get(pid, []))
        sc.gold += len(golds)
        sc.predicted += len(preds)
        gold_locs = [location_key(g) for g in golds]
        cands: list[tuple[float, int, int]] = []
        for gi, g in enumerate(golds):
            for pi, p in enumerate(preds):
                s = _pair_score(g, p, gold_locs[gi])
                if s is not None:
                    cands.append((s, gi, pi))
        cands.sort(key=lambda c: (-c[0], c[1], c[2]))
        used_g: set[int] = set()
        used_p: set[int] = set()
        pairs: list[tuple[int, int]] = []
        for _s, gi, pi in cands:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
        for gi, pi in pairs:
            g, p = golds[gi], preds[pi]
            sc.matched += 1
            if g.get("event_type") == p.get("event_type"):
                sc.type_matched += 1
            for k in FIELDS:
                if k == "location":
                    ok = gold_locs[gi] == _norm(p.get("location"))
                elif k == "fatalities":
                    ok = int(g.get("fatalities") or 0) == int(p.get("fatalities") or 0)
                    if int(g.get("fatalities") or 0) > 0:
                        sc.gold_with_deaths += 1
                        sc.deaths_correct += int(ok)
                elif k in ("actor1", "actor2"):
                    ok = _actor(g.get(k)) == _actor(p.get(k))
                else:
                    ok = _norm(g.get(k)) == _norm(p.get(k))
                sc.correct[k] += int(ok)
        sc.per_passage.append(
            {
                "passage_id": pid,
                "gold": len(golds),
                "predicted": len(preds),
                "matched": len(pairs),
                "missed": [
                    (g.get("event_type"), g.get("admin1"), g.get("location_text"))
                    for gi, g in enumerate(golds)
                    if gi not in used_g
                ],
                "spurious": [
                    (p.get("event_type"), p.get("admin1"), p.get("location"))
                    for pi, p in enumerate(preds)
                    if pi not in used_p
                ],
            }
        )
    return sc


def format_summary(summary: Mapping[str, Any]) -> str:
    """Plain-text table of :meth:`Score.summary`."""
    lines = [
        f"gold events {summary['gold_events']}, predicted {summary['predicted_events']}, "
        f"matched {summary['matched']}",
        "                 precision  recall     F1",
    ]
    for name in ("detection", "event_type"):
        d = summary[name]
        lines.append(f"{name:<16} {d['precision']:9.3f} {d['recall']:7.3f} {d['f1']:6.3f}")
    lines.append("accuracy on matched events:")
    for k, v in summary["accuracy_on_matched"].items():
        lines.append(f"  {k:<16} {v:.3f}")
    if summary.get("fatalities_on_deaths") is not None:
        lines.append(
            f"  {'fatalities, gold events with deaths':<16} {summary['fatalities_on_deaths']:.3f}"
        )
    if "non_conflict" in summary:
        n = summary["non_conflict"]
        lines.append(
            f"non-conflict passages {n['passages']}: {n['false_events']} false events "
            f"({n['per_passage']:.3f} per passage)"
        )
    return "\n".join(lines)


def format_misses(per_passage: Sequence[Mapping[str, Any]]) -> str:
    """The missed and spurious events of each passage that has any, one per line."""
    lines: list[str] = []
    for row in per_passage:
        if row["missed"] or row["spurious"]:
            lines.append(f"{row['passage_id']}: gold {row['gold']} predicted {row['predicted']}")
            lines += [f"   missed   {m}" for m in row["missed"]]
            lines += [f"   spurious {s}" for s in row["spurious"]]
    return "\n".join(lines)
