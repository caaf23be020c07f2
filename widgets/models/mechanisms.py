"""Two ways to raise synaptic serotonin, used together, and what is left of fluoxetine after a "switch".

Why: an SSRI slows clearance (SERT blockade) while an α2 antagonist raises release; the synapse model
(``synapse.py``) multiplies the two, so the combination is complementary rather than redundant. And
fluoxetine's active metabolite lingers for weeks, so a trial arm that "switches" from fluoxetine is,
for a while, a combination arm. Both are teaching models built on cited parameters.
"""
from __future__ import annotations

import numpy as np

from .synapse import DrugAtSynapse, release_relative, synaptic_relative
from .validate import array, number

TARGETS = ("alpha2", "NET", "SERT")


def combined_occupancy(*occupancies):
    """Occupancy of one site by several competitive ligands, from each ligand's occupancy alone.

    With one site, ligand i alone gives O_i = x_i / (1 + x_i), x_i = C_i/K_i; together the site holds
    Σx / (1 + Σx). So two half-occupying drugs give 2/3, not 100%.
    """
    if not occupancies:
        raise ValueError("combined_occupancy needs at least one occupancy (fraction 0–1)")
    odds = 0.0
    for i, o in enumerate(occupancies):
        arr = array(f"occupancies[{i}]", o, "fraction 0–1", 0)
        if np.any(arr >= 1):
            raise ValueError(f"occupancies[{i}] must be < 1 (a fraction of sites; 1 needs infinite drug)")
        odds = odds + arr / (1 - arr)
    return odds / (1 + odds)


def combination_response(ssri: DrugAtSynapse, ssri_dose_mg: float, antagonist: DrugAtSynapse,
                         antagonist_dose_mg, autoreceptor_brake: float, heteroreceptor_brake: float,
                         clearance_fraction: float) -> dict[str, np.ndarray]:
    """Release and synaptic levels (relative to rest) for an SSRI at a fixed dose plus an α2 antagonist.

    The antagonist dose may be an array (the x-axis of a plot); the SSRI dose is one number. Each
    target's occupancy combines both drugs competitively (``combined_occupancy``).
    """
    dose = number("ssri_dose_mg", ssri_dose_mg, "mg/day", 0, 1000)
    a_occ = antagonist.occupancies(antagonist_dose_mg)
    s_occ = ssri.occupancies(np.full_like(a_occ["alpha2"], dose))
    occ = {t: combined_occupancy(a_occ[t], s_occ[t]) for t in TARGETS}
    na_release = release_relative(occ["alpha2"], autoreceptor_brake)
    ht_release = release_relative(occ["alpha2"], heteroreceptor_brake)
    return {
        "alpha2 occupancy": occ["alpha2"],
        "SERT occupancy": occ["SERT"],
        "NA release": na_release,
        "5-HT release": ht_release,
        "synaptic NA": synaptic_relative(na_release, occ["NET"], clearance_fraction),
        "synaptic 5-HT": synaptic_relative(ht_release, occ["SERT"], clearance_fraction),
    }


def remaining_fraction(t_days, half_life_days: float):
    """Share of the steady-state level left t days after the last dose (first-order elimination)."""
    t = array("t_days", t_days, "days", 0)
    h = number("half_life_days", half_life_days, "days", 0, 365, low_inclusive=False)
    return 0.5 ** (t / h)


def sert_occupancy_after_stopping(t_days, dose_mg: float, ed50_mg: float, half_life_days: float):
    """SERT occupancy after an SSRI is stopped, with the dose–occupancy curve O = D/(D + ED50).

    At steady state the level is proportional to the dose, so the remaining level acts like a dose of
    D · remaining_fraction. Occupancy falls more slowly than the level because the curve is saturating.
    """
    d = number("dose_mg", dose_mg, "mg/day", 0, 1000)
    ed50 = number("ed50_mg", ed50_mg, "mg/day", 0, 1000, low_inclusive=False)
    effective = d * remaining_fraction(t_days, half_life_days)
    return effective / (effective + ed50)
