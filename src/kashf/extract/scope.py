"""Scope: which of the places (and dates) around a trigger are the event's.

The trigger's clause is looked at first, then its sentence, then the last place named before,
then the report's lead; within one scope the first list of places that is neither a mere
locator nor an origin is the event's, one event per place of the list.
"""

from __future__ import annotations

import re

from kashf.extract.cues import cues
from kashf.extract.mentions import PlaceRef
from kashf.rules import on, rule

PLACE_CLAUSE = rule(
    "places.clause",
    "places",
    "An event's place is first looked for in its trigger's own clause.",
    "اشتبك مقاتلون قرب مورك، فيما قصفت المدفعية بلدة اللطامنة -> the shelling at Latmana",
)
PLACE_SENTENCE = rule(
    "places.sentence",
    "places",
    "With no place in its clause, an event's place is in its sentence.",
    "اعتقلت قوات النظام شاباً في بلدة حاس. وسقطت قذائف، ما أدى إلى أضرار في بلدة كفرنبل -> "
    "the shelling at Kafr Nobol",
)
PLACE_PREVIOUS = rule(
    "places.previous_sentence",
    "places",
    "With no place in its sentence, an event happened at the last place named before.",
    "اعتقلت قوات النظام شاباً في بلدة حاس. ودارت اشتباكات بين قسد وقوات النظام في بلدة "
    "كفرنبل. وأصيب مدنيون بقصف مدفعي -> the shelling at Kafr Nobol",
)
PLACE_LEAD = rule(
    "places.lead",
    "places",
    "With no place named before it, an event happened at the report's first place.",
    "قتل مدني برصاص قناص صباح اليوم. وتشهد مدينة تل رفعت توتراً منذ أيام -> location Tall Refaat",
)
GOVERNORATE_GIVES_WAY = rule(
    "places.governorate_gives_way_to_a_town_in_it",
    "places",
    "A governorate named alone gives way to a finer place inside it named in the same scope.",
    "في محافظة درعا قصفت المدفعية بلدة الكرك -> location Al-Karak",
)
LIST_HOLDS_UNKNOWN = rule(
    "places.list_holds_an_unknown_member",
    "places",
    "A list of places separated by dashes or commas goes on past one name the gazetteer lacks "
    "(شنان-زعترينة-الفوعة): the places after it are members too.",
    "قصفت قوات النظام بالمدفعية قرى شنان-زعترينة-الفوعة -> shellings at Shinan and at Foah",
)
# One word between two list separators: a member the gazetteer does not know.
_UNKNOWN_MEMBER_RE = re.compile(r"\s*[-–،,]\s*[\u0621-\u064a]{3,}\s*[-–،,]\s*$")
LIST_GOES_ON = rule(
    "places.list_goes_on_past_a_locator",
    "places",
    "A list of places goes on past its locator with a conjunction (… شرقي الرقة إضافة إلى …).",
    "قصفت الطائرات قرية الكرامة شرقي الرقة إضافة إلى قرية حمرة بلاسم -> two events",
)


def pick_places(view: str, refs: list[PlaceRef]) -> list[PlaceRef]:
    """The event's places among ``refs`` (one scope): the first list of places not merely
    describing another place; "بين X و Y" (a road between) keeps X only. [] when every place in
    the scope is an origin or a description (the caller then widens the scope)."""
    if not refs:
        return []
    list_gap = cues().regex("list_gap")
    groups: list[list[PlaceRef]] = []
    for r in refs:
        if (
            groups
            and (
                list_gap.match(view[groups[-1][-1].end : r.start])
                or (
                    _UNKNOWN_MEMBER_RE.match(view[groups[-1][-1].end : r.start])
                    and on(LIST_HOLDS_UNKNOWN)
                )
            )
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
    # Not to a place elsewhere: "انسحب من السويداء ... استهدف دمشق".
    fine = [
        g for g in good if g[0].precision < 3 and g[0].mention.admin1 == good[0][0].mention.admin1
    ]
    if fine and good[0][0].precision == 3 and on(GOVERNORATE_GIVES_WAY):
        chosen = fine[0]
    else:
        chosen = good[0]
    if on(LIST_GOES_ON):
        chosen = chosen + _continued(view, groups, groups.index(chosen))
    ws = chosen[0].start
    while ws > 0 and view[ws - 1].isalpha():
        ws -= 1
    if cues().regex("road_between").search(view[max(0, ws - 24) : ws]):
        chosen = chosen[:1]
    out: list[PlaceRef] = []
    seen: set[str] = set()
    for r in chosen:
        if r.location not in seen:
            seen.add(r.location)
            out.append(r)
    return out


def _continued(view: str, groups: list[list[PlaceRef]], i: int) -> list[PlaceRef]:
    """Lists that go on after group ``i`` with a conjunction: their places too, skipping the
    locators between them."""
    more: list[PlaceRef] = []
    prev = groups[i][-1]
    list_more = cues().regex("list_more")
    for g in groups[i + 1 :]:
        if g[0].origin:
            break
        gap = view[prev.end : g[0].start]
        if g[0].context:
            if len(gap.split()) > 2:  # "غربي الرقة" right after the list, "بريف حلب" ...
                break
            prev = g[-1]  # "شرقي الرقة": locates the list before it; the list may go on
            continue
        joined = bool(list_more.match(gap)) or (
            view.startswith("و", g[0].start) and not gap.strip(" ،,")
        )
        if not joined:
            break
        more.extend(g)
        prev = g[-1]
    return more
