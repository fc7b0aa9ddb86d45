"""Issue 6, fuzzing: restore and extract never raise, never hang, and every offset slices the raw.

CI-sized: hypothesis drives both its own strategies and the seeded generators of
``scripts/fuzz.py`` (the nightly run uses the same generators and checks at 100,000 cases),
and a few 1 KB vs 1 MB timings check that time grows about linearly with length.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kashf_fuzz", ROOT / "scripts" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kashf_fuzz"] = module  # dataclasses and pickling look modules up by name
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()
CASE_SECONDS = 30  # far above any sane case: only a hang gets here


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Turn a hang into a failure (SIGALRM; tests run in the main thread)."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no result within {seconds} s: hang")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check(text: str, date: str | None = None) -> None:
    with time_limit(CASE_SECONDS):
        fuzz.run_case(text, date)


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every family of the nightly generator, driven by hypothesis (so failures shrink to a seed).
family_text = st.builds(
    # Long tokens cut to 1,500 characters here (CI time); the nightly run keeps them whole.
    lambda fam, rnd: fuzz.FAMILIES[fam][1](rnd)[:1_500],
    st.sampled_from(sorted(fuzz.FAMILIES)),
    st.randoms(use_true_random=False),
)
any_codepoint = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)
rtl_ltr = st.lists(
    st.one_of(
        st.sampled_from(list(fuzz.ARABIC + " ")),
        st.sampled_from(list(fuzz.BIDI)),
        st.sampled_from(list("abcXYZ012")),
    ),
    max_size=200,
).map("".join)
combining = st.lists(
    st.tuples(
        st.sampled_from(list(fuzz.ARABIC + "a ")),
        st.text(st.sampled_from(list(fuzz.COMBINING)), min_size=0, max_size=400),
    ),
    max_size=5,
).map(lambda parts: "".join(a + b for a, b in parts))
dates = st.sampled_from([None, "2024-02-10", "2024", "2024-02"])


@SETTINGS
@given(any_codepoint, dates)
def test_any_code_points_including_lone_surrogates(text: str, date: str | None) -> None:
    check(text, date)


@SETTINGS
@given(rtl_ltr)
def test_rtl_ltr_marks(text: str) -> None:
    check(text)


@SETTINGS
@given(combining)
def test_combining_mark_storms(text: str) -> None:
    check(text)


@settings(SETTINGS, max_examples=120)
@given(family_text, dates)
def test_every_family_of_the_nightly_generator(text: str, date: str | None) -> None:
    check(text, date)


def test_fuzz_script_ci_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The nightly script's own loop at a CI count: every family, no failure."""
    # Shorter long tokens than the nightly run's: some 10 KB tokens take 10 s each today.
    monkeypatch.setattr(fuzz, "LONG_TOKEN_CHARS", (500, 1_500))
    monkeypatch.setitem(fuzz.FAMILIES, "long_token", (0.02, fuzz.gen_long_token))
    summary = fuzz.run_in_process(seed=20240601, cases=200)
    assert summary.cases == 200 and set(summary.by_family) == set(fuzz.FAMILIES)
    assert not summary.failures, "\n".join(f.short() for f in summary.failures[:10])


def test_one_megabyte_single_tokens_do_not_raise() -> None:
    for text in ("ب" * 1_000_000, "ـ" * 1_000_000, "x" * 1_000_000, "7" * 1_000_000):
        check(text)


def _hang_on_seven(text: str, date: str | None) -> None:
    if fuzz.make_case(5, 7)[1] == text:
        time.sleep(60)
    fuzz.check_restoration(text, __import__("kashf").restore(text))


@pytest.mark.skipif(sys.platform != "linux", reason="the watchdog test relies on fork")
def test_watchdog_reports_a_hang_and_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # The children are forked: they run the patched function.
    monkeypatch.setattr(fuzz, "run_case", _hang_on_seven)
    summary = fuzz.run_watched(seed=5, cases=12, workers=2, case_timeout=2.0, progress=False)
    assert summary.cases == 12
    assert [(f.index, f.kind) for f in summary.failures] == [(7, "hang")]


# --- time against length -----------------------------------------------------------------------


def _timed_child(conn: Any, shape: str, fn_name: str, size: int) -> None:
    import kashf
    from kashf.extract import extract

    fn = kashf.restore if fn_name == "restore" else extract
    text = fuzz.LINEAR_SHAPES[shape](size)
    fn("ب")
    t0 = time.perf_counter()
    fn(text)
    conn.send(time.perf_counter() - t0)


def _small_time(shape: str, fn_name: str) -> float:
    import statistics

    import kashf
    from kashf.extract import extract

    fn = kashf.restore if fn_name == "restore" else extract
    text = fuzz.LINEAR_SHAPES[shape](1_000)
    fn(text)
    runs = []
    for _ in range(7):
        t0 = time.perf_counter()
        fn(text)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


# The nightly run (scripts/fuzz.py --linear) times every shape; these are the ones whose
# 1 MB run is short enough for CI, or whose failure is bounded by the deadline below.
CI_LINEAR = [
    ("one_letter_token", "restore"),
    ("one_letter_token", "extract"),
    ("latin_token", "restore"),
    ("latin_token", "extract"),
    ("tatweel_token", "extract"),
    ("shadda_storm", "restore"),
    ("report_prose", "extract"),
    ("bidi_marks", "restore"),  # 1 MB of RLM + letter: quadratic today (64 KB 0.8 s, 128 KB 2.4 s)
]


@pytest.mark.parametrize(("shape", "fn_name"), CI_LINEAR)
def test_one_megabyte_takes_at_most_1500_times_one_kilobyte(shape: str, fn_name: str) -> None:
    small = _small_time(shape, fn_name)
    limit = fuzz.LINEAR_LIMIT * small
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_timed_child, args=(child, shape, fn_name, 1_000_000), daemon=True)
    t0 = time.perf_counter()
    proc.start()
    # The 1 MB run is stopped at the limit (plus start-up slack): a quadratic path fails here
    # in seconds instead of running for hours.
    done = parent.poll(max(limit, 0.5) + 5.0)
    big = parent.recv() if done else time.perf_counter() - t0
    proc.kill()
    proc.join()
    ratio = big / small
    assert done and (ratio <= fuzz.LINEAR_LIMIT or big <= fuzz.LINEAR_FLOOR_S), (
        f"{fn_name} on 1 MB of {shape}: {'took' if done else 'stopped after'} {big:.1f} s, "
        f"{ratio:,.0f}x the {small * 1000:.2f} ms of 1 KB (limit {fuzz.LINEAR_LIMIT:,.0f}x)"
    )
