"""The warm fork server inside a sandbox: one per grading worker, one submission at a time.

Importing the course stack (numpy, scipy, pint, plotly, IPython) takes about two seconds; a notebook's
own code usually takes a fraction of that. So each worker starts this server once, inside its sandbox,
imports everything, and forks a fresh child per submission (``runner.child_main``). The child gets its
own session, job directory and limits; the server watches the wall clock, kills at the deadline, then
kills every other process left in the sandbox, reads the answers file as plain bytes and wipes the job
files before the next submission, so nothing of one student reaches the next.

Protocol (JSON lines): the grader writes a job on the control input (cells and limits, never a case);
when the child reports that its cells have run, the server asks ``{"need_cases": ids}`` and the grader
answers ``{"cases": ...}``; the server passes them down a pipe and answers with one result line. A child
that dies in a cell (``os._exit``, a signal, the memory limit, a cell that ignores its timer) is replaced
by a fresh fork that runs the cells again without that one, within the same total time limit. The run
counts as completed only if the server itself sent the cases and got back the nonce it sent with them,
and the child then exited 0: a ``done`` line printed by a cell means nothing. The control channel is moved off fds 0/1 at start, so stray prints cannot corrupt it, and children
close it before any student code runs. The server is made non-dumpable: same-uid student code cannot
ptrace it or read its memory.
"""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import re
import select
import shutil
import signal
import stat
import sys
import time

from . import runner

ANSWERS_CAP = 4 * 1024 ** 2      # bytes of the answers file read (the tail: the last answer wins)
PROGRESS_CAP = 1024 ** 2         # bytes of progress events read from a child
MAX_ERRORS = 50
MAX_RESULTS = 2000
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
_TOKEN = re.compile(r"^[0-9a-f]{16,64}$")


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def warm() -> list[str]:
    """Import what chapter notebooks import, once; forks share it. Missing optional packages are fine."""
    imported = []
    for name in ("numpy", "scipy.optimize", "pint", "plotly.graph_objects", "plotly.io", "ipywidgets",
                 "IPython.display", "IPython.core.inputtransformer2", "matplotlib.pyplot", "pandas",
                 "exercises", "exercises.registry", "widgets", "widgets.views"):
        try:
            __import__(name)
            imported.append(name)
        except Exception:  # noqa: BLE001 - an optional package that is absent or broken
            pass
    try:
        from exercises import parsing, registry

        registry.all_exercises()
        parsing.ureg()
    except Exception:  # noqa: BLE001
        pass
    return imported


MAX_REPLAYS = 3       # fresh processes after cells that killed theirs (the total time limit still holds)
CELL_GRACE = 2.0      # seconds past a cell's budget before the server stops a cell that ignored its timer
CASE_GRACE = 2.0


class Attempt:
    """One child process running the notebook (the first run, or a replay without fatal cells)."""

    def __init__(self, pid: int, progress_fd: int, cases_fd: int, started: float):
        self.pid, self.progress_fd, self.cases_fd = pid, progress_fd, cases_fd
        self.events = _Events()
        self.started = self.cell_started = started
        self.pending = b""          # the cases message still to write to the child
        self.asked = False
        self.nonce = None
        self.stopped = None         # why the server stopped the child: "budget" or "case"


class Server:
    def __init__(self, base: str, uid: int | None):
        self.base, self.uid = base, uid
        self.shell = runner.make_shell()
        self.pid1 = os.getpid() == 1

    # ---- one job --------------------------------------------------------------------------------
    def run(self, job: dict, ask_cases=None) -> dict:
        """Run a submission; ``ask_cases(ids)`` fetches the code cases from the grader after the cells."""
        token = str(job.get("job", ""))
        if not _TOKEN.match(token):
            return {"job": token, "error": "bad job token"}
        jobdir = os.path.join(self.base, token)
        self._make_jobdir(jobdir)
        started = time.monotonic()
        deadline = started + float(job["timeout"])
        cells = [list(c) for c in job["cells"]]
        skipped: list[dict] = []
        peak_kb, attempt, timed_out, status = 0, None, False, None
        for _ in range(MAX_REPLAYS + 1):
            attempt = self._fork(dict(job, cells=[c for c in cells if c[0] not in {f["cell"] for f in skipped}]),
                                 jobdir)
            timed_out, status, rusage = self._watch(attempt, deadline, job, ask_cases)
            peak_kb = max(peak_kb, rusage.ru_maxrss if rusage else 0)
            self._kill_leftovers(attempt.pid)
            attempt.events.drain(attempt.progress_fd)
            for fd in (attempt.progress_fd, attempt.cases_fd):
                os.close(fd)
            fatal = self._fatal_cell(attempt, status, timed_out, skipped)
            if fatal is None:
                break
            skipped.append(fatal)
        elapsed = time.monotonic() - started
        answers, note = read_answers(os.path.join(jobdir, runner.ANSWERS_FILE))
        dirty = self._wipe(jobdir)
        exit_code = os.waitstatus_to_exitcode(status) if status is not None else None
        events = attempt.events
        return {
            "job": token, "elapsed": round(elapsed, 3), "timed_out": timed_out,
            "exit_code": exit_code if exit_code is None or exit_code >= 0 else None,
            "signal": _signal_name(-exit_code) if exit_code is not None and exit_code < 0 else None,
            "maxrss_kb": peak_kb or None, **events.summary(),
            "completed": bool(attempt.nonce and events.results_done == attempt.nonce and exit_code == 0
                              and not timed_out),
            "replayed_without": skipped, "attempts": len(skipped) + 1,
            "answers": answers, "answers_note": note, "dirty": dirty,
        }

    def _fatal_cell(self, attempt: Attempt, status, timed_out: bool, skipped: list[dict]) -> dict | None:
        """The cell that ended (or hung) its process before the cases phase, if a replay can help."""
        events = attempt.events
        if timed_out or events.phase or events.cell is None:
            return None
        code = os.waitstatus_to_exitcode(status) if status is not None else None
        if attempt.stopped != "budget" and code == 0:
            return None
        if any(f["cell"] == events.cell for f in skipped):
            return None
        how = ("ignored its time budget and was stopped" if attempt.stopped == "budget" else
               f"was killed by {_signal_name(-code)}" if code is not None and code < 0 else
               f"ended the process with exit code {code}")
        return {"cell": events.cell, "how": how}

    def _fork(self, job: dict, jobdir: str) -> Attempt:
        progress_r, progress_w = os.pipe()
        cases_r, cases_w = os.pipe()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the submission's process
            try:
                os.close(progress_r)
                os.close(cases_w)
                runner.child_main(job, jobdir, progress_w, cases_r, self.shell)
            finally:
                os._exit(71)
        os.close(progress_w)
        os.close(cases_r)
        os.set_blocking(cases_w, False)
        return Attempt(pid, progress_r, cases_w, started)

    def _make_jobdir(self, jobdir: str) -> None:
        os.makedirs(self.base, mode=0o711, exist_ok=True)  # a private /tmp is wiped whole between jobs
        os.mkdir(jobdir, 0o700)
        for sub in ("home", "tmp"):
            os.mkdir(os.path.join(jobdir, sub), 0o700)
        open(os.path.join(jobdir, runner.ANSWERS_FILE), "w").close()
        if self.uid is not None:
            os.chown(self.base, self.uid, self.uid)
            for root, dirs, files in os.walk(jobdir):
                for name in [root, *(os.path.join(root, f) for f in dirs + files)]:
                    os.chown(name, self.uid, self.uid)

    def _cases_message(self, attempt: Attempt, job: dict, ask_cases) -> None:
        attempt.asked = True
        attempt.nonce = os.urandom(16).hex()
        ids = attempt.events.functions
        cases = ask_cases(ids) if (ask_cases and ids) else {}
        message = {"cases": cases, "case_timeout": float(job.get("case_timeout") or 1.0), "nonce": attempt.nonce}
        attempt.pending = (json.dumps(message) + "\n").encode()
        attempt.events.accept_results = True
        attempt.case_started = time.monotonic()

    def _watch(self, attempt: Attempt, deadline: float, job: dict, ask_cases):
        """Wait for the child to exit or a limit; read its events; hand it the cases when it asks."""
        pid, read_fd = attempt.pid, attempt.progress_fd
        budget = float(job.get("cell_timeout") or 0)
        case_limit = float(job.get("case_timeout") or 1.0) + CASE_GRACE
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        reading, timed_out, last_cell = True, False, None
        try:
            while True:
                now = time.monotonic()
                events = attempt.events
                if events.cell != last_cell:
                    last_cell, attempt.cell_started = events.cell, now
                if events.phase and not attempt.asked:
                    self._cases_message(attempt, job, ask_cases)
                if now >= deadline:
                    timed_out = True
                    break
                if budget and not events.phase and now - attempt.cell_started > budget + CELL_GRACE:
                    attempt.stopped = "budget"
                    break
                if attempt.asked and now - max(attempt.case_started, events.last_result) > case_limit:
                    attempt.stopped = "case"
                    break
                if attempt.pending:
                    try:
                        written = os.write(attempt.cases_fd, attempt.pending)
                        attempt.pending = attempt.pending[written:]
                    except BlockingIOError:
                        pass
                    except OSError:
                        attempt.pending = b""
                waits = ([read_fd] if reading else []) + ([pidfd] if pidfd is not None else [])
                ready, _, _ = select.select(waits, [], [], 0.05 if (pidfd is None or attempt.pending) else 0.25)
                if read_fd in ready:
                    chunk = os.read(read_fd, 65536)
                    if chunk:
                        events.feed(chunk)
                    else:
                        reading = False
                if pidfd in ready or pidfd is None:
                    done, status, rusage = os.wait4(pid, os.WNOHANG)
                    if done:
                        return False, status, rusage
        finally:
            if pidfd is not None:
                os.close(pidfd)
        for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                target()
            except ProcessLookupError:
                pass
        _, status, rusage = os.wait4(pid, 0)
        return timed_out, status, rusage

    def _kill_leftovers(self, pid: int) -> None:
        """Background processes the student started must not live on into the next submission."""
        if self.pid1:  # we are init of our own PID namespace: -1 means everyone else in it
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            _kill_descendants()
            if self.uid is not None:
                _kill_uid(self.uid)
        while True:
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                break

    def _wipe(self, jobdir: str) -> bool:
        """Remove the job's files (and, in a private /tmp, everything the student left); True if some
        could not be removed, so the grader replaces this sandbox. Mount points (a checkout or venv that
        lives under /tmp is bound there read-only) and the folders leading to them are kept; what the
        student left inside those folders is removed."""
        dirty = os.path.lexists(jobdir) and not _remove(jobdir)
        if self.pid1:
            mounts = _mount_points()
            for scratch in ("/tmp", "/var/tmp", "/dev/shm"):
                if os.path.isdir(scratch):
                    dirty |= _wipe_around(scratch, mounts)
        return dirty


def _mount_points() -> set[str]:
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as fh:
            return {line.split()[4].encode().decode("unicode_escape") for line in fh if len(line.split()) > 4}
    except OSError:
        return set()


def _wipe_around(folder: str, mounts: set[str]) -> bool:
    """Empty ``folder`` except for mount points and the folders that lead to one; True if something stayed."""
    dirty = False
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    for name in names:
        path = os.path.join(folder, name)
        if path in mounts:
            continue
        if any(m.startswith(path + "/") for m in mounts):
            if os.path.isdir(path) and not os.path.islink(path):
                dirty |= _wipe_around(path, mounts)
            continue
        if not _remove(path):
            dirty = True
    return dirty


def _remove(path: str) -> bool:
    def unlock(func, failed, _exc):
        try:
            os.chmod(os.path.dirname(failed), 0o700)
            if os.path.isdir(failed) and not os.path.islink(failed):
                os.chmod(failed, 0o700)
            func(failed)
        except OSError:
            pass

    try:
        if os.path.isdir(path) and not os.path.islink(path):
            os.chmod(path, 0o700)
            shutil.rmtree(path, onerror=unlock)
        else:
            os.unlink(path)
    except OSError:
        pass
    return not os.path.lexists(path)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _children() -> list[int]:
    """Our child processes, from /proc (as a subreaper, orphans of the student's processes land here)."""
    me, found = os.getpid(), []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me:
                found.append(int(entry))
    return found


def _kill_descendants() -> None:
    """Without a PID namespace: kill our children until none is left; grandchildren whose parent dies
    are re-parented to us (we are a child subreaper), so the next round finds them."""
    for _ in range(100):
        children = _children()
        if not children:
            return
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        time.sleep(0.005)


def _kill_uid(uid: int) -> None:
    for _ in range(5):
        found = False
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.stat(f"/proc/{entry}").st_uid == uid:
                        os.kill(int(entry), signal.SIGKILL)
                        found = True
                except (OSError, ProcessLookupError):
                    pass
        if not found:
            return
        time.sleep(0.02)


def read_answers(path: str) -> tuple[str, str | None]:
    """The answers file as text: never follow a link or open a pipe the student put in its place."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return "", "the answers file was deleted"
    except OSError as exc:
        return "", f"the answers file could not be opened ({exc.strerror})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "", "the answers file was replaced by something that is not a file"
        note = None
        if info.st_size > ANSWERS_CAP:
            os.lseek(fd, info.st_size - ANSWERS_CAP, os.SEEK_SET)
            note = f"the answers file was {info.st_size} bytes; only its last {ANSWERS_CAP} bytes were read"
        chunks, size = [], 0
        while size < ANSWERS_CAP:
            chunk = os.read(fd, min(1 << 20, ANSWERS_CAP - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
        if note:
            data = data[data.find(b"\n") + 1:]
        return data.decode("utf-8", errors="replace"), note
    finally:
        os.close(fd)


class _Events:
    """Progress lines from the child, parsed defensively (the child runs student code)."""

    def __init__(self):
        self.buffer, self.read = b"", 0
        self.cell, self.setup_error, self.cells_done = None, None, False
        self.phase, self.functions, self.results_done, self.last_result = False, [], None, 0.0
        self.results: dict[str, list[dict]] = {}
        self.result_count = 0
        self.accept_results = False   # set once the server has sent the cases: earlier "results" are forged
        self.errors: list[dict] = []
        self.output_chars = self.output_lines = 0

    def feed(self, chunk: bytes) -> None:
        if self.read > PROGRESS_CAP:
            return
        self.read += len(chunk)
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            self._event(line)

    def drain(self, fd: int) -> None:
        os.set_blocking(fd, False)
        try:
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                self.feed(chunk)
        except BlockingIOError:
            pass

    def _event(self, line: bytes) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            return
        if not isinstance(event, dict):
            return
        if isinstance(event.get("cell"), int):
            self.cell = event["cell"]
        for key in ("output_chars", "output_lines"):
            if isinstance(event.get(key), int):
                setattr(self, key, max(getattr(self, key), event[key]))
        error = event.get("error")
        if isinstance(error, dict) and len(self.errors) < MAX_ERRORS:
            self.errors.append({"cell": error.get("cell") if isinstance(error.get("cell"), int) else None,
                                "type": str(error.get("type", "Error"))[:80],
                                "message": str(error.get("message", ""))[:runner.MESSAGE_CHARS],
                                "line": error.get("line") if isinstance(error.get("line"), int) else None})
        if event.get("cells_done") is True:
            self.cells_done = True
        if event.get("phase") == "cases" and not self.phase:
            self.phase = True
            self.functions = [f[:200] for f in event.get("functions") or [] if isinstance(f, str)][:50]
        result = event.get("result")
        if (isinstance(result, dict) and isinstance(result.get("exercise"), str) and self.accept_results
                and self.result_count < MAX_RESULTS):
            self.result_count += 1
            self.last_result = time.monotonic()
            self.results.setdefault(result["exercise"][:200], []).append(
                {k: result[k] for k in ("case", "value", "raises", "error") if k in result})
        if isinstance(event.get("results_done"), str):
            self.results_done = event["results_done"]
        if isinstance(event.get("setup_error"), str):
            self.setup_error = event["setup_error"][:runner.MESSAGE_CHARS]

    def summary(self) -> dict:
        return {"last_cell": self.cell, "cells_done": self.cells_done, "errors": self.errors,
                "results": self.results,
                "setup_error": self.setup_error, "output_chars": self.output_chars,
                "output_lines": self.output_lines}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exercises.grading.zygote")
    parser.add_argument("--base", required=True, help="directory for job directories")
    parser.add_argument("--uid", type=int, help="run student code as this uid (process sandbox, as root)")
    args = parser.parse_args(argv)
    # ``-m`` put the working directory on sys.path; a file a student leaves there must never shadow a module
    sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]
    control_in, control_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # prints during warm-up go to the log, not into the protocol
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _libc().prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    if os.getpid() != 1:
        _libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    started = time.monotonic()
    imported = warm()
    server = Server(args.base, args.uid)
    out = os.fdopen(control_out, "w", encoding="utf-8", buffering=1)
    out.write(json.dumps({"ready": True, "pid1": server.pid1, "warm_seconds": round(time.monotonic() - started, 3),
                          "imported": imported}) + "\n")
    with os.fdopen(control_in, "r", encoding="utf-8") as commands:
        for line in commands:
            job = json.loads(line)
            if job.get("quit"):
                break
            def ask_cases(ids, token=job.get("job")):
                out.write(json.dumps({"job": token, "need_cases": ids}) + "\n")
                reply = json.loads(commands.readline() or "{}")
                return reply.get("cases") if isinstance(reply.get("cases"), dict) else {}

            try:
                result = server.run(job, ask_cases)
            except Exception as exc:  # noqa: BLE001 - report, then exit: the grader starts a fresh server
                result = {"job": job.get("job"), "error": f"{type(exc).__name__}: {exc}"[:300], "dirty": True}
            out.write(json.dumps(result) + "\n")
            if result.get("dirty"):
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
