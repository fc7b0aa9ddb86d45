"""The HTTP service, in-process (the real app through Starlette's TestClient)."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip(
    "fastapi", reason="the service needs the serve extra: pip install 'kashf[serve]'"
)
pytest.importorskip("httpx", reason="TestClient needs httpx")

from fastapi.testclient import TestClient

import kashf
from kashf.service import ServiceSettings, create_app

OBFUSCATED = "قـ.وات النظام قصفت بلدة كفرنبل في ريف إدلب"
EVENT_TEXT = "قتل ثلاثة مدنيين بقصف لقوات النظام على بلدة كفرنبل في ريف إدلب."


def extract_report(text: str, **kw: Any) -> Any:
    from kashf.extract import extract

    return extract(text, **kw)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(ServiceSettings(max_body_bytes=64_000, max_text_chars=2_000))) as c:
        yield c


def error_of(resp: Any) -> dict[str, Any]:
    body = resp.json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == resp.status_code
    return dict(body["error"])


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert (
        r.status_code == 200
        and r.json()["status"] == "ok"
        and r.json()["version"] == kashf.__version__
    )


def test_restore_matches_the_library(client: TestClient) -> None:
    r = client.post("/v1/restore", json={"text": OBFUSCATED})
    assert r.status_code == 200
    assert r.json() == kashf.restore(OBFUSCATED).to_dict()


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"text": "abc"', "application/json", 400, "malformed_json"),
        (b"text=abc", "application/json", 400, "malformed_json"),
        (b'{"text": "\xff\xfe"}', "application/json", 400, "invalid_utf8"),
        (b'{"text": "abc"}', "text/plain", 415, "unsupported_media_type"),
        (b'{"text": "abc"}', "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b'{"text": "abc"}', "", 415, "unsupported_media_type"),
        (b'["abc"]', "application/json", 422, "invalid_request"),
        (b"{}", "application/json", 422, "invalid_request"),
        (b'{"text": 5}', "application/json", 422, "invalid_request"),
        (b'{"text": null}', "application/json", 422, "invalid_request"),
        (b'{"text": "abc", "txt": "typo"}', "application/json", 422, "invalid_request"),
        (b'{"text": "a\\u0000b"}', "application/json", 422, "invalid_text"),
    ],
)
def test_restore_bad_requests(
    client: TestClient, body: bytes, content_type: str, status: int, code: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    r = client.post("/v1/restore", content=body, headers=headers)
    assert r.status_code == status, r.text
    assert error_of(r)["code"] == code


def test_schema_error_names_the_field(client: TestClient) -> None:
    err = error_of(client.post("/v1/restore", json={"text": 5}))
    assert err["message"].startswith("text:") and err["details"][0]["field"] == "text"


def test_text_over_the_limit_is_422(client: TestClient) -> None:
    err = error_of(client.post("/v1/restore", json={"text": "ب" * 2_001}))
    assert err["code"] == "text_too_long" and "2,001" in err["message"]
    assert client.post("/v1/restore", json={"text": "ب" * 2_000}).status_code == 200


def test_body_over_the_limit_by_content_length_is_413(client: TestClient) -> None:
    r = client.post(
        "/v1/restore",
        content=b'{"text": "' + b"a" * 70_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413 and error_of(r)["code"] == "body_too_large"


def test_body_over_the_limit_is_stopped_while_reading() -> None:
    # Driven at the ASGI level (TestClient reads the whole body before the app sees it): a
    # client offering an endless chunked body must get 413 after about the limit, not hang.
    app = create_app(ServiceSettings(max_body_bytes=64_000))
    received = 0
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal received
        received += 1
        if received > 100_000:  # the "endless" body does end, so a broken limit fails, not hangs
            return {"type": "http.request", "body": b'"}', "more_body": False}
        return {"type": "http.request", "body": b"a" * 16_384, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/restore",
        "raw_path": b"/v1/restore",
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "http_version": "1.1",
        "headers": [(b"content-type", b"application/json")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    assert start["status"] == 413
    assert received <= 64_000 // 16_384 + 2, f"read {received} chunks before refusing"
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    assert json.loads(body)["error"]["code"] == "body_too_large"


def test_extract_bad_date_and_id(client: TestClient) -> None:
    r = client.post("/v1/extract", json={"text": EVENT_TEXT, "date": "31/02/2024"})
    assert r.status_code == 422 and error_of(r)["code"] == "invalid_date"
    r = client.post("/v1/extract", json={"text": EVENT_TEXT, "id": {"x": 1}})
    assert r.status_code == 422


def test_extract_matches_the_library(client: TestClient) -> None:
    r = client.post("/v1/extract", json={"text": EVENT_TEXT, "date": "2024-02-10", "id": "x1"})
    assert r.status_code == 200, r.text
    body = r.json()
    report = extract_report(EVENT_TEXT, date="2024-02-10", id="x1")
    assert body["restoration"] == report.restoration.to_dict()
    assert len(body["records"]) == len(report.events)
    for rec, direct in zip(body["records"], report.to_records(), strict=True):
        assert rec["id"] == "x1" and rec["event_type"] == direct["event_type"]
        ev = rec["evidence"]
        assert EVENT_TEXT[ev["start"] : ev["end"]] == ev["text"]


def test_extract_batch_one_line_per_input_line(client: TestClient) -> None:
    lines = [
        json.dumps({"id": "a", "text": EVENT_TEXT, "date": "2024-02-10"}, ensure_ascii=False),
        '{"id": "b", "text": ',
        "[1, 2]",
        "",
        json.dumps({"id": "c", "body": "x"}),
        json.dumps({"id": "d", "text": OBFUSCATED}, ensure_ascii=False),
        json.dumps({"id": "e", "text": "x", "date": "soon"}),
    ]
    body = ("\r\n".join(lines) + "\n").encode()
    r = client.post(
        "/v1/extract/batch", content=body, headers={"content-type": "application/x-ndjson"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    out = [json.loads(x) for x in r.text.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6, 7]
    assert [("error" in o) for o in out] == [False, True, True, True, True, False, True]
    assert out[0]["id"] == "a" and out[5]["id"] == "d"
    assert (
        "invalid JSON" in out[1]["error"]["message"] and "empty line" in out[3]["error"]["message"]
    )
    assert "missing text field" in out[4]["error"]["message"]
    assert "does not parse" in out[6]["error"]["message"]
    expected = extract_report(EVENT_TEXT, date="2024-02-10", id="a").to_records()
    assert len(out[0]["records"]) == len(expected)


def test_extract_batch_content_type_and_size(client: TestClient) -> None:
    r = client.post(
        "/v1/extract/batch", content=b'{"text":"x"}\n', headers={"content-type": "application/json"}
    )
    assert r.status_code == 415
    r = client.post(
        "/v1/extract/batch", content=b"x" * 70_000, headers={"content-type": "application/x-ndjson"}
    )
    assert r.status_code == 413


def test_export_csv_and_geojson(client: TestClient) -> None:
    from kashf.io.processors import record_columns

    rec = {c: None for c in record_columns()}
    rec.update(
        {
            "id": "r1",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "location": "Kafr Nabl",
            "latitude": 35.61,
            "longitude": 36.56,
            "fatalities": 4,
            "notes": "<script>x</script> &amp;",
        }
    )
    rec.pop("evidence_start"), rec.pop("evidence_end"), rec.pop("evidence_text")
    rec["evidence"] = {"start": 0, "end": 4, "text": "قتل"}
    r = client.post("/v1/export?format=csv", json={"records": [rec]})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == record_columns()
    assert rows[0]["evidence_text"] == "قتل" and rows[0]["notes"] == "<script>x</script> &amp;"
    r = client.post("/v1/export?format=geojson", json={"records": [rec]})
    feat = r.json()["features"][0]
    assert feat["geometry"] == {"type": "Point", "coordinates": [36.56, 35.61]}
    assert feat["properties"]["evidence"]["text"] == "قتل"
    assert client.post("/v1/export?format=xml", json={"records": []}).status_code == 422
    assert client.post("/v1/export?format=csv", json={"records": "no"}).status_code == 422


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    html = r.text
    assert "cdn" not in html.lower() and "https://" not in html
    if "/docs-assets/swagger-ui-bundle.js" in html:
        js = client.get("/docs-assets/swagger-ui-bundle.js")
        assert js.status_code == 200 and len(js.content) > 100_000
        assert client.get("/docs-assets/swagger-ui.css").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/v1/restore", "/v1/extract", "/v1/extract/batch", "/healthz"} <= set(schema["paths"])
    body = schema["paths"]["/v1/extract"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert "text" in body["properties"]


def test_review_page_and_its_files(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert 'dir="rtl"' in r.text and "<script>" not in r.text  # no inline script
    assert (
        "http://" not in r.text.replace("http://www.w3.org/2000/svg", "")
        and "https://" not in r.text
    )
    for f in ("review.js", "review.css", "syria_admin1.geojson", "syria_admin2.geojson", "NOTICE"):
        assert client.get(f"/static/{f}").status_code == 200, f
    js = client.get("/static/review.js").text
    assert "innerHTML" not in js.replace("never innerHTML", "")
    assert len(client.get("/static/syria_admin1.geojson").json()["features"]) == 14


def test_not_found_is_json(client: TestClient) -> None:
    r = client.get("/v1/nothing")
    assert r.status_code == 404 and error_of(r)["code"] == "http_error"
    assert client.get("/static/../app.py").status_code == 404


def test_serve_binds_loopback_by_default() -> None:
    from kashf.cli import serve

    p = argparse.ArgumentParser()
    serve.register(p.add_subparsers())
    args = p.parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000


def test_extract_copies_source_and_url_into_records(client: TestClient) -> None:
    text = "قتل ثلاثة عناصر من قوات النظام بهجوم لتنظيم داعش قرب الميادين أمس."
    res = client.post(
        "/v1/extract",
        json={
            "text": text,
            "date": "2023-09-02",
            "source": "قناة تجريبية",
            "url": "https://t.me/x/5",
        },
    )
    assert res.status_code == 200
    records = res.json()["records"]
    assert records and all(r["source"] == "قناة تجريبية" for r in records)
    assert all(r["url"] == "https://t.me/x/5" for r in records)
    bad = client.post("/v1/extract", json={"text": text, "url": "javascript:alert(1)"})
    assert bad.status_code == 422


def test_merge_joins_two_reports_of_one_event_and_names_bad_records(client: TestClient) -> None:
    texts = [
        "قصفت قوات النظام بلدة كفرنبل بالمدفعية ما أدى لمقتل مدنيين اثنين",
        "مقتل مدنيين اثنين بقصف مدفعي لقوات النظام على بلدة كفرنبل",
    ]
    records = []
    for i, text in enumerate(texts):
        r = client.post("/v1/extract", json={"text": text, "date": "2024-06-02", "id": f"r{i}"})
        records += r.json()["records"]
    r = client.post("/v1/merge", json={"records": [*records, {"id": "x"}]})
    assert r.status_code == 200
    body = r.json()
    assert len(body["events"]) == 1 and body["events"][0]["n_reports"] == 2
    assert body["events"][0]["report_ids"] == ["r0", "r1"]
    assert [e["index"] for e in body["errors"]] == [len(records)]
    assert client.post("/v1/merge", json={"records": "no"}).status_code == 422


def test_merge_answers_which_accounts_each_event_joined(client: TestClient) -> None:
    records = []
    for i, text in enumerate(
        [
            "قصفت قوات النظام بلدة كفرنبل بالمدفعية ما أدى لمقتل مدنيين اثنين",
            "مقتل مدنيين اثنين بقصف مدفعي لقوات النظام على بلدة كفرنبل",
        ]
    ):
        r = client.post("/v1/extract", json={"text": text, "date": "2024-06-02", "id": f"r{i}"})
        records += r.json()["records"]
    body = client.post("/v1/merge", json={"records": records}).json()
    (event,) = body["events"]
    assert [a["id"] for a in body["links"][event["event_id"]]] == ["r0", "r1"]
