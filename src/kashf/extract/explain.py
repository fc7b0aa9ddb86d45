"""A report's events explained for a person: the evidence, each field, and the rule behind it.

>>> from kashf.extract import extract
>>> print(explain(extract("قصفت قوات النظام بلدة كفرنبل أمس", date="2021-05-04", id="r1")))
... # doctest: +NORMALIZE_WHITESPACE
r1, event 1: Explosions/Remote violence / Shelling/artillery/missile attack
  evidence [0:32]  قصفت قوات النظام بلدة كفرنبل أمس
  event_type      Explosions/Remote violence                mentions.trigger_table
  sub_event_type  Shelling/artillery/missile attack         mentions.trigger_table
  actor1          Military Forces of Syria                  slots.subject_by_word_order
  location        Kafr Nobol (Idleb), precision 1           places.clause
  event_date      2021-05-03                                dates.clause_or_sentence
  fatalities      0                                         counts.sentence_toll
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from kashf.extract.records import Report
from kashf.rules import RULES

# The fields a coder checks, in the order they are shown.
SHOWN = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "event_date",
    "fatalities",
    "injured",
)


def _value(rec: Mapping[str, Any], field: str) -> Any:
    if field == "location":
        if rec.get("location") is None:
            return None
        return f"{rec['location']} ({rec.get('admin1')}), precision {rec.get('geo_precision')}"
    if field in ("actor1", "actor2") and rec.get(f"assoc_actor_{field[-1]}"):
        return f"{rec[field]} [{rec[f'assoc_actor_{field[-1]}']}]"
    return rec.get(field)


def explain_record(rec: Mapping[str, Any], number: int, *, describe_rules: bool = False) -> str:
    """One event record (``Report.to_records()`` or ``kashf extract`` output) as text."""
    why = rec.get("why") or {}
    if isinstance(why, str):  # a CSV or Parquet cell
        why = json.loads(why)
    head = f"{rec.get('id') or 'report'}, event {number}: {rec['event_type']} / "
    head += str(rec["sub_event_type"])
    ev = " ".join(str(rec.get("evidence_text") or "").split())
    lines = [head, f"  evidence [{rec.get('evidence_start')}:{rec.get('evidence_end')}]  {ev}"]
    for field in SHOWN:
        value = _value(rec, field)
        if value is None or (field == "injured" and not value):
            continue
        rule_name = why.get(field, "")
        lines.append(f"  {field:<15} {value!s:<41} {rule_name}".rstrip())
        if describe_rules and rule_name in RULES:
            lines.append(f"  {'':<15} ↳ {RULES[rule_name].description}")
    return "\n".join(lines)


def explain(
    reports: Report | Iterable[Report] | Iterable[Mapping[str, Any]],
    *,
    describe_rules: bool = False,
) -> str:
    """Every event of one report, of many, or of event records, as a few lines of text each
    (blocks apart by a blank line); "" when there is none."""
    if isinstance(reports, Report):
        reports = [reports]
    records: list[Mapping[str, Any]] = []
    for item in reports:
        records.extend(item.to_records() if isinstance(item, Report) else [item])
    blocks: list[str] = []
    number: dict[Any, int] = {}
    for rec in records:
        number[rec.get("id")] = number.get(rec.get("id"), 0) + 1
        blocks.append(explain_record(rec, number[rec.get("id")], describe_rules=describe_rules))
    return "\n\n".join(blocks)
