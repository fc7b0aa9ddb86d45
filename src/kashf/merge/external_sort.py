"""Sort more records than fit in memory: sorted runs in temporary files, then a k-way merge.

Up to ``run_size`` records are held at once (as their JSON text, the most compact form we
have); a short input is sorted in memory and touches no file.
"""

from __future__ import annotations

import heapq
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import IO, Any

Keyed = tuple[list[Any], dict[str, Any]]
DEFAULT_RUN_SIZE = 50_000

_first = itemgetter(0)


def _spill(run: list[tuple[list[Any], str]], folder: str) -> str:
    run.sort(key=_first)
    fd, path = tempfile.mkstemp(dir=folder, suffix=".jsonl")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for key, text in run:
            f.write(json.dumps(key, ensure_ascii=False))
            f.write("\t")
            f.write(text)
            f.write("\n")
    return path


def _read(f: IO[str]) -> Iterator[Keyed]:
    for line in f:
        key, _, text = line.partition("\t")
        yield json.loads(key), json.loads(text)


def external_sort(items: Iterable[Keyed], run_size: int = DEFAULT_RUN_SIZE) -> Iterator[Keyed]:
    """``items`` sorted by their key (a JSON-able list), in bounded memory.

    Keys must survive a JSON round trip unchanged (strings and numbers in lists).
    """
    run: list[tuple[list[Any], str]] = []
    with tempfile.TemporaryDirectory(prefix="kashf-merge-") as folder:
        paths: list[str] = []
        for key, record in items:
            run.append((key, json.dumps(record, ensure_ascii=False, default=str)))
            if len(run) >= run_size:
                paths.append(_spill(run, folder))
                run = []
        if not paths:
            run.sort(key=_first)
            for key, text in run:
                yield key, json.loads(text)
            return
        if run:
            paths.append(_spill(run, folder))
        del run
        files = [open(p, encoding="utf-8") for p in paths]  # noqa: SIM115 - closed below
        try:
            yield from heapq.merge(*(_read(f) for f in files), key=_first)
        finally:
            for f in files:
                f.close()
