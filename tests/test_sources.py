"""Posts where they live: Telegram exports, saved pages, folders of text (kashf.io.sources).

The fixtures under ``tests/fixtures/sources/`` were written for these tests: a channel export
with a service message, a plain post, an entity-list post (hashtag, link, text link), a photo
without caption, a forwarded copy spelled ``قـ.ـوات``, an obfuscated post, a near copy, a
message without ``text`` and a sticker; two copies of one article and a page without main text;
a folder of .txt files with an empty and a non-UTF-8 file.
"""

from __future__ import annotations

import csv
import json
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from kashf.cli import main
from kashf.extract import RECORD_COLUMNS
from kashf.io.sources import (
    Deduper,
    SourceCounts,
    SourceError,
    SourceProblem,
    SourceReport,
    SourceSkip,
    annotate,
    read_source,
    resolve_format,
)
from kashf.io.sources.dedupe import normalise
from kashf.io.sources.telegram import Chat, clean_username, flatten_text, message_item

FIX = Path(__file__).resolve().parent / "fixtures" / "sources"
EXPORT = FIX / "telegram_channel.json"
CHANNEL = "مرصد الشمال التجريبي"


def items_of(path: Path, fmt: str | None = None, **kw: Any) -> list[Any]:
    return list(read_source(path, fmt, **kw))


def annotated(path: Path, fmt: str | None = None, **kw: Any) -> tuple[list[Any], SourceCounts]:
    counts = SourceCounts()
    out = list(annotate(read_source(path, fmt, **kw), counts, Deduper()))
    return out, counts


def char_jaccard(a: str, b: str, k: int = 5) -> float:
    """Reference Jaccard over the shingle strings themselves (no hashing)."""
    sa = {a[i : i + k] for i in range(len(a) - k + 1)}
    sb = {b[i : i + k] for i in range(len(b) - k + 1)}
    return len(sa & sb) / len(sa | sb)


# --- Telegram ------------------------------------------------------------------------------


def test_flatten_text_string_and_entity_list() -> None:
    assert flatten_text("نص عادي") == "نص عادي"
    entities = [
        "عاجل ",
        {"type": "hashtag", "text": "#درعا"},
        ": خبر ",
        {"type": "text_link", "text": "المصدر", "href": "https://example.org/x"},
    ]
    assert flatten_text(entities) == "عاجل #درعا: خبر المصدر"
    assert flatten_text([]) == ""
    assert flatten_text(5) is None
    assert flatten_text(["a", {"type": "bold"}]) is None


def test_export_items_kinds_ids_and_counts_add_up() -> None:
    items = items_of(EXPORT)
    kinds = [(type(i).__name__, i.id) for i in items]
    assert kinds == [
        ("SourceSkip", "1987654321/1"),
        ("SourceReport", "1987654321/2"),
        ("SourceReport", "1987654321/3"),
        ("SourceSkip", "1987654321/4"),
        ("SourceReport", "1987654321/5"),
        ("SourceReport", "1987654321/6"),
        ("SourceReport", "1987654321/7"),
        ("SourceProblem", "1987654321/8"),
        ("SourceSkip", "1987654321/9"),
    ]
    skips = {i.id: i.kind for i in items if isinstance(i, SourceSkip)}
    assert skips == {
        "1987654321/1": "service",
        "1987654321/4": "media_only",
        "1987654321/9": "media_only",
    }
    problem = next(i for i in items if isinstance(i, SourceProblem))
    assert "message 8" in problem.reason and "text" in problem.reason
    counts = SourceCounts()
    for i in items:
        counts.add(i)
    assert counts.seen == 9 == counts.reports + sum(counts.skipped.values()) + counts.problems
    raw = json.loads(EXPORT.read_text(encoding="utf-8"))
    assert counts.seen == len(raw["messages"])


def test_report_fields_date_source_url_forward() -> None:
    reports = {i.id: i for i in items_of(EXPORT) if isinstance(i, SourceReport)}
    raw = {m["id"]: m for m in json.loads(EXPORT.read_text(encoding="utf-8"))["messages"]}
    first = reports["1987654321/2"]
    assert first.text == raw[2]["text"]
    assert first.date == raw[2]["date"][:10]
    assert first.source == CHANNEL and first.forwarded_from is None
    # No username in the export: the members' link form t.me/c/<chat id>/<message id>.
    assert first.url == "https://t.me/c/1987654321/2"
    assert reports["1987654321/5"].forwarded_from == "شبكة أخبار الجنوب"
    named = {i.id: i for i in items_of(EXPORT, channel_username="@north_obs_test")}
    assert named["1987654321/3"].url == "https://t.me/north_obs_test/3"


def test_entity_list_text_is_what_a_reader_sees() -> None:
    reports = {i.id: i for i in items_of(EXPORT) if isinstance(i, SourceReport)}
    text = reports["1987654321/3"].text
    assert text.startswith("عاجل #درعا: اعتقلت")
    assert "https://example.org/news/3 عبر المصدر" in text
    assert "href" not in text and "https://example.org/src" not in text


def test_channel_username_forms() -> None:
    assert clean_username("@north_obs") == "north_obs"
    assert clean_username("https://t.me/north_obs/") == "north_obs"
    assert clean_username(" north_obs ") == "north_obs"
    for bad in ("no", "with space", "https://example.org/x", "1abcde"):
        with pytest.raises(SourceError, match="not a Telegram username"):
            clean_username(bad)


def test_message_item_bad_shapes() -> None:
    chat = Chat("c", "public_channel", "5")
    assert isinstance(message_item("x", chat, 3), SourceProblem)
    no_id = message_item({"type": "message", "text": "x"}, chat, 3)
    assert isinstance(no_id, SourceProblem) and "#3" in no_id.reason
    wrong = message_item({"id": 4, "type": "message", "text": {"a": 1}}, chat, 4)
    assert isinstance(wrong, SourceProblem) and "message 4" in wrong.reason
    empty = message_item({"id": 5, "type": "message", "text": "  "}, chat, 5)
    assert isinstance(empty, SourceSkip) and empty.kind == "empty"
    unix = message_item({"id": 6, "text": "خبر", "date_unixtime": "1707543000"}, chat, 6)
    assert isinstance(unix, SourceReport) and unix.date == "2024-02-10"
    group = Chat("g", "private_group", "7")
    assert group.post_url(3) is None


def _cut_inside_message(data: bytes, message_id: int) -> bytes:
    marker = f'"id": {message_id},'.encode()
    at = data.index(marker)
    return data[: at + len(marker) + 40]


def test_truncated_export_keeps_what_was_read(tmp_path: Path) -> None:
    data = EXPORT.read_bytes()
    cut = tmp_path / "result.json"
    cut.write_bytes(_cut_inside_message(data, 6))
    items = items_of(cut)
    assert [i.id for i in items[:-1]] == [f"1987654321/{n}" for n in range(1, 6)]
    last = items[-1]
    assert isinstance(last, SourceProblem)
    assert "truncated" in last.reason and "after message 5" in last.reason
    counts = SourceCounts()
    for i in items:
        counts.add(i)
    assert counts.seen == 6 and counts.problems == 1


def test_invalid_json_in_the_middle(tmp_path: Path) -> None:
    data = EXPORT.read_text(encoding="utf-8")
    broken = data.replace('"id": 7,', '"id": 7,,', 1)
    f = tmp_path / "result.json"
    f.write_text(broken, encoding="utf-8")
    items = items_of(f, "telegram")
    assert isinstance(items[-1], SourceProblem)
    assert "invalid JSON after message 6" in items[-1].reason
    assert len(items) == 7


def test_not_an_export(tmp_path: Path) -> None:
    f = tmp_path / "x.json"
    f.write_text('{"name": "x", "chats": {"list": []}}', encoding="utf-8")
    with pytest.raises(SourceError, match="whole-account export"):
        items_of(f, "telegram")
    g = tmp_path / "y.json"
    g.write_text('{"name": "x", "items": []}', encoding="utf-8")
    with pytest.raises(SourceError, match="not a Telegram chat export"):
        items_of(g, "telegram")
    h = tmp_path / "z.json"
    h.write_text("hello", encoding="utf-8")
    with pytest.raises(SourceError, match="not JSON"):
        items_of(h, "telegram")


def test_export_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "ChatExport_2024-02-20"
    folder.mkdir()
    shutil.copy(EXPORT, folder / "result.json")
    assert resolve_format(folder) == "telegram"
    assert len(items_of(folder)) == 9


def _write_export(path: Path, messages: int) -> int:
    body = "قصفت قوات النظام بلدة في ريف إدلب ما أدى إلى مقتل مدنيين " * 3
    with open(path, "w", encoding="utf-8") as out:
        out.write('{\n "name": "c",\n "type": "public_channel",\n "id": 42,\n "messages": [\n')
        for n in range(1, messages + 1):
            msg = {
                "id": n,
                "type": "message",
                "date": "2024-01-01T00:00:00",
                "text": [body, {"type": "hashtag", "text": f"#n{n}"}],
            }
            out.write(("," if n > 1 else "") + json.dumps(msg, ensure_ascii=False) + "\n")
        out.write(" ]\n}\n")
    return path.stat().st_size


def _peak_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        n = sum(1 for i in read_source(path) if isinstance(i, SourceReport))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return n, peak


def test_streaming_memory_is_flat(tmp_path: Path) -> None:
    """Ten times the messages, the same Python heap: the export is streamed, not loaded."""
    small, big = tmp_path / "small.json", tmp_path / "big.json"
    _write_export(small, 2_000)
    size = _write_export(big, 20_000)
    _peak_reading(small)  # imports and first-use caches out of the way
    n_small, peak_small = _peak_reading(small)
    n_big, peak_big = _peak_reading(big)
    assert (n_small, n_big) == (2_000, 20_000)
    assert peak_big < 1.5 * peak_small + 100_000, (peak_small, peak_big)
    assert peak_big < size / 10, (size, peak_big)


# --- reposts ---------------------------------------------------------------------------------


def test_forwarded_obfuscated_copy_is_a_duplicate_and_near_copy_scored() -> None:
    out, counts = annotated(EXPORT)
    meta = {i.id: m for i, m in out if isinstance(i, SourceReport)}
    assert meta["1987654321/5"]["duplicate_of"] == "1987654321/2"
    assert meta["1987654321/5"]["similarity"] == 1.0
    assert meta["1987654321/2"]["duplicate_of"] is None
    assert meta["1987654321/2"]["similar_to"] is None
    near = meta["1987654321/7"]
    assert near["duplicate_of"] is None and near["similar_to"] == "1987654321/2"
    reports = {i.id: i for i, _ in out if isinstance(i, SourceReport)}
    expected = char_jaccard(
        normalise(reports["1987654321/2"].text), normalise(reports["1987654321/7"].text)
    )
    assert near["similarity"] == pytest.approx(expected, abs=1e-3)
    assert counts.duplicates == 1 and counts.near_duplicates == 1


def test_normalise_undoes_evasion_and_noise() -> None:
    a = normalise("قصفت قـ.ـوات النظام مدينة إدلب!! https://t.me/x/5 @somechannel")
    b = normalise("قصفت  قوات النظام، مدينة ادلب")
    assert a == b
    assert normalise("قتل ٣ مدنيين") == normalise("قتل 3 مدنيين")


def test_deduper_threshold_window_and_short_texts() -> None:
    base = "اعتقلت دورية تابعة لقوات النظام ثلاثة شبان في مدينة درعا خلال حملة دهم فجر اليوم"
    edit = base.replace("ثلاثة", "أربعة")
    d = Deduper(threshold=0.7, restore=None)
    assert d.mark("a", base).similar_to is None
    m = d.mark("b", edit)
    assert m.similar_to == "a" and m.duplicate_of is None
    assert m.similarity == pytest.approx(
        char_jaccard(normalise(base, restore=None), normalise(edit, restore=None)), abs=1e-3
    )
    strict = Deduper(threshold=0.99, restore=None)
    strict.mark("a", base)
    assert strict.mark("b", edit).similar_to is None
    short = Deduper(restore=None)
    short.mark("a", "قصف على درعا")
    assert short.mark("b", "قصف على حلب").similar_to is None
    assert short.mark("c", "قصف على درعا!").duplicate_of == "a"
    small = Deduper(threshold=0.7, window=1, restore=None)
    small.mark("a", base)
    small.mark("x", "نص آخر تماما عن موضوع مختلف لا علاقة له بالخبر الأول في أي شيء أبدا")
    assert small.mark("b", edit).similar_to is None  # "a" left the window
    assert small.mark("c", base).duplicate_of == "a"  # exact reposts: whole run


# --- HTML pages and text folders ---------------------------------------------------------


def test_html_pages_title_apart_canonical_date_and_no_main_text() -> None:
    pytest.importorskip("trafilatura", reason="needs the html extra: pip install 'kashf[html]'")
    out, counts = annotated(FIX / "pages")
    by_id = {i.id: (i, m) for i, m in out}
    page, _ = by_id["idlib_shelling.html"]
    assert isinstance(page, SourceReport)
    assert page.title == "مقتل مدنيين بقصف على ريف إدلب"
    assert not page.text.startswith(page.title) and page.text.startswith("قتل ثلاثة مدنيين")
    assert page.url == "https://news.example.org/2024/02/10/idlib-shelling"
    assert page.date == "2024-02-10"
    assert page.source == "شبكة الأخبار التجريبية"
    assert "الرئيسية" not in page.text and "جميع الحقوق" not in page.text
    bad, _ = by_id["menu_only.html"]
    assert isinstance(bad, SourceProblem) and "menu_only.html" in bad.reason
    copy, meta = by_id["republished.html"]
    assert isinstance(copy, SourceReport) and copy.url == "https://mirror.example.net/articles/5521"
    assert meta["duplicate_of"] == "idlib_shelling.html"
    assert counts.seen == 3 and counts.reports == 2 and counts.problems == 1


def test_single_html_file_detected_by_content(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura", reason="needs the html extra: pip install 'kashf[html]'")
    f = tmp_path / "saved_page"  # no extension: the content decides
    shutil.copy(FIX / "pages" / "idlib_shelling.html", f)
    assert resolve_format(f) == "html"
    [item] = items_of(f)
    assert isinstance(item, SourceReport) and item.id == "saved_page"


def test_txt_folder_ids_are_relative_paths() -> None:
    items = items_of(FIX / "texts")
    assert [(type(i).__name__, i.id) for i in items] == [
        ("SourceSkip", "blank.txt"),
        ("SourceReport", "daraa.txt"),
        ("SourceProblem", "latin1.txt"),
        ("SourceReport", "sub/aleppo.txt"),
    ]
    assert "latin1.txt" in items[2].reason and "UTF-8" in items[2].reason
    assert items[1].text == (FIX / "texts" / "daraa.txt").read_text(encoding="utf-8")


def test_detection(tmp_path: Path) -> None:
    assert resolve_format(EXPORT) == "telegram"
    assert resolve_format(FIX / "pages") == "html"
    assert resolve_format(FIX / "texts") == "txt-dir"
    rows = tmp_path / "rows.json"  # JSONL under a .json name stays JSONL
    rows.write_text('{"id": 1, "text": "x", "messages": []}\n{"id": 2, "text": "y"}\n')
    assert resolve_format(rows) is None
    assert resolve_format(EXPORT, "jsonl") is None
    assert resolve_format(FIX / "texts", "txt-dir") == "txt-dir"
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "a.txt").write_text("نص", encoding="utf-8")
    (mixed / "b.html").write_text("<html></html>", encoding="utf-8")
    with pytest.raises(SourceError, match=r"both \.html and \.txt"):
        resolve_format(mixed)
    with pytest.raises(SourceError, match="unknown input format"):
        resolve_format(EXPORT, "xml")


# --- the command line ----------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or ()), list(reader)


def test_batch_telegram_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "events.csv"
    code, _, err = run(
        capsys,
        "batch",
        str(EXPORT),
        "-o",
        str(out),
        "--workers",
        "1",
        "--channel-username",
        "north_obs_test",
    )
    assert code == 0, err
    columns, recs = read_csv(out)
    assert tuple(columns) == RECORD_COLUMNS
    ids = [r["id"] for r in recs]
    assert ids == sorted(set(ids), key=ids.index)  # report order kept
    assert set(ids) <= {f"1987654321/{n}" for n in (2, 3, 5, 6, 7)}
    assert "1987654321/2" in ids and "1987654321/6" in ids
    for r in recs:
        assert r["source"] == CHANNEL
        assert r["url"] == f"https://t.me/north_obs_test/{r['id'].split('/')[1]}"
    dup = [r for r in recs if r["id"] == "1987654321/5"]
    assert dup and all(r["duplicate_of"] == "1987654321/2" for r in dup)
    assert all(r["forwarded_from"] == "شبكة أخبار الجنوب" for r in dup)
    obf = next(r for r in recs if r["id"] == "1987654321/6")
    assert obf["actor1"] == "Military Forces of Syria" and "قـ.ـوات" in obf["evidence_text"]
    errors_file = tmp_path / "events.csv.errors.jsonl"
    errors = [json.loads(x) for x in errors_file.read_text(encoding="utf-8").splitlines()]
    assert [e["id"] for e in errors] == ["1987654321/8"]
    assert "message 8" in errors[0]["reason"]
    assert "9  = 5 reports + 3 skipped + 1 unreadable" in err
    assert not (tmp_path / "events.csv.kashf-batch").exists()


def test_batch_evidence_offsets_point_into_the_flattened_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.jsonl"
    code, _, err = run(capsys, "batch", str(EXPORT), "-o", str(out), "--workers", "1", "-q")
    assert code == 0, err
    texts = {i.id: i.text for i in items_of(EXPORT) if isinstance(i, SourceReport)}
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert any(r["id"] == "1987654321/3" for r in recs)
    for r in recs:
        ev = r["evidence"]
        assert texts[r["id"]][ev["start"] : ev["end"]] == ev["text"]
        assert r["url"] == f"https://t.me/c/1987654321/{r['id'].split('/')[1]}"


def test_batch_resume_after_a_failed_finish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kashf.io.batch as batch_mod
    import kashf.io.processors as processors

    clean = tmp_path / "clean.jsonl"
    assert run(capsys, "batch", str(EXPORT), "-o", str(clean), "--workers", "1", "-q")[0] == 0
    out = tmp_path / "events.jsonl"
    real = batch_mod.open_writer
    calls: list[int] = []

    def failing(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch_mod, "open_writer", failing)
    code, _, err = run(capsys, "batch", str(EXPORT), "-o", str(out), "--workers", "1", "-q")
    assert code == 1 and "No space left" in err and not out.exists()
    assert (tmp_path / "events.jsonl.kashf-batch" / "checkpoint.json").is_file()
    code, _, err = run(capsys, "batch", str(EXPORT), "-o", str(out), "--workers", "1", "-q")
    assert code == 1 and "--resume" in err
    monkeypatch.setattr(batch_mod, "open_writer", real)

    def no_rerun(*args: Any, **kw: Any) -> Any:
        raise AssertionError("the processed reports must not run again")

    monkeypatch.setattr(processors, "extract_records", no_rerun)
    code, _, err = run(capsys, "batch", str(EXPORT), "-o", str(out), "--workers", "1", "--resume")
    assert code == 0, err
    assert "9  = 5 reports + 3 skipped + 1 unreadable" in err  # counted again while skipping
    assert out.read_text(encoding="utf-8") == clean.read_text(encoding="utf-8")
    assert (tmp_path / "events.jsonl.errors.jsonl").read_text() == (
        tmp_path / "clean.jsonl.errors.jsonl"
    ).read_text()
    assert calls == [1]


def test_batch_resume_mid_source_keeps_the_repost_marks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the first chunk: the resumed run dedupes the done part again, so the
    repost marks of later reports still point at the earlier ones."""
    import kashf.io.batch as batch_mod

    clean = tmp_path / "clean.jsonl"
    args = ("--workers", "1", "--chunk-rows", "2", "-q")
    assert run(capsys, "batch", str(EXPORT), "-o", str(clean), *args)[0] == 0
    out = tmp_path / "events.jsonl"
    real = batch_mod.atomic_write
    writes: list[Path] = []

    def die_after_first_chunk(path: Path, data: str) -> None:
        writes.append(path)
        if len(writes) > 3:  # records, errors, checkpoint of chunk 0; then the disk fills
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(batch_mod, "atomic_write", die_after_first_chunk)
    assert run(capsys, "batch", str(EXPORT), "-o", str(out), *args)[0] == 1
    monkeypatch.setattr(batch_mod, "atomic_write", real)
    code, _, err = run(capsys, "batch", str(EXPORT), "-o", str(out), *args, "--resume")
    assert code == 0, err
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert any(r["duplicate_of"] == "1987654321/2" for r in recs)
    assert out.read_text(encoding="utf-8") == clean.read_text(encoding="utf-8")


def test_batch_txt_folder_and_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t.jsonl"
    code, _, err = run(capsys, "batch", str(FIX / "texts"), "-o", str(out), "--workers", "1")
    assert code == 0, err
    ids = {json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()}
    assert ids <= {"daraa.txt", "sub/aleppo.txt"} and "daraa.txt" in ids
    errors = (tmp_path / "t.jsonl.errors.jsonl").read_text(encoding="utf-8")
    assert "latin1.txt" in errors
    code, _, err = run(
        capsys,
        "batch",
        str(FIX / "texts"),
        "-o",
        str(tmp_path / "u.jsonl"),
        "--channel-username",
        "north_obs",
    )
    assert code == 2 and "Telegram exports only" in err
    code, _, err = run(
        capsys,
        "batch",
        str(EXPORT),
        "-o",
        str(tmp_path / "v.jsonl"),
        "--channel-username",
        "x y",
    )
    assert code == 2 and "not a Telegram username" in err


def test_extract_telegram_and_txt_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", str(EXPORT), "--format", "jsonl")
    assert code == 1  # message 8 has no text: reported, the rest processed
    assert "message 8" in err and "9 posts, 5 reports" in err
    recs = [json.loads(x) for x in out.splitlines()]
    assert {r["id"] for r in recs} >= {"1987654321/2", "1987654321/6"}
    assert all(r["source"] == CHANNEL for r in recs)
    code, out, err = run(capsys, "extract", str(FIX / "texts"), "--input-format", "txt-dir")
    assert code == 1 and "latin1.txt" in err
    assert {json.loads(x)["id"] for x in out.splitlines()} <= {"daraa.txt", "sub/aleppo.txt"}


def test_extract_jsonl_rows_carry_their_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "in.jsonl"
    text = "اعتقلت قوات النظام خمسة شبان في مدينة درعا."
    rows = [
        {
            "id": "a",
            "text": text,
            "date": "2024-02-10",
            "url": "https://example.org/a",
            "source": "موقع",
        },
        {"id": "b", "text": text, "date": "2024-02-10", "url": "javascript:alert(1)"},
    ]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    code, out, _ = run(capsys, "extract", str(f))
    assert code == 0
    recs = {json.loads(x)["id"]: json.loads(x) for x in out.splitlines()}
    assert recs["a"]["url"] == "https://example.org/a" and recs["a"]["source"] == "موقع"
    assert recs["b"]["url"] is None


def test_extract_csv_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "in.csv"
    f.write_text(
        "id,text,date\nr1,اعتقلت قوات النظام خمسة شبان في مدينة درعا.,2024-02-10\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "extract", str(f), "--input-format", "csv")
    assert code == 0, err
    recs = [json.loads(x) for x in out.splitlines()]
    assert recs and all(r["id"] == "r1" for r in recs)


def test_batch_source_ignores_row_column_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--text-col and friends name the columns of a row file; a post's fields are fixed."""
    out = tmp_path / "t.jsonl"
    args = ("batch", str(FIX / "texts"), "-o", str(out), "--workers", "1", "-q")
    code, _, err = run(capsys, *args, "--text-col", "body", "--date-col", "day")
    assert code == 0, err
    ids = {json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()}
    assert "daraa.txt" in ids
