"""All exercises by id, collected from the chapter banks (``exercises/bank/ch*.py``)."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from . import bank
from .core import Exercise


@lru_cache(maxsize=1)
def all_exercises() -> dict[str, Exercise]:
    found: dict[str, Exercise] = {}
    for info in sorted(pkgutil.iter_modules(bank.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{bank.__name__}.{info.name}")
        for ex in getattr(module, "EXERCISES", []):
            if ex.id in found:
                raise ValueError(f"duplicate exercise id {ex.id!r} in bank {info.name}")
            found[ex.id] = ex
    return found


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
