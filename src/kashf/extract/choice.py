"""Which triggers of one sentence make events: one violent event per type, folded words.

A sentence often names one event with several words (``قتل عنصران وفر آخرون بهجوم``): the
likeliest word of each kind names it and the others fold into it (:data:`ABSORBS`), except
where a clause opened by its own verb tells another event (:data:`NEW_CLAUSE_NEW_EVENT`).
Force used on a protest becomes the protest's sub-event (:data:`PROTEST_WITH_FORCE`).
"""

from __future__ import annotations

from collections.abc import Callable

from kashf.extract.events import VIOLENT_GROUPS
from kashf.extract.lexicon import Lexicon, TableHit
from kashf.extract.mentions import opens_its_clause, within
from kashf.rules import on, rule

ONE_VIOLENT_PER_SENTENCE = rule(
    "events.one_violent_event_per_sentence",
    "events",
    "A sentence's violent words of one event type tell one event, named by the likeliest word; "
    "a killing word folds into the violence that caused it.",
    "قتل عنصران من قوات النظام وفر آخرون بهجوم لخلايا داعش على حاجز في بلدة حاس -> one "
    "battle (the flight is part of it)",
)
NEW_CLAUSE_NEW_EVENT = rule(
    "events.verb_opening_a_clause_tells_another_event",
    "events",
    "A violent verb in a clause opened by فيما, بينما, في حين, حيث or كما tells a further "
    "event, with its own sides and places, not more of the sentence's first one (coreference "
    "still joins it when it is the same).",
    "قصفت قوات النظام بلدة كفرنبل، فيما قصفت فصائل المعارضة مواقع قوات النظام في بلدة حاس -> "
    "two shellings, by each side",
)
AIR_DEFENCE_NO_CLASH = rule(
    "events.air_defence_answering_a_strike_is_no_clash",
    "events",
    "Air defences that answer a strike (تصدت الدفاعات الجوية لعدوان) tell the strike again, "
    "not a clash.",
    "تصدت وسائط الدفاع الجوي في الجيش السوري لصواريخ إسرائيلية قرب مدينة مصياف -> one "
    "strike, no battle",
)
PROTEST_WITH_FORCE = rule(
    "events.force_against_a_protest",
    "events",
    "Force used on a protest is coded as the protest's sub-event, the protesters as actor1.",
    "خرجت مظاهرة في بلدة حاس، وقتل متظاهر برصاص قوات الأمن -> one event: Protests / "
    "Excessive force against protesters",
)
# Which groups a group's trigger folds into its own event in the same sentence (the absorbed
# triggers then make no event of their own). Looting is coded only outside other violence.
ABSORBS: dict[str, frozenset[str]] = {
    "violence": frozenset({"casualty", "weakviolence", "weakactivity", "looting"}),
    "weakviolence": frozenset({"casualty", "weakactivity", "looting"}),
    "casualty": frozenset({"weakactivity"}),
    "disrupt": frozenset({"violence", "weakviolence", "casualty"}),
    "suppress": frozenset({"casualty", "weakviolence"}),
    "protest": frozenset({"casualty"}),
    "riot": frozenset({"casualty"}),
    "strategic": frozenset({"weakviolence"}),
    "modifier": frozenset({"agreement"}),
}
# The same, only within the trigger's own clause (a defection "while" a battle goes on
# elsewhere in the sentence is its own event).
CLAUSE_ABSORBS: dict[str, frozenset[str]] = {
    "violence": frozenset({"activity"}),
    "weakviolence": frozenset({"activity"}),
    "casualty": frozenset({"activity"}),
}
PROTEST_WITH: dict[str, str] = {
    "violence": "Excessive force against protesters",
    "weakviolence": "Excessive force against protesters",
    "casualty": "Excessive force against protesters",
    "strategic": "Protest with intervention",
}
CONTROL_GROUPS = frozenset(
    {
        "modifier",
        "suppress",
        "hypothetical",
        "negation",
        "overflight",
        "attempt",
        "sense",
        "airdefence",
    }
)


def choose(
    v: str, lex: Lexicon, s_trig: list[TableHit], clause_of: Callable[[int], tuple[int, int]]
) -> tuple[dict[str, TableHit], str]:
    """The triggers of one sentence that make events, by slot (one violent event per type),
    and the protest sub-event force or intervention makes."""
    groups = {lex.triggers[t.indices[0]].group for t in s_trig}
    absorbed = set().union(*(ABSORBS.get(g, frozenset()) for g in groups)) if groups else set()
    one_per_type = on(ONE_VIOLENT_PER_SENTENCE)
    chosen: dict[str, TableHit] = {}
    for t in s_trig:
        row = lex.triggers[t.indices[0]]
        if row.group in CONTROL_GROUPS or (row.group in absorbed and one_per_type):
            continue
        clause = clause_of(t.start)
        if one_per_type and any(
            row.group in CLAUSE_ABSORBS.get(lex.triggers[o.indices[0]].group, frozenset())
            for o in s_trig
            if o is not t and within(clause, o.start)
        ):
            continue
        if not one_per_type:
            slot = f"{row.group}:{t.start}"
        elif row.group in VIOLENT_GROUPS:
            slot = "violent:" + (row.event_type if row.group != "casualty" else "casualty")
            if opens_its_clause(v, clause[0], t.word_start) and on(NEW_CLAUSE_NEW_EVENT):
                slot += f"@{clause[0]}"  # "فيما قصفت ...": the clause's own verb
        elif row.group in ("protest", "riot"):
            slot = "protest"
        else:
            slot = row.sub_event_type
        cur = chosen.get(slot)
        if cur is None or lex.triggers[cur.indices[0]].priority < row.priority:
            chosen[slot] = t
    if one_per_type and any(k.startswith("violent:") and k != "violent:casualty" for k in chosen):
        chosen.pop("violent:casualty", None)
    if (
        "violent:Battles" in chosen
        and any(lex.triggers[t.indices[0]].group == "airdefence" for t in s_trig)
        and on(AIR_DEFENCE_NO_CLASH)
    ):
        chosen.pop("violent:Battles")  # "تصدت الدفاعات الجوية لصواريخ": the strike, again
    protest_sub = ""
    if (
        "protest" in chosen
        and lex.triggers[chosen["protest"].indices[0]].group == "protest"
        and on(PROTEST_WITH_FORCE)
    ):
        for slot in list(chosen):
            if slot.startswith("violent:"):
                chosen.pop(slot)
                protest_sub = PROTEST_WITH["violence"]
        if "Arrests" in chosen:
            chosen.pop("Arrests")
            protest_sub = protest_sub or PROTEST_WITH["strategic"]
        if not protest_sub and lex.triggers[chosen["protest"].indices[0]].priority > 30:
            protest_sub = PROTEST_WITH["strategic"]
    return chosen, protest_sub
