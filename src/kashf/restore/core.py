"""The restore pipeline: gate → protect → techniques in order → edits over the raw text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kashf._runtime import LONG_TEXT_CHARS, cyclic_gc_paused
from kashf.restore import characters, dotless, gate, joins
from kashf.restore.edits import Edit, Restoration, WorkingText
from kashf.restore.protect import Protection

TechniqueFn = Callable[[str, Protection], list[Edit]]


@dataclass(frozen=True)
class Pass:
    """One step of the pipeline and the technique names its edits may carry."""

    name: str
    run: TechniqueFn
    techniques: tuple[str, ...]


PIPELINE: tuple[Pass, ...] = (
    Pass("invisible", characters.invisible, ("invisible",)),
    Pass("presentation_form", characters.presentation_form, ("presentation_form",)),
    Pass("lookalike_letter", characters.lookalike_letter, ("lookalike_letter",)),
    Pass("harakat_noise", characters.harakat_noise, ("harakat_noise",)),
    Pass(
        "broken_words",
        joins.broken_words,
        (
            "decorative_tatweel",
            "separator_in_word",
            "separator_every_letter",
            "symbol_in_word",
            "letter_masked",
            "latin_digit_lookalike",
            "stray_digit",
        ),
    ),
    Pass("spaced_letters", joins.spaced_letters, ("spaced_letters",)),
    Pass("space_split", joins.space_split, ("space_split",)),
    Pass("dotless", dotless.dotless, ("dotless",)),
)

TECHNIQUES: tuple[str, ...] = tuple(t for p in PIPELINE for t in p.techniques)
# The pipeline reruns until it reaches a fixed point, at most this often: each round may reveal
# one more letter to the next (in ٮA0 the dotless letter makes A a letter, which makes 0 one),
# so a chain of look-alikes needs a round per link; clean text stops after one.
MAX_ROUNDS = 16


def restore(text: str) -> Restoration:
    """Undo evasion spelling in ``text``; every change is an :class:`Edit` over ``text``.

    >>> r = restore("قـ.وات النظام")
    >>> r.text
    'قوات النظام'
    >>> [(e.start, e.end, e.original, e.technique) for e in r.edits]
    [(1, 3, 'ـ.', 'separator_in_word')]
    """
    if not isinstance(text, str):
        raise TypeError(f"restore() takes str, not {type(text).__name__}; decode bytes first")
    if len(text) > LONG_TEXT_CHARS:
        with cyclic_gc_paused():
            return _restore(text)
    return _restore(text)


def _restore(text: str) -> Restoration:
    edits: list[Edit] = []
    for (line_lo, line_hi), windows in _by_line(text, gate.flagged(text)):
        edits.extend(_restore_windows(text, line_lo, line_hi, windows))
    if not edits:
        return Restoration(text, (), 0.0, text)
    restored = _replay(text, edits)
    return Restoration(restored, tuple(edits), _score(text, edits), text)


def _by_line(
    text: str, spans: list[gate.Span]
) -> list[tuple[tuple[int, int], list[gate.Span]]]:
    """Group sorted spans by the line holding them."""
    groups: list[tuple[tuple[int, int], list[gate.Span]]] = []
    for span in spans:
        lo = span[0]
        if groups and lo < groups[-1][0][1]:
            groups[-1][1].append(span)
            continue
        line_lo = text.rfind("\n", 0, lo) + 1
        line_hi = text.find("\n", lo)
        groups.append(((line_lo, len(text) if line_hi == -1 else line_hi), [span]))
    return groups


def _restore_windows(
    text: str, line_lo: int, line_hi: int, windows: list[gate.Span]
) -> list[Edit]:
    """Restore the windows of one line; then, if the line showed evasion anywhere, look for
    words split by a space on the whole line (the windows may not reach them), so that the
    result does not depend on where the windows fell and restore stays idempotent."""
    found: list[Edit] = []
    for lo, hi, kind in windows:
        if not kind & (gate.LINE | gate.SURE) and not _probe(text[lo:hi], kind):
            continue
        found.extend(
            Edit(
                e.start + lo - line_lo, e.end + lo - line_lo, e.original, e.replacement, e.technique
            )
            for e in _restore_line(text[lo:hi])
        )
    if not found:
        return []
    work = WorkingText(text[line_lo:line_hi])
    work.apply(found)
    split = joins.space_split(work.text, Protection(work.text))
    if split:
        work.apply(split)
    return [
        Edit(e.start + line_lo, e.end + line_lo, e.original, e.replacement, e.technique)
        for e in work.edits()
    ]


# The techniques that can act on a window flagged (only) for this: a window they leave as it
# is needs no other (the gate flags what the others act on), and most flagged windows of clean
# text are kept this way at the price of one technique (a date, a name glued to a digit).
PROBES: dict[int, tuple[TechniqueFn, ...]] = {
    gate.CHARS: (characters.invisible, characters.presentation_form),
    gate.GAP: (joins.broken_words,),
    gate.SPACING: (joins.spaced_letters, joins.space_split),
}


def _probe(window: str, kind: int) -> bool:
    """Would a technique the window was flagged for change it?"""
    protected = Protection(window)
    return any(
        technique(window, protected)
        for bit, techniques in PROBES.items()
        if kind & bit
        for technique in techniques
    )


def _restore_line(line: str) -> tuple[Edit, ...]:
    work = WorkingText(line)
    protected = Protection(line)
    for _ in range(MAX_ROUNDS):
        changed = False
        for step in PIPELINE:
            found = step.run(work.text, protected)
            if found:
                work.apply(found)
                protected = Protection(work.text)
                changed = True
        # A fixed point: nothing changed, or the gate sees nothing left in the changed text
        # (what the gate lets through, restore would leave as it is on a second call).
        if not changed or not gate.flagged(work.text):
            break
    return work.edits()


def _replay(text: str, edits: list[Edit]) -> str:
    out: list[str] = []
    pos = 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _score(text: str, edits: list[Edit]) -> float:
    """Share of the text's words (runs between spaces and newlines) that carried evasion, 0..1."""
    # A word is known by the number of breaks at or before an edit's start; counting them
    # between consecutive edits, then after the last (str.count, in C), reads the text once.
    touched: set[int] = set()
    word = pos = 0
    for e in sorted(edits, key=lambda e: e.start):
        word += text.count(" ", pos, e.start + 1) + text.count("\n", pos, e.start + 1)
        pos = e.start + 1
        touched.add(word)
    words = word + text.count(" ", pos) + text.count("\n", pos) + 1
    return round(min(1.0, len(touched) / words), 4)
