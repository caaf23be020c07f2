"""Two ways to raise synaptic serotonin, used together, and what is left of fluoxetine after a "switch".

Why: an SSRI lengthens the residence time of released 5-HT (SERT blockade) while an α2 antagonist raises
release per impulse and, through noradrenaline and α1 receptors, raphe firing; the steady-state level is
release rate × residence time (``synapse.py``), so the two effects multiply. The SSRI's own 5-HT1A
feedback lowers firing at first and fades over weeks. And fluoxetine's active metabolite lingers for
weeks, so a trial arm that "switches" from fluoxetine is, for a while, a combination arm. Teaching models
built on cited parameters.
"""
from __future__ import annotations

import numpy as np

from .synapse import DrugAtSynapse, SynapseParameters, response
from .validate import array, fraction_array, number

TARGETS = ("alpha2", "NET", "SERT")


def combined_occupancy(*occupancies):
    """Occupancy of one site by several competitive ligands, from each ligand's occupancy alone.

    With one site, ligand i alone gives O_i = x_i / (1 + x_i), x_i = C_i/K_i; together the site holds
    Σx / (1 + Σx).

    Parameters
    ----------
    *occupancies : float or array_like
        Each ligand's occupancy alone, fraction 0 to < 1.

    Returns
    -------
    numpy.ndarray
        Occupancy of the site by all ligands together.

    References
    ----------
    course_teaching_models (competitive binding at one site)

    Examples
    --------
    >>> round(float(combined_occupancy(0.5, 0.5)), 3)   # two half-occupying drugs: 2/3, not 100 %
    0.667
    """
    if not occupancies:
        raise ValueError("combined_occupancy needs at least one occupancy (fraction 0–1)")
    odds = 0.0
    for i, o in enumerate(occupancies):
        arr = fraction_array(f"occupancies[{i}]", o)
        if np.any(arr >= 1):
            raise ValueError(f"occupancies[{i}] must be < 1 (a fraction of sites; 1 needs infinite drug); "
                             f"got {arr.max():g}")
        odds = odds + arr / (1 - arr)
    return odds / (1 + odds)


def combination_response(ssri: DrugAtSynapse, ssri_dose_mg: float, antagonist: DrugAtSynapse,
                         antagonist_dose_mg, params: SynapseParameters, day=0.0) -> dict[str, np.ndarray]:
    """Firing, release and synaptic levels (relative to rest) for an SSRI at a fixed dose plus an α2 antagonist.

    Parameters
    ----------
    ssri : DrugAtSynapse
        The SSRI's numbers.
    ssri_dose_mg : float
        SSRI daily dose (mg), 0 to 1000.
    antagonist : DrugAtSynapse
        The α2 antagonist's numbers.
    antagonist_dose_mg : float or array_like
        Antagonist daily dose(s) (mg): the x-axis of a plot.
    params : SynapseParameters
        The teaching assumptions.
    day : float or array_like
        Day of treatment (0 = first).

    Returns
    -------
    dict of numpy.ndarray
        As ``synapse.response``, plus "alpha2 occupancy" and "SERT occupancy" (each target's occupancy
        combines both drugs competitively).

    References
    ----------
    deboer1995ruigt, chaput1986

    Examples
    --------
    >>> p = SynapseParameters(0.5, 0.3, 0.8, 0.6, 5, 0.5)
    >>> ssri = DrugAtSynapse("SSRI", 0.0, None, None, sert_ed50_mg=1.25, sert_max_occupancy=0.85)
    >>> mirt = DrugAtSynapse("mirtazapine", 0.836, 100.0, 4600.0)
    >>> r = combination_response(ssri, 20, mirt, [0, 30], p)
    >>> np.round(r["synaptic 5-HT"], 2)
    array([1.44, 1.73])
    """
    dose = number("ssri_dose_mg", ssri_dose_mg, "mg/day", 0, 1000)
    a_occ = antagonist.occupancies(antagonist_dose_mg)
    s_occ = ssri.occupancies(np.full_like(a_occ["alpha2"], dose))
    occ = {t: combined_occupancy(a_occ[t], s_occ[t]) for t in TARGETS}
    return {"alpha2 occupancy": occ["alpha2"], "SERT occupancy": occ["SERT"], **response(occ, params, day)}


def remaining_fraction(t_days, half_life_days: float):
    """Share of the steady-state level left t days after the last dose (first-order elimination).

    Parameters
    ----------
    t_days : float or array_like
        Days since the last dose, ≥ 0.
    half_life_days : float
        Half-life (days), > 0 and ≤ 365.

    Returns
    -------
    numpy.ndarray
        Fraction 0–1.

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> remaining_fraction([0, 10], 10)
    array([1. , 0.5])
    """
    t = array("t_days", t_days, "days", 0)
    h = number("half_life_days", half_life_days, "days", 0, 365, low_inclusive=False)
    return 0.5 ** (t / h)


def sert_occupancy_after_stopping(t_days, dose_mg: float, ed50_mg: float, half_life_days: float,
                                  max_occupancy: float = 1.0):
    """SERT occupancy after an SSRI is stopped, with the dose–occupancy curve O = Omax·D/(D + ED50).

    At steady state the level is proportional to the dose, so the remaining level acts like a dose of
    D · remaining_fraction. Occupancy falls more slowly than the level because the curve is saturating.

    Parameters
    ----------
    t_days : float or array_like
        Days since the last dose, ≥ 0.
    dose_mg : float
        Daily dose before stopping (mg), 0 to 1000.
    ed50_mg : float
        Dose giving half of the maximal occupancy (mg), > 0.
    half_life_days : float
        Half-life of the active pool (days).
    max_occupancy : float
        Plateau occupancy Omax, fraction 0–1 (PET: about 0.85).

    Returns
    -------
    numpy.ndarray
        SERT occupancy, fraction 0–1.

    References
    ----------
    meyer2001, meyer2004

    Examples
    --------
    >>> np.round(sert_occupancy_after_stopping([0, 14], 20, 1.25, 9.3, 0.85), 2)
    array([0.8 , 0.72])
    """
    d = number("dose_mg", dose_mg, "mg/day", 0, 1000)
    ed50 = number("ed50_mg", ed50_mg, "mg/day", 0, 1000, low_inclusive=False)
    omax = number("max_occupancy", max_occupancy, "fraction 0–1", 0, 1)
    effective = d * remaining_fraction(t_days, half_life_days)
    return omax * effective / (effective + ed50)
