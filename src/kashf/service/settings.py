"""Service limits, importable without FastAPI (the CLI builds its parser from them)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

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

    def to_env(self) -> dict[str, str]:
        """The settings as environment variables, for worker processes (``--workers``)."""
        return {_ENV_PREFIX + f.name.upper(): str(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ServiceSettings:
        """Settings from ``KASHF_SERVE_*`` variables (what :meth:`to_env` wrote); defaults for
        the ones not set. A value that does not parse is an error, not a silent default."""
        env = os.environ if env is None else env
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = _ENV_PREFIX + f.name.upper()
            raw = env.get(name)
            if raw is None:
                continue
            kind = type(getattr(defaults, f.name))
            try:
                values[f.name] = _BOOLS[raw] if kind is bool else kind(raw)
            except (KeyError, ValueError):
                raise ValueError(f"{name}={raw!r} is not a {kind.__name__}") from None
        return cls(**values)


_BOOLS = {"True": True, "False": False}
_ENV_PREFIX = "KASHF_SERVE_"
