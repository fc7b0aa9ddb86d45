"""``kashf.dask`` on a LocalCluster: rows/s, as a ratio to a single-process ``extract`` loop.

Both sides process the same rows (short Arabic reports written for this script, some with
obfuscated words): first a plain loop of ``kashf.extract.extract`` in this process, then
``kashf.dask.extract_dataframe`` on a ``LocalCluster(n_workers=N, threads_per_worker=1,
processes=True)``. Cluster start-up and the workers' first (table-loading) call are not timed:
the figure is the steady rate a long job gets.

    python benchmarks/dask_speed.py                    # 3,000 rows, 2 workers
    python benchmarks/dask_speed.py --rows 20000 --workers 4 --partitions 16

Prints a markdown table. Needs the dask extra (``pip install 'kashf[dask]'``).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

import kashf.dask as kd
from kashf.extract import extract

# Written for this benchmark (not corpus text).
TEXTS = [
    "قتل ثلاثة مدنيين بقصف لقـ.ـوات النظام على بلدة كفرنبل في ريف إدلب الجنوبي.",
    "اعتقلت دورية تابعة للأمن العسكري خمسة شبان في مدينة درعا.",
    "هاجم مسلحون مجهولون حاجزا لـ ق.س.د في ريف دير الزور الشرقي وقتلوا عنصرين.",
    "خرج مئات المتظاهرين في مدينة السويداء مطالبين بالإفراج عن المعتقلين.",
    "سقطت قذيفة هاون على حي سكني في مدينة حلب دون وقوع إصابات.",
    "انفجرت عبوة ناسفة بسيارة عسكرية في مدينة القامشلي وأسفرت عن جرح ثلاثة عناصر.",
    "الطقس مشمس اليوم في معظم المناطق مع ارتفاع طفيف في درجات الحرارة.",
]


def make_rows(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"b{i}" for i in range(n)],
            # A row number in each text keeps the rows distinct (no cache can help).
            "text": [f"{TEXTS[i % len(TEXTS)]} ({i})" for i in range(n)],
            "date": [f"2024-06-{1 + i % 28:02d}" for i in range(n)],
        }
    )


def loop_rate(df: pd.DataFrame) -> tuple[float, int]:
    extract(TEXTS[0])  # load the tables first, as the workers' warm-up does
    events = 0
    t0 = time.perf_counter()
    for rid, text, date in zip(df["id"], df["text"], df["date"]):
        events += len(extract(text, date=date, id=rid).events)
    return len(df) / (time.perf_counter() - t0), events


def cluster_rate(df: pd.DataFrame, workers: int, partitions: int) -> tuple[float, int, float]:
    t_start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(lambda: extract(TEXTS[0]) and None)  # each worker loads its tables
        startup = time.perf_counter() - t_start
        ddf = dd.from_pandas(df, npartitions=partitions)
        t0 = time.perf_counter()
        events = kd.extract_dataframe(ddf).compute()
        rate = len(df) / (time.perf_counter() - t0)
    return rate, len(events), startup


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=0, help="default: 4 per worker")
    args = ap.parse_args()
    partitions = args.partitions or 4 * args.workers
    df = make_rows(args.rows)
    loop, loop_events = loop_rate(df)
    rate, cluster_events, startup = cluster_rate(df, args.workers, partitions)
    if cluster_events != loop_events:
        print(f"MISMATCH: loop found {loop_events} events, the cluster {cluster_events}")
        return 1
    print(
        f"### Dask LocalCluster: {args.rows:,} rows, {args.workers} worker processes x 1 thread, "
        f"{partitions} partitions ({os.cpu_count()} cores, Python {platform.python_version()})\n"
    )
    print(
        "| rows | events | single-process loop rows/s | LocalCluster rows/s | ratio | "
        "cluster start + warm-up s |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.rows:,} | {cluster_events:,} | {loop:,.0f} | {rate:,.0f} | {rate / loop:.2f}x "
        f"| {startup:.1f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
