"""The class roster: one reader and one seed rule for the student editions and the grader.

Why: the editions derived a missing seed from the student id while the grader fell back to the seed
written in the notebook, so a student with an empty seed cell in the roster could choose their variant.
Now both read the roster here, and every row has a seed: the roster's, or one derived from the id.

CSV columns: ``student_id`` (required), ``name``, ``seed``, and ``moodle_participant`` (the N of Moodle's
"Participant N", which fills the Moodle worksheet's Identifier). Ids are letters, digits, ``_ . @ -``, each
once. Repeated names are allowed (two students can share one) but reported, because a file named only
by that name cannot be told apart: ``ambiguous_names`` lists them for the console.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ID = re.compile(r"[A-Za-z0-9_.@-]+")


class RosterError(ValueError):
    """The roster cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Student:
    student_id: str
    name: str
    seed: int
    seed_from_roster: bool
    moodle_id: str = ""        # N of Moodle's "Participant N", or ""


def seed_for(student_id: str, given: str | None = None) -> int:
    """The roster's seed, or a stable one derived from the student id (same id, same numbers)."""
    if given not in (None, "") and str(given).strip():
        if not str(given).strip().isdigit():
            raise ValueError(f"seed for {student_id!r} must be a whole number; got {given!r}")
        return int(str(given).strip())
    return int(hashlib.sha256(student_id.encode()).hexdigest()[:8], 16)


def read(path: Path) -> list[Student]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"cannot read the roster {path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower(): c for c in (reader.fieldnames or []) if c}
    if "student_id" not in columns:
        raise RosterError(f"{path}: the roster needs a header with at least 'student_id' (optional: name, seed)")
    students, seen = [], set()
    for line, row in enumerate(reader, start=2):
        sid = (row.get(columns["student_id"]) or "").strip()
        if not sid and not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # a blank line
        if not ID.fullmatch(sid):
            raise RosterError(f"{path}, line {line}: student_id {sid!r} must be letters, digits, _ . @ or -")
        if sid.lower() in seen:
            raise RosterError(f"{path}, line {line}: student_id {sid!r} appears twice")
        seen.add(sid.lower())
        given = (row.get(columns.get("seed", ""), "") or "").strip() if "seed" in columns else ""
        try:
            seed = seed_for(sid, given)
        except ValueError as exc:
            raise RosterError(f"{path}, line {line}: {exc}") from None
        name = (row.get(columns.get("name", ""), "") or "").strip() if "name" in columns else ""
        participant = (row.get(columns["moodle_participant"]) or "").strip() if "moodle_participant" in columns else ""
        participant = re.sub(r"(?i)^participant\s*", "", participant)
        if participant and not participant.isdigit():
            raise RosterError(f"{path}, line {line}: moodle_participant {participant!r} must be the number N of "
                              "Moodle's 'Participant N'")
        students.append(Student(sid, name, seed, bool(given), participant))
    return students


def ambiguous_names(students: list[Student]) -> list[str]:
    """Names that more than one roster row carries (compared without case, accents or spacing)."""
    counts = Counter(_plain(s.name) for s in students if s.name)
    return sorted({s.name for s in students if s.name and counts[_plain(s.name)] > 1})


def _plain(name: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().split())
