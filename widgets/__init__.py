"""The course's Python package: cited data, pharmacology models and their views.

Notebooks import it as ``import widgets as cw`` (``import ipywidgets as ipw`` for ipywidgets).
"""
from . import data, style, views
from .data import affinity, fact, ki_nm, value
from .views import Control, Explorer
from .text import affinity_table, facts_table, md

__all__ = ["data", "style", "views", "fact", "value", "affinity", "ki_nm", "Control", "Explorer", "md", "affinity_table", "facts_table"]


def __getattr__(name):
    """``cw.ch1``, ``cw.ch2``, ``cw.ch3``: each chapter's widgets, imported when first used."""
    if name in ("ch1", "ch2", "ch3"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
