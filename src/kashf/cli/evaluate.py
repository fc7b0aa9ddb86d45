"""``kashf evaluate GOLD.jsonl PASSAGES.jsonl [--news] [--json] [--verbose]``.

Runs extraction on the passages the gold file codes and scores it (see
:mod:`kashf.extract.score`). ``--news`` also counts events found in the non-conflict passages
(ids starting with ``--non-conflict-prefix``, default ``g``), which should have none.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score extraction against hand-coded gold events",
        description="Score kashf extract against gold events (one JSON object per line with "
        "passage_id, event_type, admin1, location_text, actor1, ...). PASSAGES.jsonl holds "
        "{id, text, date} rows.",
    )
    p.add_argument("gold", help="gold events, JSONL")
    p.add_argument("passages", help="passages, JSONL ({id, text, date})")
    p.add_argument(
        "--news", action="store_true", help="also count false events on the non-conflict passages"
    )
    p.add_argument(
        "--non-conflict-prefix", default="g", help="id prefix of non-conflict passages (default g)"
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--verbose", action="store_true", help="list missed and spurious events")
    p.set_defaults(func=run)


def _read_jsonl(path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    # "-" is stdin (for one of the two files); a BOM is dropped either way.
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig") if path == "-" else None
    with stdin or open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}, line {number}: not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise ValueError(f"{path}, line {number}: expected a JSON object")
            rows.append(obj)
    return rows


def gold_location(row: Mapping[str, Any]) -> str | None:
    """A gold row's ``location_text`` (Arabic) as the gazetteer's location name.

    The gold row's governorate resolves names shared by places in several governorates, as the
    surrounding passage does for the prediction.
    """
    return _resolve_location(row.get("location_text"), row.get("admin1") or None)


@cache
def _resolve_location(text: str | None, admin1: str | None) -> str | None:
    if not text:
        return None
    from kashf.extract.places import find_places

    def lookup(t: str) -> list[Any]:
        try:
            return list(find_places(t, admin1_hint=admin1))
        except ValueError:  # a governorate spelling the gazetteer does not know
            return list(find_places(t))

    found = lookup(text)
    if not found:
        # A coder's place name stands alone, where the spotter wants a cue before a short or
        # common-looking name ("سان", "بصر الحرير"): give it one, and take the name only if it
        # is all of it, a gazetteer place before an unknown one.
        whole = [m for cue in ("في ", "في بلدة ") for m in lookup(cue + text) if m.text == text]
        found = sorted(whole, key=lambda m: getattr(m, "place", None) is None)
    return str(found[0].location) if found else text


def evaluate(
    gold: list[dict[str, Any]],
    passages: list[dict[str, Any]],
    *,
    news: bool = False,
    prefix: str = "g",
    coded_empty: Iterable[str] = (),
) -> tuple[Any, dict[str, list[dict[str, Any]]]]:
    """Extract the passages the gold codes (plus ``coded_empty`` ones, and with ``news`` those
    whose id starts with ``prefix``) and score them; (score, predicted records by passage)."""
    from kashf.extract import extract
    from kashf.extract.score import score

    wanted = {str(g["passage_id"]) for g in gold}
    empty = set(coded_empty) - wanted
    if news:
        empty |= {str(p.get("id")) for p in passages if str(p.get("id")).startswith(prefix)}
    predicted: dict[str, list[dict[str, Any]]] = {}
    for p in passages:
        pid = str(p.get("id"))
        if pid in wanted or pid in empty:
            rep = extract(str(p.get("text") or ""), date=p.get("date"), id=pid)
            predicted[pid] = rep.to_records()
    return score(gold, predicted, location_key=gold_location, coded_empty=empty), predicted


def run(args: argparse.Namespace) -> int:
    from kashf.extract.score import format_misses, format_summary

    try:
        gold = _read_jsonl(args.gold)
        passages = _read_jsonl(args.passages)
    except OSError as exc:
        print(f"kashf evaluate: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"kashf evaluate: {exc}", file=sys.stderr)
        return 2
    missing = [g for g in gold if "passage_id" not in g or "event_type" not in g]
    if missing:
        print("kashf evaluate: gold rows need passage_id and event_type", file=sys.stderr)
        return 2
    sc, _ = evaluate(gold, passages, news=args.news, prefix=args.non_conflict_prefix)
    summary = sc.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary))
    if args.verbose and (misses := format_misses(sc.per_passage)):
        print(misses, file=sys.stderr)
    return 0
