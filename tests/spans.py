"""How a raw span is found again in restored text: the rule the synthetic test and
``benchmarks/restore_quality.py`` both judge by (one copy, so the two cannot drift)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from kashf import Restoration


def restored_offset(r: Restoration, raw: str, pos: int, *, end: bool) -> int:
    """Where raw offset ``pos`` lands in ``r.text``.

    Inside an edit it snaps to the edit's edge, except that raw characters the edit passed
    through verbatim at its edge (a replacement that starts or ends with them) are trimmed off
    again, so an edit reaching over a neighbour's unchanged characters is not held against the
    word. Insertions exactly at ``pos`` are left outside the span (before a start, after an end).
    """
    shift = 0
    for e in r.edits:
        if e.start < pos < e.end:
            before = e.start + shift
            head, tail = raw[e.start : pos], raw[pos : e.end]
            if e.replacement.endswith(tail):
                return before + len(e.replacement) - len(tail)
            if e.replacement.startswith(head):
                return before + len(head)
            return before + len(e.replacement) if end else before
        if e.end < pos or (e.end == pos and (e.start < pos or not end)):
            shift += len(e.replacement) - (e.end - e.start)
        elif e.start >= pos:
            break
    return pos + shift


def widen(text: str, start: int, end: int) -> str:
    """The whitespace-delimited token(s) of ``text`` that ``start:end`` touches."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


class _Broken(Protocol):
    start: int
    end: int
    clean_start: int
    clean_end: int


class _Kept(Protocol):
    token: str
    start: int
    end: int


class _Obfuscated(Protocol):
    clean: str
    text: str

    @property
    def breaks(self) -> Sequence[_Broken]: ...

    @property
    def kept(self) -> Sequence[_Kept]: ...


def restored_words(o: _Obfuscated, r: Restoration) -> list[tuple[str, str]]:
    """For each broken word of ``o``: (what restore gave at its place, the clean token)."""
    out = []
    for b in o.breaks:
        rs = restored_offset(r, o.text, b.start, end=False)
        re_ = restored_offset(r, o.text, b.end, end=True)
        out.append((widen(r.text, rs, re_), widen(o.clean, b.clean_start, b.clean_end)))
    return out


def damaged_tokens(o: _Obfuscated, r: Restoration) -> list[tuple[str, str]]:
    """The tokens ``o`` left whole that came out of restore changed: (token, what it became)."""
    out = []
    for k in o.kept:
        rs = restored_offset(r, o.text, k.start, end=False)
        re_ = restored_offset(r, o.text, k.end, end=True)
        got = widen(r.text, rs, re_)
        if got != k.token:
            out.append((k.token, got))
    return out
