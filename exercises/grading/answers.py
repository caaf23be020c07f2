"""The answers file, read as untrusted data.

The student's process wrote it, and the student's code could have written anything into it. So each line
is parsed on its own as JSON (NaN and Infinity refused), must be an object naming an exercise of this
assignment (the kind is the bank's, never the line's), and its answer is cut down to plain JSON values of
bounded size. An answer to a private question (``chN.private-...``) that no loaded bank defines is kept
aside as ``unjudged``, so the reports say it was not judged. Anything else is skipped and counted.
Nothing is unpickled or evaluated. The last valid line per exercise wins, as in the notebook.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from .. import registry

MAX_LINE = 256 * 1024
MAX_TEXT = {"free-text": 20000}   # characters kept of a string answer, by exercise kind
DEFAULT_TEXT = 2000
MAX_ITEMS = 50
MAX_DEPTH = 4
MAX_RESULTS = 1000


@dataclass
class Answers:
    records: dict[str, dict] = field(default_factory=dict)   # exercise id -> {"answer": ...} or {"results": ...}
    skipped: dict[str, int] = field(default_factory=dict)    # reason -> count
    unjudged: set[str] = field(default_factory=set)          # private-question ids no loaded bank defines

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def notes(self) -> list[str]:
        return [f"{n} answer line(s) ignored: {reason}" for reason, n in sorted(self.skipped.items())]


def _no_constants(name: str):
    raise ValueError(name)


def clean(value, limit: int, depth: int = 0):
    """A bounded copy of a JSON value: strings cut, lists and objects shortened, nesting limited."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 10 ** 30 else float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value[:limit]
    if depth >= MAX_DEPTH:
        return None
    if isinstance(value, list):
        return [clean(v, limit, depth + 1) for v in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {str(k)[:100]: clean(v, limit, depth + 1) for k, v in list(value.items())[:MAX_ITEMS]}
    return None


def clean_results(results) -> list[dict] | None:
    """Code-exercise results: each a value, a raised exception name or an error text; nothing else."""
    if not isinstance(results, list):
        return None
    out = []
    for item in results[:MAX_RESULTS]:
        if not isinstance(item, dict):
            out.append({"error": "unrecognised result"})
        elif "value" in item:
            value = item["value"]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                try:
                    out.append({"value": float(value)})
                except OverflowError:
                    out.append({"error": "returned a number too large"})
            else:
                out.append({"error": "returned something that is not a number"})
        elif isinstance(item.get("raises"), str):
            out.append({"raises": item["raises"][:100]})
        elif isinstance(item.get("error"), str):
            out.append({"error": item["error"][:300]})

        else:
            out.append({"error": "unrecognised result"})
    return out


def parse(text: str, chapter: str) -> Answers:
    """The last valid answer per exercise of ``chapter`` in the answers-file text."""
    known = {ex.id: ex for ex in registry.chapter(chapter)}
    answers = Answers()
    for line in text.splitlines():
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            answers.skip("line too long")
            continue
        try:
            entry = json.loads(line, parse_constant=_no_constants)
        except (ValueError, RecursionError):
            answers.skip("not valid JSON")
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("exercise"), str):
            answers.skip("not an answer record")
            continue
        ex = known.get(entry["exercise"])
        if ex is None and registry.is_private_id(entry["exercise"], chapter):
            answers.unjudged.add(entry["exercise"])
            continue
        if ex is None:
            answers.skip("exercise not in this assignment")
            continue
        if ex.kind == "code":  # the function itself is called later, on cases the grader sends
            given = entry.get("answer")
            answers.records[ex.id] = {"function": isinstance(given, dict) and "function" in given}
        else:
            answers.records[ex.id] = {"answer": clean(entry.get("answer"), MAX_TEXT.get(ex.kind, DEFAULT_TEXT))}
    return answers
