"""A real ``kashf serve`` (uvicorn) on a free 127.0.0.1 port, for the tests that need one.

One copy of the start-up, the wait for ``/healthz`` and the shutdown, shared by the service,
review-page and reliability tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
# ``kashf serve ARGS`` through the CLI's own entry point, on this checkout's sources.
SERVE = "import sys\nfrom kashf.cli import main\nsys.exit(main(['serve', *sys.argv[1:]]))\n"
ENV = {**os.environ, "PYTHONPATH": str(SRC)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(
    *args: str, wait_s: float = 60.0
) -> Iterator[tuple[str, int, subprocess.Popen[bytes]]]:
    """``(base URL, port, process)`` of a server started with ``args`` that answers
    ``/healthz``; stopped (terminated, killed if it lingers) on exit. Its stderr goes to a
    file (a pipe nobody reads could fill and stall it) and is quoted if it fails to start."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVE, "--port", str(port), "--log-level", "warning", *args],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + wait_s
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"kashf serve exited: {log.read().decode(errors='replace')}")
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2):
                        break
                except OSError as exc:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"kashf serve did not answer /healthz in {wait_s:g} s"
                        ) from exc
                    time.sleep(0.2)
            yield base, port, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
