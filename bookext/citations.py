"""Author–year citations, the same in the book's text, its bibliography and the generated notebooks.

Why: the book cites "de Boer et al. 1988" in the text; its bibliography must list the entry under the
same label (not "[1]"), and a notebook opened in JupyterLab or Colab, which cannot run Sphinx, must show
the same text linking to the book's bibliography page. One function, :func:`author_year`, makes the
label for all three.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIB_FILE = ROOT / "references.bib"
CITATIONS_JSON = ROOT / "widgets" / "data" / "citations.json"
STYLE_NAME = "course_author_year"


def _plain(text: str) -> str:
    return re.sub(r"[{}\\]", "", str(text)).strip()


def _surname(person) -> str:
    return _plain(" ".join(person.prelast_names + person.last_names)) or _plain(str(person))


def _short_title(title: str, words: int = 4) -> str:
    """An entry with no author is named by its title's first words."""
    parts = _plain(title).split(":")[0].split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def author_year(entry) -> str:
    """'Timmer et al. 2000', 'Brown & Heathers 2017', 'Organon 2020' for a pybtex entry."""
    people = list(entry.persons.get("author") or entry.persons.get("editor") or [])
    more = bool(people) and _surname(people[-1]).lower() == "others"
    if more:
        people = people[:-1]
    if len(people) >= 3 or (people and more):
        who = f"{_surname(people[0])} et al."
    elif people:
        who = " & ".join(_surname(p) for p in people)
    else:
        org = next((entry.fields[f] for f in ("organization", "institution", "publisher", "journal")
                    if f in entry.fields), None)
        who = _plain(org) if org else _short_title(entry.fields.get("title", entry.key))
    year = _plain(entry.fields.get("year", "n.d."))
    return f"{who} {year}"


@lru_cache(maxsize=4)
def labels(bib_path: Path = BIB_FILE) -> dict[str, str]:
    """Every key's author–year label; equal labels get a, b, c … in key order, as the bibliography does."""
    from pybtex.database import parse_file

    entries = parse_file(str(bib_path)).entries
    raw = {key: author_year(e) for key, e in entries.items()}
    seen: dict[str, list[str]] = {}
    for key in sorted(raw):
        seen.setdefault(raw[key], []).append(key)
    out = dict(raw)
    for label, keys in seen.items():
        if len(keys) > 1:
            for i, key in enumerate(keys):
                out[key] = f"{label}{'abcdefghijklmnopqrstuvwxyz'[i]}"
    return out


def citations_payload(bibliography_url: str) -> dict:
    return {"bibliography_url": bibliography_url, "labels": dict(sorted(labels().items()))}


def write_citations_json(bibliography_url: str) -> bool:
    """Write ``widgets/data/citations.json`` (what kernels use); True when it changed."""
    text = json.dumps(citations_payload(bibliography_url), ensure_ascii=False, indent=1) + "\n"
    old = CITATIONS_JSON.read_text(encoding="utf-8") if CITATIONS_JSON.exists() else ""
    if old != text:
        CITATIONS_JSON.write_text(text, encoding="utf-8")
    return old != text


def register_pybtex_style() -> None:
    """A pybtex style whose bibliography labels are the author–year labels above."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style as Plain
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            known = labels()
            for entry in sorted_entries:
                yield known.get(entry.key, author_year(entry))

    class AuthorYear(Plain):
        default_label_style = AuthorYearLabels
        default_sorting_style = "author_year_title"

    try:
        register_plugin("pybtex.style.formatting", STYLE_NAME, AuthorYear)
    except Exception:  # already registered (a second Sphinx build in the same process)
        pass
