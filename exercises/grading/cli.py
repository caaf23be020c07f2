"""``python -m exercises grade SUBMISSIONS --out DIR``: the command line of the class grader."""
from __future__ import annotations

import argparse
import os
from collections import Counter
import sys
from pathlib import Path

from .sandbox import UNSAFE_WARNING, SandboxError
from .sources import InputError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m exercises grade",
        description="Grade a folder of notebooks or an LMS zip download. Each notebook runs in its own "
                    "sandboxed process; answers are judged in the grader. Results are stored as each "
                    "submission finishes, so an interrupted run resumes where it stopped.")
    p.add_argument("submissions", type=Path, help="folder of .ipynb files, or a Canvas/Moodle .zip download")
    p.add_argument("--out", type=Path, required=True, help="output folder (grades, feedback, store)")
    p.add_argument("--roster", type=Path, help="CSV with columns student_id,name,seed")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="parallel sandboxes (default: CPUs)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per notebook (default 30)")
    p.add_argument("--cell-timeout", type=float, default=10.0,
                   help="seconds per cell before it is interrupted and the next cell runs (default 10)")
    p.add_argument("--case-timeout", type=float, default=2.0, help="seconds per code test case (default 2)")
    p.add_argument("--memory-mb", type=int, default=1536,
                   help="memory of all of a notebook's processes together (default 1536)")
    p.add_argument("--private", type=Path,
                   help="a private bank file (EXERCISES, EXTRA_CASES) kept outside the course; loaded only here")
    p.add_argument("--student", help="re-grade this student even if a result is stored")
    p.add_argument("--chapter", help="the assignment, e.g. ch1 (default: inferred from the notebooks)")
    p.add_argument("--assignment", help="Canvas grade column with its assignment id, as in a Canvas gradebook "
                                        "export: 'Chapter 1 (4321)' (or just the id, or the assignment's URL)")
    p.add_argument("--unsafe-no-sandbox", action="store_true",
                   help="run student code without bubblewrap (it can then read the answer key and your files); "
                        "every report says so")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress: a bar on a terminal, otherwise a line every tenth of the batch or 10 s "
                        "(--no-progress: none)")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.workers < 1 or min(args.timeout, args.cell_timeout, args.case_timeout) <= 0 or args.memory_mb < 256:
        print("grade: --workers must be >= 1, every timeout > 0 and --memory-mb >= 256", file=sys.stderr)
        return 2
    from .batch import Settings, run

    settings = Settings(args.submissions, args.out, args.roster, args.workers, args.timeout, args.memory_mb,
                        args.cell_timeout, args.case_timeout, args.unsafe_no_sandbox, args.private,
                        args.student, args.chapter, args.assignment, args.progress)
    try:
        outcome = run(settings)
    except (InputError, SandboxError) as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    s = outcome.summary
    if s["unsafe"]:
        print(f"warning: {UNSAFE_WARNING}", file=sys.stderr)
    counts = ", ".join(f"{n} {status}" for status, n in sorted(Counter(r["status"] for r in outcome.rows).items()))
    print(f"{s['chapter']}: {counts}. Wall time {s['wall_seconds']:g} s. Sandbox: {s['sandbox'].split(':')[0]}.")
    from .reports import canvas_column

    warning = canvas_column(args.assignment, s["chapter"])[1]
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"Results in {Path(args.out).resolve()} (report.html, grades.csv, canvas.csv, moodle.csv, feedback/, "
          "free_text.md, item_analysis.csv, summary.md)")
    return 0
