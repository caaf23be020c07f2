"""The one placeholder grammar: numbers in prose, captions, labels and exercise texts come from the data.

Why: a value typed by hand goes stale when its data entry is corrected. Every text the course shows
writes ``[[...]]`` instead, and one function, :func:`render`, resolves it for each place a text ends up:

========================  ==========================================================================
``[[fact.id]]``           the value with its unit, its status label and its citation
``[[fact.id|value]]``     the value with its status label, no citation
``[[fact.id|bare]]``      the value alone (for a sentence that states the status once)
``[[fact.id|cite]]``      the fact's citation alone
``[[fact.id|FIELD]]``     another field of the entry, e.g. ``[[claims.j_switch_rate_impossible|claim]]``
``[[computed.name]]``     a value computed from facts (see :mod:`widgets.computed`), labelled and cited
``[[cite:bibkey]]``       a citation of a references.bib key that is not a fact
``[[param]]``             an exercise parameter (no dot in the name), ``[[param:.1f]]`` with a format
========================  ==========================================================================

Targets: ``"myst"`` (the book: ``{cite:p}`key``` roles), ``"notebook"`` (plain Markdown for JupyterLab and
Colab: author–year text linking to the book's bibliography page) and ``"text"`` (plain text for widget
labels and exercise forms: no citations). An unknown id raises ``KeyError`` with the closest ids.
"""
from __future__ import annotations

import difflib
import html
import json
import os
import re
from functools import lru_cache

from . import data

PLACEHOLDER = re.compile(r"\[\[(cite:)?([A-Za-z_][\w.\-]*)(?:\|([a-z_]+))?(?::([^\]\s]+))?\]\]")
TARGETS = ("myst", "notebook", "text")
TARGET_ENV = "COURSE_MARKDOWN_TARGET"      # the book build sets "myst"; notebooks default to "notebook"
CITATIONS_FILE = data.DATA_DIR / "citations.json"
VALUE_MODES = ("value", "bare", "cite", "plain")


@lru_cache(maxsize=None)
def citation_labels() -> dict:
    """Author–year labels of references.bib (generated into ``widgets/data/citations.json``)."""
    try:
        return json.loads(CITATIONS_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"labels": {}, "bibliography_url": ""}


def citation(key: str, target: str) -> str:
    """One citation of a references.bib key, as the target shows it."""
    if target == "myst":
        return f"{{cite:p}}`{key}`"
    info = citation_labels()
    label = info["labels"].get(key, key)
    if target == "notebook" and info.get("bibliography_url"):
        return f"([{label}]({info['bibliography_url']}#{anchor(key)}))"
    return f"({label})"


def anchor(key: str) -> str:
    """The bibliography page's anchor for a key (``bibtex_cite_id = "ref-{key}"``, docutils-normalised)."""
    return "ref-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def lookup(ref: str):
    """The fact or computed value behind ``ref``; a typo gets the closest ids."""
    from . import computed

    if ref.startswith("computed."):
        return computed.get(ref)
    return data.fact(ref)


def _param(name: str, spec: str | None, params: dict) -> str:
    if name not in params:
        close = difflib.get_close_matches(name, list(params), n=3)
        raise KeyError(f"no parameter {name!r} in this exercise; did you mean {close}? "
                       "(a fact id has a dot: [[drug.fact]])")
    value = params[name]
    if spec:
        return format(value, spec)
    return f"{value:g}" if isinstance(value, float) else str(value)


DROPPED = "\x00"   # a citation left out because the paragraph already cites that source


def _cite_once(key: str, target: str, seen: set | None) -> str:
    if seen is not None and key in seen:
        return DROPPED
    if seen is not None:
        seen.add(key)
    return citation(key, target)


def _fact_text(ref: str, mode: str | None, target: str, seen: set | None = None) -> str:
    f = lookup(ref)
    if mode == "cite":
        return _cite_once(f.source, target, seen)
    if mode == "bare":
        return f.text(label=False)
    if mode in ("value", "plain"):
        return f.text()
    if mode is not None:
        field = f.get(mode)
        if field is None:
            raise KeyError(f"fact {ref!r} has no field {mode!r}; fields: {[k for k, _ in f.extra]}")
        return str(field)
    if target == "text":
        return f.text()
    return f"{f.text()} {_cite_once(f.source, target, seen)}"


def render(template: str, target: str = "text", params: dict | None = None, once: bool = False) -> str:
    """Resolve every ``[[...]]`` in ``template`` for ``target`` (see the module docstring).

    With ``once``, each source is cited at its first placeholder only (a paragraph cites a source once).

    >>> render("Half-life [[mirtazapine.half_life_h|bare]].")
    'Half-life 20–40 h.'
    >>> render("[[half_life_h:.0f]] h", params={"half_life_h": 29.6})
    '30 h'
    """
    if target not in TARGETS:
        raise ValueError(f"target {target!r} must be one of {TARGETS}")

    seen: set | None = set() if once else None

    def replace(match: re.Match) -> str:
        is_cite, ref, mode, spec = match.groups()
        if is_cite:
            return _cite_once(ref, target, seen)
        if "." not in ref:
            return _param(ref, spec, params or {})
        return _fact_text(ref, mode, target, seen)

    return re.sub(r" ?" + DROPPED, "", PLACEHOLDER.sub(replace, template))


def references(template: str) -> list[str]:
    """The fact and computed ids a template uses (parameters and bib keys left out)."""
    return [m.group(2) for m in PLACEHOLDER.finditer(template) if not m.group(1) and "." in m.group(2)]


def kernel_target() -> str:
    """What a Markdown output in a kernel should be written for: the book build sets ``myst``."""
    target = os.environ.get(TARGET_ENV, "notebook")
    return target if target in TARGETS else "notebook"


class Markdown:
    """A Markdown output (a table or a computed paragraph) whose placeholders resolve for where it shows:
    MyST with citation roles in the book, plain author–year Markdown in JupyterLab and Colab."""

    def __init__(self, template: str):
        self.template = template

    @property
    def markdown(self) -> str:
        return render(self.template, kernel_target())

    @property
    def plain(self) -> str:
        return render(self.template, "text")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/markdown": self.markdown, "text/plain": self.plain}


TARGET_NAMES = {"alpha2A": "α2A", "alpha2B": "α2B", "alpha2C": "α2C", "alpha1": "α1", "M1": "muscarinic (M1)",
                "alpha2_rat": "α2 (rat cortex)", "alpha2_human_brain": "α2 (human brain)"}


def _sources_footer(keys: list[str]) -> str:
    unique = list(dict.fromkeys(keys))
    return "\n\nSources: " + "; ".join(f"[[cite:{k}]]" for k in unique) + "."


def affinity_table(drugs: list[str], targets: list[str]) -> Markdown:
    """A Markdown table of affinities (nM), unverified cells marked, with its sources cited once below."""
    from .data import affinity

    head = "| Target | " + " | ".join(d for d in drugs) + " |\n|---|" + "---|" * len(drugs) + "\n"
    rows, keys = [], []
    for t in targets:
        cells = []
        for d in drugs:
            try:
                a = affinity(d, t)
            except KeyError:
                cells.append("–")
                continue
            bound = "> " if "lower bound" in a.note else ""
            flag = "" if a.status in ("V", "V2") else " (unverified)"
            cells.append(f"{bound}{a.affinity_nm:,.10g} nM {a.measure}{flag}")
            keys.append(a.source)
        rows.append(f"| {TARGET_NAMES.get(t, t)} | " + " | ".join(cells) + " |")
    return Markdown(head + "\n".join(rows) + _sources_footer(keys))


# The data appendix groups facts by the first part of their id; these are the groups' names.
FACT_GROUPS = {
    "anxiety": "Anxiety", "beers2023": "Beers criteria (2023)", "benzodiazepine": "Benzodiazepines",
    "bleeding": "Bleeding", "bridging": "Bridging with a benzodiazepine", "claims": "Claims appraised",
    "clonazepam": "Clonazepam", "diazepam": "Diazepam", "fluoxetine": "Fluoxetine",
    "guideline": "Guidelines", "mianserin": "Mianserin", "mirtazapine": "Mirtazapine",
    "model": "Teaching-model parameters", "rls": "Restless legs syndrome", "safety": "Safety pharmacology",
    "seed": "What the appraised web pages state", "ssri": "SSRIs", "trd": "Treatment-resistant depression",
    "trials": "Trials",
}


def fact_group(fact_id: str) -> str:
    """The data appendix's group of a fact, e.g. "Mirtazapine" for ``mirtazapine.half_life_h``."""
    prefix = fact_id.split(".", 1)[0]
    try:
        return FACT_GROUPS[prefix]
    except KeyError:
        raise KeyError(f"fact {fact_id!r}: its group {prefix!r} has no name in widgets.text.FACT_GROUPS") from None


def facts_table(prefix: str = "") -> Markdown:
    """Every fact (optionally those whose id starts with ``prefix``): value, status (V, V2 or U, as the
    page explains) and source, in one collapsible table per group (``fact_group``) inside
    ``<div class="course-facts">``. In the book, ``bookext/factfilter.js`` adds a search box and a
    status menu over them; without it (JupyterLab, Colab, no JavaScript) the groups still open and
    close."""
    from .data import STATUSES, all_facts

    groups: dict[str, list[str]] = {}
    for f in sorted(all_facts().values(), key=lambda f: f.id):
        if f.id.startswith(prefix):
            shown = f.text().replace("|", "/").replace("\n", " ")
            groups.setdefault(fact_group(f.id), []).append(
                f"| `{f.id}` | {shown} | {f.status} | [[cite:{f.source}]] |")
    statuses = html.escape(json.dumps(STATUSES), quote=True)   # the status menu's choices
    parts = [f'<div class="course-facts" data-statuses="{statuses}">']
    for name in sorted(groups):
        rows = groups[name]
        count = f"{len(rows)} fact{'s' if len(rows) > 1 else ''}"
        parts += [f'<details class="course-fact-group">\n<summary>{name} · {count}</summary>',
                  "\n".join(["| Fact | Value | Status | Source |", "|---|---|---|---|", *rows]), "</details>"]
    parts.append("</div>")
    return Markdown("\n\n".join(parts))
