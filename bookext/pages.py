"""Which pages make a chapter: read once, from ``_toc.yml``.

Why: a chapter is several pages of readable length in the book (a phone reader finishes a page, then
follows **Next**), but one notebook on Binder, Colab or a hub, in an edition and in the grader (a student
submits one file per chapter). The table of contents is the one place that says which pages make a
chapter and in which order: a toc entry's ``file`` is the chapter's first page, and its ``sections`` are
the pages after it. The book (page links under each title, the download menu), ``make refresh`` (one
notebook per chapter, named after its first page) and the tests all read it here.

A later page repeats the chapter's setup cell (tag ``page-setup``) so that the book can execute it on
its own; the chapter notebook keeps only the first page's, and a test checks they are the same.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SETUP_TAG = "page-setup"


@dataclass(frozen=True)
class Chapter:
    pages: tuple[str, ...]   # docnames in reading order, e.g. ("chapters/ch1_alpha2_antagonism", ...)

    @property
    def doc(self) -> str:
        """The first page: the chapter's name, and its notebook's (``<doc>.ipynb``)."""
        return self.pages[0]

    def sources(self, root: Path = ROOT) -> list[Path]:
        return [root / f"{page}.md" for page in self.pages]

    def notebook(self, root: Path = ROOT) -> Path:
        return root / f"{self.doc}.ipynb"


def chapters(root: Path = ROOT) -> list[Chapter]:
    """Every toc entry after the landing page, with the pages of its ``sections`` (nested ones too)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries = list(toc.get("chapters") or [])
    for part in toc.get("parts") or []:
        entries += part.get("chapters") or []

    def flat(entry) -> list[str]:
        return [entry["file"]] + [page for section in entry.get("sections") or [] for page in flat(section)]

    return [Chapter(tuple(flat(entry))) for entry in entries if "file" in entry]


def chapter_of(doc: str, root: Path = ROOT) -> Chapter | None:
    """The chapter a page belongs to, or None for a page outside the toc's chapters (the landing page)."""
    return next((ch for ch in chapters(root) if doc in ch.pages), None)


# ---- in the book: the chapter's pages under each page's title --------------------------------------
SECTION_NUMBER = re.compile(r"^(\d+\.\d+)\s")


def label(title: str, headings: list[str], first: bool) -> str:
    """A page's name in the list: the sections it holds and its title, e.g. "2.3–2.4 The vendor page's
    table, re-analysed"; the first page is "Objectives, 2.1–2.2" (its title is the chapter's, shown
    above the list), and the page with the summary says so."""
    numbers = [m.group(1) for h in headings if (m := SECTION_NUMBER.match(h))]
    span = "–".join(dict.fromkeys([numbers[0], numbers[-1]])) if numbers else ""
    name = f"Objectives, {span}" if first and span else f"{span} {title}".strip()
    return name + ("; summary" if "Summary" in headings else "")


def nav_html(pagename: str, chapter: Chapter, labels: dict[str, str], uri_of) -> str:
    """``<nav>`` listing the chapter's pages, the current one marked; "" for a one-page chapter."""
    if len(chapter.pages) < 2:
        return ""
    items = []
    for page in chapter.pages:
        text = html.escape(labels[page])
        items.append(f'<li aria-current="page"><span>{text}</span></li>' if page == pagename
                     else f'<li><a href="{html.escape(uri_of(page))}">{text}</a></li>')
    where = chapter.pages.index(pagename) + 1
    return (f'<nav class="chapter-pages" aria-label="Pages of this chapter">'
            f'<p class="chapter-pages-where">Page {where} of {len(chapter.pages)} of this chapter</p>'
            f'<ol>{"".join(items)}</ol></nav>')


def _headings(env, doc: str) -> list[str]:
    from docutils import nodes

    return [ref.astext() for ref in env.tocs[doc].findall(nodes.reference)]


def _add_page_list(app, pagename, templatename, context, doctree):
    chapter = chapter_of(pagename, Path(app.srcdir))
    body = context.get("body", "")
    if chapter is None or "</h1>" not in body:
        return
    labels = {doc: label(app.env.titles[doc].astext(), _headings(app.env, doc), doc == chapter.doc)
              for doc in chapter.pages}
    nav = nav_html(pagename, chapter, labels, lambda doc: app.builder.get_relative_uri(pagename, doc))
    context["body"] = body.replace("</h1>", "</h1>" + nav, 1)


def setup(app):
    app.connect("html-page-context", _add_page_list)
