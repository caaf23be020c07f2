"""Generate the notebooks students open from the chapters' MyST Markdown sources.

Why: an author edits one file per chapter (``chapters/NAME.md``), in Markdown with ``[[fact.id]]``
placeholders and MyST citations and admonitions. JupyterLab, Binder, Colab and a hub cannot run Sphinx,
so the notebook they open (``chapters/NAME.ipynb``, also what the editions and nbval use) is generated:
placeholders resolved to plain text, citations as author–year links to the book's bibliography page,
admonitions as plain Markdown quotes, a hidden Colab install cell first. It is executed so that nbval
has text outputs to compare; figure and form outputs, saved widget state and widget views are
dropped (see ``keep_compared_outputs``), so a second run writes the same bytes.

    python tools/refresh_notebooks.py [NAME ...]     # default: every source
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

from bookext import citations  # noqa: E402
from bookext.facts import resolve_prose  # noqa: E402

SOURCE_DIRS = [ROOT / "chapters", ROOT / "appendix", ROOT / "tests" / "fixtures"]
COLAB_TAG = "colab-install"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
IGNORE_TAG = "nbval-ignore-output"
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
ADMONITION = re.compile(r"^```\{(admonition|note|warning|tip|important|caution)\}[ \t]*(.*?)\n(.*?)^```[ \t]*$",
                        re.MULTILINE | re.DOTALL)
BOOK_LINK = re.compile(r"\]\((\.\./)?([\w/]+)\.md\)")


def sources() -> dict[Path, Path]:
    """Every MyST notebook source (a ``.md`` file with a jupytext header) and the notebook it makes."""
    found = {}
    for folder in SOURCE_DIRS:
        for path in sorted(folder.glob("*.md")):
            if path.read_text(encoding="utf-8").startswith("---\njupytext:"):
                found[path] = path.with_suffix(".ipynb")
    return found


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
    nb = jupytext.read(source)
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
