"""The notebooks in notebooks/ run top to bottom, as a reader would run them.

Each notebook is executed by nbclient in a real Jupyter kernel (ipykernel) started
with this interpreter, from a kernelspec written to a temporary folder: so the test
does not depend on which kernels the machine has registered, and a notebook sees the
same teletraffic as the tests. Figures go through Jupyter's inline backend (Agg
rendering to PNG outputs; no display needed).
A cell that raises fails the test with the cell's source and the error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNEL = "teletraffic-tests"


def test_the_notebooks_are_there() -> None:
    assert {p.name for p in NOTEBOOKS} >= {"quickstart.ipynb", "planning.ipynb"}


def test_notebooks_are_stored_without_outputs() -> None:
    """Outputs (with embedded images) would bloat the repository and go stale."""
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell["outputs"], f"{path.name}: a cell has stored outputs"
                assert cell["execution_count"] is None, f"{path.name}: cell has a count"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kernels")
    spec = folder / KERNEL
    spec.mkdir()
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "teletraffic tests",
                "language": "python",
                # the inline backend: figures become PNG outputs, no display needed
                "env": {"MPLBACKEND": "module://matplotlib_inline.backend_inline"},
            }
        ),
        encoding="utf-8",
    )
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path, kernel_dir: Path) -> None:
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    specs = KernelSpecManager(kernel_dirs=[str(kernel_dir)], ensure_native_kernel=False)
    manager = KernelManager(kernel_name=KERNEL, kernel_spec_manager=specs)
    client = NotebookClient(
        nb,
        km=manager,
        timeout=120,
        startup_timeout=60,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors
    # every chart cell drew something: at least one image came out
    images = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "image/png" in out.get("data", {})
    ]
    assert images, f"{path.name} drew no chart"
