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
