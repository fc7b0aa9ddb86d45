"""``kashf serve``: the HTTP API and the review page, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from kashf.service.settings import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_TEXT_CHARS, ServiceSettings

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
    if args.max_body_bytes <= 0 or args.max_text_chars <= 0 or args.workers <= 0:
        print(
            "kashf serve: --max-body-bytes, --max-text-chars and --workers must be positive",
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
        if args.workers == 1:
            uvicorn.run(
                create_app(settings), host=args.host, port=args.port, log_level=args.log_level
            )
        else:
            # Workers are separate processes started from an import string; they read the
            # settings from the environment this process hands down.
            os.environ.update(settings.to_env())
            uvicorn.run(
                "kashf.service.app:create_app_from_env",
                factory=True,
                workers=args.workers,
                host=args.host,
                port=args.port,
                log_level=args.log_level,
            )
    except OSError as exc:
        print(
            f"kashf serve: cannot listen on {args.host}:{args.port}: {exc.strerror}",
            file=sys.stderr,
        )
        return 1
    return 0
