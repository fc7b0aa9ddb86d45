"""Places through the gazetteer engineer's API (``kashf.gazetteer.find_places``).

Imported lazily so extraction still runs (without places) if the gazetteer is unavailable;
:func:`gazetteer_available` tells callers and tests which case they are in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _finder() -> Callable[..., list[Any]] | None:
    try:
        from kashf.gazetteer import find_places
    except ImportError:
        return None
    return find_places


def gazetteer_available() -> bool:
    return _finder() is not None


def find_places(text: str, *, gazetteer: Any = None, admin1_hint: str | None = None) -> list[Any]:
    """PlaceMentions in ``text`` (offsets into ``text``), or [] without a gazetteer."""
    finder = _finder()
    if finder is None:
        return []
    kwargs: dict[str, Any] = {}
    if gazetteer is not None:
        kwargs["gazetteer"] = gazetteer
    if admin1_hint is not None:
        kwargs["admin1_hint"] = admin1_hint
    return list(finder(text, **kwargs))
