"""Bounded load test of ``kashf serve`` on 127.0.0.1: errors, latency percentiles, req/s.

Starts the real service (uvicorn) on a free loopback port in a child process, then sends
``--requests`` POSTs at ``--concurrency`` with httpx's async client, cycling through short
Arabic reports written for this script (with obfuscated words). Also measures the
single-process ``extract`` rate on the same texts, so req/s can be given as a ratio.

    python benchmarks/service_load.py                          # 2,000 requests at 50, /v1/extract
    python benchmarks/service_load.py --endpoint /v1/restore --requests 5000
    python benchmarks/service_load.py --workers 2              # one uvicorn worker per core

Prints markdown. Needs the serve extra and httpx (``pip install 'kashf[serve]' httpx``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SERVE = (
    "import argparse, sys\n"
    "from kashf.cli import serve\n"
    "p = argparse.ArgumentParser(prog='kashf'); serve.register(p.add_subparsers())\n"
    "a = p.parse_args(['serve', *sys.argv[1:]]); sys.exit(a.func(a))\n"
)
# Written for this benchmark (not corpus text).
TEXTS = [
    "قتل ثلاثة مدنيين بقصف لقـ.ـوات النظام على بلدة كفرنبل في ريف إدلب الجنوبي.",
    "اعتقلت دورية تابعة للأمن العسكري خمسة شبان في مدينة درعا.",
    "هاجم مسلحون مجهولون حاجزا لـ ق.س.د في ريف دير الزور الشرقي وقتلوا عنصرين.",
    "خرج مئات المتظاهرين في مدينة السويداء مطالبين بالإفراج عن المعتقلين.",
    "سقطت قذيفة هاون على حي سكني في مدينة حلب دون وقوع إصابات.",
    "انفجرت عبوة ناسفة بسيارة عسكرية في مدينة القامشلي وأسفرت عن جرح ثلاثة عناصر.",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SERVE,
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(
                f"kashf serve exited: {proc.stderr.read().decode() if proc.stderr else ''}"
            )
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("kashf serve did not start within 60 s")


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (the uvicorn workers), in MB."""
    total_kb, pending, found = 0, [pid], False
    while pending:
        p = pending.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
                    found = True
            for task in Path(f"/proc/{p}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return total_kb / 1024 if found else float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and all its descendants, in seconds."""
    ticks, pending = 0, [pid]
    while pending:
        p = pending.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
            for task in Path(f"/proc/{p}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


async def load(
    base: str, endpoint: str, n: int, concurrency: int
) -> tuple[list[float], dict[str, int], float]:
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                body = {"text": TEXTS[i % len(TEXTS)], "id": str(i)}
                t0 = time.perf_counter()
                try:
                    r = await client.post(endpoint, json=body)
                    key = str(r.status_code)
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                latencies.append(time.perf_counter() - t0)
                statuses[key] = statuses.get(key, 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return latencies, statuses, wall


def loop_rate(endpoint: str, n: int) -> float:
    import kashf
    from kashf.extract import extract

    fn = (lambda t: extract(t)) if endpoint == "/v1/extract" else kashf.restore
    fn(TEXTS[0])
    t0 = time.perf_counter()
    for i in range(n):
        fn(TEXTS[i % len(TEXTS)])
    return n / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--endpoint", default="/v1/extract", choices=("/v1/extract", "/v1/restore"))
    ap.add_argument("--workers", type=int, default=1, help="kashf serve --workers")
    args = ap.parse_args()
    port = free_port()
    proc = start_server(port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        asyncio.run(load(base, args.endpoint, min(100, args.requests), 10))  # warm-up
        rss0 = rss_mb(proc.pid)
        server0, client0 = cpu_seconds(proc.pid), time.process_time()
        latencies, statuses, wall = asyncio.run(
            load(base, args.endpoint, args.requests, args.concurrency)
        )
        server_ms = (cpu_seconds(proc.pid) - server0) / args.requests * 1000
        client_ms = (time.process_time() - client0) / args.requests * 1000
        rss1 = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    ok = statuses.get("200", 0)
    errors = args.requests - ok
    q = statistics.quantiles(latencies, n=100)
    loop = loop_rate(args.endpoint, 500)
    rate = args.requests / wall
    print(
        f"### Service load: `{args.endpoint}`, {args.requests:,} requests at concurrency "
        f"{args.concurrency}, `kashf serve --workers {args.workers}` on 127.0.0.1 "
        f"({os.cpu_count()} cores)\n"
    )
    print(
        "| requests | errors | statuses | req/s | p50 ms | p95 ms | p99 ms | max ms | "
        "single-process loop /s | ratio | server CPU ms/request | client CPU ms/request | "
        "server RSS MB (before → after) |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    status_text = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
    print(
        f"| {args.requests:,} | {errors} | {status_text} | {rate:,.0f} | {q[49] * 1000:.0f} | "
        f"{q[94] * 1000:.0f} | {q[98] * 1000:.0f} | {max(latencies) * 1000:.0f} | {loop:,.0f} | "
        f"{rate / loop:.2f}x | {server_ms:.2f} | {client_ms:.2f} | {rss0:.0f} → {rss1:.0f} |"
    )
    print(
        f"\nThe server spent {server_ms:.2f} ms of CPU per request (all its processes), this "
        f"load generator {client_ms:.2f} ms. Sharing {os.cpu_count()} cores, the two can reach "
        f"at most {os.cpu_count() * 1000 / (server_ms + client_ms):,.0f} req/s; the server "
        f"alone would serve about {1000 / server_ms:,.0f} requests per second per busy core."
    )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
