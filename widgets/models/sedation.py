"""Combined sedation from two CNS depressants taken on a schedule: a teaching model.

Why: mirtazapine (H1 blockade) and clonazepam (GABA-A potentiation) sedate by different mechanisms and
are not expected to change each other's kinetics, so the question for a patient is how the two
concentration curves overlap with the waking day. The kinetics come from cited data (``pk.OralDrug``);
the concentration-effect curves and the rule that combines them are teaching assumptions and are
labelled as such wherever they are shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import data
from . import pk
from .occupancy import hill_fraction
from .validate import array, number

RULES = ("bliss", "sum")


# ---- clonazepam from cited data ------------------------------------------------------------------
@lru_cache(maxsize=1)
def clonazepam() -> pk.OralDrug:
    """Typical adult: the label's half-life (middle of 30–40 h), the label's tmax (middle of 1–4 h) and the
    apparent oral clearance CL/F measured with 0.5 mg three times daily (72 mL/min = 4.32 L/h).
    CL/F already contains the ~90% bioavailability, so no separate F is needed."""
    clearance_l_per_h = data.value("clonazepam.apparent_oral_clearance_ml_min") * 60 / 1000
    return pk.OralDrug("clonazepam", data.fact("clonazepam.half_life_h").mid, clearance_l_per_h,
                       data.fact("clonazepam.tmax_h").mid)


# ---- concentration -> effect ---------------------------------------------------------------------
def emax_effect(conc_ng_ml, ec50_ng_ml: float, hill: float = 1.0):
    """Fraction (0–1) of the maximal sedative effect: Cⁿ / (Cⁿ + EC50ⁿ) (an Emax model with Emax = 1)."""
    return hill_fraction(conc_ng_ml, ec50_ng_ml, hill, conc_name="conc_ng_ml", half_name="ec50_ng_ml",
                         unit="ng/mL")


def combine(effect_a, effect_b, rule: str = "bliss"):
    """Two fractional effects combined additively.

    ``bliss``: 1 − (1 − Ea)(1 − Eb) = Ea + Eb − Ea·Eb, each drug acting independently on what the other
    leaves; ``sum``: Ea + Eb capped at 1, the cruder "just add them" rule. Neither is synergy."""
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
    usual dose makes the two drugs comparable (a usual dose alone gives about half-maximal sedation)."""
    f = number("fraction", fraction, "multiple of the reference level", 0, 100, low_inclusive=False)
    dose = number("reference_daily_dose_mg", reference_daily_dose_mg, "mg", 0, 1000, low_inclusive=False)
    return f * pk.steady_state_average_ng_ml(dose, 24.0, drug)


# ---- schedules and the simulated days ------------------------------------------------------------
def schedule(dose_mg: float, clock_h: float, days: float) -> list[tuple[float, float]]:
    """Once-daily doses at ``clock_h`` (hour of the day) from day 0 for ``days`` days; none if the dose is 0."""
    dose = number("dose_mg", dose_mg, "mg", 0, 1000)
    clock = number("clock_h", clock_h, "h of the day", 0, 24)
    total = number("days", days, "days", 0, 60, low_inclusive=False)
    if clock >= 24:
        raise ValueError("clock_h must be < 24 h of the day (use 0 for midnight)")
    if dose == 0:
        return []
    return [(clock + 24.0 * d, dose) for d in range(int(np.ceil(total))) if clock + 24.0 * d < total * 24]


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
    """Both concentration curves (superposition of oral doses) and their separate and combined effects."""
    t = array("t_h", t_h, "h", 0)
    ca = pk.concentration_ng_ml(t, doses_a, drug_a)
    cb = pk.concentration_ng_ml(t, doses_b, drug_b)
    ea, eb = emax_effect(ca, ec50_a, hill), emax_effect(cb, ec50_b, hill)
    return TwoDrugDay(t, ca, cb, ea, eb, combine(ea, eb, rule))


def waking_mean(t_h, values, day: int, waking_clock_h=(8.0, 22.0)) -> float:
    """Mean of ``values`` over the waking hours of day ``day`` (0 = first day), from grid points inside it."""
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


# ---- the chapter's setting, from the data files --------------------------------------------------
@dataclass(frozen=True)
class CourseSetting:
    """Everything the chapter's widget and exercises share: drugs, EC50s, curve steepness, the day."""

    mirtazapine: dict
    clonazepam: pk.OralDrug
    ec50_mirtazapine_ng_ml: float
    ec50_clonazepam_ng_ml: float
    hill: float
    waking_clock_h: tuple
    days: float


@lru_cache(maxsize=1)
def course_setting() -> CourseSetting:
    """EC50s are anchored on the *typical adult* at usual doses (mirtazapine's labelled start, clonazepam's
    labelled panic-disorder target), so a patient with slower clearance gets higher levels and more
    sedation from the same dose; sensitivity itself is kept the same for everyone."""
    fraction = data.value("model.sedation_ec50_fraction_of_typical")
    patients = pk.mirtazapine_patients()
    clon = clonazepam()
    return CourseSetting(
        mirtazapine=patients,
        clonazepam=clon,
        ec50_mirtazapine_ng_ml=ec50_at_reference(patients["typical adult"],
                                                 data.value("mirtazapine.start_dose_mg"), fraction),
        ec50_clonazepam_ng_ml=ec50_at_reference(clon, data.value("clonazepam.panic_target_dose_mg_day"), fraction),
        hill=data.value("model.ch3_sedation_hill"),
        waking_clock_h=tuple(data.value("model.ch3_waking_hours_clock_h")),
        days=data.value("model.ch3_simulated_days"),
    )


def course_day(mirtazapine_mg: float, mirtazapine_clock_h: float, clonazepam_mg: float,
               patient: str = "typical adult", step_h: float = 1.0, rule: str = "bliss") -> TwoDrugDay:
    """The chapter's scenario: nightly clonazepam at bedtime, mirtazapine at a chosen hour, over the
    simulated days. Clonazepam kinetics stay those of the typical adult (no cited figure for the elderly or
    for liver disease), so for those patients the model understates the clonazepam side."""
    s = course_setting()
    if patient not in s.mirtazapine:
        raise ValueError(f"patient must be one of {list(s.mirtazapine)}; got {patient!r}")
    step = number("step_h", step_h, "h", 0, 12, low_inclusive=False)
    t = np.arange(0, s.days * 24 + step / 2, step)
    bedtime = s.waking_clock_h[1]
    return simulate(t, schedule(mirtazapine_mg, mirtazapine_clock_h, s.days), s.mirtazapine[patient],
                    s.ec50_mirtazapine_ng_ml, schedule(clonazepam_mg, bedtime, s.days), s.clonazepam,
                    s.ec50_clonazepam_ng_ml, s.hill, rule)
