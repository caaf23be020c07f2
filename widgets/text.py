"""Prose with numbers from the data: ``cw.md("The half-life is [[mirtazapine.half_life_h]].")``.

``[[fact.id]]`` becomes the value with its unit, its citation and, for unverified values, the label
"representative value, unverified". ``[[fact.id|value]]`` gives the value (still labelled),
``[[fact.id|bare]]`` the value without the label (for a sentence that states the status once),
``[[fact.id|cite]]`` the citation alone. The book renders the Markdown (with citations); nbval compares the plain text, so a
changed number fails the tests.
"""
from __future__ import annotations

import re

from . import data

PLACEHOLDER = re.compile(r"\[\[([a-z0-9_.\-]+)(?:\|(value|cite|plain|bare))?\]\]")


def _render(template: str, with_citations: bool) -> str:
    def replace(match):
        f = data.fact(match.group(1))
        mode = match.group(2)
        cite = f"{{cite:p}}`{f.source}`" if with_citations else f"[{f.source}]"
        if mode == "cite":
            return cite
        if mode == "bare":
            return f.text(label=False)
        if mode in ("value", "plain"):
            return f.text()
        return f"{f.text()} {cite}"

    return PLACEHOLDER.sub(replace, template)


class Markdown:
    def __init__(self, template: str):
        self.markdown = _render(template, with_citations=True)
        self.plain = _render(template, with_citations=False)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/markdown": self.markdown, "text/plain": self.plain}


def md(template: str) -> Markdown:
    """Markdown whose numbers come from cited data entries (see the module docstring)."""
    return Markdown(template)


TARGET_NAMES = {"alpha2A": "α2A", "alpha2B": "α2B", "alpha2C": "α2C", "alpha1": "α1", "M1": "muscarinic (M1)",
                "alpha2_rat": "α2 (rat cortex)", "alpha2_human_brain": "α2 (human brain)"}


def affinity_table(drugs: list[str], targets: list[str]) -> Markdown:
    """A Markdown table of affinities (nM) with each cell's source and status; unverified cells marked."""
    from .data import affinity

    head = "| Target | " + " | ".join(d for d in drugs) + " |\n|---|" + "---|" * len(drugs) + "\n"
    rows = []
    for t in targets:
        cells = []
        for d in drugs:
            try:
                a = affinity(d, t)
            except KeyError:
                cells.append("–")
                continue
            bound = "≥ " if "lower bound" in a.note else ""
            flag = "" if a.status in ("V", "V2") else " (unverified)"
            cells.append(f"{bound}{a.affinity_nm:g} nM {a.measure}{flag} [[cite:{a.source}]]")
        rows.append(f"| {TARGET_NAMES.get(t, t)} | " + " | ".join(cells) + " |")
    table = head + "\n".join(rows)
    out = Markdown("")
    out.markdown = re.sub(r"\[\[cite:([^\]]+)\]\]", r"{cite:p}`\1`", table)
    out.plain = re.sub(r"\[\[cite:([^\]]+)\]\]", r"[\1]", table)
    return out


def facts_table(prefix: str = "") -> Markdown:
    """Every fact (optionally those whose id starts with ``prefix``): value, status and source."""
    from .data import STATUSES, all_facts

    rows = ["| Fact | Value | Status | Source |", "|---|---|---|---|"]
    plain = list(rows)
    for f in sorted(all_facts().values(), key=lambda f: f.id):
        if not f.id.startswith(prefix):
            continue
        shown = f.text().replace("|", "/").replace("\n", " ")
        status = f"{f.status}: {STATUSES[f.status]}"
        rows.append(f"| `{f.id}` | {shown} | {status} | {{cite:p}}`{f.source}` |")
        plain.append(f"| {f.id} | {shown} | {status} | [{f.source}] |")
    out = Markdown("")
    out.markdown, out.plain = "\n".join(rows), "\n".join(plain)
    return out
