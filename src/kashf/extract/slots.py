"""Slots: who did it and to whom, from a shallow reading of the trigger's sentence and clause.

An actor's mark (:mod:`kashf.extract.mentions`) says what the words before it make it: the
agent (``من قبل``, ``على يد``, ``بنيران``), the target (``على``, ``ضد``), the owner of an attacked
position (``نقطة لقوات ...``), the side whose persons were hit (``عنصر من ...``). Unmarked actors
are read by word order: the subject before the verb or right after it. Each choice names its
rule in the draft's ``why``.
"""

from __future__ import annotations

from dataclasses import replace

from kashf.extract.events import VIOLENT_GROUPS, EventDraft
from kashf.extract.lexicon import TriggerRow
from kashf.extract.mentions import ActorMention, opens_its_clause
from kashf.rules import on, rule

AGENT_MARKER = rule(
    "slots.agent_after_a_marker",
    "slots",
    "An actor right after من قبل, على يد, بنيران, برصاص, نفذه ... is the one who acted.",
    "قوات النظام تعرضت لهجوم من قبل خلايا داعش -> actor1 Islamic State (Syria)",
)
TARGET_MARKER = rule(
    "slots.target_after_a_marker",
    "slots",
    "An actor right after على, ضد, بحق, مواقع, حواجز ... is the one acted on.",
    "هجوم على قسد في ريف دير الزور الشرقي -> actor2 SDF, actor1 unidentified",
)
BETWEEN_SIDES = rule(
    "slots.between_two_sides",
    "slots",
    "بين X و Y names the two sides of a clash, X first.",
    "قالت قوات الأمن إن اشتباكات اندلعت بين قسد وخلايا داعش قرب البلدة -> actor1 SDF, actor2 "
    "Islamic State",
)
OWNER_IS_TARGET = rule(
    "slots.owner_of_a_position_is_the_target",
    "slots",
    "The owner of an attacked position or vehicle is the target (نقطة لقوات النظام).",
    "استهدف مسلحون حاجزاً لقسد بالرصاص -> actor2 SDF",
)
VICTIMS_SIDE = rule(
    "slots.victims_side_is_the_target",
    "slots",
    "Persons counted of a side (عنصر من, جنود في) make that side the target of violence.",
    "قتل ثلاثة عناصر من قوات النظام بانفجار لغم -> actor2 Military Forces of Syria",
)
POSSESSIVE_LAM = rule(
    "slots.possessive_lam_right_after_the_noun",
    "slots",
    "The lam of possession names the agent only right after an event noun (قصف مدفعي لقوات).",
    "تعرضت قسد لقصف مدفعي لقوات النظام في ريف منبج -> actor1 Military Forces of Syria",
)
SUBJECT_BY_ORDER = rule(
    "slots.subject_by_word_order",
    "slots",
    "With no marker, the actor before the verb (SVO) or right after it (VSO) is the agent.",
    "اقتحمت قوات النظام بلدة الكرك -> actor1 Military Forces of Syria",
)
OBJECT_BY_ORDER = rule(
    "slots.object_by_word_order",
    "slots",
    "With no marker, another actor of a violent or strategic event is the one acted on.",
    "هاجمت هيئة تحرير الشام فصيلاً من الجيش الوطني -> actor2 Syrian National Army",
)
WEAPON_IN_NAME = rule(
    "slots.weapon_in_the_actor_name",
    "slots",
    "A weapon that is part of an actor's name says that actor used it (طائرات حربية روسية).",
    "استهدفت طائرات حربية روسية أطراف البلدة -> actor1 Military Forces of Russia",
)
ROLE_NEVER_ACTS = rule(
    "slots.role_nouns_never_act",
    "slots",
    "Civilians, prisoners and other role nouns are never the side that acts (but protesters "
    "and rioters are).",
    "قتل مدنيون بقصف على البلدة -> actor1 is not Civilians",
)
CLASH_ONE_SIDE_FIRST = rule(
    "slots.clash_with_one_named_side",
    "slots",
    "A clash has no direction: the one side named is actor1, the unnamed other side actor2.",
    "(2025) انسحب الجيش السوري بعد مواجهات دامية -> actor1 Military Forces of Syria (2024-), "
    "actor2 Unidentified Armed Group",
)
NOUN_OF_AGENT = rule(
    "slots.event_noun_then_min_names_the_agent",
    "slots",
    "An actor right after an event noun and من (غارات من الطيران الروسي, قصف من قوات النظام) is "
    "the one who acted.",
    "تعرضت قسد لقصف من قوات النظام في ريف منبج -> actor1 Military Forces of Syria",
)
AIR_FORCES_STRIKE = rule(
    "slots.air_strikes_are_flown_by_forces",
    "slots",
    "An air strike's agent is a state or foreign force that flies (inter 1 or 8), not a rebel "
    "group or a militia named nearer the word.",
    "شن فيلق الرحمن هجوماً على مواقع قوات النظام قرب بلدة حاس وسط غارات جوية مكثفة -> the "
    "strike by Military Forces of Syria",
)
INFIGHTING = rule(
    "slots.infighting_within_one_force",
    "slots",
    "A clash 'between' the members of one named force, with no other side, is infighting: the "
    "force is both actor1 and actor2 (ACLED).",
    "نشب اشتباك بين عناصر الفرقة الرابعة في بلدة حاس -> Military Forces of Syria vs Military "
    "Forces of Syria",
)
ROW_DEFAULT = rule(
    "slots.default_of_the_trigger",
    "slots",
    "A side the clause does not name takes the trigger's default (an IED's unnamed planter is "
    "an Unidentified Armed Group; an abduction's victims are civilians).",
    "انفجرت عبوة ناسفة بسيارة في البلدة -> actor1 Unidentified Armed Group (Syria)",
)
RETYPE_BY_SIDE = rule(
    "slots.type_from_the_sides",
    "slots",
    "The sides re-type an event: an attack on civilians is Violence against civilians, a strike "
    "by an air force an air strike, force against protesters Excessive force.",
    "أطلق عناصر الأمن النار على مدنيين في السوق -> Violence against civilians / Attack",
)

SUBJECT_OF_PREVIOUS = rule(
    "slots.side_of_the_same_kind_before",
    "slots",
    "A strategic event whose sentence names no side takes the side of the same kind of event "
    "just before (من بين المعتقلين ...).",
    "اعتقلت قوات النظام خمسة شبان في بلدة حاس. كما اعتقل شابان في قرية كفرنبل -> an arrest "
    "at Kafr Nobol by the Military Forces",
)


def _coordinated(view: str, first: ActorMention, others: list[ActorMention]) -> list[ActorMention]:
    """``first`` plus actors of its name joined to it by و (الفرقة الرابعة والأمن العسكري)."""
    group = [first]
    last = first
    for o in others:
        if o.start <= last.start:
            continue
        gap = view[last.end : o.word_start].strip()
        if (
            gap == ""
            and view[o.word_start : o.start].startswith("و")
            and o.row.actor == first.row.actor
        ):
            group.append(o)
            last = o
        elif o.start > last.end:
            break
    return group


_SIDE_RULE = {
    "agent": AGENT_MARKER,
    "between1": BETWEEN_SIDES,
    "between2": BETWEEN_SIDES,
    "target": TARGET_MARKER,
    "owned": OWNER_IS_TARGET,
    "victim": VICTIMS_SIDE,
    "of": POSSESSIVE_LAM,
    "weapon": WEAPON_IN_NAME,
}


def assign_sides(
    view: str,
    draft: EventDraft,
    row: TriggerRow,
    actors: list[ActorMention],
    clause: tuple[int, int],
) -> None:
    """Fill ``draft.actor1``/``actor2`` from the sentence's actors around the trigger."""
    s0, s1 = draft.sentence
    t = draft.trigger
    group = row.group
    violent = group in VIOLENT_GROUPS

    def usable(a: ActorMention) -> bool:
        if a.mark in ("source", "aside", "ally"):
            return False
        if a.row.kind == "nisba" and a.mark == "agent":
            return group in VIOLENT_GROUPS  # "يرجح أنها إسرائيلية": the likely attacker
        if a.row.kind == "nisba":
            # "غارات روسية": an adjective names the attacker only right after the event noun
            # ("جندي تركي" is a victim's nationality).
            return (
                group in VIOLENT_GROUPS
                and a.word_start >= t.end
                and not view[t.end : a.word_start].strip()
            )
        return True

    in_sentence = [a for a in actors if s0 <= a.start < s1 and usable(a)]
    owner = next((a for a in in_sentence if a.start < t.end and t.start < a.end), None)
    cands = [a for a in in_sentence if not (a.start < t.end and t.start < a.end)]
    if owner is not None and violent and on(WEAPON_IN_NAME):
        cands = [replace(owner, mark="weapon"), *cands]
    if not cands:
        return

    def side_of(a: ActorMention) -> str:
        if group in ("protest", "riot"):
            return "agent" if a.row.inter in (5, 6) else "target"
        if a.row.kind == "role" and a.row.inter != 6 and on(ROLE_NEVER_ACTS):
            return "target"
        if (
            row.role == "noun"
            and a.start >= t.end
            and view[t.end : a.word_start].split() == ["من"]
            and a.mark in ("", "victim", "of")
            and on(NOUN_OF_AGENT)
        ):
            return "agent"  # "غارات من الطيران الروسي": strikes by it
        rule_name = _SIDE_RULE.get(a.mark)
        if rule_name is None or not on(rule_name):
            return ""
        if a.mark in ("agent", "between1", "weapon"):
            return "agent"
        if a.mark == "of":
            gap = view[t.end : a.word_start].split()
            return "agent" if a.start >= t.end and len(gap) <= 2 else ""
        if a.mark in ("target", "between2"):
            return "target"
        if a.mark == "victim" and draft.sub_event_type == "Arrests":
            return "target"  # "اعتقال 15 شخصاً من فلول النظام": the side of those arrested
        if a.mark in ("owned", "victim"):
            return "target" if violent else ""
        return ""

    sided = [(a, side_of(a)) for a in cands]

    def dist(a: ActorMention) -> int:
        return a.start - t.end if a.start >= t.end else (t.start - a.end) + 2

    agents = sorted((a for a, s in sided if s == "agent"), key=dist)
    targets = sorted((a for a, s in sided if s == "target"), key=dist)
    free = sorted((a for a, s in sided if s == ""), key=dist)
    between = [a for a in agents if a.mark == "between1"]
    agent = between[0] if between else (agents[0] if agents else None)
    agent_rule = _SIDE_RULE.get(agent.mark, SUBJECT_BY_ORDER) if agent is not None else ""
    if agent is None and free and on(SUBJECT_BY_ORDER):
        c0 = clause[0]
        # A verb right after a clause opener (فيما قصفت ...) has nothing of its own before it.
        reach = 0 if opens_its_clause(view, c0, t.word_start) else 40
        before = [
            a for a in free if a.end <= t.start and (a.start >= c0 or t.start - a.end < reach)
        ]
        after = [a for a in free if a.start >= t.end]
        pool = before or after
        if pool:
            agent, agent_rule = pool[0], SUBJECT_BY_ORDER
            free.remove(agent)
    if (
        agent is not None
        and agent.row.kind == "role"
        and agent.row.inter not in (5, 6)  # protesters and rioters do act
        and group not in ("protest", "riot")
        and on(ROLE_NEVER_ACTS)
    ):
        agent = None
    if (
        agent is not None
        and row.sub_event_type == "Air/drone strike"
        and agent.row.inter not in (1, 8)
        and on(AIR_FORCES_STRIKE)
    ):
        # "وسط غارات من الطيران الروسي": only a state or a foreign force flies warplanes.
        flyer = next((a for a in sorted(cands, key=dist) if a.row.inter in (1, 8)), None)
        if flyer is not None:
            # The group named nearer is not thereby the one struck: the target stays as read.
            free = [a for a in free if a is not flyer and a is not agent]
            targets = [a for a in targets if a is not flyer]
            agent, agent_rule = flyer, AIR_FORCES_STRIKE
    between2 = [a for a in targets if a.mark == "between2"]
    target = (
        between2[0]
        if between2
        else next((a for a in targets if agent is None or a.key != agent.key), None)
    )
    target_rule = _SIDE_RULE.get(target.mark, OBJECT_BY_ORDER) if target is not None else ""
    if target is not None and target.row.kind == "role" and target.mark not in _SIDE_RULE:
        target_rule = ROLE_NEVER_ACTS
    if (
        target is None
        and free
        and (violent or group in ("strategic", "agreement"))
        and on(OBJECT_BY_ORDER)
    ):
        target = next((a for a in free if agent is None or a.key != agent.key), None)
        target_rule = OBJECT_BY_ORDER
    ordered = sorted(cands, key=lambda a: a.start)
    if agent is not None:
        draft.actor1 = _coordinated(view, agent, ordered)
        draft.decide("actor1", agent_rule)
    if target is not None:
        draft.actor2 = _coordinated(view, target, ordered)
        draft.decide("actor2", target_rule)
    if (
        draft.actor1
        and draft.actor2
        and not violent
        and draft.actor1[0].row.actor == draft.actor2[0].row.actor
    ):
        draft.actor2 = []
    if (
        group in ("activity", "weakactivity", "looting")
        and draft.actor2
        and draft.actor2[0].mark not in ("target", "between2")
    ):
        draft.actor2 = []
    if draft.sub_event_type == "Peaceful protest":
        draft.actor2 = []
    if not draft.actor2:
        draft.why.pop("actor2", None)
    if row.role == "clash" and on(CLASH_ONE_SIDE_FIRST):
        if (
            not draft.actor1
            and draft.actor2
            and draft.actor2[0].mark not in ("target", "between2", "victim")
            and draft.actor2[0].row.kind != "role"
        ):
            draft.actor1, draft.actor2 = draft.actor2, []
            draft.default2, draft.default1 = draft.default1, ""
            draft.decide("actor1", CLASH_ONE_SIDE_FIRST)
            draft.why.pop("actor2", None)
        if (
            draft.actor1
            and not draft.actor2
            and draft.actor1[0].mark == "between1"
            and draft.actor1[0].row.kind != "role"
            and on(INFIGHTING)
        ):
            # "اشتباك بين عناصر الفرقة الرابعة": one force named between, fighting itself
            draft.actor2 = list(draft.actor1)
            draft.decide("actor2", INFIGHTING)
        elif draft.actor1 and not draft.actor2 and draft.actor1[0].row.actor != row.default_actor1:
            draft.default2 = row.default_actor1  # a clash has two armed sides, one unnamed here


def retype(draft: EventDraft, row: TriggerRow) -> None:
    """The trigger row's re-typing by the sides' inter codes (see ``data/triggers.tsv``)."""
    if not on(RETYPE_BY_SIDE):
        return
    inter1 = draft.actor1[0].row.inter if draft.actor1 else None
    inter2 = draft.actor2[0].row.inter if draft.actor2 else None
    for cond, etype, sub in row.retype:
        ok = False
        if cond.startswith("a1="):
            ok = inter1 is not None and str(inter1) in cond[3:].split(",")
        elif cond.startswith("a2="):
            ok = inter2 is not None and str(inter2) in cond[3:].split(",")
        elif cond == "a1none":
            ok = inter1 is None
        elif cond == "a2none":
            ok = inter2 is None
        if ok:
            if "/" in sub and etype == "Explosions":
                # "Explosions/Remote violence/Air/drone strike" was split on its first "/".
                etype, sub = "Explosions/Remote violence", sub.split("/", 1)[1]
            draft.event_type, draft.sub_event_type = etype, sub
            draft.retyped = True
            if etype == "Riots":  # protesters who turn violent are rioters (ACLED)
                draft.actor1 = [
                    replace(a, row=replace(a.row, actor="Rioters (Syria)", inter=5))
                    if a.row.inter == 6
                    else a
                    for a in draft.actor1
                ]
            draft.decide("event_type", RETYPE_BY_SIDE)
            draft.decide("sub_event_type", RETYPE_BY_SIDE)
            return
