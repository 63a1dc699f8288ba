"""The web application: one page, and the few requests its script makes.

Built on Starlette (see the README's "The page" for why): the page is written on the
server (:mod:`.page`), a small script of our own (``static/page.js``, no library, no
CDN) sends the forms and polls the jobs. Everything the page computes is the
``teletraffic`` API the command line calls: :func:`teletraffic.experiments.plan` (with
its flags read by the same function), :func:`teletraffic.experiments.planning.formula_what_if`,
:func:`teletraffic.cdr.fit_traffic`, :func:`teletraffic.scenario.parse_scenario`,
:func:`teletraffic.runner.simulate` and :mod:`teletraffic.report`.

Safety of a local server: it answers only requests addressed to ``127.0.0.1`` or
``localhost`` (a page elsewhere cannot reach it by a DNS trick), refuses a POST sent
from another site's page (its ``Origin``), refuses a request body over the upload limit
(413) before reading it, and keeps each visitor's work in their own session
(:mod:`.sessions`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from teletraffic.errors import TeletrafficError
from teletraffic.web import page
from teletraffic.web.ask import read_ask
from teletraffic.web.jobs import Job, Progress
from teletraffic.web.scenarios import Checked, check_text
from teletraffic.web.sessions import COOKIE, Session, Sessions

__all__ = ["MAX_UPLOAD_BYTES", "create_app"]

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
"""The largest request body (an upload with its form) the server reads: 16 MiB, the
limit of a scenario file."""

_STATIC = Path(__file__).parent / "static"
_EDITABLE = 512 * 1024
"""The longest scenario text the page offers to edit."""
_LOCAL_HOSTS = ["127.0.0.1", "localhost"]
_FILE_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".yaml": "application/yaml; charset=utf-8",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLargeError(Exception):
    pass


class LimitUploads:
    """Refuse a request body over *limit* bytes with 413, declared or streamed; refuse a
    POST whose ``Origin`` is another site's (403)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if scope["method"] == "POST" and origin is not None:
            host = headers.get("host", "")
            if origin not in (f"http://{host}", f"https://{host}"):
                await _plain(403, "requests from other sites are refused")(scope, receive, send)
                return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLargeError
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLargeError:
            if not started:
                await _too_large(self.limit)(scope, receive, send)


def _plain(status: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=status)


def _too_large(limit: int) -> Response:
    return JSONResponse(
        {"errors": {"form": f"the upload is over {limit / 2**20:g} MB; nothing was read"}},
        status_code=413,
    )


def create_app(
    *,
    max_upload: int = MAX_UPLOAD_BYTES,
    allowed_hosts: list[str] | None = None,
    defaults: dict[str, str] | None = None,
) -> Starlette:
    """The application. *max_upload*: the largest request body, in bytes;
    *allowed_hosts*: the host names it answers (default ``127.0.0.1`` and
    ``localhost``); *defaults*: the form's first values (field -> text)."""
    sessions = Sessions()
    filled = {
        "calls_per_hour": "40",
        "talk": "3m",
        "target_busy": "2%",
        **(defaults or {}),
    }

    def session_of(request: Request) -> tuple[str, Session, bool]:
        given = request.cookies.get(COOKIE)
        key, session = sessions.get(given)
        return key, session, key != given

    def reply(response: Response, key: str, new: bool) -> Response:
        if new:
            response.set_cookie(COOKIE, key, httponly=True, samesite="strict")
        return response

    def job_of(request: Request) -> tuple[str, Session, bool, Job | None]:
        key, session, new = session_of(request)
        return key, session, new, session.jobs.get(request.path_params["job"])

    async def form_of(request: Request) -> Any:
        return await request.form(max_part_size=max_upload, max_files=4, max_fields=64)

    async def saved(session: Session, upload: Any) -> Path | None:
        if not isinstance(upload, UploadFile) or not upload.filename:
            return None
        path = session.upload_path(upload.filename)
        path.write_bytes(await upload.read())
        return path

    async def home(request: Request) -> Response:
        key, _, new = session_of(request)
        return reply(HTMLResponse(page.page_html(filled, max_upload)), key, new)

    async def ask(request: Request) -> Response:
        key, session, new = session_of(request)
        form = await form_of(request)
        tariff_file = None
        if form.get("tariffs") == "file":
            tariff_file = await saved(session, form.get("tariffs_file"))
            if tariff_file is None:
                body = {"errors": {"tariffs": "choose your tariff menu file, or the shipped one"}}
                return reply(JSONResponse(body, status_code=400), key, new)
        asked = read_ask(form, tariff_file)
        if asked.errors:
            return reply(JSONResponse({"errors": asked.errors}, status_code=400), key, new)
        job_key = session.new_key()
        session.add(job_key, Job("plan", _planner(asked.arguments, job_key), asked.arguments))
        return reply(JSONResponse({"job": job_key}), key, new)

    async def fit(request: Request) -> Response:
        from teletraffic.web.ask import fit_fields

        key, session, new = session_of(request)
        form = await form_of(request)
        path = await saved(session, form.get("records"))
        if path is None:
            body = {"errors": {"records": "choose a file of call records"}}
            return reply(JSONResponse(body, status_code=400), key, new)
        try:
            fields, words = fit_fields(path, str(form.get("records_format") or "auto"))
        except TeletrafficError as err:
            return reply(JSONResponse({"errors": {"records": str(err)}}, status_code=400), key, new)
        return reply(JSONResponse({"fields": fields, "words": words}), key, new)

    async def job_state(request: Request) -> Response:
        key, _, new, job = job_of(request)
        if job is None:
            return reply(_plain(404, "no such job in this session"), key, new)
        p = job.progress
        body: dict[str, Any] = {
            "state": job.state,
            "text": p.text,
            "done": p.done,
            "total": p.total,
        }
        if job.state == "done":
            body["html"] = job.result["html"]
        elif job.state == "failed":
            body["error"] = job.error
        return reply(JSONResponse(body), key, new)

    async def cancel(request: Request) -> Response:
        key, _, new, job = job_of(request)
        if job is None:
            return reply(_plain(404, "no such job in this session"), key, new)
        job.cancel()
        return reply(JSONResponse({"state": "cancelling"}), key, new)

    async def download(request: Request) -> Response:
        key, _, new, job = job_of(request)
        name = request.path_params["name"]
        if job is None or job.state != "done" or name not in job.result["files"]:
            return reply(_plain(404, "no such file in this session"), key, new)
        kind = _FILE_TYPES.get(Path(name).suffix, "application/octet-stream")
        return reply(
            Response(
                job.result["files"][name],
                media_type=kind,
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            ),
            key,
            new,
        )

    async def what_if(request: Request) -> Response:
        from teletraffic.experiments.planning import formula_what_if

        key, session, new = session_of(request)
        job = session.jobs.get(request.query_params.get("job", ""))
        if job is None or job.state != "done" or job.kind != "plan":
            return reply(_plain(404, "no such plan in this session"), key, new)
        plan = job.result["plan"]
        try:
            cph = float(request.query_params["calls_per_hour"])
            people = int(request.query_params["people"])
            screened = formula_what_if(plan, calls_per_hour=cph, people=people)
        except (KeyError, ValueError, TeletrafficError) as err:
            return reply(_plain(400, str(err)), key, new)
        label = plan.best.label if plan.best is not None else ""
        return reply(
            JSONResponse({"html": page.what_if_html(screened, label, cph, people)}), key, new
        )

    async def what_if_run(request: Request) -> Response:
        key, session, new = session_of(request)
        form = await form_of(request)
        job = session.jobs.get(str(form.get("job", "")))
        if job is None or job.kind != "plan":
            return reply(_plain(404, "no such plan in this session"), key, new)
        try:
            cph = float(str(form.get("calls_per_hour")))
            people = int(str(form.get("people")))
        except ValueError as err:
            return reply(_plain(400, str(err)), key, new)
        arguments = {**job.inputs, "calls_per_hour": cph, "people": people}
        job_key = session.new_key()
        work = _planner(arguments, job_key, sliders=False)
        session.add(job_key, Job("whatif", work, arguments))
        return reply(JSONResponse({"job": job_key}), key, new)

    async def scenario_text(request: Request, session: Session) -> Checked | str:
        form = await form_of(request)
        upload = form.get("scenario")
        if isinstance(upload, UploadFile) and upload.filename:
            name = Path(upload.filename).name
            raw = await upload.read()
        else:
            name = Path(str(form.get("name") or "scenario.yaml")).name
            raw = str(form.get("text") or "").encode("utf-8")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return f"{name} is not UTF-8 text; a scenario file is YAML"
        return check_text(text, name)

    async def scenario_check(request: Request) -> Response:
        key, session, new = session_of(request)
        checked = await scenario_text(request, session)
        if isinstance(checked, str):
            return reply(JSONResponse({"errors": {"scenario": checked}}, status_code=400), key, new)
        body = {
            "ok": not checked.problems,
            "name": checked.name,
            # a file to edit comes back to the page; a huge or binary one does not
            "text": checked.text
            if len(checked.text) <= _EDITABLE and "\0" not in checked.text
            else "",
            "html": page.checked_html(checked),
        }
        return reply(JSONResponse(body), key, new)

    async def scenario_run(request: Request) -> Response:
        key, session, new = session_of(request)
        checked = await scenario_text(request, session)
        if isinstance(checked, str):
            return reply(JSONResponse({"errors": {"scenario": checked}}, status_code=400), key, new)
        if checked.problems:
            body: dict[str, Any] = {
                "errors": {"scenario": "the file has problems: check it"},
                "html": page.checked_html(checked),
            }
            return reply(JSONResponse(body, status_code=400), key, new)
        job_key = session.new_key()
        session.add(job_key, Job("run", _runner(checked, job_key), None))
        return reply(JSONResponse({"job": job_key}), key, new)

    async def scenario_download(request: Request) -> Response:
        key, _, new = session_of(request)
        form = await form_of(request)
        name = Path(str(form.get("name") or "scenario.yaml")).name or "scenario.yaml"
        text = str(form.get("text") or "")
        headers = {"Content-Disposition": f'attachment; filename="{_quoted(name)}"'}
        return reply(Response(text, media_type=_FILE_TYPES[".yaml"], headers=headers), key, new)

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/ask", ask, methods=["POST"]),
            Route("/fit", fit, methods=["POST"]),
            Route("/jobs/{job}", job_state),
            Route("/jobs/{job}/cancel", cancel, methods=["POST"]),
            Route("/jobs/{job}/files/{name}", download),
            Route("/whatif", what_if),
            Route("/whatif/run", what_if_run, methods=["POST"]),
            Route("/scenario/check", scenario_check, methods=["POST"]),
            Route("/scenario/run", scenario_run, methods=["POST"]),
            Route("/scenario/download", scenario_download, methods=["POST"]),
            Mount("/static", StaticFiles(directory=_STATIC), name="static"),
        ],
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or _LOCAL_HOSTS),
            Middleware(LimitUploads, limit=max_upload),
        ],
        lifespan=_closing(sessions),
    )
    app.state.sessions = sessions
    return app


def _closing(sessions: Sessions) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """At shutdown: every session closed, its jobs cancelled, its uploads removed."""

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            sessions.close()

    return lifespan


def _quoted(name: str) -> str:
    return json.dumps(name)[1:-1].replace('"', "")


def _planner(
    arguments: dict[str, Any], key: str, *, sliders: bool = True
) -> Callable[[Progress], dict[str, Any]]:
    """The work of a plan: :func:`teletraffic.experiments.plan`, then its answer written."""

    def work(progress: Progress) -> dict[str, Any]:
        from teletraffic.experiments import plan

        result = plan(None, **arguments, progress=progress.step)
        progress.text = "drawing the charts"
        progress.check()
        html = page.answer_html(result, key, sliders=sliders)
        return {
            "plan": result,
            "html": html,
            "files": {
                "candidates.csv": result.candidates.to_csv(index=False),
                "curves.csv": result.curves.to_csv(index=False),
            },
        }

    return work


def _runner(checked: Checked, key: str) -> Callable[[Progress], dict[str, Any]]:
    """The work of a scenario's run, and its results written."""

    def work(progress: Progress) -> dict[str, Any]:
        from teletraffic.web.scenarios import run_scenario

        ran = run_scenario(checked, None, progress)
        return {"ran": ran, "html": page.ran_html(ran, key), "files": ran.files}

    return work
