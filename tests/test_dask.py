"""``kashf.dask`` on a real ``dask.distributed`` LocalCluster (2 worker processes, 1 thread each).

The reference is always the single-process library on the same rows: the cluster must give the
same records, in the CSV columns of ``kashf batch``, with the declared dtypes, and account for
every bad row.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "dask.dataframe", reason="kashf.dask needs the dask extra: pip install 'kashf[dask]'"
)
pytest.importorskip("distributed", reason="the cluster tests need dask.distributed (kashf[dask])")

import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

import kashf
import kashf.dask as kd
from kashf.extract import extract
from kashf.extract.records import RECORD_COLUMNS
from kashf.io.batch import BatchOptions, run_batch

# Our own texts (not from any corpus), some obfuscated, some without an event.
TEXTS = [
    "قتل ثلاثة مدنيين بقصف لقـ.ـوات النظام على بلدة كفرنبل في ريف إدلب.",
    "اعتقلت دورية تابعة للأمن العسكري خمسة شبان في مدينة درعا.",
    "هاجم مسلحون مجهولون حاجزا لـ ق.س.د في ريف دير الزور الشرقي وقتلوا عنصرين.",
    "خرج مئات المتظاهرين في مدينة السويداء مطالبين بالإفراج عن المعتقلين.",
    "الطقس مشمس اليوم في معظم المناطق.",
    "سقطت قذيفة هاون على حي سكني في مدينة حلب دون وقوع إصابات.",
    "انفجرت عبوة ناسفة بسيارة عسكرية في مدينة القامشلي وأسفرت عن جرح ثلاثة عناصر.",
]


def good_rows(n: int) -> list[dict[str, Any]]:
    return [
        {"id": f"r{i}", "text": TEXTS[i % len(TEXTS)], "date": f"2024-05-{1 + i % 28:02d}"}
        for i in range(n)
    ]


def direct_records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The library's records, nested values as JSON text (as in every tabular output)."""
    out: list[dict[str, Any]] = []
    for r in rows:
        for rec in extract(r["text"], date=r.get("date"), id=r["id"]).to_records():
            out.append(
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v
                    for k, v in rec.items()
                }
            )
    return out


def as_python(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Frame rows as plain dicts, missing values as None (comparable with library records)."""
    return [
        {k: (None if pd.isna(v) else v) for k, v in rec.items()}
        for rec in df.astype(object).to_dict("records")
    ]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def test_cluster_is_two_worker_processes(client: Client) -> None:
    pids = client.run(os.getpid)
    assert len(pids) == 2 and os.getpid() not in pids.values()


def test_extract_dataframe_equals_the_library(client: Client) -> None:
    rows = good_rows(21)
    ddf = dd.from_pandas(pd.DataFrame(rows), npartitions=4)
    events = kd.extract_dataframe(ddf)
    assert tuple(events.columns) == RECORD_COLUMNS
    got = events.compute()
    assert dict(got.dtypes) == kd.EVENT_DTYPES == dict(events._meta.dtypes)
    expected = direct_records(rows)
    assert len(expected) >= 10
    assert as_python(got) == expected
    # Each event keeps the index label of its input row.
    ids = [rows[i]["id"] for i in got.index]
    assert ids == list(got["id"])
    assert events.npartitions == 4  # partition-wise: one output partition per input one


def test_same_csv_as_kashf_batch(client: Client, tmp_path: Path) -> None:
    rows = good_rows(14)
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    batch_csv = tmp_path / "batch.csv"
    run_batch(BatchOptions(src, batch_csv, workers=1))
    dask_csv = tmp_path / "dask.csv"
    ddf = dd.from_pandas(pd.DataFrame(rows), npartitions=3)
    kd.extract_dataframe(ddf).to_csv(dask_csv, single_file=True, index=False, encoding="utf-8")
    with open(batch_csv, encoding="utf-8-sig", newline="") as f:
        want = list(csv.reader(f))
    with open(dask_csv, encoding="utf-8", newline="") as f:
        have = list(csv.reader(f))
    assert have[0] == list(RECORD_COLUMNS)
    assert len(have) == len(want) > 5
    assert have == want


def test_bad_rows_are_collected_and_counts_add_up(client: Client) -> None:
    rows: list[dict[str, Any]] = good_rows(12)
    rows[2] = {"id": "null-text", "text": None, "date": "2024-05-03"}
    rows[5] = {"id": "bad-date", "text": TEXTS[0], "date": "31/31/2024"}
    rows[7] = {"id": "nul", "text": "ab\x00cd", "date": None}
    rows[10] = {"id": "long", "text": "ب" * 3_000, "date": None}
    ddf = dd.from_pandas(pd.DataFrame(rows), npartitions=3)
    res = kd.extract_dataframe_with_errors(ddf, max_text_chars=2_000)
    assert tuple(res.errors.columns) == kd.ERROR_COLUMNS
    events, errors = dask.compute(res.events, res.errors)
    assert list(errors["id"]) == ["null-text", "bad-date", "nul", "long"]
    reasons = list(errors["reason"])
    assert "text must be a string, not null" in reasons[0]
    assert "date '31/31/2024' does not parse" in reasons[1]
    assert "NUL" in reasons[2] and "3,000 characters" in reasons[3]
    assert list(errors["index"]) == ["2", "5", "7", "10"]
    assert list(errors["partition"]) == [0, 1, 1, 2]
    good = [r for r in rows if r["id"] not in set(errors["id"])]
    assert as_python(events) == direct_records(good)
    # rows read = rows done + errors: every input row is either done or an error.
    assert len(good) + len(errors) == len(rows)


def test_bad_row_raises_naming_partition_and_index(client: Client) -> None:
    rows = good_rows(6)
    rows[4]["date"] = "2024-13-45"
    ddf = dd.from_pandas(pd.DataFrame(rows), npartitions=2)
    with pytest.raises(kd.RowFailed, match=r"partition 1, index 4: date '2024-13-45' does not"):
        kd.extract_dataframe(ddf).compute()
    # A bag keeps Python types (a frame's object column would become strings in Dask).
    bag = db.from_sequence([{"id": "a", "text": TEXTS[0]}, {"id": "b", "text": 17}], npartitions=1)
    with pytest.raises(kd.RowFailed, match=r"partition 0, index 2: text must be a string, not int"):
        kd.extract_bag(bag).compute()


def test_missing_text_column_fails_before_computing() -> None:
    ddf = dd.from_pandas(pd.DataFrame({"id": ["a"], "body": ["نص"]}), npartitions=1)
    with pytest.raises(ValueError, match="no text column 'text'"):
        kd.extract_dataframe(ddf)
    assert len(kd.extract_dataframe(ddf, text_col="body").compute()) == 0


def test_integer_ids_timestamps_and_no_id_column(client: Client) -> None:
    df = pd.DataFrame(
        {
            "key": [101, 102],
            "body": [TEXTS[0], TEXTS[1]],
            "day": pd.to_datetime(["2024-02-10", "2024-02-11"]),
        }
    )
    ddf = dd.from_pandas(df, npartitions=1)
    got = kd.extract_dataframe(ddf, text_col="body", id_col="key", date_col="day").compute()
    assert set(got["id"]) == {"101", "102"}
    want = direct_records(
        [
            {"id": "101", "text": TEXTS[0], "date": "2024-02-10"},
            {"id": "102", "text": TEXTS[1], "date": "2024-02-11"},
        ]
    )
    assert as_python(got) == want
    # Without an id column a row is named by its index label.
    plain = dd.from_pandas(pd.DataFrame({"text": TEXTS[:2]}, index=[40, 41]), npartitions=1)
    got = kd.extract_dataframe(plain).compute()
    assert set(got["id"]) == {"40", "41"} and set(got.index) == {40, 41}


def test_restore_dataframe(client: Client) -> None:
    rows = good_rows(5)
    got = kd.restore_dataframe(dd.from_pandas(pd.DataFrame(rows), npartitions=2)).compute()
    assert list(got.columns) == ["id", "text", "score", "edits"]
    for r, (_, out) in zip(rows, got.iterrows(), strict=True):
        want = kashf.restore(r["text"])
        assert out["id"] == r["id"] and out["text"] == want.text
        assert json.loads(out["edits"]) == [e.to_dict() for e in want.edits]


def test_bag_of_texts_dicts_and_jsonl(client: Client, tmp_path: Path) -> None:
    bag = db.from_sequence([TEXTS[0], {"id": "d", "text": TEXTS[1]}, TEXTS[4]], npartitions=2)
    got = kd.extract_bag(bag).compute()
    assert tuple(got.columns) == RECORD_COLUMNS
    assert sorted(set(got["id"])) == ["1", "d"]  # a bare text is named by its position
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in good_rows(4)]
    lines[1] = b'{"id": "x", "text": "\xd9\x82\xff"}'
    lines[2] = b"[1, 2]"
    src.write_bytes(b"\n".join(lines) + b"\n\n")
    res = kd.extract_bag_with_errors(kd.read_jsonl(str(src)))
    events, errors = dask.compute(res.events, res.errors)
    reasons = list(errors["reason"])
    assert len(reasons) == 2
    assert "invalid UTF-8" in reasons[0] and "expected a JSON object, got array" in reasons[1]
    good = [good_rows(4)[i] for i in (0, 3)]
    assert as_python(events) == direct_records(good)


def test_processing_failure_is_a_row_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # In-process (threaded scheduler): the monkeypatched engine does not reach other processes.
    import kashf.io.processors as processors

    real = processors.extract_records

    def explode(row: Any) -> list[dict[str, Any]]:
        if "boom" in row.text:
            raise RuntimeError("engine bug")
        return real(row)

    monkeypatch.setattr(processors, "extract_records", explode)
    ddf = dd.from_pandas(pd.DataFrame({"id": ["a", "b"], "text": [TEXTS[0], "boom"]}), 1)
    res = kd.extract_dataframe_with_errors(ddf)
    events, errors = dask.compute(res.events, res.errors, scheduler="sync")
    assert list(errors["id"]) == ["b"]
    assert "processing failed: RuntimeError: engine bug" in errors["reason"].iloc[0]
    assert len(events) >= 1 and set(events["id"]) == {"a"}
    with pytest.raises(kd.RowFailed, match="index 1: processing failed"):
        kd.extract_dataframe(ddf).compute(scheduler="sync")
