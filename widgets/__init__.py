"""The course's Python package: cited data, pharmacology models and their views.

Notebooks import it as ``import widgets as cw`` (``import ipywidgets as ipw`` for ipywidgets).
A chapter's figures live in ``widgets/chN.py``: every public function there annotated ``-> Explorer``
is one figure. :func:`explorers` finds them all; the book, ``make bench`` and the tests use that one list.
"""
import re
from pathlib import Path

from . import data, style, views
from .data import affinity, fact, ki_nm, value
from .text import affinity_table, facts_table, render
from .views import Control, Explorer

__all__ = ["data", "style", "views", "fact", "value", "affinity", "ki_nm", "Control", "Explorer", "render",
           "affinity_table", "facts_table", "chapter_names", "explorers"]


def chapter_names() -> list[str]:
    """``["ch1", "ch2", ...]``: every chapter module in this package (``chN.py`` exactly; a helper module
    such as ``reanalysis.py`` is not a chapter)."""
    stems = (p.stem for p in Path(__file__).parent.glob("ch*.py"))
    return sorted((s for s in stems if re.fullmatch(r"ch\d+", s)), key=lambda s: int(s[2:]))


def explorers() -> dict:
    """Every figure of every chapter: ``{"ch1.pk_explorer": factory}``, in chapter and source order."""
    import importlib
    import inspect

    found = {}
    for name in chapter_names():
        module = importlib.import_module(f"{__name__}.{name}")
        members = [(n, f) for n, f in vars(module).items() if inspect.isfunction(f)
                   and f.__module__ == module.__name__ and not n.startswith("_")
                   and inspect.signature(f).return_annotation in ("Explorer", Explorer)]
        found.update({f"{name}.{n}": f for n, f in members})
    return found


def __getattr__(name):
    """``cw.ch1``, ``cw.ch2``, …: each chapter's widgets, imported when first used."""
    if name in chapter_names():
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
