"""Mentions: the actors, triggers and places of one report, each with what its context says.

Positions are offsets into the matching view (:class:`kashf.extract.lexicon.View`). Actors get
a *mark* from the words right before them (agent, target, victim, source, ...); places come
from the gazetteer as typed mentions and are marked as a mere locator of another place
(``context``) or as where people came from (``origin``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kashf.extract.cues import cues
from kashf.extract.lexicon import ActorRow, Lexicon, TableHit
from kashf.rules import on, rule

# --- rules --------------------------------------------------------------------------------
NEW_ERA = "2024-12-08"  # the fall of the Assad government: ACLED names the state's forces anew
OLD_ERA_LAST_DAY = "2024-12-07"
ERA_FROM_ACTORS = rule(
    "mentions.era_from_actors",
    "mentions",
    "An undated report belongs to the era its words name: the fall of the regime, or forces "
    "that exist only after 8 December 2024 (General Security, the former regime's remnants), "
    "make it the new era, otherwise the old one (so 'النظام' is the Assad government's forces).",
    "(undated) هاجمت فلول النظام حاجزاً للأمن العام قرب جبلة -> actor2 Police Forces of "
    "Syria (2024-)",
)
STATE_NAME_BY_ERA = rule(
    "mentions.state_name_by_era",
    "mentions",
    "In the new era the Syrian state's army and police are ACLED's 'Military Forces of Syria "
    "(2024-)' and 'Police Forces of Syria (2024-)'.",
    "(2025) اشتبكت قوات الجيش السوري مع مسلحين قرب البلدة -> Military Forces of Syria (2024-)",
)
FORMER_MEMBER = rule(
    "mentions.former_member_is_civilian",
    "mentions",
    "A fighter called former (سابقاً) has laid down arms: a civilian for ACLED.",
    "أصيب أحد عناصر الفصائل سابقاً برصاص مجهولين -> actor2 Civilians (Syria)",
)
SOURCE_NAMES_NO_SIDE = rule(
    "mentions.source_names_no_side",
    "mentions",
    "An actor named as a source or a speaker, an affiliation, a charge or a zone of control is "
    "no side of the event (مصادر مقربة من, وقال ناشط إن, بتهمة الانتماء إلى, مناطق سيطرة).",
    "ذكرت مصادر مقربة من قسد أن عبوة ناسفة انفجرت في سوق بلدة حاس -> actor1 is not the SDF",
)
VERB_TAKES_NO_ARTICLE = rule(
    "mentions.verb_takes_no_article",
    "mentions",
    "A verb trigger written with the article is a noun of another sense: النشر is publishing, "
    "not نشر (deploying).",
    "قالت قوات النظام إن الطرد المشبوه في المدينة كان فارغاً -> no event (a parcel, not an "
    "expulsion)",
)
PERSON_INSIDE_ACTOR_NAME = rule(
    "mentions.person_inside_actor_name",
    "mentions",
    "A person noun inside a longer actor name counts no one: الدفاع المدني is no civilian.",
    "قصفت المدفعية بلدة حاس. وقال الدفاع المدني إن أربعة مدنيين قتلوا -> fatalities 4, not 5",
)
ALLY_IS_NO_SIDE = rule(
    "mentions.ally_is_no_side",
    "mentions",
    "An actor named as the support of a side (مدعومة ب, بدعم من, بمساندة) is no side of its own.",
    "اندلعت اشتباكات بين قوات النظام مدعومة بالقوات الروسية وفصائل المعارضة -> actor2 "
    "Opposition Rebels (Syria)",
)
MEMBERS_OF_A_NAMED_SIDE = rule(
    "mentions.members_of_a_named_side",
    "mentions",
    "Gunmen or unknown men said to be of a named side (مسلحين من قسد, مسلحون تابعون للنظام) "
    "are that side, not an Unidentified Armed Group.",
    "قصفت المدفعية التركية مواقع قسد في بلدة حاس. وأدى القصف لمقتل أربعة مسلحين من قسد -> "
    "one event, 4 SDF fighters killed",
)
# What may stand between a generic armed noun and the side it belongs to.
_MEMBERS_GAP_RE = re.compile(
    r"^\s*[\"“”«»]?\s*(?:(?:يرجح|يعتقد|يشتبه)\s+(?:انهم|انه|انها)\s+)?"
    r"(?:من|في صفوف|ضمن|التابعين ل|التابعين|التابعه ل|التابعه|التابع ل|تابعين ل|"
    r"تابعون ل|تابعون|تابعه ل|المواليه ل|الموالين ل|المحسوبين علي|ينتمون ل|ينتمون الي)?"
    r"\s*[\"“”«»]?\s*$"
)


def _members_named(view: str, actors: list[ActorMention]) -> list[ActorMention]:
    """Drop a generic armed noun right before the named side it belongs to."""
    out: list[ActorMention] = []
    for i, a in enumerate(actors):
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        if (
            a.row.kind == "force"
            and a.row.actor.startswith("Unidentified")
            and nxt is not None
            and not nxt.row.actor.startswith("Unidentified")
            and nxt.row.kind in ("named", "force")
            and nxt.word_start - a.end < 24
            and _MEMBERS_GAP_RE.match(view[a.end : nxt.word_start])
        ):
            continue
        out.append(a)
    return out


LIKELY_ATTRIBUTION = rule(
    "mentions.likely_attribution_names_the_agent",
    "mentions",
    "The side a report thinks likely (يرجح أنه, يعتقد أنها) is coded as the one who acted, as "
    "ACLED codes a probable perpetrator.",
    "استهدفت غارات جوية يرجح أنها إسرائيلية مواقع قرب بلدة حاس -> actor1 Military Forces of Israel",
)
MEMBERS_AFTER_A_MARK = rule(
    "mentions.members_between_a_mark_and_their_side",
    "mentions",
    "An agent mark reaches the side named after a word for its members (برصاص عناصر من قوات "
    "النظام, على يد عناصر حاجز لقوات النظام): the side is the agent.",
    "قتل شاب برصاص عناصر من قوات النظام على حاجز قرب بلدة حاس -> actor1 Military Forces of "
    "Syria",
)
# Members of a side between a mark and the side's name (folded spelling).
_MEMBERS_TAIL_RE = re.compile(
    r"\s*(?:عناصر|عنصر|مسلحين|مسلحو|مسلحي|مقاتلين|مقاتلو|مقاتلي|افراد|خلايا|خليه)"
    r"(?:\s+(?:من|حاجز|دوريه|مجموعه))?\s*$"
)
CUED_COMMON_WORD = rule(
    "mentions.head_noun_makes_a_common_word_a_place",
    "mentions",
    "A place whose name is also an ordinary word (الطبقة, الباب) stands when a head noun "
    "announces it (مدينة الطبقة); alone, the word is read as a word.",
    "اعتقلت قسد عشرة شبان في مدينة الطبقة -> an arrest at Al-Thawrah",
)
ORIGIN_IS_NOT_PLACE = rule(
    "mentions.origin_is_not_the_place",
    "mentions",
    "Where people come from, or where the attacker sits, is not where the event happened "
    "(المنحدر من, المتمركزة في, قادمين من).",
    "قتل شاب ينحدر من مدينة تلبيسة برصاص مجهولين في مدينة الرستن -> location Ar-Rastan",
)
LOCATOR_IS_NOT_PLACE = rule(
    "mentions.locator_is_not_the_place",
    "mentions",
    "A place right after another behind a direction word only says where the first one is "
    "(السويعية بريف البوكمال: the event is in as-Suwaiyah).",
    "قصفت المدفعية بلدة معبدة شرق المالكية -> al-Malikiyah only locates Maabada",
)

TRIGGER_TABLE = rule(
    "mentions.trigger_table",
    "mentions",
    "A trigger word gives its event type and sub-event type (data/triggers.tsv).",
    "قصفت المدفعية بلدة كفرنبل -> Explosions/Remote violence / Shelling/artillery/missile attack",
)


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    word_start: int
    row: ActorRow
    mark: str  # agent | target | victim | owned | of | between1/2 | source | aside | ally | ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.row.actor, self.row.assoc)


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A gazetteer mention (:class:`kashf.gazetteer.PlaceMention`) in view offsets."""

    start: int
    end: int
    mention: Any
    context: bool  # a direction/countryside word before it: describes another place
    origin: bool  # "from X": where people came from, not where it happened

    @property
    def location(self) -> str:
        return str(self.mention.location or self.mention.text)

    @property
    def scope(self) -> str:
        return str(getattr(self.mention, "scope", "point"))

    @property
    def precision(self) -> int:
        return int(self.mention.geo_precision or 3)


# --- helpers ------------------------------------------------------------------------------
# Quotation marks and brackets say nothing about roles but break the context patterns.
_QUOTES_RE = re.compile(r"[\"'«»“”„‘’()\[\]]")
_SPACES_RE = re.compile(r"\s+")
_MARK_PROCLITICS = frozenset("وبلف")


def context_before(view: str, start: int, width: int = 40) -> str:
    """The ``width`` view characters before ``start``, quotes removed, spaces collapsed."""
    return _SPACES_RE.sub(" ", _QUOTES_RE.sub(" ", view[max(0, start - width) : start])).lstrip()


def _without_adjective(before: str) -> str:
    """``before`` without a last word that is a relative adjective (عسكرية, حربي): the noun
    it describes stands right before."""
    words = before.rstrip().rsplit(" ", 1)
    if len(words) == 2 and len(words[1]) > 3 and words[1].endswith(("يه", "ي")):
        return words[0]
    return before


def ends_with_mark(before: str, marks: Sequence[str]) -> str | None:
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


def within(span: tuple[int, int], pos: int) -> bool:
    """Does the stretch ``span`` (a sentence, a clause) hold offset ``pos``?"""
    return span[0] <= pos < span[1]


def opens_its_clause(view: str, clause_start: int, word_start: int) -> bool:
    """Is the word at ``word_start`` the first after the opener of its clause (فيما قصفت,
    حيث استهدفت: the clause's own verb)?"""
    opener = cues().regex("clause_opener").match(view, clause_start)
    return opener is not None and opener.end() == word_start


def coverage(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """A byte per view character, 1 where one of ``spans`` covers it."""
    mask = bytearray(length + 1)
    for s, e in spans:
        if e > s:
            mask[s:e] = b"\x01" * (e - s)
    return mask


def covered(mask: bytearray, start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap a covered character?"""
    return end > start and mask.find(1, start, end) != -1


def _inside_brackets(view: str, pos: int) -> bool:
    """An opening bracket, not closed since, within the 80 characters before ``pos`` (only
    that window is searched: a long report must not cost a scan from its start per actor)."""
    lo = max(0, pos - 79)
    opened = max(view.rfind("(", lo, pos), view.rfind("[", lo, pos))
    closed = max(view.rfind(")", lo, pos), view.rfind("]", lo, pos))
    return opened != -1 and opened > closed


# --- actors -------------------------------------------------------------------------------
def in_new_era(view: str, hits: list[TableHit], lex: Lexicon, date: str | None) -> bool:
    """Is the report of the era after 8 December 2024? Its date says; an undated one is of
    the new era when it speaks of the fall (سقوط النظام, النظام البائد) or names more actors
    found only in that era than only before it."""
    if date is not None:
        return date >= NEW_ERA
    if not on(ERA_FROM_ACTORS):
        return False
    if cues().regex("new_era").search(view):
        return True
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


def _mark(view: str, h: TableHit, role: bool = False) -> str:
    """What the words right before an actor make of it (``role``: a role noun, such as
    ناشط, whom a speech verb before makes the speaker)."""
    c = cues()
    before = context_before(view, h.word_start)
    prefix = view[h.word_start : h.start]
    if _inside_brackets(view, h.word_start):
        return "aside"  # "(جبهة النصرة سابقا)": an apposition, not a new side
    if (
        c.regex("source").search(before + prefix.rstrip("لب"))
        or (role and not prefix and c.regex("speech").search(before))
    ) and on(SOURCE_NAMES_NO_SIDE):
        return "source"  # "مصادر مقربة من قسد", "وقال ناشط إن ...": who speaks is no side
    if c.regex("ally").search(before) and on(ALLY_IS_NO_SIDE):
        return "ally"
    if c.regex("likely_attribution").search(before + prefix) and on(LIKELY_ATTRIBUTION):
        return "agent"
    if ends_with_mark(before, c.words("agent_marks")) or (
        on(MEMBERS_AFTER_A_MARK)
        and ends_with_mark(_MEMBERS_TAIL_RE.sub("", before), c.words("agent_marks"))
    ):
        return "agent"  # "برصاص قوات النظام", "برصاص عناصر من قوات النظام"
    if c.regex("between").search(before):
        return "between1"
    if c.regex("victim").search(before):
        return "victim"
    if ends_with_mark(before, c.words("target_marks")) or prefix.endswith("علي"):
        return "target"
    if ends_with_mark(before, c.words("owned_marks")) or (
        prefix.startswith(("ل", "ول"))
        and ends_with_mark(_without_adjective(before), c.words("owned_marks"))
    ):
        return "owned"  # "حاجزاً لقسد", "سيارة عسكرية لقوات النظام"
    if prefix.startswith("ل") or prefix.startswith("ول"):
        return "of"  # "قصف مدفعي لقوات النظام": whose fire, when right after the trigger
    return ""


def resolve_actors(
    view: str, hits: list[TableHit], lex: Lexicon, date: str | None
) -> list[ActorMention]:
    """Actor hits -> rows valid on the report date (or its era); anaphors need an antecedent
    named before; each with its mark."""
    out: list[ActorMention] = []
    named: dict[str, int] = {}
    civilians = next((r for r in lex.actors if r.inter == 7 and r.kind == "role"), None)
    new_era = in_new_era(view, hits, lex, date)
    if date is None and on(ERA_FROM_ACTORS):
        date = NEW_ERA if new_era else OLD_ERA_LAST_DAY
    former = cues().regex("former")
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
        if civilians is not None and row.inter != 7 and former.match(view, h.end):
            if on(FORMER_MEMBER):
                row = civilians  # a former member is no longer that armed side
        elif row.era == "state" and new_era and on(STATE_NAME_BY_ERA):
            row = replace(row, actor=row.actor + " (2024-)")
        mark = _mark(view, h, role=row.kind == "role")
        out.append(ActorMention(h.start, h.end, h.word_start, row, mark))
    if on(MEMBERS_OF_A_NAMED_SIDE):
        out = _members_named(view, out)
    # "بين X و Y": the next actor of another name (else of another unit) is the other side.
    for i, a in enumerate(out):
        if a.mark != "between1":
            continue
        near = [
            j
            for j in range(i + 1, len(out))
            if out[j].start - a.end < 80 and out[j].mark not in ("ally", "source", "aside")
        ]
        pick = next((j for j in near if out[j].row.actor != a.row.actor), None)
        if pick is None:
            pick = next((j for j in near if out[j].row.assoc != a.row.assoc), None)
        if pick is not None:
            out[pick] = replace(out[pick], mark="between2")
    return out


# --- triggers -----------------------------------------------------------------------------
def trigger_hits(
    view: str, hits: list[TableHit], lex: Lexicon, actors: list[ActorMention]
) -> list[TableHit]:
    """Trigger hits that are event words here: not a verb with the article, not a word inside
    an actor's name (unless it is a weapon that says how: "طائرات حربية روسية")."""
    if not on(TRIGGER_TABLE):
        return []
    actor_mask = coverage(len(view), ((a.word_start, a.end) for a in actors))
    out = []
    for h in hits:
        if h.kind != "trigger":
            continue
        row = lex.triggers[h.indices[0]]
        if (
            row.role == "active"
            and "ال" in view[h.word_start : h.start].replace("لل", "ال")
            and on(VERB_TAKES_NO_ARTICLE)
        ):
            continue
        if covered(actor_mask, h.word_start, h.end) and not (
            row.group == "violence" and row.priority >= 65
        ):
            continue
        out.append(h)
    return out


def counted_hits(hits: list[TableHit]) -> list[TableHit]:
    """Hits without the person nouns that sit inside a longer actor name."""
    if not on(PERSON_INSIDE_ACTOR_NAME):
        return hits
    inner = coverage(
        max((h.end for h in hits), default=0) + 1,
        ((h.word_start + 1, h.end) for h in hits if h.kind == "actor"),
    )
    return [
        h
        for h in hits
        if not (h.kind == "count" and inner[h.word_start] and inner[max(h.end - 1, 0)])
    ]


# --- places -------------------------------------------------------------------------------
def place_refs(view: str, places: list[Any], to_view: Any, hits: list[TableHit]) -> list[PlaceRef]:
    """The gazetteer's mentions in view offsets, minus those that are really our words (an
    actor, a trigger, a counted noun) or only say "Syria"."""
    taken = coverage(len(view), ((h.word_start, h.end) for h in hits))
    direction_re, origin_re = cues().regex("direction"), cues().regex("origin")
    refs: list[PlaceRef] = []
    prev_end = -100
    for pm in places:
        s, e = to_view(pm.start), to_view(pm.end)
        if not pm.admin1 or covered(taken, s, e):
            continue
        if (
            getattr(pm, "common_word", False)
            and float(getattr(pm, "confidence", 1.0)) < 0.8
            and not (getattr(pm, "cue", "") and on(CUED_COMMON_WORD))
        ):
            continue  # an ordinary word the gazetteer took for a place without a head noun
        ws = s
        while ws > 0 and view[ws - 1].isalpha():
            ws -= 1
        before = view[max(0, ws - 30) : ws] + view[ws:s]
        direction = direction_re.search(before)
        # "وقرية البارة ومحيط بلدة بينين", "...-أطراف البارة-...": after و or a list's
        # separator, the outskirts are the list's next item.
        joined = direction is not None and (
            before[max(0, direction.start() - 1) :].startswith(("ومحيط", "واطراف"))
            or before[: direction.start()].rstrip().endswith(("-", "–", "،", ","))
        )
        context = (
            direction is not None and not joined and ws - prev_end < 30 and on(LOCATOR_IS_NOT_PLACE)
        )
        origin = bool(origin_re.search(view[max(0, ws - 40) : ws] + view[ws:s])) and on(
            ORIGIN_IS_NOT_PLACE
        )
        refs.append(PlaceRef(s, e, pm, context, origin))
        prev_end = e
    return refs
