"""The course's Python package: cited data, pharmacology models and their views.

Notebooks import it as ``import widgets as cw`` (``import ipywidgets as ipw`` for ipywidgets).
"""
from . import ch1, data, style, views
from .data import affinity, fact, ki_nm, value
from .views import Control, Explorer
from .text import affinity_table, facts_table, md

__all__ = ["data", "style", "views", "fact", "value", "affinity", "ki_nm", "Control", "Explorer", "md", "affinity_table", "facts_table"]
