"""Reposts: the same post forwarded across channels or republished by several sites.

A report whose *restored, normalised* text equals an earlier report's gets ``duplicate_of`` =
that report's id, so event counts are not inflated (the events are still written: a reviewer
filters on the column). Normalised = restored by :func:`kashf.restore` (so ``قـ.ـوات`` and
``قوات`` agree), folded with :func:`kashf.text.fold`, harakat and tatweel dropped, Arabic-Indic
digits as ASCII, links and @handles dropped (a channel's signature or a site's "read more" link
is not the report), punctuation and symbols as spaces, whitespace collapsed.

A report that is not an exact repost but close to an earlier one (a word changed, a line added)
gets ``similar_to`` and ``similarity``: the exact Jaccard similarity of the two texts' sets of
character 5-grams, when it is at least ``threshold``. Candidates are found with MinHash
locality-sensitive hashing (32 hash lanes from one SHAKE-128 digest per shingle, 8 bands of 4)
and then scored exactly, so the score is never an estimate; the MinHash part only decides
which earlier reports are compared at all (a pair at similarity 0.8 is a candidate with
probability 0.985, at 0.9 with 0.9998; of the candidates, the ``MAX_SCORED`` sharing the most
bands are scored, which bounds the work on channels full of look-alike templated posts).
Near copies are looked for among the last ``window`` reports (reposts are usually close in
time); exact reposts over the whole run.

Memory: about 100 bytes per distinct report for the exact index, plus ``window`` reports'
shingle sets (about 4 bytes per shingle) for the near index.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kashf.text import HARAKAT, TATWEEL, fold

SHINGLE = 5  # characters per shingle: short enough for Arabic words with clitics
LANES = 32  # MinHash lanes
BANDS, ROWS = 8, 4  # LANES = BANDS * ROWS
MIN_NEAR_CHARS = 40  # shorter texts are not compared for near copies (too few shingles)
DEFAULT_THRESHOLD = 0.8
DEFAULT_WINDOW = 20_000
MAX_SCORED = 16  # candidates scored exactly per report, those sharing the most bands first

_LINK_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:t|telegram)\.me/\S+|(?<![\w.])@[A-Za-z0-9_]{3,}", re.I
)
_DROP = str.maketrans("", "", HARAKAT + TATWEEL + "\u0670")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_NON_WORD_RE = re.compile(r"[\W_]+")


def _restore(text: str) -> str:
    from kashf.restore import restore

    return restore(text).text


def normalise(text: str, *, restore: Callable[[str], str] | None = _restore) -> str:
    """The form two reposts share: restored, folded, without links, punctuation or spacing."""
    if restore is not None:
        text = restore(text)
    text = _LINK_RE.sub(" ", text)
    text = fold(text).translate(_DROP).translate(_DIGITS).casefold()
    return " ".join(_NON_WORD_RE.sub(" ", text).split())


def shingle_hashes(norm: str) -> tuple[array[int], tuple[int, ...]]:
    """(sorted distinct 32-bit shingle ids, MinHash signature of ``LANES`` values)."""
    grams = {norm[i : i + SHINGLE] for i in range(max(1, len(norm) - SHINGLE + 1))}
    stride = 1 + LANES
    blob = b"".join(hashlib.shake_128(g.encode("utf-8")).digest(4 * stride) for g in grams)
    values = array("I", blob)
    ids = array("I", sorted(set(values[0::stride])))
    signature = tuple(min(values[1 + j :: stride]) for j in range(LANES))
    return ids, signature


def jaccard(a: Iterable[int], b: Iterable[int]) -> float:
    sa, sb = set(a), set(b)
    union = len(sa | sb)
    return len(sa & sb) / union if union else 1.0


@dataclass(frozen=True, slots=True)
class RepostMark:
    """What the deduper says about one report (all ``None``: an original)."""

    duplicate_of: str | None = None
    similar_to: str | None = None
    similarity: float | None = None

    def to_dict(self) -> dict[str, str | float | None]:
        return {
            "duplicate_of": self.duplicate_of,
            "similar_to": self.similar_to,
            "similarity": self.similarity,
        }


@dataclass(slots=True)
class _Kept:
    seq: int
    id: str
    bands: tuple[int, ...]
    shingles: array[int]


class Deduper:
    """Feed reports in input order with :meth:`mark`; earlier reports win."""

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        window: int = DEFAULT_WINDOW,
        near: bool = True,
        restore: Callable[[str], str] | None = _restore,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("similarity threshold must be in (0, 1]")
        self.threshold = threshold
        self.window = window
        self.near = near and window > 0
        self._restore = restore
        self._exact: dict[int, str] = {}
        self._buckets: dict[int, list[_Kept]] = {}
        self._recent: deque[_Kept] = deque()
        self._seq = 0

    def mark(self, report_id: str, text: str) -> RepostMark:
        norm = normalise(text, restore=self._restore)
        key = int.from_bytes(
            hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little"
        )
        first = self._exact.get(key)
        if first is not None:
            return RepostMark(duplicate_of=first, similarity=1.0)
        self._exact[key] = report_id
        if not self.near or len(norm) < MIN_NEAR_CHARS:
            return RepostMark()
        shingles, signature = shingle_hashes(norm)
        bands = tuple(hash((b, signature[b * ROWS : (b + 1) * ROWS])) for b in range(BANDS))
        # Candidates sharing more bands are likelier near copies; templated posts ("عاجل |
        # قصف على ...") share a band with many others, so only the best few are scored.
        shared: dict[int, tuple[int, _Kept]] = {}
        for band in bands:
            for kept in self._buckets.get(band, ()):
                hits = shared.get(kept.seq)
                shared[kept.seq] = ((hits[0] if hits else 0) + 1, kept)
        ranked = sorted(shared.values(), key=lambda hk: (-hk[0], hk[1].seq))[:MAX_SCORED]
        best: tuple[float, int, str] | None = None
        for _, kept in ranked:
            sim = jaccard(shingles, kept.shingles)
            if sim >= self.threshold and (best is None or (sim, -kept.seq) > (best[0], -best[1])):
                best = (sim, kept.seq, kept.id)
        self._keep(_Kept(self._seq, report_id, bands, shingles))
        if best is None:
            return RepostMark()
        return RepostMark(similar_to=best[2], similarity=round(best[0], 3))

    def _keep(self, kept: _Kept) -> None:
        self._seq += 1
        self._recent.append(kept)
        for band in kept.bands:
            self._buckets.setdefault(band, []).append(kept)
        while len(self._recent) > self.window:
            old = self._recent.popleft()
            for band in old.bands:
                bucket = self._buckets.get(band)
                if bucket is None:
                    continue
                # The oldest entries sit at the front of every bucket.
                if bucket and bucket[0] is old:
                    bucket.pop(0)
                else:
                    bucket[:] = [k for k in bucket if k is not old]
                if not bucket:
                    del self._buckets[band]

