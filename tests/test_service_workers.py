"""``kashf serve --workers N``: settings reach every worker process; the server stops whole.
``--keep-alive``: an idle connection outlives a client's own idle expiry."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kashf.service.settings import ServiceSettings

SRC = Path(__file__).resolve().parent.parent / "src"
SERVE = "import sys\nfrom kashf.cli import main\nsys.exit(main(['serve', *sys.argv[1:]]))\n"


def test_settings_travel_through_the_environment() -> None:
    settings = ServiceSettings(max_body_bytes=1234, max_text_chars=56, warm_up=False)
    assert ServiceSettings.from_env(settings.to_env()) == settings
    assert ServiceSettings.from_env({}) == ServiceSettings()


def test_a_bad_setting_in_the_environment_is_an_error() -> None:
    with pytest.raises(ValueError, match="KASHF_SERVE_MAX_TEXT_CHARS"):
        ServiceSettings.from_env({"KASHF_SERVE_MAX_TEXT_CHARS": "many"})
    with pytest.raises(ValueError, match="KASHF_SERVE_WARM_UP"):
        ServiceSettings.from_env({"KASHF_SERVE_WARM_UP": "yes"})


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _post(base: str, text: str) -> tuple[int, dict[str, object]]:
    req = urllib.request.Request(
        base + "/v1/restore",
        data=json.dumps({"text": text}).encode(),
        headers={"content-type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc for the workers")
def test_two_workers_serve_with_the_limits_given() -> None:
    pytest.importorskip("uvicorn", reason="the service needs the serve extra")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, "--port", str(port), "--workers", "2",
         "--max-text-chars", "40", "--log-level", "warning"],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "kashf serve --workers 2 did not start"
                time.sleep(0.3)
        workers = _children(proc.pid)
        serving = [pid for pid in workers if "resource_tracker" not in _cmdline(pid)]
        assert len(serving) == 2, serving  # uvicorn's supervisor starts one process per worker
        # Every request, whichever worker takes it, sees the limit given on the command line.
        for _ in range(6):
            status, body = _post(base, "قـ.وات النظام")
            assert status == 200 and body["text"] == "قوات النظام"
            status, body = _post(base, "ا" * 41)
            assert status == 422 and "40" in json.dumps(body, ensure_ascii=False)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    # Python's multiprocessing resource tracker (also a child) exits a moment after the server.
    deadline = time.monotonic() + 10
    while [pid for pid in workers if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)], "a worker outlived the server"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _start(*args: str) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, "--port", str(port), "--log-level", "warning", *args],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc, port
        except OSError:
            assert time.monotonic() < deadline, "kashf serve did not start"
            time.sleep(0.3)


def test_an_idle_connection_outlives_the_clients_own_expiry() -> None:
    """httpx drops an idle pooled connection after 5 s; uvicorn's default closed it after 5 s
    too, so a request sent at that moment was reset. kashf's server waits longer."""
    pytest.importorskip("uvicorn", reason="the service needs the serve extra")
    proc, port = _start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for pause in (0.0, 6.0):
            time.sleep(pause)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            assert response.status == 200
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_keep_alive_must_be_positive() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SERVE, "--keep-alive", "0"],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "--keep-alive" in done.stderr
