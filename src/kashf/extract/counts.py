"""Casualty counts by ACLED's rules: the lowest figure the text supports, ``عدة``/several = 3,
``عشرات``/dozens = 12, a bare plural = 3, killed / injured / arrested kept apart.

Each figure (:mod:`~kashf.extract.numbers`) or counted noun is tied to the casualty word of its
clause; :mod:`~kashf.extract.tolls` adds a sentence's figures up into its toll.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise

from kashf.extract.lexicon import CountRow, TableHit, TriggerRow
from kashf.extract.numbers import DIGITS, Quantity, find_quantities, token_at, tokens_of
from kashf.rules import on, rule

_SUBSET_WORDS = frozenset({"بينهم", "بينهما", "بينهن", "منهم", "منهن", "منهما"})
_APPROX_WORDS = frozenset(
    {
        "نحو",
        "حوالي",
        "قرابه",
        "قرابة",
        "اكثر",
        "من",
        "اقل",
        "ما",
        "يقارب",
        "زهاء",
        "الاقل",
        "علي",
        "لا",
        "يقل",
        "عن",
        "ال",
    }
)
_WINDOW = 6  # tokens between a count and the casualty word it belongs to
_CUE_WINDOW = 8  # tokens between a revision or alternative cue and its figure
_NEGATION_REACH = 4  # tokens after a negation it cancels
# Killing nouns that take their victim as the next word (مقتل فلان), and words after them that
# are no name.
_KILLING_NOUNS = frozenset({"مقتل", "اغتيال", "استشهاد", "مصرع", "تصفيه", "اعدام"})
_NOT_A_NAME = _APPROX_WORDS | frozenset(
    {"في", "الي", "بعد", "قبل", "اثر", "جراء", "خلال", "او", "ان", "انه", "كل", "جميع"}
    | {"معظم", "بعض", "اي", "عدد", "مع", "برفقه", "وسط", "داخل", "قرب", "امام"}
)

KILLED_AND_INJURED = rule(
    "counts.killed_and_injured_together",
    "counts",
    "A figure for the killed and the injured together (قتل وجرح 15, 20 قتيلاً وجريحاً, 20 بين "
    "قتيل وجريح) is not all dead: only the dead that are certain count, at most 3 (several).",
    "سقط 20 قتيلاً وجريحاً بقصف مدفعي لقوات النظام على بلدة حاس -> fatalities 3",
)
REVISED_TOLL = rule(
    "counts.revised_toll",
    "counts",
    "A toll raised or given in full (لترتفع حصيلة القتلى إلى 9) is the whole toll so far: it "
    "replaces the earlier figures of its sentence instead of adding to them.",
    "قتل ثلاثة مدنيين بقصف مدفعي لقوات النظام على بلدة حاس، لترتفع حصيلة القتلى إلى 9 -> "
    "fatalities 9",
)
LOWEST_ACCOUNT = rule(
    "counts.lowest_of_two_accounts",
    "counts",
    "When another source gives another figure (بينما تحدثت مصادر أخرى عن ...), the two are "
    "estimates of one toll and the lowest stands (ACLED).",
    "قتل عنصران على الأقل من قوات النظام بقصف على بلدة حاس، بينما تحدثت مصادر أخرى عن خمسة "
    "قتلى -> fatalities 2",
)
COORDINATED_FIGURES = rule(
    "counts.coordinated_figures_share_the_verb",
    "counts",
    "Figures joined by و before one casualty word (6 عناصر من X و3 من Y قتلوا) all belong "
    "to it, however far the first stands from it.",
    "قال المرصد إن ستة عناصر من قوات النظام المتمركزة في البادية وثلاثة عناصر من حزب الله "
    "اللبناني قتلوا بهجوم لتنظيم داعش في بادية حمص -> fatalities 9",
)
VAGUE_AFTER_VERB = rule(
    "counts.vague_figure_after_its_verb",
    "counts",
    "A vague figure (عدد كبير من, عشرات) a few words after its killing verb counts, the "
    "agent standing between them; a bare number there is a date or a unit, not a toll.",
    "قتل خلالها الثوار عدداً كبيراً من قوات النظام في بلدة حاس -> fatalities 3",
)
NEGATED_TOLL = rule(
    "counts.negated_toll",
    "counts",
    "A toll under a negation (دون سقوط ضحايا, لم يسفر عن قتلى) counts no one.",
    "استهدفت قوات النظام حاجزاً لقسد في بلدة حاس بقذيفة دون سقوط ضحايا -> fatalities 0",
)
DATE_BETWEEN = rule(
    "counts.date_between_verb_and_victim",
    "counts",
    "A date between a casualty verb and the noun it counts (استشهد اليوم الأحد طفل) leaves "
    "the noun its argument.",
    "استشهد صباح اليوم طفل بانفجار لغم من مخلفات الحرب في بلدة حاس -> fatalities 1",
)
AGENT_BETWEEN = rule(
    "counts.agent_between_verb_and_victim",
    "counts",
    "The agent between a killing verb and its victim (قتل مسلحون مجهولون شاباً: verb, subject, "
    "object) leaves the victim the verb's argument.",
    "قتلت قوات النظام شاباً برصاص قناص في مدينة درعا -> fatalities 1",
)
RANGE_LOWEST = rule(
    "counts.range_gives_its_lowest",
    "counts",
    "A range of figures (بين 10 و15, 10 أو 15, 10-15) gives its lowest (ACLED: the lowest "
    "figure the reports support).",
    "قتل بين 8 و12 مدنياً بغارات جوية روسية على مدينة أريحا -> fatalities 8",
)
NAMED_VICTIM = rule(
    "counts.named_victim_is_one",
    "counts",
    "A killing noun followed by a person's name, no figure and no counted noun (مقتل خالد "
    "...), reports one dead.",
    "أفادت مصادر محلية بمقتل سامر العبد الله برصاص مجهولين في مدينة درعا -> fatalities 1",
)
NUMBER_AFTER_ITS_NOUN = rule(
    "counts.number_after_its_noun",
    "counts",
    "A number word right after a noun belongs to it: one or two restate a singular or dual or "
    "count no one (عنصر واحد, عائلة واحدة), any number counts a plural (مدنيين اثنين: 2).",
    "قال الأهالي إن ثلاثة أطفال من عائلة واحدة قتلوا بقصف مدفعي لقوات النظام على بلدة حاس "
    "-> fatalities 3",
)
NOUN_COUNTS_ITSELF = rule(
    "counts.casualty_noun_counts_itself",
    "counts",
    "A casualty noun that is the sentence's killing word too (سقط قتلى, سقوط ضحايا) counts "
    "its own persons: a bare plural is 3.",
    "سقط قتلى بقصف مدفعي لقوات النظام على بلدة حاس -> fatalities 3",
)


@dataclass(frozen=True, slots=True)
class CountMention:
    """A figure for one casualty kind at view offsets ``[start, end)``."""

    start: int
    end: int
    value: int
    kind: str  # killed | injured | arrested
    implicit: bool  # from a pronoun (مقتله) or a bare plural, used only when nothing better
    guess: bool = False  # not a number the text gives: a bare plural (قتلى) or a vague word
    total: bool = False  # a revised or full toll (ارتفعت الحصيلة إلى 9): replaces, never adds
    alternative: bool = False  # another source's estimate (مصادر أخرى): the lowest stands
    rule: str = ""  # the named rule that made this figure, when one did (for a record's why)


def find_counts(
    view: str,
    hits: list[TableHit],
    count_rows: tuple[CountRow, ...],
    trigger_rows: tuple[TriggerRow, ...],
    clauses: list[tuple[int, int]],
    busy: list[tuple[int, int]],
) -> list[CountMention]:
    """Casualty figures, each tied to the killed/injured/arrested word of its clause."""
    tokens = tokens_of(view)
    quantities = find_quantities(view, hits, count_rows, busy)
    nouns = [
        h for h in hits if h.kind == "count" and count_rows[h.indices[0]].kind in ("noun", "unit")
    ]
    casualty = [
        (h, trigger_rows[h.indices[0]].casualty)
        for h in hits
        if h.kind == "trigger" and trigger_rows[h.indices[0]].casualty
    ]
    cues: dict[str, list[TableHit]] = {"revision": [], "alternative": [], "split": []}
    for h in hits:
        if h.kind == "count" and count_rows[h.indices[0]].kind in cues:
            cues[count_rows[h.indices[0]].kind].append(h)
    cue_ends = {name: [h.end for h in found] for name, found in cues.items()}
    cue_starts = {name: [h.start for h in found] for name, found in cues.items()}

    dated_at = _mask(busy, len(view))

    # Sorted positions for bisection: every lookup below stays local, so a long report costs
    # linear time, not (figures x words).
    clause_starts = [c[0] for c in clauses]
    noun_starts = [h.word_start for h in nouns]
    casualty_starts = [h.start for h, _ in casualty]

    def clause_of(pos: int) -> tuple[int, int]:
        i = bisect_right(clause_starts, pos) - 1
        if i >= 0 and pos < clauses[i][1]:
            return clauses[i]
        return (0, len(view))

    def noun_after(end: int) -> TableHit | None:
        ti = token_at(tokens, end)
        k = bisect_left(noun_starts, end)
        if k == len(nouns):
            return None
        h = nouns[k]
        between = tokens[ti : token_at(tokens, h.word_start)]
        return h if all(t[2] in ("من",) for t in between) else None

    figure_ends = sorted([q.end for q in quantities] + [h.end for h in nouns])

    def counted_before(pos: int) -> bool:
        """A figure or counted noun ends in the two tokens before ``pos``."""
        ti = token_at(tokens, pos)
        hi = bisect_right(figure_ends, pos)
        return any(
            0 < ti - token_at(tokens, e - 1) <= 2
            for e in reversed(figure_ends[max(0, hi - 8) : hi])
        )

    def trigger_for(start: int, end: int, reach: int = 0) -> tuple[TableHit, str, bool] | None:
        """The casualty word a figure at [start, end) belongs to, and whether it is combined
        (قتل وجرح 15: killed and injured together). A casualty word after the figure is looked
        for from ``reach``, the end of the figures coordinated with it."""
        c0, c1 = clause_of(start)
        ti0, ti1 = token_at(tokens, start), token_at(tokens, max(end, reach))
        near = casualty[bisect_left(casualty_starts, c0) : bisect_left(casualty_starts, c1)]
        before = [(h, k) for h, k in near if c0 <= h.start and h.end <= start]
        after = [(h, k) for h, k in near if h.start >= end and h.end <= c1]
        if before:
            h, k = before[-1]
            if ti0 - token_at(tokens, h.end) <= _WINDOW:
                combined = (
                    len(before) >= 2
                    and before[-2][1].split(":")[0] != k.split(":")[0]
                    and view[before[-2][0].end : h.word_start].strip() in ("", "و")
                    and view[h.word_start : h.start] in ("و", "")
                    # "عنصراً قتل وأصيب اثنان": the dead were counted before; this figure
                    # is the injured only
                    and not counted_before(before[-2][0].word_start)
                    and on(KILLED_AND_INJURED)
                )
                return h, k, combined
        if after:
            h, k = after[0]
            if token_at(tokens, h.start) - ti1 <= _WINDOW:
                return h, k, False
        return None

    def cue_before(name: str, pos: int, in_clause: bool = True) -> TableHit | None:
        """The ``name`` cue (revision, alternative) a few words before ``pos`` (in its clause
        with ``in_clause``)."""
        ti, c0 = token_at(tokens, pos), clause_of(pos)[0] if in_clause else 0
        i = bisect_right(cue_ends[name], pos) - 1
        if i < 0:
            return None
        h = cues[name][i]
        near = ti - token_at(tokens, h.end - 1) <= _CUE_WINDOW
        return h if near and h.start >= c0 else None

    def revised_kind(cue: TableHit, q: Quantity, noun: TableHit | None) -> str | None:
        """The kind a revision cue gives the figure ``q`` after it ("... إلى 9"), or None when
        ``q`` is not the revised toll."""
        tq = token_at(tokens, q.start)
        if not (tokens[tq - 1][2] == "الي" or tq - token_at(tokens, cue.end - 1) <= 3):
            return None
        if noun is not None and count_rows[noun.indices[0]].role in ("killed", "injured"):
            return count_rows[noun.indices[0]].role
        k = bisect_left(casualty_starts, cue.end)
        named = k < len(casualty) and casualty[k][0].end <= q.start
        return casualty[k][1].split(":")[0] if named else "killed"  # حصيلة alone: the dead

    def pair_after(noun: TableHit) -> TableHit | None:
        """The noun of the other kind joined to ``noun`` (قتيلاً وجريحاً)."""
        role = count_rows[noun.indices[0]].role
        k = bisect_left(noun_starts, noun.end)
        if k == len(nouns) or role not in ("killed", "injured"):
            return None
        nxt = nouns[k]
        other = count_rows[nxt.indices[0]].role
        joined = view[noun.end : nxt.start].strip() == "و"
        return nxt if joined and other in ("killed", "injured") and other != role else None

    def split_after(end: int) -> bool:
        """A split (بين قتيل وجريح) a few words after a figure: its people killed or injured."""
        ti, clause = token_at(tokens, end), clause_of(end)
        k = bisect_left(cue_starts["split"], end)
        if k == len(cues["split"]):
            return False
        h = cues["split"][k]
        return h.start < clause[1] and token_at(tokens, h.start) - ti <= 4

    # Figures joined by و share a casualty word after the last of them (COORDINATED_FIGURES):
    # each figure (a number with its noun, or a counted noun alone) reaches to the end of the
    # figures coordinated after it.
    figures: list[tuple[int, int]] = []
    counted: set[int] = set()
    for q in quantities:
        noun = noun_after(q.end)
        if noun is not None:
            counted.add(noun.start)
        figures.append((q.start, noun.end if noun is not None else q.end))
    figures += [
        (h.start, h.end)
        for h in nouns
        if h.start not in counted and count_rows[h.indices[0]].kind == "noun"
    ]
    figures.sort()
    reach = {f[0]: f[1] for f in figures}
    for (s0, e0), (s1, _e1) in reversed(list(pairwise(figures))):  # last pair first
        gap = tokens[token_at(tokens, e0) : token_at(tokens, s1)]
        joined = bool(gap and gap[-1][2] == "و") or view[s1 - 1 : s1] == "و"
        if (
            joined
            and len(gap) <= _CUE_WINDOW
            and clause_of(s0) == clause_of(s1)
            and bisect_left(casualty_starts, e0) == bisect_left(casualty_starts, s1)
            and on(COORDINATED_FIGURES)
        ):
            reach[s0] = reach[s1]

    noun_ends = {h.end: count_rows[h.indices[0]] for h in nouns}
    agent_at = _mask([(h.word_start, h.end) for h in hits if h.kind == "actor"], len(view))

    def noun_before(q: Quantity) -> CountRow | None:
        """The counted noun a number word directly follows (NUMBER_AFTER_ITS_NOUN)."""
        ti = token_at(tokens, q.start)
        if ti == 0 or view[q.start].translate(DIGITS).isdigit() or not on(NUMBER_AFTER_ITS_NOUN):
            return None
        if view[tokens[ti - 1][1] : q.start].strip():
            return None
        return noun_ends.get(tokens[ti - 1][1])

    def adjective(q: Quantity) -> bool:
        """One or two right after a noun that already says as much (عنصر واحد) or counts no
        one (عائلة واحدة): an adjective."""
        noun = noun_before(q)
        return noun is not None and q.value <= 2 and (noun.value == q.value or noun.kind == "unit")

    # The lower end of a range (بين 10 و15) stands for it, counting the noun after the upper end
    # (RANGE_LOWEST).
    upper: dict[int, Quantity] = {}
    for q, q2 in pairwise(quantities) if on(RANGE_LOWEST) else ():
        ti = token_at(tokens, q.start)
        sep = view[q.end : q2.start].strip()
        from_to = sep == "و" and ti > 0 and tokens[ti - 1][2] == "بين"
        if (from_to or sep in ("او", "-", "–")) and q.value < q2.value:
            upper[q.start] = q2
    uppers = {q2.start for q2 in upper.values()}

    out: list[CountMention] = []

    def combined_figure(start: int, end: int, value: int) -> CountMention:
        """Killed and injured together (KILLED_AND_INJURED): only the certain dead, at most 3."""
        return CountMention(
            start, end, min(value, 3), "killed", True, True, rule=KILLED_AND_INJURED
        )

    def joined_after(q: Quantity) -> CountMention | None:
        """The figure of the clause that ``q`` is joined to by و (COORDINATED_FIGURES)."""
        if not out or not on(COORDINATED_FIGURES):
            return None
        prev = out[-1]
        gap = tokens[token_at(tokens, prev.end) : token_at(tokens, q.start)]
        joined = bool(gap and gap[-1][2] == "و") or view[q.start - 1 : q.start] == "و"
        return (
            prev
            if joined
            and len(gap) <= _CUE_WINDOW
            and clause_of(prev.start) == clause_of(q.start)
            and bisect_left(casualty_starts, prev.end) == bisect_left(casualty_starts, q.start)
            else None
        )

    used_nouns: set[int] = set()
    for q in quantities:
        if adjective(q) or q.start in uppers:
            continue
        ti = token_at(tokens, q.start)
        prev_words = {tokens[k][2] for k in range(max(0, ti - 2), ti)}
        if prev_words & _SUBSET_WORDS and not (ti > 0 and tokens[ti - 1][2] in _APPROX_WORDS):
            continue
        noun = noun_after(upper[q.start].end if q.start in upper else q.end)
        kind = ""
        if noun is not None:
            nrow = count_rows[noun.indices[0]]
            if nrow.kind == "unit":
                continue
            used_nouns.add(noun.start)
            kind = nrow.role if nrow.role in ("killed", "injured", "arrested") else ""
        end = noun.end if noun is not None else q.end
        revision = cue_before("revision", q.start) if on(REVISED_TOLL) else None
        revised = revised_kind(revision, q, noun) if revision is not None else None
        if revised is not None:
            out.append(
                CountMention(
                    q.start, end, q.value, revised, q.vague, q.vague, True, rule=REVISED_TOLL
                )
            )
            continue
        pair = pair_after(noun) if noun is not None else None
        if on(KILLED_AND_INJURED) and (pair is not None or split_after(end)):
            if pair is not None:
                used_nouns.add(pair.start)
            out.append(combined_figure(q.start, end, q.value))
            continue
        found = trigger_for(q.start, end, reach[q.start])
        if found is None and not kind and (before := joined_after(q)) is not None:
            # "قتل خمسة عناصر من X وثلاثة من Y": the figure before tells what this one counts
            out.append(
                CountMention(
                    q.start, end, q.value, before.kind, q.vague, q.vague, rule=COORDINATED_FIGURES
                )
            )
            continue
        if not kind:
            if found is None:
                continue
            trig, k, combined = found
            kind = k.split(":")[0]
            if (
                noun is None
                and trig.end < q.start
                and token_at(tokens, q.start) - token_at(tokens, trig.end) > 1
                and not (q.vague and on(VAGUE_AFTER_VERB))
                and noun_before(q) is None  # "مدنيين اثنين": the plural's count
            ):
                continue  # a bare number far from its casualty word: a date, a unit number...
            if combined:
                out.append(combined_figure(q.start, end, q.value))
                continue
        rule_name = RANGE_LOWEST if q.start in upper else ""
        out.append(CountMention(q.start, end, q.value, kind, q.vague, q.vague, rule=rule_name))
    # Counted nouns without a figure: singular 1, dual 2, bare plural 3 ("several").
    by_end = sorted((c.end, i) for i, c in enumerate(out))  # the figures so far, by end

    def add(c: CountMention) -> None:
        insort(by_end, (c.end, len(out)))
        out.append(c)

    for h in nouns:
        row = count_rows[h.indices[0]]
        if row.kind != "noun" or h.start in used_nouns or "ال" in view[h.word_start : h.start]:
            continue
        ti = token_at(tokens, h.start)
        if ti > 0 and tokens[ti - 1][2] in _SUBSET_WORDS:
            continue
        kind = row.role if row.role in ("killed", "injured", "arrested") else ""
        found = trigger_for(h.start, h.end, reach.get(h.start, 0))
        indefinite = not view.startswith("ال", h.start)
        if (
            found is None
            and kind in ("killed", "injured")
            and indefinite
            and on(NOUN_COUNTS_ITSELF)
        ):
            # "سقط قتلى": the noun is the casualty word itself
            ci = bisect_right(casualty_starts, h.start) - 1
            if ci >= 0 and h.start < casualty[ci][0].end and casualty[ci][1] == kind:
                found = (casualty[ci][0], kind, False)
        after_and = view[h.word_start : h.start].startswith("و")
        if found is None and after_and and on(COORDINATED_FIGURES):
            # "مقتل المسن فلان، والطفلة فلانة": joined to a figure of the clause before
            oi = bisect_right(by_end, (h.start, len(out))) - 1
            last = out[by_end[oi][1]] if oi >= 0 else None
            joined_to = last if last and 0 < ti - token_at(tokens, last.end) <= 5 else None
            if joined_to is not None:
                value = row.value or 3
                add(CountMention(h.start, h.end, value, joined_to.kind, row.value == 0))
                continue
        if found is None:
            continue
        trig, k, combined = found
        # The noun must be the casualty word's own argument: right next to it.
        if trig.end <= h.start:
            # ... or coordinated with a figure already tied to it (مقتل عنصر من X وعنصرين من Y).
            joined = after_and and any(
                c.kind == k.split(":")[0]
                and c.start >= trig.end
                and 0 < ti - token_at(tokens, c.end) <= 5
                for c in out
            )
            between = tokens[token_at(tokens, trig.end) : ti]
            dated = on(DATE_BETWEEN) and all(dated_at[t[0]] for t in between)
            agent = on(AGENT_BETWEEN) and all(agent_at[t[0]] for t in between)
            if ti - token_at(tokens, trig.end) > 1 and not (joined or dated or agent):
                continue
        elif token_at(tokens, trig.start) - ti > 4:
            continue
        kind = kind or k.split(":")[0]
        value = row.value or 3
        if combined:
            add(combined_figure(h.start, h.end, value))
            continue
        add(CountMention(h.start, h.end, value, kind, row.value == 0, row.value == 0))
    # Pronoun-bearing casualty words name their persons: one (مقتله, إصابته), two (مقتلهما).
    for h, k in casualty:
        kind, _, persons = k.partition(":")
        if persons:
            out.append(CountMention(h.start, h.end, int(persons), kind, True))
    if on(NAMED_VICTIM):
        out += _named_victims(view, tokens, hits, casualty)
    if on(NEGATED_TOLL):
        out = _not_negated(out, tokens, hits, trigger_rows, clause_of)
    if on(LOWEST_ACCOUNT):
        out = [
            replace(c, alternative=True) if cue_before("alternative", c.start, False) else c
            for c in out
        ]
    out.sort(key=lambda c: c.start)
    return _drop_restatements(view, tokens, out)


def _mask(spans: list[tuple[int, int]], n: int) -> bytearray:
    """A byte per view character (``n`` of them): 1 inside one of ``spans``."""
    m = bytearray(n + 1)
    for a, b in spans:
        m[a:b] = b"\x01" * (b - a)
    return m


def _named_victims(
    view: str,
    tokens: list[tuple[int, int, str]],
    hits: list[TableHit],
    casualty: list[tuple[TableHit, str]],
) -> list[CountMention]:
    """A killing noun and then a name (مقتل خالد ...): one dead each (NAMED_VICTIM), implicit,
    so that any figure the sentence gives wins."""
    taken = _mask([(h.word_start, h.end) for h in hits], len(view))
    out: list[CountMention] = []
    for h, k in casualty:
        ti = token_at(tokens, h.end)
        killing = view[h.start : h.end].lstrip("وفبل") in _KILLING_NOUNS
        if k != "killed" or not killing or ti >= len(tokens):
            continue
        t0, t1, word = tokens[ti]
        if (
            view[h.end : t0].strip()  # punctuation between: no name follows
            or not word.isalpha()
            or word.startswith("ال")
            or word in _NOT_A_NAME
            or taken[t0]
            or len(word) < 3
        ):
            continue
        out.append(CountMention(h.start, t1, 1, "killed", True, rule=NAMED_VICTIM))
    return out


def _not_negated(
    counts: list[CountMention],
    tokens: list[tuple[int, int, str]],
    hits: list[TableHit],
    trigger_rows: tuple[TriggerRow, ...],
    clause_of: Callable[[int], tuple[int, int]],
) -> list[CountMention]:
    """The figures no negation a few words before them cancels (NEGATED_TOLL: دون سقوط ضحايا)."""
    negations = sorted(
        h.end
        for h in hits
        if h.kind == "trigger" and trigger_rows[h.indices[0]].group == "negation"
    )

    def negated(c: CountMention) -> bool:
        i = bisect_right(negations, c.start) - 1
        return (
            i >= 0
            and clause_of(negations[i] - 1) == clause_of(c.start)
            and token_at(tokens, c.start) - token_at(tokens, negations[i] - 1) <= _NEGATION_REACH
        )

    return [c for c in counts if not negated(c)]


def _drop_restatements(
    view: str, tokens: list[tuple[int, int, str]], counts: list[CountMention]
) -> list[CountMention]:
    """One person named twice is one: a counted noun right after another of the same kind and
    number ("الشاب المدني", "مدنيان آخران": noun and adjective), or an apposition with
    أحد/إحدى ("المدعو فلان، أحد عناصر ..."), not joined by و, restates the figure before it
    instead of adding to it."""
    out: list[CountMention] = []
    for c in counts:
        prev = next((o for o in reversed(out) if o.kind == c.kind and o.end <= c.start), None)
        word = tokens[min(token_at(tokens, c.start), len(tokens) - 1)]
        joined = word[0] < c.start and word[2].startswith("و")  # "وعنصرين": another figure
        if prev is not None and not joined:
            gap = view[prev.end : c.start]
            same = (c.value <= 1 and prev.value <= 1) or c.value == prev.value == 2
            adjacent = not gap.strip() and same  # مدني آخر, مدنيان آخران
            appositive = (
                view.startswith(("احد", "احدي"), c.start)
                and c.value == 1
                and "و" not in gap.split()
                and not any(w.startswith("و") for w in gap.split())
                and 0 < token_at(tokens, c.start) - token_at(tokens, prev.end - 1) <= 6
            )
            if adjacent or appositive:
                continue
        out.append(c)
    return out
