"""Shared test fixtures. ``shared_dir`` is the project's ../shared folder (CI has it, a user's
clone does not): tests that need it skip with a clear reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KASHF_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "DESIGN.md").is_file():
        pytest.skip(f"needs the project's shared material at {SHARED} (absent in a plain clone)")
    return SHARED
