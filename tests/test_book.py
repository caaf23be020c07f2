"""The real book: builds clean, stays offline, shows no worked solutions, offers its notebooks."""

import pytest

from bookext import pages
from conftest import toc_pages
from helpers import ROOT, external_resources

pytestmark = pytest.mark.book
CHAPTERS = [p for p in toc_pages() if p.startswith("chapters/")]


def test_book_builds_without_warnings(built_book):
    _, result = built_book
    assert [line for line in result.stderr.splitlines() if "WARNING:" in line] == []


def test_every_toc_page_is_built(built_book):
    html_dir, _ = built_book
    for page in toc_pages():
        assert (html_dir / f"{page}.html").is_file(), page
    assert len(CHAPTERS) >= 1


def test_no_page_loads_anything_from_another_host(built_book):
    html_dir, _ = built_book
    for page in html_dir.rglob("*.html"):
        assert external_resources(page.read_text(encoding="utf-8")) == [], page


def test_plotly_only_where_figures_are(built_book):
    html_dir, _ = built_book
    for page in html_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert ("plotly/plotly.min.js" in html) == ("plotly-graph-div" in html), page


def test_chapters_carry_figures_and_self_checks(built_book):
    """Over a chapter's pages; each page with a self-check loads the script that answers it."""
    html_dir, _ = built_book
    for chapter in pages.chapters():
        if not chapter.doc.startswith("chapters/"):
            continue
        htmls = [(html_dir / f"{doc}.html").read_text(encoding="utf-8") for doc in chapter.pages]
        assert sum(h.count("<figcaption>") for h in htmls) >= 2, chapter  # ch3's third "widget" is its claim checker
        assert sum(h.count('class="course-exercise"') for h in htmls) >= 6, chapter
        assert all("_static/course/selfcheck.js" in h for h in htmls if 'class="course-exercise"' in h)


def test_no_worked_solution_reaches_the_public_book(built_book):
    """Sources, downloads and pages: hints and self-checks yes, worked solutions no."""
    from exercises import registry

    html_dir, _ = built_book
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in html_dir.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".ipynb", ".txt", ".md", ".py", ".js"))
    text += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "chapters").rglob("*") if p.is_file())
    for ex in registry.all_exercises().values():
        for line in ex.solution_text().splitlines():
            if len(line.strip()) > 25:
                assert line.strip() not in text, ex.id


def test_every_chapter_page_offers_its_chapters_notebook_for_download(built_book):
    """Launch buttons and the Colab cell are tested in test_publish.py (they follow _config.yml)."""
    html_dir, _ = built_book
    for page in CHAPTERS:
        chapter = pages.chapter_of(page)
        html = (html_dir / f"{page}.html").read_text(encoding="utf-8")
        assert f'href="../_sources/{chapter.doc}.ipynb"' in html, page
        assert (html_dir / "_sources" / f"{chapter.doc}.ipynb").read_bytes() == chapter.notebook().read_bytes()


def test_landing_page_says_it_is_not_medical_advice(built_book):
    html_dir, _ = built_book
    html = (html_dir / "intro.html").read_text(encoding="utf-8")
    assert "not medical advice" in html
    for words in ("Read the book", "Run it live", "In class", "How exercises work"):
        assert words in html
