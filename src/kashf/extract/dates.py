"""Dates: the report date plus what the text says (``أمس``, ``فجر اليوم``, ``الاثنين``,
``12 آذار 2023``, ``2023/3/12``) -> an ISO event date and ACLED ``time_precision``
(1 day, 2 week, 3 month).

dateparser (1.5, ``languages=['ar']``) was measured first: it reads ``أمس``, ``اليوم``,
``الاثنين`` and ``2023/3/12``, but not Levantine months (``12 آذار 2023``, ``11 أيار``),
``فجر اليوم``, ``يوم الاثنين`` or ``الأحد الماضي``, and its ``search_dates`` turned
``السبت 11 أيار`` into 15 November; it also costs ~0.14 s to import. Everything it got right is a
one-line rule over ``data/dates.tsv``, so the rules below are hand-written and need no import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kashf.extract.lexicon import _rows, make_view

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase at view offsets ``[start, end)`` resolved to ``iso`` (None when it needs a
    report date that is unknown). ``strength``: 3 explicit date, 2 relative day, 1 weekday,
    0 a vaguer period."""

    start: int
    end: int
    iso: str | None
    precision: int
    strength: int


@dataclass(frozen=True, slots=True)
class ReportDate:
    day: dt.date | None  # the report's day, when known to the day
    year: int | None
    iso: str | None  # as given, normalised (YYYY-MM-DD, YYYY-MM or YYYY)


def parse_report_date(value: Any) -> ReportDate:
    """Accept ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` strings, ``date`` or ``datetime``; else raise."""
    if value is None or value == "":
        return ReportDate(None, None, None)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return ReportDate(value, value.year, value.isoformat())
    if isinstance(value, str):
        s = value.strip()[:10]
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s)
        if m:
            y = int(m.group(1))
            if m.group(3):
                d = dt.date(y, int(m.group(2)), int(m.group(3)))
                return ReportDate(d, y, d.isoformat())
            if m.group(2):
                return ReportDate(None, y, f"{y:04d}-{int(m.group(2)):02d}")
            return ReportDate(None, y, f"{y:04d}")
    raise ValueError(f"report date must be YYYY-MM-DD (or a date), got {value!r}")


@dataclass(frozen=True)
class _Vocab:
    regex: re.Pattern[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    periods: dict[str, tuple[int, int]]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    relative: dict[str, int] = {}
    periods: dict[str, tuple[int, int]] = {}
    for r in _rows("dates.tsv"):
        for p in r["patterns"].split("|"):
            key = make_view(p).text
            if r["kind"] == "month":
                months[key] = int(r["value"])
            elif r["kind"] == "weekday":
                weekdays[key] = int(r["value"])
            elif r["kind"] == "relative":
                relative[key] = int(r["value"])
            else:
                periods[key] = (int(r["value"]), int(r["offset"] or 0))
    mon = _alt(list(months))
    # Words may carry proclitics (و ب ل ف) and must not be glued to other letters.
    pre = r"(?<![\u0621-\u064a])(?:[وفبل]{0,2})"
    post = r"(?![\u0621-\u064a])"
    pattern = (
        rf"(?P<ymd>(?<!\d)(?P<y1>\d{{4}})[/\-.](?P<m1>\d{{1,2}})[/\-.](?P<d1>\d{{1,2}})(?!\d))"
        rf"|(?P<dmy>(?<!\d)(?P<d2>\d{{1,2}})[/\-.](?P<m2>\d{{1,2}})[/\-.](?P<y2>\d{{4}})(?!\d))"
        rf"|(?P<dm>(?<!\d)(?P<d3>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?{pre}(?P<mon3>{mon}){post}"
        rf"(?:\s*[/\-(]\s*(?:{mon})\)?)?(?:\s*(?:من\s+)?(?:عام|سنه|لعام)?\s*(?P<y3>\d{{4}}))?)"
        rf"|(?P<my>{pre}(?:شهر\s+)?(?P<mon4>{mon}){post}(?:\s*[/\-(]\s*(?:{mon})\)?)?"
        rf"\s*(?:من\s+)?(?:عام|سنه|لعام)?\s*(?P<y4>\d{{4}})(?!\d))"
        rf"|(?P<rel>{pre}(?P<relw>{_alt(list(relative))}){post})"
        rf"|(?P<per>{pre}(?P<perw>{_alt(list(periods))}){post})"
        rf"|(?P<wd>{pre}(?:يوم\s+)?(?P<wdw>{_alt(list(weekdays))}){post}"
        rf"(?P<wdq>\s+(?:الماضي|المنصرم|الفائت|السابق|المقبل|القادم))?)"
    )
    return _Vocab(re.compile(pattern), months, weekdays, relative, periods)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(view: str, report: ReportDate) -> list[DateMention]:
    """Date phrases in a matching view (see :func:`kashf.extract.lexicon.make_view`)."""
    voc = _vocab()
    text = view.translate(_DIGITS)
    base = report.day
    out: list[DateMention] = []
    for m in voc.regex.finditer(text):
        g = m.groupdict()
        iso: str | None = None
        prec, strength = 1, 3
        if g["ymd"] or g["dmy"]:
            y, mo, d = (g["y1"], g["m1"], g["d1"]) if g["ymd"] else (g["y2"], g["m2"], g["d2"])
            day = _safe_date(int(y), int(mo), int(d))
            if day is None:
                continue
            iso = day.isoformat()
        elif g["dm"]:
            mon = voc.months[g["mon3"]]
            year = int(g["y3"]) if g["y3"] else report.year
            if year is None:
                continue
            day = _safe_date(year, mon, int(g["d3"]))
            if day is None:
                continue
            if not g["y3"] and base is not None and day > base + dt.timedelta(days=1):
                # "11 May" in a report of February: last year's May.
                day = _safe_date(year - 1, mon, int(g["d3"])) or day
            iso = day.isoformat()
        elif g["my"]:
            iso = f"{int(g['y4']):04d}-{voc.months[g['mon4']]:02d}-01"
            prec, strength = 3, 2
        elif g["rel"]:
            strength = 2
            if base is not None:
                iso = (base - dt.timedelta(days=voc.relative[g["relw"]])).isoformat()
        elif g["per"]:
            prec, off = voc.periods[g["perw"]]
            strength = 0
            if base is not None:
                iso = (base - dt.timedelta(days=off)).isoformat()
        else:
            strength = 1
            if base is not None:
                wd = voc.weekdays[g["wdw"]]
                back = (base.weekday() - wd) % 7
                qual = (g["wdq"] or "").strip()
                if qual in ("المقبل", "القادم"):
                    back = -((wd - base.weekday()) % 7 or 7)
                elif qual and back == 0:
                    back = 7
                iso = (base - dt.timedelta(days=back)).isoformat()
        out.append(DateMention(m.start(), m.end(), iso, prec, strength))
    return out
