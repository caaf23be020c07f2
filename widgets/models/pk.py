"""Oral one-compartment pharmacokinetics with first-order absorption, repeated dosing and titration.

Why this model: it is the simplest one that shows what the course teaches: accumulation, the ~4–5
half-lives to steady state, and why a dose step every 1–2 weeks lets each level settle first.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import data
from .validate import array, number

LN2 = math.log(2)


def elimination_rate_per_h(half_life_h: float) -> float:
    return LN2 / number("half_life_h", half_life_h, "h", 0, 1000, low_inclusive=False)


def accumulation_ratio(half_life_h: float, interval_h: float) -> float:
    """Steady-state level over first-dose level at the same time after a dose: 1 / (1 − e^(−kτ))."""
    k = elimination_rate_per_h(half_life_h)
    tau = number("interval_h", interval_h, "h", 0, 24 * 28, low_inclusive=False)
    return 1.0 / (1.0 - math.exp(-k * tau))


def time_to_steady_state_h(half_life_h: float, fraction: float = 0.9) -> float:
    """Time to reach ``fraction`` of steady state with regular dosing: −ln(1 − f) / k (≈3.3 t½ for 90%)."""
    f = number("fraction", fraction, "fraction of steady state", 0, 1, low_inclusive=False)
    if f >= 1:
        raise ValueError("fraction must be < 1: steady state is approached, never reached exactly")
    return -math.log(1 - f) / elimination_rate_per_h(half_life_h)


def absorption_rate_from_tmax(tmax_h: float, half_life_h: float) -> float:
    """The absorption rate constant ka (per h) that puts the single-dose peak at ``tmax_h``."""
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
    """Apparent (oral) parameters: clearance CL/F and half-life; V/F follows as CL/F · t½ / ln 2."""

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

    def with_clearance_change(self, change_pct: float, label: str) -> "OralDrug":
        """Same volume, clearance changed by ``change_pct`` (e.g. −30): the half-life lengthens."""
        factor = 1 + number("change_pct", change_pct, "%", -95, 500) / 100
        return OralDrug(label, self.half_life_h / factor, self.clearance_over_f_l_per_h * factor, self.tmax_h)

    def with_half_life(self, half_life_h: float, label: str) -> "OralDrug":
        """Same volume, a different half-life (so clearance changes in proportion)."""
        factor = self.half_life_h / number("half_life_h", half_life_h, "h", 0, 1000, low_inclusive=False)
        return OralDrug(label, half_life_h, self.clearance_over_f_l_per_h * factor, self.tmax_h)


def concentration_ng_ml(t_h, doses: list[tuple[float, float]], drug: OralDrug) -> np.ndarray:
    """Plasma concentration (ng/mL) at times ``t_h`` after doses given as (time h, dose mg): superposition."""
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
    """Average steady-state level: dose / (CL/F · τ)."""
    d = number("dose_mg", dose_mg, "mg", 0)
    tau = number("interval_h", interval_h, "h", 0, low_inclusive=False)
    return d / (drug.clearance_over_f_l_per_h * tau) * 1000.0


def titration(steps_mg: list[float], step_days: float, total_days: float, dose_hour: float = 22.0,
              interval_h: float = 24.0) -> list[tuple[float, float]]:
    """Nightly doses: ``steps_mg[0]`` from day 0, the next step every ``step_days`` days."""
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


# ---- the course's mirtazapine, from cited data --------------------------------------------------
@lru_cache(maxsize=1)
def mirtazapine() -> OralDrug:
    """Typical adult: half-life at the middle of the label range; CL/F from the TDM concentration/dose
    ratio (Myung 2014), so average levels match what patients on the drug showed."""
    half_life = data.fact("mirtazapine.half_life_h").mid
    c_per_dose = data.value("mirtazapine.conc_per_dose_ng_ml_per_mg")   # ng/mL per mg/day
    clearance_over_f = 1000.0 / (c_per_dose * 24.0)                     # L/h
    return OralDrug("typical adult", half_life, clearance_over_f, data.value("mirtazapine.tmax_h"))


def mirtazapine_patients() -> dict[str, OralDrug]:
    """Patient groups from cited half-lives and clearance changes (same volume of distribution)."""
    base = mirtazapine()
    man = base.with_half_life(data.value("mirtazapine.half_life_men_h"), "man")
    return {
        "typical adult": base,
        "man": man,
        "woman": base.with_half_life(data.value("mirtazapine.half_life_women_h"), "woman"),
        "elderly man": man.with_clearance_change(data.value("mirtazapine.elderly_men_clearance_change_pct"),
                                                 "elderly man"),
        "hepatic impairment": base.with_clearance_change(
            data.value("mirtazapine.hepatic_clearance_change_pct"), "hepatic impairment"),
        "severe renal impairment": base.with_clearance_change(
            data.value("mirtazapine.renal_severe_clearance_change_pct"), "severe renal impairment"),
    }
