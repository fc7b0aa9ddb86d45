"""Service limits, importable without FastAPI (the CLI builds its parser from them)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_TEXT_CHARS = 100_000
DEFAULT_BODY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class ServiceSettings:
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES  # larger bodies get 413, checked while reading
    max_text_chars: int = (
        DEFAULT_MAX_TEXT_CHARS  # longer texts get 422 (a batch line: an error line)
    )
    # A client still sending its body after this many seconds gets 408: a slow or stalled
    # upload must not hold a request (and its buffers) open for ever.
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S
    # Load the restore/extract tables before the first request: otherwise a burst of first
    # requests each loads them at once (one thread each, under the GIL) and all time out.
    warm_up: bool = True
