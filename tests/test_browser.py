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
    figures = page.locator(".js-plotly-plot")
    if page.locator(".plotly-graph-div").count():   # a chapter has figures (test_book); a page may have none
        page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=15000)
    assert figures.count() == page.locator(".plotly-graph-div").count()
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
    checked, answerable = 0, 0
    for i in range(blocks.count()):
        block = blocks.nth(i)
        ex = registry.get(block.get_attribute("data-exercise"))
        answerable += isinstance(ex, (Numeric, Choice, Ordering))
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
    assert checked == answerable   # a chapter has at least 6 self-checks over its pages (test_book)
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


def test_answers_survive_a_reload_and_count_on_the_chapters_last_page(site):
    """Answered on one of a chapter's pages, the answer is kept, and the progress panel on the chapter's
    last page (where the summary is) counts it; another chapter's page does not lose it."""
    from bookext import pages
    from exercises import registry
    from exercises.core import Numeric

    base, browser = site
    first, other = pages.chapters()[0], pages.chapters()[1]
    asked = next(doc for doc in first.pages if any(  # the chapter's first page with a numeric self-check
        isinstance(ex, Numeric) and f'data-exercise="{ex.id}"' in (ROOT / "_build" / "html" / f"{doc}.html").read_text()
        for ex in registry.chapter("ch1")))
    page, outside, errors = open_offline(browser, f"{base}/{asked}.html")
    block = next(b for b in page.locator(".course-exercise").all()
                 if isinstance(registry.get(b.get_attribute("data-exercise")), Numeric))
    ex = registry.get(block.get_attribute("data-exercise"))
    field = block.locator("input.selfcheck-input")
    field.fill(f"{ex.expected()!r}")
    field.press("Enter")
    page.reload()
    assert page.locator(f'.course-exercise[data-exercise="{ex.id}"] .selfcheck-feedback').get_attribute(
        "data-status") == "correct"
    assert asked != first.pages[-1]
    page.goto(f"{base}/{first.pages[-1]}.html")
    panel = page.locator(".course-progress")
    assert panel.count() == 1 and panel.locator(".progress-total").inner_text().startswith(f"{ex.points:g} of")
    page.goto(f"{base}/{other.pages[-1]}.html")
    assert page.locator(".course-progress .progress-total").inner_text().startswith("0 of")
    page.goto(f"{base}/{asked}.html")
    block = page.locator(f'.course-exercise[data-exercise="{ex.id}"]')
    assert block.locator("input.selfcheck-input").input_value() == f"{ex.expected()!r}"
    assert block.locator(".selfcheck-feedback").get_attribute("data-status") == "correct"
    assert outside == [] and errors == []
    page.context.close()


VISIBLE_FACTS = """() => [...document.querySelectorAll('.course-facts tbody tr')].filter(r => r.offsetParent !== null)
    .map(r => [r.cells[0].textContent.trim(), r.textContent.toLowerCase().replace(/[_\\-.·–]+/g, ' ')])"""


def test_the_data_appendix_finds_facts_by_words_and_by_status(site):
    from widgets.data import all_facts

    facts = all_facts()
    base, browser = site
    page, outside, errors = open_offline(browser, f"{base}/appendix/data_sources.html")
    groups = page.locator("details.course-fact-group")
    count = page.locator(".fact-filter-count")
    assert page.locator(".course-facts tbody tr").count() == len(facts)
    assert not any(g.evaluate("el => el.open") for g in groups.all())   # closed: a page a phone can scroll
    assert count.inner_text().startswith(f"{len(facts)} facts in {groups.count()} groups")

    page.fill("#fact-query", "Half-life mirtazapine")
    shown = page.evaluate(VISIBLE_FACTS)
    ids = {fid for fid, _ in shown}
    assert {f for f in facts if f.startswith("mirtazapine.") and "half_life" in f} <= ids
    assert all("half life" in text and "mirtazapine" in text for _, text in shown)
    assert count.inner_text() == f"{len(shown)} of {len(facts)} facts match" + (
        f", in {page.locator('details.course-fact-group:not([hidden])').count()} groups." if
        page.locator('details.course-fact-group:not([hidden])').count() > 1 else ".")

    page.fill("#fact-query", "")
    page.select_option("#fact-status", "U")
    assert {fid for fid, _ in page.evaluate(VISIBLE_FACTS)} == {f.id for f in facts.values() if f.status == "U"}

    page.fill("#fact-query", "zzqx no such fact")
    assert page.evaluate(VISIBLE_FACTS) == [] and count.inner_text().startswith("No fact matches")
    assert page.locator("details.course-fact-group:not([hidden])").count() == 0

    page.fill("#fact-query", "")
    page.select_option("#fact-status", "")
    assert page.locator(".course-facts tbody tr:not([hidden])").count() == len(facts)
    assert not any(g.evaluate("el => el.open || el.hidden") for g in groups.all())   # back as it was
    assert outside == [] and errors == []
    page.context.close()
