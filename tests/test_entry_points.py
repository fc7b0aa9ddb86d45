"""Every entry point runs the same per-row code: the same records, byte for byte.

The shared corpus (read at run time, never copied here) goes through ``kashf extract``,
``kashf batch`` with 1 and 2 workers, ``kashf.dask`` and the service's batch endpoint; each
entry point's records are written in the JSONL form of ``kashf extract`` and compared.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from kashf.cli import main
from kashf.io.batch import BatchOptions, run_batch
from kashf.io.writers import nest_evidence


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(nest_evidence(r), ensure_ascii=False).encode() + b"\n" for r in records
    )


@pytest.fixture(scope="module")
def corpus(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = (shared_dir / "corpus" / "news.jsonl").read_bytes()
    path = tmp_path_factory.mktemp("entry") / "news.jsonl"
    path.write_bytes(rows)
    return path


@pytest.fixture(scope="module")
def via_extract(corpus: Path) -> bytes:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["extract", str(corpus)]) == 0
    return out.getvalue().encode()


def test_the_corpus_rows_have_metadata_to_carry(corpus: Path, via_extract: bytes) -> None:
    records = [json.loads(x) for x in via_extract.splitlines()]
    assert len(records) > 50
    assert all(r["url"] and r["url"].startswith("http") for r in records)


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_equals_extract(
    corpus: Path, via_extract: bytes, tmp_path: Path, workers: int
) -> None:
    out = tmp_path / "events.jsonl"
    summary = run_batch(BatchOptions(corpus, out, workers=workers, chunk_rows=16))
    assert summary.errors == 0
    assert out.read_bytes() == via_extract


def test_dask_equals_extract(corpus: Path, via_extract: bytes) -> None:
    dd = pytest.importorskip("dask.dataframe", reason="needs the dask extra")
    pd = pytest.importorskip("pandas")
    import kashf.dask as kd

    rows = [json.loads(x) for x in corpus.read_bytes().splitlines()]
    ddf = dd.from_pandas(pd.DataFrame(rows), npartitions=4)
    frame = kd.extract_dataframe(ddf).compute(scheduler="sync")
    records = [
        {k: (None if pd.isna(v) else v) for k, v in rec.items()}
        for rec in frame.astype(object).to_dict("records")
    ]
    # A frame is a table: an object or list value (``why``) is a JSON string cell, as in CSV.
    want = [json.loads(x) for x in via_extract.splitlines()]
    assert len(records) == len(want)
    for rec, w in zip(records, want):
        for k, v in w.items():
            if isinstance(v, (dict, list)) and k != "evidence":
                assert isinstance(rec[k], str)
                rec[k] = json.loads(rec[k])
    assert jsonl(records) == via_extract


def test_service_equals_extract(corpus: Path, via_extract: bytes) -> None:
    pytest.importorskip("fastapi", reason="needs the serve extra")
    from fastapi.testclient import TestClient

    from kashf.service import ServiceSettings, create_app

    cfg = ServiceSettings(max_body_bytes=16 * 1024 * 1024, max_text_chars=1_000_000)
    with TestClient(create_app(cfg)) as client:
        r = client.post(
            "/v1/extract/batch",
            content=corpus.read_bytes(),
            headers={"content-type": "application/x-ndjson"},
        )
    assert r.status_code == 200
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert not [x for x in lines if "error" in x]
    records = [rec for x in lines for rec in x["records"]]
    body = b"".join(json.dumps(rec, ensure_ascii=False).encode() + b"\n" for rec in records)
    assert body == via_extract


# --- what every entry point shares: stdin, metadata, --keep ----------------------------------

REPORT = "قصفت قوات النظام بلدة كفرنبل في ريف إدلب أمس."


def test_dash_is_stdin_for_extract_and_batch(tmp_path: Path) -> None:
    from test_reliability_cli import ids_out, kashf

    rows = [
        {"id": "a", "text": REPORT, "date": "2024-02-10", "url": "https://example.org/a"},
        {"id": "b", "text": REPORT, "source": "قناة"},
    ]
    data = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)
    proc = kashf("extract", "-", "--jsonl", stdin=data)
    assert proc.returncode == 0 and ids_out(proc) == {"a", "b"}, proc.stderr.decode()
    out = tmp_path / "events.jsonl"
    proc = kashf("batch", "-", "-o", out, "--workers", "1", stdin=data)
    assert proc.returncode == 0, proc.stderr.decode()
    batch = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {r["url"] for r in batch if r["id"] == "a"} == {"https://example.org/a"}
    assert {r["source"] for r in batch if r["id"] == "b"} == {"قناة"}
    proc = kashf("batch", "-", "-o", tmp_path / "again.jsonl", "--resume", stdin=data)
    assert proc.returncode == 1 and "stdin cannot be read again" in proc.stderr.decode()
    text = kashf("extract", "-", "--id", "t1", stdin=REPORT.encode())
    assert text.returncode == 0 and ids_out(text) == {"t1"}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_keep_copies_a_column_into_every_record(tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    src = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": REPORT, "lab": {"k": 1}}, {"id": "b", "text": REPORT}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = tmp_path / f"events.{fmt}"
    assert main(["batch", str(src), "-o", str(out), "--keep", "lab", "--workers", "1", "-q"]) == 0
    if fmt == "jsonl":
        got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert {json.dumps(r["lab"]) for r in got} == {'{"k": 1}', "null"}
        return
    if fmt == "csv":
        import csv

        with open(out, encoding="utf-8-sig", newline="") as f:
            table = list(csv.DictReader(f))
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(out).to_pylist()
    assert {r["id"]: r["lab"] for r in table}["a"] == '{"k": 1}'  # a JSON string cell
    assert list(table[0])[-1] == "lab"


def test_dash_is_stdin_for_restore_evaluate_and_gazetteer_find(tmp_path: Path) -> None:
    from test_reliability_cli import kashf

    proc = kashf("restore", "-", stdin="قـ.وات\n".encode())
    assert proc.returncode == 0 and proc.stdout.decode() == "قوات\n", proc.stderr.decode()
    proc = kashf("gazetteer", "find", "-", stdin="قصف على مدينة إدلب".encode())
    assert proc.returncode == 0 and "Idleb" in proc.stdout.decode(), proc.stderr.decode()
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"passage_id": "p1", "event_type": "Battles", "admin1": "Idleb"}) + "\n"
    )
    passages = json.dumps({"id": "p1", "text": REPORT, "date": "2024-02-10"}, ensure_ascii=False)
    proc = kashf("evaluate", gold, "-", "--json", stdin=passages.encode() + b"\n")
    assert proc.returncode == 0 and "detection" in json.loads(proc.stdout), proc.stderr.decode()
