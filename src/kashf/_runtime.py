"""Process-level helpers shared by the stages."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# A text this long makes millions of small, acyclic objects (edits, segments, matches);
# CPython's cyclic collector would walk them all again at every full collection, so time would
# grow faster than the text (measured: a third of the time on 1 MB). It is paused meanwhile.
LONG_TEXT_CHARS = 50_000


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting goes on freeing memory)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
