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

ARABIC_WORD_RE = re.compile(r"[\u0621-\u064a\u0671]+")


def fold(text: str) -> str:
    """Fold hamza/alef forms, alef maqsura and ta marbuta; length and offsets are preserved.

    >>> fold("إدلب والرقة ومنبج") == "ادلب والرقه ومنبج"
    True
    """
    return text.translate(_FOLD)
