"""Record types of stage 2: entities found in a report, ACLED-compatible events, the report.

Everything here is a frozen value; :class:`Report` turns its events into plain records (dicts)
in the one column order :data:`RECORD_COLUMNS` used for JSONL, CSV and data frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from kashf.restore import Restoration

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]

EntityKind = Literal["actor", "place", "count", "date", "trigger"]

# ACLED's column names and order for the fields we share with it (ACLED export order), then
# kashf's own: the report id first so a CSV row can be traced back, evidence and confidence last.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
# Columns that describe the report an event came from, not the event: where it was posted
# (ACLED's ``source``, the post's ``url``, ``forwarded_from``) and whether it repeats an earlier
# report (``duplicate_of``: same restored, normalised text; ``similar_to``/``similarity``: near
# copy, Jaccard of character shingles). Filled from :attr:`Report.meta`; see kashf.io.sources.
REPORT_COLUMNS: tuple[str, ...] = (
    "source",
    "url",
    "forwarded_from",
    "duplicate_of",
    "similar_to",
    "similarity",
)
RECORD_COLUMNS: tuple[str, ...] = (
    "id",
    *ACLED_COLUMNS,
    "injured",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "confidence",
    "why",
    *(c for c in REPORT_COLUMNS if c not in ACLED_COLUMNS),
)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's numeric interaction: the two inter codes, lower first; one side alone: 10 * code.

    >>> (interaction(1, 7), interaction(7, 2), interaction(8, None), interaction(None, 3))
    (17, 27, 80, None)
    """
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the RAW report: ``raw[start:end] == text``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention: ``start/end`` in the restored text, ``raw_start/raw_end`` in the raw text.

    ``value`` is what the mention means: the canonical actor, the place name, the number, the
    ISO date or the ``event_type/sub_event_type`` of a trigger; ``info`` carries the rest
    (inter code, admin names, counting role, ...) as sorted ``(key, value)`` pairs.
    """

    kind: EntityKind
    start: int
    end: int
    raw_start: int
    raw_end: int
    text: str
    value: str
    info: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        for k, v in self.info:
            if k == key:
                return v
        return default

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "raw_start": self.raw_start,
            "raw_end": self.raw_end,
            "text": self.text,
            "value": self.value,
            **{k: v for k, v in self.info},
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One ACLED-style event. ``evidence`` points into the raw report."""

    id: str | None
    event_date: str | None
    time_precision: int | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str
    inter1: int | None
    actor2: str | None
    assoc_actor_2: str
    inter2: int | None
    interaction: int | None
    country: str
    admin1: str | None
    admin2: str | None
    admin3: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    injured: int | None
    notes: str
    evidence: Span
    confidence: float
    # field -> name of the rule in kashf.rules.RULES that decided it (sorted pairs: hashable)
    why: tuple[tuple[str, str], ...] = ()

    def to_record(self) -> dict[str, Any]:
        """A flat record in :data:`RECORD_COLUMNS` order (evidence split into three columns)."""
        rec: dict[str, Any] = {}
        for col in RECORD_COLUMNS:
            if col.startswith("evidence_"):
                rec[col] = getattr(self.evidence, col.removeprefix("evidence_"))
            elif col in REPORT_COLUMNS:
                rec[col] = None  # the report's, filled by Report.to_records
            elif col == "why":
                rec[col] = dict(self.why)
            else:
                rec[col] = getattr(self, col)
        return rec

    def to_dict(self) -> dict[str, Any]:
        """The nested form of the contract (``evidence`` as ``{start, end, text}``)."""
        rec = {k: v for k, v in self.to_record().items() if not k.startswith("evidence_")}
        rec["evidence"] = self.evidence.to_dict()
        return rec


@dataclass(frozen=True)
class Report:
    """What :func:`kashf.extract` found in one raw report."""

    raw: str
    restoration: Restoration
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]
    id: str | None = None
    date: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_records(self) -> list[dict[str, Any]]:
        """One flat record per event, columns in :data:`RECORD_COLUMNS` order."""
        known = {k: v for k, v in self.meta.items() if k in REPORT_COLUMNS}
        return [{**e.to_record(), **known} for e in self.events]

    def to_dicts(self) -> list[dict[str, Any]]:
        """One nested record per event (``evidence`` as an object), for JSON output."""
        return [e.to_dict() for e in self.events]

    def to_dataframe(self) -> pd.DataFrame:
        """The records as a pandas DataFrame (pandas is optional, imported only here)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("Report.to_dataframe() needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.to_records(), columns=list(RECORD_COLUMNS))
