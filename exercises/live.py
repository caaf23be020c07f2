"""The live form: an exercise as an ipywidgets form (input, Check, Hint, feedback) in a kernel.

Why: checking in the form must count. ``on_check`` is the session's judge, which also records the
checked answer in the cell's saved output (see ``session.AskView``); ``recorded()`` gives the
"Recorded answer: ..." line the form shows after every check, so the student sees what is graded.
"""
from __future__ import annotations

import html

from .core import CORRECT, INVALID, PARTIAL, RECORDED, Choice, Code, Exercise, Feedback, FreeText, Ordering

COLOURS = {CORRECT: "#005c3c", PARTIAL: "#6b4e00", INVALID: "#444444", RECORDED: "#0b3d66"}


def feedback_html(fb: Feedback) -> str:
    colour = COLOURS.get(fb.status, "#8a1c00")
    label = {CORRECT: "Right", PARTIAL: "Partly right", INVALID: "Cannot check this answer",
             RECORDED: "Recorded"}.get(fb.status, "Not right yet")
    score = "" if fb.status in (INVALID, RECORDED) else f" ({fb.score:g}/{fb.points:g})"
    return (f'<div role="status" style="border-left:4px solid {colour};padding:4px 8px;">'
            f"<strong style='color:{colour}'>{label}{score}.</strong> {html.escape(fb.message)}</div>")


def form(ex: Exercise, params: dict, on_check, initial_answer=None, recorded=None):
    """Build the form. ``on_check(answer) -> Feedback`` judges (and records); ``recorded() -> str`` is
    the HTML of the recorded-answer line."""
    import ipywidgets as ipw

    prompt = ipw.HTML(f"<p><strong>{html.escape(ex.heading())}</strong> ({ex.points:g} pt): "
                      f"{html.escape(ex.text(params))}</p>")
    if isinstance(ex, Choice):
        letters = "ABCDEFGHIJ"
        options = [(f"{letters[i]}. {o}", letters[i]) for i, o in enumerate(ex.options)]
        if ex.multiple:
            entry = ipw.SelectMultiple(options=options, rows=len(options), layout=ipw.Layout(width="95%"))
            read = lambda: list(entry.value)
        else:
            entry = ipw.RadioButtons(options=options, value=None, layout=ipw.Layout(width="95%"))
            read = lambda: entry.value or ""
    elif isinstance(ex, (Code, FreeText)):
        entry = None
        read = None
    else:
        placeholder = "e.g. C, A, B" if isinstance(ex, Ordering) else "your answer, with its unit"
        entry = ipw.Text(value="" if initial_answer is None else str(initial_answer),
                         placeholder=placeholder, description="Answer", layout=ipw.Layout(width="60%"))
        read = lambda: entry.value
    extra = []
    if isinstance(ex, Ordering):
        extra.append(ipw.HTML("<ol type='A'>" + "".join(f"<li>{html.escape(t)}</li>" for t in ex.presented())
                              + "</ol>"))
    feedback = ipw.HTML()
    recorded_line = ipw.HTML(recorded() if recorded else "")
    hint_box = ipw.HTML()
    hints = ex.hint_texts(params)
    shown = {"hints": 0}
    check = ipw.Button(description="Check", button_style="primary", icon="check")
    hint = ipw.Button(description="Hint", icon="lightbulb-o", disabled=not hints)

    def on_check_click(_):
        feedback.value = feedback_html(on_check(read()))
        if recorded:
            recorded_line.value = recorded()

    def on_hint_click(_):
        shown["hints"] = min(shown["hints"] + 1, len(hints))
        hint_box.value = "".join(f"<p>Hint {i + 1}: {html.escape(h)}</p>" for i, h in enumerate(hints[: shown["hints"]]))
        hint.disabled = shown["hints"] >= len(hints)

    check.on_click(on_check_click)
    hint.on_click(on_hint_click)
    if entry is None:
        note = ("Write your function in a code cell, then run "
                f"<code>ex.ask(\"{ex.id}\", answer={getattr(ex, 'function_name', 'my_function')})</code>."
                if isinstance(ex, Code) else
                f"Write your explanation as <code>ex.ask(\"{ex.id}\", answer=\"...\")</code>.")
        return ipw.VBox([prompt, ipw.HTML(f"<p>{note}</p>"), ipw.HBox([hint]), hint_box, feedback, recorded_line])
    return ipw.VBox([prompt, *extra, entry, ipw.HBox([check, hint]), hint_box, feedback, recorded_line])
