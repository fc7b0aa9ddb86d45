"""Hand-written per-report event records for the merge tests."""

from __future__ import annotations

from typing import Any


def record(rid: str, **fields: Any) -> dict[str, Any]:
    """A hand-written per-report record (an arrest in Maadan unless told otherwise)."""
    base: dict[str, Any] = {
        "id": rid,
        "event_date": "2024-06-02",
        "time_precision": 1,
        "event_type": "Strategic developments",
        "sub_event_type": "Arrests",
        "actor1": "Military Forces of Syria",
        "inter1": 1,
        "actor2": "Civilians (Syria)",
        "inter2": 7,
        "admin1": "Ar-Raqqa",
        "admin2": "Ar-Raqqa",
        "admin3": "Maadan",
        "location": "Maadan",
        "geo_precision": 1,
        "fatalities": 0,
        "evidence_start": 0,
        "evidence_end": 40,
        "source": f"outlet {rid}",
    }
    return {**base, **fields}
