"""Auto- and heteroreceptor feedback at a monoamine synapse (a teaching model).

Released noradrenaline activates presynaptic α2 autoreceptors, which inhibit further release (a brake).
An α2 antagonist takes the brake off: release rises. α2 heteroreceptors on serotonergic terminals brake
serotonin release the same way. A transporter blocker (SSRI at SERT, mianserin weakly at NET) slows
clearance instead, so the transmitter lingers. The brake fractions are teaching assumptions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import data
from .occupancy import free_fraction, ng_ml_to_nm, occupancy
from .validate import array, number


def release_relative(antagonist_occupancy, brake_fraction: float):
    """Release relative to rest when α2 receptors are blocked: (1 − b(1 − O)) / (1 − b).

    ``brake_fraction`` b is the share of release suppressed at rest; full blockade gives 1 / (1 − b).
    """
    b = number("brake_fraction", brake_fraction, "fraction 0–1", 0, 0.95)
    o = array("antagonist_occupancy", antagonist_occupancy, "fraction 0–1", 0)
    if np.any(o > 1):
        raise ValueError("antagonist_occupancy must be ≤ 1 (a fraction of receptors)")
    return (1 - b * (1 - o)) / (1 - b)


def synaptic_relative(release_rel, transporter_occupancy, clearance_fraction: float):
    """Synaptic level relative to rest: release / (1 − u·O_T), u = share cleared by the transporter."""
    u = number("clearance_fraction", clearance_fraction, "fraction 0–1", 0, 0.99)
    o = array("transporter_occupancy", transporter_occupancy, "fraction 0–1", 0)
    if np.any(o > 1):
        raise ValueError("transporter_occupancy must be ≤ 1 (a fraction of transporters)")
    return array("release_rel", release_rel, "relative to rest", 0) / (1 - u * o)


@dataclass(frozen=True)
class DrugAtSynapse:
    """Free plasma concentration per mg of daily dose, and the affinities the synapse model needs."""

    name: str
    free_nm_per_mg: float   # nM free per mg/day at steady state (0 for the SSRI, modelled by dose)
    alpha2_ki_nm: float | None
    net_ki_nm: float | None
    sert_ed50_mg: float | None = None

    def occupancies(self, dose_mg) -> dict[str, np.ndarray]:
        dose = array("dose_mg", dose_mg, "mg/day", 0)
        conc = dose * self.free_nm_per_mg
        zero = np.zeros_like(dose)
        return {
            "alpha2": occupancy(conc, self.alpha2_ki_nm) if self.alpha2_ki_nm else zero,
            "NET": occupancy(conc, self.net_ki_nm) if self.net_ki_nm else zero,
            "SERT": dose / (dose + self.sert_ed50_mg) if self.sert_ed50_mg else zero,
        }


def free_nm_per_mg(drug: str) -> float:
    """Steady-state free plasma concentration (nM) per mg/day, from cited PK entries."""
    if drug == "mirtazapine":
        total_ng_ml = data.value("mirtazapine.conc_per_dose_ng_ml_per_mg")  # TDM ratio, patients
    elif drug == "mianserin":
        f = data.value("mianserin.bioavailability_pct") / 100
        cl = data.value("mianserin.clearance_l_per_h")
        total_ng_ml = 1000.0 * f / (cl * 24.0)  # F·dose/(CL·τ), per mg
    else:
        raise ValueError(f"no PK entries for {drug!r}; use 'mirtazapine' or 'mianserin'")
    mw = data.value(f"{drug}.molar_mass_g_per_mol")
    return float(ng_ml_to_nm(total_ng_ml * free_fraction(drug), mw))


def course_drugs() -> dict[str, DrugAtSynapse]:
    """Mirtazapine, mianserin and an SSRI, with α2A affinities from one table (same assay family)."""
    return {
        "mirtazapine": DrugAtSynapse("mirtazapine", free_nm_per_mg("mirtazapine"),
                                     data.ki_nm("mirtazapine", "alpha2A"), data.ki_nm("mirtazapine", "NET")),
        "mianserin": DrugAtSynapse("mianserin", free_nm_per_mg("mianserin"),
                                   data.ki_nm("mianserin", "alpha2A"), data.ki_nm("mianserin", "NET")),
        "SSRI (fluoxetine)": DrugAtSynapse("SSRI (fluoxetine)", 0.0, None, None,
                                           sert_ed50_mg=data.value("model.ssri_ed50_mg")),
    }


def synapse_response(drug: DrugAtSynapse, dose_mg, autoreceptor_brake: float,
                     heteroreceptor_brake: float, clearance_fraction: float) -> dict[str, np.ndarray]:
    """Noradrenaline and serotonin release and synaptic levels, relative to rest, across doses."""
    occ = drug.occupancies(dose_mg)
    na_release = release_relative(occ["alpha2"], autoreceptor_brake)
    ht_release = release_relative(occ["alpha2"], heteroreceptor_brake)
    return {
        "alpha2 occupancy": occ["alpha2"],
        "NA release": na_release,
        "5-HT release": ht_release,
        "synaptic NA": synaptic_relative(na_release, occ["NET"], clearance_fraction),
        "synaptic 5-HT": synaptic_relative(ht_release, occ["SERT"], clearance_fraction),
    }
