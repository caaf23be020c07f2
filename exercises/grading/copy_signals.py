"""Copied-variant detection: numeric answers that are wrong for the student's own numbers but right, within
the exercise's own tolerance, for a classmate's numbers (or for the book's public default numbers).

Why: every student gets their own variant, so a copied answer carries the other student's numbers. The
check reports, it never penalises: a signal is a reason for a conversation, not a verdict.

How honest students are kept out:
- only answers the engine judged wrong for the student's own variant are looked at, and not those that
  match a known misconception of their own variant (that wrong idea explains the answer);
- an exercise is compared with another variant only where the two variants' expected values differ beyond
  tolerance (each judged with the other's parameters), so students whose variants share an answer, or
  who have the same variant, never match each other;
- one matching answer can be a near miss that happens to land on a neighbouring variant, so a student
  is flagged only when at least ``MIN_MATCHES`` answers fit the numbers of the same classmate (or of
  the public variant); a classmate whose numbers fit only some of those answers is not named as well.
Judging uses ``Exercise.judge`` (the one tolerance rule of the engine), never a tolerance of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core import CORRECT, Numeric

MIN_MATCHES = 2
PUBLIC = "the book's public default numbers"


@dataclass(frozen=True)
class Answer:
    """One student's numeric answer as the grader saw it."""

    student_id: str
    name: str
    seed: int | None
    exercise: str
    answer: str
    status: str
    misconception: int | None = None


@dataclass(frozen=True)
class Signal:
    student_id: str
    source: str                       # the other student's id, or PUBLIC
    source_name: str
    exercises: tuple[str, ...]        # the answers that match the source's variant
    also: tuple[str, ...] = ()        # other students with the same variant as the source

    def text(self) -> str:
        who = self.source if self.source == PUBLIC else "the variant of " + (
            f"{self.source} ({self.source_name})" if self.source_name else self.source)
        more = f" (the same numbers as {', '.join(self.also[:5])}{' ...' if len(self.also) > 5 else ''})" \
            if self.also else ""
        return f"{len(self.exercises)} answers ({', '.join(self.exercises)}) fit {who}{more}"


def _accepts(ex: Numeric, answer, params: dict) -> bool:
    return ex.judge(answer, params).status == CORRECT


def _differ(ex: Numeric, seed_a, seed_b) -> bool:
    """The two variants' expected values differ beyond tolerance, judged both ways."""
    pa, pb = ex.params(seed_a), ex.params(seed_b)
    return not _accepts(ex, ex.expected(pa), pb) and not _accepts(ex, ex.expected(pb), pa)


def _variants(ex: Numeric, seeds) -> dict:
    """One seed per distinct set of parameters (students with equal numbers share a variant)."""
    out: dict = {}
    for seed in seeds:
        out.setdefault(tuple(sorted(ex.params(seed).items())), seed)
    return out


def find(answers: list[Answer], exercises: dict, include_public: bool = True) -> list[Signal]:
    """Signals, one per (student, source variant) with at least MIN_MATCHES matching answers."""
    names = {a.student_id: a.name for a in answers}
    seed_of = {a.student_id: a.seed for a in answers}
    seeds = list(dict.fromkeys([a.seed for a in answers] + ([None] if include_public else [])))
    matches: dict[tuple[str, tuple], list[str]] = {}
    same: dict[tuple[str, tuple], set[str]] = {}
    variants: dict[str, dict] = {}
    for a in answers:
        ex = exercises.get(a.exercise)
        if not isinstance(ex, Numeric) or a.status in (CORRECT, "invalid", "unanswered") or \
                a.misconception is not None:
            continue
        own = tuple(sorted(ex.params(a.seed).items()))
        public = tuple(sorted(ex.params(None).items()))
        if ex.id not in variants:
            variants[ex.id] = _variants(ex, seeds)
        for key, seed in variants[ex.id].items():
            # cheap test first (rarely true), then make sure the two variants really differ
            if key == own or not _accepts(ex, a.answer, ex.params(seed)) or not _differ(ex, a.seed, seed):
                continue
            matches.setdefault((a.student_id, key), []).append(a.exercise)
            same[a.student_id, key] = {sid for sid, s in seed_of.items()
                                       if sid != a.student_id and tuple(sorted(ex.params(s).items())) == key}
            if key == public and include_public:
                same[a.student_id, key].add(PUBLIC)
    # group by the other student: the same classmate's numbers behind several answers
    by_source: dict[tuple[str, str], list[str]] = {}
    for (sid, key), found in matches.items():
        for other in same[sid, key]:
            by_source.setdefault((sid, other), []).extend(found)
    signals = []
    for (sid, other), found in sorted(by_source.items()):
        found = list(dict.fromkeys(found))
        if len(found) < MIN_MATCHES:
            continue
        signals.append(Signal(sid, other, "" if other == PUBLIC else names.get(other, ""), tuple(found)))
    return _merge_twins(signals)


def _merge_twins(signals: list[Signal]) -> list[Signal]:
    """Several classmates with the same numbers behind the same answers: one signal naming them all."""
    grouped: dict[tuple[str, tuple[str, ...]], list[Signal]] = {}
    for s in signals:
        grouped.setdefault((s.student_id, s.exercises), []).append(s)
    out = []
    for (sid, exercises), group in grouped.items():
        wider = any(other != exercises and set(exercises) < set(other) for s2, other in grouped if s2 == sid)
        if wider:   # explained by a classmate whose numbers fit more of the answers
            continue
        group.sort(key=lambda s: (s.source == PUBLIC, s.source))
        first = group[0]
        out.append(Signal(sid, first.source, first.source_name, exercises, tuple(g.source for g in group[1:])))
    return sorted(out, key=lambda s: (s.student_id, -len(s.exercises), s.source))


def notes(signals: list[Signal]) -> dict[str, str]:
    """One line per flagged student, for grades.csv and the report."""
    out: dict[str, list[str]] = {}
    for s in signals:
        out.setdefault(s.student_id, []).append(s.text())
    return {sid: "; ".join(texts) for sid, texts in out.items()}


def from_rows(rows: list[dict]) -> list[Answer]:
    """The numeric answers of graded students, from the grader's rows."""
    out = []
    for row in rows:
        if not row["status"].startswith("graded"):
            continue
        for e in row.get("exercises") or []:
            if e.get("kind") == "numeric" and e.get("answer") is not None:
                out.append(Answer(row["student_id"], row.get("name") or "", row.get("seed"), e["exercise"],
                                  e["answer"], e["status"], e.get("misconception")))
    return out
