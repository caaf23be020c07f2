"""Scores, computed in the grader's own process from raw answers.

Whatever the student's code redefined in its own process (``math.isclose``, ``Numeric.check``, the
``Session`` class, the record module) is gone with that process: here the bank's checkers run as shipped,
on the student's variant (``ex.params(seed)``). Code exercises are scored against cases generated from a
fresh per-submission seed that the student could not know in advance: ``code_cases`` runs here, and its
output reaches the sandbox only after the notebook's cells have run (``runner.run_cases_phase``).
"""
from __future__ import annotations

import json

from .. import registry
from ..core import INVALID, RECORDED, Code, Feedback
from ..parsing import AnswerError
from .answers import Answers, clean_results
from .item_analysis import case_failures

UNANSWERED = "unanswered"


def exercises_of(chapter: str):
    return registry.chapter(chapter)


def is_auto(ex) -> bool:
    """Free-text answers are marked by hand; every other kind is scored here."""
    return ex.kind != "free-text"


def cases_of(ex: Code, case_seed: int) -> list[tuple]:
    """The cases a function is judged on: the bank's fixed and fresh ones, then the private bank's."""
    return ex.cases(case_seed) + list(registry.EXTRA_CASES.get(ex.id, []))


def code_cases(chapter: str, case_seed: int, asked: list[str]) -> dict[str, list[list]]:
    """The argument lists for the code exercises whose function the child holds (asked after its cells)."""
    return {ex.id: [list(args) for args in cases_of(ex, case_seed)] for ex in exercises_of(chapter)
            if isinstance(ex, Code) and ex.id in set(asked)}


def case_results(raw_results, count: int) -> list[dict]:
    """The child's results for one exercise, in case order, one per case: a missing case (the function
    hung or ended its process) is a failed case, not a lost exercise."""
    by_case = {}
    for item in raw_results if isinstance(raw_results, list) else []:
        if isinstance(item, dict) and isinstance(item.get("case"), int) and 0 <= item["case"] < count:
            by_case.setdefault(item["case"], item)
    cleaned = clean_results([{k: v for k, v in by_case[i].items() if k != "case"} if i in by_case else
                             {"error": "not run (the function hung or ended its process)"} for i in range(count)])
    return cleaned


def _safe(call, default):
    try:
        return call()
    except Exception:  # noqa: BLE001 - a template that does not fit the variant must not stop grading
        return default


def _show(answer) -> str:
    if answer is None:
        return "(none)"
    if isinstance(answer, str):
        return answer
    return json.dumps(answer, ensure_ascii=False)[:2000]


def judge_one(ex, record: dict | None, seed: int | None, case_seed: int) -> dict:
    params = ex.params(seed)
    row = {"exercise": ex.id, "kind": ex.kind, "points": float(ex.points), "auto": is_auto(ex),
           "prompt": _safe(lambda: ex.text(params), ex.prompt),
           "hint": _safe(lambda: (ex.hint_texts(params) or [""])[0], "")}
    if record is None:
        return {**row, "answer": None, "status": UNANSWERED, "score": 0.0,
                "message": "No answer recorded: the exercise cell was deleted, not run, or failed before ask()."}
    failed_cases = None
    try:
        if isinstance(ex, Code):
            cases = cases_of(ex, case_seed)
            if record.get("results") is None:
                raise AnswerError("No function to test: define it, then pass the function itself "
                                  f"(answer={ex.function_name}), without calling it.")
            results = case_results(record["results"], len(cases))
            feedback = ex.score_results(cases, results)
            failed_cases = case_failures(ex, cases, results)
            shown = f"function tested on {len(cases)} cases"
        else:
            feedback = ex.judge(record.get("answer"), params)
            shown = _show(record.get("answer"))
    except AnswerError as exc:
        feedback, shown = Feedback(INVALID, 0.0, ex.points, str(exc)), _show(record.get("answer"))
    except Exception as exc:  # noqa: BLE001 - odd input must not stop the batch
        feedback = Feedback(INVALID, 0.0, ex.points, f"Could not judge this answer ({type(exc).__name__}).")
        shown = _show(record.get("answer"))
    score = float(feedback.score) if feedback.status not in (INVALID, RECORDED) else 0.0
    return {**row, "answer": shown, "status": feedback.status, "score": round(min(score, ex.points), 4),
            "message": feedback.message, "misconception": feedback.misconception, "failed_cases": failed_cases}


def judge_all(chapter: str, answers: Answers, seed: int | None, case_seed: int) -> list[dict]:
    return [judge_one(ex, answers.records.get(ex.id), seed, case_seed) for ex in exercises_of(chapter)]


def totals(rows: list[dict]) -> tuple[float, float]:
    """Points earned and available over the automatically scored exercises."""
    auto = [r for r in rows if r["auto"]]
    return round(sum(r["score"] for r in auto), 4), round(sum(r["points"] for r in auto), 4)
