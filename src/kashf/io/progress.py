"""Progress for long runs: a live bar on a terminal, plain periodic lines otherwise.

Hand-written (a few lines) rather than a dependency: the core stays light, and the same class
gives the non-terminal form (one line every ``interval`` seconds) that logs need.
"""

from __future__ import annotations

import time
from typing import TextIO


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class Progress:
    """``update(rows, errors, fraction)`` as work is committed; ``finish()`` at the end."""

    def __init__(
        self, stream: TextIO, *, live: bool, interval: float = 10.0, label: str = "kashf batch"
    ) -> None:
        self.stream = stream
        self.live = live
        self.interval = 0.2 if live else interval
        self.label = label
        self.start = time.monotonic()
        self._last = time.monotonic()
        self._width = 0
        self._rows0: int | None = None

    def line(self, rows: int, errors: int, fraction: float | None) -> str:
        elapsed = max(1e-9, time.monotonic() - self.start)
        done_here = rows - (self._rows0 or 0)
        rate = done_here / elapsed
        parts = [f"{rows:,} rows", f"{rate:,.0f} rows/s"]
        if errors:
            parts.append(f"{errors:,} errors")
        if fraction is not None and fraction > 0:
            parts.append(f"{fraction:4.0%}")
            if fraction < 1 and done_here:
                parts.append(f"ETA {_clock(elapsed * (1 - fraction) / max(1e-9, fraction))}")
        text = " | ".join(parts)
        if self.live and fraction is not None:
            filled = int(24 * min(1.0, fraction))
            text = f"[{'#' * filled}{'.' * (24 - filled)}] {text}"
        return f"{self.label}: {text}"

    def begin(self, rows: int) -> None:
        """Start the clock; ``rows`` were done by an earlier run (the rate counts this run's)."""
        self.start = time.monotonic()
        self._rows0 = rows

    def update(
        self, rows: int, errors: int, fraction: float | None, *, force: bool = False
    ) -> None:
        if self._rows0 is None:
            self.begin(0)
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        text = self.line(rows, errors, fraction)
        if self.live:
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.live and self._width:
            self.stream.write("\n")
            self.stream.flush()
