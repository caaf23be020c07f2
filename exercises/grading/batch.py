"""One grading run: plan the batch, run what is not yet stored in parallel sandboxes, judge, store,
write the reports. One broken submission never stops the batch: every failure becomes a row with a
status and a one-line reason.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .. import registry
from . import answers as answers_mod
from . import judge, notebooks, progress, reports, runner, sources
from .sandbox import SandboxError, Workers, choose
from .store import Store, result_key

DB_NAME = "grading.sqlite"
WORK_PREFIX = "course-grading-"
GRADED, WITH_ERRORS, PARTIAL = "graded", "graded-with-errors", "graded-partial-run"
UNREADABLE, WRONG, SANDBOX_FAILED, MISSING = ("failed-unreadable", "failed-wrong-assignment", "failed-sandbox",
                                              "missing")


@dataclass
class Settings:
    submissions: Path
    out: Path
    roster: Path | None = None
    workers: int = os.cpu_count() or 1
    timeout: float = 30.0
    memory_mb: int = 1536
    student: str | None = None
    chapter: str | None = None
    sandbox: str = "auto"
    assignment: str | None = None
    progress: bool | None = None     # None: a bar on a terminal, else a line every N or 10 s; False: silent


@dataclass
class Plan:
    sub: sources.Submission
    info: notebooks.NotebookInfo | None
    problem: str | None
    seed: int | None = None
    key: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    rows: list[dict]
    summary: dict


def _infer_chapter(plans: list[Plan]) -> str:
    known = {ex.chapter for ex in registry.all_exercises().values()}
    votes = Counter(c for p in plans if p.info for c in [p.info.chapter()] if c in known)
    if not votes:
        raise sources.InputError("cannot tell which chapter these notebooks are for (no exercises.start('chN') "
                                 "call or exercise id found): use --chapter")
    best = max(votes.values())
    return sorted(c for c, n in votes.items() if n == best)[0]


def _collect(settings: Settings) -> tuple[list[sources.Submission], list[sources.RosterEntry], list[str]]:
    """The submissions to grade (one per student), roster students without one, ignored duplicates."""
    subs = sources.collect(settings.submissions)
    if not subs:
        raise sources.InputError(f"no files found in {settings.submissions}")
    missing = []
    if settings.roster:
        missing = sources.match_roster(subs, sources.read_roster(settings.roster))
    kept, duplicates = sources.latest_per_student(subs)
    return kept, missing, duplicates


def _plan(kept: list[sources.Submission], settings: Settings) -> tuple[list[Plan], str]:
    plans = []
    for sub in kept:
        info, problem = None, sub.problem
        if problem is None:
            try:
                info = notebooks.read(sub.data, sub.name)
            except notebooks.Unreadable as exc:
                problem = str(exc)
        plans.append(Plan(sub, info, problem))
    chapter = settings.chapter or _infer_chapter(plans)
    if not registry.chapter(chapter):
        raise sources.InputError(f"unknown chapter {chapter!r}")
    for plan in plans:
        written = plan.info.seed() if plan.info else None
        plan.seed = plan.sub.roster_seed if plan.sub.roster_seed is not None else written
        if plan.sub.roster_seed is not None and written is not None and written != plan.sub.roster_seed:
            plan.notes.append(f"the notebook asks for seed {written}; the roster's seed {plan.sub.roster_seed} "
                              "was used")
        plan.key = result_key(plan.sub.data or b"", plan.sub.student_id, chapter, plan.seed)
    return plans, chapter


def _base_payload(plan: Plan, chapter: str) -> dict:
    sub = plan.sub
    return {"student_id": sub.student_id, "name": sub.student_name, "source": sub.name,
            "canvas_id": sub.canvas_id, "moodle_id": sub.moodle_id, "in_roster": sub.in_roster,
            "chapter": chapter, "seed": plan.seed,
            "notes": list(sub.notes) + (plan.info.notes if plan.info else []) + plan.notes}


def _wrong_assignment(info: notebooks.NotebookInfo, chapter: str) -> str | None:
    if info.chapter() == chapter or any(a.startswith(chapter + ".") for a in info.asked):
        return None
    found = info.chapter()
    return f"no exercises of {chapter} in this notebook" + (
        f" (it is for {found})" if found else " (no exercises.start call and no exercise ids)")


def classify(raw: dict, timeout: float, memory_mb: int) -> tuple[str, str, list[str]]:
    """Status, one-line reason and notes. Time-outs, signals and exit codes are what the sandbox saw;
    cell numbers and error names come from the student's process and only explain, never score."""
    if raw.get("sandbox_error") or raw.get("error"):
        return SANDBOX_FAILED, f"sandbox failure: {raw.get('sandbox_error') or raw.get('error')}", []
    if raw.get("setup_error"):
        return SANDBOX_FAILED, f"could not start the submission's process: {raw['setup_error']}", []
    cell = raw.get("last_cell")
    where = f" in cell {cell}" if cell else ""
    notes, status, reason = [], None, ""
    counted = "; answers recorded before then are counted"
    if raw.get("timed_out"):
        status, reason = PARTIAL, f"timed out after {timeout:g} s{where}{counted}"
    elif raw.get("signal"):
        extra = " (probably the memory limit)" if raw["signal"] == "SIGKILL" else ""
        status, reason = PARTIAL, f"killed by {raw['signal']}{extra}{where}{counted}"
    elif not raw.get("done"):
        status, reason = PARTIAL, f"process exited with code {raw.get('exit_code')}{where}{counted}"
    errors = raw.get("errors") or []
    for error in errors:
        if error.get("type") == "MemoryError":
            notes.append(f"memory limit ({memory_mb} MB) reached in cell {error.get('cell')} (MemoryError)")
            break
    if status is None:
        status = WITH_ERRORS if errors else GRADED
        if errors:
            first = errors[0]
            reason = (f"{len(errors)} cell(s) raised an error; first: {first['type']} in cell {first['cell']}: "
                      f"{first['message']}")[:300]
    if raw.get("output_chars", 0) > runner.OUTPUT_KEEP:
        notes.append(f"printed {raw.get('output_lines', 0)} lines ({raw['output_chars']} bytes); output "
                     "beyond the first 64 KB was discarded")
    return status, reason, notes


def _judged(plan: Plan, chapter: str, raw: dict, elapsed: float, case_seed: int, settings: Settings,
            sandbox_name: str) -> dict:
    payload = _base_payload(plan, chapter)
    status, reason, notes = classify(raw, settings.timeout, settings.memory_mb)
    parsed = answers_mod.parse(raw.get("answers") or "", chapter)
    rows = judge.judge_all(chapter, parsed, plan.seed, case_seed)
    total, maximum = judge.totals(rows)
    if raw.get("answers_note"):
        notes.append(raw["answers_note"])
    notes += parsed.notes()
    if not parsed.records and status != SANDBOX_FAILED:
        reason = (reason + "; " if reason else "") + f"no answers to {chapter} exercises were recorded"
    payload.update({
        "status": status, "reason": reason, "notes": payload["notes"] + notes, "case_seed": case_seed,
        "exercises": rows, "total": total if status != SANDBOX_FAILED else None,
        "max": maximum,
        "run": {"elapsed": round(elapsed, 3), "sandbox": sandbox_name,
                **{k: raw.get(k) for k in ("timed_out", "exit_code", "signal", "last_cell", "errors",
                                           "output_chars", "output_lines", "maxrss_kb")}},
    })
    return payload


def _failed(plan: Plan, chapter: str, status: str, reason: str) -> dict:
    payload = _base_payload(plan, chapter)
    _, maximum = judge.totals(judge.judge_all(chapter, answers_mod.Answers(), None, 0))
    payload.update({"status": status, "reason": reason, "exercises": [], "total": None, "max": maximum,
                    "run": {}})
    return payload


def _hidden_paths(settings: Settings, workroot: str) -> list[str]:
    import exercises

    repo = Path(exercises.__file__).resolve().parents[1]
    paths = [settings.out, settings.submissions, repo / "tests", Path(workroot)]
    if settings.roster:
        paths.append(settings.roster)
    return [str(Path(p).resolve()) for p in paths]


def run(settings: Settings) -> Outcome:
    started = time.monotonic()
    settings.out = Path(settings.out).resolve()
    settings.submissions = Path(settings.submissions).resolve()
    settings.out.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(settings.out, 0o700)  # a gradebook is private
    except OSError:
        pass
    store = Store(settings.out / DB_NAME)
    stale = store.meta("workroot")  # left behind by a run that was killed
    if stale and Path(stale).name.startswith(WORK_PREFIX) and Path(stale).is_dir():
        shutil.rmtree(stale, ignore_errors=True)
    workroot = store.meta("workroot", tempfile.mkdtemp(prefix=WORK_PREFIX))
    workers = None
    try:
        mode = choose(_hidden_paths(settings, workroot), workroot, settings.sandbox)
        if mode.name == "process" and mode.uid_ok:
            os.chmod(workroot, 0o711)
        kept, missing, duplicates = _collect(settings)
        workers = Workers(mode, min(settings.workers, len(kept)))  # warming up while the batch is planned
        plans, chapter = _plan(kept, settings)
        forced = {p.key for p in plans if settings.student and settings.student in (p.sub.student_id, p.sub.key)}
        if settings.student and not forced:
            raise sources.InputError(f"no submission for student {settings.student!r}")
        payloads: dict[str, dict] = {}
        todo: list[Plan] = []
        from_store = 0
        for plan in plans:
            stored = None if plan.key in forced else store.get(plan.key)
            if stored is not None and stored["status"] != SANDBOX_FAILED:  # the grader's failure: try again
                payloads[plan.key] = {**stored, "moodle_id": plan.sub.moodle_id or stored.get("moodle_id", "")}
                from_store += 1
            elif plan.problem:
                payloads[plan.key] = _failed(plan, chapter, UNREADABLE, plan.problem)
                store.put(plan.key, payloads[plan.key])
            elif (wrong := _wrong_assignment(plan.info, chapter)) is not None:
                payloads[plan.key] = _failed(plan, chapter, WRONG, wrong)
                store.put(plan.key, payloads[plan.key])
            else:
                todo.append(plan)
        if todo:
            _run_parallel(todo, workers, store, payloads, chapter, settings)
        else:
            workers.kill()
    finally:
        if workers is not None:
            workers.close()
        shutil.rmtree(workroot, ignore_errors=True)
    rows = [payloads[p.key] for p in plans]
    rows += [{"student_id": e.student_id, "name": e.name, "source": "", "status": MISSING,
              "reason": "no submission", "exercises": [], "total": None, "max": rows[0]["max"] if rows else None,
              "seed": e.seed, "chapter": chapter, "notes": [], "run": {}, "canvas_id": "", "moodle_id": e.moodle_id,
              "in_roster": True} for e in missing]
    summary = {
        "chapter": chapter, "submissions_found": len(plans) + len(duplicates), "graded_now": len(todo),
        "from_store": from_store, "duplicates": duplicates,
        "sandbox": mode.description if todo else "not needed (nothing to run)",
        "sandbox_notes": mode.notes, "sandbox_startup_seconds": workers.startup_seconds() if todo else [],
        "workers": settings.workers, "timeout_s": settings.timeout, "memory_mb": settings.memory_mb,
        "wall_seconds": round(time.monotonic() - started, 2), "store": str(settings.out / DB_NAME),
    }
    store.close()
    reports.write_all(settings.out, rows, chapter, summary, settings.assignment)
    return Outcome(rows, summary)


def _run_parallel(todo: list[Plan], workers: Workers, store: Store, payloads: dict, chapter: str,
                  settings: Settings) -> None:
    """One thread per sandbox drives its server; judging and storing stay in this thread."""
    seeds = {p.key: store.case_seed(p.key) for p in todo}

    def work(plan: Plan):
        box = workers.take()
        cases = judge.cases_for(chapter, seeds[plan.key])
        began = time.monotonic()
        try:
            box.ensure_started()
            began = time.monotonic()  # a worker's one-off start-up is not this submission's time
            raw = box.run([list(c) for c in plan.info.cells], cases, settings.timeout, settings.memory_mb)
        except SandboxError as exc:
            raw = {"sandbox_error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a grader bug on one submission must not stop the batch
            raw = {"sandbox_error": f"internal error ({type(exc).__name__}: {exc})"}
        finally:
            workers.give(box)
        return plan, raw, time.monotonic() - began

    bar = progress.start(len(todo), settings.progress)
    pool = ThreadPoolExecutor(max_workers=len(workers.boxes))
    try:
        futures = [pool.submit(work, plan) for plan in todo]
        for future in as_completed(futures):
            plan, raw, elapsed = future.result()
            payload = _judged(plan, chapter, raw, elapsed, seeds[plan.key], settings, workers.mode.name)
            store.put(plan.key, payload)
            payloads[plan.key] = payload
            bar.update(payload["status"])
    except BaseException:
        workers.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
