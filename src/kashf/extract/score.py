"""Score predicted events against hand-coded gold events (``shared/gold`` format).

Matching, per passage: a predicted and a gold event may pair when they agree on the event type
or on the place (same admin1, or the same location); pairs are taken greedily by agreement
(type 2, admin1 2, location 1, actor1 0.5), each event used once. Reported:

- event detection: precision / recall / F1 of the pairs;
- event_type: P/R/F1 counting only pairs of the same type (and the type accuracy on pairs);
- on the pairs: accuracy of sub_event_type, actor1, actor2, admin1, location, fatalities.
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


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    type_matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    false_events_news: int | None = None
    news_passages: int | None = None
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
        }
        if self.news_passages is not None:
            out["non_conflict"] = {
                "passages": self.news_passages,
                "false_events": self.false_events_news,
                "per_passage": (self.false_events_news or 0) / self.news_passages
                if self.news_passages
                else 0.0,
            }
        return out


def _pair_score(g: Mapping[str, Any], p: Mapping[str, Any], same_loc: bool) -> float | None:
    same_type = g.get("event_type") == p.get("event_type")
    same_admin1 = _norm(g.get("admin1")) == _norm(p.get("admin1"))
    if not (same_type or same_admin1 or same_loc):
        return None
    same_actor = _norm(g.get("actor1")) == _norm(p.get("actor1"))
    return float(2.0 * same_type + 2.0 * same_admin1 + 1.0 * same_loc + 0.5 * bool(same_actor))


def score(
    gold: Iterable[Mapping[str, Any]],
    predicted: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    location_key: Callable[[Mapping[str, Any]], str | None] = lambda g: g.get("location_text"),
) -> Score:
    """``gold``: gold rows (``passage_id`` …); ``predicted``: passage id -> event records.

    ``location_key`` turns a gold row's ``location_text`` (Arabic, as written) into something
    comparable with a predicted ``location`` (e.g. via the gazetteer, helped by the row's
    ``admin1``); the text itself by default.
    """
    by_passage: dict[str, list[Mapping[str, Any]]] = {}
    for g in gold:
        by_passage.setdefault(str(g["passage_id"]), []).append(g)
    sc = Score()
    for pid, golds in sorted(by_passage.items()):
        preds = list(predicted.get(pid, []))
        sc.gold += len(golds)
        sc.predicted += len(preds)
        gold_locs = [location_key(g) for g in golds]
        cands: list[tuple[float, int, int]] = []
        for gi, g in enumerate(golds):
            for pi, p in enumerate(preds):
                same_loc = gold_locs[gi] is not None and gold_locs[gi] == _norm(p.get("location"))
                s = _pair_score(g, p, same_loc)
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
