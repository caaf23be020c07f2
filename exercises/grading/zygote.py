"""The warm fork server inside a sandbox: one per grading worker, one submission at a time.

Importing the course stack (numpy, scipy, pint, plotly, IPython) takes about two seconds; a notebook's
own code usually takes a fraction of that. So each worker starts this server once, inside its sandbox,
imports everything, and forks a fresh child per submission (``runner.child_main``). The child gets its
own session, job directory and limits; the server watches the wall clock, kills at the deadline, then
kills every other process left in the sandbox, reads the answers file as plain bytes and wipes the job
files before the next submission, so nothing of one student reaches the next.

Protocol (JSON lines): the grader writes a job on the control input; the server answers with one result
line. The control channel is moved off fds 0/1 at start, so stray prints cannot corrupt it, and children
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
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
_TOKEN = re.compile(r"^[0-9a-f]{16,64}$")


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _mount(source, target, fstype, flags, data=None) -> None:
    libc = _libc()
    args = [None if v is None else v.encode() for v in (source, target, fstype, data)]
    if libc.mount(args[0], args[1], args[2], ctypes.c_ulong(flags), args[3]) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target}: {os.strerror(errno)}")


def isolate_filesystem(masks: list[str]) -> None:
    """For the ``unshare`` sandbox (no bwrap): in our private mount namespace make every mount read-only,
    give /tmp, /var/tmp and /dev/shm private tmpfs, and cover the grader's paths with empty tmpfs."""
    _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
    with open("/proc/self/mountinfo", encoding="utf-8") as fh:
        points = [line.split()[4].encode().decode("unicode_escape") for line in fh]
    for point in sorted(set(points), key=len):
        if point.startswith(("/proc", "/sys", "/dev")):
            continue
        try:
            _mount(None, point, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY)
        except OSError:
            if point == "/":
                raise
    for path in masks:
        if os.path.isdir(path):
            _mount("tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV | _MS_RDONLY, "size=4k,mode=000")
        elif os.path.exists(path):
            _mount("/dev/null", path, None, _MS_BIND)
    # Python and the course may live under /tmp (a CI clone): park them on a staging tmpfs, give /tmp
    # its private tmpfs, then bind them back read-only at the same paths.
    course_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    needed = {os.path.realpath(p) for p in (sys.prefix, sys.exec_prefix, sys.base_prefix, course_root)}
    keep = sorted(p for p in needed if any(p == d or p.startswith(d + "/") for d in ("/tmp", "/var/tmp")))
    staged = []
    if keep:
        _mount("tmpfs", "/mnt", "tmpfs", _MS_NOSUID | _MS_NODEV, "size=64k,mode=700")
        for i, path in enumerate(keep):
            holder = f"/mnt/keep{i}"
            os.mkdir(holder)
            _mount(path, holder, None, _MS_BIND | _MS_REC)
            staged.append((holder, path))
    for path in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(path):
            _mount("tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV, "size=512m,mode=1777")
    for holder, path in staged:
        os.makedirs(path, exist_ok=True)
        _mount(holder, path, None, _MS_BIND | _MS_REC)
        _mount(None, path, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY)


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


class Server:
    def __init__(self, base: str, uid: int | None):
        self.base, self.uid = base, uid
        self.shell = runner.make_shell()
        self.pid1 = os.getpid() == 1

    # ---- one job --------------------------------------------------------------------------------
    def run(self, job: dict) -> dict:
        token = str(job.get("job", ""))
        if not _TOKEN.match(token):
            return {"job": token, "error": "bad job token"}
        jobdir = os.path.join(self.base, token)
        self._make_jobdir(jobdir, job.get("cases") or {})
        read_fd, write_fd = os.pipe()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the submission's process
            try:
                os.close(read_fd)
                runner.child_main(job, jobdir, write_fd, self.shell)
            finally:
                os._exit(71)
        os.close(write_fd)
        events = _Events()
        timed_out, status, rusage = self._watch(pid, read_fd, events, started + float(job["timeout"]))
        elapsed = time.monotonic() - started
        self._kill_leftovers(pid)
        events.drain(read_fd)
        os.close(read_fd)
        answers, note = read_answers(os.path.join(jobdir, runner.ANSWERS_FILE))
        dirty = self._wipe(jobdir)
        exit_code = os.waitstatus_to_exitcode(status) if status is not None else None
        return {
            "job": token, "elapsed": round(elapsed, 3), "timed_out": timed_out,
            "exit_code": exit_code if exit_code is None or exit_code >= 0 else None,
            "signal": _signal_name(-exit_code) if exit_code is not None and exit_code < 0 else None,
            "maxrss_kb": rusage.ru_maxrss if rusage else None, **events.summary(),
            "answers": answers, "answers_note": note, "dirty": dirty,
        }

    def _make_jobdir(self, jobdir: str, cases: dict) -> None:
        os.makedirs(self.base, mode=0o711, exist_ok=True)  # a private /tmp is wiped whole between jobs
        os.mkdir(jobdir, 0o700)
        for sub in ("home", "tmp"):
            os.mkdir(os.path.join(jobdir, sub), 0o700)
        with open(os.path.join(jobdir, runner.CASES_FILE), "w", encoding="utf-8") as fh:
            json.dump(cases, fh)
        open(os.path.join(jobdir, runner.ANSWERS_FILE), "w").close()
        if self.uid is not None:
            os.chown(self.base, self.uid, self.uid)
            for root, dirs, files in os.walk(jobdir):
                for name in [root, *(os.path.join(root, f) for f in dirs + files)]:
                    os.chown(name, self.uid, self.uid)

    def _watch(self, pid: int, read_fd: int, events: "_Events", deadline: float):
        """Wait for the child to exit or the deadline; read its progress events meanwhile."""
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        reading, timed_out = True, False
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    break
                waits = ([read_fd] if reading else []) + ([pidfd] if pidfd is not None else [])
                ready, _, _ = select.select(waits, [], [], min(remaining, 0.05 if pidfd is None else remaining))
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
        could not be removed, so the grader replaces this sandbox."""
        targets = [jobdir]
        if self.pid1:
            for scratch in ("/tmp", "/var/tmp", "/dev/shm"):
                if os.path.isdir(scratch):
                    targets += [os.path.join(scratch, n) for n in os.listdir(scratch)]
        dirty = False
        for path in dict.fromkeys(targets):
            if os.path.lexists(path) and not _remove(path):
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
        self.cell, self.done, self.setup_error = None, False, None
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
        if event.get("done") is True:
            self.done = True
        if isinstance(event.get("setup_error"), str):
            self.setup_error = event["setup_error"][:runner.MESSAGE_CHARS]

    def summary(self) -> dict:
        return {"last_cell": self.cell, "done": self.done, "errors": self.errors,
                "setup_error": self.setup_error, "output_chars": self.output_chars,
                "output_lines": self.output_lines}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exercises.grading.zygote")
    parser.add_argument("--base", required=True, help="directory for job directories")
    parser.add_argument("--uid", type=int, help="run student code as this uid (process sandbox, as root)")
    parser.add_argument("--isolate", action="store_true", help="private read-only mounts (unshare sandbox)")
    parser.add_argument("--mask", action="append", default=[], help="path to hide (with --isolate)")
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
    if args.isolate:
        isolate_filesystem(args.mask)
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
            try:
                result = server.run(job)
            except Exception as exc:  # noqa: BLE001 - report, then exit: the grader starts a fresh server
                result = {"job": job.get("job"), "error": f"{type(exc).__name__}: {exc}"[:300], "dirty": True}
            out.write(json.dumps(result) + "\n")
            if result.get("dirty"):
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
