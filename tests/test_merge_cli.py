"""`kashf merge`: formats, links, and bad input reported row by row with nothing lost."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from kashf.cli import main
from merge_records import record


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text(
        "".join(
            (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows
        ),
        encoding="utf-8",
    )
    return path


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    columns = list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, columns)
        w.writeheader()
        w.writerows(rows)
    return path


def summary(err: str) -> tuple[int, int, int, int]:
    m = re.search(r"(\d+) rows read = (\d+) merged into (\d+) events \+ (\d+) reported", err)
    assert m, err
    read, merged, events, errors = map(int, m.groups())
    assert read == merged + errors  # nothing dropped silently
    return read, merged, events, errors


EVENTS = [
    record("a", url="https://example.org/a"),
    record("b", url="https://example.org/b"),
    record("c", location="Tabqa", admin2="Ath-Thawrah", admin3="Al-Thawrah"),
]


def test_jsonl_and_csv_in_csv_out_with_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write_jsonl(tmp_path / "one.jsonl", EVENTS[:2])
    second = write_csv(tmp_path / "two.csv", EVENTS[2:])
    out, links = tmp_path / "merged.csv", tmp_path / "links.jsonl"
    assert main(["merge", str(first), str(second), "-o", str(out), "--links", str(links)]) == 0
    assert summary(capsys.readouterr().err) == (3, 3, 2, 0)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    merged = next(r for r in rows if r["n_reports"] == "2")
    assert merged["report_ids"] == "a;b"
    assert merged["urls"] == "https://example.org/a;https://example.org/b"
    assert merged["source"] == "outlet a; outlet b"
    linked = [json.loads(line) for line in links.read_text(encoding="utf-8").splitlines()]
    assert sorted(x["id"] for x in linked) == ["a", "b", "c"]
    assert {x["event_id"] for x in linked} == {r["event_id"] for r in rows}


def test_parquet_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = write_jsonl(tmp_path / "events.jsonl", EVENTS)
    assert main(["merge", str(src), "-o", str(tmp_path / "m.parquet")]) == 0
    rows = pq.read_table(tmp_path / "m.parquet").to_pylist()
    assert sorted(r["n_reports"] for r in rows) == [1, 2]
    assert next(r for r in rows if r["n_reports"] == 2)["report_ids"] == ["a", "b"]
    # merged rows are not per-report events: merging them again says which column is missing
    assert main(["merge", str(tmp_path / "m.parquet"), "-o", str(tmp_path / "x.jsonl")]) == 2
    assert "missing column" in capsys.readouterr().err


def test_stdin_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "".join(json.dumps(r) + "\n" for r in EVENTS).encode("utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["merge", "-", "-o", "-"]) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 2 and summary(out.err) == (3, 3, 2, 0)


def test_bad_rows_are_named_and_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[Any] = [
        EVENTS[0],
        "{not json",
        {"id": "x", "event_type": "Battles"},  # missing columns
        record("y", event_date="10/05/2024"),
        [1, 2],
        EVENTS[1],
    ]
    src = write_jsonl(tmp_path / "events.jsonl", rows)
    out = tmp_path / "merged.jsonl"
    assert main(["merge", str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert summary(err) == (6, 2, 1, 4)
    for row, what in (
        (2, "not valid JSON"),
        (3, "missing columns"),
        (4, "event_date"),
        (5, "object"),
    ):
        assert re.search(rf"events\.jsonl, row {row}: .*{what}", err), (row, err)
    kept = [
        json.loads(x) for x in (tmp_path / "merged.jsonl.errors.jsonl").read_text().splitlines()
    ]
    assert [k["row"] for k in kept] == [2, 3, 4, 5]
    assert json.loads(out.read_text(encoding="utf-8"))["report_ids"] == ["a", "b"]
    # a clean run into the same output leaves no stale errors file behind
    good = write_jsonl(tmp_path / "good.jsonl", EVENTS)
    assert main(["merge", str(good), "-o", str(out)]) == 0
    assert not (tmp_path / "merged.jsonl.errors.jsonl").exists()


def test_a_csv_without_a_required_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_csv(
        tmp_path / "events.csv", [{k: v for k, v in EVENTS[0].items() if k != "admin1"}]
    )
    assert main(["merge", str(src), "-o", str(tmp_path / "m.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "events.csv: missing column admin1" in err


def test_a_csv_row_with_too_many_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_csv(tmp_path / "events.csv", EVENTS[:2])
    with src.open("a", encoding="utf-8") as f:
        f.write("a,b,c\n")
    assert main(["merge", str(src), "-o", str(tmp_path / "m.csv")]) == 1
    err = capsys.readouterr().err
    assert "events.csv, row 4: 3 fields" in err and summary(err) == (3, 2, 1, 1)


def test_unknown_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "events.jsonl", EVENTS)
    assert main(["merge", str(tmp_path / "events.txt"), "-o", str(tmp_path / "m.jsonl")]) == 2
    assert "unknown format (extension .txt)" in capsys.readouterr().err
    assert main(["merge", str(src), "-o", str(tmp_path / "m.xlsx")]) == 2
    assert "m.xlsx: unknown format" in capsys.readouterr().err
    assert main(["merge", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "m.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_batch_merge_runs_the_merge_after_the_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = [
        {"id": "ch1/5", "date": "2024-06-02", "source": "ch1",
         "text": "قصفت قوات النظام بلدة كفرنبل بالمدفعية صباح اليوم ما أدى لمقتل مدنيين اثنين"},
        {"id": "ch2/9", "date": "2024-06-02", "source": "ch2",
         "text": "مقتل مدنيين اثنين بقصف مدفعي لقوات النظام على بلدة كفرنبل"},
        {"id": "ch3/1", "date": "2024-06-02", "source": "ch3",
         "text": "اعتقلت قسد خمسة شبان في مدينة الطبقة"},
    ]  # fmt: skip
    src = write_jsonl(tmp_path / "in.jsonl", reports)
    out, merged = tmp_path / "events.jsonl", tmp_path / "merged.csv"
    assert main(["batch", str(src), "-o", str(out), "--merge", str(merged), "--quiet"]) == 0
    rows = list(csv.DictReader(merged.open(encoding="utf-8")))
    shelling = [r for r in rows if r["event_type"] == "Explosions/Remote violence"]
    assert len(shelling) == 1 and shelling[0]["n_reports"] == "2"
    assert shelling[0]["sources"] == "ch1;ch2" and shelling[0]["fatalities"] == "2"
    assert "3 rows read = 3 merged" in capsys.readouterr().err
    bad = main(["batch", str(src), "-o", str(tmp_path / "r.jsonl"), "--task", "restore",
                "--merge", str(tmp_path / "m.jsonl"), "--quiet"])  # fmt: skip
    assert bad == 2
