"""Synthetic round trip: obfuscate clean sentences (seeded), restore, compare word by word.

Every broken word is looked up where it really is: its raw span is mapped through the
restoration's edits to the restored text, widened to the whitespace-delimited token there, and
compared with the clean token (punctuation included, so a swallowed final period is a failure).
Untouched tokens are checked the same way and must come back byte-identical.

Run with ``pytest tests/test_restore_synthetic.py -s`` to see the per-technique table and the
failing cases (the table is also printed without ``-s``). ``KASHF_SYNTH_SEEDS`` sets the number
of seeds per technique (default 40).
"""

from __future__ import annotations

import os
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pytest

import kashf
from arabic_sentences import CLEAN_SENTENCES
from kashf import Restoration
from obfuscator import (
    DOTLESS_READINGS,
    INVISIBLES,
    TATWEEL,
    TECHNIQUES,
    Obfuscation,
    dotless_candidates,
    dotless_is_fair,
    dotless_sentence,
    frequency,
    obfuscate,
    sample,
    to_dotless,
)
from spans import damaged_tokens, restored_words

# Generator technique -> engine technique names that may claim it (the only place engine names
# appear in this file: a rename in the engine is one edit here).
ENGINE_NAMES: dict[str, frozenset[str]] = {
    "tatweel_dot": frozenset({"separator_in_word"}),
    "tatweel_comma": frozenset({"separator_in_word"}),
    "tatweel_spaced": frozenset({"separator_in_word"}),
    "inner_separator": frozenset({"separator_in_word"}),
    "asterisk_inside": frozenset({"separator_in_word", "symbol_in_word"}),
    "every_letter": frozenset({"separator_every_letter"}),
    "spaced_letters": frozenset({"spaced_letters"}),
    "space_split": frozenset({"space_split"}),
    "letter_masked": frozenset({"letter_masked"}),
    "invisible": frozenset({"invisible"}),
    "presentation_form": frozenset({"presentation_form"}),
    "persian_lookalike": frozenset({"lookalike_letter"}),
    "decorative_tatweel": frozenset({"decorative_tatweel"}),
    "harakat_noise": frozenset({"harakat_noise"}),
    "emoji_inside": frozenset({"symbol_in_word"}),
    "symbol_inside": frozenset({"symbol_in_word"}),
    "arabizi_digit": frozenset({"latin_digit_lookalike"}),
    "shape_digit": frozenset({"latin_digit_lookalike"}),
    "latin_letters": frozenset({"latin_digit_lookalike"}),
    "stray_digit": frozenset({"stray_digit"}),
    "dotless": frozenset({"dotless"}),
}

TARGET_RATE = 0.98  # the target for restored broken words, all techniques together
DOTLESS_TARGET = 0.93  # the target for dotless words
NAMING_TARGET = 0.95  # restored words whose edits name the technique that was undone
SEEDS = int(os.environ.get("KASHF_SYNTH_SEEDS", "40"))
MIXED_CASES = 4 * SEEDS


# ---- mapping raw spans into the restored text -------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    technique: str
    clean: str
    broken: str
    got: str
    expected: str
    named: bool
    source: str

    @property
    def ok(self) -> bool:
        return self.got == self.expected


def _edits_touching(r: Restoration, start: int, end: int) -> list[kashf.Edit]:
    return [e for e in r.edits if (e.start < end and e.end > start) or e.start == e.end == start]


def judge(o: Obfuscation, r: Restoration) -> tuple[list[Outcome], list[tuple[str, str, str]]]:
    """Outcome of each broken word, and the untouched tokens that changed (token, got, text)."""
    outcomes = []
    for b, (got, expected) in zip(o.breaks, restored_words(o, r), strict=True):
        names = {n for e in _edits_touching(r, b.start, b.end) for n in e.technique.split("+")}
        outcomes.append(Outcome(
            technique=b.technique, clean=b.clean, broken=b.broken, got=got, expected=expected,
            named=bool(names & ENGINE_NAMES[b.technique]), source=o.text))
    return outcomes, [(tok, got, o.text) for tok, got in damaged_tokens(o, r)]


@cache
def cases() -> tuple[Obfuscation, ...]:
    out = []
    for t, name in enumerate(TECHNIQUES):
        for s in range(SEEDS):
            out.append(sample(1000 * t + s, techniques=(name,), n_words=2))
    for s in range(MIXED_CASES):
        out.append(sample(10**6 + s, n_words=3))
    return tuple(o for o in out if o.breaks)


@dataclass(frozen=True)
class Run:
    outcomes: list[Outcome]
    changed_kept: list[tuple[str, str, str]]
    n_kept: int
    sentences_exact: int
    n_sentences: int

    def __repr__(self) -> str:  # pytest prints fixtures on failure: keep it to one line
        ok = sum(o.ok for o in self.outcomes)
        return (f"Run({ok}/{len(self.outcomes)} broken words restored, "
                f"{len(self.changed_kept)}/{self.n_kept} untouched tokens changed)")


@pytest.fixture(scope="module")
def run() -> Run:
    outcomes: list[Outcome] = []
    changed: list[tuple[str, str, str]] = []
    n_kept = exact = 0
    all_cases = cases()
    for o in all_cases:
        r = kashf.restore(o.text)
        got, ch = judge(o, r)
        outcomes += got
        changed += ch
        n_kept += len(o.kept)
        exact += r.text == o.clean
    return Run(outcomes, changed, n_kept, exact, len(all_cases))


def table(outcomes: Sequence[Outcome]) -> str:
    by: dict[str, list[Outcome]] = defaultdict(list)
    for oc in outcomes:
        by[oc.technique].append(oc)
    lines = ["| technique | words | restored | rate | named |", "|---|---:|---:|---:|---:|"]
    for name in TECHNIQUES:
        group = by.get(name, [])
        if not group:
            continue
        ok = sum(o.ok for o in group)
        named = sum(o.named for o in group if o.ok)
        lines.append(f"| {name} | {len(group)} | {ok} | {ok / len(group):.1%} | "
                     f"{named}/{ok} |")
    ok = sum(o.ok for o in outcomes)
    lines.append(f"| **all** | {len(outcomes)} | {ok} | {ok / max(1, len(outcomes)):.1%} | |")
    return "\n".join(lines)


def _show(capsys: pytest.CaptureFixture[str], text: str) -> None:
    with capsys.disabled():
        print("\n" + text)


# ---- the obfuscator itself must be right, or every number below is meaningless ---------------


def test_obfuscator_is_deterministic() -> None:
    assert [sample(s, n_words=3) for s in range(30)] == [sample(s, n_words=3) for s in range(30)]
    rng_a, rng_b = random.Random(5), random.Random(5)
    assert obfuscate(CLEAN_SENTENCES[0], rng_a) == obfuscate(CLEAN_SENTENCES[0], rng_b)


def test_obfuscator_spans_and_unpacking() -> None:
    for o in cases():
        text, triples = o
        assert text == o.text and len(triples) == len(o.breaks)
        for b in o.breaks:
            assert o.text[b.start : b.end] == b.broken != b.clean
            assert o.clean[b.clean_start : b.clean_end] == b.clean
            assert len(b.clean) >= 3 and frequency(b.clean) > 0
        for k in o.kept:
            assert o.text[k.start : k.end] == k.token == o.clean[k.clean_start : k.clean_end]


_SEPARATORS = re.compile(r"[\u0640.,،؛*_\-~|/• ]")
_PERSIAN_BACK = str.maketrans("کہی", "كهي")


def _naive_inverse(technique: str, broken: str, clean: str) -> bool:
    """Each technique undone by a blunt, technique-aware rule gives the clean word back."""
    if technique in ("tatweel_dot", "tatweel_comma", "tatweel_spaced", "inner_separator",
                     "asterisk_inside", "every_letter", "spaced_letters", "space_split"):
        return _SEPARATORS.sub("", broken) == clean
    if technique == "invisible":
        return "".join(ch for ch in broken if ch not in INVISIBLES) == clean
    if technique == "presentation_form":
        return unicodedata.normalize("NFKC", broken) == clean and all(
            "\ufb50" <= ch <= "\ufeff" for ch in broken)
    if technique == "persian_lookalike":
        return broken.translate(_PERSIAN_BACK) == clean
    if technique == "decorative_tatweel":
        return broken.replace(TATWEEL, "") == clean
    if technique == "harakat_noise":
        return "".join(ch for ch in broken if not "\u064b" <= ch <= "\u0652") == clean
    if technique in ("emoji_inside", "symbol_inside", "stray_digit"):
        return "".join(ch for ch in broken if "\u0621" <= ch <= "\u064a") == clean
    if technique in ("arabizi_digit", "shape_digit", "latin_letters"):
        back = {"3": "ع", "7": "ح", "9": "و", "sh": "ش", "Sh": "ش"}
        return re.sub(r"3|7|9|[sS]h", lambda m: back[m.group()], broken) == clean
    if technique == "letter_masked":
        if len(broken) != len(clean):
            return False
        return sum(a != b for a, b in zip(broken, clean, strict=True)) == 1
    if technique == "dotless":
        cands = dotless_candidates(broken) or []
        return broken in (to_dotless(clean, 0), to_dotless(clean, 1)) and clean in cands and all(
            ch in DOTLESS_READINGS or ch not in "بتثنيفقجخذزشضظغة" for ch in broken)
    raise AssertionError(f"no inverse for {technique}")


def test_obfuscator_techniques_are_what_they_say() -> None:
    seen: Counter[str] = Counter()
    for o in cases():
        for b in o.breaks:
            assert _naive_inverse(b.technique, b.broken, b.clean), b
            seen[b.technique] += 1
    # Every technique must actually be exercised, with enough words to mean something.
    assert set(seen) == set(TECHNIQUES)
    assert min(seen.values()) >= min(20, SEEDS), seen


def _oracle(o: Obfuscation, *, widen_by: int = 0, drop: str = "") -> Restoration:
    """A hand-made restoration that knows the answer (to test the judge, not the engine).

    ``widen_by`` stretches each edit over that many raw characters on its right (still
    restoring them verbatim); ``drop`` removes that character right after each broken word.
    """
    edits = []
    for b in o.breaks:
        end = min(b.end + widen_by, len(o.text))
        tail = o.text[b.end : end]
        if drop and o.text[b.end : b.end + 1] == drop:
            end, tail = b.end + 1, ""
        edits.append(kashf.Edit(b.start, end, o.text[b.start : end], b.clean + tail, "oracle"))
    text = kashf.apply_edits(o.text, edits)
    return Restoration(text, tuple(edits), 1.0, o.text)


def test_judge_accepts_a_perfect_restoration_and_rejects_damage() -> None:
    """The measuring stick: exact restorations pass whatever their edit boundaries; a swallowed
    period or a wrongly joined neighbour fails."""
    checked_period = 0
    for o in cases():
        for r in (_oracle(o), _oracle(o, widen_by=2)):
            outcomes, changed = judge(o, r)
            assert all(x.ok for x in outcomes) and not changed, (o.text, r.edits)
            assert r.text == o.clean
        r = _oracle(o, drop=".")
        if r.text != o.clean:
            outcomes, _ = judge(o, r)
            assert not all(x.ok for x in outcomes)
            checked_period += 1
    assert checked_period > 0
    # Joining a kept neighbour onto a restored word is caught on the kept side.
    o = next(o for o in cases() if o.breaks and o.breaks[0].end < len(o.text) - 2)
    b = o.breaks[0]
    joined = [kashf.Edit(b.start, b.end + 1, o.text[b.start : b.end + 1], b.clean, "oracle")]
    if o.text[b.end] == " ":
        r = Restoration(kashf.apply_edits(o.text, joined), tuple(joined), 1.0, o.text)
        outcomes, changed = judge(o, r)
        assert changed and not outcomes[0].ok


# ---- restore ---------------------------------------------------------------------------------


def test_broken_words_are_restored(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    failures = [o for o in run.outcomes if not o.ok]
    report = [f"synthetic restore: {len(run.outcomes)} broken words in {run.n_sentences} "
              f"sentences ({SEEDS} seeds per technique + {MIXED_CASES} mixed); "
              f"sentences restored exactly: {run.sentences_exact}/{run.n_sentences}",
              table(run.outcomes)]
    if failures:
        report.append(f"first failures (of {len(failures)}):")
        report += [f"  [{f.technique}] {f.broken!r} -> {f.got!r}, expected {f.expected!r}"
                   for f in failures[:40]]
    _show(capsys, "\n".join(report))
    rate = 1 - len(failures) / len(run.outcomes)
    assert rate >= TARGET_RATE, f"restored {rate:.1%} of broken words, target {TARGET_RATE:.0%}"


@pytest.mark.parametrize("technique", list(TECHNIQUES))
def test_each_technique_is_undone(run: Run, technique: str) -> None:
    """Per technique a looser floor, so one technique cannot hide behind the others' average."""
    group = [o for o in run.outcomes if o.technique == technique]
    assert group, f"no {technique} cases generated"
    ok, n = sum(o.ok for o in group), len(group)
    examples = [(o.broken, o.got, o.expected) for o in group if not o.ok][:5]
    assert ok / n >= 0.90, f"{technique}: {ok}/{n}; e.g. {examples}"


def test_untouched_words_are_unchanged(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    if run.changed_kept:
        _show(capsys, f"{len(run.changed_kept)} of {run.n_kept} untouched tokens changed:\n"
              + "\n".join(f"  {tok!r} -> {got!r}   in {src!r}"
                          for tok, got, src in run.changed_kept[:30]))
    assert not run.changed_kept, (
        f"{len(run.changed_kept)} of {run.n_kept} untouched tokens changed, "
        f"e.g. {run.changed_kept[:5]}")


def test_edits_name_the_technique_they_undid(run: Run) -> None:
    restored = [o for o in run.outcomes if o.ok]
    if not restored:
        pytest.fail("no broken word was restored, so no technique name can be checked")
    named = sum(o.named for o in restored)
    wrong = Counter(o.technique for o in restored if not o.named)
    assert named / len(restored) >= NAMING_TARGET, (
        f"{named}/{len(restored)} restored words carry an edit naming their technique; "
        f"unnamed by generator technique: {dict(wrong)}")


def test_whole_dotless_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    """Real dotless posts drop the dots of every word. Scored on the words whose clean form is
    the likeliest reading (the others are reported: no restorer can be held to them)."""
    fair: list[Outcome] = []
    unfair: list[Outcome] = []
    changed: list[tuple[str, str, str]] = []
    for style in (0, 1):
        for sentence in CLEAN_SENTENCES:
            o = dotless_sentence(sentence, style)
            outcomes, ch = judge(o, kashf.restore(o.text))
            changed += ch
            for oc in outcomes:
                (fair if dotless_is_fair(oc.clean, oc.broken) else unfair).append(oc)
    ok = sum(o.ok for o in fair)
    lines = [f"whole dotless sentences: {ok}/{len(fair)} fair words restored "
             f"({ok / len(fair):.1%}, target {DOTLESS_TARGET:.0%}); ambiguous words: "
             f"{sum(o.ok for o in unfair)}/{len(unfair)}; dot-free tokens changed: {len(changed)}"]
    lines += [f"  {o.broken!r} -> {o.got!r}, expected {o.expected!r}"
              for o in fair if not o.ok][:30]
    _show(capsys, "\n".join(lines))
    assert ok / len(fair) >= DOTLESS_TARGET
    assert not changed, changed[:10]


def _after_headline(o: Obfuscation) -> Obfuscation:
    """``o`` with its clean sentence typed once with dots before it, as a dotted headline over
    a dotless quote: ``<clean> — <dotless>`` on one line."""
    head = o.clean + " — "
    k = len(head)
    return Obfuscation(
        head + o.clean,
        head + o.text,
        tuple(b._replace(start=b.start + k, end=b.end + k, clean_start=b.clean_start + k,
                         clean_end=b.clean_end + k) for b in o.breaks),
        tuple(t._replace(start=t.start + k, end=t.end + k, clean_start=t.clean_start + k,
                         clean_end=t.clean_end + k) for t in o.kept),
    )


def test_dotless_words_read_with_the_dotted_words_of_their_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The line's own dotted words are context: with the sentence typed with dots before it,
    the words the lexicon alone reads wrongly (ambiguous skeletons) come out right too, and
    the fair ones stay right."""
    fair_ok = fair_n = ambiguous_ok = ambiguous_n = 0
    for style in (0, 1):
        for sentence in CLEAN_SENTENCES:
            o = _after_headline(dotless_sentence(sentence, style))
            outcomes, changed = judge(o, kashf.restore(o.text))
            assert not changed, changed[:5]
            for oc in outcomes:
                if dotless_is_fair(oc.clean, oc.broken):
                    fair_n, fair_ok = fair_n + 1, fair_ok + oc.ok
                else:
                    ambiguous_n, ambiguous_ok = ambiguous_n + 1, ambiguous_ok + oc.ok
    _show(capsys, f"dotless after a dotted headline: fair words {fair_ok}/{fair_n}, "
                  f"ambiguous words {ambiguous_ok}/{ambiguous_n}")
    assert fair_ok / fair_n >= DOTLESS_TARGET
    assert ambiguous_ok / ambiguous_n >= DOTLESS_TARGET


def test_mapping_names_exist_in_the_engine() -> None:
    """A renamed engine technique must show up here, not as a silent drop in the naming rate."""
    import importlib

    # ``kashf.restore`` the attribute is the function; the module is only reachable by name.
    engine = importlib.import_module("kashf.restore")
    known = getattr(engine, "TECHNIQUES", None)
    if known is None:
        pytest.skip("kashf.restore does not list its technique names (TECHNIQUES)")
    missing = sorted({n for names in ENGINE_NAMES.values() for n in names} - set(known))
    assert not missing, f"ENGINE_NAMES uses names the engine does not know: {missing}"
