"""Progress of a grading run, for a teacher at a terminal and for one who is not watching it.

Why: with output piped (CI, a JupyterHub terminal log, ``nohup``) a progress bar's carriage returns are
noise or nothing at all. On a terminal this is a tqdm bar; otherwise one plain line every ``every_n``
submissions or every ``every_s`` seconds, whichever comes first, with counts by status and the time
left, and the same line at the end.
"""
from __future__ import annotations

import math
import sys
import time
from collections import Counter
from typing import Callable, TextIO

EVERY_S = 10.0


def _every_n(total: int) -> int:
    """About ten lines per batch."""
    return max(1, math.ceil(total / 10))


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


class Lines:
    """Plain progress lines (no carriage returns), for logs."""

    def __init__(self, total: int, stream: TextIO, *, every_n: int | None = None, every_s: float = EVERY_S,
                 clock: Callable[[], float] = time.monotonic, desc: str = "grading"):
        self.total, self.stream, self.desc = total, stream, desc
        self.every_n, self.every_s, self.clock = every_n or _every_n(total), every_s, clock
        self.started = self.last_time = clock()
        self.done = self.last_done = 0
        self.counts: Counter = Counter()

    def line(self) -> str:
        elapsed = self.clock() - self.started
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items()))
        text = f"{self.desc}: {self.done}/{self.total} submissions" + (f" ({counts})" if counts else "")
        text += f", {_duration(elapsed)} elapsed"
        if 0 < self.done < self.total:
            text += f", about {_duration(elapsed / self.done * (self.total - self.done))} left"
        elif self.done >= self.total:
            text += ", done"
        return text

    def update(self, status: str | None = None) -> None:
        self.done += 1
        if status:
            self.counts[status] += 1
        now = self.clock()
        if self.done < self.total and (self.done - self.last_done >= self.every_n or now - self.last_time >= self.every_s):
            self._print(now)

    def _print(self, now: float) -> None:
        print(self.line(), file=self.stream, flush=True)
        self.last_time, self.last_done = now, self.done

    def close(self) -> None:
        self._print(self.clock())


class Bar:
    """tqdm on a terminal, with the counts by status after the bar."""

    def __init__(self, total: int, stream: TextIO, desc: str = "grading"):
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc=desc, unit="nb", file=stream)
        self.counts: Counter = Counter()

    def update(self, status: str | None = None) -> None:
        if status:
            self.counts[status] += 1
            self.bar.set_postfix_str(", ".join(f"{n} {s}" for s, n in sorted(self.counts.items())), refresh=False)
        self.bar.update()

    def close(self) -> None:
        self.bar.close()


class Silent:
    def update(self, status: str | None = None) -> None:
        pass

    def close(self) -> None:
        pass


def start(total: int, show: bool | None = None, stream: TextIO | None = None, **kwargs):
    """``show``: None chooses (a bar on a terminal, lines otherwise), True forces the bar, False is silent."""
    stream = stream or sys.stderr
    if show is False or total <= 0:
        return Silent()
    tty = bool(getattr(stream, "isatty", lambda: False)())
    return Bar(total, stream) if show or tty else Lines(total, stream, **kwargs)
