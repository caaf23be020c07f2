"""Receptor occupancy from affinity: occupancy = Cⁿ / (Cⁿ + Kiⁿ), with the free concentration.

Why free: only unbound drug reaches and binds the receptor; Ki values are free-ligand constants.
"""
from __future__ import annotations

import numpy as np

from .. import data
from .validate import array, number


def hill_fraction(conc, half_max: float, hill: float, *, conc_name: str, half_name: str, unit: str):
    """Cⁿ / (Cⁿ + Kⁿ): the one equation behind receptor occupancy and Emax concentration–effect curves.
    The names and unit only shape the error messages, so each caller's messages name its own parameters."""
    k = number(half_name, half_max, unit, 0, low_inclusive=False)
    n = number("hill", hill, "Hill coefficient", 0.1, 5)
    c = array(conc_name, conc, unit, 0)
    result = c**n / (c**n + k**n)
    return float(result) if np.ndim(conc) == 0 else result


def occupancy(conc_free_nm, ki_nm: float, hill: float = 1.0):
    """Fractional occupancy (0–1) at free concentration(s) ``conc_free_nm`` (nM) for a ligand with ``ki_nm``."""
    return hill_fraction(conc_free_nm, ki_nm, hill, conc_name="conc_free_nm", half_name="ki_nm", unit="nM")


def conc_for_occupancy(fraction: float, ki_nm: float) -> float:
    """Free concentration (nM) that gives a fractional occupancy (inverse of the one-site formula)."""
    f = number("fraction", fraction, "fraction 0–1", 0, 1)
    if f >= 1:
        raise ValueError("fraction must be < 1: full occupancy needs an infinite concentration")
    ki = number("ki_nm", ki_nm, "nM", 0, low_inclusive=False)
    return ki * f / (1 - f)


def ng_ml_to_nm(conc_ng_ml, molar_mass_g_per_mol: float):
    """ng/mL → nM (ng/mL = µg/L; divided by g/mol gives µmol/L, ×1000 gives nmol/L)."""
    mw = number("molar_mass_g_per_mol", molar_mass_g_per_mol, "g/mol", 1, low_inclusive=True)
    return array("conc_ng_ml", conc_ng_ml, "ng/mL", 0) / mw * 1000.0


def free_fraction(drug: str) -> float:
    """Unbound fraction in plasma from the protein binding entry (e.g. 85% bound → 0.15)."""
    bound = data.fact(f"{drug}.protein_binding_pct")
    return 1 - bound.mid / 100
