"""What was handed in and by whom: a folder or an LMS zip download, file names, a roster.

LMS downloads encode the student in the file name. Canvas: ``smithjane_12345_67890_ch1.ipynb`` (login,
Canvas user id, submission id, original name; ``_late_`` after the login when late). Moodle: a folder per
student, ``Jane Smith_1234_assignsubmission_file_/ch1.ipynb`` (full name, participant id). Blackboard:
``ch1_smithj_attempt_2024-03-01-10-15-00_ch1.ipynb``. Anything else: the file name is the student key.
A roster (``student_id,name,seed``, read by ``exercises/roster.py``) turns these into the teacher's ids
and gives each student's variant (an optional ``moodle_participant`` column fills Moodle's
Identifier); a plain file name that starts with a roster id or name (``s1001_ch1``,
``Ana Silva_ch1``) matches that student. Several files for one student: a notebook beats any other file,
then the latest wins (a time stamp in the name, else the file time).

Files are not held in memory: a ``Submission`` knows where its bytes are and reads them when asked.
"""
from __future__ import annotations

import os
import re
import stat
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from itertools import permutations
from pathlib import Path, PurePosixPath

from ..roster import RosterError, Student, ambiguous_names
from ..roster import read as read_roster  # noqa: F401 - the one roster reader

MAX_FILE_BYTES = 256 * 1024 ** 2  # larger files are reported, not read
MAX_TOTAL_BYTES = 4 * 1024 ** 3   # zip bomb guard for the whole download

CANVAS = re.compile(r"^(?P<login>[a-z0-9][a-z0-9.-]*?)(?:_late)?_(?P<uid>\d+)_(?P<sub>\d+)_(?P<orig>.+)$", re.I)
MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assign(?:submission|feedback)_[a-z]+_?$", re.I)
BLACKBOARD = re.compile(r"^(?P<assign>.+?)_(?P<user>[^_]+)_attempt_(?P<ts>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})",
                        re.I)
STAMP = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})[T_ -](\d{2})[-:.](\d{2})(?:[-:.](\d{2}))?(?!\d)")


@dataclass
class Submission:
    """One file from the input, with everything its name says about who handed it in."""

    name: str                      # path inside the folder or zip
    origin: tuple | None           # ("file", path) or ("zip", archive, member): where the bytes are
    mtime: float
    problem: str | None = None     # why it could not be read at all
    key: str = ""                  # student key from the name (before the roster)
    display_name: str = ""         # a human name from the name, when it has one
    canvas_id: str = ""
    moodle_id: str = ""
    stamp: float | None = None     # LMS time stamp in the name
    student_id: str = ""
    student_name: str = ""
    roster_seed: int | None = None
    in_roster: bool = False
    roster_given: bool = False     # a roster was given (then a file matching no row is not graded)
    notes: list[str] = field(default_factory=list)

    @property
    def is_notebook(self) -> bool:
        return self.name.lower().endswith(".ipynb")

    def read(self) -> bytes | None:
        """The file's bytes, read now (and not kept here)."""
        if self.origin is None:
            return None
        if self.origin[0] == "file":
            with open(self.origin[1], "rb") as fh:
                return fh.read(MAX_FILE_BYTES + 1)
        with zipfile.ZipFile(self.origin[1]) as archive, archive.open(self.origin[2]) as fh:
            return fh.read(MAX_FILE_BYTES + 1)


RosterEntry = Student


class InputError(ValueError):
    """The input as a whole is unusable (not a folder or zip, unreadable roster)."""


def _skip(parts: tuple[str, ...]) -> bool:
    return any(p.startswith(".") or p in ("__MACOSX", "__pycache__") for p in parts)


def collect(path: Path) -> list[Submission]:
    """Every file in a folder (recursively) or in a zip, in a stable order; links are not followed."""
    path = Path(path)
    if path.is_dir():
        found = []
        for file in sorted(path.rglob("*")):
            rel = file.relative_to(path)
            if _skip(rel.parts) or file.is_symlink() or not file.is_file():
                continue
            info = file.stat()
            if info.st_size > MAX_FILE_BYTES:
                found.append(Submission(str(rel), None, info.st_mtime, f"file too large ({info.st_size} bytes)"))
            else:
                found.append(Submission(str(rel), ("file", str(file)), info.st_mtime))
        return [describe(s) for s in found]
    if path.is_file() and zipfile.is_zipfile(path):
        return [describe(s) for s in _from_zip(path)]
    if path.is_file():
        raise InputError(f"{path} is neither a folder nor a zip file")
    raise InputError(f"{path} does not exist")


def _from_zip(path: Path) -> list[Submission]:
    found, total = [], 0
    try:
        with zipfile.ZipFile(path) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                name = PurePosixPath(info.filename)
                mode = info.external_attr >> 16
                if info.is_dir() or _skip(name.parts) or stat.S_ISLNK(mode) or ".." in name.parts:
                    continue
                mtime = time.mktime(info.date_time + (0, 0, -1))
                if info.file_size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                    found.append(Submission(str(name), None, mtime, f"file too large ({info.file_size} bytes)"))
                    continue
                total += info.file_size
                found.append(Submission(str(name), ("zip", str(path), info.filename), mtime))
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path}: damaged zip file ({exc})") from None
    return found


def describe(sub: Submission) -> Submission:
    """Fill in what the file name says: LMS ids, a name, a time stamp, and a key for the student."""
    parts = PurePosixPath(sub.name.replace(os.sep, "/")).parts
    base = parts[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    for folder in parts[:-1]:
        moodle = MOODLE.match(folder)
        if moodle:
            sub.display_name, sub.moodle_id = moodle["name"].strip(), moodle["pid"]
            sub.key = f"moodle-{sub.moodle_id}"
    canvas, blackboard = CANVAS.match(base), BLACKBOARD.match(base)
    if not sub.key and canvas:
        sub.canvas_id, sub.key = canvas["uid"], canvas["uid"]
        sub.display_name = canvas["login"]
    elif not sub.key and blackboard:
        sub.key = sub.display_name = blackboard["user"]
    elif not sub.key:
        top = parts[0] if len(parts) > 1 else stem
        sub.key = re.sub(r"[^\w.@-]+", "_", top).strip("_") or "unknown"
        sub.display_name = top
    stamp = STAMP.search(sub.name)
    if stamp:
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in stamp.groups())
        try:
            sub.stamp = datetime(y, mo, d, h, mi, s).timestamp()
        except ValueError:
            sub.stamp = None
    sub.student_id, sub.student_name = sub.key, sub.display_name
    return sub


def _letters(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [t for t in re.split(r"[^a-z]+", plain) if t]


def _name_forms(text: str) -> set[str]:
    """'Jane Smith' -> {'janesmith', 'smithjane'}: Canvas logins and 'Smith, Jane' match too."""
    tokens = _letters(text)[:4]
    return {"".join(p) for p in permutations(tokens)} if tokens else set()


def _prefix_id(text: str, ids: dict[str, Student]) -> Student | None:
    """A roster id at the start of a file name, followed by a separator or the end (``s1001_ch1``)."""
    low = text.lower()
    for sid in sorted(ids, key=len, reverse=True):
        if low.startswith(sid) and (len(low) == len(sid) or not low[len(sid)].isalnum()):
            return ids[sid]
    return None


def _prefix_names(text: str, by_name: dict[str, list[Student]]) -> dict[int, Student]:
    """Roster students whose name forms the first words of a file name (``Ana Silva_ch1``)."""
    tokens = _letters(text)
    hits: dict[int, Student] = {}
    for count in range(min(4, len(tokens)), 0, -1):
        for form in {"".join(p) for p in permutations(tokens[:count])}:
            for entry in by_name.get(form, []):
                hits[id(entry)] = entry
        if hits:
            break
    return hits


def match_roster(submissions: list[Submission], roster: list[Student]) -> list[Student]:
    """Attach roster ids, names and seeds; returns roster entries with no submission. A submission that
    matches no row keeps ``in_roster=False`` (it is reported, never graded)."""
    by_id = {e.student_id.lower(): e for e in roster}
    by_moodle = {e.moodle_id: e for e in roster if e.moodle_id}
    by_name: dict[str, list[Student]] = {}
    for entry in roster:
        for form in _name_forms(entry.name):
            by_name.setdefault(form, []).append(entry)
    matched = set()
    for sub in submissions:
        sub.roster_given = True
        base = PurePosixPath(sub.name.replace(os.sep, "/")).name
        stem = base.rsplit(".", 1)[0] if "." in base else base
        entry = None
        for candidate in (sub.canvas_id, sub.moodle_id, sub.key, sub.display_name):
            if candidate and candidate.lower() in by_id:
                entry = by_id[candidate.lower()]
                break
        if entry is None and sub.moodle_id:
            entry = by_moodle.get(sub.moodle_id)
        if entry is None:
            entry = _prefix_id(sub.key, by_id) or _prefix_id(stem, by_id)
        if entry is None:
            hits = {id(e): e for form in _name_forms(sub.display_name) for e in by_name.get(form, [])}
            hits = hits or _prefix_names(sub.display_name or stem, by_name)
            if len(hits) == 1:
                entry = next(iter(hits.values()))
            elif len(hits) > 1:
                sub.notes.append(f"name {sub.display_name!r} matches several roster entries "
                                 f"({', '.join(sorted(e.student_id for e in hits.values()))}); not matched")
        if entry is None:
            sub.notes.append("not in the roster")
            continue
        sub.student_id, sub.student_name = entry.student_id, entry.name or sub.display_name
        sub.roster_seed, sub.in_roster = entry.seed, True
        sub.moodle_id = sub.moodle_id or entry.moodle_id
        matched.add(entry.student_id)
    return [e for e in roster if e.student_id not in matched]


def latest_per_student(submissions: list[Submission]) -> tuple[list[Submission], list[str]]:
    """One submission per student: the latest by LMS time stamp, else by file time. Returns the kept
    submissions and one line per ignored duplicate."""
    groups: dict[str, list[Submission]] = {}
    for sub in submissions:
        groups.setdefault(sub.student_id, []).append(sub)
    kept, report = [], []
    for student, subs in groups.items():
        if len(subs) == 1:
            kept.append(subs[0])
            continue
        stamped = all(s.stamp is not None for s in subs)
        ordered = sorted(subs, key=lambda s: (s.is_notebook, (s.stamp if stamped else s.mtime), s.name))
        winner = ordered[-1]
        kept.append(winner)
        basis = "time stamp in the file name" if stamped else "file modification time"
        for loser in ordered[:-1]:
            why = ("a notebook beats other files" if winner.is_notebook and not loser.is_notebook
                   else f"older, by {basis}")
            report.append(f"{student}: kept {winner.name}, ignored {loser.name} ({why})")
    order = {id(s): i for i, s in enumerate(submissions)}
    return sorted(kept, key=lambda s: order[id(s)]), report
