"""JupyterHub rehearsal, as far as one machine allows: a single-user Jupyter server (what a hub starts for
each student) in an environment from requirements.txt plus JupyterLab at the pins of requirements-lab.txt
and nbgitpuller. The course's nbgitpuller link (built by bookext.publish from the published URL) is sent to
that server, which pulls the repository (here a local git copy standing in for GitHub) into the student's
home; then every notebook runs through the server's REST and kernel websocket API, as JupyterLab runs it,
and every figure and exercise must come back as a widget view with its model state. Then JupyterLab itself,
in headless Chromium with every outside host blocked, runs the first chapter and shows its live figures.

Not rehearsed: the hub itself (JupyterHub's proxy, spawner and login need a multi-user system service
and a user database; the single-user server is what a student's browser talks to).
"""
import asyncio
import json
import re
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import uuid

import nbformat
import pytest

import rehearsal
from bookext import publish
from helpers import ROOT

pytestmark = pytest.mark.book
RUNTIME = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip().removeprefix("python-")
NBGITPULLER = "nbgitpuller==1.3.0"  # the hub's extension (not a course dependency)
NAME = "alpha2-course-copy"
FORK = f"https://github.com/pharmacology-teacher/{NAME}"
HUB = "https://jupyter.campus-hub.ac.uk"
TOKEN = uuid.uuid4().hex


def _lab_constraints(path):
    """requirements-lab.txt and requirements-dev.txt pins as a constraints file (JupyterLab at our pins)."""
    pins = [line.strip() for name in ("requirements-lab.txt", "requirements-dev.txt", "requirements.txt")
            for line in (ROOT / name).read_text(encoding="utf-8").splitlines() if "==" in line]
    path.write_text("\n".join(pins) + "\n")
    return path


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git_copy(base):
    """The published repository, as a local git repository on its branch (nbgitpuller clones it)."""
    repo = rehearsal.copy_repo(base / NAME)
    git = ["git", "-c", "user.name=rehearsal", "-c", "user.email=rehearsal@localhost"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(git + ["-C", str(repo), "add", "-A"], check=True)
    subprocess.run(git + ["-C", str(repo), "commit", "-q", "-m", "published"], check=True)
    return repo


def _build_hub(base):
    env = rehearsal.venv(base / "hub-env", rehearsal.python(RUNTIME))
    source = _git_copy(base / "published")
    rehearsal.pip(env, "-r", "requirements.txt", "jupyterlab", "jupyter_server", NBGITPULLER,
                  "-c", str(_lab_constraints(base / "constraints.txt")), cwd=source)
    return env, source


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env, source = rehearsal.cached_env("hub", lambda: _build_hub(tmp_path_factory.mktemp("hub")))
    home = tmp_path_factory.mktemp("student-home")
    port = _free_port()
    log = open(home.parent / "server.log", "w")
    proc = subprocess.Popen(
        [str(env.parent / "jupyter-lab"), "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={home}", "--allow-root"],
        stdout=log, stderr=subprocess.STDOUT, cwd=home, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            _get(base, "/api/status")
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, (home.parent / "server.log").read_text()[-3000:]
            time.sleep(0.5)
    yield {"base": base, "home": home, "source": source, "env": env}
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _get(base, path, **params):
    query = urllib.parse.urlencode({**params, "token": TOKEN})
    with urllib.request.urlopen(f"{base}{path}{'&' if '?' in path else '?'}{query}", timeout=120) as r:
        return r.status, r.read().decode("utf-8", "replace")


def _post(base, path, body):
    req = urllib.request.Request(f"{base}{path}?token={TOKEN}", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def test_the_nbgitpuller_link_pulls_the_published_repository_into_the_students_home(server):
    pub = publish.load({"repository": {"url": FORK, "branch": "main"}, "launch_buttons": {"jupyterhub_url": HUB}})
    chapter = rehearsal.notebooks(server["source"])[0].relative_to(server["source"]).as_posix()
    link = publish.nbgitpuller_url(chapter, pub)
    assert link.startswith(f"{HUB}/hub/user-redirect/git-pull?")
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
    assert params == {"repo": FORK, "branch": "main", "urlpath": f"lab/tree/{NAME}/{chapter}"}
    # The hub redirects /hub/user-redirect/git-pull to the student's server's /git-pull with the same query.
    # GitHub is out of reach here: the same repository, as a local git copy, stands in for the URL.
    status, page = _get(server["base"], "/git-pull", **{**params, "repo": str(server["source"])})
    assert status == 200 and "git-pull" in page
    status, events = _get(server["base"], "/git-pull/api", repo=str(server["source"]), branch=params["branch"],
                          targetpath=NAME)
    assert status == 200 and '"phase": "finished"' in events, events[-2000:]
    assert (server["home"] / params["urlpath"].removeprefix("lab/tree/")).is_file()


def _run_through_server(base, home, path):
    from tornado.websocket import websocket_connect

    nb = nbformat.read(path, as_version=4)
    rel = path.relative_to(home).as_posix()
    session = _post(base, "/api/sessions", {"path": rel, "type": "notebook", "name": path.name,
                                             "kernel": {"name": "python3"}})
    kernel_id = session["kernel"]["id"]
    state = {}

    async def run():
        ws = await websocket_connect(f"ws://127.0.0.1:{base.rsplit(':', 1)[1]}/api/kernels/{kernel_id}/channels"
                                     f"?token={TOKEN}")
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            msg_id = uuid.uuid4().hex
            await ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "student",
                           "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": cell.source, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
            while True:
                raw = await asyncio.wait_for(ws.read_message(), timeout=180)
                assert raw is not None, "the kernel websocket closed"
                msg = json.loads(raw)
                kind = msg["header"]["msg_type"]
                if kind in ("comm_open", "comm_msg") and "state" in msg["content"].get("data", {}):
                    state.setdefault(msg["content"]["comm_id"], {}).update(msg["content"]["data"]["state"])
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if kind in ("display_data", "execute_result", "stream", "error"):
                    cell.outputs.append(nbformat.v4.output_from_msg(msg))
                if kind == "status" and msg["content"]["execution_state"] == "idle":
                    break
        ws.close()

    try:
        asyncio.run(run())
    finally:
        urllib.request.urlopen(urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={TOKEN}",
                                                      method="DELETE"), timeout=60)
    nb.metadata["widgets"] = {rehearsal.WIDGET_STATE: {"state": {k: {"state": v} for k, v in state.items()
                                                                  if "_model_name" in v}}}
    return nb


@pytest.fixture(scope="module")
def executed(server):
    pulled = server["home"] / NAME
    if not pulled.is_dir():  # the pull test did not run first: pull the same way
        _get(server["base"], "/git-pull/api", repo=str(server["source"]), branch="main", targetpath=NAME)
    return {p.relative_to(pulled).as_posix(): _run_through_server(server["base"], server["home"], p)
            for p in rehearsal.notebooks(pulled)}


def test_every_notebook_runs_through_the_servers_kernel_api(executed):
    assert executed
    for name, nb in executed.items():
        assert rehearsal.errors(nb) == [], name


def test_every_figure_and_exercise_comes_back_as_a_widget_with_its_model(executed):
    for name, nb in executed.items():
        assert rehearsal.live_problems(nb) == [], name
    assert sum(len(rehearsal.course_outputs(nb)) for nb in executed.values()) >= 18


def test_the_servers_jupyterlab_has_the_widget_extensions_and_saves_no_widget_state(server):
    status, body = _get(server["base"], "/lab/api/settings/@jupyter-widgets/jupyterlab-manager:plugin")
    settings = json.loads(body)
    assert status == 200 and settings["schema"]["properties"]["saveState"]["default"] is False
    assert settings["settings"].get("saveState", False) is False
    status, page = _get(server["base"], "/lab")
    federated = re.search(r'"federated_extensions":\s*(\[.*?\])', page)
    names = {e["name"] for e in json.loads(federated.group(1))} if federated else set()
    assert {"@jupyter-widgets/jupyterlab-manager", "anywidget"} <= names, names


@pytest.mark.browser
def test_widgets_render_in_jupyterlab_in_chromium(server, executed, tmp_path):
    """The student's view: JupyterLab (offline: every outside host blocked) opens the first chapter, runs all
    cells, and each course figure appears as a live plotly figure with its slider."""
    from playwright.sync_api import sync_playwright

    from helpers import launch_chromium

    name, nb = next(iter(executed.items()))
    figures = len([s for s in rehearsal.course_outputs(nb) if s.kind == "figure" and rehearsal.PLOTLY not in s.data])
    assert figures >= 1
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        outside = []
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                   else (outside.append(route.request.url), route.abort()))
        page.goto(f"{server['base']}/lab/tree/{NAME}/{name}?token={TOKEN}", wait_until="load")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_timeout(3000)  # the kernel session starts
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
        page.wait_for_function(f"document.querySelectorAll('.jp-OutputArea .js-plotly-plot').length >= {figures}",
                               timeout=240_000)
        sliders = page.locator(".jp-OutputArea .widget-slider, .jp-OutputArea .widget-hslider").count()
        page.locator(".jp-OutputArea .js-plotly-plot").first.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "jupyterlab.png"))
        browser.close()
    assert sliders >= figures
    assert outside == []
