"""The built book in headless Debian Chromium, served on 127.0.0.1 with every other host blocked:
pages load cleanly, figures render and react, self-checks answer, phones do not scroll sideways,
and axe-core finds no serious or critical accessibility problem."""
import re
import shutil

import pytest

from conftest import toc_pages
from helpers import ROOT, open_offline

pytestmark = pytest.mark.browser
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = toc_pages()
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_offline_with_no_console_errors(site, page_path):
    base, browser = site
    page, outside, errors = open_offline(browser, f"{base}/{page_path}.html")
    page.wait_for_timeout(500)
    assert outside == [] and errors == []
    page.context.close()


def _figure_state(page, index):
    return page.evaluate("""i => { const gd = document.querySelectorAll('.js-plotly-plot')[i];
        return JSON.stringify(gd.data.map(t => [t.visible, t.x, t.y])); }""", index)


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_every_figure_renders_and_every_control_changes_it(site, page_path):
    base, browser = site
    page, outside, errors = open_offline(browser, f"{base}/{page_path}.html")
    page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=15000)
    figures = page.locator(".js-plotly-plot")
    assert figures.count() >= 2
    for i in range(figures.count()):
        fig = figures.nth(i)
        fig.evaluate("el => el.scrollIntoView({block: 'center'})")  # clear of the sticky header
        page.wait_for_timeout(100)
        assert fig.locator("svg.main-svg").count() >= 1
        rail = fig.locator(".slider-rail-rect")
        if rail.count():
            before = _figure_state(page, i)
            box = rail.first.bounding_box()
            # click the end of the rail that the slider is not on
            for x in (box["x"] + box["width"] - 2, box["x"] + 2):
                page.mouse.click(x, box["y"] + box["height"] / 2)
                page.wait_for_timeout(150)
                if _figure_state(page, i) != before:
                    break
            assert _figure_state(page, i) != before, f"slider of figure {i} changed nothing"
        menu = fig.locator(".updatemenu-header-group")
        if menu.count():
            before = _figure_state(page, i)
            menu.first.evaluate("el => el.scrollIntoView({block: 'center'})")
            active = page.evaluate("i => document.querySelectorAll('.js-plotly-plot')[i].layout.updatemenus[0]"
                                   ".active || 0", i)
            page.mouse.move(0, 0)
            page.wait_for_timeout(200)
            other = fig.locator(".updatemenu-dropdown-button, .updatemenu-button").nth(0 if active else 1)
            for _ in range(3):  # a click right after a slider drag can be swallowed: open until it shows
                menu.first.click()
                try:
                    other.wait_for(timeout=2000)
                    break
                except Exception:
                    continue
            other.click()
            page.wait_for_timeout(150)
            assert _figure_state(page, i) != before, f"menu of figure {i} changed nothing"
    assert outside == [] and errors == []
    page.context.close()


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_every_static_self_check_answers(site, page_path):
    """Each self-check in the chapter answers through its own controls, as the engine would."""
    from exercises import registry
    from exercises.core import Choice, Numeric, Ordering

    base, browser = site
    page, outside, errors = open_offline(browser, f"{base}/{page_path}.html")
    blocks = page.locator(".course-exercise")
    checked = 0
    for i in range(blocks.count()):
        block = blocks.nth(i)
        ex = registry.get(block.get_attribute("data-exercise"))
        feedback = block.locator(".selfcheck-feedback")
        block.scroll_into_view_if_needed()
        if isinstance(ex, Numeric):
            field = block.locator("input.selfcheck-input")
            for typed in (f"{ex.expected() * 1.7 + 13:.6g}", "15 furlongz", f"{ex.expected()!r}"):
                field.fill(typed)
                field.press("Enter")
                assert feedback.get_attribute("data-status") == ex.judge(typed).status, (ex.id, typed)
                assert block.locator(".selfcheck-message").inner_text() == ex.judge(typed).message
            checked += 1
        elif isinstance(ex, Choice):
            for j in ex.correct:
                block.locator("input.selfcheck-option").nth(j).check()
            block.locator("button.selfcheck-check").click()
            assert feedback.get_attribute("data-status") == "correct", ex.id
            checked += 1
        elif isinstance(ex, Ordering):
            shown = ex.presented()
            for target, item in enumerate(ex.items):  # move each item up to its place with the Up buttons
                li = block.locator(".selfcheck-order > li", has_text=item)
                while li.evaluate("el => Array.from(el.parentNode.children).indexOf(el)") > target:
                    li.locator(".order-up").click()
            assert len(shown) == block.locator(".selfcheck-order > li").count()
            block.locator("button.selfcheck-check").click()
            assert feedback.get_attribute("data-status") == "correct", ex.id
            checked += 1
    assert checked >= 6
    assert outside == [] and errors == []
    page.context.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_no_sideways_scrolling_on_a_phone(site, page_path):
    base, browser = site
    page, outside, errors = open_offline(browser, f"{base}/{page_path}.html", width=375)
    page.wait_for_timeout(800)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, f"{page_path} is {width}px wide at a 375px viewport"
    for fig in page.locator(".js-plotly-plot").all():
        assert fig.bounding_box()["width"] <= 375
    page.context.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(site, page_path):
    base, browser = site
    page, outside, errors = open_offline(browser, f"{base}/{page_path}.html")
    page.wait_for_timeout(800)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []
    page.context.close()


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_every_figure_has_a_caption(site, page_path):
    base, browser = site
    page, _, _ = open_offline(browser, f"{base}/{page_path}.html")
    for fig in page.locator(".js-plotly-plot").all():
        caption = fig.evaluate("el => (el.closest('figure') && el.closest('figure').querySelector('figcaption'))"
                               " ? el.closest('figure').querySelector('figcaption').textContent : ''")
        assert len(caption) > 40
    page.context.close()


def test_answers_survive_a_reload_and_a_visit_to_another_chapter(site):
    from exercises import registry
    from exercises.core import Numeric

    base, browser = site
    page, outside, errors = open_offline(browser, f"{base}/{CHAPTERS[0]}.html")
    block = next(b for b in page.locator(".course-exercise").all()
                 if isinstance(registry.get(b.get_attribute("data-exercise")), Numeric))
    ex = registry.get(block.get_attribute("data-exercise"))
    field = block.locator("input.selfcheck-input")
    field.fill(f"{ex.expected()!r}")
    field.press("Enter")
    panel = page.locator(".course-progress")
    assert panel.count() == 1 and panel.locator(".progress-total").inner_text().startswith(f"{ex.points:g} of")
    page.reload()
    assert page.locator(f'.course-exercise[data-exercise="{ex.id}"] .selfcheck-feedback').get_attribute(
        "data-status") == "correct"
    page.goto(f"{base}/{CHAPTERS[1]}.html")
    page.goto(f"{base}/{CHAPTERS[0]}.html")
    block = page.locator(f'.course-exercise[data-exercise="{ex.id}"]')
    assert block.locator("input.selfcheck-input").input_value() == f"{ex.expected()!r}"
    assert block.locator(".selfcheck-feedback").get_attribute("data-status") == "correct"
    assert outside == [] and errors == []
    page.context.close()
