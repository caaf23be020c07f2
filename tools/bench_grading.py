"""Benchmark the class grader: grade a generated class and print the batch wall time, the median time
per honest submission and the peak memory.

    python tools/bench_grading.py [--n 40] [--workers N] [--timeout S] [--loop]

The class comes from tests/grading_corpus.py (``write_class``): mostly honest notebooks with per-student
seeds, every eighth one broken (cut JSON, os._exit, memory hog, exception, empty file); ``--loop`` adds
one notebook that loops forever, which costs a full time limit. Grading runs as the real command
(``python -m exercises grade``) in a child process; peak memory is ``getrusage(RUSAGE_CHILDREN)``, the
largest process in that tree (grader, sandbox servers, student processes).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from grading_corpus import write_class  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="submissions (default 40)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=30.0, help="per-notebook limit (default 30 s)")
    parser.add_argument("--loop", action="store_true", help="add a notebook that never finishes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        subs, out = Path(tmp) / "subs", Path(tmp) / "out"
        expects = write_class(subs, args.n, loop=args.loop)
        began = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "exercises", "grade", str(subs), "--out", str(out),
                               "--workers", str(args.workers), "--timeout", str(args.timeout)],
                              cwd=ROOT, capture_output=True, text=True)
        wall = time.monotonic() - began
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        db = sqlite3.connect(out / "grading.sqlite")
        rows = {sid: json.loads(p) for sid, p in db.execute("SELECT student_id, payload FROM results")}
        summary = json.loads((out / "summary.json").read_text())
    honest = [rows[sid]["run"]["elapsed"] for sid, e in expects.items() if not e.reason and rows[sid].get("run")]
    ran = [r["run"]["elapsed"] for r in rows.values() if r.get("run", {}).get("elapsed") is not None]
    wrong = [sid for sid, e in expects.items() if rows[sid]["status"] != e.status
             or (e.total is not None and abs(rows[sid]["total"] - e.total) > 1e-3)]
    child_peak = max((r["run"].get("maxrss_kb") or 0) for r in rows.values() if r.get("run")) / 1024
    print(f"submissions: {len(expects)} ({len(honest)} honest), workers {args.workers}, "
          f"time limit {args.timeout:g} s{', with one endless loop' if args.loop else ''}")
    print(f"sandbox: {summary['sandbox'].split(':')[0]}; start-up per worker: "
          f"{', '.join(f'{s:g} s' for s in summary['sandbox_startup_seconds'])}")
    print(f"batch wall time: {wall:.1f} s (grader's own count {summary['wall_seconds']:g} s)")
    print(f"median per honest submission: {statistics.median(honest):.3f} s "
          f"(max {max(honest):.3f} s); median over all run: {statistics.median(ran):.3f} s")
    print(f"peak memory: {peak_mb:.0f} MB (largest process, getrusage of children); "
          f"largest student process {child_peak:.0f} MB")
    print(f"statuses: {summary['counts']}; unexpected results: {wrong or 'none'}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
