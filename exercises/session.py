"""The notebook-facing API: ``ex = exercises.start("ch1")`` then ``ex.ask("ch1.occupancy-h1", answer=...)``.

The answer written in the exercise cell is what gets recorded (in the saved notebook, and for the class
grader). The form shown below it is for practice: Check and Hint give feedback at once; the score it keeps
is the student's own view, never what the grader uses.
"""
from __future__ import annotations

import html

from . import record, registry
from .core import CORRECT, INVALID, RECORDED, Feedback
from .live import feedback_html, form
from .static import self_check_html


class Session:
    def __init__(self, chapter: str, seed: int | None = None):
        if record.grading():  # the grader's sandbox has no bank: record raw answers, judge nothing
            self.chapter, self.seed, self.best, self.attempts, self._progress_widget = chapter, seed, {}, {}, None
            return
        if not isinstance(chapter, str) or not registry.chapter(chapter):
            known = sorted({e.chapter for e in registry.all_exercises().values()})
            raise ValueError(f"unknown chapter {chapter!r}; known chapters: {known}")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
            raise ValueError("seed must be a non-negative whole number (your teacher gives it to you)")
        self.chapter = chapter
        self.seed = seed
        self.best: dict[str, Feedback] = {}
        self.attempts: dict[str, int] = {}
        self._progress_widget = None

    # ---- answering ----------------------------------------------------------------------------
    def judge(self, exercise_id: str, answer) -> Feedback:
        """Check an answer live; invalid input is explained and not counted as an attempt."""
        ex = registry.get(exercise_id)
        fb = ex.judge(answer, ex.params(self.seed))
        if fb.counted:
            self.attempts[ex.id] = self.attempts.get(ex.id, 0) + 1
            if ex.id not in self.best or fb.score >= self.best[ex.id].score:
                self.best[ex.id] = fb
        self._refresh_progress()
        return fb

    def ask(self, exercise_id: str, answer=None):
        if record.grading():
            record.record_for_grader(exercise_id, answer)
            return None
        ex = registry.get(exercise_id)
        if ex.chapter != self.chapter:
            raise ValueError(f"{exercise_id!r} belongs to {ex.chapter}, not {self.chapter}")
        return AskView(self, ex, answer)

    # ---- progress -----------------------------------------------------------------------------
    def summary_rows(self) -> list[dict]:
        rows = []
        for ex in registry.chapter(self.chapter):
            fb = self.best.get(ex.id)
            rows.append({"exercise": ex.id, "points": ex.points, "score": fb.score if fb else 0.0,
                         "status": fb.status if fb else "not tried", "attempts": self.attempts.get(ex.id, 0)})
        return rows

    def progress_html(self) -> str:
        rows = self.summary_rows()
        total = sum(r["score"] for r in rows)
        possible = sum(r["points"] for r in rows if r["status"] != RECORDED)
        left = [r["exercise"] for r in rows if r["status"] not in (CORRECT, RECORDED)]
        body = "".join(f"<tr><td>{html.escape(r['exercise'])}</td><td>{r['status']}</td>"
                       f"<td>{r['score']:g}/{r['points']:g}</td><td>{r['attempts']}</td></tr>" for r in rows)
        return (f"<p><strong>Your progress in {html.escape(self.chapter)}: {total:g} of {possible:g} points"
                f"</strong> (self-check; your teacher's grader re-checks every answer). "
                f"{len(left)} exercise(s) still open.</p>"
                f"<table><thead><tr><th>Exercise</th><th>Status</th><th>Score</th><th>Attempts</th></tr></thead>"
                f"<tbody>{body}</tbody></table>")

    def progress(self):
        return ProgressView(self)

    def _refresh_progress(self):
        if self._progress_widget is not None:
            self._progress_widget.value = self.progress_html()


class AskView:
    """What ``ask`` shows: live form (kernel), self-check (book), and the recorded answer (saved file)."""

    def __init__(self, session: Session, ex, answer):
        self.session, self.ex, self.answer = session, ex, answer
        self.feedback = session.judge(ex.id, answer) if answer is not None else None

    def _repr_mimebundle_(self, include=None, exclude=None):
        params = self.ex.params(self.session.seed)
        static = self_check_html(self.ex) if self.session.seed is None else (
            f"<p><strong>{html.escape(self.ex.id)}</strong>: {html.escape(self.ex.text(params))}</p>")
        if self.feedback is not None:
            static += feedback_html(self.feedback)
        bundle = {"text/plain": f"Exercise {self.ex.id}" + (f": {self.feedback.status}" if self.feedback else ""),
                  "text/html": static}
        if self.answer is not None:
            bundle[record.ANSWER_MIME] = {"exercise": self.ex.id, "answer": record.serialise(self.answer),
                                          "seed": self.session.seed}
        try:
            live = form(self.ex, params, lambda a: self.session.judge(self.ex.id, a),
                        initial_answer=self.answer if isinstance(self.answer, (str, int, float)) else None)
            view = (live._repr_mimebundle_() or {}).get("application/vnd.jupyter.widget-view+json")
        except Exception:
            view = None
        if view is not None:
            bundle["application/vnd.jupyter.widget-view+json"] = view
        return bundle


class ProgressView:
    def __init__(self, session: Session):
        self.session = session

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": f"Progress in {self.session.chapter}",
                  "text/html": "<p class='live-only-note'>Your score and what remains are shown here when you "
                               "run the chapter live (rocket icon).</p>"}
        try:
            import ipywidgets as ipw

            widget = ipw.HTML(self.session.progress_html())
            self.session._progress_widget = widget
            view = (widget._repr_mimebundle_() or {}).get("application/vnd.jupyter.widget-view+json")
        except Exception:
            view = None
        if view is not None:
            bundle["application/vnd.jupyter.widget-view+json"] = view
        return bundle


def start(chapter: str, seed: int | None = None) -> Session:
    return Session(chapter, seed)
