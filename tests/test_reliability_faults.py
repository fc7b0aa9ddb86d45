"""Issue 6, faults: a full disk or an unwritable output fails fast, clearly, and loses nothing.

The disk fills at different moments of a ``kashf batch`` run: while a chunk is committed (the
kernel's own ENOSPC, from ``/dev/full``) and while the final file is assembled. Each time the
run stops with a message naming the problem, no output file is presented as complete (an older
complete output stays as it was), no temp file is left behind, and ``--resume`` after the
space is back gives exactly the output of an uninterrupted run. SIGKILL + resume is in
``test_batch_resume.py``.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kashf.io.batch as batch_mod
from kashf.io.batch import BatchOptions, run_batch
from test_batch import good_rows, jsonl_bytes, read_jsonl, run

SRC = Path(__file__).resolve().parent.parent / "src"


def make_input(path: Path, n: int = 40) -> None:
    rows: list[Any] = good_rows(n)
    if n > 11:
        rows[11] = {"id": "bad", "text": 7}  # an error row must survive the faults too
    path.write_bytes(jsonl_bytes(rows))


def reference(tmp_path: Path, src: Path) -> Path:
    ref = tmp_path / "ref.jsonl"
    run_batch(BatchOptions(src, ref, task="restore", workers=1, chunk_rows=5))
    return ref


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_disk_full_while_committing_a_chunk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.jsonl"
    make_input(src)
    ref = reference(tmp_path, src)
    out = tmp_path / "out.jsonl"
    real_write = batch_mod.atomic_write
    calls = {"n": 0}

    def full_after_three_chunks(path: Path, data: str) -> None:
        calls["n"] += 1
        if calls["n"] > 3 * 3:  # 3 files per chunk: records, errors, checkpoint
            with open("/dev/full", "w", encoding="utf-8") as f:  # the kernel's own ENOSPC
                f.write(data or "x")
                f.flush()
        real_write(path, data)

    monkeypatch.setattr(batch_mod, "atomic_write", full_after_three_chunks)
    args = (src, "-o", out, "--task", "restore", "--workers", "1", "--chunk-rows", "5")
    assert run(*args) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "--resume" in err, err
    assert not out.exists() and leftovers(tmp_path) == []
    monkeypatch.setattr(batch_mod, "atomic_write", real_write)  # space is back
    assert run(*args, "--resume", "-q") == 0
    assert out.read_bytes() == ref.read_bytes()
    assert (tmp_path / "out.jsonl.errors.jsonl").read_bytes() == (
        tmp_path / "ref.jsonl.errors.jsonl"
    ).read_bytes()


class _FullDiskWriter:
    """A writer whose disk fills after ``budget`` records (then ENOSPC, as a real file would)."""

    def __init__(self, inner: Any, budget: int) -> None:
        self.inner, self.budget = inner, budget

    def write(self, records: list[dict[str, Any]]) -> None:
        self.budget -= len(records)
        if self.budget < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.inner.write(records)

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "parquet"])
def test_disk_full_while_assembling_the_output_keeps_the_old_one(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    src = tmp_path / "in.jsonl"
    make_input(src)
    out = tmp_path / f"out.{fmt}"
    args = (src, "-o", out, "--task", "restore", "--workers", "1", "--chunk-rows", "5")
    out.write_bytes(b"an older complete output")
    real_open = batch_mod.open_writer
    monkeypatch.setattr(
        batch_mod, "open_writer", lambda *a: _FullDiskWriter(real_open(*a), budget=0)
    )
    assert run(*args, "--overwrite") == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "--resume" in err, err
    assert out.read_bytes() == b"an older complete output"  # never half-replaced
    assert leftovers(tmp_path) == []
    monkeypatch.setattr(batch_mod, "open_writer", real_open)
    assert run(*args, "--resume", "-q") == 0
    ref = tmp_path / f"ref.{fmt}"
    run_batch(BatchOptions(src, ref, task="restore", workers=1, chunk_rows=5))
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(out).equals(pq.read_table(ref))
    else:
        assert out.read_bytes() == ref.read_bytes()


def test_unwritable_outputs_fail_fast_even_as_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    make_input(src, 3)
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    cases = {
        a_file / "out.jsonl": "is not a folder",
        tmp_path / "missing" / "out.jsonl": "does not exist",
    }
    (tmp_path / "adir.jsonl").mkdir()
    cases[tmp_path / "adir.jsonl"] = "is a directory"
    if os.path.isdir("/proc"):  # also for root: nothing can be created in /proc
        cases[Path("/proc/kashf-out.jsonl")] = "cannot create the work folder"
    for out, message in cases.items():
        assert run(src, "-o", out, "--task", "restore", "--workers", "1") == 1, out
        err = capsys.readouterr().err
        assert message in err and str(out) in err, err
    assert not (tmp_path / "missing").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file", "adir.jsonl", "in.jsonl"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    make_input(src, 3)
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    assert run(src, "-o", ro / "o.jsonl", "--task", "restore") == 1
    assert "not writable" in capsys.readouterr().err and list(ro.iterdir()) == []


# VmHWM, not ru_maxrss: ru_maxrss carries the forking parent's peak over exec.
CHILD = (
    "import sys\n"
    "from pathlib import Path\n"
    "from kashf.io.batch import BatchOptions, run_batch\n"
    "s = run_batch(BatchOptions(Path(sys.argv[1]), Path(sys.argv[2]), task='restore',"
    " workers=1))\n"
    "hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM:')][0]\n"
    "print(s.rows_read, s.rows_done, s.errors, hwm.split()[1])\n"
)


@pytest.mark.skipif(sys.platform != "linux", reason="reads the peak RSS from /proc")
def test_a_200_mb_single_line_is_reported_without_loading_it(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = jsonl_bytes(good_rows(4)).splitlines(keepends=True)
    with open(src, "wb") as f:
        f.write(rows[0] + rows[1])
        f.write(b'{"id": "huge", "text": "')
        block = "ب".encode() * (1 << 19)  # 1 MiB
        for _ in range(200):
            f.write(block)
        f.write(b'"}\n')
        f.write(rows[2] + rows[3])
    assert src.stat().st_size > 200 * 1024 * 1024
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(src), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    read, done, errors, max_rss_kb = map(int, proc.stdout.split())
    assert (read, done, errors) == (5, 4, 1)
    (e,) = read_jsonl(out.with_name("out.jsonl.errors.jsonl"))
    assert e["line"] == 3 and "over the limit" in e["reason"]
    assert [r["id"] for r in read_jsonl(out)] == ["r0", "r1", "r2", "r3"]
    # The reader skips the line in 1 MiB steps: the process never holds the 200 MB.
    assert max_rss_kb < 150 * 1024, f"peak RSS {max_rss_kb / 1024:.0f} MB"
    assert len(json.dumps(e)) < 2_000  # the error quotes an excerpt, not the line
