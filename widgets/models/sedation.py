"""Combined sedation from two CNS depressants taken on a schedule: a teaching model.

Why: mirtazapine (H1 blockade) and clonazepam (GABA-A potentiation) sedate by different mechanisms and
are not expected to change each other's kinetics, so the question for a patient is how the two
concentration curves overlap with the waking day. The kinetics come from cited data (``pk.OralDrug``);
the concentration-effect curves and the rule that combines them are teaching assumptions and are
labelled as such wherever they are shown. The course's drugs and its simulated week are bound in
``widgets/drugs.py``; this module takes plain numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import pk
from .occupancy import hill_fraction
from .validate import array, number

RULES = ("bliss", "sum")


# ---- concentration -> effect ---------------------------------------------------------------------
def emax_effect(conc_ng_ml, ec50_ng_ml: float, hill: float = 1.0):
    """Fraction of the maximal sedative effect: Cⁿ / (Cⁿ + EC50ⁿ) (an Emax model with Emax = 1).

    Parameters
    ----------
    conc_ng_ml : float or array_like
        Plasma concentration (ng/mL), ≥ 0.
    ec50_ng_ml : float
        Concentration giving half the maximal effect (ng/mL), > 0 (a teaching assumption here).
    hill : float
        Steepness, 0.1 to 5.

    Returns
    -------
    float or numpy.ndarray
        Effect, fraction 0–1.

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> emax_effect(20.0, 20.0)
    0.5
    """
    return hill_fraction(conc_ng_ml, ec50_ng_ml, hill, conc_name="conc_ng_ml", half_name="ec50_ng_ml",
                         unit="ng/mL")


def combine(effect_a, effect_b, rule: str = "bliss"):
    """Two fractional effects combined additively.

    ``bliss``: 1 − (1 − Ea)(1 − Eb) = Ea + Eb − Ea·Eb, each drug acting independently on what the other
    leaves; ``sum``: Ea + Eb capped at 1, the cruder "just add them" rule. Neither is synergy.

    Parameters
    ----------
    effect_a, effect_b : float or array_like
        Each drug's effect alone, fraction 0–1.
    rule : {"bliss", "sum"}
        How to combine.

    Returns
    -------
    float or numpy.ndarray
        Combined effect, fraction 0–1.

    References
    ----------
    course_teaching_models (Bliss independence)

    Examples
    --------
    >>> round(combine(0.5, 0.5), 2), round(combine(0.5, 0.5, "sum"), 2)
    (0.75, 1.0)
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}; got {rule!r}")
    a = array("effect_a", effect_a, "fraction 0–1", 0)
    b = array("effect_b", effect_b, "fraction 0–1", 0)
    if np.any(a > 1) or np.any(b > 1):
        raise ValueError("effect_a and effect_b must be fractions between 0 and 1")
    out = a + b - a * b if rule == "bliss" else np.minimum(a + b, 1.0)
    return float(out) if np.ndim(effect_a) == 0 and np.ndim(effect_b) == 0 else out


def ec50_at_reference(drug: pk.OralDrug, reference_daily_dose_mg: float, fraction: float = 1.0) -> float:
    """EC50 (ng/mL) placed at ``fraction`` × the steady-state average level of a reference daily dose.

    Why anchor it there: no study gives a sedation EC50 for either drug, but anchoring each curve on a
    usual dose makes the two drugs comparable (a usual dose alone gives about half-maximal sedation).

    Parameters
    ----------
    drug : pk.OralDrug
        The drug's kinetics (CL/F is used).
    reference_daily_dose_mg : float
        The usual daily dose (mg), > 0.
    fraction : float
        Multiple of that dose's average steady-state level, > 0 and ≤ 100.

    Returns
    -------
    float
        EC50 (ng/mL).

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> round(ec50_at_reference(pk.OralDrug("x", 15.14, 28.2, 2), 15), 1)
    22.2
    """
    f = number("fraction", fraction, "multiple of the reference level", 0, 100, low_inclusive=False)
    dose = number("reference_daily_dose_mg", reference_daily_dose_mg, "mg", 0, 1000, low_inclusive=False)
    return f * pk.steady_state_average_ng_ml(dose, 24.0, drug)


# ---- schedules and the simulated days ------------------------------------------------------------
def schedule(dose_mg: float, clock_h: float, days: float) -> list[tuple[float, float]]:
    """Once-daily doses at ``clock_h`` (hour of the day) from day 0 for ``days`` days; none if the dose is 0.

    Parameters
    ----------
    dose_mg : float
        Dose (mg), 0 to 1000.
    clock_h : float
        Hour of the day, 0 to < 24.
    days : float
        Days simulated, > 0 and ≤ 60.

    Returns
    -------
    list of (float, float)
        (time h, dose mg) pairs.

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> schedule(15, 22, 2)
    [(22.0, 15.0), (46.0, 15.0)]
    """
    dose = number("dose_mg", dose_mg, "mg", 0, 1000)
    clock = number("clock_h", clock_h, "h of the day", 0, 24)
    total = number("days", days, "days", 0, 60, low_inclusive=False)
    if clock >= 24:
        raise ValueError("clock_h must be < 24 h of the day (use 0 for midnight)")
    if dose == 0:
        return []
    return pk.titration([dose], step_days=total, total_days=total, dose_hour=clock)   # one step, every 24 h


@dataclass(frozen=True)
class TwoDrugDay:
    """Concentrations (ng/mL) and sedation fractions (0–1) of two drugs on a time grid (hours)."""

    t_h: np.ndarray
    conc_a: np.ndarray
    conc_b: np.ndarray
    effect_a: np.ndarray
    effect_b: np.ndarray
    combined: np.ndarray


def simulate(t_h, doses_a, drug_a: pk.OralDrug, ec50_a: float, doses_b, drug_b: pk.OralDrug, ec50_b: float,
             hill: float = 1.0, rule: str = "bliss") -> TwoDrugDay:
    """Both concentration curves (superposition of oral doses) and their separate and combined effects.

    Parameters
    ----------
    t_h : array_like
        Time grid (h), ≥ 0.
    doses_a, doses_b : list of (float, float)
        Each drug's (time h, dose mg) schedule.
    drug_a, drug_b : pk.OralDrug
        Their kinetics.
    ec50_a, ec50_b : float
        Their EC50s (ng/mL).
    hill : float
        Steepness of both curves.
    rule : {"bliss", "sum"}
        How the effects combine.

    Returns
    -------
    TwoDrugDay
        Concentrations (ng/mL) and effects (0–1) on the grid.

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> d = pk.OralDrug("x", 15.14, 28.2, 2)
    >>> day = simulate([0, 2], [(0.0, 15.0)], d, 20.0, [], d, 20.0)
    >>> day.conc_b.tolist(), round(float(day.combined[1]), 2)
    ([0.0, 0.0], 0.53)
    """
    t = array("t_h", t_h, "h", 0)
    ca = pk.concentration_ng_ml(t, doses_a, drug_a)
    cb = pk.concentration_ng_ml(t, doses_b, drug_b)
    ea, eb = emax_effect(ca, ec50_a, hill), emax_effect(cb, ec50_b, hill)
    return TwoDrugDay(t, ca, cb, ea, eb, combine(ea, eb, rule))


def waking_mean(t_h, values, day: int, waking_clock_h=(8.0, 22.0)) -> float:
    """Mean of ``values`` over the waking hours of day ``day`` (0 = first day), from grid points inside it.

    Parameters
    ----------
    t_h : array_like
        Time grid (h).
    values : array_like
        Values on that grid (any unit), same length.
    day : int
        Day index, ≥ 0.
    waking_clock_h : (float, float)
        Waking hours (start, end), hours of the day.

    Returns
    -------
    float
        The mean.

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> waking_mean([0, 8, 12, 22, 23], [9, 1, 2, 3, 9], 0)
    2.0
    """
    t = array("t_h", t_h, "h")
    v = array("values", values, "any unit")
    if t.shape != v.shape:
        raise ValueError(f"t_h and values must have the same length; got {t.size} and {v.size}")
    d = number("day", day, "day index", 0)
    start, end = (number("waking start", waking_clock_h[0], "h of the day", 0, 24),
                  number("waking end", waking_clock_h[1], "h of the day", 0, 24))
    if end <= start:
        raise ValueError("waking_clock_h must be (start, end) with end later than start")
    inside = (t >= 24 * d + start) & (t <= 24 * d + end)
    if not inside.any():
        raise ValueError(f"no time points fall in the waking hours of day {d:g}")
    return float(v[inside].mean())
