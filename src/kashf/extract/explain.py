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

from collections.abc import Iterable
from typing import Any

from kashf.extract.records import Event, Report
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


def _value(e: Event, field: str) -> Any:
    if field == "location":
        if e.location is None:
            return None
        return f"{e.location} ({e.admin1}), precision {e.geo_precision}"
    if field == "actor1" and e.assoc_actor_1:
        return f"{e.actor1} [{e.assoc_actor_1}]"
    if field == "actor2" and e.assoc_actor_2:
        return f"{e.actor2} [{e.assoc_actor_2}]"
    return getattr(e, field)


def explain_event(e: Event, number: int, *, describe_rules: bool = False) -> list[str]:
    why = dict(e.why)
    head = f"{e.id or 'report'}, event {number}: {e.event_type} / {e.sub_event_type}"
    ev = " ".join(e.evidence.text.split())
    lines = [head, f"  evidence [{e.evidence.start}:{e.evidence.end}]  {ev}"]
    for field in SHOWN:
        value = _value(e, field)
        if value is None or (field == "injured" and not value):
            continue
        rule_name = why.get(field, "")
        lines.append(f"  {field:<15} {value!s:<41} {rule_name}".rstrip())
        if describe_rules and rule_name in RULES:
            lines.append(f"  {'':<15} ↳ {RULES[rule_name].description}")
    return lines


def explain(reports: Report | Iterable[Report], *, describe_rules: bool = False) -> str:
    """Every event of ``reports`` (one or many) as a few lines of text; "" when none."""
    if isinstance(reports, Report):
        reports = [reports]
    blocks: list[str] = []
    for rep in reports:
        for i, e in enumerate(rep.events, start=1):
            blocks.append("\n".join(explain_event(e, i, describe_rules=describe_rules)))
    return "\n\n".join(blocks)
