"""The HTTP service: JSON API over restore/extract, OpenAPI docs and the review page.

The handlers live on one :data:`router`; :func:`create_app` adds the settings (handlers get them
through the :func:`settings` dependency), the error handlers and the static files.

Bodies are read by hand, not by FastAPI's automatic body parsing, so each failure gets its own
status and a JSON error: 413 while the body is being read (not after), 415 for a wrong content
type, 400 for bytes that are not JSON, 422 for JSON of the wrong shape or a text over the limit.
CPU-bound work runs in the thread pool, never on the event loop, so ``/healthz`` and slow
clients are not stalled by a long text.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import fastapi_offline
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

import kashf
from kashf.io.processors import (
    Done,
    add_meta,
    extract_report,
    get_task,
    process_rows,
    record_columns,
)
from kashf.io.rows import ColumnSpec, InputRow, RawItem, parse_date, parse_item
from kashf.io.writers import OutputFormat, nest_evidence, write_records
from kashf.restore import restore as restore_text
from kashf.service.settings import ServiceSettings

STATIC_DIR = Path(__file__).parent / "static"

_JSON_TYPES = ("application/json",)
_JSONL_TYPES = (
    "application/x-ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/jsonlines",
    "application/json-lines",
    "text/plain",
)
# The review page loads only its own files; nothing inline, nothing from elsewhere.
_PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details

    def body(self) -> dict[str, Any]:
        err: dict[str, Any] = {"status": self.status, "code": self.code, "message": self.message}
        if self.details is not None:
            err["details"] = self.details
        return {"error": err}


# --- request and response models (also the OpenAPI schema) -------------------------------


class RestoreRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: StrictStr = Field(description="raw text, possibly written to evade filters")


class ExtractRequest(RestoreRequest):
    date: StrictStr | None = Field(
        None, description="report date YYYY-MM-DD (anchors relative dates)"
    )
    id: StrictStr | StrictInt | None = Field(
        None, description="report id, copied into every record"
    )
    source: StrictStr | None = Field(
        None, description="where the report was posted (channel, site), copied into every record"
    )
    url: StrictStr | None = Field(
        None, description="link to the original post (http/https), copied into every record"
    )


class EditOut(BaseModel):
    start: int
    end: int
    original: str
    replacement: str
    technique: str


class RestorationOut(BaseModel):
    text: str
    edits: list[EditOut]
    score: float


class ExtractOut(BaseModel):
    id: str | None
    date: str | None
    restoration: RestorationOut
    records: list[dict[str, Any]] = Field(description="event records (ACLED field names)")
    columns: list[str] = Field(description="column order of the CSV export")


class RecordsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    records: list[dict[str, Any]] = Field(
        description="event records of many reports (as /v1/extract or kashf batch write them)"
    )


class MergeOut(BaseModel):
    events: list[dict[str, Any]] = Field(
        description="one row per real-world event (event_id, "
        "report_ids, sources, urls, n_reports, why, ...)"
    )
    errors: list[dict[str, Any]] = Field(
        description="records that could not be merged: "
        "{index, reason}; records read = merged + errors"
    )
    links: dict[str, list[dict[str, Any]]] = Field(
        description="event_id -> the per-report events it joined (id, evidence_start, "
        "evidence_end, event_type, event_date), as kashf merge --links writes them"
    )


class ErrorOut(BaseModel):
    error: dict[str, Any]


_ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorOut} for s in (400, 408, 413, 415, 422)
}


def _body_doc(model: type[BaseModel] | None, media: str = "application/json") -> dict[str, Any]:
    schema = model.model_json_schema() if model else {"type": "string"}
    return {"requestBody": {"required": True, "content": {media: {"schema": schema}}}}


# --- the work itself (pure, run in the thread pool) ----------------------------------------


def _extract(row: InputRow) -> dict[str, Any]:
    report, records = extract_report(row)
    return {
        "id": row.id,
        "date": row.date,
        "restoration": report.restoration.to_dict(),
        "records": [nest_evidence(r) for r in add_meta(records, row.meta)],
        "columns": list(record_columns()),
    }


def _batch_line(item: RawItem, spec: ColumnSpec) -> str:
    """One line of ``/v1/extract/batch``: the row's records, or its error."""
    [result] = process_rows([parse_item(item, spec)], get_task("extract"))
    out: dict[str, Any]
    if isinstance(result, Done):
        records = [nest_evidence(r) for r in result.records]
        out = {"line": item.line, "id": result.row.id, "records": records}
    else:
        err = result.error
        # A crash says only its kind: the message may quote internals a client need not see.
        error = (
            {"status": 500, "message": f"processing failed: {result.crashed}"}
            if result.crashed
            else {"status": 422, "message": err.reason}
        )
        out = {"line": item.line, "id": err.id, "error": error}
    return json.dumps(out, ensure_ascii=False) + "\n"


def _export(fmt: OutputFormat, records: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    write_records(buf, fmt, records, record_columns())
    return buf.getvalue()


def _json(payload: dict[str, Any]) -> Response:
    # Built directly: the response models document the shape, but re-validating every record
    # through them cost more than the extraction itself on short texts.
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(body, media_type="application/json")


# --- reading requests ---------------------------------------------------------------------


def settings(request: Request) -> ServiceSettings:
    """The app's settings (a FastAPI dependency: ``cfg: Settings`` in a handler)."""
    cfg: ServiceSettings = request.app.state.settings
    return cfg


Settings = Annotated[ServiceSettings, Depends(settings)]


async def _read_body(request: Request, cfg: ServiceSettings, accepted: tuple[str, ...]) -> bytes:
    """The request body, checked for type and size while it arrives, within the time limit."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in accepted and not (accepted == _JSON_TYPES and media.endswith("+json")):
        raise ApiError(
            415,
            "unsupported_media_type",
            f"content type {media or '(none)'!r} not accepted; send {accepted[0]}",
        )
    limit = cfg.max_body_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(
            413, "body_too_large", f"body of {int(declared):,} bytes is over the limit of {limit:,}"
        )
    try:
        return await asyncio.wait_for(_read_stream(request, limit), cfg.body_timeout_s)
    except asyncio.TimeoutError as exc:
        raise ApiError(
            408, "body_timeout", f"the request body did not arrive within {cfg.body_timeout_s:g} s"
        ) from exc


async def _read_stream(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:  # checked while reading: a lying Content-Length changes nothing
                raise ApiError(413, "body_too_large", f"body is over the limit of {limit:,} bytes")
            chunks.append(chunk)
    except ClientDisconnect as exc:  # the client went away mid-body: nobody to answer
        raise ApiError(400, "client_disconnected", "the client closed the connection") from exc
    return b"".join(chunks)


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_utf8", f"body is not valid UTF-8 (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ApiError(
            400,
            "malformed_json",
            f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
        ) from exc
    except RecursionError as exc:
        raise ApiError(400, "malformed_json", "JSON nested too deeply") from exc
    if not isinstance(obj, dict):
        raise ApiError(422, "invalid_request", "expected a JSON object")
    return obj


def _invalid(errors: Any, message: str | None = None) -> ApiError:
    """A 422 naming each field that is wrong (pydantic's or FastAPI's validation errors)."""
    details = [{"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in errors]
    first = details[0] if details else {"field": "", "message": "invalid"}
    return ApiError(
        422, "invalid_request", message or f"{first['field']}: {first['message']}", details
    )


async def _json_request(request: Request, model: type[BaseModel], cfg: ServiceSettings) -> Any:
    """The request's JSON body as ``model``, within the body and text limits (an
    :class:`ApiError` for every way it can fail)."""
    body = await _read_body(request, cfg, _JSON_TYPES)
    try:
        req = model.model_validate(_json_object(body))
    except ValidationError as exc:
        raise _invalid(exc.errors()) from exc
    text = getattr(req, "text", None)
    if isinstance(text, str):
        if len(text) > cfg.max_text_chars:
            raise ApiError(
                422,
                "text_too_long",
                f"text has {len(text):,} characters, over the limit of {cfg.max_text_chars:,}",
            )
        if "\x00" in text:
            raise ApiError(422, "invalid_text", "text contains NUL characters")
    return req


# --- the endpoints ------------------------------------------------------------------------

router = APIRouter()


@router.get("/healthz", summary="Liveness")
async def healthz() -> dict[str, Any]:
    return {"status": "ok", "version": kashf.__version__}


@router.post(
    "/v1/restore",
    response_model=RestorationOut,
    responses=_ERRORS,
    summary="Restore one text",
    openapi_extra=_body_doc(RestoreRequest),
)
async def restore(request: Request, cfg: Settings) -> Response:
    req: RestoreRequest = await _json_request(request, RestoreRequest, cfg)
    return _json((await run_in_threadpool(restore_text, req.text)).to_dict())


@router.post(
    "/v1/extract",
    response_model=ExtractOut,
    responses=_ERRORS,
    summary="Restore one report and extract its events",
    openapi_extra=_body_doc(ExtractRequest),
)
async def extract(request: Request, cfg: Settings) -> Response:
    req: ExtractRequest = await _json_request(request, ExtractRequest, cfg)
    try:
        date = parse_date(req.date)
    except ValueError as exc:
        raise ApiError(422, "invalid_date", str(exc)) from exc
    if req.url is not None and not req.url.startswith(("http://", "https://")):
        raise ApiError(422, "invalid_url", "url must be an http:// or https:// link")
    meta = {k: v for k, v in (("source", req.source), ("url", req.url)) if v is not None}
    row = InputRow(1, 0, str(req.id) if req.id is not None else "1", req.text, date, meta)
    return _json(await run_in_threadpool(_extract, row))


@router.post(
    "/v1/extract/batch",
    responses=_ERRORS,
    summary="Extract events from many reports (JSONL in, JSONL out)",
    description=(
        "Body: one JSON object `{text, date?, id?, source?, url?}` per line. Response: one JSON "
        "line per input line, in order, streamed as each is done: `{line, id, records}` or "
        "`{line, id, error}`."
    ),
    response_class=StreamingResponse,
    openapi_extra=_body_doc(None, "application/x-ndjson"),
)
async def extract_batch(request: Request, cfg: Settings) -> StreamingResponse:
    body = await _read_body(request, cfg, _JSONL_TYPES)
    lines = body.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the break after the last line does not open another one
    spec = ColumnSpec(max_text_chars=cfg.max_text_chars)
    cut = not body.endswith(b"\n")

    async def stream() -> AsyncIterator[str]:
        for n, data in enumerate(lines, 1):
            problem = None if data.strip() else "empty line"
            item = RawItem(n, n, data.rstrip(b"\r"), problem, cut and n == len(lines))
            yield await run_in_threadpool(_batch_line, item, spec)

    return StreamingResponse(stream(), media_type="application/x-ndjson")


@router.post(
    "/v1/export",
    responses=_ERRORS,
    summary="Records (e.g. corrected on the review page) as a file",
    openapi_extra=_body_doc(RecordsRequest),
    response_class=Response,
)
async def export(
    request: Request, cfg: Settings, format: Literal["csv", "geojson", "jsonl"] = "csv"
) -> Response:
    req: RecordsRequest = await _json_request(request, RecordsRequest, cfg)
    text = await run_in_threadpool(_export, format, req.records)
    media = {"csv": "text/csv", "geojson": "application/geo+json", "jsonl": "application/x-ndjson"}
    return Response(
        text.encode("utf-8"),
        media_type=f"{media[format]}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kashf-events.{format}"'},
    )


def _merge(records: list[dict[str, Any]]) -> dict[str, Any]:
    from kashf.merge import merge_events

    errors: list[dict[str, Any]] = []
    links: dict[str, list[dict[str, Any]]] = {}
    events = list(
        merge_events(
            records,
            on_error=lambda i, why: errors.append({"index": i, "reason": why}),
            on_links=lambda event, rows: links.__setitem__(event, rows),
        )
    )
    return {"events": events, "errors": errors, "links": links}


@router.post(
    "/v1/merge",
    responses=_ERRORS,
    summary="Merge events of many reports into real-world events",
    description=(
        "Body: `{records: [...]}`, event records of many reports (the body limit of the other "
        "endpoints applies). Response: `{events, errors, links}`: one row per real-world event, "
        "as `kashf merge` writes them, each record that could not be used with its index, and "
        "for each event the per-report events it joined."
    ),
    response_model=MergeOut,
    openapi_extra=_body_doc(RecordsRequest),
)
async def merge(request: Request, cfg: Settings) -> Response:
    req: RecordsRequest = await _json_request(request, RecordsRequest, cfg)
    return _json(await run_in_threadpool(_merge, req.records))


# Swagger UI files from fastapi-offline (in the serve extra with FastAPI): /docs needs no CDN.
_DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"


@router.get("/docs", include_in_schema=False)
async def docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="kashf API",
        swagger_js_url="/docs-assets/swagger-ui-bundle.js",
        swagger_css_url="/docs-assets/swagger-ui.css",
        swagger_favicon_url="/docs-assets/favicon.png",
    )


@router.get("/", include_in_schema=False)
async def review_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")


# --- the app ------------------------------------------------------------------------------


async def _error(_: Request, exc: Exception) -> JSONResponse:
    """Every error as ``{"error": {status, code, message[, details]}}``."""
    headers = None
    if isinstance(exc, StarletteHTTPException):
        headers, exc = exc.headers, ApiError(exc.status_code, "http_error", str(exc.detail))
    elif isinstance(exc, RequestValidationError):
        exc = _invalid(exc.errors(), "invalid request")
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


async def _headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.url.path == "/":
        response.headers["Content-Security-Policy"] = _PAGE_CSP
    return response


def _warm_up() -> None:
    restore_text("قـ.وات النظام")
    extract_report(InputRow(0, 0, "warm-up", "قتل شخص في حلب", "2024-01-01"))


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    if app.state.settings.warm_up:
        await run_in_threadpool(_warm_up)
    yield


def create_app_from_env() -> FastAPI:
    """The app with settings from ``KASHF_SERVE_*`` variables: what each worker process of
    ``kashf serve --workers N`` builds (uvicorn starts workers from an import string)."""
    return create_app(ServiceSettings.from_env())


def create_app(cfg: ServiceSettings | None = None) -> FastAPI:
    app = FastAPI(
        lifespan=_lifespan,
        title="kashf",
        version=kashf.__version__,
        description=(
            "Restore Arabic text written to evade filters; extract ACLED-compatible events."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = cfg or ServiceSettings()
    for kind in (ApiError, StarletteHTTPException, RequestValidationError):
        app.add_exception_handler(kind, _error)
    app.middleware("http")(_headers)
    app.mount("/docs-assets", StaticFiles(directory=_DOCS_ASSETS), name="docs-assets")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(router)
    return app
