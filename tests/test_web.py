"""The web page (``teletraffic web``) through a test client: no browser, no server.

The page's form gives the command line's messages, field by field; a plan asked on the
page is the plan of ``teletraffic plan``; a scenario is checked, run and downloaded; the
server keeps to localhost, refuses big uploads and keeps each visitor's work apart; a
job can be cancelled. The browser tests are in ``test_web_browser.py``.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("python_multipart")
pytest.importorskip("httpx2", reason="the test client of Starlette needs httpx2")

from starlette.testclient import TestClient
from typer.testing import CliRunner

from teletraffic.cli import app as cli_app
from teletraffic.web.app import create_app
from teletraffic.web.jobs import Job, Progress

HOSTILE = Path(__file__).parent / "hostile"

SMALL = """\
name: Small office, one multichannel line
period: {hours: 20}
replications: 3
seed: 11
lines:
  - name: main
    kind: multichannel
    numbers: ["100"]
    channels: 3
    tariff: {monthly: 1500, per_channel: 400}
traffic:
  - {name: clients, dial: "100", calls_per_hour: 30, talk: 3m}
currency: RUB
"""


@pytest.fixture
def client() -> Any:
    with TestClient(create_app(allowed_hosts=["testserver"])) as c:
        yield c


def _wait(client: Any, key: str, timeout: float = 120.0) -> dict[str, Any]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        state = client.get(f"/jobs/{key}").json()
        if state["state"] != "running":
            return state
        time.sleep(0.05)
    raise AssertionError(f"job {key} still running after {timeout} s")


def _cli_error(*args: str) -> str:
    result = CliRunner().invoke(cli_app, ["plan", *args])
    assert result.exit_code == 2, result.output
    return result.output.strip().removeprefix("Error: ")


# --------------------------------------------------------------------------- the page


def test_the_page_loads_nothing_from_elsewhere(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href|action)="([^"]+)"', page.text)
    assert sources
    assert all(s.startswith("/") for s in sources), sources
    for s in sources:
        if s.startswith("/static/"):
            served = client.get(s)
            assert served.status_code == 200
            assert "http://" not in served.text
            assert "https://" not in served.text
    for section in ("Ask", "Answer", "Scenario files"):
        assert f"<h2>{section}</h2>" in page.text


def test_the_session_cookie_is_private(client: Any) -> None:
    cookie = client.get("/").headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie.replace("Strict", "strict")


# --------------------------------------------------------------------------- the form


@pytest.mark.parametrize(
    ("field", "flag", "value"),
    [
        ("talk", "--talk", "0"),
        ("talk", "--talk", "three minutes and a bit"),
        ("calls_per_hour", "--calls-per-hour", "forty"),
        ("calls_per_hour", "--calls-per-hour", "-3"),
        ("target_busy", "--target-busy", "0%"),
        ("target_busy", "--target-busy", "150%"),
        ("redial", "--redial", "100%"),
        ("people", "--people", "2.5"),
        ("staff_cost", "--staff-cost", "-1"),
    ],
)
def test_a_bad_field_gets_the_command_lines_message(
    client: Any, field: str, flag: str, value: str
) -> None:
    form = {"calls_per_hour": "40", "talk": "3m", field: value}
    answer = client.post("/ask", data=form)
    assert answer.status_code == 400
    shown = answer.json()["errors"][field]
    args = {"--calls-per-hour": "40", "--talk": "3m", flag: value}
    cli = _cli_error(*[x for pair in args.items() for x in pair])
    assert cli == f"{flag}: {shown}"


def test_the_answer_target_is_read_as_the_flag_reads_it(client: Any) -> None:
    form = {"calls_per_hour": "40", "talk": "3m", "answer_share": "80%", "answer_time": "soon"}
    shown = client.post("/ask", data=form).json()["errors"]["target_answer"]
    assert _cli_error("--calls-per-hour", "40", "--talk", "3m", "--target-answer", "80%/soon") == (
        f"--target-answer: {shown}"
    )


def test_every_bad_field_is_named_at_once(client: Any) -> None:
    form = {"calls_per_hour": "", "talk": "0", "target_busy": "2", "seed": "x"}
    errors = client.post("/ask", data=form).json()["errors"]
    assert set(errors) == {"calls_per_hour", "talk", "target_busy", "seed"}
    assert errors["calls_per_hour"].startswith("--calls-per-hour is missing")


def test_a_bad_tariff_menu_is_named_next_to_its_field(client: Any) -> None:
    menu = b"currency: RUB\nmultichannel: {monthly: -5}\n"
    answer = client.post(
        "/ask",
        data={"calls_per_hour": "40", "talk": "3m", "tariffs": "file"},
        files={"tariffs_file": ("my-tariffs.yaml", menu)},
    )
    assert answer.status_code == 400
    message = answer.json()["errors"]["tariffs"]
    assert "my-tariffs.yaml" in message
    assert "line 2" in message


# --------------------------------------------------------------------------- the answer


@pytest.fixture(scope="module")
def cli_plan() -> str:
    """The recommendation of ``teletraffic plan`` for the inputs the tests ask."""
    args = ["--calls-per-hour", "40", "--talk", "3m", "--target-busy", "2%"]
    result = CliRunner().invoke(cli_app, ["plan", *args, "--replications", "3", "--seed", "7"])
    assert result.exit_code == 0, result.output
    return next(ln for ln in result.output.splitlines() if ln.startswith("Recommended:"))


def test_a_plan_on_the_page_is_the_plan_of_the_command_line(client: Any, cli_plan: str) -> None:
    form = {
        "calls_per_hour": "40",
        "talk": "3m",
        "target_busy": "2%",
        "replications": "3",
        "seed": "7",
    }
    key = client.post("/ask", data=form).json()["job"]
    state = _wait(client, key)
    assert state["state"] == "done", state
    shown = re.search(r'class="recommendation">(.*?)</p>', state["html"])
    assert shown is not None
    assert shown.group(1) == cli_plan
    assert state["html"].count("<img ") >= 2  # the report's charts
    assert 'type="range" id="s-calls"' in state["html"]

    rows = list(csv.DictReader(io.StringIO(client.get(f"/jobs/{key}/files/candidates.csv").text)))
    best = [r for r in rows if r["recommended"] == "True"]
    assert len(best) == 1
    assert f"Recommended: {best[0]['label']}." == cli_plan

    same = client.get(
        "/whatif", params={"job": key, "calls_per_hour": 40, "people": best[0]["staff"]}
    )
    assert f"{100 * float(best[0]['p_busy']):.1f}%" in same.json()["html"]
    more = client.get("/whatif", params={"job": key, "calls_per_hour": 80, "people": 4}).json()
    assert "80 calls an hour" in more["html"]

    again = client.post("/whatif/run", data={"job": key, "calls_per_hour": "60", "people": "5"})
    state = _wait(client, again.json()["job"])
    assert state["state"] == "done", state
    assert "60 calls an hour" in state["html"]
    assert "5 people in the office" in state["html"]


def test_call_records_fill_the_traffic_fields(client: Any, tmp_path: Path) -> None:
    from teletraffic.runner import simulate
    from teletraffic.scenario import parse_scenario

    result = simulate(parse_scenario(SMALL), replications=2, seed=3, call_log=True)
    assert result.calls is not None
    records = result.calls.to_csv(index=False).encode()
    answer = client.post("/fit", files={"records": ("calls.csv", records)})
    assert answer.status_code == 200, answer.text
    fields = answer.json()["fields"]
    assert 25 < float(fields["calls_per_hour"]) < 35  # 30 an hour simulated
    assert fields["talk"].startswith(("2m", "3m"))
    bad = client.post("/fit", files={"records": ("calls.csv", b"\x00\x01\x02binary")})
    assert bad.status_code == 400
    assert "calls.csv" in bad.json()["errors"]["records"]


# --------------------------------------------------------------------------- scenarios


def test_a_hostile_scenario_shows_its_problems_with_their_lines(client: Any) -> None:
    text = (HOSTILE / "bad_names.yaml").read_bytes()
    body = client.post("/scenario/check", files={"scenario": ("bad_names.yaml", text)}).json()
    assert body["ok"] is False
    assert "5 problems in bad_names.yaml" in body["html"]
    assert "lines[0].name, line 4" in body["html"]
    assert "traffic[3], line 10" in body["html"]
    refused = client.post("/scenario/run", data={"text": text.decode(), "name": "bad_names.yaml"})
    assert refused.status_code == 400


def test_a_scenario_is_checked_run_and_downloaded(client: Any) -> None:
    checked = client.post("/scenario/check", files={"scenario": ("small.yaml", SMALL.encode())})
    body = checked.json()
    assert body["ok"] is True
    assert body["text"] == SMALL
    assert "the file is valid" in body["html"]
    assert "3 channels" in body["html"]

    key = client.post("/scenario/run", data={"text": SMALL, "name": "small.yaml"}).json()["job"]
    state = _wait(client, key)
    assert state["state"] == "done", state
    summary = client.get(f"/jobs/{key}/files/summary.csv")
    assert summary.headers["content-disposition"] == 'attachment; filename="summary.csv"'
    rows = list(csv.DictReader(io.StringIO(summary.text)))
    busy = [r for r in rows if r["metric"] == "p_busy" and r["scope"] == "all"]
    assert len(busy) == 1
    assert 0 < float(busy[0]["mean"]) < 1
    report = client.get(f"/jobs/{key}/files/report.html").text
    assert report.startswith("<!doctype html>") or report.lower().startswith("<!doctype html>")
    edited = SMALL.replace("channels: 3", "channels: 5")
    download = client.post("/scenario/download", data={"text": edited, "name": "small.yaml"})
    assert download.text == edited
    assert 'filename="small.yaml"' in download.headers["content-disposition"]


# --------------------------------------------------------------------------- safety


def test_only_localhost_is_answered() -> None:
    with TestClient(create_app()) as c:
        assert c.get("/", headers={"host": "127.0.0.1:8765"}).status_code == 200
        assert c.get("/", headers={"host": "localhost:8765"}).status_code == 200
        assert c.get("/", headers={"host": "evil.example"}).status_code == 400


def test_a_post_from_another_site_is_refused(client: Any) -> None:
    answer = client.post("/ask", data={"talk": "3m"}, headers={"origin": "http://evil.example"})
    assert answer.status_code == 403
    ours = client.post("/ask", data={"talk": "0"}, headers={"origin": "http://testserver"})
    assert ours.status_code == 400


def test_an_upload_over_the_limit_is_refused() -> None:
    with TestClient(create_app(max_upload=10_000, allowed_hosts=["testserver"])) as c:
        big = c.post("/scenario/check", files={"scenario": ("big.yaml", b"#" * 20_000)})
        assert big.status_code == 413
        assert "over" in big.json()["errors"]["form"]

        def chunks() -> Any:  # no Content-Length: counted as it comes
            for _ in range(30):
                yield b"x" * 1000

        streamed = c.post(
            "/scenario/download",
            content=chunks(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert streamed.status_code == 413
        small = c.post("/scenario/check", files={"scenario": ("s.yaml", SMALL.encode())})
        assert small.status_code == 200


def test_a_visitor_sees_only_their_own_jobs() -> None:
    app = create_app(allowed_hosts=["testserver"])
    with TestClient(app) as alice, TestClient(app) as bob:
        key = alice.post("/scenario/run", data={"text": SMALL}).json()["job"]
        assert _wait(alice, key)["state"] == "done"
        assert alice.get(f"/jobs/{key}/files/summary.csv").status_code == 200
        assert bob.get(f"/jobs/{key}").status_code == 404
        assert bob.get(f"/jobs/{key}/files/summary.csv").status_code == 404
        assert bob.post(f"/jobs/{key}/cancel").status_code == 404
        assert bob.get("/whatif", params={"job": key}).status_code == 404
        assert len(app.state.sessions) == 2


# --------------------------------------------------------------------------- jobs


def test_a_job_is_cancelled_between_two_steps() -> None:
    """The work takes one step, then waits until the test has asked to cancel: the next
    step raises, so exactly one step was done."""
    stepped, cancelled = threading.Event(), threading.Event()
    steps: list[int] = []

    def work(progress: Progress) -> None:
        for i in range(1_000_000):
            progress.steps(i + 1, 1_000_000)
            steps.append(i)
            stepped.set()
            assert cancelled.wait(10)

    job = Job("test", work)
    assert stepped.wait(10)
    job.cancel()
    cancelled.set()
    assert job.wait(10)
    assert job.state == "cancelled"
    assert steps == [0]


def test_a_run_is_cancelled_from_the_page(client: Any) -> None:
    long = SMALL.replace("replications: 3", "replications: 400")
    key = client.post("/scenario/run", data={"text": long}).json()["job"]
    assert client.post(f"/jobs/{key}/cancel").status_code == 200
    state = _wait(client, key)
    assert state["state"] == "cancelled"
    assert client.get(f"/jobs/{key}/files/summary.csv").status_code == 404


def test_a_failed_plan_says_why(client: Any) -> None:
    menu = b"currency: RUB\ncity_number: null\nmobile_number: null\nmultichannel: null\nip: null\n"
    key = client.post(
        "/ask",
        data={"calls_per_hour": "40", "talk": "3m", "tariffs": "file"},
        files={"tariffs_file": ("t.yaml", menu)},
    ).json()["job"]
    state = _wait(client, key)
    assert state["state"] == "failed"
    assert "offers no kind of line" in state["error"]


# --------------------------------------------------------------------------- the command


def test_web_help_and_a_light_top_level_help() -> None:
    result = CliRunner().invoke(cli_app, ["web", "--help"])
    assert result.exit_code == 0
    assert "--no-browser" in result.output
    assert "--port" in result.output
    probe = "import sys\nfrom teletraffic.cli import app\nprint(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert not {"starlette", "uvicorn", "teletraffic.web"} & set(eval(out.stdout))


@pytest.mark.parametrize("how", [["teletraffic"], [sys.executable, "-m", "teletraffic"]])
def test_the_command_serves_the_page_on_localhost(how: list[str]) -> None:
    exe = how if how[0] != "teletraffic" else [str(Path(sys.executable).parent / "teletraffic")]
    proc = subprocess.Popen(
        [*exe, "web", "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        import httpx2

        page = httpx2.get(found.group(0), timeout=30)
        assert page.status_code == 200
        assert "<h2>Ask</h2>" in page.text
    finally:
        proc.terminate()
        proc.wait(30)


def test_many_what_ifs_do_not_push_out_the_plan_they_refer_to() -> None:
    from teletraffic.web.sessions import MAX_JOBS, Session

    session = Session()
    try:
        plan = Job("plan", lambda progress: {"html": ""})
        session.add("the-plan", plan)
        for i in range(3 * MAX_JOBS):
            session.add(f"what-if-{i}", Job("whatif", lambda progress: None))
        assert len(session.jobs) == MAX_JOBS
        assert "the-plan" in session.jobs
        assert f"what-if-{3 * MAX_JOBS - 1}" in session.jobs  # the newest stays too
    finally:
        session.close()
