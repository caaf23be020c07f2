"""The gradebook store: one SQLite file in the output directory, one transaction per submission.

Each result is keyed on a hash of the submission's bytes, the student, the assignment and the variant
seed, and committed as soon as that submission is judged. A run killed part-way loses nothing already
committed; the next run skips those keys and grades the rest, so nothing is lost or counted twice.
The per-batch secret that derives each submission's code-test seed lives here, on the grader's side.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    student_id TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    total REAL,
    max REAL,
    graded_at REAL NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS results_student ON results (student_id);
"""


def result_key(content: bytes, student_id: str, chapter: str, seed) -> str:
    digest = hashlib.sha256(content or b"").hexdigest()
    return hashlib.sha256(f"{digest}|{student_id}|{chapter}|{seed}".encode()).hexdigest()


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        new = not self.path.exists()
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        if new:
            os.chmod(self.path, 0o600)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def secret(self) -> bytes:
        """Created once per store: resumed runs derive the same test seeds, students cannot."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()
        if row:
            return bytes.fromhex(row[0])
        value = secrets.token_hex(32)
        self.db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('secret', ?)", (value,))
        return bytes.fromhex(self.db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()[0])

    def case_seed(self, key: str) -> int:
        return int.from_bytes(hmac.new(self.secret(), key.encode(), "sha256").digest()[:4], "big")

    def meta(self, key: str, value: str | None = None) -> str | None:
        """Read a note about the run (``value=None``) or replace it."""
        if value is not None:
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
            return value
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def get(self, key: str) -> dict | None:
        row = self.db.execute("SELECT payload FROM results WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, payload: dict) -> None:
        """One transaction: the result is either fully stored or not at all."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM results WHERE key = ?", (key,))
            self.db.execute(
                "INSERT INTO results (key, student_id, source, status, total, max, graded_at, payload) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, payload["student_id"], payload["source"], payload["status"], payload.get("total"),
                 payload.get("max"), time.time(), json.dumps(payload)))

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM results").fetchone()[0]

    def close(self) -> None:
        self.db.close()
