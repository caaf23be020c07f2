"""What the teacher gets in ``--out``.

- ``grades.csv``: one row per student, one column per exercise, total, max, and a status that tells a
  real zero (``graded``) from a failure (``failed-*``, ``missing``), with the one-line reason.
- ``canvas.csv`` (Canvas gradebook import: ``Student,ID,SIS User ID,Section,<assignment>``) and
  ``moodle.csv`` (Moodle offline grading worksheet: ``Identifier,Full name,...,Grade``). Failed or
  missing submissions get an empty grade, never a silent zero.
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

from . import judge
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
    write_grades(out / "grades.csv", rows, exercises)
    write_lms(out, rows, assignment or f"{chapter} exercises")
    write_feedback(out / "feedback", rows, chapter)
    write_free_text(out, rows, exercises)
    write_summary(out, rows, summary)


def write_grades(path: Path, rows: list[dict], exercises) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["student_id", "name", "file", "status", *[ex.id for ex in exercises], "total", "max",
                      "reason"])
        for row in rows:
            by_id = {e["exercise"]: e for e in row.get("exercises") or []}
            cells = []
            for ex in exercises:
                e = by_id.get(ex.id)
                if e is None:
                    cells.append("")
                elif e["auto"]:
                    cells.append(_num(e["score"]))
                else:
                    cells.append(e["status"])  # free text: recorded / invalid / unanswered, marked by hand
            out.writerow([_cell(row["student_id"]), _cell(row["name"]), _cell(row["source"]), row["status"], *cells,
                          _num(row.get("total")), _num(row.get("max")), _cell(row.get("reason", ""))])


def write_lms(out: Path, rows: list[dict], assignment: str) -> None:
    with open(out / "canvas.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Student", "ID", "SIS User ID", "Section", assignment])
        for row in rows:
            sis = row["student_id"] if row["student_id"] != row.get("canvas_id") else ""
            w.writerow([_cell(row["name"]), row.get("canvas_id", ""), _cell(sis), "",
                        _num(row.get("total")) if _graded(row) else ""])
    with open(out / "moodle.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Identifier", "Full name", "Email address", "Grade", "Maximum Grade", "Feedback comments"])
        for row in rows:
            ident = f"Participant {row['moodle_id']}" if row.get("moodle_id") else ""
            comment = "" if row["status"] == "graded" else f"{row['status']}: {row.get('reason', '')}"
            w.writerow([ident, _cell(row["name"]), "", _num(row.get("total")) if _graded(row) else "",
                        _num(row.get("max")), _cell(comment)])


def feedback_markdown(row: dict, chapter: str) -> str:
    who = f"{row['name']} ({row['student_id']})" if row["name"] else row["student_id"]
    lines = [f"# Feedback on {chapter}: {md_inline(who)}", ""]
    if row.get("unsafe"):
        lines += ["**UNSAFE: graded without a sandbox.**", ""]
    if _graded(row):
        lines.append(f"**Score: {_num(row['total'])} of {_num(row['max'])} points** (marked automatically). "
                     "Written explanations are marked by your teacher.")
    else:
        lines.append(f"**Not graded automatically**: {row['status']}.")
    if row.get("reason"):
        lines += ["", f"What happened: {md_inline(row['reason'])}"]
    for note in row.get("notes") or []:
        lines.append(f"- {md_inline(note)}")
    for e in row.get("exercises") or []:
        result = (f"{_num(e['score'])}/{_num(e['points'])}" if e["auto"] else "marked by your teacher")
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
    if summary["not_in_roster"]:
        md += ["", "## Not in the roster", ""] + [f"- {md_inline(s)}" for s in summary["not_in_roster"]]
    if summary["slowest"]:
        md += ["", "## Slowest submissions", ""]
        md += [f"- {md_inline(s['student_id'])}: {s['seconds']:.2f} s ({s['status']})" for s in summary["slowest"]]
    (out / "summary.md").write_text("\n".join(md) + "\n", encoding="utf-8")
