"""Sort more records than fit in memory: sorted runs in temporary files, then a k-way merge.

Up to ``run_size`` records are held at once, each pickled (compact, and several times quicker
to write and read back than JSON); a short input is sorted in memory and touches no file. The
temporary files are ours alone, written and read by this process, and removed at the end.
"""

from __future__ import annotations

import heapq
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import IO, Any

Keyed = tuple[list[Any], dict[str, Any]]
DEFAULT_RUN_SIZE = 50_000

_first = itemgetter(0)


def _spill(run: list[tuple[list[Any], bytes]], folder: str) -> str:
    run.sort(key=_first)
    fd, path = tempfile.mkstemp(dir=folder, suffix=".pickle")
    with os.fdopen(fd, "wb") as f:
        for _, blob in run:
            f.write(blob)
    return path


def _read(f: IO[bytes]) -> Iterator[Keyed]:
    while True:
        try:
            # one load per pickle: each was written with its own memo, so no shared Unpickler
            yield pickle.load(f)
        except EOFError:
            return


def external_sort(items: Iterable[Keyed], run_size: int = DEFAULT_RUN_SIZE) -> Iterator[Keyed]:
    """``items`` sorted by their key (a list of strings and numbers), in bounded memory."""
    run: list[tuple[list[Any], bytes]] = []
    with tempfile.TemporaryDirectory(prefix="kashf-merge-") as folder:
        paths: list[str] = []
        for key, record in items:
            run.append((key, pickle.dumps((key, record), protocol=pickle.HIGHEST_PROTOCOL)))
            if len(run) >= run_size:
                paths.append(_spill(run, folder))
                run = []
        if not paths:
            run.sort(key=_first)
            for _, blob in run:
                yield pickle.loads(blob)
            return
        if run:
            paths.append(_spill(run, folder))
        del run
        files = [open(p, "rb") for p in paths]  # noqa: SIM115 - closed below
        try:
            yield from heapq.merge(*(_read(f) for f in files), key=_first)
        finally:
            for f in files:
                f.close()
