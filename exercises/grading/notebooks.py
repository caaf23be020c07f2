"""Read a submitted notebook as untrusted data, and learn from its source, statically, which chapter it
is and which variant seed it asks for. Nothing here executes the student's code: the seed is read from
the ``exercises.start("ch1", seed=12345)`` call with ``ast``, and only when it is a literal.
"""
from __future__ import annotations

import ast
import json
import re
from collections import Counter
from dataclasses import dataclass, field

MAX_CELLS = 200_000                # cells of any kind (only code cells are kept)
MAX_SOURCE_CHARS = 16 * 1024 ** 2  # characters of code in all code cells together
CHAPTER = re.compile(r"^ch\d+$")
EXERCISE = re.compile(r"^(ch\d+)\.[a-z0-9][a-z0-9-]*$")


class Unreadable(ValueError):
    """Not a notebook we can run; the message is the one-line reason for the teacher."""


@dataclass
class NotebookInfo:
    cells: list[tuple[int, str]]               # (1-based position among all cells, source) of code cells
    chapters: list[str] = field(default_factory=list)   # from exercises.start("chN") calls
    seeds: list[int | None] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)       # exercise ids in ask(...) calls
    kernel: str | None = None
    language: str | None = None
    notes: list[str] = field(default_factory=list)
    saved: dict[str, dict] = field(default_factory=dict)  # answers recorded in the saved outputs

    def chapter(self) -> str | None:
        if self.chapters:
            return self.chapters[0]
        prefixes = Counter(EXERCISE.match(a).group(1) for a in self.asked)
        return prefixes.most_common(1)[0][0] if prefixes else None

    def seed(self) -> int | None:
        return self.seeds[0] if self.seeds else None


def read(data: bytes | None, name: str) -> NotebookInfo:
    """Parse, or raise ``Unreadable`` with a reason (empty, not JSON, JSON but not a notebook...)."""
    if data is None:
        raise Unreadable("file could not be read")
    if not data.strip():
        raise Unreadable("empty file" + (" (0 bytes)" if not data else " (only white space)"))
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    text, decode_note = _decode(data, suffix)
    try:
        nb = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        if suffix != "ipynb":
            raise Unreadable(f"not a notebook: a {'.' + suffix if suffix else 'text'} file") from None
        where = f" at line {exc.lineno} column {exc.colno}" if hasattr(exc, "lineno") else ""
        raise Unreadable(f"corrupt notebook JSON: {getattr(exc, 'msg', str(exc))}{where}") from None
    if isinstance(nb, dict) and "worksheets" in nb and "cells" not in nb:
        nb = _from_v3(nb)
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise Unreadable("not a notebook: JSON without a list of cells")
    if len(nb["cells"]) > MAX_CELLS:
        raise Unreadable(f"too many cells ({len(nb['cells'])})")
    cells, size = [], 0
    for position, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            continue
        size += len(source)
        if size > MAX_SOURCE_CHARS:
            raise Unreadable("notebook source too large")
        cells.append((position, source))
    info = NotebookInfo(cells)
    if decode_note:
        info.notes.append(decode_note)
    from ..record import answers_in_notebook

    info.saved = answers_in_notebook(nb)
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    spec = meta.get("kernelspec") if isinstance(meta.get("kernelspec"), dict) else {}
    info.kernel = str(spec["name"])[:80] if spec.get("name") is not None else None
    language_info = meta.get("language_info") if isinstance(meta.get("language_info"), dict) else {}
    language = spec.get("language") or language_info.get("name")
    info.language = str(language)[:40] if language else None
    if info.kernel and not info.kernel.startswith("python"):
        info.notes.append(f"the notebook names kernel {info.kernel!r}; it was run with the grader's Python")
    if info.language and info.language.lower() != "python":
        info.notes.append(f"the notebook says its language is {info.language!r}")
    _scan(info)
    return info


def _decode(data: bytes, suffix: str) -> tuple[str, str | None]:
    """UTF-8 text; bytes that are not UTF-8 are replaced (with a note giving the first offset). A file
    with NUL bytes near its start is binary, not a notebook."""
    if b"\x00" in data[:4096]:
        raise Unreadable(f"not a notebook: binary data ({'a .' + suffix + ' file' if suffix else 'no extension'})")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return (data.decode("utf-8-sig", errors="replace"),
                f"the file is not valid UTF-8 (first bad byte at offset {exc.start}); such bytes were "
                "replaced by U+FFFD")


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _from_v3(nb: dict) -> dict:
    cells = []
    for sheet in nb.get("worksheets") or []:
        for cell in (sheet.get("cells") or []) if isinstance(sheet, dict) else []:
            if isinstance(cell, dict):
                source = cell.get("input", cell.get("source", ""))
                cells.append({"cell_type": cell.get("cell_type"), "source": source})
    return {"cells": cells, "metadata": nb.get("metadata", {})}


def _scan(info: NotebookInfo) -> None:
    """``start`` and ``ask`` calls with literal arguments, found in the (IPython-transformed) source."""
    from IPython.core.inputtransformer2 import TransformerManager

    manager = TransformerManager()
    for _, source in info.cells:
        try:
            tree = ast.parse(manager.transform_cell(source))
        except (SyntaxError, ValueError, RecursionError, MemoryError, IndexError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            first = node.args[0] if node.args else None
            literal = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            if name == "start" and literal and CHAPTER.match(literal):
                info.chapters.append(literal)
                info.seeds.append(_seed(node, info))
            elif name == "ask":
                if literal is None:
                    literal = next((k.value.value for k in node.keywords if k.arg == "exercise_id"
                                    and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)), None)
                if literal and EXERCISE.match(literal):
                    info.asked.append(literal)
    if len(set(info.seeds)) > 1:
        info.notes.append(f"several exercises.start seeds in the notebook {sorted(set(map(str, info.seeds)))}; "
                          "the first one counts")


def _seed(call: ast.Call, info: NotebookInfo) -> int | None:
    node = next((k.value for k in call.keywords if k.arg == "seed"), call.args[1] if len(call.args) > 1 else None)
    if node is None:
        return None
    if isinstance(node, ast.Constant) and (node.value is None or (isinstance(node.value, int)
                                                                   and not isinstance(node.value, bool)
                                                                   and node.value >= 0)):
        return node.value
    info.notes.append("the seed in exercises.start(...) is not a plain number; the default variant is used "
                      "unless the roster gives one")
    return None
