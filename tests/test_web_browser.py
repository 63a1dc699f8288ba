"""BROWSER TESTS of the web page: headless Chromium, driven by Playwright.

Marked ``browser`` (select them with ``-m browser``). They use Debian's ``chromium``
(found on PATH, as the report's browser test does; ``.ci/install-browser`` installs it),
never a browser that Playwright would download. Where it is missing they are skipped
with the reason and how to install it; in CI (``CI`` set) a missing browser fails.

A person's path through the page: fill the form and get the recommendation of
``teletraffic plan`` with the same inputs and seed; move a slider; type a bad value and
read the command line's message next to its field; upload a hostile scenario and see
its problems; run a good one and download its CSV.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from typer.testing import CliRunner  # noqa: E402

from teletraffic.cli import app as cli_app  # noqa: E402

pytestmark = pytest.mark.browser

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


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        reason = (
            "BROWSER TEST: Debian's `chromium` is not installed, so the web page cannot be "
            "driven in a browser. Install it with .ci/install-browser "
            "(apt-get install -y chromium)."
        )
        if os.environ.get("CI"):  # CI installs it: a missing browser there is a failure
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app served on a free port of 127.0.0.1, in a thread, for the module."""
    import uvicorn

    from teletraffic.web.app import create_app

    config = uvicorn.Config(create_app(), host="127.0.0.1", port=0, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 60
    while not srv.started:
        assert time.monotonic() < end, "the server did not start"
        assert thread.is_alive(), "the server stopped"
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = _chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(120_000)
    pg.goto(server)
    pg.wait_for_selector("body[data-ready=yes]")
    yield pg
    context.close()


def test_fill_the_form_get_the_plan_of_the_command_line_and_move_a_slider(page: Any) -> None:
    """BROWSER TEST: the page's recommendation is ``teletraffic plan``'s; a slider moves."""
    args = ["--calls-per-hour", "40", "--talk", "3m", "--target-busy", "2%"]
    cli = CliRunner().invoke(cli_app, ["plan", *args, "--replications", "3", "--seed", "7"])
    assert cli.exit_code == 0, cli.output
    recommended = next(ln for ln in cli.output.splitlines() if ln.startswith("Recommended:"))

    page.fill("#f-calls_per_hour", "40")
    page.fill("#f-talk", "3m")
    page.fill("#f-target_busy", "2%")
    page.click("details summary")  # the simulation's settings
    page.fill("#f-replications", "3")
    page.fill("#f-seed", "7")
    page.click("#plan-button")
    page.wait_for_selector("#answer-body .recommendation")
    assert page.inner_text("#answer-body .recommendation") == recommended
    assert page.locator("#answer-body figure img").count() >= 2
    widths = page.eval_on_selector_all(
        "#answer-body figure img", "imgs => imgs.map(i => i.naturalWidth)"
    )
    assert all(w > 100 for w in widths)  # every chart decoded

    slider = page.locator("#s-calls")
    slider.focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.querySelector('#whatif-formula').textContent.includes('60 calls an hour')"
    )
    assert page.inner_text("#v-calls") == "60"
    formula = page.inner_text("#whatif-formula")
    assert "By the formula" in formula
    assert "hear busy" in formula
    # the new plan, simulated in the background, with its progress and then its answer
    page.wait_for_selector("#whatif-sim .recommendation")
    assert "60 calls an hour" in page.inner_text("#whatif-sim")


def test_a_bad_value_gets_the_command_lines_message_next_to_its_field(page: Any) -> None:
    """BROWSER TEST: the message of ``plan --talk 0`` appears under Talk time."""
    cli = CliRunner().invoke(cli_app, ["plan", "--calls-per-hour", "40", "--talk", "0"])
    assert cli.exit_code == 2
    page.fill("#f-talk", "0")
    page.click("#plan-button")
    page.wait_for_selector("#err-talk:not(:empty)")
    shown = page.inner_text("#err-talk")
    assert cli.output.strip() == f"Error: --talk: {shown}"
    assert page.locator(".field[data-field=talk].bad").count() == 1
    assert page.inner_text("#answer-body .quiet").startswith("Fill in")  # nothing ran


def test_upload_a_hostile_scenario_then_run_a_good_one_and_download_its_csv(
    page: Any, tmp_path: Path
) -> None:
    """BROWSER TEST: a hostile file's problems with lines; a run's figures as CSV."""
    page.set_input_files("#f-scenario", str(HOSTILE / "bad_names.yaml"))
    page.wait_for_selector("#scenario-body .problems")
    problems = page.inner_text("#scenario-body .problems")
    assert "5 problems in bad_names.yaml" in problems
    assert "lines[0].name, line 4" in problems

    good = tmp_path / "small.yaml"
    good.write_text(SMALL, encoding="utf-8")
    page.set_input_files("#f-scenario", str(good))
    page.wait_for_selector("#scenario-body .described")
    assert "3 channels" in page.inner_text("#scenario-body .described")
    page.click("#run-button")
    page.wait_for_selector("#dl-summary")
    with page.expect_download() as info:
        page.click("#dl-summary")
    download = info.value
    assert download.suggested_filename == "summary.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert {"metric", "scope", "mean", "ci_low", "ci_high"} <= set(rows[0])
    assert any(r["metric"] == "p_busy" and r["scope"] == "all" for r in rows)

    page.fill("#scenario-text", SMALL.replace("channels: 3", "channels: 4"))
    with page.expect_download() as info:
        page.click("#download-scenario")
    edited = Path(info.value.path()).read_text(encoding="utf-8")
    assert "channels: 4" in edited
    assert info.value.suggested_filename == "small.yaml"
