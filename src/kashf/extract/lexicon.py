"""The extraction tables (``data/*.tsv``) and one Aho-Corasick automaton over all of them.

Text is matched in a *view*: ``kashf.text.fold``-ed, with harakat, tatweel and invisible marks
dropped and runs of white space collapsed, plus a map from view offsets back to the text. A
pattern matches at a word start, or after proclitics (و ف + ب ل ك + ال, or لل); it must end at a
word end unless it ends in ``*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

import ahocorasick

from kashf.rules import on, rule
from kashf.text import matching_view

Kind = Literal["actor", "trigger", "count"]

TRIGGER_INFLECTIONS = rule(
    "mentions.trigger_inflections",
    "mentions",
    "A one-word trigger also matches its inflections: case and number endings, verb endings "
    "and object pronouns (تفجيراً, التفجيرين, استهدفا, قُتلن, استهدفته, انتحارية).",
    "استهدفا حاجزاً للشرطة بتفجيرين في بلدة حاس -> an explosion at Has",
)

_LETTER_RE = re.compile(r"[\u0621-\u064a\u0671]")

# Proclitics, folded: conjunction, preposition, article; "لل" is ل + ال.
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
PROCLITICS: frozenset[str] = frozenset(
    c + p + a for c in _CONJ for p in _PREP for a in ("", "ال")
) | frozenset(c + "لل" for c in _CONJ)
# Before a pattern that starts with the article, the lam of "لل" is the article's: the pattern
# "الفرقه" is also stored as "لفرقه", valid only after these.
_LAM_PREFIXES: frozenset[str] = frozenset(c + "ل" for c in _CONJ)


def is_letter(ch: str) -> bool:
    return bool(_LETTER_RE.match(ch))


@dataclass(frozen=True, slots=True)
class View:
    """``text`` normalised for matching; ``pos[i]`` is the text offset of view character ``i``
    (``pos[len(text)]`` the text length)."""

    text: str
    pos: tuple[int, ...] | None  # None: identical offsets

    def to_text(self, i: int) -> int:
        return i if self.pos is None else self.pos[i]

    def to_text_end(self, i: int) -> int:
        """Text offset just after view character ``i - 1``."""
        if self.pos is None or i == 0:
            return i
        return self.pos[i - 1] + 1


# A quotation mark at a word's edge (next to a space or the text's end): `تنظيم "الدولة"`,
# `قوات «قسد»`. The view drops it so that a name quoted inside a longer name still matches.
_EDGE_QUOTE_RE = re.compile(
    r'(?:(?<=\s)|^)["«»“”„‟]+|["«»“”„‟]+(?=\s|$|[.،,؛:])'
    # a quotation mark after one proclitic letter: لـ"تركيا" (the tatweel is already dropped)
    r'|(?<=\s[لبوف])["«»“”„‟]+|(?<=^[لبوف])["«»“”„‟]+'
)
# Brackets around one word or number, "(قسد)", "(18)": dropped like quotation marks. A longer
# aside keeps its brackets: "(جبهة النصرة سابقا)" names no new side.
_BRACKETED_WORD_RE = re.compile(r"\(([^\s()]+)\)")


def make_view(text: str) -> View:
    """Fold ``text``; drop silent marks and edge quotation marks and collapse white space,
    remembering offsets."""
    view, offsets = matching_view(text)
    if _EDGE_QUOTE_RE.search(view) or _BRACKETED_WORD_RE.search(view):
        keep = [True] * len(view)
        for m in _EDGE_QUOTE_RE.finditer(view):
            keep[m.start() : m.end()] = [False] * (m.end() - m.start())
        for m in _BRACKETED_WORD_RE.finditer(view):
            keep[m.start()] = keep[m.end() - 1] = False
        base = offsets if offsets is not None else range(len(view))
        offsets = [o for o, k in zip(base, keep) if k]
        view = "".join(ch for ch, k in zip(view, keep) if k)
        view, offsets = _collapse_spaces(view, offsets)
    if offsets is None:
        return View(view, None)
    return View(view, (*offsets, len(text)))


def _collapse_spaces(view: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Runs of spaces left where a quotation mark stood alone (`" الدولة "`) become one."""
    out: list[str] = []
    pos: list[int] = []
    for ch, o in zip(view, offsets):
        if ch == " " and out and out[-1] == " ":
            continue
        out.append(ch)
        pos.append(o)
    return "".join(out), pos


def normalise_pattern(pattern: str) -> tuple[str, bool]:
    """(view form, open-ended?) of a table pattern."""
    open_end = pattern.endswith("*")
    p = pattern.rstrip("*").strip()
    view = make_view(p).text.strip()
    return view, open_end


# --- tables -------------------------------------------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of ``data/<name>`` as dicts; ``#`` lines are comments, the next line the header."""
    text = (
        resources.files("kashf.extract").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    )
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append({h: c.strip() for h, c in zip(header, cells)})
    return rows


@dataclass(frozen=True, slots=True)
class ActorRow:
    actor: str
    inter: int
    assoc: str
    valid_from: str
    valid_to: str
    kind: str  # named | nisba | force | role | anaphor | weak | not
    era: str = ""  # "state": the Syrian state's forces, named "... (2024-)" in the new era

    def valid_on(self, date: str | None) -> bool:
        if date is None:
            return not self.valid_to  # undated report: today's names
        return (not self.valid_from or date >= self.valid_from) and (
            not self.valid_to or date < self.valid_to
        )


@dataclass(frozen=True, slots=True)
class TriggerRow:
    event_type: str
    sub_event_type: str
    group: str  # violence | weakviolence | casualty | protest | riot | strategic | activity | ...
    priority: int
    role: str  # active | noun | clash | victim | none
    casualty: str  # killed | injured | arrested | ""
    retype: tuple[tuple[str, str, str], ...]  # (condition, event_type, sub_event_type)
    default_actor1: str
    default_actor2: str


@dataclass(frozen=True, slots=True)
class CountRow:
    """A number word (``number`` set) or a counted noun (``noun`` set: its grammatical number)."""

    kind: str  # number | vague | noun | unit | revision | alternative | split
    value: int  # the number; for nouns 1 (singular), 2 (dual), 0 (plural)
    role: str  # nouns: person | killed | injured | arrested; else ""


COUNT_KINDS = frozenset({"number", "vague", "noun", "unit", "revision", "alternative", "split"})
COUNT_ROLES = frozenset({"person", "killed", "injured", "arrested"})


def _parse_retype(cell: str) -> tuple[tuple[str, str, str], ...]:
    out: list[tuple[str, str, str]] = []
    for clause in filter(None, (r.strip() for r in cell.split(";"))):
        cond, _, target = clause.partition(">")
        etype, _, sub = target.partition("/")
        # Sub-event types may contain "/" themselves ("Air/drone strike"): split on the first.
        out.append((cond.strip(), etype.strip(), sub.strip()))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Entry:
    """One automaton payload: which table row a matched pattern stands for."""

    kind: Kind
    index: int
    open_end: bool
    lam_variant: bool  # stored without the article's alef, valid only after ل/ول/فل
    length: int
    inflected: bool = False  # an inflection of a one-word trigger, not a form the table lists


@dataclass(frozen=True)
class Lexicon:
    actors: tuple[ActorRow, ...]
    triggers: tuple[TriggerRow, ...]
    counts: tuple[CountRow, ...]
    automaton: ahocorasick.Automaton


def _add(table: dict[str, list[Entry]], pattern: str, kind: Kind, index: int) -> None:
    view, open_end = normalise_pattern(pattern)
    if not view:
        return
    views = [view]
    if kind != "count":
        views += _definite(view)
    for v in views:
        table.setdefault(v, []).append(Entry(kind, index, open_end, False, len(v)))
        if v.startswith("ال") and len(v) > 3:
            table.setdefault(v[1:], []).append(Entry(kind, index, open_end, True, len(v) - 1))


# A one-word trigger also matches its inflections: case, number and verb endings (تفجيرا,
# التفجيرين, استهدفا, قتلن, انتحارية), and object pronouns after a verb's ت or وا (استهدفته,
# اعتقلوهم). Not a bare pronoun after other letters: in the folded view ة is ه, so "سيطر" + ه
# would read the noun سيطرة (control), and a verbal noun with a pronoun (استهدافه, انضمامه) is
# mostly a reference back, not a telling. Forms the table lists keep their own row (قتله: one).
_SUFFIXES_AFTER_YA = ("ه", "ا", "ين", "ون", "ان", "تان", "تين")  # nisba: انتحاري -> انتحاريه
_SUFFIXES_AFTER_TA = ("تين", "تان")  # غاره -> غارتين
# No plural ات: a plural event noun (اتفاقيات, الاغتيالات, تسويات) mostly speaks of a kind of
# event in general, not of one that happened (measured on the development sets).
_SUFFIXES = ("ا", "ان", "ين", "وا", "تا", "ن", "نا")
_PRONOUNS = ("ه", "ها", "هم", "هما")


# Groups whose words steer other triggers: inflecting them reads ordinary words (وقفت: stood).
_STEERING_GROUPS = frozenset(
    {
        "negation",
        "hypothetical",
        "attempt",
        "overflight",
        "modifier",
        "suppress",
        "sense",
        "airdefence",
    }
)


def inflections(view: str) -> list[str]:
    """The inflected forms of a one-word trigger in view spelling (folded: ة is ه)."""
    if " " in view or len(view) < 3:
        return []
    if view.endswith("وا"):
        return [view[:-1] + p for p in _PRONOUNS]  # اعتقلوا -> اعتقلوهم
    if view.endswith("ا"):
        return []
    if view.endswith("ي"):
        return [view + s for s in _SUFFIXES_AFTER_YA]
    if view.endswith("ه"):
        return [view[:-1] + s for s in _SUFFIXES_AFTER_TA]
    forms = [view + s for s in _SUFFIXES]
    if view.endswith("ت") and not _common_noun(view[:-1] + "ة"):
        # استهدفت -> استهدفته; but سيطرته, نشرته, سرقتها are also a noun with a pronoun
        # (سيطرة, نشرة, سرقة): a verb whose stem is a common noun takes no pronoun here.
        forms += [view + p for p in _PRONOUNS]
    return forms


def _common_noun(word: str) -> bool:
    from wordfreq import zipf_frequency

    return bool(zipf_frequency(word, "ar") >= 3.0)


def _add_inflections(table: dict[str, list[Entry]], patterns: list[tuple[str, int]]) -> None:
    for pattern, index in patterns:
        view, open_end = normalise_pattern(pattern)
        if open_end:
            continue
        for form in inflections(view):
            if form in table:
                continue  # a form the tables list (or another trigger's inflection) keeps its row
            table[form] = [Entry("trigger", index, False, False, len(form), inflected=True)]


def _definite(view: str) -> list[str]:
    """A noun and its adjectives take the article together: the pattern "طائرات حربية روسية"
    also reads "الطائرات الحربية الروسية". (Only for phrases with no article yet; a variant
    that is not Arabic, "القوات النظام", simply never matches.)"""
    words = view.split(" ")
    if len(words) < 2 or any(w.startswith("ال") or len(w) < 2 for w in words):
        return []
    return [" ".join("ال" + w for w in words)]


# ACLED's event types and sub-event types: every trigger row must name one of these pairs.
EVENT_TYPES: dict[str, frozenset[str]] = {
    "Battles": frozenset(
        {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
    ),
    "Explosions/Remote violence": frozenset(
        {
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        }
    ),
    "Violence against civilians": frozenset(
        {"Sexual violence", "Attack", "Abduction/forced disappearance"}
    ),
    "Protests": frozenset(
        {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
    ),
    "Riots": frozenset({"Violent demonstration", "Mob violence"}),
    "Strategic developments": frozenset(
        {
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        }
    ),
}
TRIGGER_GROUPS = frozenset(
    {
        "violence", "weakviolence", "casualty", "protest", "riot", "strategic", "activity",
        "weakactivity", "looting", "disrupt", "agreement", "suppress", "modifier", "hypothetical",
        "negation", "overflight", "attempt", "sense", "raid", "airdefence",
    }
)  # fmt: skip
TRIGGER_ROLES = frozenset({"active", "noun", "clash", "victim", "none"})
ACTOR_KINDS = frozenset({"named", "nisba", "force", "role", "anaphor", "weak", "not"})
_ISO_DATE_RE = re.compile(r"^(?:\d{4}-\d{2}-\d{2})?$")
_CASUALTY_RE = re.compile(r"^(?:(?:killed|injured|arrested)(?::[12])?)?$")
_RETYPE_COND_RE = re.compile(r"^(?:a[12]=\d(?:,\d)*|a[12]none|from=.+)$")


def check_trigger_row(n: int, r: TriggerRow, patterns: str) -> None:
    """A malformed trigger row is a load error naming it (never a silently dead rule)."""
    where = f"triggers.tsv row {n} ({patterns[:30]}…)"
    if r.sub_event_type not in EVENT_TYPES.get(r.event_type, frozenset()):
        raise ValueError(f"{where}: {r.event_type} / {r.sub_event_type} is not an ACLED pair")
    if r.group not in TRIGGER_GROUPS:
        raise ValueError(f"{where}: unknown group {r.group!r}")
    if r.role not in TRIGGER_ROLES:
        raise ValueError(f"{where}: unknown role {r.role!r}")
    if not _CASUALTY_RE.match(r.casualty):
        raise ValueError(f"{where}: casualty {r.casualty!r} is not killed/injured/arrested[:1|:2]")
    subs_known = {s for subs in EVENT_TYPES.values() for s in subs}
    for cond, etype, sub in r.retype:
        full = f"{etype}/{sub}"
        if cond.startswith("from="):  # a modifier re-types these sub-events to its own type
            ok = not etype and all(x in subs_known for x in cond[5:].split(","))
        else:
            ok = any(full == f"{t}/{s}" for t, subs in EVENT_TYPES.items() for s in subs)
        if not _RETYPE_COND_RE.match(cond) or not ok:
            raise ValueError(f"{where}: retype {cond}>{full} is malformed")


def check_count_row(n: int, r: CountRow, patterns: str) -> None:
    """A malformed counts.tsv row is a load error naming it."""
    where = f"counts.tsv row {n} ({patterns[:30]}…)"
    if r.kind not in COUNT_KINDS:
        raise ValueError(f"{where}: unknown kind {r.kind!r}")
    if (r.kind == "noun") != (r.role in COUNT_ROLES) or (r.kind != "noun" and r.role):
        raise ValueError(f"{where}: role {r.role!r} does not fit kind {r.kind}")
    if r.value < 0 or (r.kind == "noun" and r.value > 2):
        raise ValueError(f"{where}: value {r.value} does not fit kind {r.kind}")


def check_actor_row(n: int, r: ActorRow) -> None:
    where = f"actors.tsv row {n} ({r.actor})"
    if r.kind not in ACTOR_KINDS:
        raise ValueError(f"{where}: unknown kind {r.kind!r}")
    if not 0 <= r.inter <= 8 or (r.inter == 0) != (r.kind == "not"):
        raise ValueError(f"{where}: inter code {r.inter} (1-8; 0 only for kind 'not')")
    if r.era not in ("", "state"):
        raise ValueError(f"{where}: unknown era {r.era!r}")
    if not (_ISO_DATE_RE.match(r.valid_from) and _ISO_DATE_RE.match(r.valid_to)):
        raise ValueError(f"{where}: valid_from/valid_to must be YYYY-MM-DD")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the tables and build the automaton once per process."""
    table: dict[str, list[Entry]] = {}
    actors: list[ActorRow] = []
    for r in _rows("actors.tsv"):
        idx = len(actors)
        actors.append(
            ActorRow(
                r["actor"],
                int(r["inter"]),
                r["assoc"],
                r["valid_from"],
                r["valid_to"],
                r["kind"] or "named",
                r["era"],
            )
        )
        check_actor_row(idx + 1, actors[-1])
        for p in r["patterns"].split("|"):
            _add(table, p, "actor", idx)
    actor_names = {a.actor for a in actors}
    triggers: list[TriggerRow] = []
    one_word: list[tuple[str, int]] = []
    for r in _rows("triggers.tsv"):
        idx = len(triggers)
        triggers.append(
            TriggerRow(
                r["event_type"],
                r["sub_event_type"],
                r["group"],
                int(r["priority"] or 0),
                r["role"] or "none",
                r["casualty"],
                _parse_retype(r["retype"]),
                r["default_actor1"],
                r["default_actor2"],
            )
        )
        check_trigger_row(idx + 1, triggers[-1], r["patterns"])
        for default in (r["default_actor1"], r["default_actor2"]):
            if default and default not in actor_names:
                raise ValueError(f"triggers.tsv row {idx + 1}: unknown default actor {default!r}")
        for p in r["patterns"].split("|"):
            _add(table, p, "trigger", idx)
            if r["group"] not in _STEERING_GROUPS:
                one_word.append((p, idx))
    counts: list[CountRow] = []
    for r in _rows("counts.tsv"):
        idx = len(counts)
        try:
            value = int(r["value"])
        except ValueError:
            raise ValueError(
                f"counts.tsv row {idx + 1}: value {r['value']!r} is no number"
            ) from None
        counts.append(CountRow(r["kind"], value, r["role"]))
        check_count_row(idx + 1, counts[-1], r["patterns"])
        for p in r["patterns"].split("|"):
            _add(table, p, "count", idx)
    _add_inflections(table, one_word)
    automaton = ahocorasick.Automaton()
    for key, entries in table.items():
        automaton.add_word(key, (key, tuple(entries)))
    automaton.make_automaton()
    return Lexicon(tuple(actors), tuple(triggers), tuple(counts), automaton)


@dataclass(frozen=True, slots=True)
class TableHit:
    """A table match in the view: ``[start, end)`` are view offsets of the pattern itself
    (proclitics excluded); ``word_start`` where the word (with its proclitics) begins."""

    kind: Kind
    indices: tuple[int, ...]  # table rows (several when rows share a surface form)
    start: int
    end: int
    word_start: int


def scan(view: str, lex: Lexicon | None = None) -> list[TableHit]:
    """All valid matches of every table in ``view``, longest-first non-overlapping per kind."""
    lex = lex or lexicon()
    inflect = on(TRIGGER_INFLECTIONS)
    n = len(view)
    found: dict[tuple[Kind, int, int, int], list[int]] = {}
    for end_idx, (_key, entries) in lex.automaton.iter(view):
        for entry in entries:
            end = end_idx + 1
            start = end - entry.length
            ws = start
            while ws > 0 and is_letter(view[ws - 1]):
                ws -= 1
            prefix = view[ws:start]
            if entry.lam_variant:
                if prefix not in _LAM_PREFIXES:
                    continue
            elif prefix and prefix not in PROCLITICS:
                continue
            if prefix.endswith("ك") and view.startswith("فر", start):
                continue  # "كفر تعال": Kafr, the commonest village-name word, is not ك + فر
            if not entry.open_end and end < n and is_letter(view[end]):
                continue
            if entry.open_end:
                # Extend to the end of the word so spans cover the whole inflected form.
                while end < n and is_letter(view[end]):
                    end += 1
            if entry.inflected and not inflect:
                continue
            rows = found.setdefault((entry.kind, start, end, ws), [])
            if entry.index not in rows:
                rows.append(entry.index)
    # Longest match wins within a kind; ties go to the earlier start.
    order = sorted(found, key=lambda k: (-(k[2] - k[3]), k[1]))
    taken: dict[str, bytearray] = {}  # per kind, a byte per view character already matched
    out: list[TableHit] = []
    for kind, start, end, ws in order:
        mask = taken.setdefault(kind, bytearray(n + 1))
        if end > ws and mask.find(1, ws, end) != -1:
            continue
        mask[ws:end] = b"\x01" * (end - ws)
        out.append(TableHit(kind, tuple(found[(kind, start, end, ws)]), start, end, ws))
    out.sort(key=lambda h: (h.start, h.kind))
    return out
