"""The restore pipeline: gate → protect → techniques in order → edits over the raw text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from kashf.restore import characters, dotless, joins
from kashf.restore.chars import (
    DOTLESS_LETTERS,
    EMOJI_CLASS,
    INVISIBLE_CLASS,
    LETTER_CLASS,
    LOOKALIKE_LETTERS,
    MARKS_CLASS,
    SEPARATOR_CLASS,
    SYMBOL_CLASS,
    TATWEEL,
)
from kashf.restore.edits import Draft, Edit, Restoration
from kashf.restore.lexicon import joinable
from kashf.restore.protect import protected_mask

TechniqueFn = Callable[[str, bytearray], list[Edit]]


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
MAX_ROUNDS = 3  # the pipeline reruns until nothing changes (a fixed point), at most this often

_L = LETTER_CLASS
_M = MARKS_CLASS
_X = "A-Za-z0-9\u0660-\u0669\u06f0-\u06f9"
# Anything that may be evasion. Lines without a match are returned untouched, which is both the
# speed of restore and its promise never to damage clean text.
GATE_RE = re.compile(
    "|".join(
        (
            f"[{INVISIBLE_CLASS}{LOOKALIKE_LETTERS}{DOTLESS_LETTERS}{TATWEEL}]",
            "[\ufb50-\ufdff\ufe70-\ufefc]",
            f"ى[{_L}]",
            f"[{_L}][{_M}]*[{SEPARATOR_CLASS}{SYMBOL_CLASS}{EMOJI_CLASS}{_X}]",
            f"[{_X}{SEPARATOR_CLASS}{SYMBOL_CLASS}{EMOJI_CLASS}][{_L}]",
            f"(?<!\\S)[{_L}] [{_L}] [{_L}](?!\\S)",
            f"([{_M}])\\1|[{_M}]{{3,}}|(?:[{_L}][{_M}]+){{4,}}|(?<![{_L}{_M}])[{_M}]",
        )
    )
)
_ARABIC_TOKEN_RE = re.compile(f"[{_L}]+")
_TOKEN_RE = re.compile(f"(?:[{_L}{_M}{TATWEEL}]+)")


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
    edits: list[Edit] = []
    for start, end in _lines_to_restore(text):
        for e in _restore_line(text[start:end]):
            edits.append(
                Edit(e.start + start, e.end + start, e.original, e.replacement, e.technique)
            )
    if not edits:
        return Restoration(text, (), 0.0, text)
    restored = _replay(text, edits)
    return Restoration(restored, tuple(edits), _score(text, edits), text)


def _lines_to_restore(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line the gate or the split-word check flags, in order."""
    spans: set[tuple[int, int]] = set()
    pos = 0
    n = len(text)
    while pos < n:
        m = GATE_RE.search(text, pos)
        if not m:
            break
        lo = text.rfind("\n", 0, m.start()) + 1
        hi = text.find("\n", m.start())
        hi = n if hi == -1 else hi
        spans.add((lo, hi))
        pos = hi + 1
    # A word split by a space leaves no odd character behind: look for pairs of tokens whose
    # join is a common word (a set lookup per pair), then only at those places.
    tokens = _ARABIC_TOKEN_RE.findall(text)
    words = joinable()
    pairs = {a + " " + b for a, b in pairwise(tokens) if a + b in words}
    for pair in pairs:
        at = text.find(pair)
        while at != -1:
            lo = text.rfind("\n", 0, at) + 1
            hi = text.find("\n", at)
            hi = n if hi == -1 else hi
            spans.add((lo, hi))
            at = text.find(pair, hi)
    return sorted(spans)


def _restore_line(line: str) -> tuple[Edit, ...]:
    draft = Draft(line)
    for _ in range(MAX_ROUNDS):
        changed = False
        for step in PIPELINE:
            current = draft.text
            found = step.run(current, protected_mask(current))
            if found:
                draft.apply(found)
                changed = True
        if not changed:
            break
    return draft.edits()


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
    """Share of the text's words that carried evasion (0 clean .. 1 every word)."""
    total = len(_TOKEN_RE.findall(text))
    if not total:
        return 1.0 if edits else 0.0
    touched: set[int] = set()
    for e in edits:
        # Identify each touched word by the position of the whitespace before it.
        touched.add(max(text.rfind(" ", 0, e.start), text.rfind("\n", 0, e.start)))
    return round(min(1.0, len(touched) / total), 4)
