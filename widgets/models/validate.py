"""Input checks shared by the models: a clear ValueError naming the parameter, its unit and range."""
from __future__ import annotations

import math

import numpy as np


def number(name: str, value, unit: str, low: float | None = None, high: float | None = None,
           *, low_inclusive: bool = True) -> float:
    """A finite real number within [low, high]; anything else raises ValueError with a readable reason."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number ({unit}); got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number ({unit}); got {value!r}")
    if low is not None and (v < low if low_inclusive else v <= low):
        raise ValueError(f"{name} must be {'≥' if low_inclusive else '>'} {low:g} {unit}; got {v:g}")
    if high is not None and v > high:
        raise ValueError(f"{name} must be ≤ {high:g} {unit}; got {v:g}")
    return v


def array(name: str, values, unit: str, low: float | None = None) -> np.ndarray:
    """A 1-D float array of finite values ≥ low."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers ({unit})") from None
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a single number or a 1-D list of numbers ({unit})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers ({unit})")
    if low is not None and np.any(arr < low):
        raise ValueError(f"{name} must be ≥ {low:g} {unit}; got {arr.min():g}")
    return arr
