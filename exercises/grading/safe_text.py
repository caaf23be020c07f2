"""Student-controlled text, made safe for the teacher's reports.

Why: a student's exception message or answer was pasted raw into ``feedback/*.md`` and ``summary.md``,
so a fake "**Score: 16 of 16 points**" line or a link showed up as if the grader wrote it, and CSV
reasons spanning lines or starting with ``=`` broke or ran in a spreadsheet. Every piece of text that
the student's notebook could have chosen goes through one of these before it reaches a report.
"""
from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def one_line(text, limit: int = 500) -> str:
    """Line breaks and control characters become spaces; cut to ``limit`` characters."""
    text = "" if text is None else str(text)
    text = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def csv_cell(text) -> str:
    """A one-line CSV cell that a spreadsheet will not run as a formula."""
    text = one_line(text, 2000)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(text) -> str:
    """A multi-line CSV cell (free-text answers) that a spreadsheet will not run as a formula."""
    text = "" if text is None else str(text)
    return "'" + text if text.lstrip()[:1] in FORMULA_START or text[:1] in FORMULA_START else text


def md_inline(text, limit: int = 500) -> str:
    """Text inside a Markdown line: one line, every Markdown and HTML character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text, limit))


def md_fence(text) -> str:
    """A block of student text in a fence longer than any backtick or tilde run inside it."""
    text = "" if text is None else str(text)
    longest = max((len(m) for m in re.findall(r"`+|~+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"
