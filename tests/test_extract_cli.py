"""``kashf extract`` and ``kashf evaluate`` on the command line, and the scorer itself."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kashf.cli import main
from kashf.extract import RECORD_COLUMNS
from kashf.extract.score import score

REPORT = "قصفت قوات النظام مدينة إدلب أمس، ما أدى لمقتل مدنيين اثنين."


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_plain_text_file_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "r.txt"
    f.write_text(REPORT, encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(f), "--date", "2021-05-04")
    assert code == 0
    recs = [json.loads(line) for line in out.splitlines()]
    assert len(recs) == 1
    assert recs[0]["event_date"] == "2021-05-03"
    assert recs[0]["fatalities"] == 2
    assert (
        recs[0]["evidence"]["text"]
        == REPORT[recs[0]["evidence"]["start"] : recs[0]["evidence"]["end"]]
    )


def test_jsonl_with_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "in.jsonl"
    rows = [
        json.dumps({"id": "a", "text": REPORT, "date": "2021-05-04"}, ensure_ascii=False),
        "{not json",
        json.dumps(
            {"id": "b", "text": "اعتقلت قسد شابين في مدينة الرقة.", "date": "2021-05-04"},
            ensure_ascii=False,
        ),
    ]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "extract", str(f))
    assert code == 1
    assert "line 2" in err
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids == ["a", "b"]


def test_csv_has_acled_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "r.txt"
    f.write_text(REPORT, encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(f), "--format", "csv", "--date", "2021-05-04")
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    assert tuple(table[0]) == RECORD_COLUMNS
    row = dict(zip(table[0], table[1]))
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["admin1"] == "Idleb"


def test_geojson_is_a_feature_collection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "r.txt"
    f.write_text(REPORT, encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(f), "--format", "geojson")
    assert code == 0
    doc = json.loads(out)
    assert doc["type"] == "FeatureCollection"
    feat = doc["features"][0]
    assert feat["geometry"]["type"] == "Point"
    lon, lat = feat["geometry"]["coordinates"]
    assert 35 < lon < 43 and 32 < lat < 38  # [lon, lat] order, inside Syria


def test_bad_date_and_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "extract", "/nonexistent/file.txt")
    assert code == 2 and "cannot read" in err
    code, _, err = run(capsys, "extract", "--date", "yesterday", "/nonexistent/file.txt")
    assert code == 2 and "--date" in err


def test_scorer_matches_by_type_and_place() -> None:
    gold = [
        {
            "passage_id": "p",
            "event_type": "Battles",
            "admin1": "Idleb",
            "location_text": "X",
            "actor1": "A",
            "actor2": None,
            "sub_event_type": "Armed clash",
            "fatalities": 2,
        },
        {
            "passage_id": "p",
            "event_type": "Protests",
            "admin1": "Dar'a",
            "location_text": "Y",
            "actor1": "Protesters (Syria)",
            "actor2": None,
            "sub_event_type": "Peaceful protest",
            "fatalities": 0,
        },
    ]
    pred = {
        "p": [
            {
                "event_type": "Battles",
                "admin1": "Idleb",
                "location": "X",
                "actor1": "A",
                "actor2": None,
                "sub_event_type": "Armed clash",
                "fatalities": 2,
            },
            {
                "event_type": "Riots",
                "admin1": "Homs",
                "location": "Z",
                "actor1": "B",
                "actor2": None,
                "sub_event_type": "Mob violence",
                "fatalities": 0,
            },
        ]
    }
    s = score(gold, pred).summary()
    assert s["matched"] == 1
    assert s["detection"]["precision"] == 0.5 and s["detection"]["recall"] == 0.5
    assert s["accuracy_on_matched"]["fatalities"] == 1.0


def test_evaluate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    passages = tmp_path / "p.jsonl"
    gold.write_text(
        json.dumps(
            {
                "passage_id": "c1",
                "event_no": 1,
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Shelling/artillery/missile attack",
                "actor1": "Military Forces of Syria",
                "actor2": "Civilians (Syria)",
                "location_text": "إدلب",
                "admin1": "Idleb",
                "fatalities": 2,
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    passages.write_text(
        json.dumps({"id": "c1", "text": REPORT, "date": "2021-05-04"}, ensure_ascii=False)
        + "\n"
        + json.dumps(
            {"id": "g1", "text": "فاز المنتخب السوري في المباراة.", "date": None},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "evaluate", str(gold), str(passages), "--news", "--json")
    assert code == 0
    s = json.loads(out)
    assert s["detection"]["f1"] == 1.0
    assert s["non_conflict"] == {"passages": 1, "false_events": 0, "per_passage": 0.0}


def test_gold_scores_on_shared_set(shared_dir: Path) -> None:
    """The development gold: a floor well under the measured numbers, to catch regressions."""
    from kashf.cli.evaluate import _read_jsonl, evaluate

    gold = _read_jsonl(str(shared_dir / "gold/events.jsonl"))
    passages = _read_jsonl(str(shared_dir / "corpus/news.jsonl"))
    sc, _ = evaluate(gold, passages, news=True)
    s = sc.summary()
    assert s["detection"]["f1"] >= 0.7
    assert s["non_conflict"]["per_passage"] <= 0.1


def test_scorer_pairs_only_at_the_evidence_or_the_same_type_and_place() -> None:
    gold = [
        {
            "passage_id": "p",
            "event_type": "Battles",
            "admin1": "Idleb",
            "location_text": "X",
            "evidence_start": 0,
            "evidence_end": 40,
        },
        {"passage_id": "p", "event_type": "Protests", "admin1": "Idleb", "location_text": "Y"},
    ]
    # same governorate, other type, other place, elsewhere in the text: no pair (the old rule
    # paired events sharing only the governorate)
    far = {"event_type": "Riots", "admin1": "Idleb", "location": "Z", "evidence_start": 90}
    far["evidence_end"] = 120
    assert score(gold, {"p": [far]}).summary()["matched"] == 0
    # pointing at the gold's evidence pairs whatever the type (then counted as a type error)
    near = dict(far, evidence_start=10, evidence_end=30)
    s = score(gold, {"p": [near]}).summary()
    assert s["matched"] == 1 and s["accuracy_on_matched"]["event_type"] == 0.0
    # the same type at the same place pairs anywhere; one to one
    same = {"event_type": "Protests", "admin1": "Idleb", "location": "Y"}
    assert score(gold, {"p": [same, dict(same)]}).summary()["matched"] == 1
    # a passage coded with no event: what is predicted there is a false event
    s = score(gold, {"p": [same], "q": [same]}, coded_empty=["q"]).summary()
    assert s["non_conflict"] == {"passages": 1, "false_events": 1, "per_passage": 1.0}


def test_explain_reads_stdin_and_names_each_fields_rule(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kashf.rules import RULES

    text = "قتل مدنيان بقصف مدفعي لقوات النظام على بلدة كفرنبل أمس"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, _ = run(capsys, "extract", "-", "--date", "2021-05-04", "--explain")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("stdin, event 1: Explosions/Remote violence")
    named = {ln.split()[0]: ln.split()[-1] for ln in lines[2:] if ln.strip()}
    assert named["fatalities"] == "counts.sentence_toll" and "2" in out
    assert all(rule in RULES for field, rule in named.items() if field != "fatalities")


def test_a_coders_bare_place_name_resolves_like_the_same_name_in_a_report() -> None:
    from kashf.cli.evaluate import gold_location

    # a short name the spotter takes only after a cue, as a coder writes it, alone
    assert gold_location({"location_text": "سان", "admin1": "Idleb"}) == "San"
    assert gold_location({"location_text": "سراقب", "admin1": "Idleb"}) == "Saraqab"
    assert gold_location({"location_text": "بصر الحرير", "admin1": "Dar'a"}) == "Bisr Elharir"
    # a name the gazetteer does not know stays as written
    assert gold_location({"location_text": "تل الزيتون الكبير", "admin1": "Idleb"}) == (
        "تل الزيتون الكبير"
    )
