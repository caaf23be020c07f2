"""Where student code runs: bubblewrap, or nothing without the teacher's explicit consent.

1. ``bwrap`` (bubblewrap): new network, PID, IPC and UTS namespaces; the system and Python mounted
   read-only; the course packages only as the grader's public copy without the answer key
   (``public.py``), at ``/course``; a private /tmp; nothing else of the host visible, so the grader's
   output directory, store, submissions, roster, bank and tests do not exist inside. Student code runs
   as a uid of its own (never uid 0) with no capabilities, under per-worker limits (``Limits``).
2. ``process``, only with ``--unsafe-no-sandbox``: own session, resource limits, scrubbed environment,
   a temporary working directory, a separate uid when the Python installation is readable by one. This
   cannot hide the grader's files; every report says so. Without bubblewrap the grader refuses to run
   student code otherwise.

Limits per submission (``Limits``): a cgroup per worker when this machine lets the grader make one
(cgroup v2 with memory and pids controllers, else cgroup v1 ``memory`` and ``pids`` hierarchies, nested
under the grader's own cgroup): total memory of all the submission's processes, and a number of
processes plus threads. Always: ``RLIMIT_AS`` per process, and as a non-root uid ``RLIMIT_NPROC``.

Each grading worker owns one ``Sandbox``: a warm fork server (``zygote.py``) inside the isolation,
restarted whenever it dies or reports that it could not clean up after a submission.
"""
from __future__ import annotations

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

COURSE_MOUNT = "/course"  # where the public copy of the course packages appears inside bwrap
SERVER_ALLOWANCE_MB = 384  # the warm server's own imports, charged to the same cgroup as the student
NPROC = 64                # processes plus threads per submission
CGROUP_PREFIX = "course-grading-"
ZYGOTE_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_CHOWN")

DESCRIPTIONS = {
    "bwrap": ("bwrap (bubblewrap): private network, PID, IPC and UTS namespaces; system and Python read-only; "
              "course packages only as a public copy without the answer key; private /tmp; student code as "
              "a non-root uid without capabilities; the output directory, store, submissions, roster, bank "
              "and tests are not mounted"),
    "process": ("process (UNSAFE, --unsafe-no-sandbox): own session, resource limits, scrubbed environment, "
                "temporary working directory; NO filesystem isolation: student code can read and write what "
                "its user can, including the answer key on disk. Install bubblewrap (make grading-deps)"),
}
UNSAFE_WARNING = ("UNSAFE: graded without a sandbox (--unsafe-no-sandbox); student code could read the answer "
                  "key and the grader's files. Do not use these grades for credit.")


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the student's code): the submission is reported, not scored."""


@dataclass
class Mode:
    name: str
    python: str
    readonly: list[str]            # host paths mounted read-only (bwrap)
    hidden: list[str]              # grader paths student code must not see
    workroot: str                  # host directory for server logs (and process-sandbox job dirs)
    public: str = ""               # the public copy of the course packages (``public.build``)
    net_prefix: list[str] = field(default_factory=list)
    uid_ok: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def unsafe(self) -> bool:
        return self.name == "process"

    def uid(self, index: int) -> int | None:
        return UID_BASE + index if self.uid_ok else None

    @property
    def description(self) -> str:
        text = DESCRIPTIONS[self.name]
        if self.name == "process":
            extra = ["UNSAFE"]
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
        course = COURSE_MOUNT if self.name == "bwrap" else self.public
        return {"PYTHONPATH": course, "PYTHONSAFEPATH": "1","PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin", "HOME": f"{home}/home",
                "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
                "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg", "PLOTLY_RENDERER": "json",
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                "NUMEXPR_NUM_THREADS": "1", "IPYTHONDIR": f"{home}/ipython", "MPLCONFIGDIR": f"{home}/mpl",
                "JUPYTER_PLATFORM_DIRS": "1"}

    def command(self, index: int, server_args: list[str] | None = None) -> list[str]:
        """The command that starts worker ``index``'s server (or, with ``server_args``, a probe)."""
        uid = ["--uid", str(self.uid(index))] if self.uid_ok else []
        if self.name == "bwrap":
            tail = server_args or ["-m", "exercises.grading.zygote", "--base", "/tmp/jobs", *uid]
            return bwrap_args(self.readonly, self.hidden, self.env(index), self.public,
                              setuid_caps=self.uid_ok) + [self.python, *tail]
        base = os.path.join(self.workroot, f"w{index}")
        tail = server_args or ["-m", "exercises.grading.zygote", "--base", f"{base}/jobs", *uid]
        return [*self.net_prefix, self.python, *tail]


def bwrap_args(readonly: list[str], hidden: list[str], env: dict, public: str = "",
               setuid_caps: bool = False) -> list[str]:
    """The bwrap command line. ``setuid_caps`` (grader running as root): the warm server keeps only what
    it needs to start each child as its own uid and to clean up after it; the child loses them all."""
    caps = [a for c in ZYGOTE_CAPS for a in ("--cap-add", c)] if setuid_caps else []
    args = ["bwrap", "--die-with-parent", "--new-session", "--unshare-net", "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", "--as-pid-1", "--cap-drop", "ALL", *caps,
            "--hostname", "grader", "--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for path in ETC_FILES:
        args += ["--ro-bind-try", path, path]
    # the private /tmp first: a venv or checkout that lives under /tmp (a CI clone) is bound on top of it
    args += ["--dev", "/dev", "--proc", "/proc", "--size", str(TMP_SIZE), "--tmpfs", "/tmp"]
    made = {"/", "/usr", "/tmp", "/dev", "/proc"}
    for path in readonly:
        for parent in reversed(Path(path).parents):  # bwrap would make missing parents 0700
            if str(parent) not in made and not any(_inside(str(parent), ro) for ro in readonly if ro != path):
                args += ["--perms", "0755", "--dir", str(parent)]
                made.add(str(parent))
        args += ["--ro-bind", path, path]
    if public:
        args += ["--ro-bind", public, COURSE_MOUNT]
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
    """Python (base installation and venv): the course packages come from the public copy only."""
    paths = [os.path.realpath(p) for p in (sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix)]
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


def choose(hidden: list[str], workroot: str, public: str, unsafe: bool = False) -> Mode:
    """bubblewrap when it works here; the bare process only when the teacher asked for it (``unsafe``)."""
    python = sys.executable
    # cheap: finds and reads the course package without importing numpy and friends
    probe = ["-c", "import importlib.util as u, os; s = u.find_spec('exercises'); "
                   "open(os.path.join(s.submodule_search_locations[0], 'grading', 'zygote.py')).read()"]
    readonly = readonly_paths()
    uid_ok = os.geteuid() == 0 and _world_reachable(readonly + [public])
    tried = []
    if shutil.which("bwrap"):
        # inside bwrap the folders leading to a mount are made by bwrap (0755): only the mounts count
        inside = os.geteuid() == 0 and all(os.stat(p).st_mode & 0o005 == 0o005 for p in readonly + [public])
        mode = Mode("bwrap", python, readonly, [str(h) for h in hidden], workroot, public, uid_ok=inside)
        failure = _probe(mode.command(0, probe), mode.env(0), workroot)
        if failure is None:
            return mode
        tried.append(f"bwrap: probe failed ({failure})")
    else:
        tried.append("bwrap: not installed (make grading-deps)")
    if not unsafe:
        raise SandboxError("refusing to run student code without a sandbox: " + "; ".join(tried) +
                           ". Install bubblewrap, or pass --unsafe-no-sandbox to run it unprotected")
    if os.geteuid() == 0 and not uid_ok:
        raise SandboxError("refusing to run student code as root: without bubblewrap it would run as uid 0, and "
                           f"an unprivileged uid cannot read this Python installation ({sys.prefix}). Install "
                           "bubblewrap, or run the grader as an ordinary user")
    mode = Mode("process", python, readonly, [str(h) for h in hidden], workroot, public, uid_ok=uid_ok)
    if shutil.which("unshare") and _probe(["unshare", "--net", "--", python, "-c", "pass"], mode.env(0),
                                          workroot) is None:
        mode.net_prefix = ["unshare", "--net", "--"]
    failure = _probe(mode.command(0, probe), mode.env(0), workroot)
    if failure is not None:
        raise SandboxError(f"not even a plain process starts: {failure}")
    mode.notes = tried
    return mode


class Limits:
    """Per-worker limits on everything the submission starts: a cgroup when one can be made here.

    The cgroup is made under the grader's own (so whoever limits the grader still limits this) and
    removed at the end; one left by a killed run is removed by the next."""

    def __init__(self, memory_mb: int, nproc: int = NPROC):
        self.memory_mb, self.nproc = memory_mb, nproc
        self.kind, self.reason = _cgroup_kind()
        self.dirs: list[str] = []

    def describe(self) -> str:
        rss = f"address space {self.memory_mb} MB per process"
        if self.kind:
            return (f"{self.kind}: memory {self.memory_mb} MB for all of a submission's processes together "
                    f"(+{SERVER_ALLOWANCE_MB} MB for the warm server), at most {self.nproc} processes and "
                    f"threads; {rss}; RLIMIT_NPROC {self.nproc} for the student's uid")
        return (f"no cgroup ({self.reason}): {rss}, RLIMIT_NPROC {self.nproc} for the student's uid, so "
                f"total memory is bounded only by {self.nproc} x {self.memory_mb} MB")

    def make(self, index: int) -> list[str]:
        """The cgroup directories for worker ``index`` (empty without cgroups)."""
        if not self.kind:
            return []
        made = []
        limit = (self.memory_mb + SERVER_ALLOWANCE_MB) * 1024 ** 2
        for controller, settings in _cgroup_settings(self.kind, limit, self.nproc):
            path = os.path.join(controller, f"{CGROUP_PREFIX}{os.getpid()}-w{index}")
            try:
                os.makedirs(path, exist_ok=True)
                for name, value in settings:
                    if os.path.exists(os.path.join(path, name)):
                        with open(os.path.join(path, name), "w") as fh:
                            fh.write(str(value))
            except OSError as exc:
                self.kind, self.reason = None, f"could not set up a cgroup ({exc.strerror})"
                return []
            made.append(path)
        self.dirs += made
        return made

    def close(self) -> None:
        for path in self.dirs:
            _remove_cgroup(path)
        self.dirs = []


def _own_cgroup(controller: str) -> str | None:
    try:
        with open("/proc/self/cgroup", encoding="utf-8") as fh:
            for line in fh:
                _, names, path = line.rstrip("\n").split(":", 2)
                if controller in names.split(",") or (controller == "" and names == ""):
                    return path
    except OSError:
        return None
    return None


def _cgroup_kind() -> tuple[str | None, str]:
    """Which cgroup interface the grader can use here, and the base folders (v2 first)."""
    if os.geteuid() != 0:
        return None, "the grader is not root"
    root = "/sys/fs/cgroup"
    for base in (root, os.path.join(root, "unified")):
        controllers = os.path.join(base, "cgroup.controllers")
        own = _own_cgroup("")
        if own is not None and os.path.exists(controllers):
            here = os.path.join(base, own.lstrip("/"))
            try:
                have = open(os.path.join(here, "cgroup.controllers")).read().split()
            except OSError:
                continue
            if {"memory", "pids"} <= set(have):
                _BASES["v2"] = [here]
                return "cgroup v2", ""
    bases = []
    for controller in ("memory", "pids"):
        own = _own_cgroup(controller)
        folder = os.path.join(root, controller)
        if own is None or not os.path.isdir(folder):
            return None, f"no cgroup {controller} controller"
        bases.append(os.path.join(folder, own.lstrip("/")))
    _BASES["v1"] = bases
    _sweep(bases)
    return "cgroup v1", ""


_BASES: dict[str, list[str]] = {}


def _cgroup_settings(kind: str, limit: int, nproc: int):
    if kind == "cgroup v2":
        return [(_BASES["v2"][0], [("memory.max", limit), ("memory.swap.max", 0), ("pids.max", nproc)])]
    memory, pids = _BASES["v1"]
    return [(memory, [("memory.limit_in_bytes", limit), ("memory.memsw.limit_in_bytes", limit)]),
            (pids, [("pids.max", nproc)])]


def _sweep(bases: list[str]) -> None:
    """Remove cgroups left by grader runs that were killed (their pid is gone)."""
    for base in bases:
        try:
            names = os.listdir(base)
        except OSError:
            continue
        for name in names:
            if name.startswith(CGROUP_PREFIX):
                pid = name[len(CGROUP_PREFIX):].split("-", 1)[0]
                if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
                    _remove_cgroup(os.path.join(base, name))


def _remove_cgroup(path: str) -> None:
    for _ in range(50):
        try:
            os.rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.02)  # processes still exiting


def _enter(cgroups: list[str]):
    """A ``preexec_fn``: join the worker's cgroups, and keep the warm server out of the OOM killer's way
    (the student's process raises its own score to the maximum)."""
    def enter():
        for path in cgroups:
            with open(os.path.join(path, "cgroup.procs"), "w") as fh:
                fh.write(str(os.getpid()))
        try:
            with open("/proc/self/oom_score_adj", "w") as fh:
                fh.write("-1000")
        except OSError:
            pass
    return enter


class Sandbox:
    """One worker's warm server. ``run`` sends one submission and returns the server's raw report."""

    def __init__(self, mode: Mode, index: int, limits: Limits | None = None):
        self.mode, self.index, self.limits = mode, index, limits
        self.cgroups: list[str] | None = None
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
        if self.cgroups is None:
            self.cgroups = self.limits.make(self.index) if self.limits else []
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(self.mode.command(self.index), stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=log, env=self.mode.env(self.index),
                                         cwd=cwd, start_new_session=True, preexec_fn=_enter(self.cgroups))
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

    def run(self, cells: list, cases_for, limits: dict) -> dict:
        """Run one submission. ``cases_for(ids)`` is called (in the grader) only once the notebook's
        cells have run and the child asks for the code cases; ``limits``: timeout, cell_timeout,
        case_timeout, memory_mb."""
        with self.lock:
            return self._run(cells, cases_for, limits)

    def _send(self, message: dict) -> None:
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self.kill()
            raise SandboxError("the sandbox closed before the job was sent") from None

    def _run(self, cells: list, cases_for, limits: dict) -> dict:
        self.ensure_started()
        token = secrets.token_hex(16)
        job = {"job": token, "cells": cells, **limits, "uid": self.mode.uid(self.index),
               "nproc": NPROC if self.mode.uid_ok else 0}
        self._send(job)
        deadline = time.monotonic() + float(limits["timeout"]) + GRACE
        while True:
            reply = self._read_message(deadline)
            if reply is None or reply.get("job") != token:
                self.kill()
                raise SandboxError("the sandbox stopped answering (its server was killed or hung)")
            if "need_cases" not in reply:
                break
            ids = [i for i in reply["need_cases"] if isinstance(i, str)] if isinstance(reply["need_cases"], list) else []
            self._send({"cases": cases_for(ids)})
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

    def __init__(self, mode: Mode, count: int, limits: Limits | None = None):
        self.mode, self.limits = mode, limits
        self.boxes = [Sandbox(mode, i, limits) for i in range(max(1, count))]
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
        if self.limits:
            self.limits.close()
