"""``python -m exercises <command>``: the course's command line.

Why: one argparse parser with a subcommand per tool, so ``--help`` lists every command and each
command's options come from the module that owns them: ``grade`` (the class grader,
``exercises/grading/cli.py``), ``merge-marks`` (the teacher's marks for written answers,
``exercises/grading/marks.py``), ``student`` and ``teacher`` (editions, ``exercises/editions.py``).
"""
from __future__ import annotations

import argparse
import sys

from . import editions
from .grading import cli as grading_cli
from .grading import marks


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m exercises", description="The course's exercise tools.")
    sub = top.add_subparsers(dest="command", required=True, metavar="<command>")
    sub.add_parser("grade", parents=[grading_cli.parser()], add_help=False,
                   help="grade a folder or LMS zip of submitted notebooks")
    sub.add_parser("merge-marks", parents=[marks.parser(add_help=False)],
                   help="merge the teacher's marks for written answers into a graded run")
    for edition, text in (("student", "build the student edition (per-student seeds)"),
                          ("teacher", "build the teacher edition (worked solutions)")):
        editions.add_arguments(sub.add_parser(edition, help=text, description=text))
    return top


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(argv)
    if args.command == "grade":
        return grading_cli.main(argv[1:])
    if args.command == "merge-marks":
        return marks.main(argv[1:])
    return editions.run(args.command, args)


if __name__ == "__main__":
    sys.exit(main())
