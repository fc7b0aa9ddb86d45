"""kashf.merge_events: per-report events from reports we wrote ourselves → real-world events."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kashf
from kashf import coref
from kashf.merge import RecordError
from kashf.rules import switched_off
from merge_records import record

# (id, report date, source, text): our own wording, in the styles of local outlets.
ARIHA = [
    ("ar-1", "2024-03-07", "شبكة الشمال",
     "قتل أربعة مدنيين بينهم طفلان جراء قصف مدفعي لقوات النظام على مدينة أريحا جنوبي إدلب."),
    ("ar-2", "2024-03-07", "مرصد الريف",
     "ارتفع عدد ضحايا القصف المدفعي على أريحا إلى ستة قتلى مدنيين."),
    ("ar-3", "2024-03-08", "قناة الخبر",
     "قصفت مدفعية النظام أمس مدينة اريحا في ريف ادلب ما أسفر عن مقتل خمسة مدنيين."),
    ("ar-4", "2024-03-07", "صفحة أهالي أريحا", "قصف مدفعي يستهدف ريف أريحا ومقتل 4 مدنيين."),
]  # fmt: skip
KASRA = [
    ("ks-1", "2024-03-07", "شبكة الفرات",
     "اشتباكات عنيفة بين قسد وعناصر داعش في محيط بلدة الكسرة بريف دير الزور الغربي أسفرت عن "
     "مقتل ثلاثة من قسد."),
    ("ks-2", "2024-03-08", "موقع الشرقية",
     "هاجم مسلحو تنظيم داعش أمس نقاطا لقسد في الكسرة غرب دير الزور وقتلوا اثنين من عناصرها."),
]  # fmt: skip
# The same town three days later: another event.
ARIHA_LATER = [
    ("ar-9", "2024-03-10", "شبكة الشمال",
     "قصف مدفعي لقوات النظام على مدينة أريحا دون أنباء عن إصابات."),
]  # fmt: skip


def extracted(reports: list[tuple[str, str, str, str]], **meta: Any) -> list[dict[str, Any]]:
    records = []
    for rid, date, source, text in reports:
        for rec in kashf.extract(text, date=date, id=rid).to_records():
            records.append({**rec, "source": source, "url": f"https://example.org/{rid}", **meta})
    return records


def by_reports(rows: list[dict[str, Any]]) -> dict[tuple[str, ...], dict[str, Any]]:
    return {tuple(r["report_ids"]): r for r in rows}


def test_one_event_told_by_four_outlets_and_another_day_apart() -> None:
    rows = list(kashf.merge_events(extracted(ARIHA + ARIHA_LATER)))
    events = by_reports(rows)
    assert set(events) == {("ar-1", "ar-2", "ar-3", "ar-4"), ("ar-9",)}
    ev = events["ar-1", "ar-2", "ar-3", "ar-4"]
    assert ev["n_reports"] == 4
    assert ev["fatalities_reported"] == [4, 6, 5, 4]
    assert ev["fatalities"] == 4  # ACLED: the most conservative figure
    assert ev["event_date"] == "2024-03-07"  # «أمس» in the report of the 8th
    assert (ev["location"], ev["geo_precision"]) == ("Ariha", 1)  # the town, not its countryside
    assert ev["actor1"] == "Military Forces of Syria"  # named beats missing
    assert len(ev["sources"]) == 4 and len(ev["urls"]) == 4
    assert coref.PLACE_CONTAINED in ev["why"] and coref.CONSERVATIVE_TOLL in ev["why"]
    assert "6" in ev["notes"]  # the disputed toll is noted, as ACLED does


def test_a_battle_told_from_both_sides_a_day_later() -> None:
    (ev,) = kashf.merge_events(extracted(KASRA))
    assert ev["report_ids"] == ["ks-1", "ks-2"]
    assert coref.BATTLE_EITHER_ORDER in ev["why"]
    assert ev["fatalities"] == 2


def test_two_events_one_day_one_governorate_stay_apart() -> None:
    rows = list(
        kashf.merge_events(
            [
                record("a"),
                record("b", location="Tabqa", admin2="Ath-Thawrah", admin3="Al-Thawrah"),
                record(
                    "c",
                    event_type="Battles",
                    sub_event_type="Armed clash",
                    actor2="Islamic State (Syria)",
                    inter2=2,
                ),
            ]
        )
    )
    assert len(rows) == 3


def test_the_same_place_on_another_day_is_another_event() -> None:
    rows = list(kashf.merge_events([record("a"), record("b", event_date="2024-06-03")]))
    assert len(rows) == 2


def test_a_relative_date_may_be_a_day_off_a_written_one_may_not() -> None:
    relative = record("b", event_date="2024-06-03", time_precision=2)
    (row,) = kashf.merge_events([record("a"), relative])
    assert row["event_date"] == "2024-06-02" and coref.DAY_SHIFT in row["why"]
    three_days = record("c", event_date="2024-06-04", time_precision=2)
    assert len(list(kashf.merge_events([record("a"), three_days]))) == 2


def test_a_report_telling_two_events_never_merges_with_itself() -> None:
    one_report = [record("a"), record("a", evidence_start=41, evidence_end=80)]
    rows = list(kashf.merge_events([*one_report, record("b")]))
    assert sorted(r["n_reports"] for r in rows) == [1, 2]
    with switched_off(coref.NOT_SAME_REPORT):
        assert len(list(kashf.merge_events(one_report))) == 1


def test_each_event_of_a_two_event_report_joins_its_own_retellings() -> None:
    shelling = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor2": None,
        "inter2": None,
    }
    two = [record("a"), record("a", evidence_start=41, evidence_end=90, **shelling)]
    rows = by_reports(list(kashf.merge_events([*two, record("b"), record("c", **shelling)])))
    assert set(rows) == {("a", "b"), ("a", "c")}


def test_reposts_join_but_do_not_count_as_sources() -> None:
    original = extracted(ARIHA[:1])
    reposts = [
        {**rec, "id": f"fw-{i}", "source": f"قناة {i}", "duplicate_of": "ar-1"}
        for i in range(3)
        for rec in original
    ]
    (ev,) = kashf.merge_events(original + reposts)
    assert ev["n_reports"] == 1 and ev["sources"] == ["شبكة الشمال"]
    assert ev["reposts"] == ["fw-0", "fw-1", "fw-2"]
    assert ev["fatalities_reported"] == [4]
    # reposted the next day, its «أمس» read against the repost's date: still the same event
    dated = {**original[0], "time_precision": 1}  # a day the text gives
    late = {**dated, "id": "fw-late", "event_date": "2024-03-08", "duplicate_of": "ar-1"}
    (ev,) = kashf.merge_events([dated, late])
    assert ev["report_ids"] == ["ar-1", "fw-late"] and ev["event_date"] == "2024-03-07"
    (alone,) = kashf.merge_events(reposts)  # the original is missing: one repost stands in
    assert alone["n_reports"] == 1
    with switched_off(coref.REPOST_NOT_SOURCE):
        (counted,) = kashf.merge_events(original + reposts)
        assert counted["n_reports"] == 4


def test_events_without_a_place_or_a_day_are_kept_alone() -> None:
    rows = list(kashf.merge_events([record("a", admin1=None), record("b", admin1=None)]))
    assert len(rows) == 2
    rows = list(kashf.merge_events([record("a", event_date=None), record("b", event_date="")]))
    assert len(rows) == 2


def test_bad_records_raise_or_are_reported() -> None:
    bad = [record("a"), {"id": "b", "event_type": "Battles"}, record("c", fatalities="many")]
    with pytest.raises(RecordError, match="record 2: missing columns"):
        list(kashf.merge_events(bad))
    seen: list[tuple[int, str]] = []
    rows = list(kashf.merge_events(bad, on_error=lambda i, m: seen.append((i, m))))
    assert [i for i, _ in seen] == [1, 2] and "fatalities" in seen[1][1]
    assert len(rows) == 1
    with pytest.raises(RecordError, match="event_date"):
        list(kashf.merge_events([record("a", event_date="2024-02-31")]))


def test_the_external_sort_gives_the_same_events() -> None:
    records = [*extracted(ARIHA + KASRA + ARIHA_LATER), *(record(str(i)) for i in range(7))]
    in_memory = sorted(kashf.merge_events(records), key=lambda r: r["event_id"])
    spilled = sorted(kashf.merge_events(records, run_size=3), key=lambda r: r["event_id"])
    assert in_memory == spilled


_SHUFFLED = [
    *extracted(ARIHA + KASRA + ARIHA_LATER),
    record("a"),
    record("a", evidence_start=50, evidence_end=90),
    record("b", event_date="2024-06-03", time_precision=2),
    record("b"),  # an identical row twice: two accounts, told apart by occurrence
    record("b"),
]
_REFERENCE = sorted(kashf.merge_events(_SHUFFLED), key=lambda r: r["event_id"])


@settings(max_examples=30, deadline=None)
@given(st.permutations(_SHUFFLED))
def test_ids_and_rows_do_not_depend_on_input_order(records: list[dict[str, Any]]) -> None:
    assert sorted(kashf.merge_events(records), key=lambda r: r["event_id"]) == _REFERENCE
