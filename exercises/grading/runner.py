"""Run one submission's code cells in a plain Python process, without a Jupyter kernel.

This code runs in a fresh fork of the warm zygote (``zygote.py``) inside the sandbox. Starting a kernel per
notebook would cost seconds; here each cell is turned into Python with IPython's own input transformer
(magics and ``!`` lines become ``get_ipython()`` calls) and executed in one namespace. A cell that raises
is recorded (index, type, message) and the next cell runs, as "Restart & Run All" would with errors
allowed. Each cell has a time budget (``SIGALRM``, as nbgrader's per-cell timeout): a cell that runs past
it is interrupted and the next cell runs. Output goes to a capped sink, so a notebook that prints 200,000
lines costs only the printing.

Code exercises, two phases: while the cells run, ``ex.ask(id, answer=f)`` only keeps ``f``
(``record.FUNCTIONS``). After the last cell the runner tells the zygote which functions it holds and
waits on a pipe; the grader then generates the cases (from a secret per-submission seed, with the bank
that only the grader has) and the zygote passes them down. Each case is called with its own timer; the
raw return values go back up and are judged in the grader.

Nothing this process reports is trusted for scoring: every line of it runs after student code could
have replaced any of it. It reports which cell it is in and which cells failed, for the feedback; the
values it returns are compared, in the grader, with the reference's values on cases it never had.

Why this is sound (the code-exercise argument):

1. The key is not in the sandbox. The only course code mounted is the public copy (``public.py``):
   no bank module, no ``.pyc``, no private bank; the grader checks the copy (``public.leaks``) before
   mounting it. So no process in the sandbox can read an expected value, a reference function, a case
   generator, a fixed case or the per-batch secret (which stays in the grader's store).
2. The cases do not exist in the sandbox while the notebook's cells run. The grader draws them from an
   HMAC of that secret and the submission, and hands them to the warm server only when the child asks,
   after its last cell; they were never in the server's memory before the fork, so no cell can find
   them in its own memory image.
3. Results are only raw values, accepted by the server only after it sent the cases, and compared in
   the grader with the reference's values, which the grader computes itself. To pass a case the student's
   process must return the reference's value for an input it did not have while its code ran: that is,
   compute the function. Whether the function named in ``ask`` does it, or a hook a cell installed,
   makes no difference: either is the student's own implementation. Scores, statuses and "correct"
   flags the process prints or writes are ignored.
4. What is not hidden: the models and data are public, so a student can compute a public exercise's
   answer at home (README, "What an open course cannot hide"); private exercises and hidden extra
   cases (``--private``) answer that.

Likewise "the run finished" is the server's observation (it sent the cases with a fresh nonce, got the
nonce back, and the child exited 0), not a line the child prints. A notebook that imitates the runner to
end early gains nothing: answers it did not give score nothing.
"""
from __future__ import annotations

import ast
import asyncio
import ctypes
import ctypes.util
import inspect
import io
import json
import os
import resource
import signal
import sys
from os import _exit as _exit_now  # bound before student code can replace os._exit
from os import write as _os_write

OUTPUT_KEEP = 64 * 1024          # bytes of output kept (the rest is only counted)
MESSAGE_CHARS = 300              # an error message is cut to this length
FILE_SIZE_LIMIT = 64 * 1024 ** 2  # largest file the student's code may write (answers file included)
ANSWERS_FILE = "answers.jsonl"
MAX_CASE_BYTES = 1024 ** 2       # the cases message from the zygote


class CellTimeout(BaseException):
    """Raised by the cell's timer; a BaseException, so a student's ``except Exception`` lets it through."""

_PR_SET_NO_NEW_PRIVS = 38
_PR_CAPBSET_DROP = 24
_CAP_VERSION_3 = 0x20080522


class _CountingRaw(io.RawIOBase):
    """The bottom of the output stream: counts bytes and lines, keeps the first ``keep`` bytes."""

    def __init__(self, keep: int):
        self.keep, self.total, self.lines = keep, 0, 0
        self.head = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self.total += len(data)
        self.lines += data.count(b"\n")
        if len(self.head) < self.keep:
            self.head += data[: self.keep - len(self.head)]
        return len(data)


class CappedSink(io.TextIOWrapper):
    """stdout/stderr for student code. Buffered in C, so 200,000 prints cost little more than the
    printing; only whole buffers reach the Python-level counter. Nothing is kept past ``keep`` bytes."""

    def __init__(self, keep: int = OUTPUT_KEEP):
        self.raw_counter = _CountingRaw(keep)
        super().__init__(io.BufferedWriter(self.raw_counter, buffer_size=1 << 16), encoding="utf-8",
                         errors="replace")

    def counts(self) -> tuple[int, int]:
        try:
            self.flush()
        except (OSError, ValueError):
            pass
        return self.raw_counter.total, self.raw_counter.lines

    def isatty(self) -> bool:
        return False


class Progress:
    """One JSON line per event on a pipe to the zygote: which cell runs, which cell failed."""

    def __init__(self, fd: int):
        self.fd = fd

    def send(self, **event) -> None:
        try:
            _os_write(self.fd, (json.dumps(event, default=str) + "\n").encode())
        except (OSError, ValueError):
            pass


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def drop_capabilities(keep_setuid: bool = False) -> None:
    """Root inside a namespace keeps its capabilities unless told otherwise; student code gets none,
    so it can neither unmount the masks over the grader's files nor remount anything writable.
    ``keep_setuid``: empty the bounding set but keep what the next ``setuid`` needs (it clears the rest)."""
    if os.geteuid() != 0:
        return
    libc = _libc()
    for cap in range(64):
        libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)
    if keep_setuid:
        return

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    header, data = Header(_CAP_VERSION_3, 0), (Data * 2)()
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def _no_new_privileges() -> None:
    try:
        _libc().prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    except OSError:
        pass


def prepare_process(job: dict, jobdir: str, keep_fds: tuple[int, ...]) -> None:
    """Turn the fresh fork into the submission's process: own session, no inherited files, limits."""
    os.setsid()  # own process group: the zygote kills the whole group at the deadline
    try:  # under memory pressure the kernel picks the student's process, never the warm server
        with open("/proc/self/oom_score_adj", "w") as fh:
            fh.write("1000")
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails with an error, not a kill
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    top = min(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 65536)
    low = 3
    for fd in sorted(keep_fds) + [top]:
        if low < fd:
            os.closerange(low, fd)  # the zygote's control channel is among these
        low = fd + 1
    memory = int(job["memory_mb"]) * 1024 ** 2
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _no_new_privileges()
    uid = job.get("uid")
    if uid is not None:
        drop_capabilities(keep_setuid=True)
        os.setgroups([])
        os.setgid(int(uid))
        os.setuid(int(uid))  # from root to a uid of its own: every remaining capability is cleared
        if os.getuid() == 0 or os.geteuid() == 0:
            raise OSError("student code would run as uid 0")
        nproc = int(job.get("nproc") or 0)
        if nproc:  # processes and threads of this uid; enforced because the uid is not root
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
    else:
        drop_capabilities()
    os.chdir(jobdir)
    os.environ.update({
        "HOME": os.path.join(jobdir, "home"), "TMPDIR": os.path.join(jobdir, "tmp"),
        "COURSE_GRADING_ANSWERS": os.path.join(jobdir, ANSWERS_FILE),
    })

    sys.path.insert(0, jobdir)  # as in Jupyter: modules the notebook writes next to itself import
    sys.argv = ["notebook.ipynb"]
    sys.stdin = io.StringIO("")


def compile_cell(source: str, label: str):
    """IPython syntax to Python (``%time``, ``!ls``, ``x?``), compiled; top-level ``await`` allowed."""
    from IPython.core.inputtransformer2 import TransformerManager

    python = TransformerManager().transform_cell(source)
    return compile(python, label, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


def _describe(exc: BaseException, label: str) -> dict:
    try:
        message = str(exc)
    except Exception:  # a student's exception whose __str__ fails
        message = "<unprintable message>"
    if isinstance(exc, SystemExit):
        message = f"sys.exit({exc.code!r}) was called"
    elif isinstance(exc, MemoryError) and not message:
        message = "out of memory (the grader's memory limit)"
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == label:
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None and isinstance(exc, SyntaxError) and exc.filename == label:
        line = exc.lineno
    return {"type": type(exc).__name__[:80], "message": message[:MESSAGE_CHARS], "line": line}


def _alarm(_signum, _frame):
    raise CellTimeout()


def _timer(seconds: float | None) -> None:
    signal.signal(signal.SIGALRM, _alarm)  # a cell may have replaced or ignored it
    signal.setitimer(signal.ITIMER_REAL, max(0.0, seconds or 0.0))


def _execute(source: str, label: str, namespace: dict) -> None:
    code = compile_cell(source, label)
    result = eval(code, namespace)
    if code.co_flags & inspect.CO_COROUTINE:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(result)
        finally:
            loop.close()


def run_cells(cells: list, namespace: dict, progress: Progress, sink: CappedSink,
              cell_timeout: float | None = None) -> None:
    """Execute each cell in ``namespace``; record and survive every exception, SystemExit included, and
    interrupt a cell that runs past ``cell_timeout`` seconds. A process the student forked that falls back
    into this loop (its cell raised) ends there instead of running the rest of the notebook twice."""
    owner = os.getpid()
    for index, source in cells:
        chars, lines = sink.counts()
        progress.send(cell=index, output_chars=chars, output_lines=lines)
        label = f"<cell {index}>"
        try:
            try:
                _timer(cell_timeout)
                _execute(source, label, namespace)
            finally:
                _timer(0)
        except CellTimeout:
            if os.getpid() != owner:
                _exit_now(1)
            progress.send(error={"cell": index, "type": "CellTimeout",
                                 "message": f"the cell ran longer than its {cell_timeout:g} s budget and was "
                                            "interrupted", "line": None})
        except BaseException as exc:  # noqa: BLE001 - student code may raise anything, SystemExit too
            if os.getpid() != owner:  # a forked child's error is not the notebook's
                _exit_now(1)
            try:
                progress.send(error={"cell": index, **_describe(exc, label)})
            except BaseException:  # noqa: BLE001 - a second alarm or a broken __str__
                pass
        finally:
            if os.getpid() != owner:
                _exit_now(0)
            sys.stdout, sys.stderr = sink, sink  # a cell may have replaced them


def call_case(function, args: list, seconds: float) -> dict:
    """One call of a student's function on one case, with its own timer: a value, an exception name or
    an error; never a crash of the runner. Non-numbers and non-finite numbers are errors of this case."""
    from exercises.record import as_number

    try:
        try:
            _timer(seconds)
            value = function(*args)
        finally:
            _timer(0)
    except CellTimeout:
        return {"error": f"took longer than {seconds:g} s"}
    except ValueError:
        return {"raises": "ValueError"}
    except BaseException as exc:  # noqa: BLE001 - the student's bug: recorded, not fatal
        return {"raises": type(exc).__name__[:80]}
    number = as_number(value)
    if number is None:
        return {"error": f"returned {type(value).__name__[:40]}, not a number"}
    if number != number or number in (float("inf"), float("-inf")):
        return {"error": f"returned {number!r}, not a finite number"}
    return {"value": number}


def run_cases_phase(progress: Progress, cases_fd: int, sink: CappedSink) -> None:
    """Tell the zygote which functions were given, receive the cases, call each, send the values."""
    from exercises import record

    functions = {k: v for k, v in dict(record.FUNCTIONS).items() if isinstance(k, str) and callable(v)}
    progress.send(phase="cases", functions=sorted(functions)[:50])
    data = b""
    while b"\n" not in data and len(data) < MAX_CASE_BYTES:
        chunk = os.read(cases_fd, 65536)
        if not chunk:
            return
        data += chunk
    message = json.loads(data.split(b"\n", 1)[0])
    seconds = float(message.get("case_timeout", 1.0))
    for exercise_id, cases in (message.get("cases") or {}).items():
        function, hung = functions.get(exercise_id), False
        for number, args in enumerate(cases):
            if hung:  # one hanging case must not eat the submission's whole time limit
                result = {"error": "not run: an earlier case took too long"}
            else:
                result = call_case(function, list(args), seconds) if function else {"error": "no function"}
                hung = result.get("error", "").startswith("took longer")
            sys.stdout, sys.stderr = sink, sink
            progress.send(result={"exercise": exercise_id, "case": number, **result})
    progress.send(results_done=message.get("nonce"))


def make_shell():
    """A kernel-less InteractiveShell so ``get_ipython()``, magics and ``display()`` work in cells."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


def child_main(job: dict, jobdir: str, progress_fd: int, cases_fd: int, shell) -> None:
    """Entry point in the forked child; never returns (``os._exit``), so no zygote code runs after."""
    progress = Progress(progress_fd)
    try:
        prepare_process(job, jobdir, (progress_fd, cases_fd))
    except BaseException as exc:  # noqa: BLE001
        progress.send(setup_error=f"{type(exc).__name__}: {exc}"[:MESSAGE_CHARS])
        _exit_now(70)
    sink = CappedSink()
    sys.stdout, sys.stderr = sink, sink
    from IPython.display import display

    namespace = shell.user_ns
    namespace.update({"get_ipython": lambda: shell, "display": display, "__name__": "__main__"})
    cell_timeout = float(job.get("cell_timeout") or 0) or None
    run_cells([(int(i), str(s)) for i, s in job["cells"]], namespace, progress, sink, cell_timeout)
    chars, lines = sink.counts()
    progress.send(cells_done=True, output_chars=chars, output_lines=lines)
    try:
        run_cases_phase(progress, cases_fd, sink)
    except BaseException as exc:  # noqa: BLE001
        progress.send(cases_error=f"{type(exc).__name__}"[:80])
    _exit_now(0)
