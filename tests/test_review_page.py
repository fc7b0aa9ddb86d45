"""The review page in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Needs: ``apt-get install -y chromium`` and ``pip install playwright`` (the library only; never
``playwright install``: its browser download is not used). Skips with the reason otherwise.
The service runs for real (``kashf serve`` on a free loopback port). A screenshot is saved to
``test-artifacts/review_page.png``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from live_server import live_server

pytest.importorskip(
    "fastapi", reason="the service needs the serve extra: pip install 'kashf[serve]'"
)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs Playwright: pip install playwright"
)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KASHF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Written for this test: an obfuscated word (لقـ.ـوات), two events, and hostile markup.
REPORT = (
    "قتل ثلاثة مدنيين بقصف لقـ.ـوات النظام على بلدة كفرنبل في ريف إدلب، "
    "واعتقلت دورية خمسة شبان في مدينة درعا. <script>alert(1)</script> &amp; <b>x</b>"
)

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() or shutil.which("chromium")),
    reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)",
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as (base, _port, _proc):
        yield base


def expected_records() -> list[dict[str, Any]]:
    from kashf.extract import extract

    return list(extract(REPORT, date="2024-02-10").to_records())


def test_review_page_in_chromium(server: str, tmp_path: Path) -> None:
    records = expected_records()
    if len(records) < 2:
        pytest.skip(
            f"the extractor finds {len(records)} event(s) in the test report; this test needs 2"
        )
    placed = [r for r in records if isinstance(r.get("latitude"), float | int)]
    dialogs: list[str] = []
    console_errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1100}, accept_downloads=True)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on(
                "console", lambda m: console_errors.append(m.text) if m.type == "error" else None
            )
            external: list[str] = []
            page.on(
                "request",
                lambda r: external.append(r.url) if not r.url.startswith(server) else None,
            )
            page.goto(server + "/")
            page.wait_for_selector("#map[data-ready='1']")
            assert page.locator("html").get_attribute("dir") == "rtl"
            assert page.locator("#map path.admin1").count() == 14
            assert page.locator("#map path.admin2").count() == 61

            page.fill("#text-input", REPORT)
            page.fill("#date-input", "2024-02-10")
            page.click("#analyze")
            page.wait_for_selector("body[data-analyzed]")

            # restored text: the edit is highlighted, hover shows raw characters and technique
            marks = page.locator("#restored mark.edit")
            assert marks.count() >= 1
            first = marks.first
            technique = first.get_attribute("data-technique")
            assert technique and technique in (first.get_attribute("title") or "")
            first.hover()
            info = page.locator("#edit-info")
            assert info.is_visible() and technique in info.inner_text()
            restored = page.locator("#restored").inner_text()
            assert "لقوات" in restored and "لقـ.ـوات" not in restored

            # hostile markup is shown as text, never run or parsed
            assert (
                "<script>alert(1)</script>" in restored
                and "&amp;" in restored
                and "<b>x</b>" in restored
            )
            assert page.locator("#restored script, #restored b").count() == 0
            assert dialogs == []

            # events table and map points
            rows = page.locator("#events tbody tr")
            assert rows.count() == len(records)
            types = [
                rows.nth(i).locator("select[data-field=event_type]").input_value()
                for i in range(len(records))
            ]
            assert types == [r["event_type"] for r in records]
            circles = page.locator("#map circle.event")
            assert circles.count() == len(placed) >= 1

            # clicking a row selects its point and highlights its evidence in the text
            rows.nth(1).click()
            assert "selected" in (rows.nth(1).get_attribute("class") or "")
            ev_text = page.locator("#restored .evidence").all_inner_texts()
            assert ev_text and "".join(ev_text).strip()
            if isinstance(records[1].get("latitude"), float | int):
                sel = page.locator("#map circle.event.selected")
                assert sel.count() == 1 and sel.get_attribute("data-index") == "1"
            # ... and shows the rule behind each of its fields
            assert page.locator("#why").is_visible()
            why_rows = page.locator("#why-table tr").all_inner_texts()
            assert any("event_type" in r and records[1]["why"]["event_type"] in r for r in why_rows)

            # a reviewer corrects the fatalities of the first event: the point grows, and the
            # corrected value is in the downloaded CSV
            r_before = float(
                page.locator("#map circle.event[data-index='0']").get_attribute("r") or 0
            )
            fat = rows.nth(0).locator("input[data-field=fatalities]")
            fat.fill("40")
            fat.press("Tab")
            r_after = float(
                page.locator("#map circle.event[data-index='0']").get_attribute("r") or 0
            )
            if isinstance(records[0].get("latitude"), float | int):
                assert r_after > r_before
            actor = rows.nth(0).locator("input[data-field=actor1]")
            actor.fill("Unidentified Armed Group (Syria)")
            actor.press("Tab")
            with page.expect_download() as dl:
                page.click("#download-csv")
            path = tmp_path / "corrected.csv"
            dl.value.save_as(path)
            got = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
            assert len(got) == len(records)
            assert (
                got[0]["fatalities"] == "40"
                and got[0]["actor1"] == "Unidentified Armed Group (Syria)"
            )
            assert got[1]["fatalities"] == str(records[1]["fatalities"])
            with page.expect_download() as dl:
                page.click("#download-geojson")
            assert dl.value.suggested_filename.endswith(".geojson")

            artifacts = ROOT / "test-artifacts"
            artifacts.mkdir(exist_ok=True)
            page.screenshot(path=str(artifacts / "review_page.png"), full_page=True)
            assert external == [], f"the page fetched from elsewhere: {external}"
            assert console_errors == []
        finally:
            browser.close()


# Three posts written for this test: two channels tell one shelling, a third an arrest.
MERGE_REPORTS = [
    {"id": "ch1/7", "date": "2024-06-02", "source": "ch1",
     "text": "قصفت قوات النظام بلدة كفرنبل بالمدفعية صباح اليوم ما أدى لمقتل مدنيين اثنين."},
    {"id": "ch2/3", "date": "2024-06-02", "source": "ch2",
     "text": "مقتل مدنيين اثنين بقصف مدفعي لقوات النظام على بلدة كفرنبل جنوبي إدلب."},
    {"id": "ch3/9", "date": "2024-06-02", "source": "ch3",
     "text": "اعتقلت قوات سوريا الديمقراطية خمسة شبان في مدينة الطبقة."},
]  # fmt: skip


def test_merge_view_joins_splits_and_downloads(server: str, tmp_path: Path) -> None:
    import json

    import kashf
    from kashf.extract import extract

    records = [
        rec
        for r in MERGE_REPORTS
        for rec in extract(r["text"], date=r["date"], id=r["id"]).to_records()
    ]
    expected = list(kashf.merge_events(records))
    joined = [e for e in expected if e["n_reports"] == 2]
    if not joined:
        pytest.skip("the extractor does not tell the two shelling posts as one event")
    src = tmp_path / "channels.jsonl"
    src.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in MERGE_REPORTS), encoding="utf-8"
    )
    console_errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1100}, accept_downloads=True)
            page.on(
                "console", lambda m: console_errors.append(m.text) if m.type == "error" else None
            )
            page.goto(server + "/")
            page.set_input_files("#file-input", str(src))
            page.wait_for_selector("#merge-panel:not([hidden])")
            page.click("#merge-all")
            rows = page.locator("#merged tbody tr")
            page.wait_for_selector(f"#merged tbody tr:nth-child({len(expected)})")
            # (ids differ from the library's here: the posts carry their source, and an id is
            # a digest of every field of its accounts)
            told = [rows.nth(i).locator("td").nth(8).inner_text() for i in range(rows.count())]
            assert sorted(t.split(":")[0] for t in told) == sorted(
                str(e["n_reports"]) for e in expected
            )
            # the event two reports tell: both accounts side by side, each evidence marked
            k = next(i for i, t in enumerate(told) if t.startswith("2:"))
            rows.nth(k).click()
            accounts = page.locator("#merged-detail .account")
            assert accounts.count() == 2
            marks = page.locator("#merged-detail mark.evidence").all_inner_texts()
            assert len(marks) == 2 and all(m.strip() for m in marks)
            # a person splits one account off, then joins it back
            accounts.nth(1).locator("button.split").click()
            assert rows.count() == len(expected) + 1
            rows.nth(k).locator("input.join").check()
            rows.nth(k + 1).locator("input.join").check()
            page.click("#merge-join")
            assert rows.count() == len(expected)
            with page.expect_download() as dl:
                page.click("#merge-download")
            path = tmp_path / "merged.csv"
            dl.value.save_as(path)
            got = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
            assert len(got) == len(expected) and "event_id" in got[0]
            assert any(g["n_reports"] == "2" and g["sources"] == "ch1;ch2" for g in got)
            assert console_errors == []
        finally:
            browser.close()
