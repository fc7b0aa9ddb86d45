"""`kashf restore` on the command line: one output line per input line, whatever comes in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

KASHF = [sys.executable, "-m", "kashf"]


def run(args: list[str], data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*KASHF, "restore", *args], input=data, capture_output=True, timeout=120)


def test_restores_each_line_and_keeps_empty_lines() -> None:
    out = run([], "قـ.وات النظام\n\nعناصر د.ا.ع.ش\n".encode())
    assert out.returncode == 0
    assert out.stdout.decode() == "قوات النظام\n\nعناصر داعش\n"


def test_crlf_line_endings_are_kept() -> None:
    out = run([], "قـ.وات\r\nسليم\r\n".encode())
    assert out.stdout == "قوات\r\nسليم\r\n".encode()


def test_last_line_without_newline_stays_so() -> None:
    out = run([], "سطر أول\nقـ.وات".encode())
    assert out.stdout.decode() == "سطر أول\nقوات"


def test_empty_input_gives_empty_output(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = subprocess.run([*KASHF, "restore", str(empty)], capture_output=True, timeout=60)
    assert (out.returncode, out.stdout) == (0, b"")


def test_nul_bytes_pass_through() -> None:
    out = run([], "قـ.وات\x00النظام\nسطر\n".encode())
    assert out.returncode == 0
    assert out.stdout.decode() == "قوات\x00النظام\nسطر\n"


def test_invalid_utf8_names_line_and_byte_offset() -> None:
    data = "سطر سليم\n".encode() + b"ab\xff\xfecd\n" + "ثالث\n".encode()
    out = run([], data)
    assert out.returncode == 1
    err = out.stderr.decode()
    first = len("سطر سليم\n".encode())
    assert "line 2" in err and f"byte offset {first + 2}" in err and "--errors replace" in err


def test_errors_replace_goes_on_without_losing_a_line() -> None:
    data = "قـ.وات\n".encode() + b"x\xffy\n" + "ثالث\n".encode()
    out = run(["--errors", "replace"], data)
    assert out.returncode == 0
    lines = out.stdout.decode().split("\n")
    assert lines[:3] == ["قوات", "x\ufffdy", "ثالث"]


def test_json_gives_text_edits_score_per_line() -> None:
    out = run(["--json"], "قـ.وات\n\n".encode())
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(rows) == 2
    assert rows[0]["text"] == "قوات" and rows[0]["score"] > 0
    assert rows[0]["edits"] == [
        {
            "start": 1,
            "end": 3,
            "original": "ـ.",
            "replacement": "",
            "technique": "separator_in_word",
        }
    ]
    assert rows[1] == {"text": "", "edits": [], "score": 0.0}


def test_explain_shows_offsets_and_invisible_characters() -> None:
    out = run(["--explain"], "سليم\nق\u200cوات\n".encode())
    assert out.stdout.decode().strip() == "2:1\t⟨U+200C⟩ → ∅\tinvisible"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    out = subprocess.run(
        [*KASHF, "restore", str(tmp_path / "nope.txt")], capture_output=True, timeout=60
    )
    assert out.returncode == 2 and b"cannot read" in out.stderr


@pytest.mark.parametrize("size_mb", [20])
def test_a_huge_single_line_is_restored_whole(tmp_path: Path, size_mb: int) -> None:
    unit = "قال المصدر إن الوضع هادئ في المدينة اليوم وإن الأسواق مفتوحة "
    line = unit * (size_mb * 1_000_000 // len(unit.encode()))
    big = tmp_path / "big.txt"
    big.write_text(line + "قـ.وات\nآخر\n", encoding="utf-8")
    out = subprocess.run([*KASHF, "restore", str(big)], capture_output=True, timeout=300)
    assert out.returncode == 0
    lines = out.stdout.decode().split("\n")
    assert len(lines) == 3 and lines[2] == ""
    assert lines[0] == line + "قوات" and lines[1] == "آخر"
