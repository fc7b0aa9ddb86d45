"""Frame events: triggers open events, the clause gives their sides, places, dates and counts.

All positions here are offsets into the matching view (:class:`kashf.extract.lexicon.View`);
:mod:`kashf.extract` maps them to the restored and then the raw text at the very end.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from kashf.extract.counts import CountMention, find_counts, sentence_totals, total_is_given
from kashf.extract.dates import DateMention, ReportDate, find_dates
from kashf.extract.lexicon import ActorRow, Hit, Lexicon, TriggerRow, View
from kashf.rules import on, rule
from kashf.text import fold

_T = TypeVar("_T")


def _compile_folded(pattern: str) -> re.Pattern[str]:
    """A context regex written in ordinary spelling, compiled in the view's folded spelling
    (``انتماؤهم`` is ``انتمايهم`` there); ``fold`` is 1:1 and leaves the regex syntax alone."""
    return re.compile(fold(pattern))


# Which groups a group's trigger folds into its own event in the same sentence (the absorbed
# triggers then make no event of their own).
ABSORBS: dict[str, frozenset[str]] = {
    # Looting/property destruction is coded only outside other violence (ACLED): houses burnt
    # during an attack are part of the attack.
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
# The same, but only within the trigger's own clause (a defection "while" a battle goes on
# elsewhere in the sentence is its own event).
CLAUSE_ABSORBS: dict[str, frozenset[str]] = {
    "violence": frozenset({"activity"}),
    "weakviolence": frozenset({"activity"}),
    "casualty": frozenset({"activity"}),
}
# Sentence-level combinations: a protest in the same sentence as these becomes this sub-event
# (ACLED: force used on a protest is coded as the protest's sub-event, protesters as actor1).
PROTEST_WITH: dict[str, str] = {
    "violence": "Excessive force against protesters",
    "weakviolence": "Excessive force against protesters",
    "casualty": "Excessive force against protesters",
    "strategic": "Protest with intervention",
}
# Groups whose events carry the sentence's killed/injured figures.
CASUALTY_GROUPS = frozenset({"violence", "weakviolence", "casualty", "protest", "riot"})
# Groups that need a named or generic armed actor in the sentence to count as an event.
NEEDS_ACTOR = frozenset(
    {"strategic", "activity", "weakactivity", "looting", "disrupt", "agreement"}
)
# Groups whose triggers only steer other triggers and never make an event of their own.
CONTROL_GROUPS = frozenset({"modifier", "suppress", "hypothetical", "negation", "overflight"})
# "تحليق للطيران الحربي": the aircraft words an overflight cancels (a strike word does not go).
_AIRCRAFT_RE = _compile_folded(r"(?:ال|ل)?(?:طائر\w*|طيران|مقاتلات|مسير\w*)(?:\s|$)")
# How many words after a negation ("دون تسجيل أي إصابات", "لم تستهدف") it reaches, and the
# words that end its reach ("لم تعرف هويته بعد مقتله": the killing is not negated).
NEGATION_WORDS = 4
_NEGATION_STOP = frozenset(
    fold("بعد إثر اثر جراء عقب ثم لكن بل إلا سوى حتى أثناء خلال نتيجة بسبب منذ قبل").split()
)
# After "لم", these verbs deny a claim or a knowledge, not the event ("لم تتبن أي جهة التفجير").
_NEGATION_NOT_EVENT = frozenset(fold("تتبن تتبنى يتبن يتبنى تعلن يعلن تعرف يعرف يتضح").split())
# "احتدم القتال بين الطرفين": the two sides of the event reported just before.
_BOTH_SIDES_RE = _compile_folded(r"\s*(?:\S+\s+)?بين\s+(?:ال)?(?:طرفين|جانبين)")
# "عناصر الفصائل سابقاً": former fighters (who laid down arms) are civilians for ACLED. Only
# the adverb: "فلول النظام السابق" (the former regime's remnants) are still an armed side.
_FORMER_RE = _compile_folded(r"\s*[\"”»]?\s*(?:سابقا|سابقين)(?!\w)")
VIOLENT_GROUPS = frozenset({"violence", "weakviolence", "casualty"})

_SENTENCE_RE = re.compile(r"[.!?؟؛\n]+(?=\s|$|[\"'»”])|\n")
# A comma before "و" and a settlement word continues a list of places ("... شرق معرة
# النعمان، وقرى كفرسجنة وحيش"), it starts no clause.
_CLAUSE_RE = re.compile(
    r"[،,](?!\s*و(?:قري|قريه|قريتي|بلده|بلدات|بلدتي|مدينه|مدن|مدينتي|حي|حيي|احياء)\s)|[:;]"
    r"| (?=(?:فيما|بينما|في حين|حيث|كما|بعد ان|عقب|اثر|ما ادي) )"
)


# Quotation marks and brackets say nothing about roles but break the context regexes
# ("من فرع “الأمن العسكري”", "مقربة من قوات \"قسد\"").
_QUOTES_RE = re.compile(r"[\"'«»“”„‘’()\[\]]")
_SPACES_RE = re.compile(r"\s+")


def _context_before(view: str, start: int, width: int = 40) -> str:
    """The ``width`` view characters before ``start``, quotes removed, spaces collapsed."""
    return _SPACES_RE.sub(" ", _QUOTES_RE.sub(" ", view[max(0, start - width) : start])).lstrip()


# Words right before an actor that make it the agent or the target (folded view forms).
_AGENT_MARKS = (
    "من قبل",
    "علي يد",
    "بنيران",
    "برصاص",
    "بقصف",
    "بهجوم من",
    "من طرف",
    "شنه",
    "شنته",
    "شنها",
    "نفذه",
    "نفذته",
    "نفذها",
    "بواسطه",
    "لصالح",
    "تبناه",
    "تبنته",
    # "قصف مصدره مواقع الجيش": the fire's source is the side that fired.
    "مصدره",
    "مصدرها",
    "مصدره مواقع",
    "مصدرها مواقع",
)
_TARGET_MARKS = (
    "علي",
    "ضد",
    "بحق",
    "مواقع",
    "حواجز",
    "نقاط",
    "مقرات",
    "صفوف",
    "مقر",
    "مع",
    "ومواقع",
    "وحواجز",
    "ونقاط",
    "ومقرات",
    "تجمعات",
    "ارتال",
    "رتل",
    "دوريه",
)
# The owner of a position or vehicle: the target of a violent event ("استهدف نقطة لقوات
# النظام", "هاجموا حاجزا لقسد", "انفجرت عبوة بدورية لقسد"), no side of another ("انتشار
# دوريات قسد" during an arrest campaign). Folded forms, singular and accusative.
_OWNED_MARKS = (
    "نقطه",
    "حاجز",
    "حاجزا",
    "موقع",
    "موقعا",
    "مقرا",
    "رتلا",
    "دوريات",
    "سياره",
    "سيارات",
    "اليه",
    "اليات",
    "ثكنه",
    "مستودع",
    "مستودعات",
    "تجمع",
    "تجمعا",
)
# A person noun or figure, then من/في/ل/ب: the actor is the side those persons belong to.
_VICTIM_RE = _compile_folded(
    r"(?:عنصر\w*|عناصر|جند\w*|مقاتل\w*|اثنان|اثنين|ضابط\w*|ضباط|قيادي\w*|قائد|افراد|شخص\w*|"
    r"قتلي|جرحي|اسري|اسير|شقيق\s+قائد|احد\s+عناصر|\d+)\s*(?:من|في|ل|ب|لل|بـ)?\s*"
    r"(?:فرع|صفوف|ميليشيا|مليشيا|قوات|حواجز)?\s*$"
)
# Sources and affiliations: "مصادر مقربة من قسد" names no side of the event.
_SOURCE_RE = _compile_folded(
    r"(?:مصادر|مصدر|مراسل|ناشطون|ناشط|شبكه|موقع|وكاله|اعلام|اعلاميه|مقربه|مقرب|بحسب|حسب|وفق|"
    r"نقلا عن|التابع|التابعه|الموالي|الموالية|انتمائه|انتماؤهم|انتمائهم|لانتمائه|منشقين عن|"
    r"مناطق|مناطق سيطره|لسيطره|سيطره|الخاضع|الخاضعه|مؤيده|مطالبه|"
    # a charge or a zone of control names no side either: "بتهمة الانتماء إلى داعش",
    # "مناطق تسيطر عليها قسد", "منطقة نفوذ الجيش التركي"
    r"بتهمه|تهمه|بتهم|الانتماء|بالانتماء|الانتساب|التعامل|بالتعامل|التخابر|بالتخابر|"
    r"تسيطر عليها|يسيطر عليها|نفوذ)"
    # one more word may follow ("مصادر مقربة من"), but not "أن": a reported clause starts there
    r"\s*(?:(?!(?:ان|انه|انها)\s)\S+\s+)?(?:من|في|ل|عن|ب|الي|مع)?\s*"
    r"(?:قوات|ميليشيا|مليشيا|فصائل|عناصر|تنظيم|خلايا)?\s*$"
)
_BETWEEN_RE = _compile_folded(r"بين\s*(?:حواجز|مواقع|عناصر|قوات|مقاتلي|ميليشيا|مليشيا)?\s*$")
# A place right after one of these only locates the place before it ("شمالي محافظة الحسكة"),
# or is a landmark next to it ("قرب الحدود الإدارية مع ريف دير الزور").
_DIRECTION_RE = _compile_folded(
    r"(?:(?:شرق|غرب|شمال|جنوب|شرقي|غربي|شمالي|جنوبي|ريف|بريف|وريف|قرب|بالقرب من|محيط|اطراف|"
    r"جنوب شرق|شمال شرق|جنوب غرب|شمال غرب)(?:\s+(?:محافظه|مدينه|بلده|منطقه))?"
    r"|(?:الحدود|حدود)(?:\s+\S+)?\s+مع)\s*$"
)
_ORIGIN_RE = _compile_folded(
    r"(?:^|\s)(?:منها|باتجاه|نحو|(?<!اضافه )الي|ينحدرون من|ينحدر من|قادمين من|قادمه من|ابن|ابناء|"
    # where the attacker sits, not where the event is: "قوات النظام المتمركزة في سراقب"
    r"المتمركزه في|المتمركز في|المتمركزين في|المتمركزه ب|المتمركزين ب|المتواجده في|"
    r"من مواقعها في|من مواقعه في|من مواقعهم في|انطلاقا من|"
    # where the people come from: "خطف مسلحون من قرية ... شابا" (the event is the victim's)
    r"(?:مسلحون|مسلحين|مجهولون|مجهولين|شبان|عناصر|اشخاص|رجال|مقاتلون|مقاتلين) من)\s*"
    r"(?:بلدتي|بلده|مدينه|قريه|قريتي|مدينتي|محافظه|منطقه|ريف)?\s*\S*$"
)
_LIST_GAP_RE = re.compile(
    r"^(?:\s|،|,|-|–|و|او|ثم|بلده|بلدات|قريه|قري|مدينه|مدن|حي|احياء|بلدتي|قريتي|مدينتي|محيط|اطراف|"
    r"شرقها|غربها|شمالها|جنوبها|شرقه|غربه|شماله|جنوبه|شرقيها|غربيها|شماليها|جنوبيها)*$"
)


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    word_start: int
    row: ActorRow
    mark: str  # agent | target | victim | between1 | between2 | ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.row.actor, self.row.assoc)


@dataclass(frozen=True, slots=True)
class PlaceRef:
    start: int  # view offsets
    end: int
    mention: Any  # kashf.gazetteer PlaceMention
    context: bool  # a direction/countryside word before it: describes another place
    origin: bool  # "from X": where people came from, not where it happened

    @property
    def location(self) -> str:
        return str(self.mention.location or self.mention.text)


@dataclass
class Draft:
    """An event being built; becomes an :class:`kashf.extract.records.Event`."""

    event_type: str
    sub_event_type: str
    group: str
    priority: int
    trigger: Hit
    sentence: tuple[int, int]
    actor1: list[ActorMention] = field(default_factory=list)
    actor2: list[ActorMention] = field(default_factory=list)
    default1: str = ""
    default2: str = ""
    place: PlaceRef | None = None
    place_source: str = ""  # clause | sentence | previous | lead | ""
    date: DateMention | None = None
    killed: int = 0
    killed_exact: bool = False  # the figure is a number given, not a guess from a plural
    injured: int | None = None
    mentions: int = 1
    retyped: bool = False  # the sides re-typed it ("هاجم" by an air force: an air strike)


@dataclass(frozen=True)
class Frame:
    """Everything found in one report (view offsets)."""

    actors: tuple[ActorMention, ...]
    triggers: tuple[Hit, ...]
    counts: tuple[CountMention, ...]
    dates: tuple[DateMention, ...]
    places: tuple[PlaceRef, ...]
    drafts: tuple[Draft, ...]


def split_spans(
    view: str, regex: re.Pattern[str], start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    end = len(view) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in regex.finditer(view, start, end):
        if m.end() > pos and view[pos : m.start()].strip():
            spans.append((pos, m.end()))
        pos = max(pos, m.end())
    if view[pos:end].strip():
        spans.append((pos, end))
    return spans


def _ends_with_mark(before: str, marks: Sequence[str]) -> str | None:
    """The mark ``before`` ends with, as a word of its own or after one proclitic letter
    ("بدورية لقسد", "ومواقع")."""
    b = before.rstrip(" \"'«»“”()-–")
    for m in sorted(marks, key=len, reverse=True):
        if not b.endswith(m):
            continue
        head = b[: len(b) - len(m)]
        if head[-1:] in _MARK_PROCLITICS:
            head = head[:-1]
        if not head or not head[-1].isalpha():
            return m
    return None


_MARK_PROCLITICS = frozenset("وبلف")


NEW_ERA = "2024-12-08"  # the fall of the Assad government: ACLED names the state's forces anew
OLD_ERA_LAST_DAY = "2024-12-07"
ERA_FROM_ACTORS = rule(
    "mentions.era_from_actors",
    "mentions",
    "An undated report belongs to the era its actors name: forces that exist only after "
    "8 December 2024 (General Security, the former regime's remnants) make it the new era, "
    "otherwise the old one (so 'النظام' is the Assad government's forces).",
    "هاجمت فلول النظام حاجزاً للأمن العام -> the new era; قصف النظام البلدة -> the old era",
)
STATE_NAME_BY_ERA = rule(
    "mentions.state_name_by_era",
    "mentions",
    "In the new era the Syrian state's army and police are ACLED's 'Military Forces of Syria "
    "(2024-)' and 'Police Forces of Syria (2024-)'.",
    "2025: انتشرت قوات الجيش السوري في البلدة -> Military Forces of Syria (2024-)",
)


def in_new_era(hits: list[Hit], lex: Lexicon, date: str | None) -> bool:
    """Is the report of the era after 8 December 2024? Its date says; an undated one is of
    the new era when it names more actors found only in that era than only before it."""
    if date is not None:
        return date >= NEW_ERA
    if not on(ERA_FROM_ACTORS):
        return False
    new = old = 0
    for h in hits:
        if h.kind != "actor":
            continue
        rows = [lex.actors[i] for i in h.indices]
        if all(r.valid_from >= NEW_ERA for r in rows):
            new += 1
        elif all(r.valid_to and r.valid_to <= NEW_ERA and r.kind != "weak" for r in rows):
            old += 1
    return new > old


def resolve_actors(
    view: str, hits: list[Hit], lex: Lexicon, date: str | None
) -> list[ActorMention]:
    """Actor hits -> rows valid on the report date; anaphors need an antecedent named before."""
    out: list[ActorMention] = []
    named: dict[str, int] = {}
    civilians = next((r for r in lex.actors if r.inter == 7 and r.kind == "role"), None)
    new_era = in_new_era(hits, lex, date)
    if date is None and on(ERA_FROM_ACTORS):
        date = NEW_ERA if new_era else OLD_ERA_LAST_DAY
    for h in hits:
        if h.kind != "actor":
            continue
        rows = [lex.actors[i] for i in h.indices if lex.actors[i].valid_on(date)]
        if not rows or any(r.kind == "not" for r in rows):
            continue  # no actor, or a phrase that holds a name but names none (a base)
        plain = [r for r in rows if r.kind != "anaphor"]
        if plain:
            row = plain[0]
        else:
            ante = [r for r in rows if r.actor in named]
            if not ante:
                continue
            row = max(ante, key=lambda r: named[r.actor])
        if row.kind != "anaphor":
            named[row.actor] = h.start
        before = _context_before(view, h.word_start)
        prefix = view[h.word_start : h.start]
        mark = ""
        if _inside_brackets(view, h.word_start):
            mark = "aside"  # "(جبهة النصرة سابقا)": an apposition, not a new side
        elif _SOURCE_RE.search(before + prefix.rstrip("لب")):
            mark = "source"
        elif _ends_with_mark(before, _AGENT_MARKS):
            mark = "agent"
        elif _BETWEEN_RE.search(before):
            mark = "between1"
        elif _VICTIM_RE.search(before):
            mark = "victim"
        elif _ends_with_mark(before, _TARGET_MARKS) or prefix.endswith("علي"):
            mark = "target"
        elif _ends_with_mark(before, _OWNED_MARKS):
            mark = "owned"
        elif prefix.startswith("ل") or prefix.startswith("ول"):
            mark = "of"  # "قصف مدفعي لقوات النظام": whose fire, when right after the trigger
        if civilians is not None and row.inter != 7 and _FORMER_RE.match(view, h.end):
            row = civilians  # a former member is no longer that armed side
        elif row.era == "state" and new_era and on(STATE_NAME_BY_ERA):
            row = replace(row, actor=row.actor + " (2024-)")
        out.append(ActorMention(h.start, h.end, h.word_start, row, mark))
    # "بين X و Y": the next actor of another name (else of another unit) is the other side.
    for i, a in enumerate(out):
        if a.mark != "between1":
            continue
        near = [j for j in range(i + 1, len(out)) if out[j].start - a.end < 80]
        pick = next((j for j in near if out[j].row.actor != a.row.actor), None)
        if pick is None:
            pick = next((j for j in near if out[j].row.assoc != a.row.assoc), None)
        if pick is not None:
            out[pick] = replace(out[pick], mark="between2")
    return out


def _inside_brackets(view: str, pos: int) -> bool:
    """An opening bracket, not closed since, within the 80 characters before ``pos`` (only
    that window is searched: a long report must not cost a scan from its start per actor)."""
    lo = max(0, pos - 79)
    opened = max(view.rfind("(", lo, pos), view.rfind("[", lo, pos))
    closed = max(view.rfind(")", lo, pos), view.rfind("]", lo, pos))
    return opened != -1 and opened > closed


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


def assign_sides(
    view: str, draft: Draft, row: TriggerRow, actors: list[ActorMention], clause: tuple[int, int]
) -> None:
    """Fill ``draft.actor1``/``actor2`` from the sentence's actors around the trigger."""
    s0, s1 = draft.sentence
    t = draft.trigger
    group = row.group
    violent = group in VIOLENT_GROUPS

    def usable(a: ActorMention) -> bool:
        if a.mark in ("source", "aside"):
            return False
        if a.row.kind == "nisba":
            # "غارات روسية", "تدخل جوي إسرائيلي": an adjective names the attacker only right
            # after the event noun ("جندي تركي" is a victim's nationality).
            return (
                group in VIOLENT_GROUPS
                and a.word_start >= t.end
                and not view[t.end : a.word_start].strip()
            )
        return True

    in_sentence = [a for a in actors if s0 <= a.start < s1 and usable(a)]
    # "طائرات حربية روسية": the weapon is part of the actor's name, so the actor used it.
    owner = next((a for a in in_sentence if a.start < t.end and t.start < a.end), None)
    cands = [a for a in in_sentence if not (a.start < t.end and t.start < a.end)]
    if owner is not None and violent:
        cands = [replace(owner, mark="agent"), *cands]
    if not cands:
        return

    def side_of(a: ActorMention) -> str:
        if group in ("protest", "riot"):
            return "agent" if a.row.inter in (5, 6) else "target"
        if a.row.kind == "role" and a.row.inter != 6:
            return "target"  # civilians, prisoners: never the side that acts
        if a.mark in ("agent", "between1"):
            return "agent"
        if a.mark == "of":
            # The lam of possession names the agent only right after an event noun.
            gap = view[t.end : a.word_start].split()
            return "agent" if a.start >= t.end and len(gap) <= 2 else ""
        if a.mark in ("target", "between2"):
            return "target"
        if a.mark == "owned":
            return "target" if violent else ""
        if a.mark == "victim":
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
    if agent is None and free:
        c0 = clause[0]
        before = [a for a in free if a.end <= t.start and (a.start >= c0 or t.start - a.end < 40)]
        after = [a for a in free if a.start >= t.end]
        # Subject before the verb (SVO) or right after it (VSO / an event noun's owner).
        pool = before or after
        if pool:
            agent = pool[0]
            free.remove(agent)
    if agent is not None and agent.row.kind == "role" and group not in ("protest", "riot"):
        agent = None
    between2 = [a for a in targets if a.mark == "between2"]
    target = (
        between2[0]
        if between2
        else next((a for a in targets if agent is None or a.key != agent.key), None)
    )
    if target is None and free and (violent or group in ("strategic", "agreement")):
        target = next((a for a in free if agent is None or a.key != agent.key), None)
    ordered = sorted(cands, key=lambda a: a.start)
    if agent is not None:
        draft.actor1 = _coordinated(view, agent, ordered)
    if target is not None:
        draft.actor2 = _coordinated(view, target, ordered)
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
    if (
        row.role == "clash"
        and not draft.actor1
        and draft.actor2
        and draft.actor2[0].mark not in ("target", "between2", "victim")
        and draft.actor2[0].row.kind != "role"
    ):
        # A clash has no direction: the one side the sentence names is actor1, the unnamed
        # other side (the row's default) actor2.
        draft.actor1, draft.actor2 = draft.actor2, []
        draft.default2, draft.default1 = draft.default1, ""
    if (
        row.role == "clash"
        and draft.actor1
        and not draft.actor2
        and draft.actor1[0].row.actor != row.default_actor1
    ):
        draft.default2 = row.default_actor1  # a clash has two armed sides, one unnamed here


def _retype(draft: Draft, row: TriggerRow) -> None:
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
            return


def _negation_reach(view: str, neg: Hit, clause: tuple[int, int]) -> int:
    """View offset where a negation's reach ends: a few words on, never past its clause or a
    word that starts a new event ("بعد", "جراء" ...)."""
    end = clause[1]
    words = list(re.finditer(r"\S+", view[neg.end : end]))
    if words and view[neg.start : neg.end] == "لم" and words[0].group() in _NEGATION_NOT_EVENT:
        return neg.end  # "لم تتبن أي جهة": a claim denied, not the event
    reach = neg.end
    for w in words[:NEGATION_WORDS]:
        if w.group().strip("،,.") in _NEGATION_STOP:
            break
        reach = neg.end + w.end()
    return reach


def _place_refs(view: str, places: list[Any], to_view: Any, hits: list[Hit]) -> list[PlaceRef]:
    """The gazetteer's mentions in view offsets, minus those that are really our words (an
    actor, a trigger, a counted noun) or only say "Syria"."""
    taken = _coverage(len(view), ((h.word_start, h.end) for h in hits))
    refs: list[PlaceRef] = []
    prev_end = -100
    for pm in places:
        s, e = to_view(pm.start), to_view(pm.end)
        if not pm.admin1:
            continue
        if _covered(taken, s, e):
            continue
        reason = str(getattr(pm, "reason", ""))
        if "common word" in reason and float(getattr(pm, "confidence", 1.0)) < 0.8:
            continue
        ws = s
        while ws > 0 and view[ws - 1].isalpha():
            ws -= 1
        before = view[max(0, ws - 30) : ws] + view[ws:s]
        # "السويعية بريف البوكمال": a place right after another, behind a direction word,
        # only says where the first one is.
        direction = _DIRECTION_RE.search(before)
        # "وقرية البارة ومحيط بلدة بينين": with و, the outskirts are the list's next item.
        joined = direction is not None and before[max(0, direction.start() - 1) :].startswith(
            ("ومحيط", "واطراف")
        )
        context = direction is not None and not joined and ws - prev_end < 30
        origin = bool(_ORIGIN_RE.search(view[max(0, ws - 24) : ws] + view[ws:s]))
        refs.append(PlaceRef(s, e, pm, context, origin))
        prev_end = e
    return refs


def _precision(r: PlaceRef) -> int:
    return int(r.mention.geo_precision or 3)


def _pick_places(view: str, refs: list[PlaceRef]) -> list[PlaceRef]:
    """The event's places among ``refs`` (one scope): the first list of places not merely
    describing another place; "بين X و Y" (a road between) keeps X only. [] when every place in
    the scope is an origin or a description (the caller then widens the scope)."""
    if not refs:
        return []
    groups: list[list[PlaceRef]] = []
    for r in refs:
        if (
            groups
            and _LIST_GAP_RE.match(view[groups[-1][-1].end : r.start])
            and not r.context
            and not groups[-1][-1].context  # "شرق المعرة، وقرى ...": a new list after a locator
            and r.origin == groups[-1][-1].origin  # "المتمركزة في خان شيخون قرية ...": two roles
        ):
            groups[-1].append(r)
        else:
            groups.append([r])
    good = [g for g in groups if not g[0].context and not g[0].origin]
    if not good:
        return []
    # A governorate-only mention gives way to a finer place inside it named in the same scope
    # (not to a place elsewhere: "انسحب من السويداء ... استهدف دمشق").
    fine = [
        g for g in good if _precision(g[0]) < 3 and g[0].mention.admin1 == good[0][0].mention.admin1
    ]
    chosen = fine[0] if fine and _precision(good[0][0]) == 3 else good[0]
    chosen = chosen + _continued(view, groups, groups.index(chosen))
    ws = chosen[0].start
    while ws > 0 and view[ws - 1].isalpha():
        ws -= 1
    if re.search(r"(?:بين|طريق|الطريق|الواصل بين)\s*(?:\S+\s*)?$", view[max(0, ws - 24) : ws]):
        chosen = chosen[:1]
    out: list[PlaceRef] = []
    seen: set[str] = set()
    for r in chosen:
        if r.location not in seen:
            seen.add(r.location)
            out.append(r)
    return out


def _continued(view: str, groups: list[list[PlaceRef]], i: int) -> list[PlaceRef]:
    """Lists that go on after group ``i`` with a conjunction ("في قرية الكرامة شرقي الرقة
    إضافة إلى قريتي ..."): their places too, skipping the locators between them."""
    more: list[PlaceRef] = []
    prev = groups[i][-1]
    for g in groups[i + 1 :]:
        if g[0].origin:
            break
        gap = view[prev.end : g[0].start]
        if g[0].context:
            if len(gap.split()) > 2:  # "غربي الرقة" right after the list, "بريف حلب" ...
                break
            prev = g[-1]  # "شرقي الرقة": locates the list before it; the list may go on
            continue
        joined = bool(_LIST_MORE_RE.match(gap)) or (
            view.startswith("و", g[0].start) and not gap.strip(" ،,")
        )
        if not joined:
            break
        more.extend(g)
        prev = g[-1]
    return more


_LIST_MORE_RE = re.compile(
    r"^(?:\s|،|,)*(?:و|او|اضافه الي|بالاضافه الي|فضلا عن)\s*"
    r"(?:بلده|بلدات|قريه|قري|مدينه|مدن|حي|حيي|احياء|بلدتي|قريتي|مدينتي|محيط|اطراف)?\s*$"
)


def frame(
    view: View,
    hits: list[Hit],
    lex: Lexicon,
    report_date: ReportDate,
    places: list[Any],
    to_view: Any,
) -> Frame:
    v = view.text
    sentences = split_spans(v, _SENTENCE_RE)
    clauses = [c for s in sentences for c in split_spans(v, _CLAUSE_RE, s[0], s[1])]
    actors = resolve_actors(v, hits, lex, report_date.iso[:10] if report_date.iso else None)
    actor_mask = _coverage(len(v), ((a.word_start, a.end) for a in actors))

    def overlaps_actor(h: Hit) -> bool:
        return _covered(actor_mask, h.word_start, h.end)

    triggers = []
    for h in hits:
        if h.kind != "trigger":
            continue
        row = lex.triggers[h.indices[0]]
        if row.role == "active" and "ال" in v[h.word_start : h.start].replace("لل", "ال"):
            continue  # a verb takes no article: "النشر" is publishing, not deploying
        # A weapon inside an actor's name ("طائرات حربية روسية") still says how it was done.
        if overlaps_actor(h) and not (row.group == "violence" and row.priority >= 65):
            continue
        triggers.append(h)
    dates = find_dates(v, report_date)
    # A person noun inside a longer actor name counts no one: "الدفاع المدني" is no civilian.
    inner = _coverage(len(v), ((h.word_start + 1, h.end) for h in hits if h.kind == "actor"))
    counted = [
        h
        for h in hits
        if not (h.kind == "count" and inner[h.word_start] and inner[max(h.end - 1, 0)])
    ]
    counts = find_counts(
        v, counted, lex.counts, lex.triggers, clauses, [(d.start, d.end) for d in dates]
    )
    refs = _place_refs(
        v,
        places,
        to_view,
        [h for h in hits if h.kind != "count" or lex.counts[h.indices[0]].kind == "noun"],
    )

    def within(span: tuple[int, int], pos: int) -> bool:
        return span[0] <= pos < span[1]

    clause_starts = [c[0] for c in clauses]

    def clause_of(pos: int, sent: tuple[int, int]) -> tuple[int, int]:
        i = bisect_right(clause_starts, pos) - 1
        return clauses[i] if i >= 0 and within(clauses[i], pos) else sent

    # Everything bucketed by sentence once, so that a long report costs linear time.
    trig_in = _by_sentence(sentences, triggers, lambda t: t.start)
    refs_in = _by_sentence(sentences, refs, lambda r: r.start)
    counts_in = _by_sentence(sentences, counts, lambda c: c.start)
    dates_in = _by_sentence(sentences, dates, lambda d: d.start)
    actors_in = _by_sentence(sentences, actors, lambda a: a.start)

    drafts: list[Draft] = []
    last_place: PlaceRef | None = None
    lead_place = next((r for r in refs if not r.context and not r.origin), None)
    lead_date = max((d for d in dates if d.iso), key=lambda d: d.strength, default=None)
    for si, sent in enumerate(sentences):
        s_trig = list(trig_in[si])
        # "تحسبا لأي هجوم": what follows in the clause has not happened.
        for h in [t for t in s_trig if lex.triggers[t.indices[0]].group == "hypothetical"]:
            c = clause_of(h.start, sent)
            s_trig = [t for t in s_trig if not (t.start > h.start and within(c, t.start))]
        # "دون تسجيل أي إصابات", "لم تستهدف": a negated trigger reports nothing.
        for h in [t for t in s_trig if lex.triggers[t.indices[0]].group == "negation"]:
            reach = _negation_reach(v, h, clause_of(h.start, sent))
            s_trig = [t for t in s_trig if not (h.end <= t.word_start < reach)]
        # "تحليق للطيران الحربي": aircraft that only flew over; unless the clause also tells
        # of violence ("حلق الطيران الحربي وقصف البلدة": then the aircraft says how).
        for h in [t for t in s_trig if lex.triggers[t.indices[0]].group == "overflight"]:
            c = clause_of(h.start, sent)
            reach = _negation_reach(v, h, c)
            flown = [
                t
                for t in s_trig
                if h.end <= t.word_start < reach and _AIRCRAFT_RE.match(v, t.start)
            ]
            violent = [
                t
                for t in s_trig
                if t not in flown
                and within(c, t.start)
                and lex.triggers[t.indices[0]].group in VIOLENT_GROUPS
            ]
            if not violent:
                s_trig = [t for t in s_trig if t not in flown]
        s_refs = refs_in[si]
        groups = {lex.triggers[t.indices[0]].group for t in s_trig}
        absorbed = set().union(*(ABSORBS.get(g, frozenset()) for g in groups)) if groups else set()
        modifiers = [
            lex.triggers[t.indices[0]]
            for t in s_trig
            if lex.triggers[t.indices[0]].group == "modifier"
        ]
        totals = sentence_totals(counts_in[si])
        # One violent event per sentence and event type (highest priority); each other
        # sub-event its own.
        chosen: dict[str, Hit] = {}
        for t in s_trig:
            row = lex.triggers[t.indices[0]]
            if row.group in CONTROL_GROUPS or row.group in absorbed:
                continue
            clause = clause_of(t.start, sent)
            if any(
                row.group in CLAUSE_ABSORBS.get(lex.triggers[o.indices[0]].group, frozenset())
                for o in s_trig
                if o is not t and within(clause, o.start)
            ):
                continue
            if row.group in VIOLENT_GROUPS:
                slot = "violent:" + (row.event_type if row.group != "casualty" else "casualty")
            elif row.group in ("protest", "riot"):
                slot = "protest"
            else:
                slot = row.sub_event_type
            cur = chosen.get(slot)
            if (
                cur is not None
                and cur.start < t.start
                and row.role == "noun"
                and "ال" in v[t.word_start : t.start].replace("لل", "ال")
            ):
                continue  # "... عن الهجوم": a definite event noun refers back to the event
            if cur is None or lex.triggers[cur.indices[0]].priority < row.priority:
                chosen[slot] = t
        if any(k.startswith("violent:") and k != "violent:casualty" for k in chosen):
            chosen.pop("violent:casualty", None)
        protest_sub = ""
        if "protest" in chosen and lex.triggers[chosen["protest"].indices[0]].group == "protest":
            for slot in list(chosen):
                if slot.startswith("violent:"):
                    chosen.pop(slot)
                    protest_sub = PROTEST_WITH["violence"]
            if "Arrests" in chosen:
                chosen.pop("Arrests")
                protest_sub = protest_sub or PROTEST_WITH["strategic"]
            if not protest_sub and lex.triggers[chosen["protest"].indices[0]].priority > 30:
                protest_sub = PROTEST_WITH["strategic"]
        sent_drafts: list[Draft] = []
        for slot, t in chosen.items():
            row = lex.triggers[t.indices[0]]
            clause = clause_of(t.start, sent)
            d = Draft(
                row.event_type,
                row.sub_event_type,
                row.group,
                row.priority,
                t,
                sent,
                default1=row.default_actor1,
                default2=row.default_actor2,
            )
            if slot == "protest" and protest_sub:
                d.sub_event_type = protest_sub
            assign_sides(v, d, row, actors_in[si], clause)
            if row.group in VIOLENT_GROUPS and _BOTH_SIDES_RE.match(v, t.end):
                prev = next((o for o in reversed(drafts) if o.group in VIOLENT_GROUPS), None)
                if prev is not None and (prev.actor1 or prev.actor2):
                    d.actor1, d.actor2 = list(prev.actor1), list(prev.actor2)
                    d.default1, d.default2 = prev.default1, prev.default2
            if not d.actor1 and row.group in NEEDS_ACTOR:
                # "من بين المعتقلين ...": the side named for this kind of event just before.
                prev = next(
                    (
                        o
                        for o in reversed(drafts)
                        if o.sub_event_type == d.sub_event_type and o.actor1
                    ),
                    None,
                )
                if prev is not None:
                    d.actor1 = prev.actor1
            _retype(d, row)
            for m in modifiers:
                for cond, _etype, _sub in m.retype:
                    if cond.startswith("from=") and d.sub_event_type in cond[5:].split(","):
                        d.event_type, d.sub_event_type = m.event_type, m.sub_event_type
            named = [a for a in d.actor1 + d.actor2 if a.row.kind != "role"]
            if row.group in NEEDS_ACTOR and not named:
                continue
            if row.group == "casualty" and not (
                named and (totals.get("killed") or totals.get("injured"))
            ):
                # "قصفت قوات النظام البلدة. وقال الدفاع المدني إن ثلاثة قتلوا": a toll that
                # names no side and no place of its own is the previous sentence's event's.
                if (totals.get("killed") or totals.get("injured")) and not any(
                    not r.context and not r.origin for r in s_refs
                ):
                    _add_toll(drafts, sentences[si - 1] if si else None, totals, counts_in[si])
                continue  # "آلة القتل": a killing word with nobody counted is no report of one
            if (
                row.group == "violence"
                and row.priority < 60
                and not named
                and not totals.get("killed")
                and not totals.get("injured")
            ):
                continue  # "هجوم" with nobody named and nobody hurt: not a report of violence
            if row.group == "weakviolence" and not named and not totals:
                continue
            if row.group in CASUALTY_GROUPS or d.event_type in (
                "Battles",
                "Explosions/Remote violence",
                "Violence against civilians",
            ):
                d.killed = totals.get("killed", 0)
                d.killed_exact = total_is_given(counts_in[si], "killed")
                d.injured = totals.get("injured")
            # Date: the clause, then the sentence, then the report's lead.
            for scope in (clause, sent):
                ds = [x for x in dates_in[si] if within(scope, x.start) and x.iso]
                if ds:
                    d.date = max(ds, key=lambda x: (x.strength, -abs(x.start - t.start)))
                    break
            if d.date is None:
                d.date = lead_date
            sent_drafts.append(d)
        # Places: clause, sentence, the last place named before, the report's lead.
        for d in sent_drafts:
            clause = clause_of(d.trigger.start, sent)
            picked = _pick_places(v, [r for r in s_refs if within(clause, r.start)])
            source = "clause"
            if not picked:
                picked, source = _pick_places(v, s_refs), "sentence"
            if not picked and last_place is not None:
                picked, source = [last_place], "previous"
            if not picked and lead_place is not None:
                picked, source = [lead_place], "lead"
            if not picked:
                drafts.append(d)
                continue
            for i, p in enumerate(picked):
                e = replace(d, place=p, place_source=source)
                if i > 0:
                    e.killed, e.injured = 0, None  # the day's toll stays with the first place
                drafts.append(e)
        good = [r for r in s_refs if not r.context and not r.origin]
        if good:
            last_place = good[-1]
    return Frame(
        tuple(actors),
        tuple(triggers),
        tuple(counts),
        tuple(dates),
        tuple(refs),
        tuple(merge(drafts)),
    )


def _add_toll(
    drafts: list[Draft],
    previous: tuple[int, int] | None,
    totals: dict[str, int],
    counts: list[CountMention],
) -> None:
    """Give a follow-up toll to the violent event told in the ``previous`` sentence (the first
    of its places carries the toll): a number given replaces a guess, else the larger wins."""
    target = next((o for o in drafts if o.sentence == previous and o.group in VIOLENT_GROUPS), None)
    if target is None:
        return
    _take_toll(target, totals.get("killed", 0), total_is_given(counts, "killed"))
    if totals.get("injured") is not None:
        target.injured = max(target.injured or 0, totals["injured"])


def _take_toll(target: Draft, killed: int, given: bool) -> None:
    """Another telling of ``target``'s dead: a number given replaces a guess from a plural
    ("سقوط قتلى" then "مقتل عنصرين"); between two numbers (or two guesses) the larger is the
    later, fuller count."""
    if not killed:
        return
    if given and not target.killed_exact:
        target.killed, target.killed_exact = killed, True
    elif given == target.killed_exact:
        target.killed = max(target.killed, killed)


def _by_sentence(
    sentences: list[tuple[int, int]], items: Sequence[_T], position: Callable[[_T], int]
) -> list[list[_T]]:
    """``items`` (in order) grouped by the sentence holding their position."""
    starts = [s for s, _ in sentences]
    out: list[list[_T]] = [[] for _ in sentences]
    for item in items:
        pos = position(item)
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < sentences[i][1]:
            out[i].append(item)
    return out


def _coverage(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """A byte per view character, 1 where one of ``spans`` covers it."""
    mask = bytearray(length + 1)
    for s, e in spans:
        if e > s:
            mask[s:e] = b"\x01" * (e - s)
    return mask


def _covered(mask: bytearray, start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap a covered character?"""
    return end > start and mask.find(1, start, end) != -1


def _compatible(a: list[ActorMention], b: list[ActorMention]) -> bool:
    """Sides that may be one side: either unknown, the same actor, or one only a role noun
    ("مدنيين" fills a side nothing better fills, so a named side elsewhere may replace it)."""
    if not a or not b or a[0].row.actor == b[0].row.actor:
        return True
    return a[0].row.kind == "role" or b[0].row.kind == "role"


def _named(d: Draft) -> set[str]:
    return {a.row.actor for a in d.actor1 + d.actor2 if a.row.kind != "role"}


def _same_sides(o: Draft, d: Draft) -> bool:
    """Compatible side by side, or (a later mention naming fewer parties, in any order) every
    party ``d`` names is one of ``o``'s: "فرّ عناصر النظام" after "هجوم لداعش على النظام"."""
    if _compatible(o.actor1, d.actor1) and _compatible(o.actor2, d.actor2):
        return True
    return bool(_named(d)) and _named(d) <= _named(o)


def _is_broad(r: PlaceRef) -> bool:
    """A countryside, governorate or region mention (not one town)."""
    m = r.mention
    kind = getattr(getattr(m, "place", None), "kind", "")
    reason = str(getattr(m, "reason", ""))
    # "ريف إدلب الجنوبي" says "countryside of"; a town "inside countryside" is one town
    return kind in ("governorate", "district", "region") or "countryside of" in reason


def _is_wide(r: PlaceRef) -> bool:
    """A governorate-wide mention: the governorate, a region, or a governorate's countryside
    ("ريف الرقة الشرقي", its district only implied) — wider than one town's countryside."""
    kind = getattr(getattr(r.mention, "place", None), "kind", "")
    return kind in ("governorate", "region") or (
        _is_broad(r) and "implied" in str(getattr(r.mention, "reason", ""))
    )


def _is_near(r: PlaceRef) -> bool:
    """ "غربي مدينة جسر الشغور": somewhere around one town."""
    return "near it" in str(getattr(r.mention, "reason", ""))


def _is_area(r: PlaceRef) -> bool:
    return _is_broad(r) or _is_near(r)


def _contains(area: PlaceRef, r: PlaceRef) -> bool:
    """``r`` lies inside the area ``area`` names (same governorate, and district if known)."""
    a, m = area.mention, r.mention
    # A district only guessed from a direction ("ريف إدلب الجنوبي") does not bound it.
    implied = "implied" in str(getattr(a, "reason", ""))
    return (
        bool(a.admin1)
        and a.admin1 == m.admin1
        and (implied or not a.admin2 or a.admin2 == m.admin2)
    )


def _same_place(o: Draft, d: Draft) -> bool:
    if o.place is None and d.place is None:
        return True
    if d.place_source in ("previous", "lead", ""):
        return True
    if o.place is None or d.place is None:
        return False
    if o.place.location == d.place.location:
        return True
    # "قصف على ريف إدلب الجنوبي" then "... بلدة كنصفرة": the area mention is the same event
    # told less precisely (a countryside holds towns and places near them; "near a town"
    # holds the villages of its district).
    for area, r in ((o.place, d.place), (d.place, o.place)):
        if _is_broad(area) and not _is_broad(r) and _contains(area, r):
            return True
        # "ريف الرقة الشرقي" then "بادية معدان": a town's countryside inside the wider one.
        if _is_wide(area) and not _is_wide(r) and _contains(area, r):
            return True
        if _is_near(area) and not _is_area(r) and _contains(area, r):
            return True
    return False


def _same_toll(o: Draft, d: Draft) -> bool:
    """Two violent mentions telling one toll: the same dead count, compatible parties, and the
    same place or one inside the other's district. A lead ("قتل عنصر ... بعملية اغتيال في ريف
    درعا") and its detail ("... بعبوة ناسفة على طريق سحم الجولان") are one event."""
    if o.group not in VIOLENT_GROUPS or d.group not in VIOLENT_GROUPS:
        return False
    if not o.killed or o.killed != d.killed or not _same_sides(o, d):
        return False
    if o.place is None or d.place is None:
        return d.place_source in ("previous", "lead", "")
    om, dm = o.place.mention, d.place.mention
    return _same_place(o, d) or (
        bool(om.admin2) and om.admin1 == dm.admin1 and om.admin2 == dm.admin2
    )


def _listed_together(o: Draft, d: Draft) -> bool:
    """Two towns of one list after one trigger ("أطراف بلدات كنصفرة والبارة"): one event each,
    even when the first is told as "around" (an area naming the list's region still merges)."""
    return (
        o.trigger == d.trigger
        and o.place is not None
        and d.place is not None
        and not _is_broad(o.place)
        and not _is_broad(d.place)
    )


def merge(drafts: list[Draft]) -> list[Draft]:
    """Repeated mentions of one event -> one draft: same type, same place (or a place only
    inherited, or an area containing the other's place), compatible sides; or, across types,
    the same death toll told twice. The richer mention's fields win; figures take the
    maximum; the most precise place (and its sentence as evidence) is kept."""
    out: list[Draft] = []
    for d in drafts:
        target = None
        for o in out:
            if _listed_together(o, d):
                continue
            if o.event_type == d.event_type and _same_sides(o, d) and _same_place(o, d):
                target = o
                break
        if target is None:
            target = next((o for o in out if not _listed_together(o, d) and _same_toll(o, d)), None)
        if target is None:
            out.append(d)
            continue
        target.mentions += 1
        if (
            d.place is not None
            and d.place_source in ("clause", "sentence")
            and (
                target.place is None
                or _precision(d.place) < _precision(target.place)
                or (_is_broad(target.place) and not _is_broad(d.place))
                or (_is_wide(target.place) and not _is_wide(d.place))
                or (_is_near(target.place) and not _is_area(d.place))
            )
        ):
            target.place, target.place_source = d.place, d.place_source
            target.sentence = d.sentence
        _take_toll(target, d.killed, d.killed_exact)
        if d.injured is not None:
            target.injured = max(target.injured or 0, d.injured)
        for side in ("actor1", "actor2"):
            mine, theirs = getattr(target, side), getattr(d, side)
            weaker = bool(mine) and mine[0].row.kind == "role"
            if theirs and (not mine or (weaker and theirs[0].row.kind != "role")):
                setattr(target, side, theirs)
        # A re-typed event keeps its type against a same-type mention ("هاجم" by an air force
        # stays an air strike when "صواريخ" follows); across types the likelier trigger wins.
        if d.priority > target.priority and not (
            target.retyped and d.event_type == target.event_type
        ):
            target.event_type, target.sub_event_type = d.event_type, d.sub_event_type
            target.priority = d.priority
        if target.date is None or (d.date is not None and d.date.strength > target.date.strength):
            target.date = d.date
    return out


def view_index(view: View) -> Any:
    """text offset -> view offset (the first view character at or after it)."""
    if view.pos is None:
        return lambda i: i
    pos = view.pos

    def to_view(i: int) -> int:
        return max(0, bisect_right(pos, i - 1))

    return to_view
