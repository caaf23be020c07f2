"""All exercises by id, collected from the chapter banks (``exercises/bank/ch*.py``), plus, in the grader
only, a teacher's private bank file (``load_private``): extra exercises and hidden extra cases for public
code exercises. The private file lives outside the package, so it is never in an edition, in the book,
or in the public copy the sandbox mounts.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from functools import lru_cache
from pathlib import Path

from . import bank
from .core import Code, Exercise

_PRIVATE: dict[str, Exercise] = {}
EXTRA_CASES: dict[str, list[tuple]] = {}   # code exercise id -> hidden argument tuples (grader only)


@lru_cache(maxsize=1)
def _public() -> dict[str, Exercise]:
    found: dict[str, Exercise] = {}
    for info in sorted(pkgutil.iter_modules(bank.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{bank.__name__}.{info.name}")
        for ex in getattr(module, "EXERCISES", []):
            if ex.id in found:
                raise ValueError(f"duplicate exercise id {ex.id!r} in bank {info.name}")
            found[ex.id] = ex
    return found


def all_exercises() -> dict[str, Exercise]:
    return {**_public(), **_PRIVATE} if _PRIVATE else _public()


def load_private(path: Path) -> list[str]:
    """Load a teacher's private bank file (``EXERCISES``, ``EXTRA_CASES``); returns the ids it adds."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location("course_private_bank", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ValueError(f"the private bank {path} is not a Python file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    public = _public()
    added = []
    for ex in getattr(module, "EXERCISES", []):
        if ex.id in public or ex.id in _PRIVATE:
            raise ValueError(f"{path}: exercise id {ex.id!r} is already used")
        _PRIVATE[ex.id] = ex
        added.append(ex.id)
    for exercise_id, cases in dict(getattr(module, "EXTRA_CASES", {})).items():
        if not isinstance(all_exercises().get(exercise_id), Code):
            raise ValueError(f"{path}: EXTRA_CASES names {exercise_id!r}, which is not a code exercise")
        EXTRA_CASES[exercise_id] = [tuple(c) for c in cases]
    return added


def get(exercise_id: str) -> Exercise:
    exercises = all_exercises()
    try:
        return exercises[exercise_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(exercise_id, exercises, n=3)
        raise KeyError(f"no exercise {exercise_id!r}; did you mean {close}?") from None


def chapter(name: str) -> list[Exercise]:
    return [ex for ex in all_exercises().values() if ex.chapter == name]


def number(exercise_id: str) -> str:
    """'1.3' for the third exercise of chapter 1 (banks list exercises in the order the chapter asks them)."""
    ex = get(exercise_id)
    position = [e.id for e in chapter(ex.chapter)].index(ex.id) + 1
    return f"{ex.chapter[2:]}.{position}"
