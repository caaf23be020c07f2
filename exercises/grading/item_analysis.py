"""What a graded class did not understand: item statistics over one record per (student, exercise).

Why: a gradebook says who scored what; a teacher also needs to know which exercise misfired, which wrong
idea to revisit in class, and which code case most functions fail. Everything here is a pure function over
small typed records (``StudentRun``, ``ItemResult``), so it is tested against a class computed by hand;
``from_rows`` is the one adapter from the grader's stored rows.

- Difficulty: per exercise mean score (as a share of its points), share fully correct, share not
  attempted (no answer recorded, or input that could not be judged).
- Discrimination: the Pearson correlation of the exercise score with the rest-of-test score (the total
  without this exercise); for an exercise scored right/wrong it is the point-biserial correlation.
- Misconceptions: how many students gave an answer that matches each known wrong idea, ranked.
- Code cases: which test case failed most, and how (wrong value, no ValueError, an exception).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

NOT_ATTEMPTED = ("unanswered", "invalid")
LOW_SHARE = 0.5                 # below half the points: on the needs-attention list
GOOD_R, WEAK_R = 0.3, 0.1       # discrimination readings (see ``reading``)


@dataclass(frozen=True)
class CaseFailure:
    case: str                   # "occupancy_fraction(-1.0, 1.0)" or "random valid input"
    kind: str                   # "wrong value", "no ValueError", "raised TypeError", ...


@dataclass(frozen=True)
class ItemResult:
    """One student's result on one exercise."""

    student_id: str
    exercise: str
    points: float
    score: float
    status: str                 # correct | partial | incorrect | invalid | unanswered | recorded | marked
    chapter: str = ""
    kind: str = "numeric"
    scored: bool = True         # counted in totals (auto-scored, or a written answer with a merged mark)
    misconception: int | None = None
    misconception_text: str = ""
    failed_cases: tuple[CaseFailure, ...] = ()


@dataclass(frozen=True)
class StudentRun:
    student_id: str
    name: str
    status: str                 # graded | graded-with-errors | graded-partial-run | failed-* | missing
    reason: str = ""
    chapter: str = ""

    @property
    def graded(self) -> bool:
        return self.status.startswith("graded")


@dataclass(frozen=True)
class ItemStat:
    exercise: str
    kind: str
    points: float
    students: int
    mean_score: float           # points
    mean_share: float           # 0..1 of the exercise's points (difficulty: higher is easier)
    share_correct: float
    share_not_attempted: float
    discrimination: float | None
    reading: str


@dataclass(frozen=True)
class MisconceptionCount:
    exercise: str
    index: int
    message: str
    students: int
    answered: int               # students who gave a judgeable answer to that exercise


@dataclass(frozen=True)
class CaseCount:
    exercise: str
    case: str
    kind: str
    students: int
    tested: int                 # students whose function was tested


@dataclass(frozen=True)
class Attention:
    student_id: str
    name: str
    reasons: tuple[str, ...]


@dataclass
class Distribution:
    """Each graded student's share of the points, overall and per chapter (0..1)."""

    total: dict[str, float] = field(default_factory=dict)
    by_chapter: dict[str, dict[str, float]] = field(default_factory=dict)


# ---- statistics ------------------------------------------------------------------------------------
def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Correlation of two equally long lists; None when either does not vary (or fewer than 3 pairs)."""
    n = len(xs)
    if n != len(ys) or n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def reading(r: float | None) -> str:
    """A plain-words reading of a discrimination index."""
    if r is None:
        return "cannot be computed: every student scored the same on this item or on the rest"
    if r >= GOOD_R:
        return "students who did well overall also got this right"
    if r >= WEAK_R:
        return "separates strong from weak students only a little"
    if r > -WEAK_R:
        return "this item does not separate strong from weak students: check its wording"
    return "weaker students did better on this than strong ones: check the answer key and the wording"


def _graded_items(items: list[ItemResult], students: list[StudentRun]) -> list[ItemResult]:
    graded = {s.student_id for s in students if s.graded}
    return [i for i in items if i.student_id in graded]


def distribution(items: list[ItemResult], students: list[StudentRun]) -> Distribution:
    out = Distribution()
    earned: dict[str, float] = defaultdict(float)
    possible: dict[str, float] = defaultdict(float)
    chapter_earned: dict[tuple[str, str], float] = defaultdict(float)
    chapter_possible: dict[tuple[str, str], float] = defaultdict(float)
    for item in _graded_items(items, students):
        if not item.scored:
            continue
        earned[item.student_id] += item.score
        possible[item.student_id] += item.points
        chapter_earned[item.chapter, item.student_id] += item.score
        chapter_possible[item.chapter, item.student_id] += item.points
    out.total = {sid: earned[sid] / possible[sid] for sid in possible if possible[sid] > 0}
    for (chapter, sid), points in chapter_possible.items():
        if points > 0:
            out.by_chapter.setdefault(chapter, {})[sid] = chapter_earned[chapter, sid] / points
    return out


def item_stats(items: list[ItemResult], students: list[StudentRun]) -> list[ItemStat]:
    """One row per scored exercise, in the order the exercises first appear."""
    items = [i for i in _graded_items(items, students) if i.scored]
    totals: dict[str, float] = defaultdict(float)
    for item in items:
        totals[item.student_id] += item.score
    by_exercise: dict[str, list[ItemResult]] = {}
    for item in items:
        by_exercise.setdefault(item.exercise, []).append(item)
    stats = []
    for exercise, rows in by_exercise.items():
        n, points = len(rows), rows[0].points
        scores = [r.score for r in rows]
        rest = [totals[r.student_id] - r.score for r in rows]
        r = pearson(scores, rest)
        stats.append(ItemStat(
            exercise, rows[0].kind, points, n, sum(scores) / n, sum(scores) / n / points if points else 0.0,
            sum(row.status == "correct" or row.score >= points for row in rows) / n,
            sum(row.status in NOT_ATTEMPTED for row in rows) / n, r, reading(r)))
    return stats


def misconception_counts(items: list[ItemResult], students: list[StudentRun]) -> list[MisconceptionCount]:
    """Known wrong ideas, most frequent first (ties: exercise order, then the idea's index)."""
    items = _graded_items(items, students)
    order = {e: i for i, e in enumerate(dict.fromkeys(i.exercise for i in items))}
    answered = Counter(i.exercise for i in items if i.status not in NOT_ATTEMPTED)
    hits: dict[tuple[str, int], set[str]] = defaultdict(set)
    text: dict[tuple[str, int], str] = {}
    for item in items:
        if item.misconception is not None:
            hits[item.exercise, item.misconception].add(item.student_id)
            text.setdefault((item.exercise, item.misconception), item.misconception_text)
    ranked = sorted(hits, key=lambda k: (-len(hits[k]), order[k[0]], k[1]))
    return [MisconceptionCount(e, i, text[e, i], len(hits[e, i]), answered[e]) for e, i in ranked]


def case_counts(items: list[ItemResult], students: list[StudentRun]) -> list[CaseCount]:
    """Per code exercise, each (case, kind of failure), most frequent first."""
    items = [i for i in _graded_items(items, students) if i.kind == "code"]
    tested = Counter(i.exercise for i in items if i.status not in NOT_ATTEMPTED)
    counts: Counter = Counter()
    for item in items:
        for failure in set(item.failed_cases):
            counts[item.exercise, failure.case, failure.kind] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [CaseCount(e, case, kind, n, tested[e]) for (e, case, kind), n in ranked]


def needs_attention(items: list[ItemResult], students: list[StudentRun],
                    copy_notes: dict[str, str] | None = None, low_share: float = LOW_SHARE) -> list[Attention]:
    """Students to look at: failed or partial runs, low scores, copy signals (in roster order)."""
    shares = distribution(items, students).total
    copy_notes = copy_notes or {}
    out = []
    for s in students:
        reasons = []
        if s.status == "missing":
            reasons.append("no submission")
        elif not s.graded:
            reasons.append(f"not graded ({s.status}): {s.reason}".rstrip(": "))
        elif s.status != "graded":
            reasons.append(f"{s.status}: {s.reason}".rstrip(": "))
        if s.student_id in shares and shares[s.student_id] < low_share:
            reasons.append(f"low score: {100 * shares[s.student_id]:.0f}% of the points")
        if s.student_id in copy_notes:
            reasons.append(f"copy signal: {copy_notes[s.student_id]}")
        if reasons:
            out.append(Attention(s.student_id, s.name, tuple(reasons)))
    return out


# ---- how a code case failed (used by the judge) -----------------------------------------------------
def case_failures(ex, cases: list[tuple], results) -> list[dict] | None:
    """Each failed case of a code exercise with the kind of failure; None when nothing was tested."""
    if not isinstance(results, list) or len(results) != len(cases):
        return None
    fixed = len(ex.fixed_cases)
    out = []
    for index, (args, want, got) in enumerate(zip(cases, ex.expected_outputs(cases), results)):
        kind = _failure_kind(want, got, ex.rel_tol)
        if kind is None:
            continue
        if index < fixed:
            label = f"{ex.function_name}({', '.join(repr(a) for a in args)})"
        else:
            label = "random input that must be refused" if "raises" in want else "random valid input"
        out.append({"case": label, "kind": kind})
    return out


def _failure_kind(want: dict, got: dict, rel_tol: float) -> str | None:
    raised = got.get("raises")
    if "raises" in want:
        if raised == "ValueError":
            return None
        return f"raised {raised} instead of ValueError" if raised else "no ValueError"
    if raised:
        return f"raised {raised}"
    value = got.get("value")
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        return "returned something that is not a number"
    if math.isclose(value, want["value"], rel_tol=rel_tol, abs_tol=1e-12):
        return None
    return "wrong value"


# ---- the adapter from the grader's rows --------------------------------------------------------------
def misconception_text(ex, index: int | None) -> str:
    """The wrong idea behind misconception ``index`` of an exercise, in the bank's own words."""
    if index is None:
        return ""
    try:
        if ex.kind == "numeric":
            return ex.misconceptions[index].message.format(**ex.params())
        if ex.kind == "choice":
            letter = "ABCDEFGHIJ"[index]
            return f"chose {letter} ({ex.options[index]}): {ex.option_feedback.get(index, '')}".rstrip(": ")
    except (IndexError, KeyError, ValueError, AttributeError):
        pass
    return f"known wrong answer {index + 1}"


def from_rows(rows: list[dict]) -> tuple[list[StudentRun], list[ItemResult]]:
    """Students and per-exercise results from the grader's rows (as stored in grading.sqlite)."""
    from .. import registry

    students, items = [], []
    for row in rows:
        students.append(StudentRun(row["student_id"], row.get("name") or "", row["status"],
                                   row.get("reason") or "", row.get("chapter") or ""))
        for e in row.get("exercises") or []:
            try:
                ex = registry.get(e["exercise"])
            except KeyError:
                ex = None
            index = e.get("misconception")
            failures = tuple(CaseFailure(f["case"], f["kind"]) for f in e.get("failed_cases") or [])
            items.append(ItemResult(
                row["student_id"], e["exercise"], float(e["points"]), float(e.get("score") or 0.0), e["status"],
                row.get("chapter") or "", e.get("kind", ""), bool(e.get("auto", True)) or e["status"] == "marked",
                index, misconception_text(ex, index) if ex is not None else "", failures))
    return students, items
