"""Service limits, importable without FastAPI (the CLI builds its parser from them)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_TEXT_CHARS = 100_000


@dataclass(frozen=True)
class ServiceSettings:
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES  # larger bodies get 413, checked while reading
    max_text_chars: int = (
        DEFAULT_MAX_TEXT_CHARS  # longer texts get 422 (a batch line: an error line)
    )
