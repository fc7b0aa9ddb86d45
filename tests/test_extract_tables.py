"""The extraction tables are data checked at load: a malformed row is an error naming it."""

from __future__ import annotations

import pytest

from kashf.extract.cues import load_cues
from kashf.extract.lexicon import (
    ActorRow,
    TriggerRow,
    _rows,
    check_actor_row,
    check_trigger_row,
    lexicon,
)


def _trigger(**kw: object) -> TriggerRow:
    base: dict[str, object] = dict(
        event_type="Battles",
        sub_event_type="Armed clash",
        group="violence",
        priority=50,
        role="clash",
        casualty="",
        retype=(),
        default_actor1="",
        default_actor2="",
    )
    base.update(kw)
    return TriggerRow(**base)  # type: ignore[arg-type]


def test_the_shipped_tables_load() -> None:
    lex = lexicon()
    assert lex.actors and lex.triggers and lex.counts


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"group": "violense"}, "unknown group"),
        ({"sub_event_type": "Air/drone strike"}, "not an ACLED pair"),
        ({"role": "subject"}, "unknown role"),
        ({"casualty": "dead"}, "casualty"),
        ({"retype": (("a1=x", "Battles", "Armed clash"),)}, "retype"),
        ({"retype": (("a2=7", "Battles", "Attack"),)}, "retype"),
    ],
)
def test_a_malformed_trigger_row_is_a_load_error(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_trigger_row(3, _trigger(**change), "اشتباك")


def test_a_malformed_actor_row_is_a_load_error() -> None:
    good = ActorRow("Hezbollah", 3, "", "", "", "named")
    check_actor_row(1, good)
    for bad, message in (
        (ActorRow("X", 3, "", "", "", "famous"), "unknown kind"),
        (ActorRow("X", 9, "", "", "", "named"), "inter code"),
        (ActorRow("X", 3, "", "2024/12/08", "", "named"), "YYYY-MM-DD"),
        (ActorRow("X", 1, "", "", "", "force", "new"), "unknown era"),
    ):
        with pytest.raises(ValueError, match=message):
            check_actor_row(7, bad)


def test_a_missing_or_broken_cue_is_a_load_error() -> None:
    rows = _rows("cues.tsv")
    load_cues(rows)
    with pytest.raises(ValueError, match="lacks former"):
        load_cues([r for r in rows if r["name"] != "former"])
    broken = [dict(r, pattern="(unclosed") if r["name"] == "origin" else r for r in rows]
    with pytest.raises(ValueError, match="does not compile"):
        load_cues(broken)
    with pytest.raises(ValueError, match="defined twice"):
        load_cues([*rows, rows[0]])
    with pytest.raises(ValueError, match="unknown cue"):
        load_cues([*rows, {"name": "spare", "kind": "words", "pattern": "x", "description": "y"}])
