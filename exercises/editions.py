"""Student and teacher editions of the chapter notebooks.

Student edition: outputs removed (the public self-checks carry the default variant's answers), the
student's variant seed written into the setup cell, and each exercise cell turned into an answer cell.
It goes to ``OUT/generic/``, or with a roster to ``OUT/per-student/<id>/`` with the student's name and id
on the first cell; a rerun replaces that folder, so the two kinds never mix.
No solutions, answer keys or hidden checks are written anywhere in it. Teacher edition: the notebooks
with a worked solution after each exercise, and an answer key per student when a roster is given.

With ``--private BANK.py`` (a teacher's private bank, ``registry.read_private``) each private exercise is
asked in its chapter: a Markdown cell with what the student must see (title, objective, the prompt for
the student's variant, the options or items, how to answer, "checked after you submit") and an answer
cell like a public one. Nothing else of the file is written: no answer, correct option, misconception,
case, reference, hint, rubric or solution (hints and feedback can give the answer away). Where: after
the public exercise its ``AFTER`` entry names, else after the chapter's last exercise under the heading
"Questions checked after you submit". The teacher edition adds each private exercise's key and worked
solution, and the answer key lists private numeric exercises too.

    python -m exercises student --out DIR [--roster roster.csv] [--private BANK.py]
    python -m exercises teacher --out DIR [--roster roster.csv] [--private BANK.py]
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
from .core import Choice, Code, Exercise, FreeText, Matching, Numeric, Ordering
from .parsing import prompt_unit
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


def answer_cell_source(exercise: str | Exercise) -> str:
    ex = exercise if isinstance(exercise, Exercise) else registry.get(exercise)
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


def student_notebook(nb, seed: int | None, private: registry.PrivateBank | None = None):
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
    if private:
        nb.cells = with_private(nb.cells, private, lambda ex: private_cells(ex, seed))
    nb.metadata["alpha2course"] = {"edition": "student", **({"seed": seed} if seed is not None else {})}
    return nb


def teacher_notebook(nb, private: registry.PrivateBank | None = None):
    nb = copy.deepcopy(nb)
    if private:
        nb.cells = with_private(nb.cells, private, lambda ex: [*private_cells(ex, None), solution_cell(ex)])
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        asked = asked_exercise(cell.source) if cell.cell_type == "code" else None
        if asked and not registry.is_private_id(asked):   # a private one already has its solution cell
            cells.append(solution_cell(registry.get(asked)))
    nb.cells = cells
    nb.metadata["alpha2course"] = {"edition": "teacher"}
    return nb


def solution_cell(ex: Exercise):
    text = ex.solution_text() or "(no worked solution written)"
    if isinstance(ex, Code):
        text = f"\n\n```python\n{text}\n```"
    key = f" Key: {private_key(ex)}." if registry.is_private_id(ex.id) else ""
    return nbformat.v4.new_markdown_cell(f"**Worked solution ({ex.id}, default variant).**{key} {text}")


# ---- private exercises (a teacher's bank outside the package) ---------------------------------------
PRIVATE_HEADING = ("## Questions checked after you submit\n\nYour teacher keeps these questions' answers "
                   "private. Answer each in its cell and run it: the notebook saves your answer, and your "
                   "teacher's grader checks it after you hand the notebook in.")
LETTERS = "ABCDEFGHIJ"


def how_to_answer(ex: Exercise) -> str:
    """What the student types, in words: no example that could be (part of) the answer."""
    if isinstance(ex, Numeric):
        return f"a number {prompt_unit(ex.unit)}" + ("" if ex.unit in ("dimensionless", "percent") else
                                                      " (write the unit after the number)")
    if isinstance(ex, Choice):
        letters = ", ".join(LETTERS[: len(ex.options)])
        return (f"the letters of all options that apply ({letters}), separated by commas" if ex.multiple else
                f"the letter of one option ({letters})")
    if isinstance(ex, Ordering):
        return f"all {len(ex.items)} letters in order, first to last, separated by commas"
    if isinstance(ex, Matching):
        return "one pair per numbered item, the item's number then a letter joined by '-', separated by commas"
    if isinstance(ex, Code):
        return f"the function `{ex.function_name}`; it is tested on cases your teacher keeps"
    if isinstance(ex, FreeText):
        return f"an explanation of at least {ex.min_words} words, marked by your teacher"
    return "your answer"


def private_question_markdown(ex: Exercise, seed: int | None) -> str:
    from widgets.text import render   # the one placeholder grammar, as ``Exercise.text`` uses

    params = ex.params(seed)
    points = f"{ex.points:g} point{'s' if ex.points != 1 else ''}"
    title = render(ex.title or ex.objective, "text", ex.defaults)
    lines = [f"**Question checked after you submit · {title}** ({points}) `{ex.id}`", "", f"*{ex.objective}*", "",
             ex.text(params), ""]
    if isinstance(ex, Choice):
        lines += [f"{LETTERS[i]}. {option}" for i, option in enumerate(ex.options)] + [""]
    elif isinstance(ex, Ordering):
        lines += [f"{LETTERS[i]}. {item}" for i, item in enumerate(ex.presented())] + [""]
    elif isinstance(ex, Matching):
        lines += [f"{i + 1}. {left}" for i, left in enumerate(ex.left)] + [""]
        lines += [f"{LETTERS[j]}. {right}" for j, right in enumerate(ex.right)] + [""]
    lines.append(f"Answer with {how_to_answer(ex)}. The notebook saves your answer but cannot tell you whether "
                 "it is right: it is checked after you submit.")
    return "\n".join(lines)


def private_cells(ex: Exercise, seed: int | None) -> list:
    """The two cells a student gets for one private exercise: the question and its answer cell."""
    return [nbformat.v4.new_markdown_cell(private_question_markdown(ex, seed)),
            nbformat.v4.new_code_cell(answer_cell_source(ex))]


def private_key(ex: Exercise) -> str:
    """The answer of the default variant in a line (teacher edition only)."""
    if isinstance(ex, Numeric):
        return f"{ex.expected():.4g} ({ex.unit})"
    if isinstance(ex, Choice):
        return ", ".join(LETTERS[i] for i in sorted(ex.correct))
    if isinstance(ex, Ordering):
        shown = ex.presented()
        return ", ".join(LETTERS[shown.index(item)] for item in ex.items)
    if isinstance(ex, Matching):
        return ", ".join(f"{k + 1}-{LETTERS[v]}" for k, v in sorted(ex.pairs.items()))
    if isinstance(ex, Code):
        return f"tested on {len(ex.cases(None))} cases and the private bank's extra ones"
    return "marked with the rubric: " + "; ".join(getattr(ex, "rubric", ()))


def _chapter_of(cells) -> str | None:
    for cell in cells:
        match = START.search(cell.source) if cell.cell_type == "code" else None
        if match:
            return match.group("ch")
    return None


def with_private(cells: list, private: registry.PrivateBank, make) -> list:
    """``cells`` with ``make(ex)`` inserted for each private exercise of the notebook's chapter: after the
    answer cell of the public exercise ``AFTER`` names, else after the last exercise under a heading."""
    chapter = _chapter_of(cells)
    mine = [ex for ex in private.exercises if ex.chapter == chapter]
    if not mine:
        return cells
    ends, last = {}, len(cells)   # public id -> index after its cells; where the default group goes
    for i, cell in enumerate(cells):
        asked = asked_exercise(cell.source) if cell.cell_type == "code" else None
        if asked:
            ends[asked] = last = i + 1
    inserts: dict[int, list] = {}
    rest = [ex for ex in mine if private.after.get(ex.id) not in ends]
    for ex in mine:
        if ex not in rest:
            inserts.setdefault(ends[private.after[ex.id]], []).extend(make(ex))
    if rest:
        group = [nbformat.v4.new_markdown_cell(PRIVATE_HEADING)] + [c for ex in rest for c in make(ex)]
        inserts.setdefault(last, []).extend(group)
    out = list(cells)
    for index in sorted(inserts, reverse=True):
        out[index:index] = inserts[index]
    return out


def answer_key_rows(roster: list[dict], extra: list[Exercise] = ()) -> list[dict]:
    rows = []
    for student in roster:
        for ex in [*registry.all_exercises().values(), *extra]:
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


def write_student(out: Path, roster: list[dict] | None, private: registry.PrivateBank | None = None) -> list[Path]:
    """``out/generic/`` without a roster, ``out/per-student/<id>/`` with one; a rerun replaces that folder."""
    written = []
    base = out / (PER_STUDENT if roster else GENERIC)
    _fresh(base)
    targets = [(base / r["student_id"], r) for r in roster] if roster else [(base, None)]
    for folder, student in targets:
        folder.mkdir(parents=True, exist_ok=True)
        for path in chapter_notebooks():
            target = folder / path.name
            nb = student_notebook(nbformat.read(path, as_version=4), student["seed"] if student else None, private)
            if student:
                nb.cells.insert(0, name_cell(student))
                nb.metadata["alpha2course"]["student_id"] = student["student_id"]
            nbformat.write(nb, target)
            written.append(target)
    return written


def write_teacher(out: Path, roster: list[dict] | None, private: registry.PrivateBank | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in chapter_notebooks():
        target = out / path.name
        nbformat.write(teacher_notebook(nbformat.read(path, as_version=4), private), target)
        written.append(target)
    if roster:
        key = out / "answer-key.csv"
        rows = answer_key_rows(roster, private.exercises if private else [])
        with open(key, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["student_id", "exercise", "expected", "unit", "parameters"])
            writer.writeheader()
            writer.writerows(rows)
        written.append(key)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, help="folder to write into")
    parser.add_argument("--roster", type=Path, help="CSV with student_id[,name][,seed]: one edition per student")
    parser.add_argument("--private", type=Path, help="a private bank file (EXERCISES, optional AFTER): its "
                                                     "questions are asked, checked after the student submits")


def run(edition: str, args: argparse.Namespace) -> int:
    try:
        roster = read_roster(args.roster) if args.roster else None
        private = registry.read_private(args.private) if args.private else None
    except (OSError, ValueError) as exc:
        print(f"error: {exc}")
        return 2
    try:
        written = (write_student if edition == "student" else write_teacher)(args.out, roster, private)
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
