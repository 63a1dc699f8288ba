"""The answers to the page's requests, one method each, and the work of a job.

:class:`Handlers` holds what every answer needs (the visitors' sessions, the upload
limit, the form's first values) and lists its routes; :mod:`.app` puts them behind the
local server's guards. Each answer finds the visitor's session by its cookie (a new
visitor gets one) and replies with JSON for the page's script, or with the page itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from teletraffic.errors import TeletrafficError
from teletraffic.web import page
from teletraffic.web.ask import read_ask
from teletraffic.web.jobs import Job, Progress
from teletraffic.web.scenarios import Checked, check_text
from teletraffic.web.sessions import COOKIE, Session, Sessions

_EDITABLE = 512 * 1024
"""The longest scenario text the page offers to edit."""
FILE_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".yaml": "application/yaml; charset=utf-8",
}
"""The media type of each kind of file the page offers to download."""


def plain(status: int, text: str) -> Response:
    """A reply of plain text with *status*."""
    return PlainTextResponse(text, status_code=status)


class Handlers:
    """The page's requests answered: *sessions* the visitors' work, *max_upload* the
    largest request body in bytes, *filled* the form's first values (field -> text)."""

    def __init__(self, sessions: Sessions, max_upload: int, filled: dict[str, str]) -> None:
        self.sessions = sessions
        self.max_upload = max_upload
        self.filled = filled

    def routes(self) -> list[Route]:
        """Each address the page's script calls, with its answer."""
        return [
            Route("/", self.home),
            Route("/ask", self.ask, methods=["POST"]),
            Route("/fit", self.fit, methods=["POST"]),
            Route("/jobs/{job}", self.job_state),
            Route("/jobs/{job}/cancel", self.cancel, methods=["POST"]),
            Route("/jobs/{job}/files/{name}", self.download),
            Route("/whatif", self.what_if),
            Route("/whatif/run", self.what_if_run, methods=["POST"]),
            Route("/scenario/check", self.scenario_check, methods=["POST"]),
            Route("/scenario/run", self.scenario_run, methods=["POST"]),
            Route("/scenario/download", self.scenario_download, methods=["POST"]),
        ]

    def session_of(self, request: Request) -> tuple[str, Session, bool]:
        given = request.cookies.get(COOKIE)
        key, session = self.sessions.get(given)
        return key, session, key != given

    def reply(self, response: Response, key: str, new: bool) -> Response:
        if new:
            response.set_cookie(COOKIE, key, httponly=True, samesite="strict")
        return response

    def job_of(self, request: Request) -> tuple[str, Session, bool, Job | None]:
        key, session, new = self.session_of(request)
        return key, session, new, session.jobs.get(request.path_params["job"])

    async def form_of(self, request: Request) -> Any:
        return await request.form(max_part_size=self.max_upload, max_files=4, max_fields=64)

    async def saved(self, session: Session, upload: Any) -> Path | None:
        if not isinstance(upload, UploadFile) or not upload.filename:
            return None
        path = session.upload_path(upload.filename)
        path.write_bytes(await upload.read())
        return path

    async def home(self, request: Request) -> Response:
        key, _, new = self.session_of(request)
        return self.reply(HTMLResponse(page.page_html(self.filled, self.max_upload)), key, new)

    async def ask(self, request: Request) -> Response:
        key, session, new = self.session_of(request)
        form = await self.form_of(request)
        tariff_file = None
        if form.get("tariffs") == "file":
            tariff_file = await self.saved(session, form.get("tariffs_file"))
            if tariff_file is None:
                body = {"errors": {"tariffs": "choose your tariff menu file, or the shipped one"}}
                return self.reply(JSONResponse(body, status_code=400), key, new)
        asked = read_ask(form, tariff_file)
        if asked.errors:
            return self.reply(JSONResponse({"errors": asked.errors}, status_code=400), key, new)
        job_key = session.new_key()
        session.add(job_key, Job("plan", _planner(asked.arguments, job_key), asked.arguments))
        return self.reply(JSONResponse({"job": job_key}), key, new)

    async def fit(self, request: Request) -> Response:
        from teletraffic.web.ask import fit_fields

        key, session, new = self.session_of(request)
        form = await self.form_of(request)
        path = await self.saved(session, form.get("records"))
        if path is None:
            body = {"errors": {"records": "choose a file of call records"}}
            return self.reply(JSONResponse(body, status_code=400), key, new)
        try:
            fields, words = fit_fields(path, str(form.get("records_format") or "auto"))
        except TeletrafficError as err:
            return self.reply(
                JSONResponse({"errors": {"records": str(err)}}, status_code=400), key, new
            )
        return self.reply(JSONResponse({"fields": fields, "words": words}), key, new)

    async def job_state(self, request: Request) -> Response:
        key, _, new, job = self.job_of(request)
        if job is None:
            return self.reply(plain(404, "no such job in this session"), key, new)
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
        return self.reply(JSONResponse(body), key, new)

    async def cancel(self, request: Request) -> Response:
        key, _, new, job = self.job_of(request)
        if job is None:
            return self.reply(plain(404, "no such job in this session"), key, new)
        job.cancel()
        return self.reply(JSONResponse({"state": "cancelling"}), key, new)

    async def download(self, request: Request) -> Response:
        key, _, new, job = self.job_of(request)
        name = request.path_params["name"]
        if job is None or job.state != "done" or name not in job.result["files"]:
            return self.reply(plain(404, "no such file in this session"), key, new)
        kind = FILE_TYPES.get(Path(name).suffix, "application/octet-stream")
        return self.reply(
            Response(
                job.result["files"][name],
                media_type=kind,
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            ),
            key,
            new,
        )

    async def what_if(self, request: Request) -> Response:
        from teletraffic.experiments.planning import formula_what_if

        key, session, new = self.session_of(request)
        job = session.jobs.get(request.query_params.get("job", ""))
        if job is None or job.state != "done" or job.kind != "plan":
            return self.reply(plain(404, "no such plan in this session"), key, new)
        plan = job.result["plan"]
        try:
            cph = float(request.query_params["calls_per_hour"])
            people = int(request.query_params["people"])
            screened = formula_what_if(plan, calls_per_hour=cph, people=people)
        except (KeyError, ValueError, TeletrafficError) as err:
            return self.reply(plain(400, str(err)), key, new)
        label = plan.best.label if plan.best is not None else ""
        return self.reply(
            JSONResponse({"html": page.what_if_html(screened, label, cph, people)}), key, new
        )

    async def what_if_run(self, request: Request) -> Response:
        key, session, new = self.session_of(request)
        form = await self.form_of(request)
        job = session.jobs.get(str(form.get("job", "")))
        if job is None or job.kind != "plan":
            return self.reply(plain(404, "no such plan in this session"), key, new)
        try:
            cph = float(str(form.get("calls_per_hour")))
            people = int(str(form.get("people")))
        except ValueError as err:
            return self.reply(plain(400, str(err)), key, new)
        arguments = {**job.inputs, "calls_per_hour": cph, "people": people}
        job_key = session.new_key()
        work = _planner(arguments, job_key, sliders=False)
        session.add(job_key, Job("whatif", work, arguments))
        return self.reply(JSONResponse({"job": job_key}), key, new)

    async def scenario_text(self, request: Request, session: Session) -> Checked | str:
        form = await self.form_of(request)
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

    async def scenario_check(self, request: Request) -> Response:
        key, session, new = self.session_of(request)
        checked = await self.scenario_text(request, session)
        if isinstance(checked, str):
            return self.reply(
                JSONResponse({"errors": {"scenario": checked}}, status_code=400), key, new
            )
        body = {
            "ok": not checked.problems,
            "name": checked.name,
            # a file to edit comes back to the page; a huge or binary one does not
            "text": checked.text
            if len(checked.text) <= _EDITABLE and "\0" not in checked.text
            else "",
            "html": page.checked_html(checked),
        }
        return self.reply(JSONResponse(body), key, new)

    async def scenario_run(self, request: Request) -> Response:
        key, session, new = self.session_of(request)
        checked = await self.scenario_text(request, session)
        if isinstance(checked, str):
            return self.reply(
                JSONResponse({"errors": {"scenario": checked}}, status_code=400), key, new
            )
        if checked.problems:
            body: dict[str, Any] = {
                "errors": {"scenario": "the file has problems: check it"},
                "html": page.checked_html(checked),
            }
            return self.reply(JSONResponse(body, status_code=400), key, new)
        job_key = session.new_key()
        session.add(job_key, Job("run", _runner(checked, job_key), None))
        return self.reply(JSONResponse({"job": job_key}), key, new)

    async def scenario_download(self, request: Request) -> Response:
        key, _, new = self.session_of(request)
        form = await self.form_of(request)
        name = Path(str(form.get("name") or "scenario.yaml")).name or "scenario.yaml"
        text = str(form.get("text") or "")
        headers = {"Content-Disposition": f'attachment; filename="{_quoted(name)}"'}
        return self.reply(Response(text, media_type=FILE_TYPES[".yaml"], headers=headers), key, new)


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
