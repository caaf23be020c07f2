"""Benchmark the class grader: grade a generated class from a checkout under /tmp and from this one, and
print sandbox starts, the median time per honest submission and the grader's peak memory.

    python tools/bench_grading.py [--n 40] [--workers N] [--timeout S] [--big-mb 500] [--loop]

The class comes from tests/grading_corpus.py (``write_class``): mostly honest notebooks with per-student
seeds, every eighth one broken (cut JSON, os._exit, memory hog, exception, empty file); ``--loop`` adds
one notebook that loops forever (it costs one cell budget). Grading runs as the real command
(``python -m exercises grade``) in a child process.

- "/tmp checkout": this checkout and its venv copied under a fresh /tmp folder (a CI clone), so the
  sandbox mounts them inside its private /tmp: the case where the warm server used to restart after
  every submission.
- "big": the same class with large saved outputs, about ``--big-mb`` MB in all; peak grader memory is
  the grader process's own high-water mark (VmHWM, read from /proc while it runs), not its sandboxes.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from grading_corpus import write_class  # noqa: E402


def _peak_kb(pid: int, stop: threading.Event, out: list[int]) -> None:
    while not stop.is_set():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    out[0] = max(out[0], int(line.split()[1]))
        except OSError:
            pass
        stop.wait(0.05)


def grade(python: str, root: Path, subs: Path, out: Path, args) -> tuple[dict, float, float, dict]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    began = time.monotonic()
    proc = subprocess.Popen([python, "-m", "exercises", "grade", str(subs), "--out", str(out), "--workers",
                             str(args.workers), "--timeout", str(args.timeout), "--cell-timeout", "3"],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop, peak = threading.Event(), [0]
    watcher = threading.Thread(target=_peak_kb, args=(proc.pid, stop, peak), daemon=True)
    watcher.start()
    stdout, stderr = proc.communicate()
    stop.set()
    watcher.join()
    wall = time.monotonic() - began
    if proc.returncode != 0:
        raise SystemExit(f"grading failed:\n{stderr[-3000:]}")
    db = sqlite3.connect(out / "grading.sqlite")
    rows = {sid: json.loads(p) for sid, p in db.execute("SELECT student_id, payload FROM results")}
    return rows, wall, peak[0] / 1024, json.loads((out / "summary.json").read_text())


def pad_outputs(folder: Path, total_mb: float) -> float:
    """Give each readable notebook a large saved output, about ``total_mb`` MB in all."""
    import nbformat

    files = sorted(folder.glob("*.ipynb"))
    each = int(total_mb * 1024 ** 2 / max(1, len(files)))
    size = 0
    for path in files:
        try:
            nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        except Exception:  # noqa: BLE001 - the broken ones stay broken
            size += path.stat().st_size
            continue
        nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="y" * each)]
        path.write_text(nbformat.writes(nb), encoding="utf-8")
        size += path.stat().st_size
    return size / 1024 ** 2


def line(label: str, expects: dict, rows: dict, wall: float, peak_mb: float, summary: dict) -> list[str]:
    honest = [rows[sid]["run"]["elapsed"] for sid, e in expects.items() if not e.reason and rows[sid].get("run")]
    wrong = [sid for sid, e in expects.items() if rows[sid]["status"] != e.status
             or (e.total is not None and abs(rows[sid]["total"] - e.total) > 1e-3)]
    starts = summary["sandbox_startup_seconds"]
    print(f"{label}: {len(expects)} submissions ({len(honest)} honest); sandbox starts: {len(starts)} "
          f"({', '.join(f'{s:g} s' for s in starts)}); batch {wall:.1f} s; median per honest notebook "
          f"{statistics.median(honest):.3f} s (max {max(honest):.3f} s); peak grader memory {peak_mb:.0f} MB")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="submissions (default 40)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=30.0, help="per-notebook limit (default 30 s)")
    parser.add_argument("--big-mb", type=float, default=500, help="size of the large-output class (MB)")
    parser.add_argument("--loop", action="store_true", help="add a notebook that never finishes")
    args = parser.parse_args()
    wrong = []
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        subs = tmp / "subs"
        expects = write_class(subs, args.n, loop=args.loop)
        print(f"{args.n} submissions, workers {args.workers}, time limit {args.timeout:g} s"
              f"{', with one endless loop' if args.loop else ''}; sandbox and limits from summary.json")
        rows, wall, peak, summary = grade(sys.executable, ROOT, subs, tmp / "out-here", args)
        print(f"sandbox: {summary['sandbox'].split(':')[0]}; limits: {summary['limits']}")
        wrong += line(f"checkout at {ROOT}", expects, rows, wall, peak, summary)
        clone = tmp / "checkout"
        shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(".git", "_build", ".venv*", "node_modules",
                                                                   "__pycache__"))
        venv = Path(sys.prefix)
        shutil.copytree(venv, clone / ".venv", symlinks=True)
        python = str(clone / ".venv" / Path(sys.executable).relative_to(venv)) if \
            Path(sys.executable).is_relative_to(venv) else sys.executable
        rows, wall, peak, summary = grade(python, clone, subs, tmp / "out-tmp", args)
        wrong += line(f"checkout and venv under {clone}", expects, rows, wall, peak, summary)
        shutil.rmtree(clone)
        size = pad_outputs(subs, args.big_mb)
        rows, wall, peak, summary = grade(sys.executable, ROOT, subs, tmp / "out-big", args)
        wrong += line(f"{size:.0f} MB of submissions", expects, rows, wall, peak, summary)
    print(f"unexpected results: {sorted(set(wrong)) or 'none'}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
