"""A chapter is several pages in the book and one notebook elsewhere (bookext/pages.py): the toc says which
pages, the notebook holds all of them once, the book lists them under each title and leads on with Next."""
from __future__ import annotations

import importlib.util
import re

import jupytext
import nbformat
import pytest

from bookext import pages
from helpers import ROOT

spec = importlib.util.spec_from_file_location("refresh_notebooks", ROOT / "tools" / "refresh_notebooks.py")
refresh = importlib.util.module_from_spec(spec)
spec.loader.exec_module(refresh)

CHAPTERS = [ch for ch in pages.chapters() if ch.doc.startswith("chapters/")]
MULTI = [ch for ch in CHAPTERS if len(ch.pages) > 1]


def _setup_cells(path):
    return [c.source for c in jupytext.read(path).cells if pages.SETUP_TAG in c.metadata.get("tags", [])]


def test_the_toc_gives_each_chapter_its_pages_in_reading_order(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: a/one\n        sections:\n          - file: a/two\n            sections:\n"
        "              - file: a/three\n          - file: a/four\n      - file: b/solo\n", encoding="utf-8")
    found = pages.chapters(tmp_path)
    assert [ch.pages for ch in found] == [("a/one", "a/two", "a/three", "a/four"), ("b/solo",)]
    assert found[0].notebook(tmp_path) == tmp_path / "a/one.ipynb"
    assert pages.chapter_of("a/three", tmp_path) == found[0]
    assert pages.chapter_of("intro", tmp_path) is None


def test_every_course_chapter_is_split_and_every_page_exists():
    assert len(MULTI) == len(CHAPTERS) == 4
    for ch in CHAPTERS:
        assert all(p.is_file() for p in ch.sources()), ch.pages
    assert len({p for ch in pages.chapters() for p in ch.pages}) == sum(len(ch.pages) for ch in pages.chapters())


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch.doc)
def test_objectives_come_first_and_the_summary_and_progress_last(chapter):
    texts = [p.read_text(encoding="utf-8") for p in chapter.sources()]
    assert "Learning objectives" in texts[0] and "Education, not medical advice" in texts[0]
    assert all("Learning objectives" not in t for t in texts[1:])
    assert "## Summary" in texts[-1] and "ex.progress()" in texts[-1] and "## References" in texts[-1]
    assert all("## Summary" not in t and "ex.progress()" not in t for t in texts[:-1])
    for text in texts:   # every page has one title, and its own copy of the chapter's setup
        assert len(re.findall(r"^# ", text, re.MULTILINE)) == 1


@pytest.mark.parametrize("chapter", MULTI, ids=lambda ch: ch.doc)
def test_later_pages_repeat_the_first_pages_setup_exactly(chapter):
    """The chapter notebook keeps only the first page's setup cell: that is lossless only if they agree."""
    first, *later = [_setup_cells(p) for p in chapter.sources()]
    assert len(first) == 1
    assert all(cells == first for cells in later), chapter.pages


@pytest.mark.parametrize("chapter", MULTI, ids=lambda ch: ch.doc)
def test_the_chapter_notebook_holds_every_page_once_without_page_titles(chapter):
    nb = nbformat.read(chapter.notebook(), as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert text.count("exercises.start(") == 1   # one setup cell: the editions write the student's seed there
    sections = [re.findall(r"^## .+$", p.read_text(encoding="utf-8"), re.MULTILINE) for p in chapter.sources()]
    found = re.findall(r"^## .+$", "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"),
                       re.MULTILINE)
    assert [refresh.plain_markdown(s, "") for page in sections for s in page] == found
    asked = [re.findall(r'ex\.ask\("([^"]+)"', p.read_text(encoding="utf-8")) for p in chapter.sources()]
    assert re.findall(r'ex\.ask\("([^"]+)"', text) == [a for page in asked for a in page]
    for page in chapter.sources()[1:]:
        title = re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.MULTILINE).group(1)
        assert f"# {title}\n" not in text + "\n"


def test_a_later_page_loses_its_title_and_setup_and_keeps_the_rest():
    page = jupytext.reads("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n---\n\n"
                          "# Page title\n\nA bridging sentence.\n\n```{code-cell}\n:tags: [remove-cell, page-setup]\n\n"
                          "import widgets as cw\n```\n\n## 1.2 Section\n\nText.\n", fmt="myst")
    cells = refresh.later_page_cells(page)
    assert [c.source for c in cells] == ["A bridging sentence.", "## 1.2 Section\n\nText."]


def test_a_setup_cell_that_differs_on_a_later_page_is_caught(tmp_path):
    chapter = MULTI[0]
    first = _setup_cells(chapter.sources()[0])
    planted = chapter.sources()[1].read_text(encoding="utf-8").replace("import exercises\n",
                                                                      "import exercises\nimport math\n", 1)
    (tmp_path / "page.md").write_text(planted, encoding="utf-8")
    assert _setup_cells(tmp_path / "page.md") != first


def test_page_labels_name_the_sections_each_page_holds():
    assert pages.label("2. When an SSRI has not worked", ["2. When an SSRI has not worked", "2.1 Two ways",
                                                          "2.2 Fluoxetine"], first=True) == "Objectives, 2.1–2.2"
    assert pages.label("The wider evidence", ["The wider evidence", "2.5 The wider evidence", "How to weigh them"],
                       first=False) == "2.5 The wider evidence"
    assert pages.label("Claim checker", ["Claim checker", "3.6 Claim checker", "Summary", "Your progress"],
                       first=False) == "3.6 Claim checker; summary"


def test_the_page_list_marks_the_current_page_and_links_the_others():
    ch = pages.Chapter(("c/one", "c/two", "c/three"))
    labels = {"c/one": "Objectives, 1.1", "c/two": "1.2 <Profiles>", "c/three": "1.3 PK; summary"}
    nav = pages.nav_html("c/two", ch, labels, lambda doc: doc.split("/")[1] + ".html")
    assert "Page 2 of 3 of this chapter" in nav
    assert '<li aria-current="page"><span>1.2 &lt;Profiles&gt;</span></li>' in nav
    assert '<a href="one.html">Objectives, 1.1</a>' in nav and '<a href="three.html">1.3 PK; summary</a>' in nav
    assert pages.nav_html("solo", pages.Chapter(("solo",)), {"solo": "x"}, str) == ""


def _built(html_dir, doc):
    return (html_dir / f"{doc}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter", MULTI, ids=lambda ch: ch.doc)
def test_each_built_page_lists_the_chapters_pages_and_next_leads_on(built_book, chapter):
    html_dir, _ = built_book
    for i, doc in enumerate(chapter.pages):
        html = _built(html_dir, doc)
        nav = re.search(r'<nav class="chapter-pages".*?</nav>', html, re.DOTALL)
        assert nav, doc
        assert f"Page {i + 1} of {len(chapter.pages)}" in nav.group(0)
        links = re.findall(r'<a href="([^"]+)">', nav.group(0))
        assert len(links) == len(chapter.pages) - 1
        assert all((html_dir / doc).parent.joinpath(link).resolve().is_file() for link in links), links
        assert nav.group(0).count('aria-current="page"') == 1
        nxt = re.search(r'<a class="right-next"\s+href="([^"]+)"', html)
        if i + 1 < len(chapter.pages):
            assert nxt and nxt.group(1) == f"{chapter.pages[i + 1].split('/')[-1]}.html", doc
    summary_page = _built(html_dir, chapter.pages[-1])
    assert 'class="course-progress"' in summary_page   # the chapter's score, over all its pages


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch.doc)
def test_the_pages_ask_the_banks_exercises_in_bank_order(chapter):
    """An exercise's number ("Exercise 1.8") is its place in the bank, so the pages must ask in that order."""
    from exercises import registry

    asked = [a for p in chapter.sources() for a in re.findall(r'ex\.ask\("([^"]+)"', p.read_text(encoding="utf-8"))]
    name = re.match(r"chapters/(ch\d+)_", chapter.doc).group(1)
    assert asked == [ex.id for ex in registry.chapter(name)]
