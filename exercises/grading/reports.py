"""What the teacher gets in ``--out``.

- ``grades.csv``: one row per student, one column per exercise, total, max, and a status that tells a
  real zero (``graded``) from a failure (``failed-*``, ``missing``), with the one-line reason, where each
  written answer stands, and copy signals.
- ``canvas.csv`` (Canvas gradebook import: ``Student,ID,SIS User ID,SIS Login ID,Section,<Name (id)>``)
  and ``moodle.csv`` (Moodle offline grading worksheet: ``Identifier,...,Grade,...,Last modified (grade)``),
  grades rounded to 2 decimals. Failed or missing submissions get an empty grade, never a silent zero.
- ``report.html`` and ``item_analysis.csv``: the class report (``class_report.py``).
- ``feedback/<student>.md``: each exercise, the answer, right or wrong, the message, the first hint.
- ``free_text.md`` / ``free_text.csv``: explanations to mark by hand, with each exercise's rubric.
- ``summary.md`` / ``summary.json``: counts by status, every failure with its reason, the slowest
  submissions, the sandbox used.

Student-written text goes into CSV cells guarded against spreadsheet formulas and into Markdown code
fences longer than any backtick run it contains.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

from . import class_report, copy_signals, judge, marks
from .sandbox import UNSAFE_WARNING
from .safe_text import csv_cell, csv_text, md_fence, md_inline


def _num(value) -> str:
    return "" if value is None else f"{value:g}"


_cell, _fence = csv_cell, md_fence


def _safe_name(student_id: str) -> str:
    return re.sub(r"[^\w.@-]+", "_", student_id).strip("._") or "student"


def _graded(row: dict) -> bool:
    return row["status"].startswith("graded")


def write_all(out: Path, rows: list[dict], chapter: str, summary: dict, assignment: str | None) -> None:
    rows = sorted(rows, key=lambda r: (r["student_id"], r["source"]))
    exercises = judge.exercises_of(chapter)
    marks.save_results(out, rows, chapter, summary, assignment)
    notes: list[str] = []   # for the teacher, in summary.md
    rows, points_note = marks.merged(out, rows, exercises, notes)
    signals = copy_signals.notes(copy_signals.find(copy_signals.from_rows(rows), {ex.id: ex for ex in exercises}))
    write_grades(out / "grades.csv", rows, exercises, signals)
    column, warning = canvas_column(assignment, chapter)
    notes += [warning] if warning else []
    write_lms(out, rows, column)
    write_feedback(out / "feedback", rows, chapter)
    write_free_text(out, rows, exercises)
    write_summary(out, rows, {**summary, "points": points_note, "copy_signals": signals, "report_notes": notes})
    class_report.write(out, f"Class report: {chapter}", rows, signals, points_note)


def write_grades(path: Path, rows: list[dict], exercises, copy_notes: dict[str, str] | None = None) -> None:
    """Full-precision scores; a written answer's cell holds its mark once merged (its state is in
    ``written_status``), and ``copy_signals`` names the classmate whose numbers a student's answers fit."""
    copy_notes = copy_notes or {}
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["student_id", "name", "file", "status", *[ex.id for ex in exercises], "total", "max",
                      "reason", "written_status", "copy_signals"])
        for row in rows:
            by_id = {e["exercise"]: e for e in row.get("exercises") or []}
            cells, written = [], []
            for ex in exercises:
                e = by_id.get(ex.id)
                if e is None:
                    cells.append("")
                elif e["auto"]:
                    cells.append(_num(e["score"]))
                else:
                    cells.append(_num(e["score"]) if e["status"] == "marked" else "")
                    written.append(f"{ex.id}: {e['status']}")
            out.writerow([_cell(row["student_id"]), _cell(row["name"]), _cell(row["source"]), row["status"], *cells,
                          _num(row.get("total")), _num(row.get("max")), _cell(row.get("reason", "")),
                          "; ".join(written), _cell(copy_notes.get(row["student_id"], ""))])


CANVAS_ID = re.compile(r"\A(.*)\s\((\d+)\)\Z")   # Canvas reads a grade column 'Title (id)' this way


def canvas_column(assignment: str | None, chapter: str) -> tuple[str, str | None]:
    """The Canvas grade column and, when it has no assignment id, a warning. Accepts the column header
    from a Canvas gradebook export ('Chapter 1 (4321)'), a bare assignment id, or the assignment's URL
    (``.../courses/12/assignments/4321``)."""
    text = (assignment or "").strip()
    url = re.search(r"/assignments/(\d+)", text)
    if text.isdigit() or url:
        return f"{chapter} exercises ({text if text.isdigit() else url.group(1)})", None
    if text and CANVAS_ID.match(text):
        return text, None
    column = text or f"{chapter} exercises"
    return column, (f"canvas.csv: the grade column {column!r} has no Canvas assignment id, so importing it creates "
                    "a new assignment; pass --assignment 'Name (id)' (see the README) to update an existing one")


def _lms_num(value) -> str:
    """LMS grades: rounded to 2 decimals (the full value stays in grades.csv)."""
    return "" if value is None else f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")


def write_lms(out: Path, rows: list[dict], assignment: str) -> None:
    """Canvas: the gradebook export's layout (Student, ID, SIS User ID, SIS Login ID, Section, then the
    assignment as 'Name (id)'); Canvas matches students by ID, SIS User ID or SIS Login ID. Moodle: the
    offline grading worksheet, whose import needs Identifier ('Participant N'), Grade and
    'Last modified (grade)'; rows without an Identifier are skipped by Moodle."""
    from datetime import datetime, timezone

    with open(out / "canvas.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment])
        for row in rows:
            sis = row["student_id"] if row["student_id"] != row.get("canvas_id") else ""
            w.writerow([_cell(row["name"]), row.get("canvas_id", ""), _cell(sis), "", "",
                        _lms_num(row.get("total")) if _graded(row) else ""])
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    with open(out / "moodle.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Identifier", "Full name", "Email address", "Grade", "Maximum Grade", "Last modified (grade)",
                    "Feedback comments"])
        for row in rows:
            ident = f"Participant {row['moodle_id']}" if row.get("moodle_id") else ""
            comment = "" if row["status"] == "graded" else f"{row['status']}: {row.get('reason', '')}"
            w.writerow([ident, _cell(row["name"]), "", _lms_num(row.get("total")) if _graded(row) else "",
                        _lms_num(row.get("max")), now, _cell(comment)])


def feedback_markdown(row: dict, chapter: str) -> str:
    who = f"{row['name']} ({row['student_id']})" if row["name"] else row["student_id"]
    lines = [f"# Feedback on {chapter}: {md_inline(who)}", ""]
    if row.get("unsafe"):
        lines += ["**UNSAFE: graded without a sandbox.**", ""]
    if _graded(row):
        lines.append(f"**Score: {_num(row['total'])} of {_num(row['max'])} points** " + (
            "(written explanations marked by your teacher included)." if row.get("marks_merged") else
            "(marked automatically). Written explanations are marked by your teacher."))
    else:
        lines.append(f"**Not graded automatically**: {row['status']}.")
    if row.get("reason"):
        lines += ["", f"What happened: {md_inline(row['reason'])}"]
    for note in row.get("notes") or []:
        lines.append(f"- {md_inline(note)}")
    for e in row.get("exercises") or []:
        result = (f"{_num(e['score'])}/{_num(e['points'])}" if e["auto"] or e["status"] == "marked" else
                  "marked by your teacher")
        lines += ["", f"## {e['exercise']}: {e['status']} ({result})", "", e["prompt"], "", "Your answer:", "",
                  _fence(e["answer"] if e["answer"] is not None else "(no answer)"), "",
                  f"Feedback: {md_inline(e['message'], 2000)}"]
        if e.get("hint") and e["status"] not in ("correct", "recorded"):
            lines.append(f"Hint: {e['hint']}")
    return "\n".join(lines) + "\n"


def write_feedback(folder: Path, rows: list[dict], chapter: str) -> None:
    folder.mkdir(exist_ok=True)
    used = set()
    for row in rows:
        if row["status"] == "missing":
            continue
        name = _safe_name(row["student_id"])
        while name in used:
            name += "_"
        used.add(name)
        (folder / f"{name}.md").write_text(feedback_markdown(row, chapter), encoding="utf-8")


def write_free_text(out: Path, rows: list[dict], exercises) -> None:
    manual = [ex for ex in exercises if not judge.is_auto(ex)]
    md = ["# Written answers to mark by hand", ""]
    with open(out / "free_text.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["student_id", "name", "exercise", "points", "status", "words", "answer", "rubric"])
        for ex in manual:
            md += [f"## {ex.id} ({ex.points:g} points)", "", ex.prompt, "", "Rubric:", ""]
            md += [f"- [ ] {item}" for item in getattr(ex, "rubric", ())] + [""]
            for row in rows:
                e = next((x for x in row.get("exercises") or [] if x["exercise"] == ex.id), None)
                if e is None:
                    continue
                text = e["answer"] if e["status"] != judge.UNANSWERED else ""
                words = len(text.split()) if text else 0
                w.writerow([_cell(row["student_id"]), _cell(row["name"]), ex.id, _num(ex.points), e["status"], words,
                            csv_text(text), " | ".join(getattr(ex, "rubric", ()))])
                md += [f"### {md_inline(row['name'] or row['student_id'])} ({md_inline(row['student_id'])}): "
                       f"{e['status']}, {words} words",
                       "", _fence(text or "(no answer)"), ""]
    (out / "free_text.md").write_text("\n".join(md) + "\n", encoding="utf-8")


def write_summary(out: Path, rows: list[dict], summary: dict) -> None:
    counts = Counter(r["status"] for r in rows)
    timed = sorted((r for r in rows if r.get("run", {}).get("elapsed") is not None),
                   key=lambda r: -r["run"]["elapsed"])
    summary = {**summary, "counts": dict(sorted(counts.items())),
               "slowest": [{"student_id": r["student_id"], "file": r["source"], "seconds": r["run"]["elapsed"],
                            "status": r["status"]} for r in timed[:5]],
               "not_graded": [{"student_id": r["student_id"], "file": r["source"], "status": r["status"],
                               "reason": r.get("reason", "")} for r in rows if not _graded(r)],
               "partial_runs": [{"student_id": r["student_id"], "file": r["source"], "reason": r.get("reason", "")}
                                for r in rows if r["status"] == "graded-partial-run"],
               "not_in_roster": [r["source"] for r in rows if r["status"] == "failed-not-in-roster"]}
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    md = [f"# Grading run: {summary['chapter']}", ""]
    if summary.get("unsafe"):
        md += [f"**{UNSAFE_WARNING}**", ""]
    md += [f"- Sandbox: {summary['sandbox']}", *[f"  - {n}" for n in summary.get("sandbox_notes") or []],
          f"- Limits per submission: {summary.get('limits') or 'none recorded'}; cell budget "
          f"{summary.get('cell_timeout_s', 0):g} s, code case budget {summary.get('case_timeout_s', 0):g} s",
          f"- Submissions found: {summary['submissions_found']}; graded now: {summary['graded_now']}; "
          f"taken from the store: {summary['from_store']} (results stored by an earlier run for the same file "
          f"bytes, student, assignment and seed)",
          f"- Workers: {summary['workers']}; time limit {summary['timeout_s']:g} s; memory limit "
          f"{summary['memory_mb']} MB; wall time {summary['wall_seconds']:g} s",
          f"- Sandbox start-ups (import of the course stack; once per worker unless a server had to be "
          f"replaced): {len(summary.get('sandbox_startup_seconds') or [])} "
          f"({', '.join(f'{s:g} s' for s in summary.get('sandbox_startup_seconds') or []) or 'none'})",
          "- Cell numbers count every cell from the top of the notebook, Markdown cells included.",
          f"- Points: {summary.get('points', '')}",
          *[f"- Note: {n}" for n in summary.get("report_notes") or []],
          "", "## Counts by status", ""]
    md += [f"- {status}: {n}" for status, n in summary["counts"].items()]
    for title, key in (("Not graded", "not_graded"), ("Stopped early (answers before the stop count)",
                                                       "partial_runs")):
        if summary[key]:
            md += ["", f"## {title}", ""]
            md += [f"- {md_inline(x['student_id'])} ({md_inline(x['file'] or 'no file')}): {x.get('status', '')} "
                   f"{md_inline(x['reason'])}" for x in summary[key]]
    if summary.get("from_store_ids"):
        md += ["", "## Taken from the store (graded by an earlier run, same file and seed)", "",
               md_inline(", ".join(summary["from_store_ids"]), 3000)]
    if summary["duplicates"]:
        md += ["", "## Duplicate submissions (one file per student is graded)", ""]
        md += [f"- {md_inline(d)}" for d in summary["duplicates"]]
    if summary.get("private_not_judged"):
        md += ["", "## Answers to private exercises NOT judged (no private bank defines them; not in any total)", ""]
        md += [f"- {md_inline(sid)}: {md_inline(', '.join(ids))}" for sid, ids in summary["private_not_judged"].items()]
    if summary["not_in_roster"]:
        md += ["", "## Not in the roster", ""] + [f"- {md_inline(s)}" for s in summary["not_in_roster"]]
    if summary.get("copy_signals"):
        md += ["", "## Copy signals (report only, never a penalty)", ""]
        md += [f"- {md_inline(sid)}: {md_inline(text)}" for sid, text in sorted(summary["copy_signals"].items())]
    if summary["slowest"]:
        md += ["", "## Slowest submissions", ""]
        md += [f"- {md_inline(s['student_id'])}: {s['seconds']:.2f} s ({s['status']})" for s in summary["slowest"]]
    (out / "summary.md").write_text("\n".join(md) + "\n", encoding="utf-8")
