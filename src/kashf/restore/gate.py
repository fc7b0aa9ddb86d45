"""The gate: which parts of a text restore looks at (docs/architecture.md, "How restore works").

One scan of the text finds every character that may be evasion (:data:`GATE_RE`); a token
check finds the pieces a space may have left (a letter alone, the bare article, the split forms
of the words evaders split). Each match gives its line (techniques that judge a whole line) or
a window of words around it; what no match touches is returned as it is. Most clean text stops
here, which is both the speed of restore and its promise never to damage clean text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kashf.restore import joins
from kashf.restore.chars import (
    DOTLESS_LETTERS,
    EMOJI_CLASS,
    INVISIBLE_CLASS,
    LETTER_CLASS,
    LOOKALIKE_LETTERS,
    MARKS_CLASS,
    MASK_CHARS,
    PRESENTATION_CLASS,
    QUOTES_CLOSE,
    QUOTES_OPEN,
    SEPARATOR_CLASS,
    SYMBOL_CLASS,
    TATWEEL,
    WORD_END_PUNCT,
)
from kashf.restore.lexicon import any_listed, sensitive_words, zipf
from kashf.text import ARABIC_LETTERS

_L = LETTER_CLASS
_M = MARKS_CLASS
_X = "A-Za-z0-9\u0660-\u0669\u06f0-\u06f9"
_V = "\u064b-\u0650\u0652"  # vowels, tanween and sukun (not shadda)
_TANWEEN = "\u064b-\u064d"
_CLOSE = re.escape(QUOTES_CLOSE + WORD_END_PUNCT)  # what may close one after its last
_GAP = f"{TATWEEL}{SEPARATOR_CLASS}{SYMBOL_CLASS}{EMOJI_CLASS}{_X}"
# Anything that may be evasion. Text without a match is returned untouched, which is both the
# speed of restore and its promise never to damage clean text. Every alternative starts with a
# character class, so the regex engine can skip ahead quickly. Techniques that judge a whole
# line (dotless runs, Persian look-alikes, harakat storms) get the line; the others get a
# window of a few words around the match.
_SEP = SEPARATOR_CLASS
_ALONE = f"{INVISIBLE_CLASS}{PRESENTATION_CLASS}{LOOKALIKE_LETTERS}{DOTLESS_LETTERS}"
# The gate: one scan of the text for anything that may be evasion. Text without a match is
# returned untouched, which is both the speed of restore and its promise never to damage clean
# text. The pattern starts with one character class (every character that can begin a match),
# so the regex engine skips ahead over ordinary letters at C speed; the branches after it tell,
# by a look-behind at that character, which rule it breaks. (One scan per rule, or a pattern of
# alternatives each starting with its own class, is tried at every position: several times
# slower.) Techniques that judge a whole line (dotless runs, Persian look-alikes, harakat
# storms) get the line; the others get a window of a few words around the match.
GATE_RE = re.compile(
    f"[{_ALONE}ى{_GAP}{_M}](?:"
    # Characters that are evasion wherever they stand in Arabic text: invisible marks,
    # presentation forms, Persian/Urdu look-alikes, dotless letters.
    f"(?<=[{_ALONE}])"
    f"|(?<=ى)(?=[{_L}])"  # a tooth written as alef maqsura inside a word: dotless script
    # A gap character where it breaks a word: between letters (قـ.وات, دا🔥عش, ب9ست),
    # a digit or Latin letter before a letter (3يب) or right after one (داعSh, يفت7 — but
    # a number after a word, و80, is honest), tatweel against punctuation (الهجـ. ـوم).
    f"|(?<=[{_L}{_M}][{_GAP}])[{_GAP}]*[{_L}]|(?<=[{_X}])[{_L}]"
    f"|(?<=[{_L}{TATWEEL}][A-Za-z])|(?<=[{_L}][{_X}])(?![{_X}])"
    f"|(?<={TATWEEL})[{_M}{_SEP}{_X}]|(?<=[{_SEP}]){TATWEEL}"
    # Marks. Harakat noise: three stacked marks, a mark on no letter, four marked letters in
    # a row, or one mark twice (shadda with a vowel is ordinary spelling).
    f"|(?<=[{_M}])(?:"
    f"[{_M}]{{2}}|(?<=[^{_L}{_M}][{_M}])|(?<=^[{_M}])"
    f"|[{_L}][{_M}]+[{_L}][{_M}]+[{_L}][{_M}]|(?<=(?P<mark>[{_M}]))(?P=mark)"
    # Three marked letters in one word (a line of plain prose marks one or two), from the
    # last mark of a cluster, so that a storm of marks is not backtracked over.
    f"|(?![{_M}])[{_L}]+[{_M}]+[{_L}]+[{_M}]"
    # Marks no vocalisation writes (characters.impossible_marks): two vowels on a letter,
    # tanween inside a word, a vowel on alef, sukun or shadda on a word's first letter,
    # two sukuns in a row, sukun before alef, damma or kasra before alef, a vowel on the
    # article's lam (not on the لَ that ends نضالَ or خلالَ).
    f"|(?<=[{_V}])(?=[{_V}])"
    f"|(?<=[{_TANWEEN}])(?=[{_L}])(?![\u0627\u0649](?![{_L}{_M}]))"
    f"|(?<=[\u0627\u0622\u0649][{_V}\u0651])(?<!\u064b)"
    f"|(?<=[{_L}][\u0651\u0652])(?<![{_L}{_M}{TATWEEL}][{_L}][\u0651\u0652])"
    f"|(?<=\u0652)(?=[{_L}]\u0652|[\u0627\u0622])|(?<=[\u064f\u0650])(?=\u0627)"
    # (the article at a word's start or after و ف ب ك)
    f"|(?<=(?<![{_L}{_M}{TATWEEL}])\u0627\u0644[{_V}])"
    f"|(?<=(?<![{_L}{_M}{TATWEEL}])[\u0648\u0641\u0628\u0643]\u0627\u0644[{_V}])))"
)
# A match holding one of these needs its whole line (dotless runs, Persian look-alike votes,
# harakat storms are judged per line); any other match, a window of words around it.
_CHARS_RE = re.compile(f"[{INVISIBLE_CLASS}{PRESENTATION_CLASS}]")
_LINE_MATCH_RE = re.compile(f"[{LOOKALIKE_LETTERS}{DOTLESS_LETTERS}{_M}ى]")
WINDOW_WORDS = 4  # words on each side of a local match that restore looks at
_WORD_CHAR_RE = re.compile(f"[{_L}{_M}{TATWEEL}]")


# What a span was flagged for (a bit each; merged spans hold the union): the techniques that
# can act on it (core.PROBES). LINE: a line-level match (marks, look-alikes, dotless letters),
# the whole pipeline on the whole line; SURE: evasion for sure (tatweel against a gap), the
# whole pipeline on the window.
LINE, CHARS, GAP, SPACING, SURE = 1, 2, 4, 8, 16
Span = tuple[int, int, int]  # start, end, what it was flagged for


def spans_to_restore(text: str) -> list[tuple[int, int]]:
    """The parts of ``text`` to restore: flagged lines, or windows of words around a match.

    Spans are sorted, disjoint, and start and end at whitespace or a line's ends.
    """
    return [(lo, hi) for lo, hi, _ in flagged(text)]


def flagged(text: str) -> list[Span]:
    """:func:`spans_to_restore` with what each span was flagged for (LINE, CHARS, ...)."""
    n = len(text)
    spans: list[Span] = []
    line_lo, line_hi = 0, -1

    def line_of(pos: int) -> None:
        nonlocal line_lo, line_hi
        if not line_lo <= pos <= line_hi:  # a new line: its bounds are found once
            line_lo = text.rfind("\n", 0, pos) + 1
            found = text.find("\n", pos)
            line_hi = n if found == -1 else found

    pos, window_end = 0, -1
    while m := GATE_RE.search(text, pos):
        line_of(m.start())
        if _LINE_MATCH_RE.search(m.group()):
            spans.append((line_lo, line_hi, LINE))
            pos = line_hi + 1  # the whole line is flagged: the rest of it needs no look
            continue
        if m.end() == m.start() + 2 and text[m.start()] in _LINKS:
            honest = honest_chain(text, m.start())
            if honest != -1:
                pos = honest
                continue
        elif honest_glued(text, m.start(), m.end()):
            pos = m.end()
            continue
        # Tatweel against the gap is evasion for sure: no need to ask broken_words first.
        kind = CHARS if _CHARS_RE.match(m.group()) else SURE if TATWEEL in m.group() else GAP
        if m.start() < window_end:
            # Inside the window the last match opened: it adds what it was flagged for (one
            # window, not one per match: a long token of marks stays linear).
            lo, hi, was = spans[-1]
            spans[-1] = (lo, hi, was | kind)
        else:
            spans.append((*_window(text, m.start(), m.end(), line_lo, line_hi), kind))
            window_end = spans[-1][1]
        pos = m.end()
    # Words split by a space leave no odd character behind: their pieces are found among the
    # tokens, and only then searched for (a long text chunk by chunk, so that a search runs
    # only where the tokens stand).
    for lo, hi in _chunks(text):
        for start, end in _spacing_matches(text[lo:hi]):
            line_of(start + lo)
            spans.append((*_window(text, start + lo, end + lo, line_lo, line_hi), SPACING))
    spans.sort()
    merged: list[Span] = []
    for lo, hi, kind in spans:
        if merged and lo <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(hi, last[1]), last[2] | kind)
        else:
            merged.append((lo, hi, kind))
    return merged


_PIECE_RE = re.compile(f"(?:[{_L}][{_M}]*)+")
_MARK_RE = re.compile(f"[{_M}]")
_SEPARATOR_RE = re.compile(f"[{SEPARATOR_CLASS}]")
_LINKS = frozenset(ch for ch in map(chr, range(0x2300)) if _SEPARATOR_RE.match(ch))
_SOFT = _LINKS | {TATWEEL}  # what may stand in a broken word's gap
# A chain of linked words: words with one punctuation mark between each two (أريحا-احسم-بلشون),
# standing between a space, quotes or punctuation.
_CHAIN_RE = re.compile(
    f"(?<![^\\s{re.escape(QUOTES_OPEN)}])(?:[{_L}][{_M}]*)+"
    f"(?:[{SEPARATOR_CLASS}](?:[{_L}][{_M}]*)+)+(?![^\\s{_CLOSE}])"
)
MAX_CHAIN = 10  # pieces: a longer chain is left to joins.broken_words


def honest_chain(text: str, start: int) -> int:
    """The end of the chain of linked words holding the separator at ``start`` when
    joins.broken_words would keep every link of it (``تموز/يونيو``, ``الفرنسية.وأفاد``,
    ``أريحا-احسم-بلشون``); -1 if not.

    Those are broken_words' rules for such gaps, read in advance: across punctuation that may
    be honest the joined word must be a listed word (likelier than both words when the mark
    links two words: ``/``, ``-``), and so must a word with a letter in place of a mark that can
    hide one (``عن*صر`` → ``عناصر``). A chain of more than two pieces counts only when each
    piece has three letters or more and no run of its pieces joins into a listed word (a word
    broken twice, ``المي-ليش-يات``, is no chain of words). A chain they would keep opens no
    window: a clean line with dates and lists in it costs the gate's one scan.
    """
    lo = start
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    chain = _CHAIN_RE.match(text, lo)
    if chain is None or chain.end() <= start or _MARK_RE.search(text, lo, chain.end()):
        return -1  # (the gate skips the chain: marks in it are the gate's to judge)
    pieces, gaps = [], []
    pos = lo
    while True:
        piece = _PIECE_RE.match(text, pos)
        assert piece is not None
        pieces.append(joins.plain(piece.group()))
        pos = piece.end()
        if pos >= chain.end():
            break
        gaps.append(text[pos])
        pos += 1
    if len(pieces) > MAX_CHAIN or (len(pieces) > 2 and min(map(len, pieces)) < 3):
        return -1
    for i, gap in enumerate(gaps):
        a, b = pieces[i], pieces[i + 1]
        words = joins.is_word(a) and joins.is_word(b)
        bar = max(zipf(a), zipf(b)) if gap in joins.WORD_LINKS and words else 0.0
        if zipf(a + b) > bar:
            return -1
        if gap in MASK_CHARS and any_listed([a + ch + b for ch in ARABIC_LETTERS]):
            return -1
    n = len(pieces)
    if any_listed("".join(pieces[i:k]) for i in range(n) for k in range(i + 3, n + 1)):
        return -1
    return chain.end()


def honest_glued(text: str, start: int, end: int) -> bool:
    """The gate's match is one digit or Latin letter glued to the end or the start of a word
    (``سوريا1``, ``5مساء``) that no reading of it as a letter makes a listed word: what
    joins.broken_words would keep (across such a gap the word read must be a listed one)."""
    if end - start not in (1, 2) or not _X_CHAR_RE.match(text[start]):
        return False
    before, after = text[start - 1 : start], text[start + 1 : start + 2]
    readings = joins.arabizi_readings(text[start])
    if _WORD_CHAR_RE.match(before) and not _GLUE_RE.match(after):
        word = _PIECE_BEFORE_RE.search(text, max(0, start - 40), start)
        if word is None or text[word.start() - 1 : word.start()] not in _TOKEN_START:
            return False
        forms = [joins.plain(word.group()) + r for r in readings]
    elif _WORD_CHAR_RE.match(after) and not _GLUE_RE.match(before):
        word = _PIECE_RE.match(text, start + 1)
        if word is None or text[word.end() : word.end() + 1] not in _TOKEN_END:
            return False
        forms = [r + joins.plain(word.group()) for r in readings]
    else:
        return False
    return not any_listed(forms)


_X_CHAR_RE = re.compile(f"[{_X}]")
_GLUE_RE = re.compile(
    f"[{_L}{_M}{TATWEEL}{_X}]"
)  # what would make the gap more than one glued character
_PIECE_BEFORE_RE = re.compile(f"(?:[{_L}][{_M}]*)+$")
_TOKEN_START = frozenset(("", " ", "\n", "\t", *QUOTES_OPEN))
_TOKEN_END = frozenset(("", " ", "\n", "\t", *QUOTES_CLOSE, *WORD_END_PUNCT))


def _window(text: str, start: int, end: int, line_lo: int, line_hi: int) -> tuple[int, int]:
    """``[start, end)`` widened by WINDOW_WORDS words each side, within its line.

    A window never ends at a space that belongs to a broken word's gap (``الأوضـ. ـاع``).
    """
    lo, words = start, 0
    while words <= WINDOW_WORDS:
        cut = text.rfind(" ", line_lo, max(lo - 1, line_lo))
        if cut == -1:
            lo = line_lo
            break
        lo = cut
        words += not _inside_gap(text, cut)
    hi, words = end, 0
    while words <= WINDOW_WORDS:
        cut = text.find(" ", min(hi + 1, line_hi), line_hi)
        if cut == -1:
            hi = line_hi
            break
        hi = cut
        words += not _inside_gap(text, cut)
    return lo, hi


def _inside_gap(text: str, space: int) -> bool:
    """The space may be part of a broken word: it touches tatweel or in-word punctuation, or
    a one-letter token (``د ا ع ش``)."""
    n = len(text)
    before = text[space - 1] if space > 0 else ""
    after = text[space + 1] if space + 1 < n else ""
    if before in _SOFT or after in _SOFT:
        return True
    single_before = space < 2 or text[space - 2].isspace()
    single_after = space + 2 >= n or text[space + 2].isspace()
    return (single_before and before.isalpha()) or (single_after and after.isalpha())


def _fragments_at(text: str, fragments: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Where the tokens ``fragments`` stand in ``text`` as whole tokens (a letter or the bare
    article alone: ن قلت, ال رقة). Each is looked for with the whitespace around it, so the
    search is a literal one, fast even on a long text."""
    found = []
    for token in fragments:
        for before in (" ", "\n"):
            for after in (" ", "\n"):
                probe = before + token + after
                pos = text.find(probe)
                while pos != -1:
                    found.append((pos + 1, pos + 1 + len(token)))
                    pos = text.find(probe, pos + 1)
        if text.startswith(token) and text[len(token) : len(token) + 1] in ("", " ", "\n"):
            found.append((0, len(token)))
        if text.endswith(token) and text[-len(token) - 1 : -len(token)] in (" ", "\n"):
            found.append((len(text) - len(token), len(text)))
    return found


SPLIT_CHUNK = 1 << 16  # characters whose tokens are looked at together (a long text: in chunks)


def _chunks(text: str) -> list[tuple[int, int]]:
    """``text`` cut into pieces of about SPLIT_CHUNK characters, at line ends (else spaces)."""
    if len(text) <= SPLIT_CHUNK:
        return [(0, len(text))]
    out = []
    lo = 0
    while lo < len(text):
        hi = text.find("\n", lo + SPLIT_CHUNK)
        if hi == -1 or hi > lo + 4 * SPLIT_CHUNK:
            hi = text.find(" ", lo + SPLIT_CHUNK)
        hi = len(text) if hi == -1 else hi
        out.append((lo, hi))
        lo = hi
    return out


def _spacing_matches(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a fragment a space left (a letter alone, the bare article: ن قلت,
    ال رقة, and so letters spaced out: د ا ع ش), and the split forms of the words evaders split
    whose first and last pieces both stand among its tokens (a few literal searches). Text the
    gate flagged gets the full-lexicon check in joins.space_split. (Checking every pair of words
    against the lexicon would halve the speed of restore: measured in BENCHMARKS.md.)"""
    pieces = _split_pieces_in(text)
    found = _fragments_at(text, _fragment_tokens().intersection(pieces))
    by_first, by_last = _split_forms()
    found_first = [by_first[token] for token in pieces if token in by_first]
    found_last = [by_last[token] for token in pieces if token in by_last] if found_first else []
    n = len(text)
    if found_last:
        for pair in set().union(*found_first) & set().union(*found_last):
            at = text.find(pair)
            while at != -1:
                end = at + len(pair)
                if not (at > 0 and _WORD_CHAR_RE.match(text[at - 1])) and not (
                    end < n and _WORD_CHAR_RE.match(text[end])
                ):
                    found.append((at, end))
                at = text.find(pair, at + 1)
    return found


def _split_pieces_in(text: str) -> set[str]:
    """The tokens of ``text`` that may be a piece of a word split by a space.

    Tokens are looked up as UTF-8 bytes: splitting bytes at ASCII whitespace and hashing them
    costs a third less than the same on ``str`` (the split forms hold plain spaces anyway).
    """
    encoded = text.encode("utf-8", "surrogatepass")
    return {token.decode() for token in _split_token_bytes().intersection(encoded.split())}


@lru_cache(maxsize=1)
def _split_token_bytes() -> frozenset[bytes]:
    by_first, by_last = _split_forms()
    return frozenset(token.encode() for token in _fragment_tokens() | set(by_first) | set(by_last))


@lru_cache(maxsize=1)
def _fragment_tokens() -> frozenset[str]:
    """Every token that is a fragment (joins.FRAGMENTS), with the quotes, brackets and
    punctuation that may stand around it (``"ا``, ``ة.``, ``ا»،``)."""
    opens = ["", *QUOTES_OPEN]
    closes = ["", *QUOTES_CLOSE, *WORD_END_PUNCT]
    closes += [q + p for q in QUOTES_CLOSE for p in WORD_END_PUNCT]
    return frozenset(o + f + c for f in joins.FRAGMENTS for o in opens for c in closes)


@lru_cache(maxsize=1)
def _split_forms() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The space-split forms of the sensitive words (``الاحت لال``) by the token their first
    piece makes (with an opening quote or bracket, too) and by the token their last piece makes
    (with closing quotes or punctuation, too). A text need only be searched for the forms whose
    two pieces both stand among its tokens."""
    by_first: dict[str, set[str]] = {}
    by_last: dict[str, set[str]] = {}
    for word in sensitive_words():
        stem = word[2:] if word.startswith("ال") else word
        forms = {word, "و" + word, "ف" + word, "ب" + word, "ل" + word}
        forms |= {"ال" + stem, "وال" + stem, "بال" + stem, "فال" + stem, "لل" + stem}
        for form in forms:
            for i in range(1, len(form)):
                if joins.is_split_word(form[:i], form[i:]):
                    pair = form[:i] + " " + form[i:]
                    for opening in ("", *QUOTES_OPEN):
                        by_first.setdefault(opening + form[:i], set()).add(pair)
                    for closing in ("", *QUOTES_CLOSE, *WORD_END_PUNCT):
                        by_last.setdefault(form[i:] + closing, set()).add(pair)
    return (
        {token: frozenset(pairs) for token, pairs in by_first.items()},
        {token: frozenset(pairs) for token, pairs in by_last.items()},
    )
