"""The notebook-facing API: ``ex = exercises.start("ch1")`` then ``ex.ask("ch1.occupancy-h1", answer=...)``.

Why: whichever way a student answers, the answer they last checked is what the saved notebook holds
and what the class grader judges. Running the cell with ``answer=...`` records that answer (origin
"cell"); pressing Check in the form records the form's answer (origin "form") by updating the cell's
own output through its display id, so the notebook JupyterLab saves carries the record as
``record.ANSWER_MIME``. The grader re-judges every recorded answer itself; the score shown here is
the student's own view, never what the grader uses. Invalid input is explained, not recorded.

A question from the teacher's private bank (id ``chN.private-...``, ``registry.is_private_id``) has no
key in this kernel: ``ask`` saves its raw answer the same way, unjudged, and says "Saved — checked after
you submit". Any other id the bank does not know is a typo, answered with a did-you-mean.
"""
from __future__ import annotations

import html
import json

from . import record, registry
from .core import CORRECT, INVALID, RECORDED, Feedback, FreeText
from .live import feedback_html, form
from .static import progress_panel_html, self_check_html


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
        if registry.is_private_id(exercise_id) and exercise_id not in registry.all_exercises():
            return PrivateAskView(self, exercise_id, answer)
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
        written = sum(ex.points for ex in registry.chapter(self.chapter) if isinstance(ex, FreeText))
        possible = sum(r["points"] for r in rows) - written
        left = [r["exercise"] for r in rows if r["status"] not in (CORRECT, RECORDED)]
        body = "".join(f"<tr><td>{html.escape(r['exercise'])}</td><td>{r['status']}</td>"
                       f"<td>{r['score']:g}/{r['points']:g}</td><td>{r['attempts']}</td></tr>" for r in rows)
        marked = (f" Written answers ({written:g} more points) are marked separately by your teacher."
                  if written else "")
        return (f"<p><strong>Your progress in {html.escape(self.chapter)}: {total:g} of {possible:g} points "
                f"checked automatically</strong> (self-check; your teacher's grader re-checks every answer).{marked} "
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
        self.origin = "cell" if answer is not None else None
        self._handle = None    # the cell output's display handle, once shown in a kernel
        self._view = None      # the form's widget view, built once

    def record(self) -> dict | None:
        """The saved answer record: what the class grader reads from the notebook."""
        if self.origin is None:
            return None
        return record.answer_bundle(self.ex.id, self.answer, self.session.seed, self.origin)

    def recorded_html(self) -> str:
        rec = self.record()
        if rec is None:
            return ("<p><em>No answer recorded yet.</em> Check an answer here, or run the cell with "
                    "<code>answer=...</code>; the last answer you check is the one saved and graded.</p>")
        shown = rec["answer"] if isinstance(rec["answer"], str) else json.dumps(rec["answer"], ensure_ascii=False)
        where = "this form" if rec["origin"] == "form" else "the cell"
        return (f"<p><strong>Recorded answer:</strong> <code>{html.escape(shown)}</code> (from {where}; "
                "this is what your teacher's grader checks once the notebook is saved).</p>")

    def form_check(self, answer) -> Feedback:
        """Check pressed in the form: judge, and record the answer unless it cannot be checked."""
        fb = self.session.judge(self.ex.id, answer)
        if fb.counted:
            self.answer, self.feedback, self.origin = answer, fb, "form"
            if self._handle is not None:
                self._handle.update(self._repr_mimebundle_(), raw=True)
        return fb

    def _widget_view(self, params):
        if self._view is None:
            try:
                live = form(self.ex, params, self.form_check, recorded=self.recorded_html,
                            initial_answer=self.answer if isinstance(self.answer, (str, int, float)) else None)
                self._view = (live._repr_mimebundle_() or {}).get("application/vnd.jupyter.widget-view+json")
            except Exception:
                self._view = None
        return self._view

    def _repr_mimebundle_(self, include=None, exclude=None):
        params = self.ex.params(self.session.seed)
        static = self_check_html(self.ex) if self.session.seed is None else (
            f"<p><strong>{html.escape(self.ex.heading())}</strong>: {html.escape(self.ex.text(params))}</p>")
        if self.feedback is not None:
            static += feedback_html(self.feedback)
        rec = self.record()
        if rec is not None:
            static += self.recorded_html()  # also for frontends that show no widgets
        bundle = {"text/plain": self.ex.heading() + (f": {self.feedback.status}" if self.feedback else ""),
                  "text/html": static}
        if rec is not None:
            bundle[record.ANSWER_MIME] = rec
        view = self._widget_view(params)
        if view is not None:
            bundle["application/vnd.jupyter.widget-view+json"] = view
        return bundle

    def _ipython_display_(self):
        """Shown as a display with an id, so a later Check in the form can update this very output."""
        from IPython.display import display

        self._handle = display(self._repr_mimebundle_(), raw=True, display_id=True)


class PrivateAskView:
    """A private question: its answer is saved in the notebook for the grader, and judged only there."""

    SAVED = "Saved — checked after you submit"

    def __init__(self, session: Session, exercise_id: str, answer):
        chapter = exercise_id.split(".", 1)[0]
        if chapter != session.chapter:
            raise ValueError(f"{exercise_id!r} belongs to {chapter}, not {session.chapter}")
        self.exercise_id = exercise_id
        self.record = None if answer is None else record.answer_bundle(exercise_id, answer, session.seed)
        self.empty = answer is None or (isinstance(answer, str) and not answer.strip())

    def message(self) -> str:
        if self.empty:
            return ("No answer yet: write your answer after answer= and run the cell again. Your teacher's "
                    "grader checks it after you submit.")
        return f"{self.SAVED}: your teacher's grader checks this answer once you hand the notebook in."

    def _repr_mimebundle_(self, include=None, exclude=None):
        shown = "" if self.record is None else self.record["answer"]
        shown = shown if isinstance(shown, str) else json.dumps(shown, ensure_ascii=False)
        html_text = f"<p><strong>{html.escape(self.exercise_id)}</strong>: {html.escape(self.message())}</p>"
        if not self.empty:
            html_text += f"<p><strong>Recorded answer:</strong> <code>{html.escape(shown)}</code></p>"
        bundle = {"text/plain": f"{self.exercise_id}: {self.message()}", "text/html": html_text}
        if self.record is not None:
            bundle[record.ANSWER_MIME] = self.record
        return bundle


class ProgressView:
    def __init__(self, session: Session):
        self.session = session

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": f"Progress in {self.session.chapter}",
                  "text/html": progress_panel_html([self.session.chapter])}
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
