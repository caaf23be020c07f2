"""Input checks shared by every model: one ValueError style for every bad input.

Why one module: a student who types "15 mg", -1, 1e309 or NaN into any model gets the same kind of
message, naming the parameter, the allowed range with its unit, and the value that was given, e.g.
``dose_mg must be ≥ 0 mg (allowed: 0 to 1000 mg); got -1``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np


def _as_float(value) -> float:
    """float(value) for real, non-bool numbers; NaN for anything else (str, bool, ints too big for a float)."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.integer, np.floating)):
        return math.nan
    try:
        return float(value)
    except (OverflowError, ValueError):
        return math.nan


def _allowed(low, high, unit, low_inclusive, high_inclusive) -> str:
    if low is None or high is None:
        return ""
    return f" (allowed: {low:g} to {high:g} {unit})"


def _check_range(name, v, shown, unit, low, high, low_inclusive, high_inclusive, kind=""):
    allowed = _allowed(low, high, unit, low_inclusive, high_inclusive)
    if low is not None and (v < low if low_inclusive else v <= low):
        raise ValueError(f"{name} must be {kind}{'≥' if low_inclusive else '>'} {low:g} {unit}{allowed}; "
                         f"got {shown}")
    if high is not None and (v > high if high_inclusive else v >= high):
        raise ValueError(f"{name} must be {kind}{'≤' if high_inclusive else '<'} {high:g} {unit}{allowed}; "
                         f"got {shown}")


def number(name: str, value, unit: str, low: float | None = None, high: float | None = None,
           *, low_inclusive: bool = True, high_inclusive: bool = True) -> float:
    """A finite real number within [low, high] (ends open when ``*_inclusive`` is False).

    >>> number("dose_mg", 15, "mg", 0, 1000)
    15.0
    >>> number("dose_mg", "15 mg", "mg", 0, 1000)
    Traceback (most recent call last):
    ValueError: dose_mg must be a number (mg); got '15 mg'
    """
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number ({unit}); got {value!r}")
    v = _as_float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number ({unit}); got {value!r}")
    _check_range(name, v, f"{v:g}", unit, low, high, low_inclusive, high_inclusive)
    return v


def whole(name: str, value, unit: str, low: int = 0, high: int | None = None, high_name: str = "") -> int:
    """A whole number in low..high; integral floats such as 3.0 are accepted, 2.5, True and "3" are not.

    ``high_name`` names the parameter that sets the upper end (e.g. events ≤ n_treat).

    >>> whole("n_treat", 12.0, "patients", 1)
    12
    >>> whole("events", 13, "patients", 0, 12, "n_treat")
    Traceback (most recent call last):
    ValueError: events must be a whole number ≤ 12 patients (n_treat) (allowed: 0 to 12 patients); got 13
    """
    x = _as_float(value)
    if not (math.isfinite(x) and (isinstance(value, numbers.Integral) or x.is_integer())):
        upper = f" and ≤ {high:g}" if high is not None else ""
        raise ValueError(f"{name} must be a whole number ≥ {low:g}{upper} ({unit}); got {value!r}")
    unit_shown = f"{unit} ({high_name})" if high_name else unit
    if high is not None and x > high:
        raise ValueError(f"{name} must be a whole number ≤ {high:g} {unit_shown}"
                         f"{_allowed(low, high, unit, True, True)}; got {value!r}")
    _check_range(name, x, repr(value), unit, low, high, True, True, kind="a whole number ")
    return int(value)


def array(name: str, values, unit: str, low: float | None = None) -> np.ndarray:
    """A 1-D float array of finite values ≥ low (a single number becomes a 0-d array).

    >>> array("t_h", [0, 12, 24], "h", 0)
    array([ 0., 12., 24.])
    """
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be numbers ({unit}); got {values!r}") from None
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a single number or a 1-D list of numbers ({unit})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers ({unit})")
    if low is not None and np.any(arr < low):
        raise ValueError(f"{name} must be ≥ {low:g} {unit}; got {arr.min():g}")
    return arr


def fraction_array(name: str, values, what: str = "fraction 0–1") -> np.ndarray:
    """Values between 0 and 1 inclusive (occupancies, shares).

    >>> fraction_array("occupancy", [0, 0.5, 1])
    array([0. , 0.5, 1. ])
    """
    arr = array(name, values, what, 0)
    if np.any(arr > 1):
        raise ValueError(f"{name} must be ≤ 1 ({what}); got {arr.max():g}")
    return arr
