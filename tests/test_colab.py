"""Colab rehearsal: a venv with Colab's Python and Colab's preinstalled versions of everything the notebooks
touch, then the notebooks' install cell (its own pip command, pointed at this checkout instead of
git+URL), then every notebook top to bottom. Each figure and exercise must carry a widget view with its
model state (Colab's custom widget manager renders those). Without the upgrade (Colab's ipywidgets 7 kept,
as the old cell without minimum versions did) the live widgets are missing, and the check says so; the
figures then still draw from their static form and say why, never a blank.

Colab's versions are taken from Google's published list of the default runtime's packages:
https://github.com/googlecolab/backend-info, pip-freeze.txt and os-info.txt at commit
a72407924822ea377410b69f0a290150bcb5c9c2 ("Upgrade to Python 3.13", 2026-08-19): Python 3.13.15.
This machine's Python 3.13 is pyenv's 3.13.x (patch level differs; the minor version is what wheels and
pins depend on). Not rehearsed: Colab's frontend itself (its widget manager and output iframes) and the
google.colab module, which exist only on Colab; the cell's Colab-only lines are checked as text.
"""
import re
import shlex

import pytest

import rehearsal
from bookext import publish
from helpers import ROOT, launch_chromium, serve

pytestmark = pytest.mark.book
COLAB_PYTHON = "3.13"
COLAB = {  # Colab's preinstalled versions (source above) of the packages the notebooks import or need
    "ipykernel": "6.17.1", "ipython": "7.34.0", "ipywidgets": "7.7.1", "widgetsnbextension": "3.6.10",
    "jupyterlab_widgets": "3.0.16", "jupyter_client": "7.4.9", "jupyter_core": "5.9.1", "traitlets": "5.7.1",
    "tornado": "6.5.7", "pyzmq": "26.2.1", "numpy": "2.1.3", "scipy": "1.16.3", "plotly": "5.24.1",
    "anywidget": "0.9.21", "psygnal": "0.15.1", "narwhals": "2.24.0", "PyYAML": "6.0.3", "packaging": "26.3",
    "decorator": "4.4.2", "pickleshare": "0.7.5", "backcall": "0.2.0", "nest-asyncio": "1.6.0",
    "debugpy": "1.8.15", "psutil": "5.9.5", "matplotlib-inline": "0.2.2", "prompt_toolkit": "3.0.53",
    "Pygments": "2.21.0", "python-dateutil": "2.9.0.post0", "platformdirs": "4.11.3",
    "typing_extensions": "4.16.0",
}
NOT_ON_COLAB = ["pint", "jupyterquiz"]  # the course's other dependencies (absent from Colab's list)
FORK = "https://github.com/pharmacology-teacher/alpha2-course-copy"


def install_command(checkout) -> list[str]:
    """The pip arguments of the notebooks' install cell, with this checkout in place of git+URL."""
    pub = publish.load({"repository": {"url": FORK, "branch": "main"}, "launch_buttons": {}})
    source = publish.colab_cell_source(pub)
    line = next(l.strip() for l in source.splitlines() if l.strip().startswith("%pip install"))
    args = shlex.split(line)[2:]
    requirement = publish.colab_install_source(pub)
    assert requirement in args, line
    return [str(checkout) if a == requirement else a for a in args]


def _build_colab(base):
    repo = rehearsal.copy_repo(base / "repo")
    env = rehearsal.venv(base / "colab-env", rehearsal.python(COLAB_PYTHON))
    rehearsal.pip(env, *[f"{k}=={v}" for k, v in COLAB.items()])
    preinstalled = rehearsal.installed(env, *COLAB)
    first = rehearsal.notebooks(repo)[0]
    # Without the upgrade: the package installed with Colab's copies kept (what dependencies without
    # minimum versions gave), and only what Colab lacks added.
    rehearsal.pip(env, "--no-deps", str(repo))
    rehearsal.pip(env, *NOT_ON_COLAB)
    with rehearsal.kernel(env, base / "jupyter-before") as name:
        before = rehearsal.run_notebook(first, name)
    # The install cell, as a student runs it first on Colab.
    rehearsal.pip(env, *install_command(repo))
    upgraded = rehearsal.installed(env, *COLAB)
    with rehearsal.kernel(env, base / "jupyter-after") as name:
        after = {nb.relative_to(repo).as_posix(): rehearsal.run_notebook(nb, name) for nb in rehearsal.notebooks(repo)}
    return {"env": env, "repo": repo, "preinstalled": preinstalled, "upgraded": upgraded,
            "before": before, "after": after, "python": rehearsal.version_of(env)}


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    return rehearsal.cached_env("colab", lambda: _build_colab(tmp_path_factory.mktemp("colab")))


def test_the_rehearsal_starts_from_colabs_python_and_versions(colab):
    assert colab["python"].startswith(COLAB_PYTHON + ".")
    assert {k.lower(): v for k, v in colab["preinstalled"].items()} == {k.lower(): v for k, v in COLAB.items()}


def test_the_install_cell_upgrades_the_widget_stack_and_leaves_colabs_kernel_alone(colab):
    got = colab["upgraded"]
    assert int(got["ipywidgets"].split(".")[0]) >= 8 and int(got["plotly"].split(".")[0]) >= 6
    assert got["ipykernel"] == COLAB["ipykernel"] and got["ipython"] == COLAB["ipython"]


def test_every_notebook_runs_top_to_bottom_after_the_install_cell(colab):
    assert colab["after"]
    for name, nb in colab["after"].items():
        assert rehearsal.errors(nb) == [], name


def test_every_figure_and_exercise_carries_a_live_widget_after_the_install_cell(colab):
    for name, nb in colab["after"].items():
        assert rehearsal.live_problems(nb) == [], name
    assert sum(len(rehearsal.course_outputs(nb)) for nb in colab["after"].values()) >= 18


def test_without_the_upgrade_the_live_widgets_are_missing_and_the_check_fails(colab):
    """ipywidgets 7 kept: the rehearsal's live check fails on every course widget of the chapter."""
    nb = colab["before"]
    assert rehearsal.errors(nb) == []
    problems = rehearsal.live_problems(nb)
    assert len(problems) == len([s for s in rehearsal.course_outputs(nb) if rehearsal.PLOTLY not in s.data]) > 0


def test_without_the_upgrade_each_figure_still_draws_and_says_why(colab):
    nb = colab["before"]
    assert rehearsal.fallback_problems(nb) == []
    figures = [s for s in rehearsal.course_outputs(nb) if s.kind == "figure" and rehearsal.PLOTLY not in s.data]
    assert figures
    for shown in figures:
        html = shown.data["text/html"]
        assert "ipywidgets 7.7.1 is installed and it needs ipywidgets 8 or newer" in html
        assert re.search(r"https://cdn\.plot\.ly/plotly-[\d.]+\.min\.js", html)


def _page(tmp_path, html):
    (tmp_path / "index.html").write_text(f"<!doctype html><html><head></head><body>{html}</body></html>")
    return serve(tmp_path)


@pytest.mark.browser
def test_the_fallback_figure_renders_in_chromium_and_never_blanks(colab, tmp_path):
    """As in a Colab output frame: plotly.js comes from its CDN (served here from the installed plotly's copy);
    with the CDN unreachable, the figure's box says so."""
    from playwright.sync_api import sync_playwright

    shown = next(s for s in rehearsal.course_outputs(colab["before"]) if s.kind == "figure"
                 and rehearsal.PLOTLY not in s.data)
    html = shown.data["text/html"]
    cdn = re.search(r"https://cdn\.plot\.ly/plotly-[\d.]+\.min\.js", html).group(0)
    plotly_js = next(colab["env"].parent.parent.glob("lib/python*/site-packages/plotly/package_data/plotly.min.js"))
    base, server = _page(tmp_path, html)
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for reachable in (True, False):
                page = browser.new_page()
                page.route(cdn, lambda route: route.fulfill(path=str(plotly_js), content_type="text/javascript")
                           if reachable else route.abort())
                page.goto(base + "/index.html", wait_until="load")
                page.wait_for_timeout(1500)
                text = page.inner_text("body")
                assert "ipywidgets 8 or newer" in text
                if reachable:
                    assert page.locator("svg.main-svg").count() >= 1
                else:
                    assert page.locator("svg.main-svg").count() == 0
                    assert "plotly.js could not be loaded" in text
                page.close()
            browser.close()
    finally:
        server.shutdown()
