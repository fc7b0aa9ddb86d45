"""scripts/train_mention_filter.py: its labels are the scorer's pairs, its features read the
draft, and it refuses a held-out report. (Texts written for kashf; scikit-learn not needed.)"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kashf.cli.evaluate import gold_location
from kashf.extract.score import score

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _load() -> ModuleType:
    path = ROOT / "scripts" / "train_mention_filter.py"
    spec = importlib.util.spec_from_file_location("kashf_train_mention_filter", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kashf_train_mention_filter"] = module  # dataclasses look modules up by name
    spec.loader.exec_module(module)
    return module


train = _load()
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
