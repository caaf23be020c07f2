"""Links and citations: every internal link and anchor resolves, every citation key exists, every
bibliography entry is cited somewhere, and no page is left out of the table of contents."""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pybtex.database
import pytest

from conftest import toc_pages
from helpers import ROOT

CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
BIB_KEYS = set(pybtex.database.parse_file(ROOT / "references.bib").entries.keys())
SKIP = {"_build", ".venv", "tests", "node_modules", "student-edition", "teacher-edition", "grading-out", "widgets",
        "exercises", "bookext", "tools"}


def _book_sources() -> list[Path]:
    return [p for p in ROOT.rglob("*") if p.suffix in (".md", ".ipynb") and not SKIP & set(p.relative_to(ROOT).parts)
            and not any(part.startswith(".") for part in p.relative_to(ROOT).parts) and p.name != "README.md"
            and "src" not in p.relative_to(ROOT).parts]


def _cited_keys() -> dict[str, set[str]]:
    """Keys cited in the MyST sources (roles, and placeholders resolved as the book resolves them) and
    in the generated notebooks' Markdown outputs (author–year links to the bibliography's anchors)."""
    from bookext.facts import resolve_prose
    from widgets.text import anchor

    from widgets.text import citation_labels

    by_anchor = {anchor(k): k for k in BIB_KEYS}
    by_label = {k: v for k, v in citation_labels()["labels"].items() if k in BIB_KEYS}
    cited: dict[str, set[str]] = {}

    def add(key, path):
        cited.setdefault(key.strip(), set()).add(str(path.relative_to(ROOT)))

    for path in _book_sources():
        if path.suffix == ".md":
            for match in CITE.finditer(resolve_prose(path.read_text(encoding="utf-8"), "myst")):
                for key in match.group(1).split(","):
                    add(key, path)
            continue
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                text = out.get("data", {}).get("text/markdown", "")
                for found in re.findall(r"bibliography\.html#(ref-[a-z0-9-]+)", text):
                    add(by_anchor.get(found, found), path)
                for key, label in by_label.items():   # unpublished: plain author–year text
                    if f"({label})" in text or f"[{label}]" in text:
                        add(key, path)
    return cited


def test_every_cited_key_exists_in_references_bib():
    missing = {k: sorted(v) for k, v in _cited_keys().items() if k not in BIB_KEYS}
    assert missing == {}


def test_every_bibliography_entry_is_cited_somewhere():
    uncited = sorted(BIB_KEYS - set(_cited_keys()))
    assert uncited == []


def test_every_data_source_is_in_references_bib():
    from widgets import data

    sources = {f.source for f in data.all_facts().values()} | {a.source for a in data.affinities()}
    assert sorted(sources - BIB_KEYS) == []


def test_no_page_is_orphaned_from_the_table_of_contents():
    in_toc = set(toc_pages())
    pages = {str(p.relative_to(ROOT).with_suffix("")) for p in _book_sources()}
    assert sorted(pages - in_toc) == []


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.book
def test_every_internal_link_and_anchor_resolves(built_book):
    html_dir, _ = built_book
    pages = {p: _parse(p) for p in html_dir.rglob("*.html") if "_static" not in p.parts}
    broken = []
    for page, parsed in pages.items():
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append((page.name, href))
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append((page.name, href))
    assert broken == []
