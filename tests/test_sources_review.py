"""The review page links a report's original post (real headless Chromium, real service).

Same set-up as tests/test_review_page.py (Debian's chromium driven by Playwright; skips with
the reason when either is missing). A JSONL file with two reports is loaded: one with an
``https`` url (linked, new tab, ``rel="noopener noreferrer"``), one with a ``javascript:`` url
(never linked).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import live_server

pytest.importorskip(
    "fastapi", reason="the service needs the serve extra: pip install 'kashf[serve]'"
)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs Playwright: pip install playwright"
)

CHROMIUM = os.environ.get("KASHF_CHROMIUM", "/usr/bin/chromium")
TEXT = "اعتقلت قوات النظام خمسة شبان في مدينة درعا فجر اليوم."
POST = "https://t.me/north_obs_test/41"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() or shutil.which("chromium")),
    reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)",
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as (base, _port, _proc):
        yield base


def test_review_page_links_the_original_post(server: str, tmp_path: Path) -> None:
    reports = tmp_path / "posts.jsonl"
    rows = [
        {
            "id": "1987654321/41",
            "text": TEXT,
            "date": "2024-02-10",
            "url": POST,
            "source": "مرصد الشمال التجريبي",
        },
        {"id": "1987654321/42", "text": TEXT + " ", "url": "javascript:alert(1)"},
    ]
    reports.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--headless", "--no-sandbox"]
        )
        try:
            page = browser.new_page()
            page.goto(server + "/")
            page.set_input_files("#file-input", str(reports))
            page.wait_for_selector("#report-select option[value='1']", state="attached")
            page.click("#analyze")
            page.wait_for_selector("body[data-analyzed]")
            link = page.locator("#source-link a")
            assert link.get_attribute("href") == POST
            assert link.get_attribute("target") == "_blank"
            assert link.get_attribute("rel") == "noopener noreferrer"
            assert "مرصد الشمال التجريبي" in (link.text_content() or "")
            # The second report's javascript: url is never turned into a link.
            first = page.locator("body").get_attribute("data-analyzed")
            page.select_option("#report-select", "1")
            page.click("#analyze")
            page.wait_for_selector(f"body:not([data-analyzed='{first}'])")
            assert page.locator("#source-link a").count() == 0
            assert page.locator("#source-link").is_hidden()
        finally:
            browser.close()
