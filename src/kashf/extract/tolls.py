"""A toll from figures: a sentence's figures added up by ACLED's rules (distinct figures add,
a guess only when nothing is given, a revised toll replaces, another account can only lower),
and which figure wins when two mentions of one event meet."""

from __future__ import annotations

from kashf.extract.counts import LOWEST_ACCOUNT, CountMention
from kashf.rules import rule

TOWN_TOLL = rule(
    "counts.town_toll_beats_area_toll",
    "counts",
    "When a mention at a town joins an event told for a wider area (a governorate, a "
    "countryside), the town's own figure is the event's: the area's may count other places.",
    "قتل ثمانية مدنيين بقصف لقوات النظام على ريف إدلب الجنوبي. وأسفر القصف على بلدة كفرنبل "
    "عن مقتل ثلاثة مدنيين -> fatalities 3 at Kafr Nobol",
)


def total_is_given(counts: list[CountMention], kind: str) -> bool:
    """Is the :func:`sentence_totals` figure for ``kind`` a number the text gives (not a guess
    from a bare plural or a vague word)?"""
    of_kind = [c for c in counts if c.kind == kind]
    if any(not c.implicit for c in of_kind):
        return True
    top = max((c.value for c in of_kind), default=0)
    return any(c.value == top and not c.guess for c in of_kind)


def sentence_totals(counts: list[CountMention]) -> dict[str, int]:
    """Figures of one sentence: distinct figures add up (1 of X and 2 of Y = 3); implicit ones
    (pronouns, bare plurals) count only when the sentence gives nothing explicit for that kind;
    a revised toll is the whole toll; another source's estimate can only lower it."""
    totals: dict[str, int] = {}
    for kind in ("killed", "injured", "arrested"):
        of_kind = [c for c in counts if c.kind == kind]
        if not of_kind:
            continue
        told = [c for c in of_kind if not c.alternative]
        estimates = [c.value for c in of_kind if c.alternative] if told else []
        told = told or of_kind  # only "another source" gives a figure: it is the toll
        explicit = [c.value for c in told if not c.implicit and not c.total]
        implicit = [c.value for c in told if c.implicit and not c.total]
        value = sum(explicit) if explicit else max(implicit, default=0)
        value = max([value] + [c.value for c in told if c.total])
        totals[kind] = min([value, *estimates])
    return totals


def toll_rule(counts: list[CountMention]) -> str:
    """The named rule that decided the sentence's dead, when one figure's rule did (a revised
    toll, another account's lower figure, killed and injured together ...); "" for plain sums."""
    killed = [c for c in counts if c.kind == "killed"]
    value = sentence_totals(counts).get("killed")
    if any(c.alternative for c in killed) and any(not c.alternative for c in killed):
        return LOWEST_ACCOUNT
    return next((c.rule for c in killed if c.rule and c.value == value), "")
