"""End to end in JupyterLab: the answer a student last checks (form or cell) is what the saved notebook
holds and what ``python -m exercises grade`` scores.

JupyterLab is not in the book's environment (its dependencies slow every kernel start): this test uses
``$COURSE_LAB_VENV`` or ``.venv-lab`` at the repository root, and creates the latter from
``requirements-lab.txt`` when it is missing (as CI does, from the repository files only).
"""
from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from helpers import ROOT, launch_chromium

pytestmark = pytest.mark.browser
ANSWER_MIME = "application/vnd.alpha2course.answer+json"
EXERCISE = "ch1.occupancy-h1"


def lab_python() -> Path:
    venv = Path(os.environ.get("COURSE_LAB_VENV", ROOT / ".venv-lab"))
    python = venv / "bin" / "python"
    if not (venv / "bin" / "jupyter-lab").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(ROOT / "requirements-lab.txt")],
                       check=True, cwd=ROOT, timeout=1800)
    return python


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    python = lab_python()
    work = tmp_path_factory.mktemp("lab")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JUPYTER_CONFIG_DIR": str(work / ".jupyter"),
           "JUPYTER_DATA_DIR": str(work / ".data"), "JUPYTER_RUNTIME_DIR": str(work / ".runtime"),
           "IPYTHONDIR": str(work / ".ipython")}
    env.pop("JUPYTER_PATH", None)
    server = subprocess.Popen(
        [str(python), "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", "--LabApp.expose_app_in_browser=True",
         "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={work}", "--LabApp.news_url=",
         "--LabApp.extension_manager=readonly", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail("JupyterLab did not start:\n" + server.stderr.read()[-3000:])
            time.sleep(0.5)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield base, work, browser
        browser.close()
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def _notebook(path: Path, answer_cell: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('import exercises\nex = exercises.start("ch1")'),
                nbformat.v4.new_code_cell(answer_cell)]
    nbformat.write(nb, path)


def _run_in_lab(lab, name: str, form_answer: str | None):
    """Open the notebook, run all cells, optionally answer in the form and Check, then save."""
    base, work, browser = lab
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/lab/tree/{name}?reset", wait_until="load")
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session", timeout=90000)
    page.wait_for_function("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                           timeout=90000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(".jp-OutputArea .widget-button", timeout=90000)
    if form_answer is not None:
        box = page.locator(".jp-OutputArea .widget-text input").first
        box.fill(form_answer)
        page.locator(".jp-OutputArea .widget-button", has_text="Check").first.click()
        page.wait_for_selector(f".jp-OutputArea :text('Recorded answer:')", timeout=30000)
        page.wait_for_function(
            "a => Array.from(document.querySelectorAll('.jp-OutputArea code')).some(c => c.textContent === a)",
            arg=form_answer, timeout=30000)
        page.wait_for_timeout(500)
    page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("!window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30000)
    text = page.locator(".jp-OutputArea", has=page.locator(".widget-button")).first.inner_text()
    context.close()
    return nbformat.read(work / name, as_version=4), text


def _records(nb) -> list[dict]:
    return [o["data"][ANSWER_MIME] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if ANSWER_MIME in o.get("data", {})]


def _grade(notebook: Path, tmp_path: Path) -> dict:
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "student1.ipynb").write_bytes(notebook.read_bytes())
    out = tmp_path / "graded"
    result = subprocess.run([sys.executable, "-m", "exercises", "grade", str(folder), "--out", str(out),
                             "--chapter", "ch1", "--workers", "1"], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stdout + result.stderr
    rows = list(csv.DictReader(open(out / "grades.csv", encoding="utf-8")))
    assert len(rows) == 1
    return rows[0]


def _right_answer():
    from exercises import registry

    return f"{registry.get(EXERCISE).expected():.1f} %"


def _column(row: dict) -> str:
    return next(k for k in row if EXERCISE in k)


CASES = {  # notebook -> (answer in the cell, answer typed in the form and checked, expected record)
    "cell": ('answer="{right}"', None, "cell"),
    "form": ("", "{right}", "form"),
    "both": ('answer="3 %"', "{right}", "form"),
}


@pytest.fixture(scope="module")
def saved(lab):
    """Each case answered once in JupyterLab and saved: name -> (path, notebook, text of the output)."""
    right = _right_answer()
    out = {}
    for name, (cell, form, _) in CASES.items():
        args = f", {cell.format(right=right)}" if cell else ""
        _notebook(lab[1] / f"{name}.ipynb", f'ex.ask("{EXERCISE}"{args})')
        nb, shown = _run_in_lab(lab, f"{name}.ipynb", form.format(right=right) if form else None)
        out[name] = (lab[1] / f"{name}.ipynb", nb, shown)
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_the_last_checked_answer_is_the_saved_record(saved, name):
    path, nb, shown = saved[name]
    origin = CASES[name][2]
    assert _records(nb) == [{"exercise": EXERCISE, "answer": _right_answer(), "seed": None, "origin": origin}]
    assert "Recorded answer:" in shown and f"from {'the cell' if origin == 'cell' else 'this form'}" in shown
    assert path.stat().st_size < 200_000  # no megabytes of widget state in the saved notebook
    assert "application/vnd.jupyter.widget-state+json" not in json.dumps(nb.metadata)


def test_a_cell_answer_is_graded(saved, tmp_path):
    row = _grade(saved["cell"][0], tmp_path)
    assert float(row[_column(row)]) == 2.0


def test_a_form_answer_is_graded(saved, tmp_path):
    row = _grade(saved["form"][0], tmp_path)
    assert float(row[_column(row)]) == 2.0


def test_a_later_form_check_beats_the_cell_answer_in_grading(saved, tmp_path):
    row = _grade(saved["both"][0], tmp_path)
    assert float(row[_column(row)]) == 2.0
