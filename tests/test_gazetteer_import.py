"""``kashf gazetteer import`` and the user gazetteer. CSVs are written by the tests; the Syrian
Archive list is read in place through the ``shared_dir`` fixture (never copied)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kashf.cli import main
from kashf.gazetteer import Gazetteer, find_places, user_places_path
from kashf.gazetteer.userdb import detect_columns


@pytest.fixture(autouse=True)
def _user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "kashf-data"
    monkeypatch.setenv("KASHF_DATA_DIR", str(data))
    return data


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_import_small_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_csv(
        tmp_path / "places.csv",
        ["name_ar", "name_en", "lat", "lon", "governorate"],
        [
            ["الكرمشية", "Karmashiyeh", "35.81", "39.52", "Ar-Raqqa"],  # line 2: new
            ["منبج", "Menbij", "36.5274", "37.9549", "Aleppo"],  # line 3: known already
            ["تل الزعفرانة", "Tall Zafrana", "abc", "38.1", "Aleppo"],  # line 4: bad lat
            ["", "No Arabic", "35.1", "38.1", "Homs"],  # line 5: no Arabic name
            ["عمان", "Amman", "31.95", "35.93", "Damascus"],  # line 6: outside Syria
            ["عين الغزلان", "Ain Ghuzlan", "35.2", "38.0", "Narnia"],  # line 7: bad governorate
        ],
    )
    assert Gazetteer.default().lookup("الكرمشية") == []
    status = main(["gazetteer", "import", str(src)])
    out, err = capsys.readouterr()
    assert status == 0
    assert "rows read: 6" in out
    assert "added: 1" in out
    assert "skipped (already in the gazetteer): 1" in out
    assert "skipped (bad rows): 4" in out
    for line in (4, 5, 6, 7):
        assert f"line {line}: skipped" in err
    assert "bad coordinates" in err and "outside Syria" in err and "Narnia" in err
    assert user_places_path().is_file()

    places = Gazetteer.default().lookup("الكرمشية")
    assert len(places) == 1 and places[0].source == "user" and places[0].admin1 == "Ar-Raqqa"
    # admin2/admin3 were not given: inferred from the nearest OCHA communities
    assert places[0].admin2 == "Ar-Raqqa" and places[0].admin3
    m = find_places("قصف على قرية الكرمشية")[0]
    assert m.place == places[0] and m.geo_precision == 1

    # importing again adds nothing: every row is now known or bad
    assert main(["gazetteer", "import", str(src)]) == 0
    out, _ = capsys.readouterr()
    assert "added: 0" in out and "skipped (already in the gazetteer): 2" in out


def test_dry_run_stores_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_csv(
        tmp_path / "p.csv", ["name_ar", "latitude", "longitude"], [["الكرمشية", "35.81", "39.52"]]
    )
    assert main(["gazetteer", "import", "--dry-run", str(src)]) == 0
    assert "dry run" in capsys.readouterr().out
    assert not user_places_path().exists()


def test_import_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gazetteer", "import", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    src = write_csv(tmp_path / "p.csv", ["foo", "bar"], [["1", "2"]])
    assert main(["gazetteer", "import", str(src)]) == 2
    assert "no Arabic name column" in capsys.readouterr().err


def test_lookup_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gazetteer", "lookup", "منبج"]) == 0
    out = capsys.readouterr().out
    assert "Menbij" in out and "Aleppo" in out
    assert main(["gazetteer", "lookup", "لا يوجد"]) == 1


def test_detects_syrian_archive_columns() -> None:
    header = [
        "sa_id",
        "pcode",
        "name_en",
        "name_ar",
        "latitude",
        "longitude",
        "ocha2015_admin1_pcode",
        "ocha2015_admin2_pcode",
        "ocha2015_admin3_pcode",
        "pip_admin2_pcode",
        "pip_admin1_pcode",
    ]
    roles = detect_columns(header)
    assert roles["name_ar"] == ["name_ar"] and roles["latitude"] == ["latitude"]
    assert roles["admin1_pcode"] == ["ocha2015_admin1_pcode", "pip_admin1_pcode"]
    assert roles["admin2_pcode"] == ["ocha2015_admin2_pcode", "pip_admin2_pcode"]


def test_import_syrian_archive_list(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = shared_dir / "data" / "syria_syrianarchive_locations.csv"
    text = "قتل ثلاثة مدنيين في قرية الحمدانية بريف الرقة الشرقي"
    before = find_places(text)[0]
    assert before.place is None and before.admin1 == "Ar-Raqqa"  # not in the 2015 OCHA list

    assert main(["gazetteer", "import", str(src)]) == 0
    out, err = capsys.readouterr()
    counts = dict(
        line.split(": ", 1)
        for line in out.splitlines()
        if line.startswith(("rows", "added", "skipped"))
    )
    read = int(counts["rows read"])
    added = int(counts["added"])
    known = int(counts["skipped (already in the gazetteer)"])
    bad = int(counts["skipped (bad rows)"])
    assert read == added + known + bad  # nothing dropped silently
    assert added > 300 and known > 4000
    assert err.count("skipped:") == bad

    after = find_places(text)[0]
    assert after.place is not None and after.place.source == "user"
    assert after.place.pcode == "C6382"
    assert (after.admin1, after.admin2, after.admin3) == ("Ar-Raqqa", "Ar-Raqqa", "Maadan")
    assert after.geo_precision == 1


def test_find_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "report.txt"
    src.write_text("قصف على بلدة كفرنبل بريف إدلب الجنوبي", encoding="utf-8")
    assert main(["gazetteer", "find", str(src)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and '"admin1": "Idleb"' in out[0]
    assert main(["gazetteer", "find", str(src), "--hint", "Atlantis"]) == 2
    assert "Atlantis" in capsys.readouterr().err
    assert main(["gazetteer"]) == 2


def test_import_reads_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from kashf.cli import main

    monkeypatch.setenv("KASHF_DATA_DIR", str(tmp_path))
    csv_text = (
        "name_ar,name_en,latitude,longitude,admin1\nقرية التجربة,Test Village,35.1,36.1,Idleb\n"
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(csv_text.encode("utf-8"))))
    assert main(["gazetteer", "import", "-", "--dry-run"]) == 0
    assert "added: 1" in capsys.readouterr().out
