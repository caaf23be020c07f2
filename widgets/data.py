"""The course's single source of truth for numbers: cited facts and receptor affinities.

Why: a value shown in prose, a model default and an exercise answer must all come from one entry that
names its source (a key in references.bib) and its verification status.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
TEACHING_SOURCE = "course_teaching_models"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~8x faster
PLURALS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
STATUSES = {
    "V": "verified in a primary source or label",
    "V2": "seen in a secondary source quoting the primary",
    "U": "representative value, unverified",
}


@dataclass(frozen=True)
class Fact:
    id: str
    value: object
    unit: str
    source: str
    status: str
    where: str = ""
    note: str = ""
    extra: tuple = ()

    @property
    def low(self) -> float:
        return self.value[0] if isinstance(self.value, list) else self.value

    @property
    def high(self) -> float:
        return self.value[-1] if isinstance(self.value, list) else self.value

    @property
    def mid(self) -> float:
        """Centre of a range (arithmetic), or the value itself."""
        return (self.low + self.high) / 2

    def get(self, key: str, default=None):
        return dict(self.extra).get(key, default)

    def text(self, digits: int | None = None, label: bool = True) -> str:
        """The value with its unit, e.g. '20–40 h'; unverified values say so (unless ``label`` is False)."""
        shown = {"lower": "> ", "upper": "< "}.get(self.get("bound"), "") + _format_value(self.value, digits)
        unit = "" if self.unit in ("1", "text", "count", "ratio") else self.unit
        if unit in PLURALS and self.value != 1:
            unit = PLURALS[unit]
        sep = "" if unit in ("%",) or not unit else " "
        out = f"{shown}{sep}{unit}"
        if not label:
            return out
        if self.source == TEACHING_SOURCE:
            out += " (teaching assumption, not a measured value)"
        elif self.status == "U":
            out += " (representative value, unverified)"
        return out


def _format_value(value, digits):
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
            sep = " to " if min(value) < 0 else "–"
            return f"{_num(value[0], digits)}{sep}{_num(value[1], digits)}"
        return ", ".join(_num(v, digits) for v in value)
    return _num(value, digits)


def _num(v, digits):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    if digits is not None:
        return f"{v:.{digits}f}"
    return f"{v:,.0f}" if abs(v) >= 1e4 and float(v).is_integer() else f"{v:g}"


@lru_cache(maxsize=None)
def all_facts() -> dict[str, Fact]:
    raw: dict = {}
    for path in sorted(DATA_DIR.glob("facts*.yaml")):  # facts.yaml, then facts-<topic>.yaml files
        part = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)["facts"]
        duplicated = set(part) & set(raw)
        if duplicated:
            raise ValueError(f"{path.name} repeats fact ids already defined: {sorted(duplicated)[:5]}")
        raw.update(part)
    known = {"value", "unit", "source", "status", "where", "note"}
    facts = {}
    for fid, entry in raw.items():
        extra = tuple(sorted((k, v) for k, v in entry.items() if k not in known))
        facts[fid] = Fact(id=fid, value=entry["value"], unit=str(entry["unit"]),
                          source=entry["source"], status=entry["status"],
                          where=entry.get("where", ""), note=entry.get("note", ""), extra=extra)
    return facts


def fact(fact_id: str) -> Fact:
    """One fact by id; a typo gets the closest ids in the message."""
    facts = all_facts()
    try:
        return facts[fact_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(fact_id, facts, n=3)
        raise KeyError(f"no fact {fact_id!r} in widgets/data/facts.yaml; did you mean {close}?") from None


def value(fact_id: str):
    return fact(fact_id).value


@dataclass(frozen=True)
class Affinity:
    drug: str
    target: str
    affinity_nm: float
    measure: str
    species_assay: str
    source: str
    status: str
    where: str
    note: str


@lru_cache(maxsize=None)
def affinities() -> tuple[Affinity, ...]:
    with open(DATA_DIR / "receptors.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        out.append(Affinity(drug=r["drug"].strip(), target=r["target"].strip(),
                            affinity_nm=float(r["affinity_nm"]), measure=r["measure"],
                            species_assay=r["species_assay"], source=r["source"].strip(),
                            status=r["status"].strip(), where=r["where"], note=r["note"]))
    return tuple(out)


def affinity(drug: str, target: str) -> Affinity:
    for a in affinities():
        if a.drug == drug and a.target == target:
            return a
    raise KeyError(f"no affinity for {drug} at {target} in widgets/data/receptors.csv")


def ki_nm(drug: str, target: str) -> float:
    value_nm = affinity(drug, target).affinity_nm
    if not math.isfinite(value_nm) or value_nm <= 0:
        raise ValueError(f"affinity for {drug} at {target} must be a positive number of nM")
    return value_nm
