"""``python -m exercises <command>``: the course's command line.

Commands are registered by name in ``COMMANDS``. ``grade`` is the class grader; ``merge-marks`` adds the
teacher's marks for written answers to a graded run. ``student`` and
``teacher`` (editions) live in ``exercises/editions.py``, whose ``main(argv)`` receives the whole
argument list, command name first.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys


def _grade(argv: list[str]) -> int:
    from .grading.cli import main

    return main(argv[1:])


def _editions(argv: list[str]) -> int:
    if importlib.util.find_spec("exercises.editions") is None:
        print(f"python -m exercises {argv[0]}: the editions module (exercises/editions.py) is not part of "
              "this installation yet.", file=sys.stderr)
        return 2
    return importlib.import_module("exercises.editions").main(argv) or 0


def _merge_marks(argv: list[str]) -> int:
    from .grading.marks import main

    return main(argv[1:])


COMMANDS = {
    "grade": (_grade, "grade a folder or LMS zip of submitted notebooks"),
    "merge-marks": (_merge_marks, "merge the teacher's marks for written answers into a graded run"),
    "student": (_editions, "build the student edition (per-student seeds)"),
    "teacher": (_editions, "build the teacher edition (worked solutions)"),
}


def usage() -> str:
    rows = "\n".join(f"  {name:<11} {text}" for name, (_, text) in COMMANDS.items())
    return f"usage: python -m exercises <command> [options]\n\ncommands:\n{rows}\n"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage(), end="")
        return 0 if argv else 2
    handler = COMMANDS.get(argv[0])
    if handler is None:
        print(f"unknown command {argv[0]!r}\n\n{usage()}", file=sys.stderr, end="")
        return 2
    return handler[0](argv)


if __name__ == "__main__":
    sys.exit(main())
