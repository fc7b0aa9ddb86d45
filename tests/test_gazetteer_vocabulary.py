"""kashf.gazetteer.vocabulary: the place-spotting vocabularies are data, checked at load."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kashf.gazetteer.names import DIRECTIONS, HEAD_NOUNS, LOCATIVE_WORDS, NEAR_WORDS
from kashf.gazetteer.vocabulary import (
    CATEGORIES,
    VOCABULARY,
    VocabularyError,
    load_vocabulary,
)


def test_the_shipped_file_fills_every_category() -> None:
    assert all(VOCABULARY.words[c] for c in CATEGORIES)
    assert HEAD_NOUNS["ريف"] == "countryside"
    assert HEAD_NOUNS["قريه"] == "settlement"
    assert DIRECTIONS["الغربيه"] == 270.0
    assert "اطراف" in NEAR_WORDS and NEAR_WORDS <= LOCATIVE_WORDS


def test_words_are_folded_on_load() -> None:
    v = load_vocabulary("head_noun\tبلدة\tsettlement\nlocative\tإلى\n", "t.tsv", complete=False)
    assert dict(v.head_nouns) == {"بلده": "settlement"}
    assert v.set("locative") == {"الي"}


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        ("road\n", "expected category<TAB>word"),
        ("road\tطريق\t\tx\n", "expected category<TAB>word"),
        ("roads\tطريق\n", "unknown category 'roads'"),
        ("road\tM4\n", "is not Arabic letters"),
        ("road\tطريق\nroad\tطريق\n", "listed twice in road"),
        ("name_first\tبئر\nname_first\tبير\n", "listed twice in name_first"),  # the same folded
        ("road\tطريق\tsettlement\n", "road takes no value"),
        ("head_noun\tقرية\n", "kind must be one of"),
        ("head_noun\tقرية\tvillage\n", "kind must be one of"),
        ("direction\tالشرقي\t100\n", "bearing must be"),
        ("direction\tالشرقي\teast\n", "bearing must be"),
    ],
)
def test_a_bad_row_is_a_load_error_naming_file_and_row(rows: str, why: str) -> None:
    text = "# a comment\n\n" + rows
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(text, "mine.tsv", complete=False)
    bad_row = 2 + len(rows.splitlines())  # the last row is the bad one
    assert str(err.value).startswith(f"mine.tsv, row {bad_row}: ") and why in str(err.value)


def test_an_incomplete_file_is_an_error() -> None:
    with pytest.raises(VocabularyError, match="no words for"):
        load_vocabulary("road\tطريق\n", "mine.tsv")


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12))
def test_only_known_categories_load(category: str) -> None:
    row = f"{category}\tطريق\n"
    if category in CATEGORIES and CATEGORIES[category] == "":
        assert load_vocabulary(row, "h.tsv", complete=False).set(category) == {"طريق"}
    else:
        with pytest.raises(VocabularyError):
            load_vocabulary(row, "h.tsv", complete=False)
