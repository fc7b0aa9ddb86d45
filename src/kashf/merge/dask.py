"""Merge inside Dask: shuffle the per-report events by governorate, then the same function.

    import dask.dataframe as dd
    from kashf.merge.dask import merge_dataframe

    events = dd.read_parquet("events/*.parquet")   # written by kashf batch or kashf.dask
    merged = merge_dataframe(events)              # lazy; one row per real-world event
    merged.to_parquet("merged/")

No rule joins accounts from two governorates, so once every governorate's events sit in one
partition (Dask's own shuffle, no kashf cluster code), :func:`kashf.merge.merge_events` run
on each partition gives exactly the rows of ``kashf merge`` on the whole input. The
governorate, not (governorate, day), is the shuffle key: a day key would cut the ±1-day window
at partition edges. Within a partition ``merge_events`` keeps memory bounded as it does on one
machine. A record that cannot be used raises :class:`kashf.merge.RecordError` from the
partition (nothing is dropped).
"""

from __future__ import annotations

import math
from typing import Any, cast

try:
    import dask.dataframe as dd
    import pandas as pd  # type: ignore[import-untyped]
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("kashf.merge.dask needs Dask: pip install 'kashf[dask]'") from exc

from kashf.merge import MERGED_COLUMNS, merge_events
from kashf.merge.accounts import FLOAT_COLUMNS, INT_COLUMNS

_KEY = "_kashf_governorate"
_INTS = frozenset((*INT_COLUMNS, "n_reports"))
MERGED_DTYPES: dict[str, Any] = {
    c: "Int64" if c in _INTS else "float64" if c in FLOAT_COLUMNS else object
    for c in MERGED_COLUMNS
}


def _plain(value: Any) -> Any:
    """A pandas cell as the plain value a record holds (NaN, NA and NaT are missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()  # a numpy scalar
    return value


def merge_partition(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`kashf.merge.merge_events` on one partition's records."""
    columns = [c for c in frame.columns if c != _KEY]
    records = (
        {c: _plain(v) for c, v in zip(columns, row, strict=True)}
        for row in frame[columns].itertuples(index=False, name=None)
    )
    rows = list(merge_events(records))
    return pd.DataFrame(rows, columns=list(MERGED_COLUMNS)).astype(MERGED_DTYPES)


def merge_dataframe(ddf: dd.DataFrame, npartitions: int | None = None) -> dd.DataFrame:
    """One row per real-world event out of a Dask frame of per-report event records (lazy)."""
    keyed = ddf.assign(**{_KEY: ddf["admin1"].fillna("").astype(str)})
    shuffled = keyed.shuffle(on=_KEY, npartitions=npartitions or ddf.npartitions)
    meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in MERGED_DTYPES.items()})
    return cast(dd.DataFrame, shuffled.map_partitions(merge_partition, meta=meta))
