"""The learned parts' scripts (texts written for kashf; scikit-learn not needed).

scripts/train_mention_filter.py: its labels are the scorer's pairs, its features read the
draft, and it refuses a held-out report. scripts/train_pair_coref.py: it sees the drafts before
coreference, its copy of corefer's steps is corefer, its decisions join and split as the model
says, its labels follow the scorer's agreement, and it refuses a held-out report."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kashf.cli.evaluate import gold_location
from kashf.extract import extract
from kashf.extract.score import score
from kashf.text import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _load(script: str) -> ModuleType:
    path = ROOT / "scripts" / f"{script}.py"
    spec = importlib.util.spec_from_file_location(f"kashf_{script}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"kashf_{script}"] = module  # dataclasses look modules up by name
    spec.loader.exec_module(module)
    return module


train = _load("train_mention_filter")
pair = _load("train_pair_coref")
TEXT = "قصفت قوات النظام بلدة كفرنبل في ريف إدلب أمس. واشتبكت فصائل المعارضة مع قسد قرب مدينة منبج."


def _gold(event_type: str, place: str, admin1: str) -> dict[str, Any]:
    return {"passage_id": "a", "event_type": event_type, "location_text": place, "admin1": admin1}


def test_labels_are_the_pairs_the_scorer_makes() -> None:
    records = [r for _f, r in train.candidates(TEXT, "2020-03-02")]
    golds = [
        _gold("Explosions/Remote violence", "كفرنبل", "Idleb"),
        _gold("Battles", "الميادين", "Deir ez Zor"),  # told nowhere in the text
    ]
    paired = train.pairs(golds, records)
    types = [records[p]["event_type"] for p in paired]
    assert types == ["Explosions/Remote violence"]
    assert len(paired) == score(golds, {"a": records}, location_key=gold_location).matched


def test_features_describe_the_draft_and_its_clause() -> None:
    (shelling, _), (clash, _) = train.candidates(TEXT, "2020-03-02")
    assert {"group=violence", "actor1=named", "place=clause", "lead=yes"} <= set(shelling)
    assert "clause:كفرنبل" in shelling and "clause:منبج" not in shelling  # its own clause only
    assert {"type=Battles", "actor2=named", "lead=no", "order=1"} <= set(clash)


def test_stem_keeps_a_first_letter_that_is_no_proclitic() -> None:
    assert [train._stem(w) for w in ("والقوات", "للنظام", "وقال", "بلدة", "فصائل")] == [
        "قوات",
        "نظام",
        "قال",
        "بلدة",
        "فصائل",
    ]


@pytest.mark.skipif(not (SHARED / "corpus" / "seed.txt").is_file(), reason="needs ../shared")
def test_a_held_out_id_among_the_training_reports_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"develop": [], "held_out": ["seed"]}), encoding="utf-8")
    monkeypatch.setattr(train, "SPLIT", split)
    monkeypatch.setattr(train, "TRAIN_SETS", ("seed",))
    with pytest.raises(SystemExit, match="held-out"):
        train.build_examples(SHARED)


# --- scripts/train_pair_coref.py ---------------------------------------------------------
DATE = "2021-06-14"
# One shelling told twice (a definite noun in the second sentence), then a clash elsewhere.
TOLD_TWICE = (
    "قصفت قوات النظام بلدة كفرنبل في ريف إدلب صباح اليوم. وأسفر القصف عن إصابة طفلين في "
    "كفرنبل. واشتبكت فصائل المعارضة مع قسد قرب مدينة منبج."
)


def test_pair_script_drafts_are_taken_before_coreference_and_corefer_is_put_back() -> None:
    _view, fr, build = pair.framed(TOLD_TWICE, DATE)
    assert len(fr.drafts) == 3
    joined = pair.corefer(pair.copied(fr.drafts))
    assert len(joined) == 2
    # The rules' path through the script is exactly extract's, and extract is whole again.
    records = [e.to_record() for e in extract(TOLD_TWICE, date=DATE).events]
    assert build(joined) == records
    assert len(records) == 2


def test_the_scripts_steps_of_corefer_are_corefer() -> None:
    _view, fr, build = pair.framed(TOLD_TWICE, DATE)
    rules = build(pair.corefer(pair.copied(fr.drafts)))
    assert build(pair.learned_corefer(fr.drafts, {}, "add", 2.0)) == rules
    assert len(fr.drafts[0].why) and fr.drafts[0].mentions == 1  # copies were fused, not these


def test_the_model_joins_and_splits_as_it_says() -> None:
    _view, fr, _build = pair.framed(TOLD_TWICE, DATE)
    apart = {(0, 1): 0.1, (0, 2): 0.1, (1, 2): 0.1}
    together = {(0, 1): 0.1, (0, 2): 0.9, (1, 2): 0.1}
    assert len(pair.learned_corefer(fr.drafts, apart, "veto", 0.5)) == 3  # the rules' join undone
    assert len(pair.learned_corefer(fr.drafts, apart, "replace", 0.5)) == 3
    assert len(pair.learned_corefer(fr.drafts, together, "replace", 0.5)) == 2
    # "add" keeps the rules' join and adds the model's: the clash joins the shelling's event.
    assert len(pair.learned_corefer(fr.drafts, together, "add", 0.5)) == 1


def test_pair_features_read_the_rules_and_the_text_between() -> None:
    view, fr, _build = pair.framed(TOLD_TWICE, DATE)
    starts = [s for s, _ in sentence_spans(view)]
    restated = set(pair.pair_features(view, starts, fr.drafts[0], fr.drafts[1]))
    assert {"rules_join=True", "anaphor=True", "same_location=True", "lead=True"} <= restated
    assert "sentences_apart=<=1" in restated
    other = set(pair.pair_features(view, starts, fr.drafts[0], fr.drafts[2]))
    assert {"rules_join=False", "type_rule=none", "sentences_apart=<=2"} <= other


def test_pair_labels_follow_the_gold_event_each_draft_points_at() -> None:
    _view, fr, build = pair.framed(TOLD_TWICE, DATE)
    records = build(fr.drafts)
    golds = [
        _gold("Battles", "منبج", "Aleppo"),
        _gold("Explosions/Remote violence", "كفرنبل", "Idleb"),
    ]
    assert [pair.anchor(golds, r) for r in records] == [1, 1, 0]
    assert pair.anchor(golds[:1], records[0]) is None  # no gold event of its kind


@pytest.mark.skipif(not (SHARED / "corpus" / "seed.txt").is_file(), reason="needs ../shared")
def test_a_held_out_id_stops_the_pair_script_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"develop": [], "held_out": ["seed"]}), encoding="utf-8")
    monkeypatch.setattr(pair.filter_script, "SPLIT", split)
    monkeypatch.setattr(pair.filter_script, "TRAIN_SETS", ("seed",))
    with pytest.raises(SystemExit, match="held-out"):
        pair.load_reports(SHARED)
