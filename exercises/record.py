"""Where answers go: into the saved notebook (an output mime type) and, under the class grader, into
a file the grader reads. The grader re-checks every answer itself; nothing here is a score it trusts.

Under the grader the course package is a public copy without the exercise bank, so this module records
raw answers only: it never looks an exercise up, never judges, and never sees a test case. A function
given as an answer is kept in ``FUNCTIONS`` for the grader's runner, which calls it on cases that reach
the process only after the notebook's cells have run (``exercises/grading/runner.py``).
"""
from __future__ import annotations

import json
import math
import numbers
import os

ANSWER_MIME = "application/vnd.alpha2course.answer+json"
ANSWERS_ENV = "COURSE_GRADING_ANSWERS"   # path of a JSON-lines file, set only by the grader
ORIGINS = ("form", "cell")               # who wrote a saved record: the live form's Check, or the cell

FUNCTIONS: dict[str, object] = {}        # grading mode: exercise id -> the student's function (last ask wins)


def as_number(value):
    """A plain float from a number-like value (numpy scalars, one-element arrays), else ``None``."""
    if getattr(value, "size", None) == 1 and hasattr(value, "item"):   # numpy scalar or 1-element array
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return None


def serialise(answer):
    """A JSON-safe copy of a raw answer (functions are recorded by name; the grader calls them)."""
    if answer is None or isinstance(answer, (str, bool)):
        return answer
    if hasattr(answer, "magnitude") and hasattr(answer, "units"):  # a pint Quantity keeps its unit
        return f"{serialise(answer.magnitude)} {answer.units}"
    number = as_number(answer)
    if number is not None:
        if isinstance(answer, int) and abs(answer) < 2 ** 53:
            return answer
        return number if math.isfinite(number) else str(number)
    if isinstance(answer, (list, tuple, set)):
        return [serialise(a) for a in answer]
    if hasattr(answer, "tolist") and hasattr(answer, "shape"):   # a numpy array of several values
        return serialise(answer.tolist())
    if isinstance(answer, dict):
        return {str(k): serialise(v) for k, v in answer.items()}
    if callable(answer):
        return {"function": getattr(answer, "__name__", "function")}
    return repr(answer)[:500]


def grading() -> bool:
    return bool(os.environ.get(ANSWERS_ENV))


def record_for_grader(exercise_id: str, answer) -> None:
    """Grading mode: remember the raw answer (and a function for the runner); judge nothing."""
    if callable(answer) and not isinstance(answer, type):
        FUNCTIONS[exercise_id] = answer
    else:
        FUNCTIONS.pop(exercise_id, None)
    write_for_grader({"exercise": str(exercise_id)[:200], "answer": serialise(answer)})


def write_for_grader(entry: dict) -> None:
    """Append one answer, flushed to disk at once, so answers survive a later crash or time-out."""
    path = os.environ[ANSWERS_ENV]
    line = json.dumps(entry, allow_nan=False)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def answer_bundle(exercise_id: str, answer, seed, origin: str = "cell") -> dict:
    """The saved record of the answer a student last checked (the cell's, or the live form's)."""
    return {"exercise": exercise_id, "answer": serialise(answer), "seed": seed,
            "origin": origin if origin in ORIGINS else "cell"}


def answers_in_notebook(nb) -> dict[str, dict]:
    """The last recorded answer per exercise in a saved notebook (an nbformat node or dict)."""
    found: dict[str, dict] = {}
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs", []) or []
        for output in outputs if isinstance(outputs, list) else []:
            data = output.get("data", {}) if isinstance(output, dict) else {}
            record = data.get(ANSWER_MIME) if isinstance(data, dict) else None
            if isinstance(record, dict) and isinstance(record.get("exercise"), str):
                found[record["exercise"]] = record
    return found
