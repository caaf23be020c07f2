"""The book's self-checks in Chromium, on generated pages (no chapter prose): visible and keyboard-operable
controls, feedback announced, every exercise type usable, progress kept across reloads and pages.
Screenshots go to $COURSE_SHOTS (default: the test's temporary folder)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from exercises import registry
from helpers import ROOT, launch_chromium, open_offline, serve
from selfcheck_page import MATCHING, page_exercises, write_page

pytestmark = pytest.mark.browser
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"

CONTRAST = """el => {
  const lum = c => { const v = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(x => x / 255)
      .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const ratio = (a, b) => { const [h, l] = [lum(a), lum(b)].sort((x, y) => y - x); return (h + 0.05) / (l + 0.05); };
  const s = getComputedStyle(el);
  let bg = s.backgroundColor;
  return {text: ratio(s.color, bg), border: ratio(s.borderTopColor, 'rgb(255, 255, 255)'),
          borderWidth: parseFloat(s.borderTopWidth), fontSize: parseFloat(s.fontSize)};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("selfcheck")
    write_page(folder, "all", page_exercises(), panel_chapters=None, title="Every self-check")
    write_page(folder, "ch1", registry.chapter("ch1"), panel_chapters=["ch1"], title="Chapter 1")
    write_page(folder, "ch2", registry.chapter("ch2"), panel_chapters=["ch2"], title="Chapter 2")
    write_page(folder, "landing", [], panel_chapters=None, title="Landing page")
    base, server = serve(folder)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield base, browser
        browser.close()
    server.shutdown()


def _block(page, exercise_id):
    return page.locator(f'.course-exercise[data-exercise="{exercise_id}"]')


def test_the_answer_box_is_visible_labelled_and_bordered(site):
    base, browser = site
    page, outside, errors = open_offline(browser, f"{base}/all.html")
    for field in page.locator(".selfcheck-input, select.selfcheck-match").all():
        c = field.evaluate(CONTRAST)
        assert c["text"] >= 4.5 and c["border"] >= 3 and c["borderWidth"] >= 1, c
        label = field.evaluate("el => el.labels && el.labels.length ? el.labels[0].textContent : ''")
        assert label.strip(), field.get_attribute("id")
    for box in page.locator(".selfcheck-feedback").all():
        assert box.get_attribute("aria-live") == "polite" and box.get_attribute("role") == "status"
    assert outside == [] and errors == []
    page.context.close()


def test_prompts_read_naturally(site):
    base, browser = site
    page, _, _ = open_offline(browser, f"{base}/all.html")
    labels = page.locator(".selfcheck-label").all_inner_texts()
    assert "Your answer (in days; a unit is optional)" in labels
    assert "Your answer (as a plain number)" in labels and "Your answer (in %)" in labels
    text = page.locator("main").inner_text()
    assert "in day)" not in text and "in a plain number" not in text
    for block in page.locator('.course-exercise[data-kind="choice"]').all():
        assert block.inner_text().count("all that apply") <= 2  # the prompt's own words and the legend at most
        assert "(Select all that apply.)" not in block.inner_text()
    page.context.close()


def test_keyboard_only_use_of_every_control_type(site):
    base, browser = site
    page, outside, errors = open_offline(browser, f"{base}/all.html")
    ex = registry.get("ch1.steady-state-days")
    block = _block(page, ex.id)
    block.locator("input.selfcheck-input").focus()
    page.keyboard.type(f"{ex.expected() * 24:.2f} h")
    page.keyboard.press("Enter")
    assert block.locator(".selfcheck-feedback").get_attribute("data-status") == "correct"
    # ordering: Tab to an Up button, press Space and Enter; the item moves and keeps the focus
    ordering = registry.get("ch1.order-mechanism")
    block = _block(page, ordering.id)
    last = block.locator(".selfcheck-order > li").last
    text = last.locator(".order-text").inner_text()
    last.locator(".order-down").focus()
    page.keyboard.press("Shift+Tab")  # from Down back to Up, by keyboard
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    items = block.locator(".selfcheck-order > li .order-text").all_inner_texts()
    assert items.index(text) == len(items) - 3
    assert page.evaluate("document.activeElement.className") == "order-up"
    assert "now at position 2" in block.locator(".selfcheck-moved").inner_text()
    # single choice: arrow keys move between radio buttons, Enter on the button checks
    choice = registry.get("ch1.mirtazapine-vs-mianserin")
    block = _block(page, choice.id)
    block.locator("input.selfcheck-option").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    block.locator("button.selfcheck-check").focus()
    page.keyboard.press("Enter")
    assert block.locator(".selfcheck-feedback").get_attribute("data-status") == choice.judge("B").status
    assert block.locator(".selfcheck-message").inner_text() == choice.judge("B").message
    # matching: select options by keyboard
    block = _block(page, MATCHING.id)
    for i, letter in enumerate(["B", "A", "C"]):
        block.locator("select.selfcheck-match").nth(i).select_option(letter)
    block.locator("button.selfcheck-check").press("Enter")
    assert block.locator(".selfcheck-feedback").get_attribute("data-status") == "correct"
    assert outside == [] and errors == []
    page.context.close()


def test_code_shows_cases_and_free_text_shows_the_rubric_after_an_answer(site):
    base, browser = site
    page, _, errors = open_offline(browser, f"{base}/all.html")
    code = registry.get("ch1.code-occupancy")
    block = _block(page, code.id)
    block.locator("summary").first.click()
    rows = block.locator(".selfcheck-cases tbody tr")
    cases = code.cases(None)
    assert rows.count() == len(cases)
    want = code.expected_outputs(cases)
    for row, args, expected in zip(rows.all(), cases, want):
        cells = row.locator("td").all_inner_texts()
        assert cells[0] == f"{code.function_name}({', '.join(repr(a) for a in args)})"
        assert cells[1] == ("raises ValueError" if "raises" in expected else f"{expected['value']:.6g}")
    free = next(e for e in registry.all_exercises().values() if e.kind == "free-text")
    block = _block(page, free.id)
    rubric = block.locator(".selfcheck-rubric")
    assert not rubric.is_visible()
    block.locator("textarea").fill("too short")
    block.locator("button.selfcheck-check").click()
    assert block.locator(".selfcheck-message").inner_text() == free.judge("too short").message
    assert not rubric.is_visible()
    block.locator("textarea").fill(" ".join(["word"] * free.min_words))
    block.locator("button.selfcheck-check").click()
    assert rubric.is_visible() and free.rubric[0] in rubric.inner_text()
    assert errors == []
    page.context.close()


def _record_points(page):
    return {r.locator("td").nth(0).inner_text(): r.locator("td").nth(1).inner_text()
            for r in page.locator(".progress-table tbody tr").all()}


def test_progress_survives_reload_and_other_pages_and_can_be_cleared(site):
    base, browser = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/ch1.html")
    ex = registry.get("ch1.occupancy-h1")
    block = _block(page, ex.id)
    right = f"{ex.expected():.1f} %"
    block.locator("input.selfcheck-input").fill(right)
    block.locator("input.selfcheck-input").press("Enter")
    choice = registry.get("ch1.receptor-effect")
    _block(page, choice.id).locator("input.selfcheck-option").first.check()  # half right
    _block(page, choice.id).locator("button.selfcheck-check").click()
    partial = choice.judge(["A"]).score
    assert _record_points(page)["ch1"] == f"{ex.points + partial:g} of {sum(e.points for e in registry.chapter('ch1') if e.kind not in ('free-text', 'code')):g}"
    page.reload()
    block = _block(page, ex.id)
    assert block.locator("input.selfcheck-input").input_value() == right
    assert block.locator(".selfcheck-feedback").get_attribute("data-status") == "correct"
    assert "your saved answer" in block.locator(".selfcheck-feedback").inner_text()
    assert _block(page, choice.id).locator("input.selfcheck-option").first.is_checked()
    page.goto(f"{base}/ch2.html")
    assert _record_points(page) == {"ch2": f"0 of {sum(e.points for e in registry.chapter('ch2') if e.kind != 'free-text'):g}"}
    page.goto(f"{base}/landing.html")
    points = _record_points(page)
    chapters = {e.chapter for e in registry.all_exercises().values()}
    assert set(points) == chapters and points["ch1"].startswith(f"{ex.points + partial:g} of")
    page.goto(f"{base}/ch1.html")
    assert _block(page, ex.id).locator("input.selfcheck-input").input_value() == right
    page.locator(".progress-clear").click()
    assert _block(page, ex.id).locator("input.selfcheck-input").input_value() == ""
    assert _record_points(page)["ch1"].startswith("0 of")
    page.reload()
    assert _block(page, ex.id).locator("input.selfcheck-input").input_value() == ""
    keys = page.evaluate("Object.keys(localStorage)")
    assert all(not k.endswith(ex.id) for k in keys)
    context.close()


def test_no_serious_accessibility_issue_and_no_sideways_scroll_on_a_phone(site):
    base, browser = site
    page, _, errors = open_offline(browser, f"{base}/all.html", width=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [] and errors == []
    page.context.close()


SHOTS = {"numeric": ("ch1.steady-state-days", "3.2 weeks"), "choice": ("ch1.receptor-effect", None),
         "ordering": ("ch1.order-mechanism", None), "matching": (MATCHING.id, None)}


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_each_control(site, width, tmp_path):
    base, browser = site
    out = Path(os.environ.get("COURSE_SHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    page, _, errors = open_offline(browser, f"{base}/all.html", width=width)
    for kind, (exercise_id, typed) in SHOTS.items():
        block = _block(page, exercise_id)
        if kind == "numeric":
            block.locator("input.selfcheck-input").fill(typed)
        elif kind == "choice":
            block.locator("input.selfcheck-option").nth(0).check()
            block.locator("input.selfcheck-option").nth(2).check()
        elif kind == "ordering":
            block.locator(".order-up").nth(2).click()
        else:
            block.locator("select.selfcheck-match").nth(0).select_option("B")
        block.locator("button.selfcheck-check").click()
        if kind == "numeric":
            block.locator("input.selfcheck-input").fill("0.13 weeks")  # typed text visible in the shot
        assert block.bounding_box()["width"] <= width
        block.screenshot(path=str(out / f"{kind}-{width}.png"))
    assert errors == []
    page.context.close()
