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

from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from teletraffic.web.routes import Handlers, plain
from teletraffic.web.sessions import Sessions

__all__ = ["MAX_UPLOAD_BYTES", "create_app"]

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
"""The largest request body (an upload with its form) the server reads: 16 MiB, the
limit of a scenario file."""

_STATIC = Path(__file__).parent / "static"
_LOCAL_HOSTS = ["127.0.0.1", "localhost"]

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
                await plain(403, "requests from other sites are refused")(scope, receive, send)
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
    handlers = Handlers(sessions, max_upload, filled)
    app = Starlette(
        routes=[
            *handlers.routes(),
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
