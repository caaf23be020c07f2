"""The static self-check: an exercise as a jupyterquiz question, working in the built book with no
kernel and no CDN (jupyterquiz's JavaScript is inlined). Hints are plain <details> elements.
"""
from __future__ import annotations

import html
import json
import random
import string

from .core import Choice, Code, Exercise, FreeText, Matching, Numeric, Ordering


def quiz_questions(ex: Exercise) -> list[dict] | None:
    """jupyterquiz question dicts for the default variant, or None where no static check fits."""
    params = ex.params()
    if isinstance(ex, Numeric):
        want = ex.expected(params)
        tol = max(abs(want) * ex.rel_tol, ex.abs_tol, 1e-12)
        answers = [{"type": "range", "range": [want - tol, want + tol * 1.000001], "correct": True,
                    "feedback": "Correct."}]
        for m in ex.misconceptions:
            wrong = float(m.value(params) if callable(m.value) else m.value)
            wtol = max(abs(wrong) * ex.rel_tol, ex.abs_tol, 1e-12)
            answers.append({"type": "range", "range": [wrong - wtol, wrong + wtol * 1.000001],
                            "correct": False, "feedback": m.message.format(**params)})
        answers.append({"type": "default", "feedback": "Not quite: open a hint below."})
        unit = {"percent": "%", "dimensionless": "a plain number"}.get(ex.unit, ex.unit)
        return [{"question": f"{ex.text(params)} (Type a number in {unit}, then press Enter.)",
                 "type": "numeric", "answers": answers}]
    if isinstance(ex, Choice):
        return [{"question": ex.text(params) + (" (Select all that apply.)" if ex.multiple else ""),
                 "type": "many_choice" if ex.multiple else "multiple_choice",
                 "answers": [{"answer": opt, "correct": i in ex.correct,
                              "feedback": ex.option_feedback.get(i, "Correct." if i in ex.correct
                                                                 else "Not this one.")}
                             for i, opt in enumerate(ex.options)]}]
    if isinstance(ex, Ordering):
        right = " → ".join(ex.items)
        alt = [" → ".join(ex.presented()), " → ".join(reversed(ex.items))]
        options = [right] + [a for a in dict.fromkeys(alt) if a != right]
        random.Random(ex.id).shuffle(options)  # fixed per exercise, so the right order is not always first
        return [{"question": ex.text(params) + " Which order is right?", "type": "multiple_choice",
                 "answers": [{"answer": o, "correct": o == right,
                              "feedback": "Correct order." if o == right else "Not this order."}
                             for o in options]}]
    return None


def _quiz_html(questions: list[dict], div_id: str) -> str:
    """The quiz container and a start-up script. jupyterquiz's own JavaScript (``show_questions``) is
    loaded once per page by the book extension (``bookext``) rather than repeated in every exercise."""
    from jupyterquiz.dynamic.renderer import build_styles, render_div

    colors = {"--jq-multiple-choice-bg": "#0b3d66", "--jq-many-choice-bg": "#6b2c00",
              "--jq-numeric-bg": "#0b3d66", "--jq-incorrect-color": "#8a1c00",
              "--jq-correct-color": "#005c3c", "--jq-numeric-input-bg": "#ffffff",
              "--jq-mc-button-bg": "#ffffff", "--jq-text-color": "#ffffff",
              "--jq-link-color": "#cfe6ff", "--jq-numeric-input-label": "#101010",
              "--jq-numeric-input-shadow": "#999999", "--jq-mc-button-border": "#e0e0e0e0",
              "--jq-mc-button-inset-shadow": "#555555", "--jq-string-bg": "#4c1a57"}
    script = (
        "(function(){var q=" + json.dumps(questions) + ";"
        "function show(){var el=document.getElementById('" + div_id + "');"
        "if(el&&typeof show_questions==='function'){show_questions(q,el);"
        "el.querySelectorAll('input.Input-text').forEach(function(i){i.setAttribute('aria-label','Your answer');});}"
        "else{setTimeout(show,200);}}"
        "show();})();"
    )
    return (render_div(div_id, False, False, False, 1_000_000, 600, 10, "left") + "</div>"
            + build_styles(div_id, colors) + f'<script type="text/javascript">{script}</script>')


def self_check_html(ex: Exercise) -> str:
    """HTML for the book: the question, a working self-check where one fits, hints, points."""
    rng = random.Random(ex.id)
    div_id = "".join(rng.choice(string.ascii_letters) for _ in range(12))
    questions = quiz_questions(ex)
    head = (f'<div class="course-exercise" id="exercise-{html.escape(ex.id)}" data-exercise="{html.escape(ex.id)}">'
            f'<p class="exercise-title"><strong>{html.escape(ex.heading())}</strong> '
            f'({ex.points:g} point{"s" if ex.points != 1 else ""}) '
            f'<small class="exercise-id">{html.escape(ex.id)}</small><br><em>{html.escape(ex.objective)}</em></p>')
    if questions is not None:
        body = _quiz_html(questions, div_id)
    else:
        body = f"<p>{html.escape(ex.text())}</p>"
        if isinstance(ex, Code):
            body += (f"<p class='live-only-note'>A code exercise: define <code>{html.escape(ex.function_name)}</code> "
                     "and check it in a live notebook (rocket icon: Binder, Colab or JupyterHub).</p>")
        elif isinstance(ex, FreeText):
            body += "<p class='live-only-note'>A written answer, marked by your teacher with a rubric.</p>"
        elif isinstance(ex, Matching):
            body += "<ol>" + "".join(f"<li>{html.escape(t)}</li>" for t in ex.left) + "</ol>"
            body += "<p>" + " · ".join(f"{'ABCDEFGHIJ'[i]}: {html.escape(t)}" for i, t in enumerate(ex.right)) + "</p>"
            body += "<p class='live-only-note'>Check your matches in a live notebook (rocket icon).</p>"
    hints = ""
    for i, hint in enumerate(ex.hint_texts()):
        hints += f"<details class='exercise-hint'><summary>Hint {i + 1}</summary><p>{html.escape(hint)}</p>"
    hints += "</details>" * len(ex.hints)
    return head + body + hints + "</div>"
