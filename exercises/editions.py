"""Student and teacher editions of the chapter notebooks.

Student edition: outputs removed (the public self-checks carry the default variant's answers), the
student's variant seed written into the setup cell, and each exercise cell turned into an answer cell.
It goes to ``OUT/generic/``, or with a roster to ``OUT/per-student/<id>/`` with the student's name and id
on the first cell; a rerun replaces that folder, so the two kinds never mix.
No solutions, answer keys or hidden checks are written anywhere in it. Teacher edition: the notebooks
with a worked solution after each exercise, and an answer key per student when a roster is given.

    python -m exercises student --out DIR [--roster roster.csv]
    python -m exercises teacher --out DIR [--roster roster.csv]
"""
from __future__ import annotations

import argparse
import copy
import csv
import re
import shutil
from pathlib import Path

import nbformat

from . import registry
from .core import Code, FreeText, Numeric
from .grading.notebooks import NotebookInfo, _scan
from .roster import seed_for  # noqa: F401 - the one seed rule, re-exported for the editions' callers

ROOT = Path(__file__).resolve().parents[1]
START = re.compile(r'exercises\.start\(\s*"(?P<ch>ch\d+)"\s*(?:,\s*seed\s*=\s*\d+\s*)?\)')


def chapter_notebooks() -> list[Path]:
    return sorted((ROOT / "chapters").glob("ch*.ipynb"))


def read_roster(path: Path) -> list[dict]:
    """The one roster reader (``exercises/roster.py``): a missing seed is derived from the student id."""
    from .roster import read

    return [{"student_id": st.student_id, "name": st.name, "seed": st.seed} for st in read(path)]


def answer_cell_source(exercise_id: str) -> str:
    ex = registry.get(exercise_id)
    if isinstance(ex, Code):
        return (f"# Exercise {ex.id}: write the function, then run this cell.\n"
                f"def {ex.function_name}(*args):\n    return None  # write your function here\n\n"
                f'ex.ask("{ex.id}", answer={ex.function_name})')
    if isinstance(ex, FreeText):
        return (f"# Exercise {ex.id}: write your explanation between the triple quotes, then run this cell.\n"
                f'ex.ask("{ex.id}", answer="""\n\n""")')
    how = "a number with its unit" if isinstance(ex, Numeric) else "your answer"
    return (f"# Exercise {ex.id}: type {how} between the quotes, then run this cell.\n"
            f'ex.ask("{ex.id}", answer="")')


def asked_exercise(source: str) -> str | None:
    """The exercise a cell asks, found by the class grader's own AST scanner (one scanner, not two)."""
    info = NotebookInfo([(1, source)])
    _scan(info)
    return info.asked[0] if info.asked else None


def student_notebook(nb, seed: int | None):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        asked = asked_exercise(cell.source)
        if asked:
            cell.source = answer_cell_source(asked)
            cell.metadata["tags"] = [t for t in cell.metadata.get("tags", []) if t != "nbval-ignore-output"]
        elif START.search(cell.source) and seed is not None:
            cell.source = START.sub(lambda m: f'exercises.start("{m.group("ch")}", seed={seed})', cell.source)
    nb.metadata["alpha2course"] = {"edition": "student", **({"seed": seed} if seed is not None else {})}
    return nb


def teacher_notebook(nb):
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        asked = asked_exercise(cell.source) if cell.cell_type == "code" else None
        if asked:
            ex = registry.get(asked)
            text = ex.solution_text() or "(no worked solution written)"
            if isinstance(ex, Code):
                text = f"\n\n```python\n{text}\n```"
            cells.append(nbformat.v4.new_markdown_cell(f"**Worked solution ({ex.id}, default variant).** {text}"))
    nb.cells = cells
    nb.metadata["alpha2course"] = {"edition": "teacher"}
    return nb


def answer_key_rows(roster: list[dict]) -> list[dict]:
    rows = []
    for student in roster:
        for ex in registry.all_exercises().values():
            if isinstance(ex, Numeric):
                params = ex.params(student["seed"])
                rows.append({"student_id": student["student_id"], "exercise": ex.id,
                             "expected": f"{ex.expected(params):.4g}", "unit": ex.unit,
                             "parameters": ", ".join(f"{k}={v:g}" for k, v in params.items())})
    return rows


GENERIC, PER_STUDENT = "generic", "per-student"   # the two kinds of student edition, never mixed
MARKER = ".course-edition"                        # written into a folder this tool owns (safe to replace)


def _fresh(folder: Path) -> None:
    """Empty ``folder`` for a rerun: replaced if this tool wrote it, refused if it holds anything else."""
    if folder.exists():
        if not (folder / MARKER).exists() and any(folder.iterdir()):
            raise ValueError(f"{folder} exists and was not written by `python -m exercises`: move it or choose "
                             "another --out")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("written by python -m exercises; replaced on every run\n", encoding="utf-8")


def name_cell(student: dict):
    """The first cell of a per-student edition: whose notebook it is."""
    name = re.sub(r"\s+", " ", student.get("name") or "").strip()
    who = f"{name} ({student['student_id']})" if name else student["student_id"]
    return nbformat.v4.new_markdown_cell(
        f"**Student edition for {who}.** The numbers in these exercises are your own variant (seed "
        f"{student['seed']}): hand in this notebook, and answer with your own numbers.")


def write_student(out: Path, roster: list[dict] | None) -> list[Path]:
    """``out/generic/`` without a roster, ``out/per-student/<id>/`` with one; a rerun replaces that folder."""
    written = []
    base = out / (PER_STUDENT if roster else GENERIC)
    _fresh(base)
    targets = [(base / r["student_id"], r) for r in roster] if roster else [(base, None)]
    for folder, student in targets:
        folder.mkdir(parents=True, exist_ok=True)
        for path in chapter_notebooks():
            target = folder / path.name
            nb = student_notebook(nbformat.read(path, as_version=4), student["seed"] if student else None)
            if student:
                nb.cells.insert(0, name_cell(student))
                nb.metadata["alpha2course"]["student_id"] = student["student_id"]
            nbformat.write(nb, target)
            written.append(target)
    return written


def write_teacher(out: Path, roster: list[dict] | None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in chapter_notebooks():
        target = out / path.name
        nbformat.write(teacher_notebook(nbformat.read(path, as_version=4)), target)
        written.append(target)
    if roster:
        key = out / "answer-key.csv"
        rows = answer_key_rows(roster)
        with open(key, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["student_id", "exercise", "expected", "unit", "parameters"])
            writer.writeheader()
            writer.writerows(rows)
        written.append(key)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, help="folder to write into")
    parser.add_argument("--roster", type=Path, help="CSV with student_id[,name][,seed]: one edition per student")


def run(edition: str, args: argparse.Namespace) -> int:
    try:
        roster = read_roster(args.roster) if args.roster else None
    except (OSError, ValueError) as exc:
        print(f"error: {exc}")
        return 2
    try:
        written = (write_student if edition == "student" else write_teacher)(args.out, roster)
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    print(f"{edition} edition: {len(written)} file(s) in {args.out}")
    return 0


def main(argv: list[str]) -> int:
    """``main(["student", "--out", DIR])``: the editions alone (``python -m exercises`` is the usual way)."""
    parser = argparse.ArgumentParser(prog="python -m exercises", description="Write course editions.")
    parser.add_argument("edition", choices=["student", "teacher"])
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.edition, args)
