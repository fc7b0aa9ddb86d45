"""kashf (كشف, "uncovering"): undo Arabic evasion spelling and extract conflict events.

>>> import kashf
>>> kashf.restore("قـ.وات").text
'قوات'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kashf.restore import Edit, Restoration, apply_edits, restore

__version__ = "0.1.0"

__all__ = ["Edit", "Restoration", "__version__", "apply_edits", "extract", "restore"]

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from kashf.extract import Report


def extract(text: str, date: Any = None, **kwargs: Any) -> Report:
    """Restore ``text`` and extract conflict events from it (see :func:`kashf.extract.extract`)."""
    from kashf.extract import extract as _extract  # imported lazily: keeps `import kashf` light

    return _extract(text, date=date, **kwargs)


def merge_events(records: Iterable[dict[str, Any]], **kwargs: Any) -> Iterator[dict[str, Any]]:
    """One row per real-world event out of per-report event records (:mod:`kashf.merge`)."""
    from kashf.merge import merge_events as _merge_events  # lazy, like extract

    return _merge_events(records, **kwargs)


__all__ += ["merge_events"]
