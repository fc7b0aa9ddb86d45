"""kashf.merge_events: per-report events from reports we wrote ourselves → real-world events."""

from __future__ import annotations

import datetime as dt
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
    assert ev["fatalities"] == 2
    clash = {"event_type": "Battles", "sub_event_type": "Armed clash", "inter1": 2, "inter2": 2}
    sdf, isis = "SDF: Syrian Democratic Forces", "Islamic State (Syria)"
    told = [
        record("a", **clash, actor1=sdf, actor2=isis, assoc_actor_1="Deir ez-Zor Military Council"),
        record("b", **clash, actor1=isis, actor2=sdf),
    ]
    (ev,) = kashf.merge_events(told)
    assert coref.BATTLE_EITHER_ORDER in ev["why"]
    assert (ev["actor1"], ev["assoc_actor_1"], ev["actor2"]) == (
        sdf,
        "Deir ez-Zor Military Council",
        isis,
    )


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


def test_records_alike_in_the_key_columns_still_get_their_own_ids() -> None:
    # same report, evidence and location, only the precision differs; an exact twin; and
    # another event of the report that sorts between them
    alike = [
        record("a"),
        record("a"),
        record("a", evidence_start=41, evidence_end=80),
        record("a", admin3=None, geo_precision=2),
    ]
    rows = list(kashf.merge_events(alike))
    assert len(rows) == 4 and len({r["event_id"] for r in rows}) == 4


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


_TOWNS = [  # (admin1, admin2, admin3, location, geo_precision)
    ("Idleb", "Ariha", "Ariha", "Ariha", 1),
    ("Idleb", "Ariha", None, "Ariha", 2),
    ("Idleb", "Al Ma'ra", "Kafr Nobol", "Kafr Nobol", 1),
    ("Idleb", None, None, "Idleb", 3),
    ("Ar-Raqqa", "Ar-Raqqa", "Maadan", "Maadan", 1),
    (None, None, None, None, None),
]
_KINDS = [
    ("Battles", "Armed clash", "SDF: Syrian Democratic Forces", 2, "Islamic State (Syria)", 2),
    ("Battles", "Armed clash", "Islamic State (Syria)", 2, "SDF: Syrian Democratic Forces", 2),
    ("Battles", "Non-state actor overtakes territory", None, None, "Islamic State (Syria)", 2),
    ("Strategic developments", "Arrests", "Military Forces of Syria", 1, "Civilians (Syria)", 7),
    ("Strategic developments", "Arrests", "Unidentified Armed Group (Syria)", 3, None, None),
]
_ACCOUNT = st.tuples(
    st.sampled_from([f"r{i}" for i in range(6)]),
    st.integers(0, 3),  # day
    st.sampled_from([1, 2]),  # time_precision
    st.sampled_from(_TOWNS),
    st.sampled_from(_KINDS),
    st.sampled_from([0, 0, 1, 2, 5]),
    st.integers(0, 2),  # which event of its report
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ACCOUNT, max_size=25))
def test_every_account_lands_in_one_consistent_event(accounts: list[Any]) -> None:
    records = []
    for rid, day, tp, (a1, a2, a3, loc, gp), (et, st_, x1, i1, x2, i2), toll, k in accounts:
        records.append(
            record(rid, event_date=f"2024-06-0{day + 1}", time_precision=tp, admin1=a1,
                   admin2=a2, admin3=a3, location=loc, geo_precision=gp, event_type=et,
                   sub_event_type=st_, actor1=x1, inter1=i1, actor2=x2, inter2=i2,
                   fatalities=toll, evidence_start=40 * k, evidence_end=40 * k + 30)
        )  # fmt: skip
    links: list[dict[str, Any]] = []
    rows = list(kashf.merge_events(records, on_links=lambda _, got: links.extend(got)))
    assert len(links) == len(records)  # every account in exactly one event
    members: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        members.setdefault(link["event_id"], []).append(link)
    assert set(members) == {r["event_id"] for r in rows}
    for row in rows:
        got = members[row["event_id"]]
        assert len({m["id"] for m in got}) == len(got)  # never two accounts of one report
        assert {m["event_type"] for m in got} == {row["event_type"]}
        days = {dt.date.fromisoformat(m["event_date"]) for m in got if m["event_date"]}
        if row["event_date"]:
            day = dt.date.fromisoformat(row["event_date"])
            assert day in days and all(abs((d - day).days) <= 1 for d in days)
        tolls = [t for t in row["fatalities_reported"] if t > 0]
        assert row["fatalities"] == (min(tolls) if tolls else 0)
        assert row["n_reports"] == len(got)  # no reposts here
