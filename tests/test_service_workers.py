"""``kashf serve --workers N``: settings reach every worker process; the server stops whole.
``--keep-alive``: an idle connection outlives a client's own idle expiry."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kashf.service.settings import ServiceSettings
from live_server import ENV, SERVE, live_server


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
    with live_server("--workers", "2", "--max-text-chars", "40") as (base, _port, proc):
        workers = _children(proc.pid)
        serving = [pid for pid in workers if "resource_tracker" not in _cmdline(pid)]
        assert len(serving) == 2, serving  # uvicorn's supervisor starts one process per worker
        # Every request, whichever worker takes it, sees the limit given on the command line.
        for _ in range(6):
            status, body = _post(base, "قـ.وات النظام")
            assert status == 200 and body["text"] == "قوات النظام"
            status, body = _post(base, "ا" * 41)
            assert status == 422 and "40" in json.dumps(body, ensure_ascii=False)
    # The server is stopped (SIGTERM) on leaving the block.
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


def test_an_idle_connection_outlives_the_clients_own_expiry() -> None:
    """httpx drops an idle pooled connection after 5 s; uvicorn's default closed it after 5 s
    too, so a request sent at that moment was reset. kashf's server waits longer."""
    pytest.importorskip("uvicorn", reason="the service needs the serve extra")
    with live_server() as (_base, port, _proc):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for pause in (0.0, 6.0):
            time.sleep(pause)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            assert response.status == 200
        conn.close()


def test_keep_alive_must_be_positive() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SERVE, "--keep-alive", "0"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "--keep-alive" in done.stderr
