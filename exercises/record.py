"""Where answers go: into the saved notebook (an output mime type) and, under the class grader, into
a file the grader reads. The grader re-checks every answer itself; nothing here is a score it trusts.
"""
from __future__ import annotations

import json
import math
import os

ANSWER_MIME = "application/vnd.alpha2course.answer+json"
ANSWERS_ENV = "COURSE_GRADING_ANSWERS"   # path of a JSON-lines file, set only by the grader
CASES_ENV = "COURSE_GRADING_CASES"       # path of a JSON file: exercise id -> list of argument lists


def serialise(answer):
    """A JSON-safe copy of a raw answer (functions are recorded by their test results instead)."""
    if answer is None or isinstance(answer, (str, bool)):
        return answer
    if hasattr(answer, "magnitude") and hasattr(answer, "units"):  # a pint Quantity keeps its unit
        return f"{serialise(answer.magnitude)} {answer.units}"
    if isinstance(answer, (int, float)):
        return answer if math.isfinite(answer) else str(answer)
    if isinstance(answer, (list, tuple, set)):
        return [serialise(a) for a in answer]
    if isinstance(answer, dict):
        return {str(k): serialise(v) for k, v in answer.items()}
    if callable(answer):
        return {"function": getattr(answer, "__name__", "function")}
    try:
        return float(answer)  # numpy scalars, pint magnitudes
    except (TypeError, ValueError):
        return repr(answer)[:500]


def grading() -> bool:
    return bool(os.environ.get(ANSWERS_ENV))


def grading_cases(exercise_id: str) -> list | None:
    path = os.environ.get(CASES_ENV)
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            cases = json.load(fh).get(exercise_id)
    except (OSError, ValueError):
        return None
    return [tuple(c) for c in cases] if cases is not None else None


def write_for_grader(entry: dict) -> None:
    """Append one answer, flushed to disk at once, so answers survive a later crash or time-out."""
    path = os.environ[ANSWERS_ENV]
    line = json.dumps(entry, allow_nan=False)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def answers_in_notebook(nb) -> dict[str, dict]:
    """The last recorded answer per exercise in a saved notebook (an nbformat node or dict)."""
    found: dict[str, dict] = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []) or []:
            data = output.get("data", {}) if isinstance(output, dict) else {}
            record = data.get(ANSWER_MIME)
            if isinstance(record, dict) and isinstance(record.get("exercise"), str):
                found[record["exercise"]] = record
    return found
