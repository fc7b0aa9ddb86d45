"""scripts/train_pair_coref.py: it sees the drafts before coreference, its copy of corefer's
steps is corefer, its decisions join and split as the model says, its labels are the scorer's
agreement, and it refuses a held-out report. (Texts written for kashf; no scikit-learn.)"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kashf.extract import extract
from kashf.text import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _load() -> ModuleType:
    path = ROOT / "scripts" / "train_pair_coref.py"
    spec = importlib.util.spec_from_file_location("kashf_train_pair_coref", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kashf_train_pair_coref"] = module  # dataclasses look modules up by name
    spec.loader.exec_module(module)
    return module


train = _load()
DATE = "2021-06-14"
# One shelling told twice (a definite noun in the second sentence), then a clash elsewhere.
TOLD_TWICE = (
    "قصفت قوات النظام بلدة كفرنبل في ريف إدلب صباح اليوم. وأسفر القصف عن إصابة طفلين في "
    "كفرنبل. واشتبكت فصائل المعارضة مع قسد قرب مدينة منبج."
)


def test_drafts_are_taken_before_coreference_and_corefer_is_put_back() -> None:
    _view, fr, build = train.framed(TOLD_TWICE, DATE)
    assert len(fr.drafts) == 3
    joined = train.corefer(train.copied(fr.drafts))
    assert len(joined) == 2
    # The rules' path through the script is exactly extract's, and extract is whole again.
    records = [e.to_record() for e in extract(TOLD_TWICE, date=DATE).events]
    assert build(joined) == records
    assert len(records) == 2


def test_the_scripts_steps_of_corefer_are_corefer() -> None:
    _view, fr, build = train.framed(TOLD_TWICE, DATE)
    rules = build(train.corefer(train.copied(fr.drafts)))
    assert build(train.learned_corefer(fr.drafts, {}, "add", 2.0)) == rules
    assert len(fr.drafts[0].why) and fr.drafts[0].mentions == 1  # copies were fused, not these


def test_the_model_joins_and_splits_as_it_says() -> None:
    _view, fr, _build = train.framed(TOLD_TWICE, DATE)
    apart = {(0, 1): 0.1, (0, 2): 0.1, (1, 2): 0.1}
    together = {(0, 1): 0.1, (0, 2): 0.9, (1, 2): 0.1}
    assert len(train.learned_corefer(fr.drafts, apart, "veto", 0.5)) == 3  # the rules' join undone
    assert len(train.learned_corefer(fr.drafts, apart, "replace", 0.5)) == 3
    assert len(train.learned_corefer(fr.drafts, together, "replace", 0.5)) == 2
    # "add" keeps the rules' join and adds the model's: the clash joins the shelling's event.
    assert len(train.learned_corefer(fr.drafts, together, "add", 0.5)) == 1


def test_pair_features_read_the_rules_and_the_text_between() -> None:
    view, fr, _build = train.framed(TOLD_TWICE, DATE)
    starts = [s for s, _ in sentence_spans(view)]
    restated = set(train.pair_features(view, starts, fr.drafts[0], fr.drafts[1]))
    assert {"rules_join=True", "anaphor=True", "same_location=True", "lead=True"} <= restated
    assert "sentences_apart=<=1" in restated
    other = set(train.pair_features(view, starts, fr.drafts[0], fr.drafts[2]))
    assert {"rules_join=False", "type_rule=none", "sentences_apart=<=2"} <= other


def _gold(event_type: str, place: str, admin1: str) -> dict[str, Any]:
    return {"passage_id": "a", "event_type": event_type, "location_text": place, "admin1": admin1}


def test_labels_follow_the_gold_event_each_draft_points_at() -> None:
    _view, fr, build = train.framed(TOLD_TWICE, DATE)
    records = build(fr.drafts)
    golds = [
        _gold("Battles", "منبج", "Aleppo"),
        _gold("Explosions/Remote violence", "كفرنبل", "Idleb"),
    ]
    assert [train.anchor(golds, r) for r in records] == [1, 1, 0]
    assert train.anchor(golds[:1], records[0]) is None  # no gold event of its kind


@pytest.mark.skipif(not (SHARED / "corpus" / "seed.txt").is_file(), reason="needs ../shared")
def test_a_held_out_id_among_the_training_reports_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"develop": [], "held_out": ["seed"]}), encoding="utf-8")
    monkeypatch.setattr(train, "SPLIT", split)
    monkeypatch.setattr(train, "TRAIN_SETS", ("seed",))
    with pytest.raises(SystemExit, match="held-out"):
        train.load_reports(SHARED)
