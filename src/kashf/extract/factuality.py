"""Factuality: which trigger mentions tell something that happened.

A trigger after ``تحسبا لأي`` or ``خشية`` tells what has not happened (hypothetical, feared); one
a few words after ``لم``, ``دون``, ``بوقف`` is negated; an aircraft that only flew over
(``تحليق للطيران``) struck nothing; a sentence that tallies a period (``سبع هجمات خلال
الأسبوع``) sums events up and reports none of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kashf.extract.cues import cues
from kashf.extract.events import VIOLENT_GROUPS
from kashf.extract.lexicon import Lexicon, TableHit
from kashf.extract.mentions import within
from kashf.rules import on, rule

HYPOTHETICAL = rule(
    "factuality.hypothetical_or_feared",
    "factuality",
    "What follows تحسبا ل, خشية, مخاوف من, استعدادا ل in its clause has not happened.",
    "استنفرت قوات النظام في البلدة تحسبا لأي هجوم -> no battle",
)
NEGATED = rule(
    "factuality.negated",
    "factuality",
    "A trigger a few words after لم, دون, نفى, بوقف is negated (not past بعد, إثر, جراء ...).",
    "لم تقصف الطائرات الروسية بلدة كفرنبل اليوم -> no event",
)
OVERFLIGHT = rule(
    "factuality.overflight_is_no_strike",
    "factuality",
    "Aircraft that only flew over struck nothing, unless the clause also tells of violence.",
    "شهدت سماء المدينة تحليقاً للطيران الحربي -> no air strike",
)
ATTEMPT = rule(
    "factuality.attempt_to_take_or_arrest",
    "factuality",
    "An attempt (محاولة, حاولت, في محاولة) to take ground or to arrest: the territory or arrest "
    "word after it in its clause did not happen.",
    "حاولت قوات النظام السيطرة على بلدة كفرنبل -> no territory change",
)
OTHER_SENSE = rule(
    "sense.sport_or_fire_fighting",
    "sense",
    "In a sentence about sport or fire-fighting, conflict words have that sense: control of a "
    "match or of a fire, a team's attack.",
    "سيطر فريق حطين على المباراة وسجل هدفين في ملعب اللاذقية -> no event",
)
LONG_AGO = rule(
    "factuality.background_long_before",
    "factuality",
    "A mention set long before the report (العام الماضي, قبل عامين, في عام 2016) is background: "
    "an event of its own time, not of this report.",
    "قصفت المدفعية بلدة حاس. ويذكر أن مسلحين اغتالوا مختار البلدة العام الماضي -> one event "
    "(the shelling)",
)
TREND = rule(
    "factuality.trend_is_no_event",
    "factuality",
    "Events whose rate or number is said to rise or fall (تراجعت وتيرة القصف, ارتفع عدد "
    "الغارات) describe a trend over time, not one event.",
    "تصاعدت وتيرة الهجمات على قوات النظام في ريف درعا -> no event",
)
CONTEXT_OF_TIME = rule(
    "factuality.context_of_time",
    "factuality",
    "What follows 'at a time when … go on' (في وقت لا تزال الغارات مستمرة, يستمر مسلسل "
    "الخطف) is the background an event came in, no event of its own.",
    "قصفت قوات النظام بلدة كفرنبل، في وقت لا تزال فيه الغارات الروسية مستمرة على ريف حماة -> "
    "one shelling, no air strike",
)
SEPARATE_EVENTS = rule(
    "factuality.separate_events_summed_up",
    "factuality",
    "A sentence summing several events up (قتل ثلاثة بهجمات منفصلة, في مناطق متفرقة) tells no "
    "event of its own: the report tells them one by one.",
    "قتل ثلاثة أشخاص بهجمات منفصلة في محافظة درعا. وقتل مسلحون شاباً في بلدة داعل -> one "
    "killing at Da'el",
)
SECTION_TITLE = rule(
    "factuality.section_title",
    "factuality",
    "A line of three words or fewer, ending without punctuation, is a section title (قصف "
    "مدفعي, اشتباكات عنيفة): the paragraph under it tells the event, the title none.",
    "غارات جوية\nاعتقلت قوات النظام شابين في بلدة كفرنبل -> one arrest, no air strike at the title",
)
SUMMARY = rule(
    "factuality.summary_of_a_period",
    "factuality",
    "A sentence that tallies events over a period (سبع هجمات خلال الأسبوع, حصيلة الشهر) sums "
    "them up: no event of its own.",
    "تبنى تنظيم داعش تنفيذ خمس هجمات ضد قسد خلال الأسبوع في ريف دير الزور -> no event",
)

NEGATION_WORDS = 4  # how many words after a negation it reaches
# What an attempt cancels: ground taken, people arrested (an attempted attack is still one).
ATTEMPTED = frozenset(
    {"Non-state actor overtakes territory", "Government regains territory", "Arrests"}
)


def negation_reach(view: str, neg: TableHit, clause: tuple[int, int]) -> int:
    """View offset where a negation's reach ends: a few words on, never past its clause or a
    word that starts a new event ("بعد", "جراء" ...)."""
    end = clause[1]
    words = list(re.finditer(r"\S+", view[neg.end : end]))
    if (
        words
        and view[neg.start : neg.end] == "لم"
        and words[0].group() in cues().words("negation_not_event")
    ):
        return neg.end  # "لم تتبن أي جهة": a claim denied, not the event
    stop = cues().words("negation_stop")
    reach = neg.end
    for w in words[:NEGATION_WORDS]:
        if w.group().strip("،,.") in stop:
            break
        reach = neg.end + w.end()
    return reach


def summary_sentence(view: str, sentence: tuple[int, int]) -> bool:
    """Does the sentence tally events over a period (see :data:`SUMMARY`)?"""
    if not on(SUMMARY):
        return False
    s0, s1 = sentence
    c = cues()
    return bool(
        c.regex("summary_period").search(view, s0, s1)
        and c.regex("summary_tally").search(view, s0, s1)
    )


def section_title(view: str, sentence: tuple[int, int]) -> bool:
    """Is the sentence a short title line (see :data:`SECTION_TITLE`)?"""
    s0, s1 = sentence
    line = view[s0:s1]
    return (
        line.endswith("\n")
        and len(line.split()) <= 3
        and line.rstrip()[-1:] not in ".!?؟؛:"
        and on(SECTION_TITLE)
    )


def _without_trends(
    view: str, triggers: list[TableHit], clause_of: Callable[[int], tuple[int, int]]
) -> list[TableHit]:
    """Triggers minus those a trend word governs (see :data:`TREND`), with the ones coordinated
    right after them (تصاعدت وتيرة القصف والمواجهات)."""
    trend = cues().regex("trend")
    out: list[TableHit] = []
    last_trend: TableHit | None = None
    for t in sorted(triggers, key=lambda h: h.start):
        coordinated = (
            last_trend is not None
            and not view[last_trend.end : t.word_start].strip()
            and view.startswith("و", t.word_start)
        )
        if coordinated or trend.search(view, clause_of(t.start)[0], t.word_start):
            last_trend = t
        else:
            out.append(t)
    return out


def factual_triggers(
    view: str,
    triggers: list[TableHit],
    lex: Lexicon,
    sentence: tuple[int, int],
    clause_of: Callable[[int], tuple[int, int]],
) -> list[TableHit]:
    """The sentence's triggers minus the hypothetical, negated and flown-over ones."""
    if summary_sentence(view, sentence) or section_title(view, sentence):
        return []
    if on(SEPARATE_EVENTS) and cues().regex("separate_events").search(view, *sentence):
        return []
    if on(OTHER_SENSE) and any(lex.triggers[t.indices[0]].group == "sense" for t in triggers):
        return []

    def group(t: TableHit) -> str:
        return lex.triggers[t.indices[0]].group

    out = list(triggers)
    if on(LONG_AGO):
        long_ago = cues().regex("long_ago")
        out = [t for t in out if not long_ago.search(view, *clause_of(t.start))]
    if on(TREND):
        out = _without_trends(view, out, clause_of)
    if on(CONTEXT_OF_TIME):
        context = cues().regex("context_of_time")
        for m in context.finditer(view, *sentence):
            c = clause_of(m.start())
            out = [t for t in out if not (t.start > m.start() and within(c, t.start))]
    if on(HYPOTHETICAL):
        for h in [t for t in out if group(t) == "hypothetical"]:
            c = clause_of(h.start)
            out = [t for t in out if not (t.start > h.start and within(c, t.start))]
    if on(ATTEMPT):
        for h in [t for t in out if group(t) == "attempt"]:
            c = clause_of(h.start)
            out = [
                t
                for t in out
                if not (
                    t.start > h.start
                    and within(c, t.start)
                    and lex.triggers[t.indices[0]].sub_event_type in ATTEMPTED
                )
            ]
    if on(NEGATED):
        for h in [t for t in out if group(t) == "negation"]:
            reach = negation_reach(view, h, clause_of(h.start))
            out = [t for t in out if not (h.end <= t.word_start < reach)]
    if on(OVERFLIGHT):
        aircraft = cues().regex("aircraft")
        for h in [t for t in out if group(t) == "overflight"]:
            c = clause_of(h.start)
            reach = negation_reach(view, h, c)
            flown = [
                t for t in out if h.end <= t.word_start < reach and aircraft.match(view, t.start)
            ]
            violent = [
                t
                for t in out
                if t not in flown and within(c, t.start) and group(t) in VIOLENT_GROUPS
            ]
            if not violent:
                out = [t for t in out if t not in flown]
    return out
