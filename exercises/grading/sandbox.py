"""Where student code runs: the strongest isolation this machine offers, chosen once per batch.

1. ``bwrap`` (bubblewrap): new network, PID, IPC and UTS namespaces; the system, Python and the course
   package mounted read-only; a private /tmp; no capabilities; nothing else of the host visible, so the
   grader's output directory, store, submissions, roster and the repository's tests do not exist inside.
2. ``unshare`` (util-linux, needs root): the same namespaces; the warm server remounts every mount
   read-only in its private mount namespace, gives /tmp its own tmpfs and covers the grader's paths.
3. ``process``: own session, resource limits, scrubbed environment, a temporary working directory, a
   separate uid when the Python installation is readable by one, and ``unshare --net`` when it works.
   This cannot hide the grader's files; the run summary says so.

Each grading worker owns one ``Sandbox``: a warm fork server (``zygote.py``) inside the isolation,
restarted whenever it dies or reports that it could not clean up after a submission.
"""
from __future__ import annotations

import importlib.util
import json
import os
import queue
import secrets
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

STARTUP_TIMEOUT = 180.0   # seconds for a server to import the course stack (slow disks, busy machine)
GRACE = 30.0              # seconds the grader waits past a job's own time limit before giving up on it
TMP_SIZE = 512 * 1024 ** 2
UID_BASE = 61000          # process sandbox: worker i runs student code as uid UID_BASE + i
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/nsswitch.conf",
             "/etc/passwd", "/etc/group", "/etc/hosts", "/etc/fonts", "/etc/mime.types", "/etc/alternatives",
             "/etc/ssl/certs", "/etc/matplotlibrc")

DESCRIPTIONS = {
    "bwrap": ("bwrap (bubblewrap): private network, PID, IPC and UTS namespaces; system, Python and course "
              "package read-only; private /tmp; no capabilities; the output directory, store, submissions, "
              "roster and tests are not mounted"),
    "unshare": ("unshare: private network, PID and mount namespaces; every mount read-only; private /tmp; "
                "grader paths covered by empty tmpfs; no capabilities (bubblewrap unavailable)"),
    "process": ("process: own session, resource limits, scrubbed environment, temporary working directory; "
                "NO filesystem isolation: student code can read and write what the grader's user can. "
                "Install bubblewrap (make grading-deps)"),
}


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the student's code): the submission is reported, not scored."""


@dataclass
class Mode:
    name: str
    python: str
    readonly: list[str]            # host paths mounted read-only (bwrap)
    hidden: list[str]              # grader paths student code must not see
    workroot: str                  # host directory for server logs (and process-sandbox job dirs)
    net_prefix: list[str] = field(default_factory=list)
    uid_ok: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        text = DESCRIPTIONS[self.name]
        if self.name == "process":
            extra = []
            if self.net_prefix:
                extra.append("private network (unshare --net)")
            if self.uid_ok:
                extra.append(f"student code runs as uid {UID_BASE}+worker")
            if extra:
                text += "; " + ", ".join(extra)
        return text

    def env(self, index: int) -> dict:
        home = "/tmp" if self.name != "process" else os.path.join(self.workroot, f"w{index}")
        venv_bin = os.path.dirname(self.python)
        return {"PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin", "HOME": f"{home}/home",
                "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
                "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg", "PLOTLY_RENDERER": "json",
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                "NUMEXPR_NUM_THREADS": "1", "IPYTHONDIR": f"{home}/ipython", "MPLCONFIGDIR": f"{home}/mpl",
                "JUPYTER_PLATFORM_DIRS": "1"}

    def command(self, index: int, server_args: list[str] | None = None) -> list[str]:
        """The command that starts worker ``index``'s server (or, with ``server_args``, a probe)."""
        if self.name == "bwrap":
            tail = server_args or ["-m", "exercises.grading.zygote", "--base", "/tmp/jobs"]
            return bwrap_args(self.readonly, self.hidden, self.env(index)) + [self.python, *tail]
        if self.name == "unshare":
            masks = [a for h in self.hidden for a in ("--mask", h)]
            tail = server_args or ["-m", "exercises.grading.zygote", "--base", "/tmp/jobs", "--isolate", *masks]
            return ["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child",
                    "--mount-proc", "--", self.python, *tail]
        base = os.path.join(self.workroot, f"w{index}")
        uid = ["--uid", str(UID_BASE + index)] if self.uid_ok else []
        tail = server_args or ["-m", "exercises.grading.zygote", "--base", f"{base}/jobs", *uid]
        return [*self.net_prefix, self.python, *tail]


def bwrap_args(readonly: list[str], hidden: list[str], env: dict) -> list[str]:
    args = ["bwrap", "--die-with-parent", "--new-session", "--unshare-net", "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", "--as-pid-1", "--cap-drop", "ALL", "--hostname", "grader",
            "--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for path in ETC_FILES:
        args += ["--ro-bind-try", path, path]
    # the private /tmp first: a venv or checkout that lives under /tmp (a CI clone) is bound on top of it
    args += ["--dev", "/dev", "--proc", "/proc", "--size", str(TMP_SIZE), "--tmpfs", "/tmp"]
    for path in readonly:
        args += ["--ro-bind", path, path]
    for path in hidden:  # only needed where a hidden path lies inside something mounted
        if any(_inside(path, ro) for ro in readonly):
            if os.path.isdir(path):
                args += ["--tmpfs", path, "--remount-ro", path]
            elif os.path.exists(path):
                args += ["--ro-bind", "/dev/null", path]
    args += ["--remount-ro", "/", "--clearenv", "--chdir", "/tmp"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    return args + ["--"]


def _inside(path: str, parent: str) -> bool:
    try:
        return os.path.commonpath([os.path.realpath(path), os.path.realpath(parent)]) == os.path.realpath(parent)
    except ValueError:
        return False


def readonly_paths() -> list[str]:
    """Python (base installation and venv) and the course packages: all a notebook needs to import."""
    paths = [os.path.realpath(p) for p in (sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix)]
    for package in ("exercises", "widgets"):
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            paths += [os.path.realpath(p) for p in spec.submodule_search_locations]
    paths = [p for p in dict.fromkeys(paths) if os.path.isdir(p) and p != "/"]
    return [p for p in paths if not any(q != p and _inside(p, q) for q in paths)]


def _world_reachable(paths: list[str]) -> bool:
    """Can an unprivileged uid read these trees? (Python under /root usually cannot be.)"""
    for path in paths:
        current = Path(path)
        for part in [current, *current.parents]:
            try:
                if not part.stat().st_mode & 0o001:
                    return False
            except OSError:
                return False
    return True


def _probe(command: list[str], env: dict, cwd: str) -> str | None:
    """Run a probe; None when it worked, else a one-line reason."""
    try:
        done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, timeout=60, text=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1][:200]
    return None


def choose(hidden: list[str], workroot: str, wanted: str = "auto") -> Mode:
    """The first sandbox, in order of strength, in which Python starts and can read the grading code."""
    python = sys.executable
    # cheap: finds and reads the course package without importing numpy and friends
    probe = ["-c", "import importlib.util as u, os; s = u.find_spec('exercises'); "
                   "open(os.path.join(s.submodule_search_locations[0], 'grading', 'zygote.py')).read()"]
    tried = []
    for name in (["bwrap", "unshare", "process"] if wanted == "auto" else [wanted]):
        mode = Mode(name, python, readonly_paths(), [str(h) for h in hidden], workroot)
        if name in ("bwrap", "unshare") and not shutil.which(name):
            tried.append(f"{name}: not installed")
            continue
        if name == "unshare" and os.geteuid() != 0:
            tried.append("unshare: needs root")
            continue
        if name == "process":
            if shutil.which("unshare") and _probe(["unshare", "--net", "--", python, "-c", "pass"],
                                                    mode.env(0), workroot) is None:
                mode.net_prefix = ["unshare", "--net", "--"]
            mode.uid_ok = os.geteuid() == 0 and _world_reachable(mode.readonly)
        failure = _probe(mode.command(0, probe), mode.env(0), workroot)
        if failure is None:
            mode.notes = tried
            return mode
        tried.append(f"{name}: probe failed ({failure})")
    raise SandboxError("no sandbox works on this machine: " + "; ".join(tried))


class Sandbox:
    """One worker's warm server. ``run`` sends one submission and returns the server's raw report."""

    def __init__(self, mode: Mode, index: int):
        self.mode, self.index = mode, index
        self.proc: subprocess.Popen | None = None
        self.buffer = b""
        self.log_path = os.path.join(mode.workroot, f"sandbox-{index}.log")
        self.startup_seconds: list[float] = []
        self.lock = threading.RLock()  # one job at a time; a job waits for a start-up in progress

    def _start(self) -> None:
        self.close()
        cwd = self.mode.workroot
        if self.mode.name == "process":
            cwd = os.path.join(self.mode.workroot, f"w{self.index}")
            os.makedirs(os.path.join(cwd, "home"), exist_ok=True)
            if self.mode.uid_ok:
                for path in (cwd, os.path.join(cwd, "home")):
                    os.chown(path, UID_BASE + self.index, UID_BASE + self.index)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(self.mode.command(self.index), stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=log, env=self.mode.env(self.index),
                                         cwd=cwd, start_new_session=True)
        self.buffer = b""
        ready = self._read_message(time.monotonic() + STARTUP_TIMEOUT)
        if not ready or not ready.get("ready"):
            self.kill()
            raise SandboxError(f"the sandbox did not start ({self._log_tail()})")

    def ensure_started(self) -> None:
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                began = time.monotonic()
                self._start()
                self.startup_seconds.append(round(time.monotonic() - began, 2))

    def run(self, cells: list, cases: dict, timeout: float, memory_mb: int) -> dict:
        with self.lock:
            return self._run(cells, cases, timeout, memory_mb)

    def _run(self, cells: list, cases: dict, timeout: float, memory_mb: int) -> dict:
        self.ensure_started()
        token = secrets.token_hex(16)
        job = {"job": token, "cells": cells, "cases": cases, "timeout": timeout, "memory_mb": memory_mb}
        if self.mode.name == "process" and self.mode.uid_ok:
            job["uid"] = UID_BASE + self.index
        try:
            self.proc.stdin.write((json.dumps(job) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self.kill()
            raise SandboxError("the sandbox closed before the job was sent") from None
        reply = self._read_message(time.monotonic() + timeout + GRACE)
        if reply is None or reply.get("job") != token:
            self.kill()
            raise SandboxError("the sandbox stopped answering (its server was killed or hung)")
        if reply.get("dirty"):
            self.close()  # the server exits after a job it could not clean up; the next job gets a new one
        return reply

    def _read_message(self, deadline: float) -> dict | None:
        proc = self.proc
        if proc is None:
            return None
        fd = proc.stdout.fileno()
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            return None
        return message if isinstance(message, dict) else None

    def _log_tail(self) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                lines = fh.read()[-2000:].decode("utf-8", "replace").strip().splitlines()
        except OSError:
            return "no log"
        return lines[-1][:200] if lines else "no output"

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
        self.proc = None

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.stdin.write(b'{"quit": true}\n')
                self.proc.stdin.flush()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()


class Workers:
    """The batch's sandboxes, started in the background while the batch is still being planned, so the
    grader's own start-up and theirs overlap. ``take``/``give`` hand a free sandbox to a job.

    A starting thread stays alive until ``close``: bwrap's --die-with-parent is tied to the thread that
    started it (PR_SET_PDEATHSIG), so a thread that returned would take its sandbox with it."""

    def __init__(self, mode: Mode, count: int):
        self.mode = mode
        self.boxes = [Sandbox(mode, i) for i in range(max(1, count))]
        self.free: "queue.Queue[Sandbox]" = queue.Queue()
        for box in self.boxes:
            self.free.put(box)
        self.finished = threading.Event()
        self.threads = [threading.Thread(target=self._warm, args=(box,), daemon=True) for box in self.boxes]
        for thread in self.threads:
            thread.start()

    def _warm(self, box: Sandbox) -> None:
        try:
            box.ensure_started()
        except Exception:  # noqa: BLE001 - retried, and reported, when a job needs this sandbox
            pass
        self.finished.wait()

    def take(self) -> Sandbox:
        return self.free.get()

    def give(self, box: Sandbox) -> None:
        self.free.put(box)

    def startup_seconds(self) -> list[float]:
        return [s for box in self.boxes for s in box.startup_seconds]

    def kill(self) -> None:
        for box in self.boxes:
            box.kill()

    def close(self) -> None:
        for box in self.boxes:
            box.close()
        self.finished.set()
        for thread in self.threads:
            thread.join(timeout=STARTUP_TIMEOUT)
