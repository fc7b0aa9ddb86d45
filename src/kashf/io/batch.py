"""The batch runner behind ``kashf batch``: many rows, all cores, nothing lost, resumable.

How it keeps its promises:

- **Order**: the input is cut into chunks of ``chunk_rows`` rows; chunks go to worker processes
  and are committed strictly in input order, so the output is the same whatever ``workers`` is.
- **Nothing dropped**: every row ends up either done (its records written) or in
  ``OUTPUT.errors.jsonl`` with its line/row number and the reason; rows read = done + errors.
- **Resume**: each chunk's records and errors are committed as files in a work folder beside
  the output (written to a temp name, then renamed), then a small checkpoint is replaced
  atomically. A run killed at any point (even SIGKILL) restarts after the last checkpointed
  chunk; a chunk committed but not yet checkpointed is simply redone and overwritten.
- **No half-written output**: the final file is assembled from the chunks into a temp file and
  renamed into place only when complete.
- **Flat memory**: at most ``2 * workers`` chunks are in flight; readers stream.

The rows come from a JSONL/CSV/Parquet reader (:mod:`kashf.io.readers`, stdin for ``-``) or,
for a Telegram export, saved pages or a folder of .txt files, from
:class:`kashf.io.sources.SourceRows`: reports with their metadata and repost marks, streamed
straight into the same chunks, checkpoints and finish.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kashf.io.processors import Done, Processor, Task, get_task, process_rows
from kashf.io.progress import Progress
from kashf.io.readers import (
    DEFAULT_MAX_LINE_BYTES,
    STDIN,
    InputError,
    Position,
    Reader,
    open_reader,
)
from kashf.io.rows import META_COLUMNS, ColumnSpec, InputRow, RawItem, RowError, parse_item
from kashf.io.sources import (
    SOURCE_FORMATS,
    SourceCounts,
    SourceOptions,
    SourceRows,
    resolve_input,
)
from kashf.io.writers import OutputError, open_writer, output_format

CHECKPOINT_VERSION = 1
# What a checkpoint counts (BatchSummary fields), besides where the reader stands.
_COUNTS = ("chunks", "rows_read", "rows_done", "errors", "events", "blank_lines")
DEFAULT_CHUNK_ROWS = 200


class BatchError(Exception):
    """The run cannot start or go on (the message says why and what to do)."""


@dataclass(frozen=True)
class BatchOptions:
    input: Path
    output: Path
    input_format: str | None = None
    output_format: str | None = None
    spec: ColumnSpec = field(default_factory=ColumnSpec)
    task: str = "extract"
    workers: int = 0  # 0: all cores
    chunk_rows: int = DEFAULT_CHUNK_ROWS
    resume: bool = False
    overwrite: bool = False
    delimiter: str | None = None
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
    source: SourceOptions = field(default_factory=SourceOptions)  # Telegram/pages/folders


@dataclass
class BatchSummary:
    rows_read: int = 0
    rows_done: int = 0
    errors: int = 0
    events: int = 0
    blank_lines: int = 0
    chunks: int = 0
    resumed_rows: int = 0
    seconds: float = 0.0
    output: str = ""
    errors_file: str = ""
    source: SourceCounts | None = None  # what a source reader met (posts, skips, reposts)

    def text(self) -> str:
        rate = (self.rows_read - self.resumed_rows) / self.seconds if self.seconds else 0.0
        lines = []
        if self.source is not None:
            s = self.source
            lines += [
                f"posts read:     {s.seen:,}  = {s.reports:,} reports + "
                f"{sum(s.skipped.values()):,} skipped + {s.problems:,} unreadable",
                f"  ({s.text()})",
            ]
        lines += [
            f"rows read:      {self.rows_read:,}",
            f"rows done:      {self.rows_done:,}",
            f"errors:         {self.errors:,}"
            + (f"  (see {self.errors_file})" if self.errors else ""),
            f"events written: {self.events:,}  ({self.output})",
        ]
        if self.blank_lines:
            lines.append(f"blank lines:    {self.blank_lines:,}  (skipped, not rows)")
        if self.resumed_rows:
            lines.append(f"resumed after:  {self.resumed_rows:,} rows already done")
        lines.append(f"time:           {self.seconds:.1f} s  ({rate:,.0f} rows/s)")
        return "\n".join(lines)


@dataclass(frozen=True)
class ChunkResult:
    """What a worker sends back for one chunk: records and errors already as JSONL text."""

    records: str
    errors: str
    rows_done: int
    errors_count: int
    events: int


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def process_chunk(
    items: Sequence[RawItem | InputRow | RowError], spec: ColumnSpec, task: Task
) -> ChunkResult:
    """Parse and process one chunk of rows (runs in a worker process)."""
    rows = (parse_item(i, spec) if isinstance(i, RawItem) else i for i in items)
    records: list[str] = []
    errors: list[str] = []
    done = 0
    for result in process_rows(rows, task):
        if isinstance(result, Done):
            records.extend(_dumps(rec) for rec in result.records)
            done += 1
        else:
            errors.append(_dumps(result.error.to_dict()))
    return ChunkResult(
        "".join(r + "\n" for r in records),
        "".join(e + "\n" for e in errors),
        done,
        len(errors),
        len(records),
    )


def _watch_parent(parent: int) -> None:
    # A worker whose main process was killed (SIGKILL leaves no chance to clean up) would
    # otherwise wait on its task queue forever.
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _worker_init(parent: int) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def atomic_write(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the whole new one."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _chunks(reader: Reader, size: int, index: int) -> Iterator[_Chunk]:
    """The reader's items in chunks of ``size``, each with where the reader stood after it."""
    buf: list[RawItem | InputRow | RowError] = []
    for item in reader.items():
        buf.append(item)
        if len(buf) >= size:
            yield _Chunk(index, buf, reader.position, reader.blank_lines)
            index, buf = index + 1, []
    if buf:
        yield _Chunk(index, buf, reader.position, reader.blank_lines)


@dataclass
class _Chunk:
    index: int
    items: list[RawItem | InputRow | RowError]
    end: Position
    blank_lines: int


class _Run:
    def __init__(self, opts: BatchOptions, task: Task | None) -> None:
        self.opts = opts
        self.in_fmt = resolve_input(opts.input, opts.input_format, opts.source)
        self.is_source = self.in_fmt in SOURCE_FORMATS
        self.out_fmt = output_format(opts.output, opts.output_format)
        if task is None:
            try:
                task = get_task(opts.task)
            except (ValueError, ImportError) as exc:
                raise BatchError(str(exc)) from exc
        self.task = task
        # Source rows always say where they were posted; any row can keep more fields.
        extra = (*META_COLUMNS, *opts.spec.keep) if self.is_source else opts.spec.keep
        self.columns = tuple(dict.fromkeys((*task.columns, *extra)))
        self.workdir = opts.output.with_name(opts.output.name + ".kashf-batch")
        self.errors_path = opts.output.with_name(opts.output.name + ".errors.jsonl")
        self.checkpoint_path = self.workdir / "checkpoint.json"

    def fingerprint(self) -> dict[str, Any]:
        path = self.opts.input
        if path == STDIN:
            found: dict[str, Any] = {"input": "-"}
        else:
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            found = {
                "input": str(path.resolve()),
                "files": len(files),
                "size": sum(p.stat().st_size for p in files),
                "mtime_ns": max((p.stat().st_mtime_ns for p in files), default=0),
            }
        fp = {
            **found,
            "input_format": self.in_fmt,
            "task": self.task.name,
            "chunk_rows": self.opts.chunk_rows,
            "spec": asdict(self.opts.spec),
            "delimiter": self.opts.delimiter,
            "max_line_bytes": self.opts.max_line_bytes,
            "source": asdict(self.opts.source) if self.is_source else None,
        }
        result: dict[str, Any] = json.loads(_dumps(fp))  # as the checkpoint holds it
        return result

    def part(self, index: int, kind: str) -> Path:
        return self.workdir / f"part-{index:07d}.{kind}.jsonl"

    def prepare(self) -> dict[str, Any] | None:
        """Set up the work folder; return the checkpoint to resume from, if any."""
        out_dir = self.opts.output.parent
        if not out_dir.is_dir():
            what = "is not a folder" if out_dir.exists() else "does not exist"
            raise BatchError(f"{self.opts.output}: output folder {out_dir} {what}")
        if not os.access(out_dir, os.W_OK):
            raise BatchError(f"{self.opts.output}: output folder {out_dir} is not writable")
        if self.opts.output.is_dir():
            raise BatchError(f"{self.opts.output}: is a directory")
        fp = self.fingerprint()
        for name in (self.opts.output.name, self.errors_path.name):  # left by a killed finish
            for stale in out_dir.glob(f".{name}.*.tmp"):
                stale.unlink(missing_ok=True)
        if self.opts.resume and self.opts.input == STDIN:
            raise BatchError("--resume needs an input file: stdin cannot be read again")
        if self.workdir.exists():
            if self.opts.resume and self.checkpoint_path.is_file():
                try:
                    ck: dict[str, Any] = json.loads(
                        self.checkpoint_path.read_text(encoding="utf-8")
                    )
                except (OSError, ValueError) as exc:
                    raise BatchError(
                        f"{self.checkpoint_path}: unreadable checkpoint ({exc}); "
                        "start again with --overwrite"
                    ) from exc
                if ck.get("version") != CHECKPOINT_VERSION or ck.get("fingerprint") != fp:
                    raise BatchError(
                        f"{self.workdir}: the unfinished run was for another input or other "
                        "options (input changed since?); start again with --overwrite"
                    )
                return ck
            if not self.opts.resume and not self.opts.overwrite:
                raise BatchError(
                    f"{self.workdir}: an unfinished run of this output exists; "
                    "pass --resume to continue it or --overwrite to start again"
                )
            shutil.rmtree(self.workdir)
        try:
            self.workdir.mkdir()
        except OSError as exc:
            raise BatchError(
                f"{self.workdir}: cannot create the work folder ({exc.strerror})"
            ) from exc
        return None

    def run(self, progress: Progress | None) -> BatchSummary:
        t0 = time.monotonic()
        ck = self.prepare()
        summary = BatchSummary(output=str(self.opts.output), errors_file=str(self.errors_path))
        start: Position | None = None
        if ck:
            for name in _COUNTS:
                setattr(summary, name, ck[name])
            start = Position(ck["rows_read"], ck["line"], ck["offset"])
            summary.resumed_rows = ck["rows_read"]
        first_index, base_blank = summary.chunks, summary.blank_lines
        o = self.opts
        reader = open_reader(
            o.input,
            self.in_fmt,
            o.spec,
            delimiter=o.delimiter,
            max_line_bytes=o.max_line_bytes,
            start=start,
            source=o.source,
        )
        fingerprint = self.fingerprint()
        if progress:
            progress.begin(summary.rows_read)
        try:
            for chunk, result in self._results(_chunks(reader, o.chunk_rows, first_index)):
                # Commit: parts first (temp + rename), then the checkpoint that counts them.
                atomic_write(self.part(chunk.index, "records"), result.records)
                atomic_write(self.part(chunk.index, "errors"), result.errors)
                summary.rows_read += len(chunk.items)
                summary.rows_done += result.rows_done
                summary.errors += result.errors_count
                summary.events += result.events
                summary.blank_lines = base_blank + chunk.blank_lines
                summary.chunks = chunk.index + 1
                counts = {name: getattr(summary, name) for name in _COUNTS}
                position = {"line": chunk.end.line, "offset": chunk.end.offset}
                checkpoint = {"version": CHECKPOINT_VERSION, "fingerprint": fingerprint}
                atomic_write(self.checkpoint_path, _dumps({**checkpoint, **position, **counts}))
                if progress:
                    progress.update(summary.rows_read, summary.errors, reader.fraction())
            summary.blank_lines = base_blank + reader.blank_lines
            if isinstance(reader, SourceRows):
                summary.source = reader.counts
        finally:
            reader.close()
        if progress:
            progress.update(summary.rows_read, summary.errors, 1.0, force=True)
            progress.finish()
        self.finalize(summary.chunks)
        summary.seconds = time.monotonic() - t0
        return summary

    def _results(self, chunks: Iterator[_Chunk]) -> Iterator[tuple[_Chunk, ChunkResult]]:
        spec, task = self.opts.spec, self.task
        workers = self.opts.workers or default_workers()
        if workers <= 1:
            for chunk in chunks:
                yield chunk, process_chunk(chunk.items, spec, task)
            return
        _warm_up(task.process)
        ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        pending: deque[tuple[_Chunk, Future[ChunkResult]]] = deque()
        with ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(),)
        ) as pool:
            try:
                for chunk in chunks:
                    pending.append((chunk, pool.submit(process_chunk, chunk.items, spec, task)))
                    while len(pending) >= 2 * workers:
                        done_chunk, fut = pending.popleft()
                        yield done_chunk, fut.result()
                while pending:
                    done_chunk, fut = pending.popleft()
                    yield done_chunk, fut.result()
            except BrokenProcessPool as exc:
                raise BatchError(
                    "a worker process died (out of memory?); the work done so far is kept: "
                    "rerun with --resume (or with --workers 1 to find the row)"
                ) from exc
            finally:
                for _, fut in pending:
                    fut.cancel()

    def finalize(self, n_chunks: int) -> None:
        """Assemble the chunks into the output and error files; temp names, then rename."""
        out, errs = self.opts.output, self.errors_path
        tmp_out = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        tmp_err = errs.with_name(f".{errs.name}.{os.getpid()}.tmp")
        try:
            with open(tmp_err, "w", encoding="utf-8", newline="\n") as ef:
                for i in range(n_chunks):
                    with open(self.part(i, "errors"), encoding="utf-8") as pf:
                        shutil.copyfileobj(pf, ef)
            writer = open_writer(tmp_out, self.out_fmt, self.columns)
            try:
                for i in range(n_chunks):
                    batch: list[dict[str, Any]] = []
                    with open(self.part(i, "records"), encoding="utf-8") as pf:
                        for line in pf:
                            batch.append(json.loads(line))
                            if len(batch) >= 5000:
                                writer.write(batch)
                                batch = []
                    writer.write(batch)
            finally:
                writer.close()
            os.replace(tmp_err, errs)
            os.replace(tmp_out, out)
        except BaseException:
            for tmp in (tmp_out, tmp_err):
                with contextlib.suppress(OSError):
                    tmp.unlink()
            raise
        shutil.rmtree(self.workdir, ignore_errors=True)


def _warm_up(process: Processor) -> None:
    """Run the processor once before forking, so lazily loaded tables are shared by workers."""
    with contextlib.suppress(Exception):
        process(InputRow(0, 0, "warm-up", "قتل شخص في حلب", None))


def run_batch(
    opts: BatchOptions,
    *,
    process: Processor | None = None,
    columns: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> BatchSummary:
    """Run a batch; ``process``/``columns`` override ``opts.task`` (tests, custom pipelines).

    Raises :class:`BatchError`, :class:`~kashf.io.readers.InputError` or
    :class:`~kashf.io.writers.OutputError` with a message for the user.
    """
    if opts.chunk_rows < 1:
        raise BatchError("--chunk-rows must be at least 1")
    if process is not None and columns is None:
        raise BatchError("a custom processor needs its output columns")
    task = None if process is None else Task("custom", process, tuple(columns or ()))
    try:
        return _Run(opts, task).run(progress)
    except (InputError, OutputError):
        raise
    except OSError as exc:
        raise BatchError(
            f"cannot write ({exc.strerror or exc}); finished chunks are kept: "
            "fix it and rerun with --resume"
        ) from exc


__all__ = [
    "BatchError",
    "BatchOptions",
    "BatchSummary",
    "ChunkResult",
    "process_chunk",
    "run_batch",
]
