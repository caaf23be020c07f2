"""All exercises by id, collected from the chapter banks (``exercises/bank/ch*.py``), plus, in the grader
only, a teacher's private bank file (``load_private``): extra exercises and hidden extra cases for public
code exercises. The private file lives outside the package, so it is never in the book or in the public
copy the sandbox mounts; a student edition gets only each private question's text (``read_private``).

Why the id shape: a private exercise's id must read ``chN.private-...``. A student's kernel has no private
bank, so ``Session.ask`` saves an answer to such an id unjudged ("checked after you submit"), while any
other unknown id is a typo and gets a did-you-mean. No public id may take that shape.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import bank
from .core import Code, Exercise

PRIVATE_ID = re.compile(r"^(ch\d+)\.private-[a-z0-9][a-z0-9-]*$")
_PRIVATE: dict[str, Exercise] = {}
EXTRA_CASES: dict[str, list[tuple]] = {}   # code exercise id -> hidden argument tuples (grader only)


def is_private_id(exercise_id, chapter: str | None = None) -> bool:
    """``chN.private-...`` (of ``chapter``, when given): the shape only private exercises have."""
    match = PRIVATE_ID.match(exercise_id) if isinstance(exercise_id, str) else None
    return match is not None and chapter in (None, match.group(1))


@lru_cache(maxsize=1)
def _public() -> dict[str, Exercise]:
    found: dict[str, Exercise] = {}
    for info in sorted(pkgutil.iter_modules(bank.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{bank.__name__}.{info.name}")
        for ex in getattr(module, "EXERCISES", []):
            if ex.id in found:
                raise ValueError(f"duplicate exercise id {ex.id!r} in bank {info.name}")
            if is_private_id(ex.id):
                raise ValueError(f"{ex.id!r} in bank {info.name}: 'chN.private-' ids are for private banks only")
            found[ex.id] = ex
    return found


def all_exercises() -> dict[str, Exercise]:
    return {**_public(), **_PRIVATE} if _PRIVATE else _public()


@dataclass
class PrivateBank:
    """A teacher's private bank file, read and checked: nothing of it is registered yet."""

    path: Path
    exercises: list[Exercise] = field(default_factory=list)
    extra_cases: dict[str, list[tuple]] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)   # private id -> public id it follows in the chapter


def _module(path: Path):
    if not path.is_file():
        raise ValueError(f"the private bank {path} does not exist or is not a file")
    spec = importlib.util.spec_from_file_location("course_private_bank", path)
    if path.suffix != ".py" or spec is None or spec.loader is None:
        raise ValueError(f"the private bank {path} is not a Python file (.py)")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise ValueError(f"the private bank {path} is not valid Python (line {exc.lineno}: {exc.msg})") from None
    except Exception as exc:  # noqa: BLE001 - the teacher's file: say what went wrong in it
        raise ValueError(f"the private bank {path} failed to load: {type(exc).__name__}: {exc}") from None
    if not hasattr(module, "EXERCISES") and not hasattr(module, "EXTRA_CASES"):
        raise ValueError(f"the private bank {path} defines neither EXERCISES (a list of exercises) nor "
                         "EXTRA_CASES ({code exercise id: [argument tuples]})")
    return module


def _check_exercise(ex, seen: set[str], path: Path) -> None:
    public = _public()
    if not isinstance(ex, Exercise):
        raise ValueError(f"{path}: EXERCISES holds {type(ex).__name__}, not an exercise (Numeric, Choice, ...)")
    if ex.id in public or ex.id in seen:
        raise ValueError(f"{path}: exercise id {ex.id!r} is already used" + (" by a public exercise" if ex.id in public
                                                                              else " in this file"))
    if not is_private_id(ex.id):
        raise ValueError(f"{path}: private exercise id {ex.id!r} must look like 'ch1.private-dose' (chN.private-...)")
    chapters = sorted({e.chapter for e in public.values()}, key=lambda c: int(c[2:]))
    if ex.chapter not in chapters or not ex.id.startswith(ex.chapter + "."):
        raise ValueError(f"{path}: {ex.id!r} is for chapter {ex.chapter!r}, which is not a course chapter or not "
                         f"the chapter its id names (chapters: {', '.join(chapters)})")


def read_private(path: Path) -> PrivateBank:
    """Read and check a private bank file (``EXERCISES``, ``EXTRA_CASES``, optional ``AFTER``)."""
    path = Path(path)
    module = _module(path)
    found = PrivateBank(path)
    exercises = getattr(module, "EXERCISES", [])
    if not isinstance(exercises, (list, tuple)):
        raise ValueError(f"{path}: EXERCISES must be a list of exercises, not {type(exercises).__name__}")
    for ex in exercises:
        _check_exercise(ex, {e.id for e in found.exercises}, path)
        found.exercises.append(ex)
    own = {ex.id: ex for ex in found.exercises}
    for exercise_id, public_id in dict(getattr(module, "AFTER", {})).items():
        target = _public().get(public_id)
        if exercise_id not in own or target is None or target.chapter != own[exercise_id].chapter:
            raise ValueError(f"{path}: AFTER[{exercise_id!r}] = {public_id!r}: AFTER maps an exercise of this file "
                             "to a public exercise of the same chapter")
        found.after[exercise_id] = public_id
    for exercise_id, cases in dict(getattr(module, "EXTRA_CASES", {})).items():
        if not isinstance(own.get(exercise_id) or _public().get(exercise_id), Code):
            raise ValueError(f"{path}: EXTRA_CASES names {exercise_id!r}, which is not a code exercise")
        found.extra_cases[exercise_id] = [tuple(c) for c in cases]
    return found


def load_private(path: Path) -> list[str]:
    """Read a private bank (``read_private``) and add it to this process's registry; returns its ids."""
    found = read_private(path)
    clash = [ex.id for ex in found.exercises if ex.id in _PRIVATE]
    if clash:
        raise ValueError(f"{path}: exercise id {clash[0]!r} is already used")
    _PRIVATE.update({ex.id: ex for ex in found.exercises})
    EXTRA_CASES.update(found.extra_cases)
    return [ex.id for ex in found.exercises]


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
