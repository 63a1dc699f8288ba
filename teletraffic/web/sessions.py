"""Each visitor's own state, and nothing shared between visitors.

A visitor is known by a random cookie (:data:`COOKIE`, 256 bits, ``HttpOnly``,
``SameSite=Strict``). Their session holds their jobs (a plan, a run) and a private
temporary folder for the files they upload; another visitor cannot name them: a job is
looked up only in the session of the cookie that asks. Sessions are kept in memory, at
most :data:`MAX_SESSIONS` (the least recently seen is dropped, its jobs cancelled and
its folder removed), each with at most :data:`MAX_JOBS` jobs.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path

from teletraffic.web.jobs import Job

__all__ = ["COOKIE", "MAX_JOBS", "MAX_SESSIONS", "Session", "Sessions"]

COOKIE = "teletraffic_session"
MAX_SESSIONS = 64
MAX_JOBS = 12


class Session:
    """One visitor's jobs and uploaded files."""

    def __init__(self) -> None:
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.folder = Path(tempfile.mkdtemp(prefix="teletraffic-web-"))
        self.seen = time.monotonic()

    @staticmethod
    def new_key() -> str:
        """A fresh id for a job."""
        return secrets.token_urlsafe(12)

    def add(self, key: str, job: Job) -> str:
        """Keep *job* as *key*. The oldest jobs beyond :data:`MAX_JOBS` are dropped."""
        self.jobs[key] = job
        while len(self.jobs) > MAX_JOBS:
            old = self.jobs.pop(min(self.jobs, key=self._keep_rank))
            old.cancel()
        return key

    def _keep_rank(self, key: str) -> tuple[int, int]:
        """What goes first when there are too many jobs: the ended that came to nothing,
        then what-ifs, then runs, and plans (which the sliders refer to) last; the oldest
        first within each."""
        job = self.jobs[key]
        if job.state in ("cancelled", "failed"):
            rank = 0
        else:
            rank = {"whatif": 1, "run": 2}.get(job.kind, 3)
        return rank, list(self.jobs).index(key)

    def upload_path(self, name: str) -> Path:
        """Where to keep an uploaded file, under its own name (so messages name it)."""
        safe = re.sub(r"[^A-Za-z0-9._ -]", "_", Path(name or "upload").name).strip(" .")
        sub = Path(tempfile.mkdtemp(dir=self.folder))
        return sub / (safe[:80] or "upload")

    def close(self) -> None:
        for job in self.jobs.values():
            job.cancel()
        shutil.rmtree(self.folder, ignore_errors=True)


class Sessions:
    """The sessions of the server, by cookie value."""

    def __init__(self, limit: int = MAX_SESSIONS) -> None:
        self._limit = limit
        self._by_key: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str | None) -> tuple[str, Session]:
        """The session of cookie *key*, or a new one (with its new key)."""
        with self._lock:
            if key is not None and key in self._by_key:
                self._by_key.move_to_end(key)
                session = self._by_key[key]
                session.seen = time.monotonic()
                return key, session
            key = secrets.token_urlsafe(32)
            session = Session()
            self._by_key[key] = session
            while len(self._by_key) > self._limit:
                _, old = self._by_key.popitem(last=False)
                old.close()
            return key, session

    def close(self) -> None:
        with self._lock:
            for session in self._by_key.values():
                session.close()
            self._by_key.clear()

    def __len__(self) -> int:
        return len(self._by_key)
