"""Place spotting as stages: shared segmentation, no hidden state. Texts written for kashf."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kashf.gazetteer import Gazetteer, find_places
from kashf.gazetteer.candidates import hits, select
from kashf.gazetteer.phrases import drafts
from kashf.gazetteer.scan import scan


def _where(text: str) -> list[tuple[str, str]]:
    return [(m.location, m.admin1) for m in find_places(text)]


def test_a_clause_opened_by_fima_holds_its_own_namesake() -> None:
    # kashf.text cuts the clause at فيما: the Hama named in it, not the Lattakia before it,
    # decides which al-Mansura this is.
    text = "قصفت الطائرات اللاذقية وجبلة فيما اشتبك المسلحون في المنصورة ومدينة حماة"
    assert ("Mansura", "Hama") in _where(text)


def test_a_comma_before_a_list_of_villages_cuts_no_clause() -> None:
    text = "اشتبك المسلحون في حماة، وقرى المنصورة وكفرنبودة، وقصفت الطائرات اللاذقية وجبلة"
    assert ("Mansura", "Hama") in _where(text)


def test_the_scan_uses_the_sentences_and_clauses_of_kashf_text() -> None:
    text = "قصف على حلب. د.سامر قال إن القصف توقف، فيما اشتبك المسلحون قرب إدلب"
    sc = scan(text, Gazetteer.default())
    first, abbreviation, after_fima = text.index("حلب"), text.index("سامر"), text.index("اشتبك")
    assert sc.sentence_of(first) != sc.sentence_of(abbreviation)  # "." then a space ends it
    assert sc.sentence_of(abbreviation) == sc.sentence_of(after_fima)  # "د." does not
    assert sc.clause_of(abbreviation) != sc.clause_of(after_fima)


def test_candidates_are_frozen() -> None:
    sc = scan("قصفت الطائرات ريف حلب الشمالي", Gazetteer.default())
    (d,) = drafts(sc, select(sc, *hits(sc)))
    assert d.kind == "countryside"
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.kind = "place"  # type: ignore[misc]


_WORDS = st.sampled_from(
    ["قصفت", "الطائرات", "بلدة", "كفرنبل", "بريف", "إدلب", "الجنوبي", "المنصورة", "وحماة",
     "في", "قرب", "مدينة", "اللاذقية", "طريق", "حلب", "-", "دمشق", "،", ".", "قرية", "زعترينة"]
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(_WORDS, max_size=14), st.lists(_WORDS, max_size=14))
def test_no_state_carries_from_one_text_to_the_next(a: list[str], b: list[str]) -> None:
    first, other = " ".join(a), " ".join(b)
    before = find_places(first)
    find_places(other)
    assert find_places(first) == before
