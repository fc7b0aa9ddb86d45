"""Stage 1: restore text written to evade filters (see docs/architecture.md, "Evasion techniques").

``restore(text)`` returns a :class:`Restoration`: the restored text, the edits over the raw
text that produce it (each naming the technique it undid), and a score of how obfuscated the
input looked. ``TECHNIQUES`` lists every technique name an edit can carry.
"""

from __future__ import annotations

import sys
import types

from kashf.restore.core import PIPELINE, TECHNIQUES, restore
from kashf.restore.edits import Edit, Restoration, apply_edits

__all__ = ["PIPELINE", "TECHNIQUES", "Edit", "Restoration", "apply_edits", "restore"]


class _CallableModule(types.ModuleType):
    """``kashf.restore`` is this package; calling it restores a text, so ``kashf.restore(text)``
    and ``kashf.restore.TECHNIQUES`` both work."""

    def __call__(self, text: str) -> Restoration:
        return restore(text)


sys.modules[__name__].__class__ = _CallableModule
