"""``kashf serve``: the HTTP API and the review page, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from kashf.service.settings import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_TEXT_CHARS, ServiceSettings

# uvicorn closes an idle connection after 5 s by default, the very moment httpx's pool may reuse
# it: the request then fails with a reset (seen once in 11,831 requests under load). Servers
# should outlast their clients' idle expiry.
DEFAULT_KEEP_ALIVE_S = 75.0

_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="run the HTTP API and the review page (needs kashf[serve])",
        description=(
            "Serve /v1/restore, /v1/extract, /v1/extract/batch, /healthz, /docs "
            "and the review page /."
        ),
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default: 127.0.0.1, this machine only)",
    )
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--max-body-bytes",
        type=int,
        default=DEFAULT_MAX_BODY_BYTES,
        help=f"largest request body accepted, 413 above (default: {DEFAULT_MAX_BODY_BYTES:,})",
    )
    p.add_argument(
        "--max-text-chars",
        type=int,
        default=DEFAULT_MAX_TEXT_CHARS,
        help=f"longest text accepted per report, 422 above (default: {DEFAULT_MAX_TEXT_CHARS:,})",
    )
    p.add_argument(
        "--keep-alive",
        type=float,
        default=DEFAULT_KEEP_ALIVE_S,
        metavar="SECONDS",
        help=f"how long an idle connection stays open (default: {DEFAULT_KEEP_ALIVE_S:g}); keep it "
        "above your clients' own idle expiry (httpx: 5 s) or a reused connection can be reset",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (default: 1); restore and extract are CPU-bound, so up to one "
        "per core raises throughput",
    )
    p.add_argument(
        "--log-level", default="info", choices=("critical", "error", "warning", "info", "debug")
    )
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from kashf.service.app import create_app
    except ImportError:
        print("kashf serve: needs FastAPI and uvicorn: pip install 'kashf[serve]'", file=sys.stderr)
        return 2
    if min(args.max_body_bytes, args.max_text_chars, args.workers, args.keep_alive) <= 0:
        print(
            "kashf serve: --max-body-bytes, --max-text-chars, --workers and --keep-alive must be "
            "positive",
            file=sys.stderr,
        )
        return 2
    if args.host not in _LOCAL_HOSTS:
        print(
            f"kashf serve: warning: listening on {args.host}: reachable from other machines, "
            "and the service has no authentication",
            file=sys.stderr,
        )
    settings = ServiceSettings(
        max_body_bytes=args.max_body_bytes, max_text_chars=args.max_text_chars
    )
    try:
        common: dict[str, Any] = {
            "host": args.host,
            "port": args.port,
            "log_level": args.log_level,
            "timeout_keep_alive": args.keep_alive,
        }
        if args.workers == 1:
            uvicorn.run(create_app(settings), **common)
        else:
            # Workers are separate processes started from an import string; they read the
            # settings from the environment this process hands down.
            os.environ.update(settings.to_env())
            uvicorn.run(
                "kashf.service.app:create_app_from_env",
                factory=True,
                workers=args.workers,
                **common,
            )
    except OSError as exc:
        print(
            f"kashf serve: cannot listen on {args.host}:{args.port}: {exc.strerror}",
            file=sys.stderr,
        )
        return 1
    return 0
