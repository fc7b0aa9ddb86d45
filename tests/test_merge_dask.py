"""kashf.merge.dask gives the rows of kashf.merge_events, whatever the partitions."""

from __future__ import annotations

import math
from typing import Any

import pytest

dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")

import kashf  # noqa: E402
from kashf.merge import RecordError  # noqa: E402
from kashf.merge.dask import merge_dataframe  # noqa: E402
from merge_records import record  # noqa: E402

RECORDS = [
    record("a"),
    record("b", fatalities=2),
    record("c", location="Tabqa", admin2="Ath-Thawrah", admin3="Al-Thawrah"),
    record("d", event_date="2024-06-03", time_precision=2),
    record("e", admin1="Idleb", admin2="Ariha", admin3="Ariha", location="Ariha", fatalities=1),
    record("f", admin1="Idleb", admin2="Ariha", admin3=None, location="Ariha", geo_precision=2),
    record("g", admin1=None, admin2=None, admin3=None, location=None, geo_precision=None),
    record("h", duplicate_of="a", source="another channel"),
]


def plain(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            v = None
        elif hasattr(v, "tolist"):
            v = v.tolist()
        out[k] = v
    return out


@pytest.mark.parametrize("npartitions", [1, 3])
def test_same_rows_as_merge_events(npartitions: int) -> None:
    expected = sorted(kashf.merge_events(RECORDS), key=lambda r: r["event_id"])
    ddf = dd.from_pandas(pd.DataFrame(RECORDS), npartitions=npartitions)
    got = merge_dataframe(ddf).compute(scheduler="sync")
    rows = sorted((plain(r) for r in got.to_dict("records")), key=lambda r: r["event_id"])
    assert [r["report_ids"] for r in rows] == [r["report_ids"] for r in expected]
    assert rows == [plain(r) for r in expected]


def test_a_bad_record_stops_the_computation() -> None:
    bad = [*RECORDS, record("z", fatalities="many")]
    ddf = dd.from_pandas(pd.DataFrame(bad), npartitions=2)
    with pytest.raises(RecordError, match="fatalities"):
        merge_dataframe(ddf).compute(scheduler="sync")


def test_kashf_dask_merge_events_is_the_same_function() -> None:
    import kashf.dask as kd

    ddf = dd.from_pandas(pd.DataFrame(RECORDS), npartitions=2)
    got = kd.merge_events(ddf).compute(scheduler="sync")
    expected = sorted(kashf.merge_events(RECORDS), key=lambda r: r["event_id"])
    assert sorted(got["event_id"]) == [r["event_id"] for r in expected]
