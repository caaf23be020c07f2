"""The course packages as student code sees them under the grader: a public copy with no answer key.

Why: the sandbox used to mount the real package, bank included, so a notebook could ask the registry for
the expected answer or call the reference function. At the start of each run the grader copies
``exercises`` and ``widgets`` into its private work folder, leaving out the exercise bank's modules
(answers, correct options, reference functions, test cases, misconception values, worked solutions)
and every compiled ``__pycache__`` (a ``.pyc`` of the bank is the bank). Only this copy is mounted in the
sandbox and put on its ``PYTHONPATH``. In it ``exercises.start``/``ex.ask`` only record raw answers
(``record.grading()``), so notebooks run unchanged, and ``registry.all_exercises()`` is empty.

What stays public, and must: the models and cited data in ``widgets`` (the course teaches with them),
so a student can compute a public exercise's answer at home; see the README on private exercises.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

PACKAGES = ("exercises", "widgets")
BANK = ("exercises", "bank")
SECRET_NAMES = ("answer-key.csv", "private")   # never copied even if a teacher left them in a package


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the course package {name!r} is not importable")
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def _ignore(directory: str, names: list[str]) -> set[str]:
    skipped = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".pyo")) or n in SECRET_NAMES
               or n.startswith(".")}
    if Path(directory).parts[-2:] == BANK:
        skipped |= {n for n in names if n != "__init__.py"}
    return skipped


def build(dest: Path) -> Path:
    """Write the public copy into ``dest`` (created) and return it; world-readable, for a non-root uid."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for name in PACKAGES:
        target = dest / name
        shutil.copytree(package_dir(name), target, ignore=_ignore, dirs_exist_ok=False)
    bank_init = dest.joinpath(*BANK, "__init__.py")
    bank_init.parent.mkdir(parents=True, exist_ok=True)
    bank_init.write_text('"""Empty under the grader: the exercise bank stays in the grader\'s process."""\n',
                         encoding="utf-8")
    for root, dirs, files in os.walk(dest):
        os.chmod(root, 0o755)
        for f in files:
            os.chmod(os.path.join(root, f), 0o644)
    os.chmod(dest, 0o755)
    return dest


def leaks(dest: Path) -> list[str]:
    """Files in the copy that could carry the key (for the tests and a last check before mounting)."""
    bank = Path(dest).joinpath(*BANK)
    found = [str(p) for p in bank.rglob("*") if p.name != "__init__.py"]
    found += [str(p) for p in Path(dest).rglob("*.pyc")]
    return found
