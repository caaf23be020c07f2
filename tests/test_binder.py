"""Binder rehearsal: repo2docker reads runtime.txt for the Python version and installs requirements.txt
(with `-e .`). Here a clean venv with that same Python is built from requirements.txt alone, every notebook
runs top to bottom with a real kernel, and every course figure and exercise carries a widget view whose
model is in the saved widget state. Python 3.10 (repo2docker's default without runtime.txt) is refused by
pip, which is why runtime.txt exists."""
import copy
import re
import tomllib

import pytest
from packaging.specifiers import SpecifierSet

import rehearsal
from helpers import ROOT

pytestmark = pytest.mark.book
RUNTIME = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
MINOR = RUNTIME.removeprefix("python-")
REQUIRES = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
# Any download a notebook tried at run time would go here and fail (Binder must need nothing from outside).
NO_NETWORK = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "no_proxy": "127.0.0.1,localhost"}


def _build_binder(base):
    repo = rehearsal.copy_repo(base / "repo")
    env = rehearsal.venv(base / "binder-env", rehearsal.python(MINOR))
    rehearsal.pip(env, "-r", "requirements.txt", cwd=repo)
    with rehearsal.kernel(env, base / "jupyter") as name:
        executed = {nb.relative_to(repo).as_posix(): rehearsal.run_notebook(nb, name, NO_NETWORK)
                    for nb in rehearsal.notebooks(repo)}
    return env, repo, executed


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    return rehearsal.cached_env("binder", lambda: _build_binder(tmp_path_factory.mktemp("binder")))


def test_runtime_txt_names_a_python_that_requires_python_accepts():
    assert re.fullmatch(r"python-3\.\d+", RUNTIME), "runtime.txt must read like python-3.11 (repo2docker's format)"
    spec = SpecifierSet(REQUIRES)
    assert f"{MINOR}.0" in spec
    assert "3.10.13" not in spec  # the pins cannot install there (see the 3.10 test below)


def test_binder_environment_has_the_runtime_python_and_the_pins(binder):
    env, _, _ = binder
    assert rehearsal.version_of(env).startswith(MINOR + ".")
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    got = rehearsal.installed(env, "ipywidgets", "plotly", "anywidget", "ipykernel", "numpy")
    for name, version in got.items():
        assert pins[name] == version, name


def test_jupyterlab_widget_extensions_come_prebuilt_with_the_pins(binder):
    """JupyterLab on Binder finds the widget manager and anywidget's extension in the environment:
    nothing is built or downloaded when the server starts."""
    env, _, _ = binder
    lab = env.parent.parent / "share" / "jupyter" / "labextensions"
    for extension in ("@jupyter-widgets/jupyterlab-manager", "anywidget"):
        assert (lab / extension / "package.json").is_file(), extension
    assert not [p for p in ("postBuild", "start", "binder/postBuild", "binder/start") if (ROOT / p).exists()]


def test_every_notebook_runs_top_to_bottom_with_no_network(binder):
    _, _, executed = binder
    assert executed, "no notebooks found in chapters/ or appendix/"
    for name, nb in executed.items():
        assert rehearsal.errors(nb) == [], name


def test_every_figure_and_exercise_renders_as_a_live_widget(binder):
    _, _, executed = binder
    counts = {"figure": 0, "exercise": 0}
    for name, nb in executed.items():
        assert rehearsal.live_problems(nb) == [], name
        for shown in rehearsal.course_outputs(nb):
            counts[shown.kind] += 1
    assert counts["figure"] >= 6 and counts["exercise"] >= 12, counts


def test_a_missing_widget_view_or_model_state_is_caught(binder):
    """The check above is real: a planted defect in an executed notebook is named."""
    _, _, executed = binder
    nb = copy.deepcopy(next(nb for nb in executed.values() if rehearsal.course_outputs(nb)))
    first = rehearsal.course_outputs(nb)[0]
    output = next(o for o in nb.cells[first.cell].outputs if o.get("data", {}).get(rehearsal.WIDGET_VIEW))
    model = output["data"][rehearsal.WIDGET_VIEW]["model_id"]
    del nb.metadata["widgets"][rehearsal.WIDGET_STATE]["state"][model]
    assert any(f"cell {first.cell}" in p and "not in the notebook's widget state" in p
               for p in rehearsal.live_problems(nb))
    del output["data"][rehearsal.WIDGET_VIEW]
    assert any(f"cell {first.cell}" in p and "no widget view" in p for p in rehearsal.live_problems(nb))


@pytest.mark.parametrize("minor", ["3.10"])
def test_requirements_refuse_the_python_binder_would_use_without_runtime_txt(minor, tmp_path):
    env = rehearsal.venv(tmp_path / f"py{minor}", rehearsal.python(minor))
    result = rehearsal.pip(env, "--dry-run", "-r", "requirements.txt", cwd=ROOT, check=False)
    assert result.returncode != 0
    assert "No matching distribution found for" in result.stderr
    assert re.search(r"Requires-Python >=3\.1[1-9]", result.stderr), result.stderr[-2000:]
