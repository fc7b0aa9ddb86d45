"""kashf (كشف, "uncovering"): undo Arabic evasion spelling and extract conflict events.

``kashf.restore`` and ``kashf.extract`` are the packages, and calling them runs them, so the
function and the package's names are both at hand (typed code imports the functions:
``from kashf.restore import restore``, ``from kashf.extract import extract``):

>>> import kashf
>>> kashf.restore("قـ.وات").text
'قوات'
>>> "separator_in_word" in kashf.restore.TECHNIQUES
True
>>> [e.event_type for e in kashf.extract("قصفت قوات النظام مدينة إدلب", date="2024-01-02").events]
['Explosions/Remote violence']
>>> kashf.extract.RECORD_COLUMNS[:2]
('id', 'event_date')
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from kashf import restore
from kashf.restore import Edit, Restoration, apply_edits

__version__ = "0.1.0"

__all__ = ["Edit", "Restoration", "__version__", "apply_edits", "extract", "restore"]


def __getattr__(name: str) -> ModuleType:
    # Loaded on first use: keeps `import kashf` light (the extractor loads its tables).
    if name == "extract":
        return importlib.import_module("kashf.extract")
    raise AttributeError(f"module 'kashf' has no attribute {name!r}")


if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


def merge_events(records: Iterable[dict[str, Any]], **kwargs: Any) -> Iterator[dict[str, Any]]:
    """One row per real-world event out of per-report event records (:mod:`kashf.merge`)."""
    from kashf.merge import merge_events as _merge_events  # lazy, like extract

    return _merge_events(records, **kwargs)


__all__ += ["merge_events"]
