"""Character tables for restore, as data. Regex character-class strings end in ``_CLASS``."""

from __future__ import annotations

# Letters of Arabic words, including the look-alikes and dotless forms writers use in them.
ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671"
LOOKALIKE_LETTERS = "\u06a9\u06aa\u06cc\u06d2\u06c1\u06c3\u06d5\u06c0"  # ک ڪ ی ے ہ ۃ ە ۀ
DOTLESS_LETTERS = "\u066e\u066f\u06a1\u06ba"  # ٮ ٯ ڡ ں
PERSIAN_ONLY = "\u067e\u0686\u0698\u06af"  # پ چ ژ گ: a word with these is Persian, not ours
LETTER_CLASS = ARABIC_LETTERS + LOOKALIKE_LETTERS + DOTLESS_LETTERS
MARKS_CLASS = "\u064b-\u065f\u0670\u06d6-\u06ed"  # harakat, superscript alef, Quranic marks
TATWEEL = "\u0640"

# Invisible format characters used to break words: ZWSP, ZWNJ, ZWJ, LRM, RLM, ALM, bidi
# embeddings/isolates, word joiner and friends, soft hyphen, BOM, Mongolian vowel separator,
# combining grapheme joiner, Hangul fillers.
INVISIBLE_CLASS = (
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u00ad\ufeff\u180e\u034f"
    "\u115f\u1160\u3164\uffa0"
)

# Punctuation writers put inside a word (docs/architecture.md lists . , ، ؛ * _ - ~ | / •).
SEPARATOR_CLASS = r".,\u060c\u061b*_\-~|/\u2022\u00b7\u2027\u2010-\u2015\u2219"
# What may stand around a word inside its token: an opening quote or bracket before it, closing
# quotes, brackets and punctuation after it ("الشامية"، «حلب» (قوات).).
QUOTES_OPEN = "\"'«“(["
QUOTES_CLOSE = "\"'»”)]"
WORD_END_PUNCT = ".,\u060c\u061b:!?\u061f"  # . , ، ؛ : ! ? ؟

# Symbols that can stand inside a word as breakers or as a mask for a letter.
SYMBOL_CLASS = r":+^=\\$#@%&!?\u061f\u00a7\u00b0\u2605\u2606\u2665\u2764\u2713\u2714\u00d7\u00f7"
# Pictographs, dingbats and emoji (with their variation selectors and joiners).
EMOJI_CLASS = (
    "\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff"
    "\U0001f000-\U0001faff\ufe0f\ufe0e\u20e3"
)
# Symbols that can hide one letter (`ا*تيال`); emoji never do.
MASK_CHARS = frozenset("*$#@%&?\u061f_-~•·")

# Presentation forms (U+FB50..U+FDFF, U+FE70..U+FEFF) are undone by NFKC, except the
# honorific and ornamental ligatures, which are legitimate signs in clean text.
PRESENTATION_CLASS = "\ufb50-\ufdff\ufe70-\ufefc"
PRESENTATION_KEEP = frozenset(
    chr(c) for c in (*range(0xFD3E, 0xFD40), *range(0xFDF0, 0xFE00), *range(0xFD40, 0xFD50))
)

# Persian/Urdu letters standing for Arabic ones. A final ی is ambiguous (ي or ى): the lexicon
# chooses, see techniques.lookalike_letter.
LOOKALIKES = {
    "\u06a9": "\u0643",  # ک keheh → ك
    "\u06aa": "\u0643",  # ڪ swash kaf → ك
    "\u06cc": "\u064a",  # ی Farsi yeh → ي (or ى at the end)
    "\u06d2": "\u064a",  # ے yeh barree → ي
    "\u06c1": "\u0647",  # ہ heh goal → ه
    "\u06d5": "\u0647",  # ە ae → ه
    "\u06c3": "\u0629",  # ۃ teh marbuta goal → ة
    "\u06c0": "\u0629",  # ۀ heh with yeh above → ة
}

# Latin letters and digits standing for Arabic letters, by sound (Arabizi) or by shape.
# Longer keys first; each key may stand for several letters and the lexicon decides.
ARABIZI: dict[str, tuple[str, ...]] = {
    "sh": ("ش",), "ch": ("ش",), "kh": ("خ",), "gh": ("غ",), "th": ("ث", "ذ"), "dh": ("ذ", "ض"),
    "2": ("ء", "أ", "ئ", "ؤ"), "3": ("ع",), "5": ("خ",), "6": ("ط",), "7": ("ح",),
    "8": ("ق", "غ"), "9": ("و", "ق", "ص"), "4": ("ش",),
    "٢": ("ء",), "٣": ("ع",), "٧": ("ح",), "٩": ("و",), "٥": ("ه",), "١": ("ا",),
    "a": ("ا",), "b": ("ب",), "t": ("ت", "ط"), "j": ("ج",), "h": ("ه", "ح"), "d": ("د", "ض"),
    "r": ("ر",), "z": ("ز", "ظ"), "s": ("س", "ص"), "f": ("ف",), "q": ("ق",), "k": ("ك",),
    "l": ("ل", "ا"), "m": ("م",), "n": ("ن",), "w": ("و",), "y": ("ي",), "o": ("ه", "و"),
    "e": ("ي",), "i": ("ي",), "u": ("و",), "g": ("ج", "غ"), "v": ("ف",), "p": ("ب",),
    "1": ("ا",), "0": ("ه",), "x": ("كس",),
}  # fmt: skip

# Abbreviations written with dots between letters, never to be joined (docs/architecture.md).
ABBREVIATIONS = (
    "ج.م.ع", "ص.ب", "أ.د", "ا.د", "ش.م.م", "ذ.م.م", "ش.م.ل", "ش.م.ع", "ق.م", "م.م", "ص.ع",
    "ق.ظ", "ك.م", "ت.ت", "ر.س", "أ.ف.ب", "و.م.أ", "م.ع", "ه.ش", "ع.م", "ج.ع", "ل.س", "ل.ل",
    "د.ع", "د.أ", "ر.ق", "ح.ت.م",
)  # fmt: skip
