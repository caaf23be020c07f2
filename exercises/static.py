"""The static self-check: an exercise as HTML controls plus a JSON judging spec, for the built book.

Why: the book has no kernel, yet it must judge exactly as the Python engine does. So the page gets no
second set of rules: a numeric exercise ships its tolerance interval (``core.tolerance_interval``),
unit spellings and factors and messages (``parsing.unit_spec``); choice, ordering and matching
exercises ship the engine's own judgement of every possible answer (``Exercise.judge``). The small
checker ``bookext/selfcheck/selfcheck.js`` (loaded once per page by ``bookext``) follows the spec, keeps
answers in the browser and fills the progress panels. Only the public default variant is ever
written: a student's own variant carries no answer key.
"""
from __future__ import annotations

import html
import itertools
import json
from functools import lru_cache

from . import registry
from .core import Choice, Code, Exercise, FreeText, Matching, Numeric, Ordering
from .parsing import prompt_unit, unit_spec

LETTERS = "ABCDEFGHIJ"
MAX_TABLE = 20_000   # answers judged ahead for one choice, ordering or matching exercise


@lru_cache(maxsize=1)
def book_version() -> str:
    """The course version: stored answers are kept per version, so a new edition starts clean."""
    from importlib import metadata

    try:
        return metadata.version("alpha2-course")
    except metadata.PackageNotFoundError:
        return "dev"


def _table(ex: Exercise, answers: list[tuple[str, object]]) -> dict:
    """The engine's judgement of every answer, as ``key -> outcome index`` plus distinct outcomes."""
    if len(answers) > MAX_TABLE:
        raise ValueError(f"{ex.id}: {len(answers)} possible answers is too many for a static self-check")
    outcomes, index, table = [], {}, {}
    for key, answer in answers:
        fb = ex.judge(answer)
        outcome = (fb.status, fb.score, fb.message)
        if outcome not in index:
            index[outcome] = len(outcomes)
            outcomes.append(list(outcome))
        table[key] = index[outcome]
    return {"table": table, "outcomes": outcomes,
            "unknown": "This answer cannot be checked here; check it in a live notebook."}


def _subsets(letters: str):
    for r in range(len(letters) + 1):
        for combo in itertools.combinations(letters, r):
            yield ",".join(combo), list(combo)


def _matchings(ex: Matching):
    letters = LETTERS[: len(ex.right)]
    for picks in itertools.product([""] + list(letters), repeat=len(ex.left)):
        answer = {str(i + 1): p for i, p in enumerate(picks) if p}
        yield ",".join(f"{k}-{answer[k]}" for k in sorted(answer)), answer


def judging_spec(ex: Exercise) -> dict | None:
    """What the page needs to judge the public variant of ``ex`` as ``ex.judge`` does (None: nothing)."""
    base = {"id": ex.id, "kind": ex.kind, "chapter": ex.chapter, "points": ex.points}
    if isinstance(ex, Numeric):
        return {**base, "units": unit_spec(ex.unit), "judge": ex.judging_spec()}
    if isinstance(ex, Choice):
        return {**base, **_table(ex, list(_subsets(LETTERS[: len(ex.options)])))}
    if isinstance(ex, Ordering):
        letters = LETTERS[: len(ex.items)]
        perms = [(",".join(p), list(p)) for p in itertools.permutations(letters)]
        return {**base, "letters": list(letters), **_table(ex, perms)}
    if isinstance(ex, Matching):
        return {**base, **_table(ex, list(_matchings(ex)))}
    if isinstance(ex, FreeText):
        too_short = [ex.judge(" ".join(["word"] * n)).message for n in range(ex.min_words)]
        recorded = ("Saved in this browser only. Compare your text with the rubric below; in a course "
                    "notebook your teacher marks it.")
        return {**base, "min_words": ex.min_words, "too_short": too_short, "recorded": recorded}
    return None


def _spec_script(spec: dict) -> str:
    text = json.dumps(spec, ensure_ascii=False, allow_nan=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" class="selfcheck-spec">{text}</script>'


def _button(label: str = "Check") -> str:
    return f'<button type="submit" class="selfcheck-check">{label}</button>'


def _numeric_controls(ex: Numeric, uid: str) -> str:
    how = prompt_unit(ex.unit) + ("" if ex.unit in ("dimensionless", "percent") else "; a unit is optional")
    return (f'<label for="{uid}-input" class="selfcheck-label">Your answer ({html.escape(how)})</label>'
            f'<span class="selfcheck-row"><input type="text" id="{uid}-input" class="selfcheck-input" '
            f'autocomplete="off" spellcheck="false" aria-describedby="{uid}-prompt">{_button()}</span>')


def _choice_controls(ex: Choice, uid: str) -> str:
    kind = "checkbox" if ex.multiple else "radio"
    legend = "Your answer: choose all that apply" if ex.multiple else "Your answer: choose one"
    options = "".join(
        f'<label class="selfcheck-choice"><input type="{kind}" class="selfcheck-option" name="{uid}-choice" '
        f'value="{LETTERS[i]}"> {LETTERS[i]}. {html.escape(option)}</label>' for i, option in enumerate(ex.options))
    return f'<fieldset class="selfcheck-fieldset"><legend>{legend}</legend>{options}</fieldset>{_button()}'


def _ordering_controls(ex: Ordering, uid: str) -> str:
    items = []
    for i, text in enumerate(ex.presented()):
        name = html.escape(text)
        items.append(f'<li data-letter="{LETTERS[i]}"><span class="order-text">{LETTERS[i]}. {name}</span>'
                     f'<span class="order-buttons"><button type="button" class="order-up" aria-label="Move up: {name}">'
                     f'↑ Up</button><button type="button" class="order-down" aria-label="Move down: {name}">'
                     f'↓ Down</button></span></li>')
    return (f'<p class="selfcheck-label" id="{uid}-order-label">Your order, first at the top (use the Up and '
            f'Down buttons):</p><ol class="selfcheck-order" aria-labelledby="{uid}-order-label">{"".join(items)}</ol>'
            f'<p class="selfcheck-moved visually-hidden" aria-live="polite"></p>{_button()}')


def _matching_controls(ex: Matching, uid: str) -> str:
    options = '<option value="">— choose —</option>' + "".join(
        f'<option value="{LETTERS[j]}">{LETTERS[j]}. {html.escape(r)}</option>' for j, r in enumerate(ex.right))
    rows = "".join(
        f'<div class="selfcheck-match-row"><label for="{uid}-m{i + 1}">{i + 1}. {html.escape(left)}</label>'
        f'<select id="{uid}-m{i + 1}" class="selfcheck-match" data-left="{i + 1}">{options}</select></div>'
        for i, left in enumerate(ex.left))
    return f'<fieldset class="selfcheck-fieldset"><legend>Your answer: match each item</legend>{rows}</fieldset>{_button()}'


def _free_text_controls(ex: FreeText, uid: str) -> str:
    rubric = "".join(f"<li>{html.escape(r)}</li>" for r in ex.rubric)
    return (f'<label for="{uid}-input" class="selfcheck-label">Your explanation (at least {ex.min_words} words)'
            f'</label><textarea id="{uid}-input" class="selfcheck-input" rows="5"></textarea>{_button("Submit")}'
            f'<div class="selfcheck-rubric" hidden><p><strong>Rubric: a good answer</strong></p><ul>{rubric}</ul></div>')


def _code_cases(ex: Code) -> str:
    cases = ex.cases(None)
    results = ["raises ValueError" if "raises" in want else f"{want['value']:.6g}"
               for want in ex.expected_outputs(cases)]
    rows = "".join(
        f"<tr><td><code>{html.escape(ex.function_name)}({html.escape(', '.join(repr(a) for a in args))})</code></td>"
        f"<td>{result}</td></tr>" for args, result in zip(cases, results))
    return (f"<details class='selfcheck-cases'><summary>Test cases: what a correct "
            f"<code>{html.escape(ex.function_name)}</code> returns</summary>"
            f"<div class='pst-scrollable-table-container'><table><thead><tr><th scope='col'>Call</th>"
            f"<th scope='col'>A correct function gives</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div><p>Run your function on these calls (in a notebook, or on paper) and "
            f"compare. In a live notebook, <code>ex.ask(\"{html.escape(ex.id)}\", answer={html.escape(ex.function_name)})"
            f"</code> also tests fresh random inputs.</p></details>")


CONTROLS = {Numeric: _numeric_controls, Choice: _choice_controls, Ordering: _ordering_controls,
            Matching: _matching_controls, FreeText: _free_text_controls}


def self_check_html(ex: Exercise) -> str:
    """HTML for the book: the question, a working self-check for its type, hints, points."""
    uid = "sc-" + ex.id.replace(".", "-")
    eid = html.escape(ex.id)
    head = (f'<div class="course-exercise" id="exercise-{eid}" data-exercise="{eid}" data-kind="{ex.kind}" '
            f'data-chapter="{html.escape(ex.chapter)}" data-book-version="{html.escape(book_version())}">'
            f'<p class="exercise-title"><strong>{html.escape(ex.heading())}</strong> '
            f'({ex.points:g} point{"s" if ex.points != 1 else ""}) <small class="exercise-id">{eid}</small>'
            f'<br><em>{html.escape(ex.objective)}</em></p>'
            f'<p class="exercise-prompt" id="{uid}-prompt">{html.escape(ex.text())}</p>')
    body = ""
    controls = next((make for cls, make in CONTROLS.items() if isinstance(ex, cls)), None)
    if controls is not None:
        body = (f'<form class="selfcheck" onsubmit="return false;">{controls(ex, uid)}</form>'
                f'<div class="selfcheck-feedback" role="status" aria-live="polite"></div>'
                + _spec_script(judging_spec(ex)))
    elif isinstance(ex, Code):
        body = _code_cases(ex)
    hints = ""
    for i, hint in enumerate(ex.hint_texts()):
        hints += f"<details class='exercise-hint'><summary>Hint {i + 1}</summary><p>{html.escape(hint)}</p>"
    hints += "</details>" * len(ex.hints)
    return head + body + hints + "</div>"


def progress_catalogue(chapters: list[str] | None = None) -> dict:
    """chapter -> [{id, points, scored}] for the progress panel (free text and code: not self-scored)."""
    out: dict[str, list] = {}
    for ex in registry.all_exercises().values():
        if chapters is None or ex.chapter in chapters:
            scored = isinstance(ex, tuple(c for c in CONTROLS if c is not FreeText))
            out.setdefault(ex.chapter, []).append({"id": ex.id, "points": ex.points, "scored": scored})
    return dict(sorted(out.items(), key=lambda kv: int(kv[0][2:])))


def progress_panel_html(chapters: list[str] | None = None) -> str:
    """The kernel-free progress panel: points per chapter from this browser's saved answers.

    ``chapters=None`` lists every chapter (for the landing page, see ``bookext.PROGRESS_PLACEHOLDER``).
    """
    catalogue = json.dumps(progress_catalogue(chapters), separators=(",", ":"))
    scope = "this chapter" if chapters and len(chapters) == 1 else "the course"
    return (f'<div class="course-progress" data-book-version="{html.escape(book_version())}">'
            f'<p><strong>Your progress in {scope}: <span class="progress-total">0 points</span></strong> '
            f'(self-checks in this browser; nothing leaves it).</p>'
            f'<div class="pst-scrollable-table-container"><table class="progress-table"><thead><tr>'
            f'<th scope="col">Chapter</th><th scope="col">Points</th>'
            f'<th scope="col">Exercises answered</th></tr></thead><tbody></tbody></table></div>'
            f'<button type="button" class="progress-clear">Clear my answers</button> '
            f'<span class="progress-status" role="status" aria-live="polite"></span>'
            f'<script type="application/json" class="progress-catalogue">{catalogue}</script></div>')
