"""Arabic character classes and a one-to-one folding used for matching (not for output).

``fold`` maps each character to one character, so offsets in the folded text are offsets in
the input: matchers search the folded text and report spans of the original.
"""

from __future__ import annotations

import re

from kashf.rules import on, rule

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"  # tanween, vowels, shadda, sukun
TATWEEL = "\u0640"

_FOLD_FROM = "أإآٱؤئىةی"  # hamza carriers, alef wasla, alef maqsura, ta marbuta, Persian ye
_FOLD_TO = "اااايييهي"
_FOLD = str.maketrans(_FOLD_FROM, _FOLD_TO)


def fold(text: str) -> str:
    """Fold hamza/alef forms, alef maqsura and ta marbuta; length and offsets are preserved.

    >>> fold("إدلب والرقة ومنبج") == "ادلب والرقه ومنبج"
    True
    """
    return text.translate(_FOLD)


# Characters a matcher ignores: harakat, superscript alef, tatweel, and invisible format marks.
SILENT = frozenset(HARAKAT + TATWEEL + "\u0670\u200b\u200c\u200d\u200e\u200f\u2060\u00ad\ufeff")
_SILENT_CLASS = "".join(sorted(SILENT))
_NEEDS_VIEW_RE = re.compile("[" + _SILENT_CLASS + r"]|\s{2,}|[\t\n\r\u00a0]")
# A run of white space and silent characters that the view changes: it holds a silent
# character, white space other than a plain space, or two white-space characters.
_RUN_CHAR = "[\\s" + _SILENT_CLASS + "]"
_VIEW_RUN_RE = re.compile(
    _RUN_CHAR + "*(?:[" + _SILENT_CLASS + "]|[^\\S ]|\\s\\s)" + _RUN_CHAR + "*"
)
_SPACE_RE = re.compile(r"\s")


def matching_view(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded (:func:`fold`), without silent characters, whitespace runs as one space
    (one line break when the run holds one).

    Returns the view and, for each view character, its offset in ``text`` — or None when the
    view has the same offsets as ``text`` (nothing was dropped), the common case.

    >>> matching_view("قُوّات  النظام")
    ('قوات النظام', [0, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13])
    """
    folded = fold(text)
    if not _NEEDS_VIEW_RE.search(folded):
        return folded, None
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    # Only the runs that change something are visited (silent characters, white space other
    # than one space): the text between them is copied with its offsets in one step.
    for m in _VIEW_RUN_RE.finditer(folded):
        start, end = m.span()
        out.append(folded[pos:start])
        offsets.extend(range(pos, start))
        space = _SPACE_RE.search(folded, start, end)
        if space is not None:
            # A line break ends a sentence (a heading, a paragraph): a run of white space that
            # holds one stays a line break, so every stage sees the same sentences.
            out.append("\n" if "\n" in m.group() else " ")
            offsets.append(space.start())
        pos = end
    out.append(folded[pos:])
    offsets.extend(range(pos, len(folded)))
    return "".join(out), offsets


# --- segmentation: one definition of sentences and clauses for every stage ------------------

# Offsets are kept: ``fold`` is one to one, so the patterns (written in ordinary spelling) run
# on the folded text and their spans are spans of the text given.
_SENTENCE_END_RE = re.compile(r"[.!?؟؛\n]+(?=\s|$|[\"'»”])|\n")
# "...في ريف درعا.وقال ناشط": writers often leave out the space after a full stop. A full stop
# between a word of two letters or more and a letter ends the sentence; "د.محمد" (one letter, an
# abbreviation) and "13.5" do not.
_GLUED_END_RE = re.compile(r"(?<=[\u0621-\u064a]{2})\.(?=[\u0621-\u064a])")
# A comma before "و" and a settlement word continues a list of places ("... شرق البلدة، وقرى
# ..."), it starts no clause; "فيما", "كما", "في حين" ... start one.
_CLAUSE_BREAK_RE = re.compile(
    fold(
        r"[،,](?!\s*و(?:قرى|قرية|قريتي|بلدة|بلدات|بلدتي|مدينة|مدن|مدينتي|حي|حيي|أحياء)\s)|[:;]"
        r"| (?=(?:فيما|بينما|في حين|حيث|كما|بعد أن|عقب|إثر|ما أدى|مما أدى) )"
    )
)


def _spans(text: str, breaks: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` between ``breaks`` (each break kept with the span
    before it), empty stretches dropped."""
    spans: list[tuple[int, int]] = []
    pos = start
    for b0, b1 in breaks:
        if b1 > pos and text[pos:b0].strip():
            spans.append((pos, b1))
        pos = max(pos, b1)
    if text[pos:end].strip():
        spans.append((pos, end))
    return spans


LINE_BREAK = rule(
    "segmentation.line_break_ends_a_sentence",
    "segmentation",
    "A line break ends a sentence (a heading, a paragraph), unless the text is hard-wrapped: "
    "most of its lines stop mid-sentence, without punctuation.",
    "اعتقلت قسد شابين في بلدة الشحيل\nوقصفت قوات النظام بلدة كفرنبل -> an arrest and a "
    "shelling by the state's forces, each at its own place",
)
GLUED_FULL_STOP = rule(
    "segmentation.glued_full_stop",
    "segmentation",
    "A full stop between a word of two letters or more and a letter ends a sentence (writers "
    "leave out the space); one letter before it is an abbreviation (د.محمد), digits a number.",
    "اعتقلت قسد شابين في بلدة الشحيل.وقصفت قوات النظام بلدة كفرنبل -> an arrest and a "
    "shelling, each at its own place",
)
# Closing punctuation of a line (a wrapped line stops without it).
_LINE_CLOSED_RE = re.compile(r"[.!?؟؛:…\"'»”)\]]\s*$")


def hard_wrapped(text: str) -> bool:
    r"""Are most line breaks of ``text`` inside sentences (lines cut at a width, not at their
    end)? Three breaks at least, and over 60 % of the lines before them unpunctuated.

    >>> hard_wrapped("قال ناشطون ان قوات\nالنظام قصفت البلدة\nصباح اليوم وان عدد\nالقتلى ارتفع.")
    True
    >>> hard_wrapped("عنوان\nقصفت قوات النظام البلدة.\nوقال ناشط إن القصف توقف.\nوتابع.")
    False
    """
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return False
    open_lines = sum(1 for ln in lines[:-1] if not _LINE_CLOSED_RE.search(ln))
    return open_lines / (len(lines) - 1) > 0.6


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of ``text`` as ``(start, end)`` offsets, each with its closing punctuation.

    >>> t = "قصفت الطائرات البلدة.وقال ناشط إن القصف توقف. د.محمد بخير"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['قصفت الطائرات البلدة.', 'وقال ناشط إن القصف توقف.', ' د.محمد بخير']
    """
    folded = fold(text)
    lines_end = on(LINE_BREAK) and "\n" in folded and not hard_wrapped(folded)
    breaks = [
        (m.start(), m.end())
        for m in _SENTENCE_END_RE.finditer(folded)
        if lines_end or m.group().strip()  # a bare line break, when lines end sentences
    ]
    if on(GLUED_FULL_STOP):
        breaks += [(m.start(), m.end()) for m in _GLUED_END_RE.finditer(folded)]
    breaks.sort()
    return _spans(text, breaks, 0, len(text))


def clause_spans(text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Clauses of one sentence of ``text``: commas and semicolons that do not continue a list,
    and the words that open a clause (``فيما``, ``كما``, ``في حين``, ``بعد أن``).

    >>> t = "قصفت المدفعية البلدة، فيما اشتبك المقاتلون قربها"
    >>> [t[s:e] for s, e in clause_spans(t, (0, len(t)))]
    ['قصفت المدفعية البلدة،', 'فيما اشتبك المقاتلون قربها']
    """
    s0, s1 = sentence
    folded = fold(text[s0:s1])  # the sentence alone: a long text costs linear time
    breaks = [(s0 + m.start(), s0 + m.end()) for m in _CLAUSE_BREAK_RE.finditer(folded)]
    return _spans(text, breaks, s0, s1)
