"""Issue 6, the bad-input matrix for ``kashf restore`` and ``kashf extract`` (the batch runner's
matrix is in ``test_batch.py``, the service's in ``test_service.py``).

Run as a user runs them: the installed entry point's code in a fresh interpreter, with real
files and real file descriptors (``/dev/full`` for a full disk on stdout).
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
MAIN = "import sys\nfrom kashf.cli import main\nsys.exit(main(sys.argv[1:]))\n"
GOOD = [
    {"id": "g1", "text": "قتل ثلاثة مدنيين بقصف لقوات النظام على بلدة كفرنبل في ريف إدلب."},
    {"id": "g2", "text": "اعتقلت قـ.وات النظام خمسة شبان في مدينة درعا.", "date": "2024-02-11"},
]


def kashf(
    *args: str | Path, stdin: bytes = b"", stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-c", MAIN, *map(str, args)],
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        timeout=120,
        check=False,
    )


def line(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()


def ids_out(proc: subprocess.CompletedProcess[bytes]) -> set[str]:
    return {json.loads(x)["id"] for x in proc.stdout.decode().splitlines() if x.strip()}


def test_extract_jsonl_bad_lines_are_named_and_the_rest_processed(tmp_path: Path) -> None:
    lines = [
        line(GOOD[0]),
        b"[1, 2]",  # not an object
        line({"id": "m", "body": "x"}),  # no text field
        line({"id": "n", "text": 5}),  # text not a string
        line({"id": "d", "text": GOOD[0]["text"], "date": "31/31/2024"}),  # date does not parse
        b"",  # a blank line is not a row
        line(GOOD[1]),
        b'{"id": "cut", "text": "\xd9\x82',  # truncated last line (no line break)
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\r\n".join(lines))  # CRLF line ends
    proc = kashf("extract", src)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    for n in (2, 3, 4, 5, 8):
        assert f"line {n}:" in err, (n, err)
    assert "Traceback" not in err
    direct = kashf("extract", "--jsonl", stdin=b"\n".join([lines[0], lines[6]]) + b"\n")
    assert ids_out(proc) == ids_out(direct) == {"g1", "g2"}


def test_extract_jsonl_invalid_utf8_line_is_one_bad_row(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(line(GOOD[0]) + b"\n" + b'{"id": "u", "text": "\xff\xfe"}\n' + line(GOOD[1]))
    proc = kashf("extract", src)
    err = proc.stderr.decode()
    # Issue 6: a clear message naming the row, and the other rows processed.
    assert proc.returncode == 1 and "line 2" in err, err
    assert ids_out(proc) == {"g1", "g2"}


def test_extract_utf16_with_bom_is_read_or_clearly_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    text = "\n".join(json.dumps(g, ensure_ascii=False) for g in GOOD) + "\n"
    src.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    proc = kashf("extract", src)
    err = proc.stderr.decode()
    assert "Traceback" not in err
    if proc.returncode == 0:
        assert ids_out(proc) == {"g1", "g2"}
    else:
        assert "UTF-8" in err or "UTF-16" in err, err


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.txt"])
def test_extract_empty_input(tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    src.write_bytes(b"")
    proc = kashf("extract", src)
    assert proc.returncode == 0 and proc.stdout == b"", proc.stderr.decode()


def test_restore_keeps_one_line_per_line_through_crlf_nul_and_empty() -> None:
    data = "قـ.وات\r\nب\x00ت\n\nد.ا.ع.ش".encode()
    proc = kashf("restore", stdin=data)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().split("\n") == ["قوات\r", "ب\x00ت", "", "داعش"]
    assert kashf("restore", stdin=b"").stdout == b""


def test_restore_invalid_utf8_names_the_line_or_goes_on_when_asked() -> None:
    data = "سطر أول\n".encode() + b"\xd9\x82\xff\n" + "سطر ثالث\n".encode()
    proc = kashf("restore", stdin=data)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "line 2" in err and "--errors replace" in err, err
    proc = kashf("restore", "--errors", "replace", stdin=data)
    assert proc.returncode == 0 and proc.stdout.decode().count("\n") == 3


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["restore", "extract"])
def test_full_disk_on_stdout_is_a_clear_error(tmp_path: Path, command: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(line(g) for g in GOOD * 200) + b"\n")
    with open("/dev/full", "wb") as full:
        proc = kashf(command, src, stdout=full.fileno())
    err = proc.stderr.decode()
    assert proc.returncode != 0
    assert "No space left on device" in err and "Traceback" not in err, err
