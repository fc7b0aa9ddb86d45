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

from kashf import restore
from kashf.restore import Edit, Restoration, apply_edits

__version__ = "0.1.0"

__all__ = ["Edit", "Restoration", "__version__", "apply_edits", "extract", "restore"]


def __getattr__(name: str) -> ModuleType:
    # Loaded on first use: keeps `import kashf` light (the extractor loads its tables).
    if name == "extract":
        return importlib.import_module("kashf.extract")
    raise AttributeError(f"module 'kashf' has no attribute {name!r}")
