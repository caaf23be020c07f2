"""Exercise definitions: data plus a checker.

One definition serves four uses: the live form in a kernel, the static self-check in the book, the
student edition and the class grader. ``params(seed)`` gives the numbers a student sees (seed ``None``
is the public default variant); ``check(answer, params)`` judges an answer in the grader's process.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

import numpy as np

from .parsing import AnswerError, fmt_g, parse_quantity

CORRECT, INCORRECT, PARTIAL, INVALID, RECORDED = "correct", "incorrect", "partial", "invalid", "recorded"


@dataclass(frozen=True)
class Feedback:
    status: str           # correct | incorrect | partial | invalid | recorded
    score: float          # points earned (0 for invalid and recorded)
    points: float         # points available
    message: str
    misconception: int | None = None   # which known wrong idea the answer matches (its index), if any

    @property
    def counted(self) -> bool:
        """Invalid input (empty, not a number, wrong dimension) is not an attempt."""
        return self.status != INVALID


@dataclass(frozen=True)
class Misconception:
    """A known wrong answer and what to say about it. ``value`` is a function of the parameters."""

    value: Callable[[dict], float] | Any
    message: str


def variant_rng(exercise_id: str, seed: int) -> np.random.Generator:
    """A generator that depends on both the student's seed and the exercise (stable across runs)."""
    digest = int(hashlib.sha256(exercise_id.encode()).hexdigest()[:12], 16)
    return np.random.default_rng([int(seed), digest])


def _fmt(template: str, params: dict) -> str:
    """An exercise text: ``[[param]]`` and ``[[fact.id]]`` resolved (the course's one placeholder grammar)."""
    from widgets.text import render

    return render(template, "text", params)


@dataclass
class Exercise:
    id: str
    chapter: str
    objective: str
    prompt: str
    title: str = ""                 # what the student sees: "Exercise 1.3 · Occupancy from affinity"
    points: float = 1.0
    hints: Sequence[str] = ()
    solution: str = ""              # worked solution: teacher edition only
    defaults: dict = field(default_factory=dict)
    variant: Callable[[np.random.Generator], dict] | None = None
    kind: str = "exercise"

    def __post_init__(self):
        if not re.fullmatch(r"ch\d+\.[a-z0-9][a-z0-9-]*", self.id):
            raise ValueError(f"exercise id {self.id!r} must look like 'ch1.occupancy-h1'")
        self._resolve_fixed_texts()

    FIXED_TEXTS = ("options", "items", "left", "right", "rubric")   # lists of texts shown as they are

    def _resolve_fixed_texts(self) -> None:
        """Options, items and feedback are the same for every variant: resolve their placeholders once."""
        for name in self.FIXED_TEXTS:
            if hasattr(self, name):
                setattr(self, name, [_fmt(str(s), self.defaults) for s in getattr(self, name)])
        if hasattr(self, "option_feedback"):
            self.option_feedback = {k: _fmt(v, self.defaults) for k, v in self.option_feedback.items()}

    def heading(self) -> str:
        """'Exercise 1.3 · Occupancy from affinity': the chapter number and the place in the chapter."""
        from . import registry

        try:
            number = registry.number(self.id)
        except KeyError:   # an exercise outside the banks (a teacher's private one, a test's): no place to count
            number = self.chapter[2:]
        return f"Exercise {number} · {_fmt(self.title or self.objective, self.defaults)}"

    def params(self, seed: int | None = None) -> dict:
        if seed is None or self.variant is None:
            return dict(self.defaults)
        return {**self.defaults, **self.variant(variant_rng(self.id, seed))}

    def text(self, params: dict | None = None) -> str:
        return _fmt(self.prompt, self.params() if params is None else params)

    def hint_texts(self, params: dict | None = None) -> list[str]:
        p = self.params() if params is None else params
        return [_fmt(h, p) for h in self.hints]

    def solution_text(self, params: dict | None = None) -> str:
        return _fmt(self.solution, self.params() if params is None else params)

    def check(self, answer, params: dict | None = None) -> Feedback:
        raise TypeError(f"{type(self).__name__} must define check(); use Numeric, Choice, Ordering, ...")

    def judge(self, answer, params: dict | None = None) -> Feedback:
        """``check`` that never raises: bad input becomes an 'invalid' feedback with its reason."""
        try:
            return self.check(answer, self.params() if params is None else params)
        except AnswerError as exc:
            return Feedback(INVALID, 0.0, self.points, str(exc))

    def _result(self, fraction: float, message: str) -> Feedback:
        fraction = min(1.0, max(0.0, fraction))
        status = CORRECT if fraction >= 1 else INCORRECT if fraction <= 0 else PARTIAL
        return Feedback(status, round(self.points * fraction, 4), self.points, message)


def tolerance_interval(want: float, rel_tol: float, abs_tol: float) -> tuple[float, float]:
    """THE tolerance rule: an answer ``got`` matches ``want`` when ``low <= got <= high``.

    The half-width is the larger of the relative and the absolute tolerance. The book's self-check
    receives these two numbers (see ``Numeric.judging_spec``), so it cannot judge an edge differently.
    """
    half = max(abs(want) * rel_tol, abs_tol)
    return (want - half, want + half)


def within(value: float, interval: Sequence[float]) -> bool:
    return interval[0] <= value <= interval[1]


# What a numeric check says; shared with the page through ``Numeric.judging_spec``.
NUMERIC_MESSAGES = {
    "correct": "Correct.",
    "fraction": "{got} looks like a fraction: the question asks for a percentage (multiply by 100 and add %).",
    "incorrect": "Not quite. Check your working.",
    "incorrect_hint": "Not quite. Check your working; use 'Hint' for a nudge.",
}


@dataclass
class Numeric(Exercise):
    unit: str = "dimensionless"
    answer: Callable[[dict], float] = None
    rel_tol: float = 0.02
    abs_tol: float = 0.0
    minimum: float | None = None
    maximum: float | None = None
    misconceptions: Sequence[Misconception] = ()
    kind: str = "numeric"

    def expected(self, params: dict | None = None) -> float:
        return float(self.answer(self.params() if params is None else params))

    def judging_spec(self, params: dict | None = None) -> dict:
        """The whole judgement of this variant as data: the checker below and the page both use it."""
        params = self.params() if params is None else params
        wrong = [(m.value(params) if callable(m.value) else m.value, m.message) for m in self.misconceptions]
        return {
            "interval": tolerance_interval(self.expected(params), self.rel_tol, self.abs_tol),
            "misconceptions": [{"interval": tolerance_interval(float(v), self.rel_tol, self.abs_tol),
                                "message": _fmt(message, params)} for v, message in wrong],
            "percent": self.unit == "percent", "minimum": self.minimum, "maximum": self.maximum,
            "messages": {"correct": NUMERIC_MESSAGES["correct"], "fraction": NUMERIC_MESSAGES["fraction"],
                         "incorrect": NUMERIC_MESSAGES["incorrect_hint" if self.hints else "incorrect"]},
        }

    def check(self, answer, params=None) -> Feedback:
        spec = self.judging_spec(params)
        got = parse_quantity(answer, self.unit, minimum=self.minimum, maximum=self.maximum)
        if within(got, spec["interval"]):
            return self._result(1, spec["messages"]["correct"])
        for index, m in enumerate(spec["misconceptions"]):
            if within(got, m["interval"]):
                return replace(self._result(0, m["message"]), misconception=index)
        if spec["percent"] and within(got * 100, spec["interval"]):
            return self._result(0, spec["messages"]["fraction"].format(got=fmt_g(got)))
        return self._result(0, spec["messages"]["incorrect"])


@dataclass
class Choice(Exercise):
    """Single choice (one correct option) or multiple choice (several); partial credit for several."""

    options: Sequence[str] = ()
    correct: Sequence[int] = ()
    option_feedback: dict = field(default_factory=dict)   # option index -> message
    number_base: int = 1       # an answer given as a number counts options from this (1: "1" is A)
    kind: str = "choice"

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1

    def _letters(self) -> str:
        return "ABCDEFGHIJ"[: len(self.options)]

    def parse(self, answer) -> set[int]:
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            raise AnswerError("No option chosen: give the letter of an option, e.g. 'B'" +
                              (" (several: 'A, C')." if self.multiple else "."))
        items = _choice_items(answer, self.options)
        picked = set()
        for item in items:
            if item in ("", None):
                continue
            picked.add(self._index(item))
        if not picked:
            raise AnswerError("No option chosen: give the letter of an option, e.g. 'B'.")
        if not self.multiple and len(picked) > 1:
            raise AnswerError("Choose one option only.")
        return picked

    def _index(self, item) -> int:
        """Letter ('B', 'b)'), option number (as ``number_base`` says), or the option's full text."""
        from .record import as_number

        number = as_number(item) if not isinstance(item, str) else None
        text = str(item).strip()
        if number is None and re.fullmatch(r"\d+", text):
            number = float(text)
        if number is not None:
            last = len(self.options) - 1 + self.number_base
            if number == int(number) and self.number_base <= number <= last:
                return int(number) - self.number_base
            raise AnswerError(f"There is no option number {text}; options are numbered {self.number_base} to "
                              f"{last} (or give the letter).")
        letter = text.strip(".)(").upper()
        if len(letter) == 1 and letter in self._letters():
            return self._letters().index(letter)
        for i, option in enumerate(self.options):
            if " ".join(text.lower().split()) == " ".join(option.lower().split()):
                return i
        raise AnswerError(f"{item!r} is not one of the options: answer with a letter "
                          f"{', '.join(self._letters())}, the option's number or its full text.")

    def check(self, answer, params=None) -> Feedback:
        picked = self.parse(answer)
        right = set(self.correct)
        notes = [self.option_feedback[i] for i in sorted(picked) if i in self.option_feedback]
        if picked == right:
            return self._result(1, " ".join(["Correct."] + notes))
        wrong = min((i for i in picked - right if i in self.option_feedback), default=None)  # the option's idea
        if not self.multiple:
            return replace(self._result(0, " ".join(notes) or "Not this one. Think about what each option "
                                                              "predicts."), misconception=wrong)
        fraction = (len(picked & right) - len(picked - right)) / len(right)
        message = " ".join(notes) or "Some of your choices are right, some are missing or wrong."
        return replace(self._result(fraction, message), misconception=wrong)


def _choice_items(answer, options) -> list:
    """One answer split into picks; a whole option text (which may hold commas) stays one pick."""
    if isinstance(answer, (list, tuple, set)):
        return list(answer)
    if hasattr(answer, "tolist"):  # numpy scalar or array
        value = answer.tolist()
        return value if isinstance(value, list) else [value]
    if not isinstance(answer, str):
        return [answer]
    text = str(answer).strip()
    if any(" ".join(text.lower().split()) == " ".join(o.lower().split()) for o in options):
        return [text]
    return re.split(r"[,;/\s]+(?:and\s+)?", text)


@dataclass
class Ordering(Exercise):
    """Put items in order. Partial credit: the fraction of item pairs in the right relative order."""

    items: Sequence[str] = ()            # in the CORRECT order
    shown_order: Sequence[int] = ()      # how they are presented (indices into items)
    kind: str = "ordering"

    def presented(self) -> list[str]:
        order = self.shown_order or list(reversed(range(len(self.items))))
        return [self.items[i] for i in order]

    def parse(self, answer) -> list[int]:
        shown = self.presented()
        letters = "ABCDEFGHIJ"[: len(shown)]
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            raise AnswerError(f"Give all {len(shown)} letters in order, e.g. '{', '.join(letters)}'.")
        parts = answer if isinstance(answer, (list, tuple)) else re.split(r"[,;\s>]+", str(answer).strip())
        parts = [p for p in parts if str(p).strip()]
        out = []
        for p in parts:
            t = str(p).strip().upper()
            if len(t) == 1 and t in letters:
                out.append(self.items.index(shown[letters.index(t)]))
            elif str(p) in self.items:
                out.append(list(self.items).index(str(p)))
            else:
                raise AnswerError(f"{p!r} is not one of the letters {', '.join(letters)}.")
        if sorted(out) != list(range(len(self.items))):
            raise AnswerError(f"Use each of the {len(shown)} letters exactly once.")
        return out

    def check(self, answer, params=None) -> Feedback:
        order = self.parse(answer)
        n = len(order)
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        right = sum(order[i] < order[j] for i, j in pairs)
        fraction = right / len(pairs)
        if fraction == 1:
            return self._result(1, "Correct order.")
        shown = [list(self.items).index(item) for item in self.presented()]
        # max(0, 2f - 1): a random order earns 0 on average, and the order as presented earns nothing
        credit = 0.0 if order == shown else max(0.0, 2 * fraction - 1)
        return self._result(credit, f"{right} of {len(pairs)} pairs are in the right order" +
                            (" (this is the order as presented)." if order == shown else "."))


@dataclass
class Matching(Exercise):
    """Match each left item to one right item. Partial credit per correct match."""

    left: Sequence[str] = ()
    right: Sequence[str] = ()
    pairs: dict = field(default_factory=dict)   # left index -> right index
    kind: str = "matching"

    def parse(self, answer) -> dict[int, int]:
        if isinstance(answer, dict):
            items = answer.items()
        elif isinstance(answer, str) and answer.strip():
            items = [p.split("-") for p in re.split(r"[,;\s]+", answer.strip()) if p]
        else:
            raise AnswerError("Give matches as '1-B, 2-A, ...' (number of the left item, letter of the right).")
        letters = "ABCDEFGHIJ"[: len(self.right)]
        out = {}
        for pair in items:
            if len(pair) != 2:
                raise AnswerError(f"{'-'.join(map(str, pair))!r} is not a match like '1-B'.")
            left, right = str(pair[0]).strip(), str(pair[1]).strip().upper()
            if not left.isdigit() or not 1 <= int(left) <= len(self.left):
                raise AnswerError(f"Left items are numbered 1 to {len(self.left)}; got {left!r}.")
            if right not in letters:
                raise AnswerError(f"Right items are letters {', '.join(letters)}; got {right!r}.")
            out[int(left) - 1] = letters.index(right)
        return out

    def check(self, answer, params=None) -> Feedback:
        got = self.parse(answer)
        right = sum(got.get(k) == v for k, v in self.pairs.items())
        return self._result(right / len(self.pairs), f"{right} of {len(self.pairs)} matches are right.")


@dataclass
class Code(Exercise):
    """The student writes a function; it is tested on fixed edge cases and on fresh random inputs.

    ``cases(rng)`` returns argument tuples; the reference implementation gives the expected value, or
    raises ValueError when the student's function must refuse the input too.
    """

    function_name: str = ""
    reference: Callable = None
    fixed_cases: Sequence[tuple] = ()
    random_cases: Callable[[np.random.Generator], list] = None
    rel_tol: float = 1e-6
    kind: str = "code"

    def cases(self, seed: int | None = None, fresh: int = 5) -> list[tuple]:
        rng = np.random.default_rng(seed if seed is not None else 0)
        extra = self.random_cases(rng)[:fresh] if self.random_cases else []
        return [tuple(c) for c in self.fixed_cases] + [tuple(c) for c in extra]

    def expected_outputs(self, cases: list[tuple]) -> list[dict]:
        out = []
        for args in cases:
            try:
                out.append({"value": float(self.reference(*args))})
            except ValueError:
                out.append({"raises": "ValueError"})
        return out

    def check(self, answer, params=None) -> Feedback:
        """``answer`` is a function (live) or a list of recorded results per case (grader)."""
        cases = self.cases(params.get("_case_seed") if params else None)
        results = answer if isinstance(answer, list) else run_cases(answer, cases)
        return self.score_results(cases, results)

    def score_results(self, cases: list[tuple], results: list[dict]) -> Feedback:
        if not isinstance(results, list) or len(results) != len(cases):
            raise AnswerError("No function to test: define it, then pass the function itself "
                              f"(answer={self.function_name}), without calling it.")
        expected = self.expected_outputs(cases)
        passed, failures = 0, []
        for args, want, got in zip(cases, expected, results):
            if "raises" in want:
                ok = got.get("raises") == "ValueError"
            else:
                value = got.get("value")
                ok = (isinstance(value, (int, float)) and not isinstance(value, bool)
                      and math.isfinite(value) and math.isclose(value, want["value"], rel_tol=self.rel_tol,
                                                                abs_tol=1e-12))
            passed += ok
            if not ok and len(failures) < 2:
                shown = ", ".join(repr(a) for a in args)
                failures.append(f"{self.function_name}({shown}) should " +
                                ("raise ValueError" if "raises" in want else f"return {want['value']:.6g}") +
                                f"; yours {_describe(got)}.")
        fraction = passed / len(cases)
        message = f"{passed} of {len(cases)} tests pass." + (" " + " ".join(failures) if failures else "")
        return self._result(fraction, message)


def _describe(result: dict) -> str:
    if "raises" in result:
        return f"raised {result['raises']}"
    if "error" in result:
        return result["error"]
    return f"returned {result.get('value')!r}"


def run_cases(function, cases: list[tuple]) -> list[dict]:
    """Call a student's function on each case; record values, exceptions and bad return types."""
    if not callable(function):
        raise AnswerError("Pass the function itself (no brackets), e.g. answer=my_function.")
    results = []
    for args in cases:
        try:
            value = function(*args)
        except ValueError:
            results.append({"raises": "ValueError"})
            continue
        except Exception as exc:  # the student's bug: recorded, not fatal
            results.append({"raises": type(exc).__name__})
            continue
        from .record import as_number

        number = as_number(value)
        if number is None:
            results.append({"error": f"returned {type(value).__name__}, not a number"})
        elif not math.isfinite(number):
            results.append({"error": f"returned {number!r}, not a finite number"})  # one failed case
        else:
            results.append({"value": number})
    return results


@dataclass
class FreeText(Exercise):
    """An explanation recorded for the teacher with a rubric; not auto-scored."""

    rubric: Sequence[str] = ()
    min_words: int = 15
    kind: str = "free-text"

    def check(self, answer, params=None) -> Feedback:
        if not isinstance(answer, str) or not answer.strip():
            raise AnswerError("The answer is empty: write your explanation between the quotes.")
        words = len(answer.split())
        if words < self.min_words:
            raise AnswerError(f"{words} words is too short to judge: write at least {self.min_words}.")
        return Feedback(RECORDED, 0.0, self.points, "Recorded for your teacher, who marks it with the rubric.")

