"""One number, one source: a value that exists as a fact must be written as a placeholder, never by hand.

Scanned: chapter prose (the MyST sources, outside code cells), and every string literal in the chapter
widgets (captions, titles, slider, menu and legend labels) and the exercise banks (prompts, options,
feedback, hints, solutions, rubrics). A number with a unit (or a range such as "20–40 h") that equals a
fact's value in that unit fails the test, naming the fact to use. Placeholders and exercise parameters
(``[[...]]``) are what the scan removes first, so a correct source passes.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from helpers import ROOT
from widgets import data

UNITS = {"%": "%", "percent": "%", "mg": "mg", "h": "h", "hours": "h", "day": "day", "days": "day",
         "week": "week", "weeks": "week", "nm": "nM", "ng/ml": "ng/mL", "ml/min": "mL/min", "min": "min",
         "years": "year", "year": "year", "µg": "µg", "mg/day": "mg/day"}
NUMBER = r"\d[\d,]*(?:\.\d+)?"
WITH_UNIT = re.compile(rf"(?<![\w.])({NUMBER})(?:\s*(?:–|-|to)\s*({NUMBER}))?\s*"
                       r"(%|percent\b|mg/day\b|mg\b|ng/mL\b|mL/min\b|nM\b|hours\b|h\b|days?\b|weeks?\b|min\b|years?\b|µg\b)",
                       re.IGNORECASE)
AFFINITY_WORDS = re.compile(r"\bp(?:Ki|A2)\b")
PLACEHOLDER = re.compile(r"\[\[[^\]]*\]\]")
CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
# Fact units the scan compares against, and their spelling in prose.
FACT_UNITS = {"%": "%", "mg": "mg", "h": "h", "day": "day", "week": "week", "nM": "nM", "ng/mL": "ng/mL",
              "mL/min": "mL/min", "min": "min", "mg/day": "mg/day"}


# Round percentages (50 %, 90 %, 100 %, and 95 % as in "95% CI") are teaching constants far more often
# than facts ("50% after one half-life"): too common to tell apart, so they are not compared.
AMBIGUOUS_PCT = {95.0, 97.0, 99.0}


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def fact_values() -> dict[tuple, list[str]]:
    """(unit, low, high) -> fact ids, for every numeric fact in a unit the scan reads."""
    index: dict[tuple, list[str]] = {}
    for f in data.all_facts().values():
        values = f.value if isinstance(f.value, list) else [f.value]
        if not values or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            continue
        affinity = f.unit == "1" and re.search(r"pki|pa2", f.id)
        unit = "pK" if affinity else FACT_UNITS.get(f.unit)
        if unit is None:
            continue
        if len(values) == 2:
            index.setdefault((unit, float(values[0]), float(values[1])), []).append(f.id)
        if len(values) == 1:
            index.setdefault((unit, float(values[0]), float(values[0])), []).append(f.id)
    return index


def hand_typed(text: str, where: str, index: dict | None = None) -> list[str]:
    """Every number-with-unit in ``text`` (placeholders removed) that equals a fact's value."""
    index = fact_values() if index is None else index
    clean = PLACEHOLDER.sub(" ", text)
    found = []
    for match in WITH_UNIT.finditer(clean):
        low = _num(match.group(1))
        high = _num(match.group(2)) if match.group(2) else low
        unit = UNITS[match.group(3).lower()]
        if unit == "%" and low == high and (low % 10 == 0 or low in AMBIGUOUS_PCT):
            continue
        ids = index.get((unit, low, high))
        if ids:
            found.append(f"{where}: {match.group(0)!r} is typed by hand; write [[{ids[0]}]] "
                         f"(or a mode such as |bare){' — also ' + ', '.join(ids[1:]) if ids[1:] else ''}")
    if AFFINITY_WORDS.search(clean):       # bare numbers: pKi and pA2 values in a text that names them
        for match in re.finditer(r"(?<![\w.])(\d{1,2}\.\d)(?![\w.%])", clean):
            ids = index.get(("pK", _num(match.group(1)), _num(match.group(1))))
            if ids:
                found.append(f"{where}: {match.group(0)!r} is typed by hand; write [[{ids[0]}]] (or |bare)")
    return found


def prose_texts() -> list[tuple[str, str]]:
    out = []
    pages = [p for p in sorted((ROOT / "chapters").glob("*.md")) + sorted((ROOT / "appendix").glob("*.md"))
             if p.name != "README.md"]   # the authoring guide shows values as examples of what a reader sees
    for path in pages + [ROOT / "intro.md"]:
        text = CODE_CELL.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))
        for i, line in enumerate(text.splitlines(), 1):
            out.append((f"{path.relative_to(ROOT)} line {i}", line))
    return out


def literal_texts() -> list[tuple[str, str]]:
    """String literals (and the literal parts of f-strings) in the widget and bank modules."""
    paths = sorted((ROOT / "widgets").glob("ch*.py")) + sorted((ROOT / "exercises" / "bank").glob("ch*.py"))
    out = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                out.append((f"{path.relative_to(ROOT)} line {node.lineno}", node.value))
    return out


def test_no_fact_value_is_typed_by_hand():
    index = fact_values()
    problems = [p for where, text in prose_texts() + literal_texts() for p in hand_typed(text, where, index)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("planted, fact_id", [
    ("The elimination half-life is 20–40 h.", "mirtazapine.half_life_h"),
    ("Treatment starts at 15 mg at night.", "mirtazapine.start_dose_mg"),
    ("a slider label (15 → 30 → 45 mg)", "mirtazapine.max_dose_mg"),
    ("their noradrenaline uptake pKi values: 7.4 versus 5.6", "mianserin.na_uptake_pki_rat"),
])
def test_a_planted_hand_typed_number_is_caught(planted, fact_id):
    problems = hand_typed(planted, "planted")
    assert problems and any(fact_id in p for p in problems), problems


def test_the_same_sentence_written_with_placeholders_passes():
    assert hand_typed("The elimination half-life is [[mirtazapine.half_life_h]].", "fixed") == []
    assert hand_typed("With a half-life of [[half_life_h:g]] h the ratio is", "fixed") == []


def test_no_number_rests_on_wikipedia_or_an_ai_question_and_answer_site():
    """Such pages are never a source: a value seen only there is cited as unverifiable and has status U."""
    for f in data.all_facts().values():
        values = f.value if isinstance(f.value, list) else [f.value]
        numeric = any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        seen_there = re.search(r"droracle|wikipedia|wikimili|piglix", f.where, re.I) and "removed" not in f.note
        if numeric and seen_there:
            assert f.source == "course_unverifiable_pages" and f.status == "U", f.id
        assert not re.search(r"droracle|wikipedia", f.source, re.I), f.id
