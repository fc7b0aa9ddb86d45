"""The CI quality check (benchmarks/extract_quality.py --check) can fail."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from extract_quality import FLOORS, check


def test_a_figure_under_its_floor_or_over_its_ceiling_fails() -> None:
    floor = FLOORS["gold"]["f1"]
    assert check("gold", {"f1": floor + 0.01, "false_per_empty": 0.0}) == []
    assert check("gold", {"f1": floor - 0.01, "false_per_empty": 0.0})
    assert check("gold", {"f1": floor + 0.01, "false_per_empty": 0.5})
    assert check("gold", {"f1": None}) == []  # a measure a set lacks is not checked
