"""Generate the notebooks students open from the chapters' MyST Markdown sources.

Why: an author edits Markdown pages (``chapters/*.md``, a chapter's pages listed in ``_toc.yml``), with
``[[fact.id]]`` placeholders and MyST citations and admonitions. JupyterLab, Binder, Colab and a hub
cannot run Sphinx, so the notebook they open (one per chapter, ``chapters/NAME.ipynb`` after its first
page; also what the editions, the grader and nbval use) is generated: the chapter's pages in order (a
later page's title and repeated setup cell left out, see ``bookext.pages``), placeholders resolved to
plain text, citations as author–year links to the book's bibliography page, admonitions as plain
Markdown quotes, a hidden Colab install cell first. It is executed so that nbval
has text outputs to compare; figure and form outputs, saved widget state and widget views are
dropped (see ``keep_compared_outputs``), so a second run writes the same bytes.

    python tools/refresh_notebooks.py [NAME ...]     # default: every chapter (NAME: its first page)
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bookext import citations, pages  # noqa: E402
from bookext.facts import resolve_prose  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
COLAB_TAG = "colab-install"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
IGNORE_TAG = "nbval-ignore-output"
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
ADMONITION = re.compile(r"^```\{(admonition|note|warning|tip|important|caution)\}[ \t]*(.*?)\n(.*?)^```[ \t]*$",
                        re.MULTILINE | re.DOTALL)
BOOK_LINK = re.compile(r"\]\((\.\./)?([\w/]+)\.md\)")


def _is_notebook_source(path: Path) -> bool:
    return path.read_text(encoding="utf-8").startswith("---\njupytext:")


def sources() -> dict[Path, Path]:
    """Each chapter's first page (a MyST ``.md`` with a jupytext header) and the notebook it makes, plus
    the test fixtures' pages."""
    firsts = [ch.sources(ROOT)[0] for ch in pages.chapters(ROOT)]
    found = [p for p in firsts + sorted(FIXTURES.glob("*.md")) if p.is_file() and _is_notebook_source(p)]
    return {path: path.with_suffix(".ipynb") for path in found}


def chapter_pages(source: Path) -> list[Path]:
    """The pages whose cells make ``source``'s notebook: its chapter's pages, or the page alone."""
    doc = source.relative_to(ROOT).with_suffix("").as_posix()
    chapter = pages.chapter_of(doc, ROOT)
    return chapter.sources(ROOT) if chapter else [source]


def later_page_cells(nb) -> list:
    """A later page's cells in its chapter's notebook: without the page's title (book navigation) and
    without its copy of the chapter's setup cell."""
    cells = [c for c in nb.cells if pages.SETUP_TAG not in c.metadata.get("tags", [])]
    first = cells[0] if cells else None
    if first is not None and first.cell_type == "markdown" and first.source.startswith("# "):
        first.source = first.source.partition("\n")[2].strip()
        if not first.source:
            cells = cells[1:]
    return cells


def book_url() -> str:
    """The published book (GitHub Pages of the configured repository), or "" while it is unpublished:
    then citations are plain author–year text without links."""
    from bookext import publish

    return publish.book_url()


def colab_cell() -> nbformat.NotebookNode:
    from bookext import publish

    cell = nbformat.v4.new_code_cell(publish.colab_cell_source())
    cell.metadata["tags"] = [COLAB_TAG, "remove-cell"]
    return cell


def _cite(match: re.Match) -> str:
    from widgets.text import citation

    keys = [k.strip() for k in match.group(1).split(",")]
    return "; ".join(citation(k, "notebook") for k in keys).replace(")); ([", "); [")


def _admonition(match: re.Match) -> str:
    kind, title, body = match.groups()
    body = "\n".join(line for line in body.splitlines() if not line.startswith(":class:"))
    heading = title.strip() or kind.capitalize()
    quoted = "\n".join(f"> {line}".rstrip() for line in body.strip().splitlines())
    return f"> **{heading}**\n>\n{quoted}"


def plain_markdown(text: str, base_url: str) -> str:
    """MyST prose as Markdown that JupyterLab and Colab render without extensions."""
    text = resolve_prose(text, "notebook")
    text = CITE_ROLE.sub(_cite, text)
    text = ADMONITION.sub(_admonition, text)
    if not base_url:   # unpublished: links keep pointing at the page sources next to the notebook
        return text
    return BOOK_LINK.sub(lambda m: f"]({base_url}/{m.group(2)}.html)", text)


def notebook_from_source(source: Path) -> nbformat.NotebookNode:
    first, *later = chapter_pages(source)
    nb = jupytext.read(first)
    for page in later:
        nb.cells += later_page_cells(jupytext.read(page))
    base = book_url()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = plain_markdown(cell.source, base)
    nb.cells.insert(0, colab_cell())
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python"}}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{source.stem[:20]}-{i:03d}"   # stable ids: a second run changes nothing
    return nb


def keep_compared_outputs(nb) -> None:
    """Keep only the outputs nbval compares: text and numbers. Figures, widgets and exercise forms
    (cells tagged ``nbval-ignore-output``) are 60–150 KB of HTML each that a student regenerates by
    running the cell, and saved widget state is megabytes; committing them would bury every real
    change in the diff."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if IGNORE_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW_MIME, None)


def build(source: Path, target: Path) -> float:
    nb = notebook_from_source(source)
    start = time.perf_counter()
    from bookext import encrypt_kernel_transport

    encrypt_kernel_transport()
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(target.parent)}}).execute()
    elapsed = time.perf_counter() - start
    keep_compared_outputs(nb)
    nbformat.write(nb, target)
    return elapsed


def main(names: list[str]) -> int:
    base = book_url()
    if citations.write_citations_json(base + "/bibliography.html" if base else ""):
        print("widgets/data/citations.json: updated from references.bib")
    found = sources()
    chosen = [s for s in found if not names or s.stem in names]
    if not chosen:
        print(f"no notebook source matches {names}; known: {[s.stem for s in found]}")
        return 2
    for source in chosen:
        seconds = build(source, found[source])
        print(f"{found[source].relative_to(ROOT)}: generated from {source.name}, executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
