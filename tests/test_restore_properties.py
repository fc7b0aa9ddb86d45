"""Property tests (hypothesis) for the ``kashf.restore`` contract.

Whatever the input: restore never raises, its edits replay to its text, are sorted,
non-overlapping, inside the raw text and quote it exactly, the score is in 0..1, and
``raw_span`` stays in bounds and maps unedited text one to one. On Arabic-heavy text and on
synthetic obfuscations restore is idempotent; on plain Arabic prose it changes nothing.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kashf
from arabic_sentences import CLEAN_SENTENCES, PLAIN_WORDS
from kashf import Restoration
from obfuscator import sample

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

ARABIC = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
TATWEEL = "\u0640"
PUNCT = ".,،؛*_-~|/•:!?؟()«»\"'#@$%"
INVISIBLE = "\u200c\u200b\u200d\u00ad\u200f\u200e\u2060\ufeff"
LOOKALIKE = "ٮںڡٯکیہےڪ"  # dotless skeletons, Persian/Urdu letters
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩"
LATIN = "abcdhkstwyzABSHT"

# Weighted so that Arabic letters dominate but every kind of noise shows up often.
arabic_heavy = st.text(
    alphabet=st.one_of(
        st.sampled_from(ARABIC),
        st.sampled_from(ARABIC),
        st.sampled_from(ARABIC),
        st.sampled_from(" " * 3 + "\n"),
        st.sampled_from(HARAKAT + TATWEEL),
        st.sampled_from(PUNCT),
        st.sampled_from(INVISIBLE + LOOKALIKE),
        st.sampled_from(DIGITS + LATIN),
    ),
    max_size=120,
)

presentation_forms = st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFC)
mixed_scripts = st.lists(
    st.one_of(
        st.sampled_from(ARABIC + " "),
        st.characters(min_codepoint=0x41, max_codepoint=0x7A),  # Latin and ASCII punctuation
        st.characters(min_codepoint=0x400, max_codepoint=0x44F),  # Cyrillic
        st.characters(min_codepoint=0x5D0, max_codepoint=0x5EA),  # Hebrew
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),  # CJK
        st.characters(min_codepoint=0x1F300, max_codepoint=0x1F6FF),  # emoji
        st.sampled_from(["\ufe0f", "\u200d", "🇸🇾", "❤️", "👍🏽"]),
        presentation_forms,
        st.characters(min_codepoint=0x600, max_codepoint=0x6FF),  # the whole Arabic block
    ),
    max_size=120,
).map("".join)  # a list, not an alphabet: some "characters" above are grapheme sequences

# Plain prose: real words, single spaces, Western numbers, punctuation only at word ends.
plain_token = st.one_of(
    st.tuples(st.sampled_from(PLAIN_WORDS), st.sampled_from(["", "", "", "،", ".", "؛", ":", "؟",
                                                             "!"])).map("".join),
    st.integers(0, 99999).map(str),
)
plain_arabic = st.lists(plain_token, min_size=1, max_size=25).map(" ".join)

obfuscated = st.integers(0, 10**9).map(lambda s: sample(s, n_words=3).text)
clean_sentence = st.sampled_from(CLEAN_SENTENCES)


def check_contract(raw: str, r: Restoration) -> None:
    assert isinstance(r, Restoration)
    assert isinstance(r.text, str)
    assert r.raw == raw
    assert isinstance(r.score, float) and math.isfinite(r.score) and 0.0 <= r.score <= 1.0
    prev_end = 0
    for e in r.edits:
        assert isinstance(e, kashf.Edit)
        assert 0 <= e.start <= e.end <= len(raw), e
        assert e.start >= prev_end, f"edits overlap or are unsorted: {r.edits}"
        assert raw[e.start : e.end] == e.original, e
        assert e.original != e.replacement, f"no-op edit {e}"
        assert e.technique and isinstance(e.technique, str), e
        prev_end = e.end
    assert kashf.apply_edits(raw, r.edits) == r.text
    if not r.edits:
        assert r.text == raw


def check_raw_span(r: Restoration, data: st.DataObject) -> None:
    n = len(r.text)
    s = data.draw(st.integers(0, n), label="start")
    e = data.draw(st.integers(s, n), label="end")
    rs, re_ = r.raw_span(s, e)
    assert 0 <= rs <= re_ <= len(r.raw), (s, e, rs, re_)
    # Unedited stretches of the restored text map one to one onto the raw text.
    gaps = []
    pos_raw = pos_txt = 0
    for ed in r.edits:
        gaps.append((pos_txt, pos_txt + ed.start - pos_raw, pos_raw))
        pos_txt += ed.start - pos_raw + len(ed.replacement)
        pos_raw = ed.end
    gaps.append((pos_txt, pos_txt + len(r.raw) - pos_raw, pos_raw))
    g_start, g_end, g_raw = data.draw(st.sampled_from(gaps), label="gap")
    a = data.draw(st.integers(g_start, g_end), label="a")
    b = data.draw(st.integers(a, g_end), label="b")
    if a == b:
        return  # an empty span at an edit's edge may legitimately sit on either side of it
    expected = (g_raw + a - g_start, g_raw + b - g_start)
    assert r.raw_span(a, b) == expected, (a, b, r.edits)
    assert r.raw[expected[0] : expected[1]] == r.text[a:b]


@SETTINGS
@given(st.text())
def test_arbitrary_unicode(raw: str) -> None:
    check_contract(raw, kashf.restore(raw))


@SETTINGS
@given(arabic_heavy)
def test_arabic_heavy(raw: str) -> None:
    check_contract(raw, kashf.restore(raw))


@SETTINGS
@given(mixed_scripts)
def test_mixed_scripts(raw: str) -> None:
    check_contract(raw, kashf.restore(raw))


@SETTINGS
@given(obfuscated)
def test_obfuscated_contract(raw: str) -> None:
    check_contract(raw, kashf.restore(raw))


@SETTINGS
@given(arabic_heavy)
def test_idempotent_on_arabic_heavy(raw: str) -> None:
    once = kashf.restore(raw).text
    assert kashf.restore(once).text == once


@SETTINGS
@given(obfuscated)
def test_idempotent_on_obfuscated(raw: str) -> None:
    once = kashf.restore(raw).text
    assert kashf.restore(once).text == once


@SETTINGS
@given(plain_arabic)
def test_plain_arabic_is_byte_identical(raw: str) -> None:
    r = kashf.restore(raw)
    assert r.text == raw and not r.edits, r.edits


@SETTINGS
@given(clean_sentence)
def test_clean_sentences_are_byte_identical(raw: str) -> None:
    r = kashf.restore(raw)
    assert r.text == raw and not r.edits, r.edits


@SETTINGS
@given(st.one_of(arabic_heavy, obfuscated, mixed_scripts), st.data())
def test_raw_span(raw: str, data: st.DataObject) -> None:
    check_raw_span(kashf.restore(raw), data)


def test_idempotent_when_each_repair_reveals_the_next() -> None:
    # found by hypothesis: the dotless letter makes "A" a letter, which makes "0" one, after
    # which the zero-width space stands inside a word; three rounds were not enough
    once = kashf.restore("ٮA0\u200b0").text
    assert kashf.restore(once).text == once
