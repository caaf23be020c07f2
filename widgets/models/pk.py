"""Oral one-compartment pharmacokinetics with first-order absorption, repeated dosing and titration.

Why this model: it is the simplest one that shows what the course teaches: accumulation, time to steady
state, and why a dose step every 1–2 weeks lets each level settle first. Its half-life is the one that
sets accumulation. For mirtazapine that is an *effective* half-life back-calculated from the label's
accumulation ratio (:func:`effective_half_life_h`), shorter than the 20–40 h terminal half-life: the
terminal tail of a racemate with a recirculating glucuronide over-predicts accumulation (Sahin & Benet
2008). The course's drug bindings (which numbers go in) live in ``widgets/drugs.py``, not here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .validate import array, number

LN2 = math.log(2)


def elimination_rate_per_h(half_life_h: float) -> float:
    """First-order elimination rate constant k = ln 2 / t½.

    Parameters
    ----------
    half_life_h : float
        Half-life (h), > 0 and ≤ 1000.

    Returns
    -------
    float
        k (per h).

    References
    ----------
    course_teaching_models (the standard one-compartment formula)

    Examples
    --------
    >>> round(elimination_rate_per_h(24), 4)
    0.0289
    """
    return LN2 / number("half_life_h", half_life_h, "h", 0, 1000, low_inclusive=False)


def accumulation_ratio(half_life_h: float, interval_h: float) -> float:
    """Steady-state level over first-dose level at the same time after a dose: R = 1 / (1 − 2^(−τ/t½)).

    Parameters
    ----------
    half_life_h : float
        The half-life that governs accumulation (h). For a drug whose terminal tail is slow but carries
        little of the AUC, use the effective half-life, not the terminal one.
    interval_h : float
        Dosing interval τ (h), > 0 and ≤ 672.

    Returns
    -------
    float
        Accumulation ratio R (≥ 1).

    References
    ----------
    sahin2008

    Examples
    --------
    >>> round(accumulation_ratio(30, 24), 2)   # a 30 h terminal half-life predicts 2.35...
    2.35
    >>> round(accumulation_ratio(15.14, 24), 2)  # ...the label's 1.5 needs about 15 h
    1.5
    """
    k = elimination_rate_per_h(half_life_h)
    tau = number("interval_h", interval_h, "h", 0, 24 * 28, low_inclusive=False)
    return 1.0 / (1.0 - math.exp(-k * tau))


def effective_half_life_h(accumulation_ratio: float, interval_h: float) -> float:
    """The half-life that reproduces an observed accumulation ratio: t½,eff = τ·ln 2 / (−ln(1 − 1/R)).

    Parameters
    ----------
    accumulation_ratio : float
        Observed ratio R of steady-state to first-dose levels, > 1 and ≤ 1000.
    interval_h : float
        Dosing interval τ (h), > 0 and ≤ 672.

    Returns
    -------
    float
        Effective (accumulation) half-life (h).

    References
    ----------
    sahin2008

    Examples
    --------
    >>> round(effective_half_life_h(1.5, 24), 2)   # once daily, the label's ratio
    15.14
    """
    r = number("accumulation_ratio", accumulation_ratio, "ratio", 1, 1000, low_inclusive=False)
    tau = number("interval_h", interval_h, "h", 0, 24 * 28, low_inclusive=False)
    return tau * LN2 / -math.log(1 - 1 / r)


def time_to_steady_state_h(half_life_h: float, fraction: float = 0.9) -> float:
    """Time to reach ``fraction`` of steady state with regular dosing: −ln(1 − f) / k (3.3 t½ for 90 %).

    Parameters
    ----------
    half_life_h : float
        Half-life (h).
    fraction : float
        Share of steady state, > 0 and < 1.

    Returns
    -------
    float
        Time (h).

    References
    ----------
    course_teaching_models (the standard one-compartment formula)

    Examples
    --------
    >>> round(time_to_steady_state_h(15.14, 0.97) / 24, 1)   # days to 97 %
    3.2
    """
    f = number("fraction", fraction, "fraction of steady state", 0, 1, low_inclusive=False)
    if f >= 1:
        raise ValueError("fraction must be < 1: steady state is approached, never reached exactly")
    return -math.log(1 - f) / elimination_rate_per_h(half_life_h)


def absorption_rate_from_tmax(tmax_h: float, half_life_h: float) -> float:
    """The absorption rate constant ka that puts the single-dose peak at ``tmax_h``.

    Parameters
    ----------
    tmax_h : float
        Time of the single-dose peak (h), > 0, ≤ 48 and earlier than 1/k.
    half_life_h : float
        Elimination half-life (h).

    Returns
    -------
    float
        ka (per h), solving tmax = ln(ka/k)/(ka − k).

    References
    ----------
    course_teaching_models (the standard one-compartment formula)

    Examples
    --------
    >>> round(absorption_rate_from_tmax(2, 15.14), 2)
    1.91
    """
    ke = elimination_rate_per_h(half_life_h)
    tmax = number("tmax_h", tmax_h, "h", 0, 48, low_inclusive=False)
    if tmax >= 1 / ke:
        raise ValueError(f"tmax_h {tmax:g} h is too late for a half-life of {half_life_h:g} h")
    # tmax(ka) = ln(ka/ke)/(ka − ke) falls monotonically as ka rises: bisect on log(ka).
    # (scipy.optimize would do it too, but costs ~0.9 s of import in every notebook.)
    lo, hi = math.log(ke * (1 + 1e-9)), math.log(1e3)
    for _ in range(100):
        mid = (lo + hi) / 2
        ka = math.exp(mid)
        lo, hi = (mid, hi) if math.log(ka / ke) / (ka - ke) > tmax else (lo, mid)
    return math.exp((lo + hi) / 2)


@dataclass(frozen=True)
class OralDrug:
    """Apparent (oral) parameters: CL/F (L/h), half-life (h), tmax (h); V/F follows as CL/F · t½ / ln 2.

    Examples
    --------
    >>> d = OralDrug("typical adult", 15.14, 28.2, 2)
    >>> severe = d.with_clearance_change(-50, "severe renal", half_life_change_pct=0)
    >>> severe.half_life_h, severe.clearance_over_f_l_per_h, round(severe.volume_over_f_l / d.volume_over_f_l, 2)
    (15.14, 14.1, 0.5)
    """

    name: str
    half_life_h: float
    clearance_over_f_l_per_h: float
    tmax_h: float

    def __post_init__(self):
        number("half_life_h", self.half_life_h, "h", 0, 1000, low_inclusive=False)
        number("clearance_over_f_l_per_h", self.clearance_over_f_l_per_h, "L/h", 0, 1e4, low_inclusive=False)

    @property
    def volume_over_f_l(self) -> float:
        return self.clearance_over_f_l_per_h * self.half_life_h / LN2

    @property
    def ka_per_h(self) -> float:
        return absorption_rate_from_tmax(self.tmax_h, self.half_life_h)

    def with_clearance_change(self, change_pct: float, label: str, *,
                              half_life_change_pct: float | None) -> "OralDrug":
        """CL/F changed by ``change_pct``; the half-life as its source reports it.

        Parameters
        ----------
        change_pct : float
            Change in oral clearance CL/F (%), −95 to 500 (−50 = halved).
        label : str
            Name of the patient group.
        half_life_change_pct : float or None
            Reported change in half-life (%), −95 to 500; 0 when a study found it unchanged (mirtazapine in
            renal failure: CL/F and V/F fall together). None when no study reports it: V/F is then kept and
            the half-life follows (t½ × 1/(1 + change)). Required, so that a caller has to say which.

        Returns
        -------
        OralDrug
            The patient group's parameters; exposure (AUC, average level) scales by 1/(1 + change).

        References
        ----------
        bengtsson1998
        """
        factor = 1 + number("change_pct", change_pct, "%", -95, 500) / 100
        if half_life_change_pct is None:
            half_life = self.half_life_h / factor
        else:
            half_life = self.half_life_h * (1 + number("half_life_change_pct", half_life_change_pct, "%",
                                                      -95, 500) / 100)
        return OralDrug(label, half_life, self.clearance_over_f_l_per_h * factor, self.tmax_h)


def concentration_ng_ml(t_h, doses: list[tuple[float, float]], drug: OralDrug) -> np.ndarray:
    """Plasma concentration at times ``t_h`` after oral doses, by superposition of single-dose curves.

    Parameters
    ----------
    t_h : array_like
        Times (h).
    doses : list of (float, float)
        (time h, dose mg) pairs, doses ≥ 0 mg.
    drug : OralDrug
        Apparent oral parameters.

    Returns
    -------
    numpy.ndarray
        Concentration (ng/mL) at each time.

    References
    ----------
    course_teaching_models (Bateman function, one compartment)

    Examples
    --------
    >>> drug = OralDrug("x", 15.14, 28.2, 2)
    >>> daily = [(24.0 * d, 15.0) for d in range(30)]
    >>> first, late = concentration_ng_ml([2.0, 24 * 29 + 2.0], daily, drug)
    >>> float(round(late / first, 2))   # same time after a dose: R = 1.5
    1.51
    """
    t = array("t_h", t_h, "h")
    if not doses:
        return np.zeros_like(t)
    times = array("dose times", [d[0] for d in doses], "h")
    amounts = array("doses", [d[1] for d in doses], "mg", 0)
    ke, ka, v = LN2 / drug.half_life_h, drug.ka_per_h, drug.volume_over_f_l
    dt = t[:, None] - times[None, :]
    after = dt >= 0
    dt = np.where(after, dt, 0.0)
    unit = ka / (ka - ke) * (np.exp(-ke * dt) - np.exp(-ka * dt)) / v  # per mg, in mg/L
    return (unit * after * amounts[None, :]).sum(axis=1) * 1000.0     # mg/L → ng/mL


def steady_state_average_ng_ml(dose_mg: float, interval_h: float, drug: OralDrug) -> float:
    """Average steady-state level: dose / (CL/F · τ).

    Parameters
    ----------
    dose_mg : float
        Dose per interval (mg), ≥ 0.
    interval_h : float
        Dosing interval (h), > 0.
    drug : OralDrug
        Apparent oral clearance CL/F is used.

    Returns
    -------
    float
        Average concentration over an interval at steady state (ng/mL).

    References
    ----------
    course_teaching_models (standard formula)

    Examples
    --------
    >>> round(steady_state_average_ng_ml(30, 24, OralDrug("x", 15.14, 28.2, 2)), 1)
    44.3
    """
    d = number("dose_mg", dose_mg, "mg", 0)
    tau = number("interval_h", interval_h, "h", 0, low_inclusive=False)
    return d / (drug.clearance_over_f_l_per_h * tau) * 1000.0


def titration(steps_mg: list[float], step_days: float, total_days: float, dose_hour: float = 22.0,
              interval_h: float = 24.0) -> list[tuple[float, float]]:
    """Nightly doses: ``steps_mg[0]`` from day 0, the next step every ``step_days`` days.

    Parameters
    ----------
    steps_mg : list of float
        Dose at each step (mg), 0 to 1000.
    step_days : float
        Days between steps, > 0 and ≤ 365.
    total_days : float
        Length of the schedule (days), > 0 and ≤ 730.
    dose_hour : float
        Hour of the day of each dose (0–24).
    interval_h : float
        Dosing interval (h).

    Returns
    -------
    list of (float, float)
        (time h, dose mg) pairs.

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> titration([15, 30], step_days=2, total_days=4)
    [(22.0, 15.0), (46.0, 15.0), (70.0, 30.0), (94.0, 30.0)]
    """
    if not steps_mg:
        raise ValueError("steps_mg must list at least one dose (mg)")
    for i, s in enumerate(steps_mg):
        number(f"steps_mg[{i}]", s, "mg", 0, 1000)
    step = number("step_days", step_days, "days", 0, 365, low_inclusive=False)
    total = number("total_days", total_days, "days", 0, 730, low_inclusive=False)
    number("dose_hour", dose_hour, "h of the day", 0, 24)
    doses, t = [], dose_hour
    while t < total * 24:
        index = min(int((t - dose_hour) // (step * 24)), len(steps_mg) - 1)
        doses.append((t, float(steps_mg[index])))
        t += interval_h
    return doses
