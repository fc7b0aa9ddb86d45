"""HTTP service and review page (``pip install 'kashf[serve]'``; run with ``kashf serve``).

``create_app`` is imported lazily: this package's settings are usable without FastAPI.
"""

from __future__ import annotations

from typing import Any

from kashf.service.settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from kashf.service.app import create_app

        return create_app
    raise AttributeError(name)
