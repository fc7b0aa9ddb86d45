"""The text as place spotting reads it: a folded view, its tokens and its sentences.

A :class:`Scan` is built once per text and never changes; every stage after it (candidates,
phrases, resolution) asks it questions about tokens (is this word next to that one, what is
written there) and gets the same answer each time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from kashf.gazetteer.gazetteer import Gazetteer
from kashf.gazetteer.names import key_view
from kashf.text import clause_spans, sentence_spans

TOKEN_RE = re.compile(r"[\u0621-\u064a\u0671]+|[A-Za-z0-9]+")
# Proclitic readings tried when a word is looked up in a vocabulary (``بريف`` -> ``ريف``).
CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
QUOTES = "\"'“”«»‘’„"
_SILENT_RE = re.compile("[\u064b-\u0652\u0640\u0670]")


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # offsets into the view
    end: int
    text: str


@dataclass(frozen=True)
class Scan:
    """One text, folded and tokenised, with the caller's governorate hints."""

    text: str
    gaz: Gazetteer
    hints: tuple[str, ...]
    view: str
    offs: list[int]  # view offset -> text offset
    tokens: tuple[Token, ...]
    starts: list[int]
    end_index: Mapping[int, int]  # view offset where a token ends -> its index
    # Where sentences and clauses start, as text offsets (kashf.text: one definition for every
    # stage of kashf).
    sentence_starts: list[int]
    clause_starts: list[int]

    def raw_span(self, s: int, e: int) -> tuple[int, int]:
        """The text span of view span s..e."""
        return self.offs[s], self.offs[e - 1] + 1

    def token_at(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def adjacent(self, i: int, j: int) -> bool:
        """Tokens i < j separated by spaces only (no punctuation but quotation marks, which
        writers put around names: ريف "دير الزور")."""
        return 0 <= i < j < len(self.tokens) and not self.view[
            self.tokens[i].end : self.tokens[j].start
        ].strip(" " + QUOTES)

    def joined(self, i: int, j: int) -> bool:
        """Tokens i < j = i + 1 separated by spaces or one comma only."""
        if not 0 <= i < j < len(self.tokens):
            return False
        between = self.view[self.tokens[i].end : self.tokens[j].start].strip()
        return j == i + 1 and between in ("", "،", ",")

    def tok(self, i: int) -> str:
        """Token ``i`` (folded), "" outside the text."""
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def surface(self, s: int, e: int) -> str:
        """View span s..e as written (without harakat and tatweel)."""
        a, b = self.raw_span(s, e)
        return _SILENT_RE.sub("", self.text[a:b])

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence holding view position ``pos``."""
        return bisect.bisect_right(self.sentence_starts, self._text_pos(pos))

    def clause_of(self, pos: int) -> int:
        """Index of the clause (see :func:`kashf.text.clause_spans`) holding ``pos``."""
        return bisect.bisect_right(self.clause_starts, self._text_pos(pos))

    def _text_pos(self, pos: int) -> int:
        return self.offs[pos] if pos < len(self.offs) else len(self.text)


def scan(text: str, gaz: Gazetteer, hints: tuple[str, ...] = ()) -> Scan:
    view, offs = key_view(text)
    sentences = sentence_spans(text)
    tokens = tuple(Token(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(view))
    return Scan(
        text=text,
        gaz=gaz,
        hints=hints,
        view=view,
        offs=offs,
        tokens=tokens,
        starts=[t.start for t in tokens],
        end_index={t.end: i for i, t in enumerate(tokens)},
        sentence_starts=[s for s, _ in sentences],
        clause_starts=[c for s in sentences for c, _ in clause_spans(text, s)],
    )


def in_vocab(tok: str, vocab: Mapping[str, object] | frozenset[str]) -> str | None:
    """``tok`` or ``tok`` minus a proclitic if that is in ``vocab`` (``بريف`` -> ``ريف``)."""
    key = (tok, id(vocab))
    if key in _VOCAB_SEEN:
        return _VOCAB_SEEN[key]
    found = None
    for c in CLITICS:
        if tok.startswith(c) and tok[len(c) :] in vocab:
            found = tok[len(c) :]
            break
    if len(_VOCAB_SEEN) > 100_000:
        _VOCAB_SEEN.clear()  # bounded: a long text must not grow it without end
    _VOCAB_SEEN[key] = found
    return found


# (token, id of a module-level vocabulary) -> what in_vocab found: words repeat across a text.
# A memo of a pure function (the vocabularies never change), not state a stage reads.
_VOCAB_SEEN: dict[tuple[str, int], str | None] = {}
_ZIPF_SEEN: dict[str, float] = {}


def zipf(word: str) -> float:
    """wordfreq Zipf frequency of one Arabic word (small list: loads in ~20 ms)."""
    z = _ZIPF_SEEN.get(word)
    if z is None:
        from wordfreq import zipf_frequency

        z = zipf_frequency(word, "ar", wordlist="small") if word else 0.0
        if len(_ZIPF_SEEN) > 50_000:
            _ZIPF_SEEN.clear()
        _ZIPF_SEEN[word] = z
    return z
