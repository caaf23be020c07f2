"""Binder rehearsal: a clean environment from requirements.txt alone (as repo2docker builds it), and one
with the package installed the way the Colab cell installs it; every chapter notebook runs in each,
from its own folder."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import ROOT

pytestmark = pytest.mark.book
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "appendix").glob("*.ipynb"))


def _copy_repo(target: Path) -> Path:
    """The files git would check out (repo2docker copies the repository, not the working tree's junk)."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        src = ROOT / name
        if src.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / name)
    return target


def _venv(path: Path, *pip_args: str, cwd: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    result = subprocess.run([str(path / "bin" / "python"), "-m", "pip", "install", "-q", *pip_args], cwd=cwd,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return path / "bin" / "python"


def _run_all(python: Path, workdir: Path, kernels: Path, repo: Path):
    """Execute each notebook of ``repo`` with a kernel running ``python``, from the notebook's folder."""
    spec = kernels / "kernels" / "rehearsal"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "rehearsal", "language": "python"}))
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(kernels)
    try:
        for original in NOTEBOOKS:
            path = repo / original.relative_to(ROOT)
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=120, kernel_name="rehearsal",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
            assert errors == [], path.name
    finally:
        if old is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = old


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("binder")
    repo = _copy_repo(tmp / "repo")
    python = _venv(tmp / "binder-env", "-r", "requirements.txt", cwd=repo)
    return tmp, repo, python


def test_notebooks_run_in_an_environment_built_from_requirements_txt_alone(binder):
    tmp, repo, python = binder
    _run_all(python, repo, tmp / "jupyter-binder", repo)


def test_notebooks_run_with_the_package_installed_as_the_colab_cell_does(binder, tmp_path):
    tmp, repo, binder_python = binder
    # Colab runs `pip install "alpha2-course @ git+URL"`: a regular (non-editable) build of the package.
    # Its dependencies are already on Colab; here they come from the Binder environment's site-packages.
    env = tmp_path / "colab-env"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    python = env / "bin" / "python"
    deps = subprocess.run([str(binder_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    Path(own, "colab_preinstalled.pth").write_text(deps + "\n")
    result = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(repo)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    check = subprocess.run([str(python), "-c", "import widgets, exercises; print(widgets.__file__);"
                            "print(len(widgets.data.all_facts()))"], cwd=elsewhere, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr[-2000:]
    where, count = check.stdout.split()
    assert str(env) in where and int(count) > 100  # the installed copy, data files included
    _run_all(python, repo, tmp_path / "jupyter", repo)
