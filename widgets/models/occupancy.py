"""Receptor occupancy from affinity: occupancy = Cⁿ / (Cⁿ + Kiⁿ), with the free concentration.

Why free: only unbound drug reaches and binds the receptor; Ki values are free-ligand constants.
Why the affinity matters so much: at C ≈ Ki the curve is steepest, so a 5-fold uncertainty in Ki (the gap
between recalled table values and verified binding constants for mirtazapine at α2) moves the predicted
occupancy from "most receptors" to "a fifth of them".
"""
from __future__ import annotations

import numpy as np

from .validate import array, number


def hill_fraction(conc, half_max: float, hill: float, *, conc_name: str, half_name: str, unit: str):
    """Cⁿ / (Cⁿ + Kⁿ): the one equation behind receptor occupancy and Emax concentration–effect curves.

    Parameters
    ----------
    conc : float or array_like
        Concentration(s), ≥ 0, in ``unit``.
    half_max : float
        Concentration giving half the maximum (K or EC50), > 0, in ``unit``.
    hill : float
        Hill coefficient n, 0.1 to 5.
    conc_name, half_name, unit : str
        Only shape the error messages, so each caller's messages name its own parameters.

    Returns
    -------
    float or numpy.ndarray
        Fraction 0–1 (a float for a scalar ``conc``).

    References
    ----------
    course_teaching_models (the Hill–Langmuir equation)

    Examples
    --------
    >>> hill_fraction(10, 10, 1, conc_name="c", half_name="k", unit="nM")
    0.5
    """
    k = number(half_name, half_max, unit, 0, low_inclusive=False)
    n = number("hill", hill, "Hill coefficient", 0.1, 5)
    c = array(conc_name, conc, unit, 0)
    result = c**n / (c**n + k**n)
    return float(result) if np.ndim(conc) == 0 else result


def occupancy(conc_free_nm, ki_nm: float, hill: float = 1.0):
    """Fractional receptor occupancy at a free concentration.

    Parameters
    ----------
    conc_free_nm : float or array_like
        Free (unbound) concentration (nM), ≥ 0.
    ki_nm : float
        Inhibition or dissociation constant (nM), > 0.
    hill : float
        Hill coefficient (1 for a simple bimolecular binding).

    Returns
    -------
    float or numpy.ndarray
        Occupancy, fraction 0–1.

    References
    ----------
    deboer1988 (pKi 7.0 ≈ 100 nM, racemic mirtazapine and mianserin at rat cortical α2)

    Examples
    --------
    >>> round(occupancy(25.1, 100), 2)   # mirtazapine 30 mg, free plasma level, verified rat α2 Ki
    0.2
    >>> round(occupancy(25.1, 20), 2)    # the same with the recalled, unverified 20 nM
    0.56
    """
    return hill_fraction(conc_free_nm, ki_nm, hill, conc_name="conc_free_nm", half_name="ki_nm", unit="nM")


def ng_ml_to_nm(conc_ng_ml, molar_mass_g_per_mol: float):
    """ng/mL → nM (ng/mL = µg/L; divided by g/mol gives µmol/L, × 1000 gives nmol/L).

    Parameters
    ----------
    conc_ng_ml : float or array_like
        Concentration (ng/mL), ≥ 0.
    molar_mass_g_per_mol : float
        Molar mass (g/mol), ≥ 1.

    Returns
    -------
    numpy.ndarray
        Concentration (nM).

    References
    ----------
    course_teaching_models (unit conversion)

    Examples
    --------
    >>> float(ng_ml_to_nm(26.54, 265.4))
    100.0
    """
    mw = number("molar_mass_g_per_mol", molar_mass_g_per_mol, "g/mol", 1)
    return array("conc_ng_ml", conc_ng_ml, "ng/mL", 0) / mw * 1000.0


def unbound_fraction(protein_binding_pct: float) -> float:
    """Unbound fraction in plasma from the percentage bound (85 % bound → 0.15).

    Parameters
    ----------
    protein_binding_pct : float
        Plasma protein binding (%), 0 to 100.

    Returns
    -------
    float
        fu, fraction 0–1.

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> round(unbound_fraction(85), 2)
    0.15
    """
    return 1 - number("protein_binding_pct", protein_binding_pct, "%", 0, 100) / 100


def free_nm_per_mg(conc_per_dose_ng_ml_per_mg: float, protein_binding_pct: float,
                   molar_mass_g_per_mol: float) -> float:
    """Steady-state free plasma concentration (nM) per mg/day of dose.

    Parameters
    ----------
    conc_per_dose_ng_ml_per_mg : float
        Total plasma level per daily dose (ng/mL per mg/day), > 0: a TDM concentration/dose ratio, or
        F / (CL · 24 h) × 1000.
    protein_binding_pct : float
        Plasma protein binding (%).
    molar_mass_g_per_mol : float
        Molar mass (g/mol).

    Returns
    -------
    float
        Free concentration (nM) per mg/day.

    References
    ----------
    myung2014 (mirtazapine C/D 1.48 ng/mL per mg/day)

    Examples
    --------
    >>> round(free_nm_per_mg(1.48, 85, 265.4), 3)
    0.836
    """
    c = number("conc_per_dose_ng_ml_per_mg", conc_per_dose_ng_ml_per_mg, "ng/mL per mg/day", 0,
               low_inclusive=False)
    return float(ng_ml_to_nm(c * unbound_fraction(protein_binding_pct), molar_mass_g_per_mol))
