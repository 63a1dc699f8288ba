"""What teletraffic writes is safe by construction.

A symbolic link planted where an output goes is refused, not followed; an output that
cannot be written is refused before the run; an empty ``--out`` is refused; an
interrupted write leaves nothing; and names drawn in charts are plain text (a
department named like a mathtext formula does not crash the report).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from teletraffic.cli import app
from teletraffic.cli.simulation import write_atomically

CDR = Path(__file__).parent / "cdr" / "asterisk_master.csv"
SMALL = """\
name: tiny
period: {hours: 20, warmup: 1h}
replications: 2
lines:
  - {name: main, kind: multichannel, numbers: ["1"], channels: 3}
traffic:
  - {name: c, dial: "1", calls_per_hour: 30, talk: 3m, patience: 1m}
pbx: {kind: virtual, hold: {max_callers: 2}}
departments:
  - {name: "DEPT", staff: 2}
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _scenario(folder: Path, department: str = "d") -> Path:
    path = folder / "small.yaml"
    path.write_text(SMALL.replace("DEPT", department.replace("\\", "\\\\")))
    return path


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Path, Path]:
    """A link ``out`` in *tmp_path* pointing at a file elsewhere: ``(link, victim)``."""
    victim = tmp_path / "elsewhere" / "precious.txt"
    victim.parent.mkdir()
    victim.write_text("keep me")
    link = tmp_path / "out"
    link.symlink_to(victim)
    return link, victim


def _refused_link(result: object, victim: Path) -> None:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert "symbolic link" in result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert victim.read_text() == "keep me"


def test_report_refuses_a_link_at_its_target(
    runner: CliRunner, tmp_path: Path, planted: tuple[Path, Path]
) -> None:
    link, victim = planted
    result = runner.invoke(app, ["report", str(_scenario(tmp_path)), "-o", str(link)])
    _refused_link(result, victim)


def test_fit_refuses_a_link_at_its_target(runner: CliRunner, planted: tuple[Path, Path]) -> None:
    link, victim = planted
    result = runner.invoke(app, ["fit", str(CDR), "--out", str(link)])
    _refused_link(result, victim)


def test_run_refuses_a_link_at_its_folder_before_the_run(runner: CliRunner, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "d").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(app, ["run", str(_scenario(tmp_path)), "--out", str(tmp_path / "d")])
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert "replication" not in result.output  # refused before the run
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_out_is_refused(runner: CliRunner, tmp_path: Path, empty: str) -> None:
    result = runner.invoke(app, ["run", str(_scenario(tmp_path)), "--out", empty])
    assert result.exit_code == 2, result.output
    assert "--out" in result.output
    assert "empty" in result.output


def test_an_out_under_a_file_is_refused_before_the_run(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("")
    out = tmp_path / "notes.txt" / "d"
    result = runner.invoke(app, ["run", str(_scenario(tmp_path)), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "not a folder" in result.output
    assert "replication" not in result.output


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder no one can write")
def test_an_unwritable_out_is_refused_before_the_run(runner: CliRunner, tmp_path: Path) -> None:
    """/proc refuses new folders, even to root (os.access would say yes to root)."""
    result = runner.invoke(app, ["run", str(_scenario(tmp_path)), "--out", "/proc/tt-out/d"])
    assert result.exit_code == 2, result.output
    assert "cannot write into /proc" in result.output
    assert "nothing was run" in result.output


def test_an_interrupted_write_leaves_no_folder_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames = {"a.csv": pd.DataFrame({"x": [1]}), "b.csv": pd.DataFrame({"x": [2]})}
    written: list[str] = []
    real = pd.DataFrame.to_csv

    def interrupted(self: pd.DataFrame, path: object, **kwargs: object) -> None:
        if written:
            raise KeyboardInterrupt
        written.append(str(path))
        real(self, path, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(pd.DataFrame, "to_csv", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "d", frames)
    assert written  # the first file was written before Ctrl-C
    assert list(tmp_path.iterdir()) == []


def test_a_new_folder_comes_whole(tmp_path: Path) -> None:
    frames = {"a.csv": pd.DataFrame({"x": [1]}), "b.csv": pd.DataFrame({"x": [2]})}
    written = write_atomically(tmp_path / "d", frames)
    assert [p.name for p in written] == ["a.csv", "b.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]
    assert (tmp_path / "d" / "b.csv").read_text() == "x\n2\n"


@pytest.mark.parametrize("name", ["$^$", r"$\foo$", "$x$", "50$ a day"])
def test_a_department_named_like_mathtext_is_drawn_as_text(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(
        app, ["report", str(_scenario(tmp_path, name)), "-o", str(out), "-r", "2"]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file()
