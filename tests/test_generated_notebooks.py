"""The notebooks students open are generated from the chapters' MyST sources, and read cleanly without
Sphinx: no raw MyST roles, directives or placeholders, nothing but code in code cells, and a second
`make refresh` changes nothing."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

from helpers import ROOT

spec = importlib.util.spec_from_file_location("refresh_notebooks", ROOT / "tools" / "refresh_notebooks.py")
refresh = importlib.util.module_from_spec(spec)
spec.loader.exec_module(refresh)

SOURCES = refresh.sources()
COURSE = [p for p in SOURCES if p.parent.name != "fixtures"]   # the fixture page tests rendering only
RAW_MYST = ["{cite", ":class:", "[[", "{admonition}", "{code-cell}", "{bibliography}", "{note}", "{warning}"]


def _texts(nb):
    """Markdown cells and the text outputs a reader sees (HTML of figures excluded: plotly JSON has [[)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            yield "markdown cell", cell.source
        for output in cell.get("outputs", []):
            for mime in ("text/markdown", "text/plain"):
                if mime in output.get("data", {}):
                    yield mime, output["data"][mime]
            if output.get("output_type") == "stream":
                yield "stream", output.get("text", "")


def test_every_chapter_and_the_appendix_make_one_notebook_each():
    """A chapter's notebook is named after its first page; its later pages make no notebook of their own."""
    from bookext import pages

    names = {p.relative_to(ROOT).as_posix() for p in SOURCES}
    assert {"chapters/ch1_alpha2_antagonism.md", "chapters/ch2_ssri_vs_mianserin.md",
            "chapters/ch3_rls_anxiety.md", "chapters/ch4_safety.md", "appendix/data_sources.md"} <= names
    later = {f"{doc}.md" for ch in pages.chapters() for doc in ch.pages[1:]}
    assert later and not later & names
    assert sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb")) == \
        sorted(f"{Path(ch.doc).name}.ipynb" for ch in pages.chapters() if ch.doc.startswith("chapters/"))
    assert not list((ROOT / "chapters").glob("src/*.py")), "chapters/src/*.py is gone: edit the .md sources"


@pytest.mark.parametrize("source", list(SOURCES), ids=lambda p: p.stem)
def test_committed_notebook_is_what_its_source_generates(source):
    """Every cell's source and tags as `make refresh` would write them (outputs come from execution)."""
    committed = nbformat.read(SOURCES[source], as_version=4)
    generated = refresh.notebook_from_source(source)
    assert [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in committed.cells] == \
           [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in generated.cells], \
        f"{SOURCES[source].name} is stale: run `make refresh`"


@pytest.mark.parametrize("source", list(SOURCES), ids=lambda p: p.stem)
def test_generated_notebook_shows_no_raw_myst(source):
    nb = nbformat.read(SOURCES[source], as_version=4)
    found = [(where, marker, text[max(0, text.find(marker) - 60): text.find(marker) + 60])
             for where, text in _texts(nb) for marker in RAW_MYST if marker in text]
    assert found == []


@pytest.mark.parametrize("source", COURSE, ids=lambda p: p.stem)
def test_generated_notebook_cites_author_year_with_links_to_the_bibliography(source):
    text = "\n".join(t for _, t in _texts(nbformat.read(SOURCES[source], as_version=4)))
    if refresh.book_url():   # published: author–year text linking to the book's bibliography
        labels = re.findall(r"\[([^\]]+ (?:\d{4}|n\.d\.)[a-z]?)\]\(https://[^)]+/bibliography\.html#ref-[a-z0-9-]+\)", text)
    else:                    # unpublished: the same author–year text, with nothing to link to yet
        labels = re.findall(r"\(([A-Z][^()]{1,80} (?:\d{4}|n\.d\.)[a-z]?)\)", text)
    assert labels, "no author–year citations"
    assert all("not retrieved" not in label for label in labels)


@pytest.mark.parametrize("source", COURSE, ids=lambda p: p.stem)
def test_code_cells_hold_code_not_prose(source):
    """No sentence inside a code string: a code cell with a long string literal is prose in disguise."""
    import ast

    nb = nbformat.read(SOURCES[source], as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code" or refresh.COLAB_TAG in cell.metadata.get("tags", []):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert len(node.value.split()) < 8, f"prose in a code cell: {node.value[:80]!r}"


@pytest.mark.parametrize("source", list(SOURCES), ids=lambda p: p.stem)
def test_generated_notebook_is_small_and_has_no_widget_state(source):
    path = SOURCES[source]
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata
    assert path.stat().st_size < 400_000, f"{path.name}: {path.stat().st_size} bytes"   # the appendix table is ~250 KB of text
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert refresh.WIDGET_VIEW_MIME not in output.get("data", {})


def test_unknown_placeholder_fails_with_did_you_mean():
    with pytest.raises(KeyError, match="did you mean.*mirtazapine.half_life_h"):
        refresh.plain_markdown("The half-life is [[mirtazapine.half_life]].", "https://example.org")


def test_refresh_twice_writes_the_same_bytes(tmp_path):
    source = ROOT / "tests" / "fixtures" / "fixture_nb.md"
    first, second = tmp_path / "first.ipynb", tmp_path / "second.ipynb"
    refresh.build(source, first)
    refresh.build(source, second)
    assert first.read_bytes() == second.read_bytes()
