"""Edits over a raw text: the one currency every restore technique pays in.

An :class:`Edit` replaces ``raw[start:end]`` with ``replacement`` and names the technique it
undid. Edits of one :class:`Restoration` never overlap and are sorted, so they can be replayed
(:func:`apply_edits`), shown to a person, or used to map a span of the restored text back to the
exact raw characters it came from (:meth:`Restoration.raw_span`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Edit:
    """``raw[start:end]`` (== ``original``) became ``replacement`` by undoing ``technique``."""

    start: int
    end: int
    original: str
    replacement: str
    technique: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "technique": self.technique,
        }


@dataclass(frozen=True)
class Restoration:
    """The result of :func:`kashf.restore`.

    ``text`` is the restored text, ``edits`` the sorted, non-overlapping edits over ``raw`` that
    produce it, ``score`` (0..1) how obfuscated the input looked.
    """

    text: str
    edits: tuple[Edit, ...]
    score: float
    raw: str = field(repr=False, default="")
    # Restored-text offset where each edit's replacement starts (for raw_offset).
    _starts: list[int] = field(init=False, repr=False, compare=False, default_factory=list)

    def __post_init__(self) -> None:
        starts: list[int] = []
        shift = 0
        for e in self.edits:
            starts.append(e.start + shift)
            shift += len(e.replacement) - (e.end - e.start)
        object.__setattr__(self, "_starts", starts)

    @property
    def techniques(self) -> dict[str, int]:
        """How many edits each technique made."""
        counts: dict[str, int] = {}
        for e in self.edits:
            counts[e.technique] = counts.get(e.technique, 0) + 1
        return counts

    def raw_offset(self, pos: int, *, end: bool = False) -> int:
        """Map an offset of the restored text to the raw text.

        A start offset inside a replacement maps to the edit's raw start, an end offset inside
        one to the edit's raw end, so a mapped span never cuts a raw edit in half.
        """
        i = (bisect_left if end else bisect_right)(self._starts, pos) - 1
        if i < 0:
            return pos
        e = self.edits[i]
        rep_end = self._starts[i] + len(e.replacement)
        if pos < rep_end or (end and pos == rep_end):
            return e.end if end else e.start
        return e.end + (pos - rep_end)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the restored span ``[start, end)`` to the raw span that produced it."""
        rs = self.raw_offset(start)
        re_ = self.raw_offset(end, end=True)
        return rs, max(rs, re_)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "edits": [e.to_dict() for e in self.edits],
            "score": self.score,
        }


def apply_edits(raw: str, edits: Iterable[Edit]) -> str:
    """Replay ``edits`` on ``raw``; raises ``ValueError`` if they overlap or do not fit."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos or e.end < e.start or e.end > len(raw):
            raise ValueError(f"edit {e!r} overlaps another or lies outside the text")
        if raw[e.start : e.end] != e.original:
            raise ValueError(f"edit {e!r} does not match the text at its offsets")
        out.append(raw[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(raw[pos:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Segment:
    """A run of the working text standing for ``raw[raw_start:raw_end]``: ``text`` when a
    technique changed it, the raw characters themselves when not (``technique`` is None; the
    text is then not copied, so that splitting a long unchanged run costs nothing)."""

    raw_start: int
    raw_end: int
    text: str
    technique: str | None

    @property
    def size(self) -> int:
        return self.raw_end - self.raw_start if self.technique is None else len(self.text)


class WorkingText:
    """The text of one restoration as the techniques change it, kept as segments tied to raw
    offsets (what each run of it was in the raw text, and which technique changed it).

    Each technique sees ``work.text`` and returns edits over it; :meth:`apply` folds them in.
    An edit that touches characters an earlier technique produced absorbs that earlier edit, so
    the final edits stay non-overlapping and always point at raw characters.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._segs: list[_Segment] = [_Segment(0, len(raw), "", None)] if raw else []
        self._text: str | None = raw

    @property
    def text(self) -> str:
        if self._text is None:
            raw = self.raw
            self._text = "".join(
                raw[s.raw_start : s.raw_end] if s.technique is None else s.text for s in self._segs
            )
        return self._text

    def apply(self, edits: Sequence[Edit]) -> None:
        """Fold in ``edits`` (sorted, non-overlapping, offsets into :attr:`text`)."""
        if not edits:
            return
        segs = self._segs
        out: list[_Segment] = []
        i = 0
        pos = 0  # offset of segs[i] in the current text
        for ed in edits:
            s, e = ed.start, ed.end
            while i < len(segs) and pos + segs[i].size <= s:
                seg = segs[i]
                # An insertion at the very start of a changed segment stays separate from it.
                if pos == s and seg.technique is not None and seg.text and e == s:
                    break
                out.append(seg)
                pos += seg.size
                i += 1
            names = [ed.technique]
            prefix = suffix = ""
            if i == len(segs):
                raw_lo = segs[-1].raw_end if segs else 0
            elif segs[i].technique is None:
                seg = segs[i]
                off = s - pos
                if off > 0:
                    out.append(_Segment(seg.raw_start, seg.raw_start + off, "", None))
                    segs[i] = _Segment(seg.raw_start + off, seg.raw_end, "", None)
                    pos = s
                raw_lo = segs[i].raw_start
            else:
                raw_lo = segs[i].raw_start
                prefix = segs[i].text[: s - pos]
            raw_hi = raw_lo
            while i < len(segs) and pos < e:
                seg = segs[i]
                seg_end = pos + seg.size
                if seg.technique is None and seg_end > e:
                    raw_hi = seg.raw_start + (e - pos)
                    segs[i] = _Segment(raw_hi, seg.raw_end, "", None)
                    pos = e
                    break
                if seg.technique is not None:
                    names.extend(n for n in seg.technique.split("+") if n not in names)
                    if seg_end > e:
                        suffix = seg.text[e - pos :]
                raw_hi = seg.raw_end
                pos = seg_end
                i += 1
            out.append(_Segment(raw_lo, raw_hi, prefix + ed.replacement + suffix, "+".join(names)))
        out.extend(segs[i:])
        self._segs = out
        self._text = None

    def edits(self) -> tuple[Edit, ...]:
        """The changes so far, as edits over the raw text."""
        raw = self.raw
        return tuple(
            Edit(s.raw_start, s.raw_end, raw[s.raw_start : s.raw_end], s.text, s.technique)
            for s in self._segs
            if s.technique is not None and s.text != raw[s.raw_start : s.raw_end]
        )
