"""``kashf batch`` over a Telegram export, saved pages or a folder of text files.

Three steps, each committed before the next, so ``--resume`` continues after a kill:

1. **Stage**: stream the source once, in order (reposts need the order), into
   ``OUTPUT.kashf-source/reports.jsonl`` (one row per report: id, text, date and the report's
   metadata) and ``source-errors.jsonl`` (unreadable posts); ``manifest.json`` records the
   counts and a fingerprint of the source.
2. **Batch**: the ordinary batch runner (:func:`kashf.io.batch.run_batch`: chunks, all cores,
   resumable) turns the staged rows into ``records.jsonl``.
3. **Join**: records come out in report order, so one merge pass over both files adds each
   record's report metadata (``source``, ``url``, ``forwarded_from``, repost marks) and writes
   OUTPUT in the asked format; the errors of steps 1 and 2 become ``OUTPUT.errors.jsonl``.

Memory stays flat in every step (the repost index aside, see :mod:`kashf.io.sources.dedupe`).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from kashf.io.batch import BatchError, BatchOptions, BatchSummary, atomic_write, run_batch
from kashf.io.progress import Progress
from kashf.io.rows import ColumnSpec
from kashf.io.sources import Deduper, SourceCounts, annotate, read_source
from kashf.io.sources.dedupe import DEFAULT_THRESHOLD, DEFAULT_WINDOW
from kashf.io.sources.model import SourceProblem, SourceReport
from kashf.io.writers import flatten_evidence, open_writer, output_format

STAGE_VERSION = 1


@dataclass(frozen=True)
class SourceOptions:
    format: str
    channel_username: str | None = None
    dedupe: bool = True
    near_threshold: float = DEFAULT_THRESHOLD
    near_window: int = DEFAULT_WINDOW


@dataclass
class SourceBatchSummary:
    source: SourceCounts = field(default_factory=SourceCounts)
    batch: dict[str, Any] = field(default_factory=dict)
    errors: int = 0
    output: str = ""
    errors_file: str = ""
    seconds: float = 0.0
    resumed: bool = False

    def text(self) -> str:
        s, b = self.source, self.batch
        skipped = sum(s.skipped.values())
        lines = [
            f"posts read:     {s.seen:,}  = {s.reports:,} reports + {skipped:,} skipped "
            f"+ {s.problems:,} unreadable",
            f"  ({s.text()})",
            f"reports done:   {b.get('rows_done', 0):,}",
            f"errors:         {self.errors:,}"
            + (f"  (see {self.errors_file})" if self.errors else ""),
            f"events written: {b.get('events', 0):,}  ({self.output})",
            f"time:           {self.seconds:.1f} s",
        ]
        if self.resumed:
            lines.append("resumed:        yes (staged reports reused)")
        return "\n".join(lines)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def source_fingerprint(path: Path) -> dict[str, Any]:
    """What tells a changed source from the one a stage was made of."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        return {
            "input": str(path.resolve()),
            "files": len(files),
            "size": sum(p.stat().st_size for p in files),
            "mtime_ns": max((p.stat().st_mtime_ns for p in files), default=0),
        }
    st = path.stat()
    return {"input": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def stage_source(
    path: Path,
    source: SourceOptions,
    reports_path: Path,
    errors_path: Path,
    *,
    log: TextIO | None = None,
    interval: float = 10.0,
) -> SourceCounts:
    """Step 1: the source as batch rows (with metadata) and an errors file; returns counts."""
    counts = SourceCounts()
    deduper = (
        Deduper(threshold=source.near_threshold, window=source.near_window)
        if source.dedupe
        else None
    )
    items = read_source(path, source.format, channel_username=source.channel_username)
    last = t0 = time.monotonic()
    with (
        open(reports_path, "w", encoding="utf-8", newline="\n") as rf,
        open(errors_path, "w", encoding="utf-8", newline="\n") as ef,
    ):
        for item, meta in annotate(items, counts, deduper):
            if isinstance(item, SourceReport):
                row = item.to_row()
                row.update(meta)
                rf.write(_dumps(row) + "\n")
            elif isinstance(item, SourceProblem):
                ef.write(_dumps(item.to_error(counts.seen)) + "\n")
            if log is not None and time.monotonic() - last >= interval:
                last = time.monotonic()
                rate = counts.seen / max(1e-9, last - t0)
                log.write(
                    f"kashf batch: reading {source.format}: {counts.seen:,} posts "
                    f"({rate:,.0f}/s), {counts.reports:,} reports\n"
                )
                log.flush()
    return counts


def _report_meta(
    reports_path: Path, columns: tuple[str, ...]
) -> Iterator[tuple[str, dict[str, Any]]]:
    with open(reports_path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            yield str(row["id"]), {c: row.get(c) for c in columns}


def join_records(
    records_path: Path,
    reports_path: Path,
    output: Path,
    fmt: str,
    columns: tuple[str, ...],
    meta_columns: tuple[str, ...],
) -> int:
    """Step 3: add each record's report metadata (merge join on ``id``, both in report order)."""
    metas = _report_meta(reports_path, meta_columns)
    current: tuple[str, dict[str, Any]] | None = next(metas, None)
    writer = open_writer(output, fmt, columns)  # type: ignore[arg-type]
    n = 0
    try:
        with open(records_path, encoding="utf-8") as f:
            batch: list[dict[str, Any]] = []
            for line in f:
                rec = flatten_evidence(json.loads(line))
                rid = None if rec.get("id") is None else str(rec["id"])
                while current is not None and current[0] != rid:
                    current = next(metas, None)
                if current is None:
                    raise BatchError(
                        f"record with id {rid!r} matches no staged report (a processor that "
                        "changes report ids cannot be joined with the source metadata)"
                    )
                for k, v in current[1].items():
                    if rec.get(k) is None:
                        rec[k] = v
                batch.append({c: rec.get(c) for c in columns})
                if len(batch) >= 5000:
                    writer.write(batch)
                    n += len(batch)
                    batch = []
            writer.write(batch)
            n += len(batch)
    finally:
        writer.close()
    return n


def _batch_errors(path: Path) -> Iterator[dict[str, Any]]:
    """The batch step's errors, re-worded to name the report instead of a staged line."""
    if not path.is_file():
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            err = json.loads(line)
            prefix = f"line {err.get('line')}: "
            reason = str(err.get("reason", ""))
            if err.get("id") is not None and reason.startswith(prefix):
                reason = f"report {err['id']}: " + reason[len(prefix) :]
            err.update(reason=reason, line=0)
            yield err


def run_source_batch(
    opts: BatchOptions,
    source: SourceOptions,
    *,
    progress: Progress | None = None,
    log: TextIO | None = None,
) -> SourceBatchSummary:
    """Stage, batch, join (see the module doc). Raises BatchError/SourceError/OutputError."""
    from kashf.extract.records import REPORT_COLUMNS
    from kashf.io.processors import resolve_task

    t0 = time.monotonic()
    out_fmt = output_format(opts.output, opts.output_format)
    try:
        _, task_columns = resolve_task(opts.task)
    except (ValueError, ImportError) as exc:
        raise BatchError(str(exc)) from exc
    columns = tuple(task_columns) + tuple(c for c in REPORT_COLUMNS if c not in task_columns)
    out_dir = opts.output.parent
    if not out_dir.is_dir():
        raise BatchError(f"{opts.output}: output folder {out_dir} does not exist")
    stage = opts.output.with_name(opts.output.name + ".kashf-source")
    manifest_path = stage / "manifest.json"
    reports_path, source_errors = stage / "reports.jsonl", stage / "source-errors.jsonl"
    records_path = stage / "records.jsonl"
    fingerprint = {
        "version": STAGE_VERSION,
        "source": source_fingerprint(opts.input),
        "options": asdict(source),
        "task": opts.task,
        "max_text_chars": opts.spec.max_text_chars,
    }
    manifest: dict[str, Any] | None = None
    if stage.exists():
        if opts.resume and manifest_path.is_file():
            try:
                manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                manifest = None
            if manifest is not None and manifest.get("fingerprint") != fingerprint:
                raise BatchError(
                    f"{stage}: the unfinished run was for another input or other options "
                    "(input changed since?); start again with --overwrite"
                )
        elif not opts.resume and not opts.overwrite:
            raise BatchError(
                f"{stage}: an unfinished run of this output exists; "
                "pass --resume to continue it or --overwrite to start again"
            )
        if manifest is None:
            shutil.rmtree(stage)
    summary = SourceBatchSummary(resumed=manifest is not None)
    if manifest is None:
        stage.mkdir()
        counts = stage_source(opts.input, source, reports_path, source_errors, log=log)
        manifest = {"fingerprint": fingerprint, "counts": counts.to_dict()}
        atomic_write(manifest_path, _dumps(manifest))
    summary.source = SourceCounts.from_dict(manifest["counts"])
    if "batch" not in manifest:
        inner = replace(
            opts,
            input=reports_path,
            output=records_path,
            input_format="jsonl",
            output_format="jsonl",
            spec=ColumnSpec(id_required=True, max_text_chars=opts.spec.max_text_chars),
            overwrite=True,
        )
        result: BatchSummary = run_batch(inner, progress=progress)
        manifest["batch"] = {
            "rows_read": result.rows_read,
            "rows_done": result.rows_done,
            "errors": result.errors,
            "events": result.events,
        }
        atomic_write(manifest_path, _dumps(manifest))
    summary.batch = dict(manifest["batch"])
    # Step 3: output and errors to temp names, renamed into place when both are complete.
    out, errs = opts.output, opts.output.with_name(opts.output.name + ".errors.jsonl")
    tmp_out = out.with_name(f".{out.name}.{os.getpid()}.source.tmp")
    tmp_err = errs.with_name(f".{errs.name}.{os.getpid()}.source.tmp")
    try:
        join_records(records_path, reports_path, tmp_out, out_fmt, columns, REPORT_COLUMNS)
        n_err = 0
        with open(tmp_err, "w", encoding="utf-8", newline="\n") as ef:
            with open(source_errors, encoding="utf-8") as sf:
                for line in sf:
                    ef.write(line)
                    n_err += 1
            for err in _batch_errors(records_path.with_name(records_path.name + ".errors.jsonl")):
                ef.write(_dumps(err) + "\n")
                n_err += 1
        os.replace(tmp_err, errs)
        os.replace(tmp_out, out)
    except BaseException:
        for tmp in (tmp_out, tmp_err):
            tmp.unlink(missing_ok=True)
        raise
    shutil.rmtree(stage, ignore_errors=True)
    summary.errors = n_err
    summary.output, summary.errors_file = str(out), str(errs)
    summary.seconds = time.monotonic() - t0
    return summary
