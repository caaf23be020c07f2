"""Shared pieces of the Binder, Colab, hub and lab rehearsals: Pythons, clean environments, kernels, and the
check that every figure and exercise output carries a form the frontend can render.

Why: each rehearsal builds a real environment the way the platform does (slow), so each is built once per
test session (``cached_env``) and pip's cache is reused. The notebooks rehearsed are whatever
``chapters/*.ipynb`` and ``appendix/*.ipynb`` exist, so the rehearsals follow the chapters as they change.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from helpers import ROOT

PYENV = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
PLOTLY = "application/vnd.plotly.v1+json"
_ENVS: dict[str, Path] = {}


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted((root / "chapters").glob("*.ipynb")) + sorted((root / "appendix").glob("*.ipynb"))


def python(minor: str) -> Path:
    """The interpreter for Python ``minor`` ("3.11"): pyenv's build (this machine kind's, see
    machines/python.md), else one on PATH. A missing one fails the test and says so, never a skip."""
    found = sorted(PYENV.glob(f"{minor}.*/bin/python"), key=lambda p: [int(x) for x in p.parts[-3].split(".")])
    if found:
        return found[-1]
    on_path = shutil.which(f"python{minor}")
    if on_path:
        return Path(on_path)
    raise AssertionError(f"This rehearsal needs Python {minor}, which is not on this machine (looked in {PYENV} "
                         f"and for python{minor} on PATH). Install it (e.g. `pyenv install {minor}`) and re-run; "
                         "the rehearsal cannot be done without it.")


def version_of(python_path: Path) -> str:
    return subprocess.run([str(python_path), "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True, check=True).stdout.strip()


def copy_repo(target: Path) -> Path:
    """The files git would check out (the platforms copy the repository, not the working tree's junk)."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        src = ROOT / name
        if src.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / name)
    return target


def pip(env_python: Path, *args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """``pip install ARGS`` in an environment (pip's cache is reused between environments)."""
    result = subprocess.run([str(env_python), "-m", "pip", "install", "--disable-pip-version-check", *args],
                            cwd=cwd, capture_output=True, text=True, timeout=1500)
    if check:
        assert result.returncode == 0, f"pip install {' '.join(args)} failed:\n{result.stderr[-4000:]}"
    return result


def venv(path: Path, base_python: Path) -> Path:
    subprocess.run([str(base_python), "-m", "venv", str(path)], check=True)
    return path / "bin" / "python"


def cached_env(key: str, build) -> Path:
    """Build an environment once per test session (``build()`` returns its python)."""
    if key not in _ENVS:
        _ENVS[key] = build()
    return _ENVS[key]


def installed(env_python: Path, *names: str) -> dict[str, str]:
    code = ("import importlib.metadata as m, json, sys; "
            "print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))")
    out = subprocess.run([str(env_python), "-c", code, *names], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@contextmanager
def kernel(env_python: Path, where: Path, name: str = "rehearsal"):
    """A kernelspec running ``env_python``, visible to kernel managers in this process while the block runs."""
    spec = where / "kernels" / name
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(env_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": name, "language": "python"}))
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(where)
    try:
        yield name
    finally:
        if old is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = old


def run_notebook(path: Path, kernel_name: str, env: dict | None = None):
    """Execute a notebook top to bottom from its own folder, as the platforms do; widget state is kept."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(path.parent)}})
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        client.execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def errors(nb) -> list[str]:
    return [f"cell {i}: {o.get('ename')}: {o.get('evalue')}" for i, c in enumerate(nb.cells)
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


@dataclass
class Shown:
    """One figure or exercise output of an executed notebook."""

    cell: int
    kind: str          # "figure" or "exercise"
    data: dict = field(repr=False)


def course_outputs(nb) -> list[Shown]:
    """The outputs that show a course figure (Explorer or plain plotly figure) or an exercise form."""
    shown = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            data = out.get("data") or {}
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            plain = data.get("text/plain", "")
            plain = "".join(plain) if isinstance(plain, list) else plain
            if PLOTLY in data or "course-figure" in html or plain.endswith("(interactive figure)"):
                shown.append(Shown(i, "figure", data))
            elif "course-exercise" in html or plain.startswith(("Exercise ", "Progress in")):
                shown.append(Shown(i, "exercise", data))
    return shown


def live_problems(nb) -> list[str]:
    """Course outputs a live frontend (JupyterLab, Binder, a hub, Colab's widget manager) cannot show as
    widgets: a widget view missing, or its model absent from the notebook's saved widget state."""
    state = ((nb.metadata.get("widgets") or {}).get(WIDGET_STATE) or {}).get("state") or {}
    problems = []
    for s in course_outputs(nb):
        if PLOTLY in s.data and WIDGET_VIEW not in s.data:
            continue  # a plain plotly figure: JupyterLab renders its mime type natively
        view = s.data.get(WIDGET_VIEW)
        if view is None:
            problems.append(f"cell {s.cell} ({s.kind}): no widget view ({WIDGET_VIEW}) in its output")
        elif view.get("model_id") not in state:
            problems.append(f"cell {s.cell} ({s.kind}): widget model {view.get('model_id')} is not in the "
                            "notebook's widget state")
    return problems


def fallback_problems(nb) -> list[str]:
    """Course outputs without a widget view that would show nothing useful: a figure must carry its
    static form with a way to load plotly.js and say why the live version is missing; an exercise must
    carry its static self-check."""
    problems = []
    for s in course_outputs(nb):
        if WIDGET_VIEW in s.data or PLOTLY in s.data:
            continue
        html = s.data.get("text/html", "")
        html = "".join(html) if isinstance(html, list) else html
        if s.kind == "figure":
            if "plotly-graph-div" not in html or "course-live-missing" not in html or "plotly-" not in html:
                problems.append(f"cell {s.cell}: figure without a live view shows no static figure with "
                                "plotly.js and a reason line")
        elif not html.strip():
            problems.append(f"cell {s.cell}: exercise without a live view has no static form")
    return problems
