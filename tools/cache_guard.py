"""Invalidate the book's build and execution cache when the course package changes.

Why: jupyter-cache keys a notebook on its code cells only, so after a change in ``widgets/``,
``exercises/`` or the data, an incremental build would serve stale outputs. This compares a hash of
everything the notebooks import with the hash stored beside the build and wipes ``_build`` if it moved.

    python tools/cache_guard.py BOOK_DIR
"""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WATCHED = ["widgets", "exercises", "bookext"]
WATCHED_FILES = ["_config.yml", "references.bib", "requirements.txt", "requirements-dev.txt"]


def package_hash() -> str:
    digest = hashlib.sha256()
    files = sorted(p for d in WATCHED for p in (ROOT / d).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".yaml", ".csv"))
    files += [ROOT / f for f in WATCHED_FILES]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main(book: str) -> int:
    build = Path(book).resolve() / "_build"
    stamp = build / ".course-package-hash"
    current = package_hash()
    if build.exists() and (not stamp.exists() or stamp.read_text() != current):
        print(f"course package changed since the last build: clean rebuild of {build}")
        shutil.rmtree(build)
    build.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
