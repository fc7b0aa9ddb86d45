"""The running-text generator (tests/running_text.py) does what it says, and restore undoes it.

The generator is checked first (every figure of ``benchmarks/restore_synthetic.py`` rests on
it): it is seeded, breaks about the share of words asked for, picks words whatever their
frequency, keeps quotes and punctuation in place, and each technique is what its name says.
"""

from __future__ import annotations

import random
import re

import pytest

from arabic_sentences import POSTS
from running_text import NEW_TECHNIQUES, RUNNING_TECHNIQUES, obfuscate_running

MARKS = re.compile("[\u064b-\u0652]")


def test_same_seed_same_text() -> None:
    for t in RUNNING_TECHNIQUES:
        a = obfuscate_running(POSTS[0], random.Random(t), technique=t, rate=0.2)
        b = obfuscate_running(POSTS[0], random.Random(t), technique=t, rate=0.2)
        assert a == b


@pytest.mark.parametrize("rate", [0.05, 0.2])
def test_breaks_the_share_of_words_asked(rate: float) -> None:
    words = broken = 0
    for i, post in enumerate(POSTS):
        o = obfuscate_running(post, i, technique="tatweel_dot", rate=rate)
        words += len(o.breaks) + len(o.kept)
        broken += len(o.breaks)
    assert abs(broken / words - rate) < 0.04, broken / words


def test_any_word_may_be_broken_not_only_known_ones() -> None:
    """Made-up words (in no lexicon) are broken like any other: the choice asks no lexicon."""
    text = " ".join(["قزبلوت", "مشطحون", "فرنكوزة"] * 10)
    o = obfuscate_running(text, 1, technique="tatweel_dot", rate=0.5)
    assert {b.clean for b in o.breaks} == {"قزبلوت", "مشطحون", "فرنكوزة"}


def test_quotes_and_punctuation_stay_around_the_broken_word() -> None:
    text = "قال \"الرقة\" ثم «المجلس»، ثم (عناصر). " * 8
    seen = set()
    for seed in range(30):
        o = obfuscate_running(text, seed, technique="spaced_letters", rate=0.5)
        for b in o.breaks:
            before, after = o.text[b.start - 1], o.text[b.end : b.end + 1]
            assert o.clean[b.clean_start - 1] == before
            assert o.clean[b.clean_end : b.clean_end + 1] == after
            seen.add(before + after)
    assert {'""', "«»", "()"} <= seen


def test_positions_include_the_one_before_the_last_letter() -> None:
    lasts = 0
    for seed in range(200):
        o = obfuscate_running(POSTS[1], seed, technique="emoji_inside", rate=0.2)
        lasts += sum(b.broken[:-1] != b.clean[:-1] and b.broken[-1] == b.clean[-1]
                     and not b.broken[-2].isalpha() for b in o.breaks)
    assert lasts > 0


def test_new_techniques_are_what_they_say() -> None:
    seen = dict.fromkeys(NEW_TECHNIQUES, 0)
    for i, post in enumerate(POSTS):
        for t in NEW_TECHNIQUES:
            for b in obfuscate_running(post, i, technique=t, rate=0.2).breaks:
                seen[t] += 1
                if t == "random_marks":
                    marked = len(re.findall("[^\u064b-\u0652][\u064b-\u0652]", b.broken))
                    assert MARKS.sub("", b.broken) == b.clean
                    assert marked >= max(2, 0.45 * len(b.clean)), b
                elif t == "random_split":
                    assert b.broken.count(" ") == 1 and b.broken.replace(" ", "") == b.clean
                elif t == "word_dotless":
                    assert len(b.broken) == len(b.clean) and re.search("[ٮںڡٯ]|ى.", b.broken)
                else:
                    assert b.broken == b.clean[:-1] + "ے" and b.clean.endswith("ى")
    assert all(n >= 20 for n in seen.values()), seen


def test_mixed_uses_many_techniques() -> None:
    used = {b.technique for i, post in enumerate(POSTS)
            for b in obfuscate_running(post, i, technique=None, rate=0.2).breaks}
    assert len(used) >= 15, used
