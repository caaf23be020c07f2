"""Every public model function documents itself the numpydoc way, cites references.bib, and shows an example.

The examples run as doctests (``--doctest-modules`` on widgets/models, see pyproject.toml); this test makes
sure none is missing and that each References line names keys that exist.
"""
import importlib
import inspect
import pkgutil
import re

import pytest

import widgets.models
from helpers import ROOT

SECTIONS = ("Parameters", "Returns", "References", "Examples")


def _public_functions():
    for info in pkgutil.iter_modules(widgets.models.__path__):
        module = importlib.import_module(f"widgets.models.{info.name}")
        if info.name == "validate":
            continue   # input checks, not models (they carry doctests of their own)
        for name, fn in vars(module).items():
            if inspect.isfunction(fn) and fn.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{info.name}.{name}", fn


BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("name, fn", list(_public_functions()), ids=lambda x: x if isinstance(x, str) else "")
def test_public_model_function_is_documented(name, fn):
    doc = inspect.getdoc(fn) or ""
    for section in SECTIONS:
        assert re.search(rf"^{section}\n-+$", doc, re.M), f"{name}: no {section} section"
    refs = re.search(r"^References\n-+\n(.*?)(?:\n\n|$)", doc, re.M | re.S).group(1)
    keys = re.findall(r"[a-z][a-z0-9_]+\d{4}[a-z_]*|course_teaching_models", refs)
    assert keys, f"{name}: References names no references.bib key"
    missing = [k for k in keys if k not in BIB_KEYS]
    assert not missing, f"{name}: {missing} not in references.bib"
    assert ">>> " in doc, f"{name}: no example"


def test_the_check_catches_an_undocumented_function():
    def bare(x):
        """Just a sentence."""
        return x

    with pytest.raises(AssertionError, match="no Parameters section"):
        test_public_model_function_is_documented("bare", bare)
