"""``[[fact.id]]`` in a chapter's Markdown becomes the value, its status label and its citation.

Why: course authors write facts directly in the prose of the MyST source. Sphinx's ``source-read``
event hands us each document's text before myst-nb parses it; placeholders outside code cells are
resolved there with the one renderer (``widgets.text.render``, target ``myst``). An unknown id is a
build warning, with the closest ids, and the strict build (``-W``) fails on it.
"""
from __future__ import annotations

import os
import re

from sphinx.util import logging

logger = logging.getLogger(__name__)
CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)


def resolve_prose(text: str, target: str) -> str:
    """Resolve placeholders in the Markdown parts of a MyST notebook; code cells are left as written.
    Each paragraph (or list item) cites a source once, at its first use."""
    out, last = [], 0
    for match in CODE_CELL.finditer(text):
        out.append(_resolve_paragraphs(text[last:match.start()], target))
        out.append(match.group(0))
        last = match.end()
    out.append(_resolve_paragraphs(text[last:], target))
    return "".join(out)


def _resolve_paragraphs(markdown: str, target: str) -> str:
    from widgets.text import render

    parts = re.split(r"(\n\s*\n|\n(?=\s*[-*] |\s*\d+\. ))", markdown)   # blank lines and list items
    return "".join(part if i % 2 else render(part, target, once=True) for i, part in enumerate(parts))


def _source_read(app, docname, source):
    if "[[" not in source[0]:
        return
    try:
        source[0] = resolve_prose(source[0], "myst")
    except KeyError as exc:
        logger.warning(f"unknown placeholder: {exc.args[0]}", location=docname, type="course", subtype="fact")


def setup(app):
    from widgets.text import TARGET_ENV

    os.environ[TARGET_ENV] = "myst"   # Markdown outputs of the book's kernels carry citation roles
    app.connect("source-read", _source_read)
