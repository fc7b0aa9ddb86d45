"""Token-level techniques: rejoin words broken by separators, symbols, digits, Latin letters or
spaces. The lexicon decides every join.

A *broken word* is a run of Arabic letter pieces with *gaps* between them (tatweel,
punctuation, symbols, emoji, digits, Latin letters, or spaces next to a tatweel). Each gap has
options — keep it (a word boundary), delete it, fill it with a letter it masks, or read it as
the Arabic letter it stands for — and each option has a prior (log10 units). A small dynamic
program picks the reading whose words are most probable in the lexicon. Words that are not in
the lexicon only win when the gap was unmistakably evasion (tatweel next to it), so clean text
such as ``الجيش.وقال`` or ``و/أو`` stays as it is.

Gap kinds and the technique each undoes:

=======================  ==========================  ============================
gap                      example                     technique
=======================  ==========================  ============================
tatweel only             ``فلسـطين``                 ``decorative_tatweel``
punctuation (+tatweel)   ``قـ.وات`` ``الهجـ. ـوم``   ``separator_in_word``
between every letter     ``د.ا.ع.ش``                 ``separator_every_letter``
symbol or emoji          ``دا🔥عش``                   ``symbol_in_word``
symbol hiding a letter   ``ا*تيال``                  ``letter_masked``
digit or Latin letters   ``ب9ست`` ``وداعـSh``        ``latin_digit_lookalike``
digit to drop            ``قو1ات``                   ``stray_digit``
=======================  ==========================  ============================
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from kashf.restore.chars import (
    ARABIZI,
    EMOJI_CLASS,
    LETTER_CLASS,
    MARKS_CLASS,
    MASK_CHARS,
    QUOTES_CLOSE,
    QUOTES_OPEN,
    SEPARATOR_CLASS,
    SYMBOL_CLASS,
    TATWEEL,
    WORD_END_PUNCT,
)
from kashf.restore.edits import Edit
from kashf.restore.lexicon import UNKNOWN, joinable, logp, zipf
from kashf.restore.protect import Protection
from kashf.text import ARABIC_LETTERS as ALPHABET

_PIECE = f"(?:[{LETTER_CLASS}][{MARKS_CLASS}]*)+"
_X = "A-Za-z0-9\u0660-\u0669\u06f0-\u06f9"
# No marks in a gap: a piece owns them (both owning them backtracks without end on a storm).
_TIGHT = f"[{TATWEEL}{SEPARATOR_CLASS}{SYMBOL_CLASS}{EMOJI_CLASS}{_X}]"
_SOFT = f"[{TATWEEL}{SEPARATOR_CLASS}]"
_GAP = f"(?:{_SOFT}+ {{1,3}}{_SOFT}*| {{1,3}}{_SOFT}+|{_TIGHT}+)"
_LEAD = f"(?<![{_X}])[{_X}]+"
_TRAIL = f"{TATWEEL}*[{_X}]+(?![{_X}])"
BROKEN_WORD_RE = re.compile(
    f"{_LEAD}{_PIECE}(?:{_GAP}{_PIECE})*(?:{_TRAIL})?"
    f"|{_PIECE}(?:{_GAP}{_PIECE})+(?:{_TRAIL})?"
    f"|{_PIECE}{_TRAIL}"
)
_PIECE_SPLIT_RE = re.compile(f"({_PIECE})")
_MARK_RE = re.compile(f"[{MARKS_CLASS}]")
_X_RE = re.compile(f"[{_X}]")
_SEP_CHARS_RE = re.compile(f"^[{TATWEEL}{SEPARATOR_CLASS} ]+$")
_ARABIZI_BY_FIRST: dict[str, list[str]] = {}  # keys by their first character, longer first
for _key in sorted(ARABIZI, key=len, reverse=True):
    _ARABIZI_BY_FIRST.setdefault(_key[0], []).append(_key)
_SEPARATOR_RE = re.compile(f"[{SEPARATOR_CLASS}]")
WORD_LINKS = frozenset("/-_|~:+=\\^\u2010\u2011\u2012\u2013\u2014\u2015")

NOT_A_WORD = float("-inf")  # a join that makes no word, across a gap that may be honest
WEAK, STRONG, CLEAR = 0, 1, 2
MAX_PIECES = 10  # pieces one word may span: keeps the search linear on hostile input
MAX_COMBINATIONS = 64
MAX_CHOICE_GAPS = 3  # gaps inside one word whose options are all tried


@dataclass(frozen=True, slots=True)
class _Option:
    replacement: str | None  # None: keep the gap (word boundary); "" delete; else new letters
    prior: float
    technique: str
    # How surely the gap is evasion, which sets what a word joined over it must be:
    # CLEAR (tatweel next to it) — anything; STRONG (spaced-out letters) — a word or a clitic
    # analysis of one; WEAK (punctuation that may be honest) — a listed word.
    evidence: int
    # Punctuation that honestly links two words (``و/أو``, ``شمال-شرق``): the joined word must
    # then be likelier than each of the two words it would replace.
    links_words: bool = False


@dataclass(frozen=True, slots=True)
class _Gap:
    start: int
    end: int
    text: str
    keep_prior: float
    options: tuple[_Option, ...]  # the non-keep options

    def _replace_options(self, options: Iterable[_Option]) -> _Gap:
        return _Gap(self.start, self.end, self.text, self.keep_prior, tuple(options))


def plain(piece: str) -> str:
    return _MARK_RE.sub("", piece)


def arabizi_readings(run: str) -> list[str]:
    """Arabic letters a run of Latin letters/digits may stand for (bounded)."""
    run = run.lower()
    readings = [""]
    i = 0
    while i < len(run):
        for key in _ARABIZI_BY_FIRST.get(run[i], ()):
            if run.startswith(key, i):
                readings = [r + a for r in readings for a in ARABIZI[key]][:MAX_COMBINATIONS]
                i += len(key)
                break
        else:
            return []
    return readings


def _classify(text: str, start: int, left: str, right: str, edge: bool) -> _Gap:
    """Options for one gap between the pieces ``left`` and ``right`` ('' at an edge)."""
    end = start + len(text)
    has_tatweel = TATWEEL in text
    if " " in text and (not has_tatweel or not _SEPARATOR_RE.search(text)):
        # A space is a real boundary unless tatweel and punctuation were put around it
        # (``الهجـ. ـوم``); ``لـ مراسل`` is an honest, detached preposition.
        return _Gap(start, end, text, 0.0, ())
    core = text.replace(" ", "")
    if set(core) <= {TATWEEL} and not edge:
        opt = _Option("", 0.0, "decorative_tatweel", CLEAR)
        return _Gap(start, end, text, -8.0, (opt,))
    if _X_RE.search(core):
        x_run = "".join(ch for ch in core if _X_RE.match(ch))
        if len(x_run) != len(core.replace(TATWEEL, "")):
            return _Gap(start, end, text, 0.0, ())  # digits mixed with symbols: leave it
        readings = arabizi_readings(x_run)
        sure = CLEAR if has_tatweel else WEAK
        opts = [_Option(r, -0.5, "latin_digit_lookalike", sure) for r in readings]
        if not edge and x_run.isdigit():
            opts.append(_Option("", -1.5, "stray_digit", WEAK))
        # Tatweel between Arabic and Latin/digits (not a protected ``بـ7``) is itself evasion,
        # and a digit glued to a word is odd enough that a reading which makes a listed word
        # wins (``تنص7`` → تنصح) while one that makes none leaves it (``سوريا1``).
        return _Gap(start, end, text, -4.0 if has_tatweel else -2.0, tuple(opts))
    if edge:
        return _Gap(start, end, text, 0.0, ())
    opts = []
    if _SEP_CHARS_RE.match(text):
        links = not has_tatweel and bool(set(core) & WORD_LINKS)
        opts.append(
            _Option(
                "",
                0.0 if has_tatweel else -0.5,
                "separator_in_word",
                CLEAR if has_tatweel else WEAK,
                links,
            )
        )
        keep = -6.0 if has_tatweel else 0.0
    else:
        opts.append(_Option("", -0.3, "symbol_in_word", CLEAR if has_tatweel else WEAK))
        keep = -2.0 if re.search(f"[{EMOJI_CLASS}]", core) else 0.0
    if len(set(core)) == 1 and core[0] in MASK_CHARS and not has_tatweel and left and right:
        word = (plain(left), plain(right))
        scored = sorted(((logp(word[0] + ch + word[1]), ch) for ch in ALPHABET), reverse=True)
        opts.extend(
            _Option(ch, -1.0, "letter_masked", WEAK) for lp, ch in scored[:3] if lp > UNKNOWN
        )
    return _Gap(start, end, text, keep, tuple(opts))


def _word_score(
    pieces: list[str], gaps: list[_Gap], i: int, k: int
) -> tuple[float, tuple[_Option, ...]]:
    """Best reading of pieces ``i..k`` as one word, choosing a non-keep option for each gap."""
    inner = gaps[i + 1 : k + 1]  # gaps[t] lies before pieces[t]
    if any(not g.options for g in inner):
        return float("-inf"), ()
    choices = [g.options for g in inner]
    total = 1
    for c in choices:
        total *= len(c)
    if total > MAX_COMBINATIONS or len(inner) > MAX_CHOICE_GAPS:
        # Bounded work on hostile input (random letters between separators): a long word is
        # read with the first option of each gap only.
        choices = [c[:1] for c in choices]
    best: float = float("-inf")
    best_combo: tuple[_Option, ...] = ()
    for combo in itertools.product(*choices):
        word = plain(pieces[i])
        prior = 0.0
        linked = 0.0  # the likeliest word a linking gap in this combination separates
        for t, (opt, piece) in enumerate(zip(combo, pieces[i + 1 : k + 1]), start=i + 1):
            word += (opt.replacement or "") + plain(piece)
            prior += opt.prior
            if opt.links_words:
                # Two real words on both sides (و/أو, سوريا-تركيا) are honestly linked; a
                # fragment on either side (الأها/لي, ق-و-ا-ت) is a broken word.
                left, right = plain(pieces[t - 1]), plain(piece)
                if is_word(left) and is_word(right):
                    linked = max(linked, zipf(left), zipf(right))
        if not word:
            return 0.0, combo
        lp = logp(word)
        evidence = min((o.evidence for o in combo), default=CLEAR)
        if evidence == WEAK:
            # Across a gap that may be honest punctuation (``و/أو``, ``الجيش.وقال``) the joined
            # form must be a listed word in its own right, not just a clitic analysis; and two
            # dotted letters are an abbreviation far more often than a word (``ل.س``).
            z = zipf(word)
            abbreviation = (
                len(combo) == 1 and combo[0].replacement == "" and _single_letters(pieces, i, k)
            )
            if z <= 0 or z <= linked or abbreviation:
                lp = NOT_A_WORD
        elif evidence == STRONG and lp <= UNKNOWN:
            lp = NOT_A_WORD
        if lp + prior > best:
            best, best_combo = lp + prior, combo
    return best, best_combo


def _segment(pieces: list[str], gaps: list[_Gap]) -> list[tuple[_Gap, _Option]]:
    """Choose gap options for one broken word; returns the gaps that change."""
    n = len(pieces)
    best = [float("-inf")] * (n + 1)
    back: list[tuple[int, tuple[_Option, ...]]] = [(0, ())] * (n + 1)
    best[0] = 0.0
    for j in range(1, n + 1):
        for i in range(max(0, j - MAX_PIECES), j):
            if best[i] == float("-inf"):
                continue
            score, combo = _word_score(pieces, gaps, i, j - 1)
            if score == float("-inf"):
                continue
            total = best[i] + score + (gaps[i].keep_prior if i > 0 else 0.0)
            if total > best[j]:
                best[j], back[j] = total, (i, combo)
    changes: list[tuple[_Gap, _Option]] = []
    j = n
    while j > 0:
        i, combo = back[j]
        changes.extend(zip(gaps[i + 1 : j], combo))
        j = i
    return changes


LINKED_WORD_ZIPF = 2.5  # a piece this common is a word in its own right, not a fragment


def is_word(piece: str) -> bool:
    return piece == "و" or (len(piece) > 1 and piece != "ال" and zipf(piece) >= LINKED_WORD_ZIPF)


def _single_letters(pieces: list[str], i: int, k: int) -> bool:
    return all(len(plain(p)) == 1 for p in pieces[i : k + 1])


def _every_letter(pieces: list[str], gaps: list[_Gap], changes: list[tuple[_Gap, _Option]]) -> bool:
    joined = {g.start for g, o in changes if o.technique == "separator_in_word"}
    return (
        len(joined) >= 2
        and len(joined) == len(gaps) - 1
        and all(len(plain(p)) == 1 for p in pieces if p)
    )


_SEED_RE = re.compile(
    f"[{LETTER_CLASS}][{MARKS_CLASS}]*{_TIGHT}+[{LETTER_CLASS}]"
    f"|[{_X}][{LETTER_CLASS}]|[{LETTER_CLASS}]{TATWEEL}*[{_X}]"
    f"|{TATWEEL}[{SEPARATOR_CLASS}]|[{SEPARATOR_CLASS}]{TATWEEL}"
)


def broken_words(text: str, protected: Protection) -> list[Edit]:
    """Rejoin words broken inside (see the module docstring for the gap kinds)."""
    edits: list[Edit] = []
    end = 0
    for seed in _SEED_RE.finditer(text):
        if seed.start() < end:
            continue
        # The window: the seed's token and one token on each side (a gap may hold spaces).
        lo = _token_start(text, _token_start(text, seed.start()) - 1)
        hi = _token_end(text, _token_end(text, seed.end()) + 1)
        for a, b in protected.free_spans(max(lo, end), hi):
            for m in BROKEN_WORD_RE.finditer(text, a, b):
                edits.extend(_restore_broken(text, m.start(), m.group()))
        end = hi
    return edits


def _token_start(text: str, pos: int) -> int:
    pos = max(pos, 0)
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _token_end(text: str, pos: int) -> int:
    n = len(text)
    pos = min(pos, n)
    while pos < n and not text[pos].isspace():
        pos += 1
    return pos


def _restore_broken(text: str, base: int, chunk: str) -> list[Edit]:
    parts = _PIECE_SPLIT_RE.split(chunk)  # [lead, piece, gap, piece, ..., piece, trail]
    pieces = [""] if parts[0] else []
    gap_texts = [parts[0]] if parts[0] else []
    pos = base + len(parts[0])
    gaps: list[_Gap] = []
    starts: list[int] = []
    if parts[0]:
        starts.append(base)
    for idx in range(1, len(parts), 2):
        piece, after = parts[idx], parts[idx + 1]
        pieces.append(piece)
        pos += len(piece)
        if after:
            gap_texts.append(after)
            starts.append(pos)
            pos += len(after)
    if parts[-1]:
        pieces.append("")
    # gaps[t] lies before pieces[t]; gaps[0] is a placeholder.
    gaps = [_Gap(base, base, "", 0.0, ())]
    for t in range(1, len(pieces)):
        edge = pieces[t - 1] == "" or pieces[t] == ""
        gaps.append(_classify(gap_texts[t - 1], starts[t - 1], pieces[t - 1], pieces[t], edge))
    if (
        len(pieces) >= 3
        and len(set(gap_texts)) == 1
        and _single_letters(pieces, 0, len(pieces) - 1)
    ):
        # One separator between every letter (ق-و-ا-ت): the separator hides no letter.
        gaps = [
            g._replace_options(o for o in g.options if o.technique != "letter_masked") for g in gaps
        ]
    changes = _segment(pieces, gaps)
    every = _every_letter(pieces, gaps, changes)
    edits = []
    for gap, opt in changes:
        tech = opt.technique
        if every and tech == "separator_in_word":
            tech = "separator_every_letter"
        edits.append(Edit(gap.start, gap.end, gap.text, opt.replacement or "", tech))
    edits.sort(key=lambda e: e.start)
    return edits


# Quotes, brackets and punctuation may stand around the letters: "د ا ع ش"، (ض ا ب ط).
_SPACED_RE = re.compile(
    f"(?<![^\\s{re.escape(QUOTES_OPEN)}])[{LETTER_CLASS}](?: [{LETTER_CLASS}]){{2,}}"
    f"(?![^\\s{re.escape(QUOTES_CLOSE + WORD_END_PUNCT)}])"
)


def spaced_letters(text: str, protected: Protection) -> list[Edit]:
    """Join words written letter by letter with spaces (``د ا ع ش`` → ``داعش``)."""
    edits: list[Edit] = []
    for m in _SPACED_RE.finditer(text):
        if protected.touches(m.start(), m.end()):
            continue
        pieces = m.group().split(" ")
        gaps = [_Gap(m.start(), m.start(), "", 0.0, ())]
        pos = m.start() + len(pieces[0])
        for _ in pieces[1:]:
            gaps.append(_Gap(pos, pos + 1, " ", 0.0, (_Option("", 0.0, "spaced_letters", STRONG),)))
            pos += 2
        for gap, opt in _segment(pieces, gaps):
            edits.append(Edit(gap.start, gap.end, gap.text, "", opt.technique))
    edits.sort(key=lambda e: e.start)
    return edits


_NOT_WORD_EDGE = f"[\\w{TATWEEL}{MARKS_CLASS}]"
_WORD_PAIR_RE = re.compile(
    f"(?<!{_NOT_WORD_EDGE})([{LETTER_CLASS}]+) ([{LETTER_CLASS}]+)(?!{_NOT_WORD_EDGE})"
)
_ARABIC_TOKEN_RE = re.compile(f"[{LETTER_CLASS}]+")
SPLIT_MARGIN = 0.05  # the joined word must be likelier than either piece by this (Zipf)


def _piece_zipf(piece: str) -> float:
    return zipf(piece) if len(piece) > 1 or piece == "و" else 0.0


def is_split_word(a: str, b: str) -> bool:
    """``a b`` is one word split by a space: the join is likelier than either piece."""
    return zipf(a + b) > max(_piece_zipf(a), _piece_zipf(b)) + SPLIT_MARGIN


# Pieces a space leaves that are no word of their own: one letter (the conjunction و is a word),
# the bare article with or without its clitic.
FRAGMENTS = frozenset(
    {*(ch for ch in ALPHABET if ch != "و"), "ال", "وال", "بال", "فال", "كال", "لل", "ولل"}
)


def is_fragment(piece: str) -> bool:
    return piece in FRAGMENTS


def space_split(text: str, protected: Protection) -> list[Edit]:
    """Join a word split in two by a space (``الاحت لال`` → ``الاحتلال``, ``ن قلت`` → ``نقلت``).

    Only when the joined word is a common word (Zipf >= 3), and either likelier than each
    piece or made with a piece that is no word at all (:data:`FRAGMENTS`). A fragment may
    also make a rarer listed word (``سراق ب`` → ``سراقب``), and goes to the neighbour it
    repairs most. In clean news this never fires between two real words (measured in
    BENCHMARKS.md).
    """
    words = joinable()
    edits: list[Edit] = []
    done = 0  # a word joined to the one before it pairs with no other
    # The pairs of neighbouring letter runs that may join, in order; each is then checked to be
    # two words with one space between them (_WORD_PAIR_RE) and judged.
    for first, second in pairwise(_ARABIC_TOKEN_RE.finditer(text)):
        a, b = first.group(), second.group()
        joined = a + b
        if first.start() < done or not (
            joined in words
            or ((a in FRAGMENTS) != (b in FRAGMENTS) and zipf(joined) >= FRAGMENT_JOIN_ZIPF)
        ):
            # No common word, nor a listed one (if a rarer one) made with a fragment; not a
            # clitic analysis: any word takes a fragment ب or س as a clitic, ``س الخميس``.
            continue
        m = _WORD_PAIR_RE.match(text, first.start())
        if (
            m is not None
            and m.start(2) == second.start()
            and not protected.touches(m.start(), m.end())
            and _joins(text, m)
        ):
            edits.append(Edit(m.start(2) - 1, m.start(2), " ", "", "space_split"))
            done = m.end()
    return edits


def _joins(text: str, m: re.Match[str]) -> bool:
    a, b = m.group(1), m.group(2)
    if is_split_word(a, b):
        return True
    if is_fragment(a) == is_fragment(b):
        # Two pieces that are no fragments: one of them no word at all (``عن صرين``) is
        # enough when the join is a common word.
        return not is_fragment(a) and a + b in joinable() and min(zipf(a), zipf(b)) == 0.0
    # One piece is a fragment: it belongs to the neighbour it repairs most (``أن ا لدورية``:
    # to لدورية, which is no word, not to أن, which is one), measured as the Zipf the join
    # gains over that neighbour alone.
    other = b if is_fragment(a) else a
    gain = zipf(a + b) - zipf(other)
    if gain < -FRAGMENT_LOSS:
        return False
    if other == a:
        if text[m.end() : m.end() + 1] not in _TOKEN_ENDS:
            return False  # ``ا❤️لفطرواي``: the letter is a piece of a word broken otherwise
        nxt = _WORD_PAIR_RE.match(text, m.start(2))
        alt = nxt.group(2) if nxt else ""
    else:
        if text[m.start() - 1 : m.start()] not in _TOKEN_STARTS:
            return False
        before = _WORD_BEFORE_RE.search(text, 0, m.start(1))
        alt = before.group(1) if before else ""
    if not alt:
        return True
    # A neighbour on the other side that is no word wants the fragment more (``ا لخابور``),
    # even when the lexicon does not list what they make together.
    joined = alt + a if other == b else b + alt
    return zipf(alt) > 0.0 and gain >= _gain(joined, alt)


_TOKEN_ENDS = frozenset(("", " ", "\n", "\t", *QUOTES_CLOSE, *WORD_END_PUNCT))
_TOKEN_STARTS = frozenset(("", " ", "\n", "\t", *QUOTES_OPEN))


def _gain(joined: str, neighbour: str) -> float:
    """What joining a fragment to ``neighbour`` gains (nothing when the join is no word)."""
    if zipf(joined) < FRAGMENT_JOIN_ZIPF:
        return float("-inf")
    return zipf(joined) - zipf(neighbour)


FRAGMENT_JOIN_ZIPF = 2.5  # how rare a listed word a fragment may make


FRAGMENT_LOSS = 1.5  # a fragment may join a word that is this much commoner than the join
_WORD_BEFORE_RE = re.compile(f"(?<!{_NOT_WORD_EDGE})([{LETTER_CLASS}]+) $")
