"""Parity in real Chromium: for every exercise, the book's self-check and the Python engine give the same
status, score and message on a generated corpus of answers; a change on one side alone is caught.

The page is generated from ``exercises.static`` (the HTML the book embeds) with the book's own assets,
so this test does not depend on chapter prose."""
from __future__ import annotations

import json

import pytest

from exercises.core import Numeric
from helpers import launch_chromium, open_offline, serve
from selfcheck_page import corpus, page_exercises, write_page

pytestmark = pytest.mark.browser
EXERCISES = page_exercises()

# Judge every answer with the spec the page itself contains, and through the page's own form for numbers.
PAGE_JUDGE = """([id, answers, mutate, viaForm]) => {
  const block = document.querySelector(`.course-exercise[data-exercise="${id}"]`);
  const spec = JSON.parse(block.querySelector('script.selfcheck-spec').textContent);
  if (mutate) { (new Function('spec', mutate))(spec); block.courseSpec = spec; }
  return answers.map(a => {
    if (!viaForm) { return courseSelfcheck.judge(spec, a); }
    block.querySelector('.selfcheck-input').value = a;
    block.querySelector('form.selfcheck').requestSubmit();
    const box = block.querySelector('.selfcheck-feedback');
    const strong = box.querySelector('strong').textContent;
    return {status: box.getAttribute('data-status'), message: box.querySelector('.selfcheck-message').textContent,
            label: strong};
  });
}"""


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parity")
    write_page(folder, "all", EXERCISES)
    base, server = serve(folder)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        pg, outside, errors = open_offline(browser, f"{base}/all.html")
        pg.wait_for_function("window.courseSelfcheck !== undefined")
        yield pg
        assert outside == [] and errors == []
        browser.close()
    server.shutdown()


def mismatches(page, ex, answers, mutate: str | None = None, via_form: bool = False) -> list:
    got = page.evaluate(PAGE_JUDGE, [ex.id, answers, mutate, via_form])
    out = []
    for answer, js in zip(answers, got):
        py = ex.judge(answer)
        same = js["status"] == py.status and (py.status == "recorded" or js["message"] == py.message)
        if not via_form:
            same = same and js["score"] == py.score and js["points"] == py.points
        elif py.status not in ("invalid", "recorded"):
            same = same and f"({py.score:g}/{py.points:g})" in js["label"]
        if not same:
            out.append((answer, {"status": py.status, "message": py.message, "score": py.score}, js))
    return out


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.id)
def test_page_and_engine_judge_alike(page, ex):
    answers = corpus(ex)
    if not answers:  # a code exercise: the page shows cases, it judges nothing
        assert ex.kind == "code"
        return
    assert mismatches(page, ex, answers) == []
    if isinstance(ex, Numeric):
        assert mismatches(page, ex, answers, via_form=True) == []
        statuses = {ex.judge(a).status for a in answers}
        assert {"correct", "incorrect", "invalid"} <= statuses, ex.id  # the corpus probes every outcome


def _numeric(ex_id):
    return next(e for e in EXERCISES if e.id == ex_id)


def test_a_change_on_the_page_alone_is_caught(page):
    ex = _numeric("ch1.steady-state-days")
    answers = corpus(ex)
    plants = {
        "tolerance": "spec.judge.interval[1] = spec.judge.interval[1] * 1.001;",
        "message": "spec.units.messages.no_number = spec.units.messages.no_number.replace('Type', 'Enter');",
        "unit factor": "spec.units.factors.h = spec.units.factors.h * 1.0001;",
    }
    for name, js in plants.items():
        assert mismatches(page, ex, answers, mutate=js), f"a one-sided {name} change went unnoticed"
    assert mismatches(page, ex, answers) == []


def test_a_change_in_python_alone_is_caught(page, monkeypatch):
    from exercises import core, parsing

    ex = _numeric("ch1.occupancy-h1")
    answers = corpus(ex)
    monkeypatch.setattr(core, "tolerance_interval", lambda want, rel, abs_: (want - abs_ / 2, want + abs_ / 2))
    assert mismatches(page, ex, answers), "a Python-only tolerance change went unnoticed"
    monkeypatch.undo()
    monkeypatch.setitem(parsing.MESSAGES, "empty", "Nothing typed{where}.")
    assert mismatches(page, ex, answers), "a Python-only message change went unnoticed"
    monkeypatch.undo()
    parsing.unit_spec.cache_clear()
    monkeypatch.setitem(parsing.UNIT_SPELLINGS, "percent", "permille")
    try:
        assert mismatches(page, ex, answers), "a Python-only unit factor change went unnoticed"
    finally:
        monkeypatch.undo()
        parsing.unit_spec.cache_clear()
    assert mismatches(page, ex, answers) == []


def test_the_spec_is_the_public_variant_only():
    from exercises import registry
    from exercises.static import judging_spec

    ex = registry.get("ch1.occupancy-h1")
    spec = json.dumps(judging_spec(ex))
    low, high = judging_spec(ex)["judge"]["interval"]
    assert low <= ex.expected() <= high
    seeded = ex.expected(ex.params(7))
    assert not (low <= seeded <= high)  # a student's own variant is not given away by the public spec
    assert "solution" not in spec
