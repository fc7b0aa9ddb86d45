"""Fuzz ``kashf.restore`` and ``kashf.extract``: never raise, never hang, offsets slice the raw.

Every case is generated from ``(seed, index)`` alone, so any failure can be replayed with
``--replay INDEX``. Cases come from these families (weights in ``FAMILIES``):

- ``unicode``: any code point (lone surrogates included), any length up to a few hundred;
- ``arabic_heavy``: Arabic letters with tatweel, harakat, punctuation, invisibles, look-alikes;
- ``mixed_scripts``: Arabic, Latin, Cyrillic, Hebrew, CJK, emoji and ZWJ sequences mixed;
- ``bidi``: text soaked in RLM/LRM/ALM and embeddings, overrides and isolates;
- ``combining_storm``: letters carrying hundreds of combining marks;
- ``long_token``: one token of 2-10 KB (letters with separators, tatweel, digits, marks);
- ``obfuscated``: real-looking reports broken word by word by ``tests/obfuscator.py``;
- ``structured``: URLs, e-mail, hashtags, numbers, dates, list markers among Arabic words;
- ``whitespace``: line and paragraph separators, CR, tabs, NBSP, control characters.

For each case: ``restore`` returns a valid Restoration (edits sorted, non-overlapping, each
quoting ``raw[start:end]``, replaying to the text; score in 0..1) and ``extract`` returns a
Report whose every event evidence and entity span slices the raw text, with records in
``RECORD_COLUMNS``. Cases run in a child process watched by this one: a case that takes more
than ``--case-timeout`` seconds is a hang; the child is replaced and the run goes on.

``--linear`` also times 1 KB against 1 MB inputs of several shapes (ratio must be <= 1,500,
i.e. time grows about linearly with length).

    python scripts/fuzz.py --cases 100000              # nightly (about 10-20 minutes a core)
    python scripts/fuzz.py --cases 2000 --workers 2
    python scripts/fuzz.py --linear --cases 0          # only the 1 KB vs 1 MB timings
    python scripts/fuzz.py --replay 1234 --seed 1      # re-run one case in this process

Prints a markdown summary; ``--json PATH`` writes the numbers, ``--failures PATH`` the failing
inputs (JSON lines). Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import random
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as mp_wait
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

LINEAR_LIMIT = 1500.0  # issue 6: 1 MB may take at most 1,500x the time of 1 KB
# ... unless 1 MB takes under a second: 1 KB then takes microseconds, where timer resolution
# and cache effects (not the algorithm) set the ratio, and nothing can hang.
LINEAR_FLOOR_S = 2.0

# --- alphabets ---------------------------------------------------------------------------------

ARABIC = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
TATWEEL = "\u0640"
PUNCT = ".,،؛*_-~|/•:!?؟()«»\"'#@$%^&+=<>[]{}\\"
INVISIBLE = "\u200c\u200b\u200d\u00ad\u2060\ufeff\u180e\u2062\u2063"
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
LOOKALIKE = "ٮںڡٯکیہےڪگچپژ"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
COMBINING = (
    HARAKAT
    + "\u0653\u0654\u0655\u0656\u0657\u0658\u065f\u06d6\u06d7\u06da\u06e1\u08f0\u08f3"
    + "".join(chr(c) for c in range(0x300, 0x370))
    + "\u20d0\u20d1\u20e3\ufe20\ufe21"
)
SPACES = " \t\n\r\u00a0\u2028\u2029\u3000\u202f\u2009\x0b\x0c\x85"
CONTROLS = "".join(chr(c) for c in range(1, 32)) + "\x7f"
EMOJI = ["🔥", "💥", "❤️", "🇸🇾", "👍🏽", "👨‍👩‍👧", "✌️", "\ufe0f", "⭐"]
PRESENTATION = "".join(chr(c) for c in range(0xFE70, 0xFEFD)) + "".join(
    chr(c) for c in range(0xFB50, 0xFBB2)
)

# Words for real-looking reports (our own vocabulary: place and actor names are facts).
SUBJECTS = [
    "قوات النظام",
    "قوات سوريا الديمقراطية",
    "تنظيم داعش",
    "مسلحون مجهولون",
    "فصائل المعارضة",
    "القوات الروسية",
    "الجيش التركي",
    "هيئة تحرير الشام",
]
VERBS = ["قصفت", "اعتقلت", "هاجمت", "استهدفت", "اقتحمت", "سيطرت على", "داهمت"]
OBJECTS = ["بلدة", "قرية", "حاجزا", "مدينة", "حي", "مقرا عسكريا", "سيارة مدنية"]
PLACES = [
    "كفرنبل",
    "درعا",
    "الرقة",
    "دير الزور",
    "الميادين",
    "القامشلي",
    "حلب",
    "إدلب",
    "السويداء",
    "منبج",
    "الباب",
    "تدمر",
    "حمص",
    "البوكمال",
    "معرة النعمان",
]
TAILS = [
    "ما أدى إلى مقتل {n} مدنيين",
    "وأصيب {n} أشخاص بجروح",
    "واعتقلت {n} شبان",
    "دون وقوع إصابات",
    "أمس",
    "يوم الاثنين",
    "فجر اليوم",
    "في {d}",
]
STRUCTURED = [
    "https://example.org/a?b=1&c=ق",
    "user@example.com",
    "#قوات_النظام",
    "@kashf_ar",
    "13.5",
    "12.5.2023",
    "2024-03-01",
    "1445 هـ.",
    "د.",
    "ج.م.ع",
    "أ-",
    "1.",
    "بـ7",
    "الـF16",
    "لـ2023",
    "ههههه",
    "و",
    "www.example.net",
    "+963 11 123 4567",
    "50%",
]


def _pick(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _size(rng: random.Random, most: int = 300) -> int:
    # Mostly short, sometimes long: short inputs explore more, long ones find slow paths.
    return int(min(rng.paretovariate(1.2), 1e6) * 8) % most


def gen_unicode(rng: random.Random) -> str:
    out = []
    for _ in range(_size(rng)):
        r = rng.random()
        if r < 0.6:
            out.append(chr(rng.randrange(0x20, 0x3000)))
        elif r < 0.97:
            out.append(chr(rng.randrange(0, 0x110000)))
        else:
            out.append(chr(rng.randrange(0xD800, 0xE000)))  # lone surrogates are valid str
    return "".join(out)


def gen_arabic_heavy(rng: random.Random) -> str:
    pools = [
        ARABIC,
        ARABIC,
        ARABIC,
        "   \n",
        HARAKAT + TATWEEL,
        PUNCT,
        INVISIBLE + LOOKALIKE,
        DIGITS + LATIN[:10],
        BIDI,
    ]
    return "".join(rng.choice(rng.choice(pools)) for _ in range(_size(rng)))


def gen_mixed_scripts(rng: random.Random) -> str:
    ranges = [
        (0x41, 0x7B),
        (0x400, 0x450),
        (0x5D0, 0x5EB),
        (0x4E00, 0x4E80),
        (0x1F300, 0x1F700),
        (0x600, 0x700),
        (0x750, 0x780),
        (0x8A0, 0x900),
        (0x900, 0x980),
        (0xFB50, 0xFDFF),
    ]
    out: list[str] = []
    for _ in range(_size(rng)):
        r = rng.random()
        if r < 0.35:
            out.append(rng.choice(ARABIC + " "))
        elif r < 0.45:
            out.append(rng.choice(EMOJI))
        else:
            lo, hi = rng.choice(ranges)
            out.append(chr(rng.randrange(lo, hi)))
    return "".join(out)


def gen_bidi(rng: random.Random) -> str:
    words = [_pick(rng, ARABIC, rng.randint(1, 7)) for _ in range(rng.randint(1, 12))]
    words += [_pick(rng, LATIN, rng.randint(1, 6)) for _ in range(rng.randint(0, 4))]
    rng.shuffle(words)
    out = []
    for w in words:
        marks = _pick(rng, BIDI, rng.randint(0, 6))
        cut = rng.randint(0, len(w))
        out.append(marks[: len(marks) // 2] + w[:cut] + rng.choice(BIDI) + w[cut:] + marks[2:])
    return rng.choice([" ", "\u200f ", " \u200e"]).join(out)


def gen_combining_storm(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 6)):
        base = rng.choice(ARABIC + LATIN + " " + TATWEEL + "0")
        out.append(base + _pick(rng, COMBINING, rng.choice([1, 5, 50, 300, 2000])))
        out.append(rng.choice(["", " ", "ب", "."]))
    return "".join(out)


LONG_TOKEN_CHARS = (2_000, 10_000)  # 1 MB tokens are the --linear check's job


def gen_long_token(rng: random.Random) -> str:
    unit = rng.choice(
        [
            lambda: rng.choice(ARABIC),
            lambda: rng.choice(ARABIC) + rng.choice(".-_*ـ،"),
            lambda: rng.choice(ARABIC) + " ",
            lambda: rng.choice(ARABIC) + rng.choice(INVISIBLE),
            lambda: rng.choice(ARABIC) + rng.choice(HARAKAT),
            lambda: rng.choice(DIGITS + LATIN),
            lambda: rng.choice(LOOKALIKE),
            lambda: TATWEEL,
            lambda: rng.choice(PUNCT),
        ]
    )
    n = rng.randint(*LONG_TOKEN_CHARS)
    out: list[str] = []
    size = 0
    while size < n:
        piece = unit()
        out.append(piece)
        size += len(piece)
    return "".join(out)


def _sentence(rng: random.Random) -> str:
    s = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
    if rng.random() < 0.5:
        s += " في ريف " + rng.choice(PLACES)
    if rng.random() < 0.7:
        s += " " + rng.choice(TAILS).format(n=rng.randint(1, 40), d=f"{rng.randint(1, 28)}/3")
    return s + rng.choice([".", "،", "", "!", " ."])


_obfuscator: Any = None


def _load_obfuscator() -> Any:
    """``tests/obfuscator.py`` when this is a source checkout, else None (own breaks only)."""
    global _obfuscator
    if _obfuscator is None:
        _obfuscator = False
        if (TESTS / "obfuscator.py").is_file():
            sys.path.insert(0, str(TESTS))
            try:
                import obfuscator

                _obfuscator = obfuscator
            except Exception:  # missing wordfreq data, say: fall back to our own breaks
                _obfuscator = False
    return _obfuscator or None


def _own_break(word: str, rng: random.Random) -> str:
    if len(word) < 2:
        return word
    sep = rng.choice([".", "ـ", "ـ.ـ", " ", "-", "*", "\u200c", "🔥", "3"])
    if rng.random() < 0.3:
        return sep.join(word)
    i = rng.randint(1, len(word) - 1)
    return word[:i] + sep + word[i:]


def gen_obfuscated(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
    ob = _load_obfuscator()
    if ob is not None and rng.random() < 0.7:
        return str(ob.obfuscate(text, rng, n_words=rng.randint(1, 6)).text)
    words = text.split(" ")
    for i in rng.sample(range(len(words)), k=min(len(words), rng.randint(1, 4))):
        words[i] = _own_break(words[i], rng)
    return " ".join(words)


def gen_structured(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 20)):
        parts.append(
            rng.choice(STRUCTURED) if rng.random() < 0.4 else rng.choice(_sentence(rng).split(" "))
        )
    return " ".join(parts)


def gen_whitespace(rng: random.Random) -> str:
    out = []
    for _ in range(_size(rng, 200)):
        r = rng.random()
        out.append(
            rng.choice(SPACES)
            if r < 0.4
            else rng.choice(CONTROLS)
            if r < 0.5
            else rng.choice(ARABIC + ".")
        )
    return "".join(out)


FAMILIES: dict[str, tuple[float, Callable[[random.Random], str]]] = {
    "unicode": (0.14, gen_unicode),
    "arabic_heavy": (0.2, gen_arabic_heavy),
    "mixed_scripts": (0.12, gen_mixed_scripts),
    "bidi": (0.1, gen_bidi),
    "combining_storm": (0.06, gen_combining_storm),
    "long_token": (0.003, gen_long_token),
    "obfuscated": (0.2, gen_obfuscated),
    "structured": (0.1, gen_structured),
    "whitespace": (0.07, gen_whitespace),
}
DATES = [None, None, "2024-02-10", "2023-12-31", "2024", "2024-02"]


def make_case(seed: int, index: int) -> tuple[str, str, str | None]:
    """(family, text, report date) of case ``index``: a pure function of (seed, index)."""
    rng = random.Random(f"kashf-fuzz:{seed}:{index}")
    names = list(FAMILIES)
    family = rng.choices(names, weights=[FAMILIES[n][0] for n in names])[0]
    return family, FAMILIES[family][1](rng), rng.choice(DATES)


# --- the properties ----------------------------------------------------------------------------


class PropertyFailed(AssertionError):
    pass


def _require(cond: bool, message: str) -> None:
    if not cond:
        raise PropertyFailed(message)


def check_restoration(raw: str, r: Any) -> None:
    """The contract of ``kashf.restore(raw)`` (DESIGN.md), whatever ``raw`` is."""
    import kashf

    _require(isinstance(r, kashf.Restoration), f"not a Restoration: {type(r).__name__}")
    _require(r.raw == raw, "Restoration.raw is not the input")
    _require(isinstance(r.text, str), "text is not a str")
    _require(
        isinstance(r.score, float) and math.isfinite(r.score) and 0.0 <= r.score <= 1.0,
        f"score {r.score!r} outside 0..1",
    )
    prev = 0
    for e in r.edits:
        _require(0 <= e.start <= e.end <= len(raw), f"edit out of bounds: {e}")
        _require(e.start >= prev, f"edits overlap or are unsorted at {e}")
        _require(raw[e.start : e.end] == e.original, f"edit does not quote the raw text: {e}")
        _require(bool(e.technique), f"edit without a technique: {e}")
        prev = e.end
    _require(kashf.apply_edits(raw, r.edits) == r.text, "edits do not replay to the text")


def check_report(raw: str, rep: Any) -> None:
    """Every offset ``extract`` reports slices the raw text; records have the CSV columns."""
    from kashf.extract.records import RECORD_COLUMNS

    check_restoration(raw, rep.restoration)
    for ev in rep.events:
        s = ev.evidence
        _require(0 <= s.start <= s.end <= len(raw), f"evidence out of bounds: {s}")
        _require(raw[s.start : s.end] == s.text, f"evidence does not slice the raw text: {s}")
    for en in rep.entities:
        _require(0 <= en.raw_start <= en.raw_end <= len(raw), f"entity span out of bounds: {en}")
        _require(raw[en.raw_start : en.raw_end] == en.text, f"entity does not slice raw: {en}")
    for rec in rep.to_records():
        _require(tuple(rec) == RECORD_COLUMNS, f"record columns {tuple(rec)}")
        json.dumps(rec, ensure_ascii=False)  # records must serialise (JSONL/service output)


def run_case(text: str, date: str | None) -> None:
    import kashf
    from kashf.extract import extract

    check_restoration(text, kashf.restore(text))
    check_report(text, extract(text, date=date, id="fuzz"))


# --- running cases, watched for hangs ----------------------------------------------------------


@dataclass
class Failure:
    index: int
    family: str
    kind: str  # exception | property | hang
    message: str
    text: str
    date: str | None

    def short(self) -> str:
        shown = (
            self.text
            if len(self.text) <= 120
            else self.text[:120] + f"… ({len(self.text):,} chars)"
        )
        return f"#{self.index} [{self.family}] {self.kind}: {self.message} — input {shown!r}"


@dataclass
class Summary:
    seed: int
    cases: int = 0
    seconds: float = 0.0
    chars: int = 0
    by_family: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    slowest: list[tuple[float, int, str, int]] = field(default_factory=list)  # s, index, fam, len
    linear: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures) + sum(1 for r in self.linear if not r["ok"])


def _case_result(seed: int, index: int) -> tuple[str, int, float, Failure | None]:
    family, text, date = make_case(seed, index)
    t0 = time.perf_counter()
    failure = None
    try:
        run_case(text, date)
    except PropertyFailed as exc:
        failure = Failure(index, family, "property", str(exc)[:300], text, date)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        msg = f"{type(exc).__name__}: {str(exc)[:200]} ({Path(where.filename).name}:{where.lineno})"
        failure = Failure(index, family, "exception", msg, text, date)
    return family, len(text), time.perf_counter() - t0, failure


def _worker(conn: Connection, seed: int, indices: list[int]) -> None:
    for i in indices:
        conn.send(("case", i, *_case_result(seed, i)))
    conn.send(("end",))


def _record(
    summary: Summary, index: int, family: str, size: int, dt: float, failure: Failure | None
) -> None:
    summary.cases += 1
    summary.chars += size
    summary.by_family[family] = summary.by_family.get(family, 0) + 1
    if failure is not None:
        summary.failures.append(failure)
    summary.slowest.append((dt, index, family, size))
    if len(summary.slowest) > 200:
        summary.slowest = sorted(summary.slowest, reverse=True)[:10]


def run_in_process(seed: int, cases: int, start: int = 0) -> Summary:
    """Run cases here, without a hang watchdog (tests: quick, and a hang fails the test run)."""
    summary = Summary(seed)
    t0 = time.perf_counter()
    for i in range(start, start + cases):
        family, size, dt, failure = _case_result(seed, i)
        _record(summary, i, family, size, dt, failure)
    summary.seconds = time.perf_counter() - t0
    summary.slowest = sorted(summary.slowest, reverse=True)[:10]
    return summary


def run_watched(
    seed: int, cases: int, workers: int, case_timeout: float, progress: bool = True
) -> Summary:
    """Run cases in child processes; a case over ``case_timeout`` seconds is a hang."""
    summary = Summary(seed)
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    t0 = time.perf_counter()
    last_print = t0

    @dataclass
    class Child:
        proc: Any
        indices: list[int]
        pos: int = 0
        last: float = field(default_factory=time.monotonic)

    children: dict[Connection, Child] = {}

    def start(indices: list[int]) -> None:
        if not indices:
            return
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker, args=(child, seed, indices), daemon=True)
        proc.start()
        child.close()
        children[parent] = Child(proc, indices)

    def give_up(conn: Connection, kind: str) -> None:
        # The case at ``pos`` hangs or killed its process: record it, go on after it.
        ch = children.pop(conn)
        i = ch.indices[ch.pos]
        family, text, date = make_case(seed, i)
        what = f"no result within {case_timeout:g} s" if kind == "hang" else "process died"
        summary.failures.append(Failure(i, family, kind, what, text, date))
        _record_count_only(summary, family, len(text))
        ch.proc.kill()
        ch.proc.join()
        conn.close()
        start(ch.indices[ch.pos + 1 :])

    for w in range(workers):
        start(list(range(w, cases, workers)))
    while children:
        for conn in mp_wait(list(children), timeout=1.0):
            assert isinstance(conn, Connection)
            ch = children[conn]
            try:
                msg = conn.recv()
            except EOFError:
                give_up(conn, "crash")
                continue
            if msg[0] == "end":
                ch.proc.join()
                conn.close()
                del children[conn]
                continue
            _, i, family, size, dt, failure = msg
            _record(summary, i, family, size, dt, failure)
            ch.pos += 1
            ch.last = time.monotonic()
        now = time.monotonic()
        for conn, ch in list(children.items()):
            if now - ch.last > case_timeout:
                give_up(conn, "hang")
        if progress and time.perf_counter() - last_print > 15:
            last_print = time.perf_counter()
            rate = summary.cases / (last_print - t0)
            print(
                f"fuzz: {summary.cases:,}/{cases:,} cases, {rate:,.0f}/s, "
                f"{len(summary.failures)} failures",
                file=sys.stderr,
                flush=True,
            )
    summary.seconds = time.perf_counter() - t0
    summary.slowest = sorted(summary.slowest, reverse=True)[:10]
    return summary


def _record_count_only(summary: Summary, family: str, size: int) -> None:
    summary.cases += 1
    summary.chars += size
    summary.by_family[family] = summary.by_family.get(family, 0) + 1


# --- linear time: 1 KB against 1 MB ------------------------------------------------------------

_REPORT = (
    "قتل ثلاثة مدنيين بقصف لقـ.ـوات النظام على بلدة كفرنبل في ريف إدلب، واعتقلت د.ا.ع.ش "
    "خمسة شبان في الميادين أمس. "
)
LINEAR_SHAPES: dict[str, Callable[[int], str]] = {
    "report_prose": lambda n: (_REPORT * (n // len(_REPORT) + 1))[:n],
    "one_letter_token": lambda n: "ب" * n,
    "tatweel_token": lambda n: TATWEEL * n,
    "shadda_storm": lambda n: "ب" + "\u0651" * (n - 1),
    "bidi_marks": lambda n: ("\u200fق" * n)[:n],
    "digits_token": lambda n: "7" * n,
    "latin_token": lambda n: "a" * n,
    "dotted_letters_token": lambda n: ("ب." * n)[:n],
    "spaced_letters": lambda n: ("ب " * n)[:n],
    "separated_words": lambda n: ("د.ا.ع.ش " * n)[:n],
}
# Shapes fast enough for the CI test (the others take minutes per MB in extract today).
CI_LINEAR_SHAPES = ("one_letter_token", "tatweel_token", "shadda_storm", "latin_token")


def _linear_child(conn: Connection, shape: str, fn_name: str) -> None:
    import kashf
    from kashf.extract import extract

    fn: Callable[[str], Any] = kashf.restore if fn_name == "restore" else extract
    make = LINEAR_SHAPES[shape]
    small_text, big_text = make(1_000), make(1_000_000)
    fn(small_text)  # tables loaded before timing
    runs = []
    for _ in range(7):
        t0 = time.perf_counter()
        fn(small_text)
        runs.append(time.perf_counter() - t0)
    conn.send(("small", statistics.median(runs)))
    try:
        t0 = time.perf_counter()
        out = fn(big_text)
        big = time.perf_counter() - t0
        (check_restoration if fn_name == "restore" else check_report)(big_text, out)
        conn.send(("big", big))
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


def run_linear(shapes: list[str], timeout: float) -> list[dict[str, Any]]:
    """Each timing in its own child, stopped once it is past the limit (or ``timeout``)."""
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    rows = []
    for shape in shapes:
        for fn_name in ("restore", "extract"):
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_linear_child, args=(child, shape, fn_name), daemon=True)
            proc.start()
            child.close()
            row: dict[str, Any] = {"shape": shape, "function": fn_name}
            if not parent.poll(timeout):
                row["error"] = f"1 KB runs took over {timeout:g} s"
            else:
                small = float(parent.recv()[1])
                # Past this the ratio is lost anyway: stop instead of waiting for hours.
                deadline = min(timeout, max(LINEAR_LIMIT * small, LINEAR_FLOOR_S) + 5.0)
                t0 = time.perf_counter()
                row["small_s"] = small
                if parent.poll(deadline):
                    kind, value = parent.recv()
                    if kind == "error":
                        row["error"] = value
                    else:
                        row["big_s"] = value
                else:
                    row["big_s"] = time.perf_counter() - t0
                    row["stopped"] = True
                if "big_s" in row:
                    row["ratio"] = row["big_s"] / max(small, 1e-9)
                    row["ok"] = not row.get("stopped") and (
                        row["ratio"] <= LINEAR_LIMIT or row["big_s"] <= LINEAR_FLOOR_S
                    )
            proc.kill()
            proc.join()
            row.setdefault("ok", False)
            rows.append(row)
            print(f"linear: {_linear_line(row)}", file=sys.stderr, flush=True)
    return rows


def _linear_line(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"| {r['shape']} | {r['function']} | — | — | — | FAIL: {r['error']} |"
    big = f"> {r['big_s']:.1f} (stopped)" if r.get("stopped") else f"{r['big_s']:.2f}"
    ratio = f"> {r['ratio']:,.0f}" if r.get("stopped") else f"{r['ratio']:,.0f}"
    return (
        f"| {r['shape']} | {r['function']} | {r['small_s'] * 1000:.2f} | {big} | "
        f"{ratio} | {'ok' if r['ok'] else 'FAIL'} |"
    )


# --- report --------------------------------------------------------------------------------------


def markdown(summary: Summary, workers: int) -> str:
    lines = []
    if summary.cases:
        rate = summary.cases / summary.seconds if summary.seconds else 0.0
        lines += [
            f"### Fuzz: {summary.cases:,} cases, seed {summary.seed}, {workers} worker(s), "
            f"{summary.seconds:,.0f} s ({rate:,.0f} cases/s), {summary.chars:,} characters\n",
            "| family | cases | failures |",
            "|---|---:|---:|",
        ]
        fails: dict[str, int] = {}
        for f in summary.failures:
            fails[f.family] = fails.get(f.family, 0) + 1
        for fam in FAMILIES:
            lines.append(f"| {fam} | {summary.by_family.get(fam, 0):,} | {fails.get(fam, 0)} |")
        lines.append("")
        if summary.failures:
            lines.append("Failures (first 20; replay with `--replay INDEX --seed SEED`):\n")
            lines += [f"- {f.short()}" for f in summary.failures[:20]]
            lines.append("")
        lines.append(
            "Slowest cases: "
            + ", ".join(
                f"#{i} {fam} {n:,} chars {dt:.2f} s" for dt, i, fam, n in summary.slowest[:5]
            )
        )
        lines.append("")
    if summary.linear:
        lines += [
            "### Time against length: 1 KB vs 1 MB (limit 1,500x)\n",
            "| shape | function | 1 KB ms | 1 MB s | ratio | result |",
            "|---|---|---:|---:|---:|---|",
            *(_linear_line(r) for r in summary.linear),
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--case-timeout", type=float, default=60.0, help="seconds before a hang")
    ap.add_argument("--linear", action="store_true", help="also time 1 KB vs 1 MB inputs")
    ap.add_argument("--linear-shapes", default=",".join(LINEAR_SHAPES))
    ap.add_argument("--linear-timeout", type=float, default=900.0)
    ap.add_argument("--replay", type=int, help="run one case here and show the result")
    ap.add_argument("--json", type=Path, help="write the summary as JSON here")
    ap.add_argument("--failures", type=Path, help="write failing inputs (JSONL) here")
    args = ap.parse_args(argv)
    if args.replay is not None:
        family, text, date = make_case(args.seed, args.replay)
        print(f"case {args.replay} ({family}, date {date}): {text!r}")
        run_case(text, date)
        print("ok")
        return 0
    summary = (
        run_watched(args.seed, args.cases, max(1, args.workers), args.case_timeout)
        if args.cases
        else Summary(args.seed)
    )
    if args.linear:
        summary.linear = run_linear(args.linear_shapes.split(","), args.linear_timeout)
    print(markdown(summary, args.workers))
    if args.json:
        data = asdict(summary)
        data["failures"] = [{**asdict(f), "text": f.text[:2000]} for f in summary.failures]
        data["workers"] = args.workers
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    if args.failures:
        with open(args.failures, "w", encoding="utf-8") as fh:
            for f in summary.failures:
                fh.write(json.dumps(asdict(f)) + "\n")  # ASCII: lone surrogates survive
    return 1 if summary.failed else 0


def iter_cases(seed: int, n: int) -> Iterator[tuple[str, str, str | None]]:
    for i in range(n):
        yield make_case(seed, i)


if __name__ == "__main__":
    raise SystemExit(main())
