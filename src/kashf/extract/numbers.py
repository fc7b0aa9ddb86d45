"""Figures in a report's matching view: digits (Eastern Arabic too, thousands grouped) and
number words composed from ``data/counts.tsv`` (ثلاثة عشر, خمس وعشرون, مئتي).

pyarabic.number (0.6) was measured for number words: it reads ``ثلاثة عشر`` and ``أربع وعشرين``
but gives 0 for duals (``عنصرين``) and vague quantities (``عشرات``) and needs a token list, so
number words come from ``data/counts.tsv`` through the one automaton and are composed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kashf.extract.lexicon import CountRow, TableHit

# Eastern Arabic and Persian digits, and the Arabic thousands and decimal separators.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬٫", "01234567890123456789,.")
# A figure in digits, thousands grouped or not (1,200), not part of a date or a decimal.
_NUMBER_RE = re.compile(r"(?<![\d/.\-,])(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?![\d/]|[.,]\d)")
WORD_RE = re.compile(r"[\u0621-\u064a\u0671]+|\d+(?:[.,]\d+)*")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure at view offsets ``[start, end)``; ``vague``: a word like عدة or عشرات."""

    start: int
    end: int
    value: int
    vague: bool


def tokens_of(view: str) -> list[tuple[int, int, str]]:
    """Words and digit runs of ``view``: (start, end, text)."""
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(view)]


def token_at(tokens: list[tuple[int, int, str]], pos: int) -> int:
    """Index of the first token ending after ``pos``."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid][1] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def find_quantities(
    view: str, hits: list[TableHit], rows: tuple[CountRow, ...], busy: list[tuple[int, int]]
) -> list[Quantity]:
    """Digits and number words (composed: ثلاثة عشر, خمس وعشرون), outside ``busy`` spans."""
    digits = view.translate(DIGITS)
    out: list[Quantity] = []
    for m in _NUMBER_RE.finditer(digits):
        if any(s <= m.start() < e for s, e in busy):
            continue
        out.append(Quantity(m.start(), m.end(), int(m.group().replace(",", "")), False))
    words = [
        h for h in hits if h.kind == "count" and rows[h.indices[0]].kind in ("number", "vague")
    ]
    i = 0
    while i < len(words):
        h = words[i]
        row = rows[h.indices[0]]
        if row.kind == "number" and "ال" in view[h.word_start : h.start]:
            i += 1  # الأحد (Sunday), الثلاثة: not a count (العشرات, المئات are)
            continue
        value, start, end = row.value, h.start, h.end
        j = i + 1
        while row.kind == "number" and j < len(words):
            nxt = words[j]
            nrow = rows[nxt.indices[0]]
            gap = view[end : nxt.word_start].strip()
            joiner = view[nxt.word_start : nxt.start]
            if nrow.kind != "number" or gap or joiner not in ("", "و"):
                break
            if nrow.value == 10 and value < 10 and not joiner:
                value += 10
            elif nrow.value in (100, 1000) and value < 10 and not joiner:
                value *= nrow.value
            elif joiner == "و" or nrow.value > value:
                value += nrow.value
            else:
                break
            end = nxt.end
            j += 1
        out.append(Quantity(start, end, value, row.kind == "vague"))
        i = j
    out.sort(key=lambda q: q.start)
    return out
