"""``python -m exercises merge-marks --out DIR MARKS.csv``: the teacher's marks for written answers, merged into
the final gradebook and LMS files.

Why: written explanations are marked by hand, so a grading run alone gives only the automatic points
(``max`` says so). Once the marks are merged, every written answer counts and ``max`` is the notebook's
full total. The marks file has one row per student per exercise, with the columns ``student_id``,
``exercise`` and ``mark`` (other columns are ignored, so ``free_text.csv`` with a ``mark`` column added
works as it is). It is checked as a whole before anything is written: a mark that is not a number, is
out of range, names an unknown student or exercise, appears twice, or a recorded answer left without a
mark, is refused with its line. A validated copy is kept as ``DIR/marks.csv``, so a later grading run
into the same folder keeps the marks.
"""
from __future__ import annotations

import argparse
import copy
import csv
import io
import json
import math
import sys
from pathlib import Path

from .judge import is_auto

RESULTS = "results.json"   # the graded rows of the last run, written by reports.write_all
MARKS = "marks.csv"


class MarksError(ValueError):
    """The marks file cannot be merged; the message says which lines and why."""


def read(text: str, rows: list[dict]) -> dict[tuple[str, str], float]:
    """Validated marks keyed on (student_id, exercise)."""
    reader = csv.DictReader(io.StringIO(text))
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
    missing = [c for c in ("student_id", "exercise", "mark") if c not in columns]
    if missing:
        raise MarksError(f"the marks file needs the columns student_id, exercise, mark (missing: {', '.join(missing)})")
    written = {(r["student_id"], e["exercise"]): e for r in rows if r["status"].startswith("graded")
               for e in r.get("exercises") or [] if not e.get("auto", True)}
    known_students = {r["student_id"] for r in rows}
    known_exercises = {ex for _, ex in written}
    marks, problems = {}, []
    for line, row in enumerate(reader, start=2):
        sid = (row.get(columns["student_id"]) or "").strip()
        exercise = (row.get(columns["exercise"]) or "").strip()
        text_mark = (row.get(columns["mark"]) or "").strip()
        if not sid and not exercise and not text_mark:
            continue
        entry = written.get((sid, exercise))
        if entry is None:
            why = (f"unknown student {sid!r}" if sid not in known_students else
                   f"{exercise!r} is not a written exercise of this assignment" if exercise not in known_exercises
                   else f"{sid} has no graded submission")
            problems.append(f"line {line}: {why}")
            continue
        if not text_mark:
            if entry["status"] == "recorded":
                problems.append(f"line {line}: no mark for {sid} {exercise} (0 is a mark)")
            continue   # no answer, or too short to judge: counts 0 unless marked
        try:
            value = float(text_mark.replace(",", "."))
        except ValueError:
            problems.append(f"line {line}: mark {text_mark!r} is not a number")
            continue
        if not math.isfinite(value) or value < 0 or value > entry["points"]:
            problems.append(f"line {line}: mark {text_mark} for {sid} {exercise} must be between 0 and "
                            f"{entry['points']:g}")
            continue
        if (sid, exercise) in marks:
            problems.append(f"line {line}: a second mark for {sid} {exercise}")
            continue
        marks[sid, exercise] = value
    unmarked = [f"{sid} {ex}" for (sid, ex), e in written.items() if e["status"] == "recorded"
                and (sid, ex) not in marks]
    if unmarked:
        problems.append(f"{len(unmarked)} recorded written answer(s) have no mark: " + ", ".join(unmarked[:10]) +
                        (" ..." if len(unmarked) > 10 else ""))
    if problems:
        raise MarksError("; ".join(problems[:20]))
    return marks


def apply(rows: list[dict], marks: dict[tuple[str, str], float], full_max: float) -> list[dict]:
    """Rows with the written answers marked: they count in the total, and max is the full total. Written
    answers that were not attempted (no answer, or too short to judge) count 0 unless a mark is given."""
    out = []
    for row in rows:
        row = copy.deepcopy(row)
        written = [e for e in row.get("exercises") or [] if not e.get("auto", True)]
        for e in written:
            e["status"], e["score"] = "marked", marks.get((row["student_id"], e["exercise"]), 0.0)
            e["message"] = "Marked by your teacher."
        if written:
            row["max"] = round(sum(e["points"] for e in row["exercises"]), 4)
            if row.get("total") is not None:
                row["total"] = round(sum(e["score"] for e in row["exercises"]), 4)
        else:
            row["max"] = full_max
        row["marks_merged"] = True
        out.append(row)
    return out


def save_results(out: Path, rows: list[dict], chapter: str, summary: dict, assignment: str | None) -> None:
    """The graded rows as judged (before marks), for ``merge-marks``."""
    data = {"chapter": chapter, "summary": summary, "assignment": assignment, "rows": rows}
    (out / RESULTS).write_text(json.dumps(data) + "\n", encoding="utf-8")


def merged(out: Path, rows: list[dict], exercises, notes: list[str]) -> tuple[list[dict], str]:
    """Rows with the teacher's merged marks (``marks.csv`` in ``out``), and a sentence on what max counts."""
    auto = sum(ex.points for ex in exercises if is_auto(ex))
    full = sum(ex.points for ex in exercises)
    marks_file = out / MARKS
    if marks_file.exists():
        try:
            marks = read(marks_file.read_text(encoding="utf-8-sig"), rows)
            return (apply(rows, marks, full),
                    f"Scores are out of {full:g} points: {auto:g} marked automatically and {full - auto:g} for "
                    "written answers, with the teacher's marks merged.")
        except MarksError as exc:
            notes.append(f"marks.csv was not merged: {exc}")
    if full == auto:
        return rows, f"Scores are out of {auto:g} points, all marked automatically."
    return rows, (f"Scores are out of the {auto:g} points marked automatically; the written answers "
                  f"({full - auto:g} more points) are marked separately by the teacher and count once merged "
                  "with `python -m exercises merge-marks`.")


def parser(add_help: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m exercises merge-marks", add_help=add_help,
                                description="Merge the teacher's marks for written answers into the gradebook "
                                            "and LMS files of a grading run.")
    p.add_argument("marks", type=Path, help="CSV: student_id,exercise,mark (one row per student per exercise)")
    p.add_argument("--out", type=Path, required=True, help="the grading run's output folder")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    from . import reports

    try:
        saved = json.loads((args.out / RESULTS).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"merge-marks: no grading run in {args.out} ({exc}); run `python -m exercises grade` first",
              file=sys.stderr)
        return 2
    try:
        text = args.marks.read_text(encoding="utf-8-sig")
        read(text, saved["rows"])
    except (OSError, UnicodeDecodeError) as exc:
        print(f"merge-marks: cannot read {args.marks}: {exc}", file=sys.stderr)
        return 2
    except MarksError as exc:
        print(f"merge-marks: {exc}. Nothing was changed.", file=sys.stderr)
        return 2
    (args.out / MARKS).write_text(text, encoding="utf-8")
    reports.write_all(args.out, saved["rows"], saved["chapter"], saved["summary"], saved.get("assignment"))
    print(f"Marks merged: grades.csv, canvas.csv, moodle.csv, report.html and item_analysis.csv in "
          f"{args.out.resolve()} now count the written answers.")
    return 0
