"""``kashf batch``: formats, order, counts, and every bad input of issue 6's matrix.

Most tests use ``--task restore`` (one record per row) so they test the plumbing whatever the
extraction engine does; ``test_extract_end_to_end`` runs the real extraction when it exists.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from kashf.cli import batch as batch_cli
from kashf.io.batch import BatchOptions, process_chunk, run_batch
from kashf.io.processors import RESTORE_COLUMNS, Task, restore_records
from kashf.io.readers import JsonlReader
from kashf.io.rows import ColumnSpec, InputRow, RawItem

# Our own texts (not from any corpus): clean, obfuscated, and with an event.
TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل في ريف إدلب.",
    "اعتقلت دورية شابا في مدينة درعا.",
    "قـ.وات سوريا الديمقراطية سيطرت على قرية قرب الرقة.",
    "خرج متظاهرون في السويداء مطالبين بالإفراج عن المعتقلين.",
]


def run(*args: str | Path, capsys: pytest.CaptureFixture[str] | None = None) -> int:
    """Run ``kashf batch`` through its own parser (the real handler and flags)."""
    parser = argparse.ArgumentParser(prog="kashf")
    sub = parser.add_subparsers()
    batch_cli.register(sub)
    ns = parser.parse_args(["batch", *map(str, args)])
    return int(ns.func(ns))


def jsonl_bytes(rows: list[Any]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def errors_of(out: Path) -> list[dict[str, Any]]:
    return read_jsonl(out.with_name(out.name + ".errors.jsonl"))


def good_rows(n: int = 4) -> list[dict[str, Any]]:
    return [
        {"id": f"r{i}", "text": TEXTS[i % len(TEXTS)], "date": f"2024-03-0{1 + i % 9}"}
        for i in range(n)
    ]


def test_registered_in_cli() -> None:
    from kashf.cli import COMMANDS

    assert "batch" in COMMANDS and "serve" in COMMANDS


def test_jsonl_roundtrip_ids_order_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(7)))
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    recs = read_jsonl(out)
    assert [r["id"] for r in recs] == [f"r{i}" for i in range(7)]
    assert recs[2]["text"] == __import__("kashf").restore(TEXTS[2]).text
    assert errors_of(out) == []
    err = capsys.readouterr().err
    assert "rows read:      7" in err and "rows done:      7" in err and "errors:         0" in err
    assert not (tmp_path / "out.jsonl.kashf-batch").exists()  # work folder removed on success


def test_quiet_prints_nothing_and_plain_progress_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(6)))
    assert run(src, "-o", tmp_path / "a.jsonl", "--task", "restore", "--workers", "1", "-q") == 0
    assert capsys.readouterr().err == ""
    assert (
        run(
            src,
            "-o",
            tmp_path / "b.jsonl",
            "--task",
            "restore",
            "--workers",
            "1",
            "--chunk-rows",
            "2",
            "--progress-interval",
            "0",
        )
        == 0
    )
    err = capsys.readouterr().err
    progress = [ln for ln in err.splitlines() if ln.startswith("kashf batch:") and "rows/s" in ln]
    assert len(progress) >= 3 and "\r" not in err  # not a TTY: plain lines, no carriage returns


@pytest.mark.parametrize("workers", [2, 3])
def test_output_identical_whatever_the_workers(tmp_path: Path, workers: int) -> None:
    rows: list[Any] = good_rows(40)
    rows[7] = [1, 2]  # errors too must come out in input order
    rows[23] = {"id": "bad", "text": 3}
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(rows))
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    assert (
        run(src, "-o", one, "--task", "restore", "--workers", "1", "--chunk-rows", "3", "-q") == 0
    )
    assert (
        run(
            src,
            "-o",
            many,
            "--task",
            "restore",
            "--workers",
            str(workers),
            "--chunk-rows",
            "3",
            "-q",
        )
        == 0
    )
    assert one.read_bytes() == many.read_bytes()
    assert (
        one.with_name("one.jsonl.errors.jsonl").read_bytes()
        == many.with_name("many.jsonl.errors.jsonl").read_bytes()
    )
    assert [e["line"] for e in errors_of(many)] == [8, 24]


# --- the bad-input matrix ----------------------------------------------------------------------


def _check_counts(
    out: Path, capsys: pytest.CaptureFixture[str], read: int, done: int, errors: int
) -> None:
    err = capsys.readouterr().err
    assert f"rows read:      {read:,}" in err, err
    assert f"rows done:      {done:,}" in err, err
    assert f"errors:         {errors:,}" in err, err
    assert len(read_jsonl(out)) == done  # restore task: one record per done row
    assert len(errors_of(out)) == errors


BAD_LINES: dict[str, tuple[bytes, str]] = {
    "invalid_utf8": (b'{"id":"x","text":"\xd9\x82\xff\xfe"}', "invalid UTF-8"),
    "nul_bytes": (b'{"id":"x","text":"ab\x00cd"}', "NUL"),
    "escaped_nul": (b'{"id":"x","text":"ab\\u0000cd"}', "NUL"),
    "not_an_object": (b'["text", "list"]', "expected a JSON object, got array"),
    "json_string": (b'"just a string"', "expected a JSON object, got str"),
    "missing_text": (b'{"id":"x","body":"..."}', "missing text field 'text'"),
    "non_string_text": (b'{"id":"x","text":{"a":1}}', "text must be a string, not object"),
    "null_text": (b'{"id":"x","text":null}', "text must be a string, not null"),
    "bad_date": (
        b'{"id":"x","text":"abc","date":"31/31/2024"}',
        "date '31/31/2024' does not parse",
    ),
    "impossible_date": (b'{"id":"x","text":"abc","date":"2024-02-30"}', "does not parse"),
    "bad_id": (b'{"id":[1],"text":"abc"}', "id must be a string or an integer"),
    "invalid_json": (b'{"id":"x", "text": }', "invalid JSON"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_bad_jsonl_line_is_reported_and_the_rest_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    bad, reason = BAD_LINES[case]
    good = jsonl_bytes(good_rows(4))
    lines = good.splitlines(keepends=True)
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(lines[:2]) + bad + b"\n" + b"".join(lines[2:]))
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    errs = errors_of(out)
    assert len(errs) == 1 and errs[0]["line"] == 3, errs
    assert reason in errs[0]["reason"] and errs[0]["reason"].startswith("line 3: ")
    _check_counts(out, capsys, read=5, done=4, errors=1)


def test_truncated_last_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(3)) + b'{"id":"cut","text":"\xd9\x82\xd8')
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    (e,) = errors_of(out)
    assert e["line"] == 4 and "truncated" in e["reason"]
    _check_counts(out, capsys, read=4, done=3, errors=1)


def test_complete_last_line_without_newline_is_fine(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(3)).rstrip(b"\n"))
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1", "-q") == 0
    assert len(read_jsonl(out)) == 3 and errors_of(out) == []


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_with_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str], bom: bytes) -> None:
    text = jsonl_bytes(good_rows(5)).decode()
    enc = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    src = tmp_path / "in.jsonl"
    src.write_bytes(bom + text.encode(enc))
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    assert [r["id"] for r in read_jsonl(out)] == [f"r{i}" for i in range(5)]
    assert read_jsonl(out)[0]["text"] == __import__("kashf").restore(TEXTS[0]).text
    _check_counts(out, capsys, read=5, done=5, errors=0)


def test_utf8_bom_and_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(codecs.BOM_UTF8 + jsonl_bytes(good_rows(4)).replace(b"\n", b"\r\n"))
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    recs = read_jsonl(out)
    assert [r["id"] for r in recs] == ["r0", "r1", "r2", "r3"]
    assert all("\r" not in r["text"] for r in recs)
    _check_counts(out, capsys, read=4, done=4, errors=0)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "parquet"])
def test_empty_input_gives_a_valid_empty_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    pytest.importorskip("pyarrow") if fmt == "parquet" else None
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"")
    out = tmp_path / f"out.{fmt}"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    err = capsys.readouterr().err
    assert "rows read:      0" in err and "has no rows" in err
    assert out.exists() and errors_of(out) == []
    if fmt == "geojson":
        assert json.loads(out.read_text()) == {"type": "FeatureCollection", "features": []}
    if fmt == "csv":
        assert out.read_text(encoding="utf-8-sig").strip() == ",".join(RESTORE_COLUMNS)


def test_blank_lines_are_not_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    lines = jsonl_bytes(good_rows(2)).splitlines(keepends=True)
    src.write_bytes(b"\n" + lines[0] + b"   \r\n" + lines[1])
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    assert "blank lines:    2" in capsys.readouterr().err
    assert len(read_jsonl(out)) == 2


def test_over_long_line_is_reported_not_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = json.dumps({"id": "big", "text": "ا" * 300_000}).encode()
    lines = jsonl_bytes(good_rows(3)).splitlines(keepends=True)
    src = tmp_path / "in.jsonl"
    src.write_bytes(lines[0] + big + b"\n" + b"".join(lines[1:]))
    out = tmp_path / "out.jsonl"
    assert (
        run(src, "-o", out, "--task", "restore", "--workers", "1", "--max-line-bytes", "100000")
        == 0
    )
    (e,) = errors_of(out)
    assert (
        e["line"] == 2
        and "over the limit of 100,000" in e["reason"]
        and f"{len(big):,} bytes" in e["reason"]
    )
    _check_counts(out, capsys, read=4, done=3, errors=1)


def test_over_long_text_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes([*good_rows(2), {"id": "long", "text": "ب" * 5000}]))
    out = tmp_path / "out.jsonl"
    assert (
        run(src, "-o", out, "--task", "restore", "--workers", "1", "--max-text-chars", "1000") == 0
    )
    (e,) = errors_of(out)
    assert e["id"] == "long" and "5,000 characters" in e["reason"]
    _check_counts(out, capsys, read=3, done=2, errors=1)


def test_processing_failure_is_a_row_error() -> None:
    def explode(row: InputRow) -> list[dict[str, Any]]:
        if "boom" in row.text:
            raise RuntimeError("engine bug")
        return restore_records(row)

    items = [
        RawItem(i + 1, i + 1, json.dumps({"text": t}).encode())
        for i, t in enumerate(["a", "boom", "c"])
    ]
    res = process_chunk(items, ColumnSpec(), Task("explode", explode, RESTORE_COLUMNS))
    assert res.rows_done == 2 and res.errors_count == 1
    err = json.loads(res.errors)
    assert err["line"] == 2 and "processing failed: RuntimeError: engine bug" in err["reason"]


# --- CSV ---------------------------------------------------------------------------------------


def write_csv(
    path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8"
) -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def test_csv_in_with_custom_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    rows = [["key", "body", "day"]] + [
        [f"k{i}", TEXTS[i % 4] + "\nسطر ثان", "2023-01-05"] for i in range(5)
    ]
    rows[3][2] = "not a date"
    write_csv(src, rows)
    out = tmp_path / "out.jsonl"
    assert (
        run(
            src,
            "-o",
            out,
            "--task",
            "restore",
            "--workers",
            "1",
            "--text-col",
            "body",
            "--id-col",
            "key",
            "--date-col",
            "day",
        )
        == 0
    )
    assert [r["id"] for r in read_jsonl(out)] == ["k0", "k1", "k3", "k4"]
    (e,) = errors_of(out)
    # physical line: header is line 1, every record spans two lines (quoted newline)
    assert e["row"] == 3 and e["line"] == 6 and "does not parse" in e["reason"] and e["id"] == "k2"
    _check_counts(out, capsys, read=5, done=4, errors=1)


def test_csv_semicolon_detected_from_header(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, [["id", "text"]] + [[f"s{i}", TEXTS[i]] for i in range(3)], delimiter=";")
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1", "-q") == 0
    assert [r["id"] for r in read_jsonl(out)] == ["s0", "s1", "s2"]


def test_csv_wrong_delimiter_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, [["id", "text"], ["a", "نص"]], delimiter=";")
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--delimiter", ",") == 2
    err = capsys.readouterr().err
    assert "no text column 'text'" in err and "--delimiter ';'" in err
    assert not out.exists()


def test_csv_row_with_wrong_field_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,text\na,نص أول\nb,نص,زائد\nc,نص ثالث\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    (e,) = errors_of(out)
    assert e["line"] == 3 and "3 fields where the header has 2" in e["reason"]
    _check_counts(out, capsys, read=3, done=2, errors=1)


def test_csv_invalid_utf8_and_nul(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(
        "id,text\na,نص\n".encode() + b"b,\xff\xfe\n" + b"c,x\x00y\n" + "d,نص\n".encode()
    )
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    errs = errors_of(out)
    assert [(e["line"], e["id"]) for e in errs] == [(3, "b"), (4, "c")]
    assert "not valid UTF-8" in errs[0]["reason"] and "NUL" in errs[1]["reason"]
    _check_counts(out, capsys, read=4, done=2, errors=2)


def test_csv_utf16_bom(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, [["id", "text"], ["u", TEXTS[0]]], encoding="utf-16")
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1", "-q") == 0
    assert read_jsonl(out)[0]["id"] == "u"


# --- Parquet -----------------------------------------------------------------------------------


def test_parquet_in_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime as dt

    table = pa.table(
        {
            "id": [f"p{i}" for i in range(5)],
            "text": [TEXTS[i % 4] for i in range(4)] + [None],
            "date": [dt.date(2024, 1, i + 1) for i in range(5)],
        }
    )
    src = tmp_path / "in.parquet"
    pq.write_table(table, src)
    out = tmp_path / "out.parquet"
    assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 0
    got = pq.read_table(out)
    assert got.column_names == list(RESTORE_COLUMNS)
    assert got.column("id").to_pylist() == ["p0", "p1", "p2", "p3"]
    (e,) = errors_of(out)
    assert (
        e["row"] == 5
        and e["line"] == 0
        and e["reason"].startswith("row 5: text must be a string, not null")
    )
    _check_counts_parquet(capsys, read=5, done=4, errors=1)


def _check_counts_parquet(
    capsys: pytest.CaptureFixture[str], read: int, done: int, errors: int
) -> None:
    err = capsys.readouterr().err
    assert (
        f"rows read:      {read}" in err
        and f"rows done:      {done}" in err
        and f"errors:         {errors}" in err
    )


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"id": ["a"], "body": ["نص"]}, "no text column 'text'"),
        ({"id": ["a"], "text": [5]}, "has type int64, expected string"),
    ],
)
def test_parquet_wrong_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], columns: dict[str, list[Any]], message: str
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table(columns), src)
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--task", "restore") == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_not_a_parquet_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyarrow")
    src = tmp_path / "in.parquet"
    src.write_bytes(b"PAR1 this is not parquet")
    assert run(src, "-o", tmp_path / "o.jsonl", "--task", "restore") == 2
    assert "not a readable Parquet file" in capsys.readouterr().err


# --- outputs -----------------------------------------------------------------------------------


def test_csv_and_geojson_out(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(3)))
    out_csv, out_geo = tmp_path / "o.csv", tmp_path / "o.geojson"
    assert run(src, "-o", out_csv, "--task", "restore", "--workers", "1", "-q") == 0
    with open(out_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(RESTORE_COLUMNS) and [r["id"] for r in rows] == ["r0", "r1", "r2"]
    assert run(src, "-o", out_geo, "--task", "restore", "--workers", "1", "-q") == 0
    fc = json.loads(out_geo.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    assert fc["features"][0]["geometry"] is None  # a restoration has no place


def test_format_flag_overrides_extension(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(2)))
    out = tmp_path / "o.txt"
    assert run(src, "-o", out, "--format", "csv", "--task", "restore", "--workers", "1", "-q") == 0
    assert out.read_text(encoding="utf-8-sig").startswith("id,text,score,edits")


def test_extract_end_to_end(tmp_path: Path) -> None:
    extract_mod = pytest.importorskip("kashf.extract")
    if not hasattr(extract_mod, "extract"):
        pytest.skip("kashf.extract.extract not implemented yet")
    from kashf.extract.records import RECORD_COLUMNS

    rows = [
        {
            "id": "e1",
            "text": "قتل ثلاثة مدنيين بقصف لقوات النظام على بلدة كفرنبل في ريف إدلب.",
            "date": "2024-02-10",
        },
        {"id": "e2", "text": "اعتقلت قـ.وات النظام خمسة شبان في مدينة درعا.", "date": "2024-02-11"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(rows))
    out = tmp_path / "o.csv"
    assert run(src, "-o", out, "--workers", "2", "-q") == 0
    with open(out, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == RECORD_COLUMNS
        recs = list(reader)
    assert recs and {r["id"] for r in recs} <= {"e1", "e2"} and errors_of(out) == []
    from kashf.extract import extract as extract_report

    direct = [
        r
        for row in rows
        for r in extract_report(row["text"], date=row["date"], id=row["id"]).to_records()
    ]
    assert len(recs) == len(direct)
    assert [r["event_type"] for r in recs] == [r["event_type"] for r in direct]


# --- failures and the work folder --------------------------------------------------------------


def test_unwritable_output_folder_fails_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(2)))
    assert run(src, "-o", tmp_path / "missing" / "o.jsonl", "--task", "restore") == 1
    assert "does not exist" in capsys.readouterr().err
    if os.geteuid() != 0:  # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        assert run(src, "-o", ro / "o.jsonl", "--task", "restore") == 1
        assert not (ro / "o.jsonl").exists()


def test_missing_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path / "nope.jsonl", "-o", tmp_path / "o.jsonl") == 2
    assert "no such file" in capsys.readouterr().err


def test_unfinished_run_needs_resume_or_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(3)))
    out = tmp_path / "o.jsonl"
    (tmp_path / "o.jsonl.kashf-batch").mkdir()
    assert run(src, "-o", out, "--task", "restore") == 1
    assert "--resume" in capsys.readouterr().err
    assert run(src, "-o", out, "--task", "restore", "--overwrite", "-q") == 0
    assert len(read_jsonl(out)) == 3


def test_resume_refuses_changed_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(6)))
    out = tmp_path / "o.jsonl"
    opts = BatchOptions(src, out, task="restore", workers=1, chunk_rows=2)
    # Fake an interruption: run, then put back a work folder with a checkpoint for this input.
    run_batch(opts)
    work = tmp_path / "o.jsonl.kashf-batch"
    work.mkdir()
    (work / "checkpoint.json").write_text(
        json.dumps({"version": 1, "fingerprint": {"input": "other"}})
    )
    assert run(src, "-o", out, "--task", "restore", "--resume") == 1
    assert "another input or other options" in capsys.readouterr().err


def test_jsonl_reader_streams_with_offsets(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(5)))
    reader = JsonlReader(src)
    items = list(reader.items())
    assert [i.line for i in items] == [1, 2, 3, 4, 5]
    assert reader.position.offset == src.stat().st_size
    reader.close()


@pytest.mark.skipif(sys.platform != "linux", reason="fork-based workers are the tested path")
def test_workers_zero_means_all_cores(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(good_rows(9)))
    out = tmp_path / "o.jsonl"
    summary = run_batch(BatchOptions(src, out, task="restore", workers=0, chunk_rows=2))
    assert summary.rows_read == summary.rows_done == 9
