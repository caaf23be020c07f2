"""The foundation, proven on a fixture book (not in the table of contents): plotly figures render
offline, widgets show their static form, nothing loads from another host, and a failing notebook
fails the build."""
from __future__ import annotations

import json
import shutil

import pytest

from helpers import ROOT, CHROMIUM, external_resources, fixture_book, launch_chromium, make_book, open_offline, serve

pytestmark = pytest.mark.book
FIXTURE = (ROOT / "tests" / "fixtures" / "fixture_nb.md").read_text(encoding="utf-8")
# What the landing page (intro.md) contains to show every chapter's progress: one line of HTML.
LANDING = """# %% [markdown]
# # Landing
#
# <div class="course-progress" data-scope="all"></div>
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    book = fixture_book(tmp_path_factory.mktemp("fixture"), {"fixture_nb": FIXTURE, "landing": LANDING})
    result = make_book(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book / "_build" / "html", result


def test_build_has_no_warnings(built):
    _, result = built
    assert "build succeeded" in result.stdout
    sphinx_warnings = [line for line in result.stderr.splitlines() if "WARNING:" in line]
    assert sphinx_warnings == []


def test_plotly_figures_are_in_the_page(built):
    html = (built[0] / "fixture_nb.html").read_text(encoding="utf-8")
    assert html.count('class="plotly-graph-div"') == 2  # the plain figure and the explorer's static form
    assert "Plotly.newPlot" in html
    assert "Fixture explorer" in html and "<figcaption>" in html


def test_nothing_loads_from_another_host(built):
    for page in built[0].glob("*.html"):
        assert external_resources(page.read_text(encoding="utf-8")) == [], page.name


def test_plotly_js_is_local_and_only_where_needed(built):
    html_dir = built[0]
    assert (html_dir / "_static" / "plotly" / "plotly.min.js").stat().st_size > 1_000_000
    assert '_static/plotly/plotly.min.js' in (html_dir / "fixture_nb.html").read_text(encoding="utf-8")
    assert "plotly.min.js" not in (html_dir / "plain.html").read_text(encoding="utf-8")


def test_widgets_embed_no_state_and_bare_widgets_explain_themselves(built):
    html = (built[0] / "fixture_nb.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" not in html
    assert "require.min.js" not in html and "embed-amd" not in html
    assert "needs a running Python kernel" in html  # the bare IntSlider
    assert len(html) < 300_000


def test_figure_renders_in_chromium_with_outside_hosts_blocked(built):
    if not shutil.which("chromium") and not (CHROMIUM and shutil.os.path.exists(CHROMIUM)):
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    base, server = serve(built[0])
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page, outside, errors = open_offline(browser, f"{base}/fixture_nb.html")
            page.wait_for_selector("svg.main-svg", timeout=15000)
            assert page.locator("svg.main-svg").count() >= 6  # three per rendered figure
            assert outside == [] and errors == []
            browser.close()
    finally:
        server.shutdown()


RAISES = """# %% [markdown]
# # A notebook that fails

# %%
raise RuntimeError("deliberate failure")
"""


def test_a_failing_notebook_fails_make_book(tmp_path):
    book = fixture_book(tmp_path, {"broken": RAISES})
    result = make_book(book)
    assert result.returncode != 0
    assert "deliberate failure" in result.stdout + result.stderr


def test_every_exercise_has_a_kernel_free_self_check(built):
    import re

    from exercises import registry
    from exercises.static import judging_spec

    html = (built[0] / "fixture_nb.html").read_text(encoding="utf-8")
    shown = set(re.findall(r'data-exercise="(ch\d+\.[a-z0-9-]+)"', html))
    assert len(shown) >= 3
    for exercise_id in shown:
        block = html.split(f'data-exercise="{exercise_id}"', 1)[1].split('class="course-exercise"', 1)[0]
        assert 'class="selfcheck-spec"' in block, exercise_id  # the kernel-free checker's spec is here
        spec = json.loads(block.split('class="selfcheck-spec">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</"))
        assert spec == json.loads(json.dumps(judging_spec(registry.get(exercise_id))))
    assert html.count("_static/course/selfcheck.js") == 1 and "_static/course/selfcheck.css" in html
    assert (built[0] / "_static" / "course" / "selfcheck.js").exists()
    assert "selfcheck.js" not in (built[0] / "plain.html").read_text(encoding="utf-8")
    assert "jupyterquiz" not in html
    assert "Hint 1" in html


def test_the_landing_page_placeholder_becomes_a_progress_panel_for_every_chapter(built):
    from exercises import registry

    html = (built[0] / "landing.html").read_text(encoding="utf-8")
    assert 'data-scope="all"' not in html and 'class="course-progress"' in html
    catalogue = json.loads(html.split('class="progress-catalogue">', 1)[1].split("</script>", 1)[0])
    assert set(catalogue) == {ex.chapter for ex in registry.all_exercises().values()}
    assert "_static/course/selfcheck.js" in html and "Clear my answers" in html
