"""Telegram exports at scale: is memory flat, how fast is reading, how good is repost marking.

    python benchmarks/telegram_stream.py --size-mb 200 --size-mb 1024   # read-only, peak RSS
    python benchmarks/telegram_stream.py --size-mb 50 --dedupe          # + repost marking
    python benchmarks/telegram_stream.py --near-quality                 # LSH recall vs exact

Generates a synthetic export (``result.json`` in Telegram Desktop's layout: header, then a
``messages`` list with plain and entity-list texts, photos without caption, service messages,
forwarded exact reposts and near copies) of about the given size in a temporary folder (or
``--keep DIR``), then reads it in a fresh child process per measurement so that the peak
resident memory (``ru_maxrss``) belongs to that reading alone. Flat memory means the peak does
not grow with the file.

``--near-quality`` compares the near-copy finder (MinHash LSH for candidates, exact Jaccard
for the score) with an exhaustive comparison of every pair on a generated set, and reports
recall at the threshold and the time per report.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["إدلب", "حلب", "درعا", "الرقة", "دير الزور", "حماة", "حمص", "منبج", "الباب", "تدمر"]
ACTORS = ["قوات النظام", "قـ.ـوات النظام", "قسد", "فصائل المعارضة", "مجهولون", "تنظيم داعش"]
VERBS = ["قصفت", "استهدفت", "اعتقلت", "هاجمت", "داهمت"]
TAILS = [
    "ما أدى إلى مقتل {n} مدنيين وإصابة آخرين بجروح متفاوتة.",
    "دون ورود أنباء عن إصابات حتى الآن.",
    "وسط تحليق مكثف لطيران الاستطلاع في سماء المنطقة.",
    "بحسب ما أفاد به مراسلون محليون صباح اليوم.",
]


def make_text(rng: random.Random) -> str:
    village = "".join(rng.choice("ابتثجحخدرزسشصطعفقكلمنهوي") for _ in range(5))
    return (
        f"{rng.choice(VERBS)} {rng.choice(ACTORS)} بلدة {village} في ريف {rng.choice(PLACES)} "
        f"{rng.choice(TAILS).format(n=rng.randint(2, 30))} رقم المتابعة {rng.randint(1, 10**9)}"
    )


def near_copy(text: str, rng: random.Random) -> str:
    words = text.split()
    i = rng.randrange(len(words))
    words[i] = words[i] + "ة"
    return " ".join(words) + " #عاجل"


def generate(path: Path, size_mb: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    target = int(size_mb * 1024 * 1024)
    recent: list[str] = []
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write('{\n "name": "قناة تجريبية",\n "type": "public_channel",\n "id": 1555000111,\n')
        f.write(' "messages": [\n')
        while f.tell() < target:
            n += 1
            msg: dict[str, object] = {
                "id": n,
                "type": "message",
                "date": f"2024-0{1 + n % 9}-1{n % 10}T10:00:00",
                "date_unixtime": str(1704103200 + n * 60),
                "from": "قناة تجريبية",
                "from_id": "channel1555000111",
            }
            roll = rng.random()
            if roll < 0.03:
                msg = {
                    "id": n,
                    "type": "service",
                    "date": "2024-01-01T00:00:00",
                    "action": "pin_message",
                    "text": "",
                    "text_entities": [],
                }
            elif roll < 0.10:
                msg.update(photo=f"photos/photo_{n}.jpg", width=800, height=600, text="")
            else:
                if roll < 0.15 and recent:
                    text = rng.choice(recent)
                    msg["forwarded_from"] = "قناة أخرى"
                elif roll < 0.20 and recent:
                    text = near_copy(rng.choice(recent), rng)
                else:
                    text = make_text(rng)
                    recent = [*recent[-50:], text]
                if rng.random() < 0.5:
                    msg["text"] = [
                        {"type": "bold", "text": "عاجل | "},
                        text,
                        " ",
                        {"type": "hashtag", "text": "#سوريا"},
                    ]
                else:
                    msg["text"] = text
                msg["text_entities"] = [{"type": "plain", "text": text}]
            f.write(("  ," if n > 1 else "  ") + json.dumps(msg, ensure_ascii=False, indent=None))
            f.write("\n")
        f.write(" ]\n}\n")
    return n


def child(path: Path, dedupe: bool) -> None:
    from kashf.io.sources import Deduper, SourceCounts, annotate, read_source

    t0 = time.perf_counter()
    counts = SourceCounts()
    for _ in annotate(read_source(path), counts, Deduper() if dedupe else None):
        pass
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_kb / 1024, **counts.to_dict()}))


def measure(path: Path, dedupe: bool) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path)] + (["--dedupe"] if dedupe else []),
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def baseline_rss() -> float:
    """Peak RSS of a child that only imports kashf.io.sources (the floor of every reading)."""
    code = "import resource, kashf.io.sources, ijson; print(resource.getrusage(0).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout) / 1024


def near_quality(n: int, threshold: float) -> None:
    from kashf.io.sources.dedupe import (
        MIN_NEAR_CHARS,
        SHINGLE,
        Deduper,
        normalise,
    )

    rng = random.Random(11)
    texts: list[str] = []
    for _ in range(n):
        if texts and rng.random() < 0.3:
            base = rng.choice(texts)
            t = near_copy(base, rng)
            if rng.random() < 0.5:
                t = near_copy(t, rng)
            texts.append(t)
        else:
            texts.append(make_text(rng))
    norms = [normalise(t) for t in texts]
    grams = [{s[i : i + SHINGLE] for i in range(len(s) - SHINGLE + 1)} for s in norms]
    # Exhaustive: for each report, the best earlier non-identical report at >= threshold.
    t0 = time.perf_counter()
    truth: dict[int, float] = {}
    seen_norm: set[str] = set()
    for j in range(n):
        if norms[j] in seen_norm or len(norms[j]) < MIN_NEAR_CHARS:
            seen_norm.add(norms[j])
            continue
        best = 0.0
        for i in range(j):
            if norms[i] == norms[j]:
                continue
            inter = len(grams[i] & grams[j])
            sim = inter / (len(grams[i]) + len(grams[j]) - inter)
            best = max(best, sim)
        seen_norm.add(norms[j])
        if best >= threshold:
            truth[j] = best
    brute = time.perf_counter() - t0
    d = Deduper(threshold=threshold, window=n)
    t0 = time.perf_counter()
    found: dict[int, float] = {}
    for j, t in enumerate(texts):
        m = d.mark(str(j), t)
        if m.similar_to is not None and m.similarity is not None:
            found[j] = m.similarity
    lsh = time.perf_counter() - t0
    hit = [j for j in truth if j in found]
    exact = all(abs(found[j] - round(truth[j], 3)) < 1e-9 for j in hit)
    false = [j for j in found if j not in truth]
    print(
        f"near copies (>= {threshold}) among {n:,} reports: {len(truth):,} by exhaustive "
        f"comparison ({brute:.1f} s, O(n^2)), {len(found):,} by LSH ({lsh:.2f} s, "
        f"{lsh / n * 1e6:.0f} us/report incl. restore)"
    )
    print(
        f"  recall {len(hit) / max(1, len(truth)):.3f}, false flags {len(false)}, "
        f"scores equal to the exhaustive best: {exact}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size-mb", type=float, action="append", help="export size(s) to test")
    ap.add_argument("--dedupe", action="store_true", help="also mark reposts while reading")
    ap.add_argument("--near-quality", action="store_true", help="LSH recall vs exhaustive")
    ap.add_argument("--near-n", type=int, default=3000)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--keep", type=Path, help="write the exports into this folder and keep them")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.dedupe)
        return 0
    if args.near_quality:
        near_quality(args.near_n, args.threshold)
    sizes = args.size_mb or ([] if args.near_quality else [20.0])
    if not sizes:
        return 0
    print(f"python floor (imports only): {baseline_rss():.0f} MB peak RSS")
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        folder = args.keep or Path(tmp)
        for size in sizes:
            path = folder / f"result_{int(size)}mb.json"
            t0 = time.perf_counter()
            n = generate(path, size)
            gen = time.perf_counter() - t0
            r = measure(path, args.dedupe)
            mb = path.stat().st_size / 1024 / 1024
            secs = float(r["seconds"])  # type: ignore[arg-type]
            print(
                f"{mb:7.0f} MB, {n:,} messages (generated in {gen:.0f} s): read"
                f"{' + reposts' if args.dedupe else ''} in {secs:.1f} s "
                f"({mb / secs:.1f} MB/s, {n / secs:,.0f} msg/s), "
                f"peak RSS {float(r['peak_rss_mb']):.0f} MB; {r['reports']:,} reports, "  # type: ignore[arg-type]
                f"skipped {r['skipped']}, {r['duplicates']:,} exact / "
                f"{r['near_duplicates']:,} near reposts"
            )
            if not args.keep:
                os.unlink(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
