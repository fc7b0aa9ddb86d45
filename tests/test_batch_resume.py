"""``kashf batch --resume`` after SIGKILL at random points: the result equals an uninterrupted run.

The run uses a deliberately slow processor (defined here, loaded by the real CLI through
``--task test_batch_resume:slow_restore``) so that kills land in the middle of the work.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kashf.io.batch import BatchOptions, run_batch
from kashf.io.processors import restore_records
from kashf.io.rows import InputRow

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"
# The batch command through its own parser, in a fresh interpreter (what a user runs).
CLI = (
    "import argparse, sys\n"
    "from kashf.cli import batch\n"
    "p = argparse.ArgumentParser(prog='kashf'); batch.register(p.add_subparsers())\n"
    "a = p.parse_args(['batch', *sys.argv[1:]]); sys.exit(a.func(a))\n"
)
N_ROWS = 900
WORDS = ["قـ.وات", "النظام", "قصفت", "بلدة", "في", "ريف", "إدلب", "د.ا.ع.ش", "اعتقلت", "شابا"]


def slow_restore(row: InputRow) -> list[dict[str, Any]]:
    time.sleep(0.004)  # slow enough for a kill to land part-way
    return restore_records(row)


def make_input(path: Path, n: int) -> None:
    rnd = random.Random(7)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            if i % 97 == 13:
                f.write(
                    '{"id": "broken", "text": \n'
                )  # some rows are errors: they must survive too
                continue
            text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 12)))
            f.write(json.dumps({"id": f"n{i}", "text": text}, ensure_ascii=False) + "\n")


def rows_done(checkpoint: Path) -> int:
    try:
        return int(json.loads(checkpoint.read_text())["rows_read"])
    except (OSError, ValueError, KeyError):
        return 0


def start(src: Path, out: Path, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(SRC)])}
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            CLI,
            str(src),
            "-o",
            str(out),
            "--task",
            "test_batch_resume:slow_restore",
            "--workers",
            str(workers),
            "--chunk-rows",
            "7",
            "--resume",
            "-q",
        ],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_and_resume_loses_and_repeats_nothing(tmp_path: Path, workers: int) -> None:
    src = tmp_path / "in.jsonl"
    make_input(src, N_ROWS)
    ref = tmp_path / "ref.jsonl"
    run_batch(BatchOptions(src, ref, task="restore", workers=1, chunk_rows=50))
    out = tmp_path / "out.jsonl"
    checkpoint = tmp_path / "out.jsonl.kashf-batch" / "checkpoint.json"
    rnd = random.Random(workers)
    kills = 0
    done_before: list[int] = []
    for attempt in range(4):
        proc = start(src, out, workers)
        # Kill once the run has made progress since the last kill, at a random moment after.
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if rows_done(checkpoint) > (done_before[-1] if done_before else 0):
                break
            time.sleep(0.02)
        time.sleep(rnd.uniform(0.0, 0.3))
        if proc.poll() is not None:
            break
        # Kill the main process only (as the OOM killer would) or the whole group.
        if attempt % 2:
            os.kill(proc.pid, signal.SIGKILL)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        if out.exists():  # killed after the final rename: then it must be the complete output
            assert out.read_bytes() == ref.read_bytes()
        done_before.append(rows_done(checkpoint))
    proc = start(src, out, workers)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert kills >= 2, "the run finished before it could be killed: slow the processor down"
    assert done_before == sorted(done_before) and 0 < done_before[0] < N_ROWS
    assert out.read_bytes() == ref.read_bytes()
    assert (tmp_path / "out.jsonl.errors.jsonl").read_bytes() == (
        tmp_path / "ref.jsonl.errors.jsonl"
    ).read_bytes()
    assert not (tmp_path / "out.jsonl.kashf-batch").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def _echo(row: InputRow) -> list[dict[str, Any]]:
    return [{"id": row.id, "text": row.text, "line": row.line}]


def _write_input(path: Path, fmt: str, n: int) -> None:
    rows = [{"id": f"r{i}", "text": f"نص تجريبي رقم {i}"} for i in range(n)]
    if fmt == "parquet":
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=4)
        return
    if fmt == "csv":
        lines = ["id,text", *(f"{r['id']},{r['text']}" for r in rows)]
    else:
        lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    for i in range(len(lines) - 1, 0, -3):  # blank lines between rows: not rows, but counted
        lines.insert(i, "")
    encoding = "utf-16" if fmt == "utf16" else "utf-8"
    path.write_text("\n".join(lines) + "\n", encoding=encoding)


@pytest.mark.parametrize("fmt", ["jsonl", "utf16", "csv", "parquet"])
def test_resume_after_an_interrupt_continues_where_the_checkpoint_says(
    tmp_path: Path, fmt: str
) -> None:
    # Every reader starts after the checkpointed row (JSONL by seeking, UTF-16 JSONL, CSV and
    # Parquet by reading the done rows again): the resumed output is the uninterrupted one,
    # line numbers and blank-line count included.
    src = tmp_path / (
        "in.parquet" if fmt == "parquet" else "in.csv" if fmt == "csv" else "in.jsonl"
    )
    _write_input(src, fmt, 23)
    columns = ("id", "text", "line")
    ref = run_batch(
        BatchOptions(src, tmp_path / "ref.jsonl", workers=1, chunk_rows=5),
        process=_echo,
        columns=columns,
    )
    calls = 0

    def interrupted(row: InputRow) -> list[dict[str, Any]]:
        nonlocal calls
        calls += 1
        if calls > 12:  # in the third chunk: two chunks are checkpointed
            raise KeyboardInterrupt
        return _echo(row)

    opts = BatchOptions(src, tmp_path / "out.jsonl", workers=1, chunk_rows=5)
    with pytest.raises(KeyboardInterrupt):
        run_batch(opts, process=interrupted, columns=columns)
    opts = BatchOptions(src, tmp_path / "out.jsonl", workers=1, chunk_rows=5, resume=True)
    got = run_batch(opts, process=_echo, columns=columns)
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "ref.jsonl").read_bytes()
    assert got.resumed_rows == 10 and got.rows_read == ref.rows_read == 23
    assert got.blank_lines == ref.blank_lines
