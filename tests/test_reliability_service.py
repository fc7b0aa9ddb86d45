"""Issue 6, the service under abuse: a real ``kashf serve`` (uvicorn) on 127.0.0.1.

Bounded CI version of what ``scripts/reliability.py`` runs for longer: it binds loopback by
default; oversized bodies get 413 without being read to the end (declared or chunked); slow
clients, stalled uploads and hundreds of idle connections do not stall other requests;
malformed JSON gets 400; no endpoint opens a file for writing or reads outside the package,
the Python installation and the user's data directory (checked with an audit hook).
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import os
import socket
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "fastapi", reason="the service needs the serve extra: pip install 'kashf[serve]'"
)
pytest.importorskip(
    "uvicorn", reason="the service needs the serve extra: pip install 'kashf[serve]'"
)
pytest.importorskip("httpx", reason="the client side uses httpx")

import httpx
from fastapi.testclient import TestClient

import kashf
from kashf.service import ServiceSettings, create_app
from live_server import live_server

TEXT = "قـ.وات النظام قصفت بلدة كفرنبل في ريف إدلب"
MAX_BODY = 200_000


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int, int]]:
    with live_server("--max-body-bytes", str(MAX_BODY)) as (base, port, proc):
        yield base, port, proc.pid


def raw_exchange(port: int, head: bytes, body_chunks: Iterator[bytes], timeout: float) -> bytes:
    """Send a request by hand (what a hostile client does) and return the response bytes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head)
        s.settimeout(0.0)
        got = b""
        for chunk in body_chunks:
            try:
                s.sendall(chunk)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                break
            try:
                got += s.recv(65536)
            except BlockingIOError:
                continue
            if got:
                break
        s.settimeout(timeout)
        try:
            while b"\r\n\r\n" not in got or len(got) < 20:
                more = s.recv(65536)
                if not more:
                    break
                got += more
        except (TimeoutError, ConnectionResetError):
            pass
        return got


def test_binds_loopback_by_default(server: tuple[str, int, int]) -> None:
    psutil = pytest.importorskip("psutil")
    _, port, pid = server
    listening = {
        (c.laddr.ip, c.laddr.port)
        for c in psutil.Process(pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    }
    assert listening == {("127.0.0.1", port)}


def test_malformed_json_and_wrong_shapes(server: tuple[str, int, int]) -> None:
    base = server[0]
    with httpx.Client(base_url=base, timeout=10) as c:
        for body, status in (
            (b'{"text": ', 400),
            (b"\xff\xfe{", 400),
            (b"[1, 2]", 422),
            (b'{"text": 3}', 422),
            (b"", 400),
        ):
            r = c.post("/v1/restore", content=body, headers={"content-type": "application/json"})
            assert r.status_code == status, (body, r.text)
            assert r.json()["error"]["status"] == status


def test_declared_oversized_body_is_refused_before_it_is_sent(
    server: tuple[str, int, int],
) -> None:
    _, port, _ = server
    head = (
        b"POST /v1/restore HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 200000000\r\n\r\n"
    )
    t0 = time.monotonic()
    resp = raw_exchange(port, head, iter([b'{"text": "' + b"a" * 1000]), timeout=10)
    assert resp.startswith(b"HTTP/1.1 413"), resp[:200]
    assert time.monotonic() - t0 < 5


def test_chunked_oversized_body_is_cut_off(server: tuple[str, int, int]) -> None:
    _, port, _ = server
    head = (
        b"POST /v1/extract/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    piece = b"a" * 32_768
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    sent = iter([chunk] * 200)  # up to 6.5 MB: far over the limit
    resp = raw_exchange(port, head, sent, timeout=10)
    assert resp.startswith(b"HTTP/1.1 413"), resp[:200]


def _hold(sockets: list[socket.socket], stop: threading.Event, drip: bytes) -> None:
    while not stop.is_set():
        for s in sockets:
            with contextlib.suppress(OSError):
                s.send(drip)
        stop.wait(0.5)


def test_slow_clients_and_idle_connections_do_not_stall_others(
    server: tuple[str, int, int],
) -> None:
    base, port, _ = server
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(300)]
    slow_headers = []
    for _ in range(20):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /v1/restore HTTP/1.1\r\nHost: x\r\n")
        slow_headers.append(s)
    slow_bodies = []
    for _ in range(20):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(
            b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100000\r\n\r\n{"
        )
        slow_bodies.append(s)
    stop = threading.Event()
    drippers = [
        threading.Thread(target=_hold, args=(slow_headers, stop, b"X"), daemon=True),
        threading.Thread(target=_hold, args=(slow_bodies, stop, b" "), daemon=True),
    ]
    for t in drippers:
        t.start()
    try:

        async def others() -> list[tuple[int, float]]:
            async with httpx.AsyncClient(base_url=base, timeout=10) as c:

                async def one(i: int) -> tuple[int, float]:
                    t0 = time.perf_counter()
                    if i % 2:
                        r = await c.get("/healthz")
                    else:
                        r = await c.post("/v1/restore", json={"text": TEXT})
                    return r.status_code, time.perf_counter() - t0

                return list(await asyncio.gather(*(one(i) for i in range(40))))

        results = asyncio.run(others())
    finally:
        stop.set()
        for t in drippers:
            t.join()
        for s in idle + slow_headers + slow_bodies:
            s.close()
    assert all(status == 200 for status, _ in results), results
    slowest = max(dt for _, dt in results)
    assert slowest < 3.0, f"a normal request waited {slowest:.1f} s behind the slow clients"
    with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
        assert r.status == 200


def test_a_stalled_upload_times_out_with_408() -> None:
    app = create_app(ServiceSettings(body_timeout_s=0.3))
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(0.1)  # a byte now and then: never done
        return {"type": "http.request", "body": b" ", "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/restore",
        "raw_path": b"/v1/restore",
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "http_version": "1.1",
        "headers": [(b"content-type", b"application/json")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
    }
    t0 = time.monotonic()
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 10))
    assert time.monotonic() - t0 < 3
    start = next(m for m in messages if m["type"] == "http.response.start")
    assert start["status"] == 408


# --- files: nothing written, nothing read outside what the service may read ---------------------

_AUDIT: dict[str, Any] = {"on": False, "opens": []}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _AUDIT["on"] and event == "open":
        _AUDIT["opens"].append(args)


def test_no_endpoint_touches_files_outside_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KASHF_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    sys.addaudithook(_audit)  # hooks cannot be removed: this one records only while "on"
    allowed = [
        Path(kashf.__file__).resolve().parent,  # the package and its data
        Path(sys.prefix).resolve(),  # the environment (lazily imported modules, docs assets)
        Path(sys.base_prefix).resolve(),
        (tmp_path / "data").resolve(),  # the user's data directory
        # The system's MIME tables, read by the standard library to type static files.
        *(Path(f).resolve() for f in mimetypes.knownfiles),
    ]
    record = {"id": "r", "event_type": "Battles", "notes": "<b>x</b>", "latitude": 35.0}
    _AUDIT["opens"] = []
    _AUDIT["on"] = True
    try:
        with TestClient(create_app()) as c:
            assert c.get("/").status_code == 200
            assert c.get("/healthz").status_code == 200
            assert c.get("/docs").status_code == 200
            assert c.get("/openapi.json").status_code == 200
            assert c.get("/static/review.js").status_code == 200
            assert c.post("/v1/restore", json={"text": TEXT}).status_code == 200
            assert c.post("/v1/extract", json={"text": TEXT, "date": "2024-01-02"}).is_success
            batch = b'{"text": "x"}\n{"text": "/etc/passwd"}\n'
            c.post("/v1/extract/batch", content=batch, headers={"content-type": "text/plain"})
            for fmt in ("csv", "geojson", "jsonl"):
                assert c.post(f"/v1/export?format={fmt}", json={"records": [record]}).is_success
            for path in (
                "/static/../app.py",
                "/static/%2e%2e/app.py",
                "/static/..%2fapp.py",
                "/static/%2e%2e%2f%2e%2e%2fcli%2f__init__.py",
                "/static//etc/passwd",
                "/static/%2fetc%2fpasswd",
                "/docs-assets/../../../../etc/passwd",
                "/../../etc/passwd",
            ):
                r = c.get(path)
                assert r.status_code in (400, 404), (path, r.status_code)
                assert b"root:" not in r.content and b"def create_app" not in r.content
    finally:
        _AUDIT["on"] = False
    writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    outside = []
    for path, mode, flags in _AUDIT["opens"]:
        if isinstance(path, int):
            continue
        if (isinstance(mode, str) and any(ch in mode for ch in "wax+")) or (flags or 0) & writes:
            outside.append(f"write: {path}")
            continue
        resolved = Path(os.fsdecode(path)).resolve()
        if not any(resolved == root or resolved.is_relative_to(root) for root in allowed):
            outside.append(f"read: {resolved}")
    assert not outside, outside
    assert list(tmp_path.iterdir()) == []  # nothing created in the working directory either
