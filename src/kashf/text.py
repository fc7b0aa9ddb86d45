"""Arabic character classes and a one-to-one folding used for matching (not for output).

``fold`` maps each character to one character, so offsets in the folded text are offsets in
the input: matchers search the folded text and report spans of the original.
"""

from __future__ import annotations

import re

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
_NEEDS_VIEW_RE = re.compile("[" + "".join(sorted(SILENT)) + r"]|\s{2,}|[\t\n\r\u00a0]")


def matching_view(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded (:func:`fold`), without silent characters, whitespace runs as one space.

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
    prev_space = False
    for i, ch in enumerate(folded):
        if ch in SILENT:
            continue
        if ch.isspace():
            if prev_space:
                continue
            prev_space = True
            ch = " "
        else:
            prev_space = False
        out.append(ch)
        offsets.append(i)
    return "".join(out), offsets
