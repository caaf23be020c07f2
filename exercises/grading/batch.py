"""One grading run, as named stages over typed records:

    collect   files in the folder or zip, by student (``sources``), each read only when needed
    identify  roster match (``failed-not-in-roster`` for a file that matches no row), one file per student
    plan      parse each notebook once (code cells and saved answer records kept, bytes dropped), seed
    execute   run what is not stored yet in parallel sandboxes without the answer key (``sandbox``)
    judge     score in this process, with the bank only the grader has (``judge``)
    store     one transaction per submission (``store``): a killed run resumes without loss or doubles
    report    grades, LMS files, feedback, summary (``reports``)

One broken submission never stops the batch: every failure becomes a row with a status and a one-line
reason. The seed is the roster's (or derived from the id, ``exercises/roster.py``) whenever a roster is
given; the notebook's own seed counts only without a roster.
"""
from __future__ import annotations

import os
import sys
import shutil
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .. import registry
from ..roster import RosterError, ambiguous_names
from . import answers as answers_mod
from . import judge, notebooks, progress, public, reports, runner, sources
from .sandbox import UNSAFE_WARNING, Limits, SandboxError, Workers, choose
from .store import Store, result_key

DB_NAME = "grading.sqlite"
WORK_PREFIX = "course-grading-"
GRADED, WITH_ERRORS, PARTIAL = "graded", "graded-with-errors", "graded-partial-run"
UNREADABLE, WRONG, SANDBOX_FAILED, MISSING = ("failed-unreadable", "failed-wrong-assignment", "failed-sandbox",
                                              "missing")
NOT_IN_ROSTER = "failed-not-in-roster"


@dataclass
class Settings:
    submissions: Path
    out: Path
    roster: Path | None = None
    workers: int = os.cpu_count() or 1
    timeout: float = 30.0
    memory_mb: int = 1536
    cell_timeout: float = 10.0       # per cell, as nbgrader's; never more than the total
    case_timeout: float = 2.0        # per code test case
    unsafe: bool = False             # --unsafe-no-sandbox: run student code without bubblewrap
    private: Path | None = None      # a teacher's private bank file, loaded only here
    student: str | None = None
    chapter: str | None = None
    assignment: str | None = None
    progress: bool | None = None     # None: a bar on a terminal, else a line every N or 10 s; False: silent


@dataclass
class Plan:
    sub: sources.Submission
    info: notebooks.NotebookInfo | None
    problem: str | None
    seed: int | None = None
    key: str = ""
    digest: str = ""
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


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def collect(settings: Settings) -> list[sources.Submission]:
    subs = sources.collect(settings.submissions)
    if not subs:
        raise sources.InputError(f"no files found in {settings.submissions}")
    return subs


def identify(subs: list[sources.Submission], settings: Settings):
    """Roster students without a file, the kept submission per student, and the dropped duplicates."""
    missing = []
    if settings.roster:
        students = sources.read_roster(settings.roster)
        for name in ambiguous_names(students):
            warn(f"the roster has several students named {name!r}: a file named only by that name is not matched")
        missing = sources.match_roster(subs, students)
        for sub in subs:
            if not sub.in_roster:
                warn(f"{sub.name} matches no roster row: reported as {NOT_IN_ROSTER}, not graded")
    kept, duplicates = sources.latest_per_student(subs)
    return kept, missing, duplicates


def _private_tag(settings: Settings) -> str:
    """A private bank changes what is judged: stored results made without it (or another) do not count."""
    if not settings.private:
        return ""
    import hashlib

    return "|private=" + hashlib.sha256(Path(settings.private).read_bytes()).hexdigest()[:16]


def plan(kept: list[sources.Submission], settings: Settings) -> tuple[list[Plan], str]:
    """Read each file once: its digest, its code cells and saved answers; the bytes are dropped here."""
    import hashlib

    plans = []
    for sub in kept:
        info, problem, digest = None, sub.problem, ""
        if problem is None:
            try:
                data = sub.read()
            except (OSError, RuntimeError, NotImplementedError, ValueError) as exc:
                data, problem = None, f"cannot read the file ({exc})"
            if data is not None:
                digest = hashlib.sha256(data).hexdigest()
                if len(data) > sources.MAX_FILE_BYTES:
                    problem = "file too large (unpacked)"
                else:
                    try:
                        info = notebooks.read(data, sub.name)
                    except notebooks.Unreadable as exc:
                        problem = str(exc)
            del data
        plans.append(Plan(sub, info, problem, digest=digest))
    chapter = settings.chapter or _infer_chapter(plans)
    if not registry.chapter(chapter):
        raise sources.InputError(f"unknown chapter {chapter!r}")
    for p in plans:
        written = p.info.seed() if p.info else None
        p.seed = p.sub.roster_seed if settings.roster else written
        if settings.roster and written is not None and written != p.seed and p.sub.in_roster:
            p.notes.append(f"the notebook asks for seed {written}; the roster's seed {p.seed} was used")
        p.key = result_key(p.digest.encode(), p.sub.student_id, chapter + _private_tag(settings), p.seed)
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


@dataclass
class RawRun:
    """What the sandbox's server saw for one submission: its reply, checked field by field. Time-outs,
    signals, exit codes and replays are the server's own observations; cell numbers, error names and
    results come from the student's process and only explain or are judged, never trusted."""

    sandbox_error: str | None = None
    setup_error: str | None = None
    timed_out: bool = False
    completed: bool = False
    exit_code: int | None = None
    signal: str | None = None
    last_cell: int | None = None
    errors: list = field(default_factory=list)
    replayed_without: list = field(default_factory=list)
    attempts: int = 1
    results: dict = field(default_factory=dict)
    answers: str = ""
    answers_note: str | None = None
    output_chars: int = 0
    output_lines: int = 0
    maxrss_kb: int | None = None

    @classmethod
    def from_reply(cls, reply: dict) -> "RawRun":
        def pick(key, kind, default):
            value = reply.get(key)
            return value if isinstance(value, kind) and not (kind is int and isinstance(value, bool)) else default

        return cls(sandbox_error=pick("sandbox_error", str, None) or pick("error", str, None),
                   setup_error=pick("setup_error", str, None), timed_out=reply.get("timed_out") is True,
                   completed=reply.get("completed") is True, exit_code=pick("exit_code", int, None),
                   signal=pick("signal", str, None), last_cell=pick("last_cell", int, None),
                   errors=pick("errors", list, []), replayed_without=pick("replayed_without", list, []),
                   attempts=pick("attempts", int, 1), results=pick("results", dict, {}),
                   answers=pick("answers", str, ""), answers_note=pick("answers_note", str, None),
                   output_chars=pick("output_chars", int, 0), output_lines=pick("output_lines", int, 0),
                   maxrss_kb=pick("maxrss_kb", int, None))

    def shown(self) -> dict:
        """The part kept in the store and shown in reports."""
        return {k: getattr(self, k) for k in ("timed_out", "exit_code", "signal", "last_cell", "errors",
                                              "output_chars", "output_lines", "maxrss_kb", "attempts",
                                              "replayed_without")}


def classify(raw: RawRun, timeout: float, memory_mb: int) -> tuple[str, str, list[str]]:
    """Status, one-line reason and notes."""
    if raw.sandbox_error:
        return SANDBOX_FAILED, f"sandbox failure: {raw.sandbox_error}", []
    if raw.setup_error:
        return SANDBOX_FAILED, f"could not start the submission's process: {raw.setup_error}", []
    where = f" in cell {raw.last_cell}" if raw.last_cell else ""
    notes, status, reason = [], None, ""
    counted = "; answers recorded before then are counted"
    if raw.timed_out:
        status, reason = PARTIAL, f"timed out after {timeout:g} s{where}{counted}"
    elif raw.signal:
        extra = " (probably the memory limit)" if raw.signal == "SIGKILL" else ""
        status, reason = PARTIAL, f"killed by {raw.signal}{extra}{where}{counted}"
    elif not raw.completed:  # the server saw no normal end: the child's own claims do not count
        status, reason = PARTIAL, f"the run did not finish normally (exit code {raw.exit_code}){where}{counted}"
    for fatal in raw.replayed_without:
        notes.append(f"cell {fatal.get('cell')} {fatal.get('how')}: its answers are lost; the cells after it were "
                     "run again in a fresh process without it")
    for error in raw.errors:
        if error.get("type") == "MemoryError":
            notes.append(f"memory limit ({memory_mb} MB) reached in cell {error.get('cell')} (MemoryError)")
            break
    if status is None:
        status = WITH_ERRORS if (raw.errors or raw.replayed_without) else GRADED
        if raw.replayed_without and not raw.errors:
            first = raw.replayed_without[0]
            reason = f"cell {first.get('cell')} {first.get('how')}; the cells after it still ran"
        if raw.errors:
            first = raw.errors[0]
            reason = (f"{len(raw.errors)} cell(s) raised an error; first: {first.get('type')} in cell "
                      f"{first.get('cell')}: {first.get('message')}")[:300]
    if raw.output_chars > runner.OUTPUT_KEEP:
        notes.append(f"printed {raw.output_lines} lines ({raw.output_chars} bytes); output beyond the first "
                     "64 KB was discarded")
    return status, reason, notes


def _judged(plan: Plan, chapter: str, raw: RawRun, elapsed: float, case_seed: int, settings: Settings,
            sandbox_name: str) -> dict:
    payload = _base_payload(plan, chapter)
    status, reason, notes = classify(raw, settings.timeout, settings.memory_mb)
    parsed = answers_mod.parse(raw.answers, chapter)
    merge(parsed, plan.info.saved if plan.info else {}, raw.results, chapter)
    rows = judge.judge_all(chapter, parsed, plan.seed, case_seed)
    total, maximum = judge.totals(rows)
    if raw.answers_note:
        notes.append(raw.answers_note)
    notes += parsed.notes()
    if not parsed.records and status != SANDBOX_FAILED:
        reason = (reason + "; " if reason else "") + f"no answers to {chapter} exercises were recorded"
    if parsed.unjudged:
        notes.append(f"answers to private exercises ({', '.join(sorted(parsed.unjudged))}) were recorded but NOT "
                     "judged and are not in the total: " + (f"the private bank {Path(settings.private).name} does "
                                                            "not define them" if settings.private else
                                                            "grade with --private BANK.py to score them"))
    payload.update({
        "status": status, "reason": reason, "notes": payload["notes"] + notes, "case_seed": case_seed,
        "exercises": rows, "total": total if status != SANDBOX_FAILED else None,
        "max": maximum,
        "unsafe": sandbox_name == "process", "private_not_judged": sorted(parsed.unjudged),
        "run": {"elapsed": round(elapsed, 3), "sandbox": sandbox_name, **raw.shown()},
    })
    return payload


def merge(parsed: answers_mod.Answers, saved: dict, results: dict, chapter: str) -> None:
    """What counts for each exercise. Non-code: the answer recorded in the submitted notebook's saved
    output (what the student last checked, in the live form or the cell) wins over the re-run cell's
    ``answer=``; its seed and any score in it are ignored. Code: the values the function returned on the
    cases sent after the cells ran."""
    known = {ex.id: ex for ex in registry.chapter(chapter)}
    for exercise_id, record in saved.items():
        ex = known.get(exercise_id)
        if ex is None and registry.is_private_id(exercise_id, chapter):
            parsed.unjudged.add(exercise_id)
        if ex is None or ex.kind == "code" or "answer" not in record:
            continue
        limit = answers_mod.MAX_TEXT.get(ex.kind, answers_mod.DEFAULT_TEXT)
        parsed.records[ex.id] = {"answer": answers_mod.clean(record.get("answer"), limit),
                                 "origin": "saved " + str(record.get("origin") or "cell")[:10]}
    for exercise_id, ex in known.items():
        if ex.kind == "code" and exercise_id in parsed.records:
            if parsed.records[exercise_id].get("function"):
                parsed.records[exercise_id] = {"results": results.get(exercise_id) or []}
            else:
                parsed.records[exercise_id] = {"results": None}


def _failed(plan: Plan, chapter: str, status: str, reason: str) -> dict:
    payload = _base_payload(plan, chapter)
    _, maximum = judge.totals(judge.judge_all(chapter, answers_mod.Answers(), None, 0))
    payload.update({"status": status, "reason": reason, "exercises": [], "total": None, "max": maximum,
                    "run": {}})
    return payload


def _hidden_paths(settings: Settings, workroot: str) -> list[str]:
    import exercises

    repo = Path(exercises.__file__).resolve().parents[1]
    paths = [settings.out, settings.submissions, repo, Path(workroot), public.package_dir("exercises")]
    paths += [p for p in (settings.roster, settings.private) if p]
    for prefix in {sys.prefix, sys.base_prefix}:  # a non-editable install would carry the bank in the venv
        paths += Path(prefix).glob("lib/python*/site-packages/exercises")
    return [str(Path(p).resolve()) for p in paths]


@dataclass
class Run:
    """What one run did, for ``summary.md``: where each result came from and what the sandbox was."""

    settings: Settings
    store: Store
    workroot: str
    chapter: str = ""
    plans: list[Plan] = field(default_factory=list)
    payloads: dict[str, dict] = field(default_factory=dict)
    todo: list[Plan] = field(default_factory=list)
    from_store: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    missing: list = field(default_factory=list)
    mode: object = None
    workers: Workers | None = None
    limits: Limits | None = None


def _open_store(settings: Settings) -> tuple[Store, str]:
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
    return store, store.meta("workroot", tempfile.mkdtemp(prefix=WORK_PREFIX))


def _triage(run_: Run) -> None:
    """Stored results are reused; unreadable, unknown and wrong-assignment files fail without running."""
    settings, store = run_.settings, run_.store
    forced = {p.key for p in run_.plans if settings.student and settings.student in (p.sub.student_id, p.sub.key)}
    if settings.student and not forced:
        raise sources.InputError(f"no submission for student {settings.student!r}")
    for p in run_.plans:
        stored = None if p.key in forced else store.get(p.key)
        if stored is not None and stored["status"] != SANDBOX_FAILED:  # the grader's failure: try again
            run_.payloads[p.key] = {**stored, "moodle_id": p.sub.moodle_id or stored.get("moodle_id", "")}
            run_.from_store.append(p.sub.student_id)
            continue
        failure = None
        if p.sub.roster_given and not p.sub.in_roster:
            failure = (NOT_IN_ROSTER, "the file matches no roster row (by id or name); not graded")
        elif p.problem:
            failure = (UNREADABLE, p.problem)
        elif (wrong := _wrong_assignment(p.info, run_.chapter)) is not None:
            failure = (WRONG, wrong)
        if failure:
            run_.payloads[p.key] = _failed(p, run_.chapter, *failure)
            store.put(p.key, run_.payloads[p.key])
        else:
            run_.todo.append(p)


def run(settings: Settings) -> Outcome:
    started = time.monotonic()
    settings.cell_timeout = min(settings.cell_timeout, settings.timeout)
    if settings.private:
        try:
            registry.load_private(settings.private)
        except (OSError, ValueError, SyntaxError) as exc:
            raise sources.InputError(f"cannot load the private bank: {exc}") from None
    store, workroot = _open_store(settings)
    run_ = Run(settings, store, workroot)
    try:
        copy = str(public.build(Path(workroot) / "public"))
        if public.leaks(Path(copy)):
            raise SandboxError(f"the public copy of the course still holds bank files: {public.leaks(Path(copy))}")
        run_.mode = choose(_hidden_paths(settings, workroot), workroot, copy, settings.unsafe)
        if run_.mode.unsafe:
            warn(UNSAFE_WARNING)
        if run_.mode.name == "process" and run_.mode.uid_ok:
            os.chmod(workroot, 0o711)
        try:
            subs = collect(settings)
            kept, run_.missing, run_.duplicates = identify(subs, settings)
        except RosterError as exc:
            raise sources.InputError(str(exc)) from None
        run_.limits = Limits(settings.memory_mb)
        run_.workers = Workers(run_.mode, min(settings.workers, len(kept)), run_.limits)  # warms while planning
        run_.plans, run_.chapter = plan(kept, settings)
        _triage(run_)
        if run_.todo:
            execute_and_judge(run_)
        else:
            run_.workers.kill()
    finally:
        if run_.workers is not None:
            run_.workers.close()
        elif run_.limits is not None:
            run_.limits.close()
        shutil.rmtree(workroot, ignore_errors=True)
    return report(run_, started)


def report(run_: Run, started: float) -> Outcome:
    settings, chapter = run_.settings, run_.chapter
    rows = [run_.payloads[p.key] for p in run_.plans]
    rows += [{"student_id": e.student_id, "name": e.name, "source": "", "status": MISSING,
              "reason": "no submission", "exercises": [], "total": None, "max": rows[0]["max"] if rows else None,
              "seed": e.seed, "chapter": chapter, "notes": [], "run": {}, "canvas_id": "", "moodle_id": e.moodle_id,
              "in_roster": True} for e in run_.missing]
    mode, ran = run_.mode, bool(run_.todo)
    unjudged = {r["student_id"]: r["private_not_judged"] for r in rows if r.get("private_not_judged")}
    if unjudged:
        ids = ", ".join(sorted({i for found in unjudged.values() for i in found}))
        warn(f"{len(unjudged)} submission(s) answered private exercises ({ids}) that were NOT judged: "
             + ("the private bank does not define them" if settings.private else "grade with --private BANK.py"))
    summary = {
        "chapter": chapter, "submissions_found": len(run_.plans) + len(run_.duplicates),
        "graded_now": len(run_.todo), "from_store": len(run_.from_store), "from_store_ids": run_.from_store,
        "duplicates": run_.duplicates,
        "sandbox": mode.description if ran else "not needed (nothing to run)",
        "unsafe": bool(mode.unsafe), "sandbox_notes": mode.notes,
        "limits": run_.limits.describe() if run_.limits else "",
        "sandbox_startup_seconds": run_.workers.startup_seconds() if ran else [],
        "workers": settings.workers, "timeout_s": settings.timeout, "cell_timeout_s": settings.cell_timeout,
        "case_timeout_s": settings.case_timeout, "memory_mb": settings.memory_mb,
        "wall_seconds": round(time.monotonic() - started, 2), "store": str(settings.out / DB_NAME),
        "private_not_judged": unjudged,
    }
    run_.store.close()
    reports.write_all(settings.out, rows, chapter, summary, settings.assignment)
    return Outcome(rows, summary)


def execute_and_judge(run_: Run) -> None:
    """One thread per sandbox drives its server; judging and storing stay in this thread."""
    settings, chapter, workers, store = run_.settings, run_.chapter, run_.workers, run_.store
    seeds = {p.key: store.case_seed(p.key) for p in run_.todo}
    limits = {"timeout": settings.timeout, "cell_timeout": settings.cell_timeout,
              "case_timeout": settings.case_timeout, "memory_mb": settings.memory_mb}

    def work(p: Plan):
        box = workers.take()
        began = time.monotonic()
        try:
            box.ensure_started()
            began = time.monotonic()  # a worker's one-off start-up is not this submission's time
            raw = RawRun.from_reply(box.run([list(c) for c in p.info.cells],
                                            lambda ids: judge.code_cases(chapter, seeds[p.key], ids), limits))
        except SandboxError as exc:
            raw = RawRun(sandbox_error=str(exc))
        except Exception as exc:  # noqa: BLE001 - a grader bug on one submission must not stop the batch
            raw = RawRun(sandbox_error=f"internal error ({type(exc).__name__}: {exc})")
        finally:
            workers.give(box)
        return p, raw, time.monotonic() - began

    bar = progress.start(len(run_.todo), settings.progress)
    pool = ThreadPoolExecutor(max_workers=len(workers.boxes))
    try:
        futures = [pool.submit(work, p) for p in run_.todo]
        for future in as_completed(futures):
            p, raw, elapsed = future.result()
            payload = _judged(p, chapter, raw, elapsed, seeds[p.key], settings, workers.mode.name)
            store.put(p.key, payload)
            run_.payloads[p.key] = payload
            bar.update(payload["status"])
    except BaseException:
        workers.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
