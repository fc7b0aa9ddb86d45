"""Places of a restored report, from the gazetteer (:func:`kashf.gazetteer.find_places`).

The gazetteer ships in the same package, so extraction always has it; this module only fixes
how extract calls it (the text, the user's gazetteer when given, a governorate hint).
"""

from __future__ import annotations

from typing import Any

from kashf.gazetteer import find_places as _find_places


def find_places(text: str, *, gazetteer: Any = None, admin1_hint: str | None = None) -> list[Any]:
    """PlaceMentions in ``text`` (offsets into ``text``)."""
    kwargs: dict[str, Any] = {}
    if gazetteer is not None:
        kwargs["gazetteer"] = gazetteer
    if admin1_hint is not None:
        kwargs["admin1_hint"] = admin1_hint
    return list(_find_places(text, **kwargs))
