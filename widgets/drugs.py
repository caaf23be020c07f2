"""The course's drugs: which cited numbers go into the pure models.

Why one module: the models in ``widgets/models/`` take plain numbers (as ``scipy.stats`` does) and never
read the data files or branch on a drug's name. Every binding of a fact to a model parameter happens
here, once, so a chapter, an exercise and a test that say "the typical adult" or "mianserin at α2" all
mean the same numbers, and a reader can see in one place where each number comes from.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import data
from .models import occupancy, pk, sedation, synapse
from .models.validate import number

INTERVAL_H = 24.0   # once-daily dosing throughout the course
SSRI = "SSRI (fluoxetine)"


# ---- mirtazapine kinetics ------------------------------------------------------------------------
def accumulation_half_life_h() -> float:
    """The effective (accumulation) half-life that reproduces the label's accumulation ratio, once daily."""
    return pk.effective_half_life_h(data.value("mirtazapine.accumulation_ratio_label"), INTERVAL_H)


@lru_cache(maxsize=1)
def mirtazapine() -> pk.OralDrug:
    """Typical adult. Half-life: the effective one (about 15 h) behind the label's accumulation ratio of
    1.5, not the 20–40 h terminal half-life, which over-predicts accumulation (Sahin & Benet 2008): the
    racemate's R(−)-enantiomer and its recirculating glucuronide lengthen the tail more than they add
    exposure (Delbressine 1998). CL/F from the TDM concentration/dose ratio (Myung 2014), so average
    levels match what patients on the drug showed."""
    clearance_over_f = 1000.0 / (data.value("mirtazapine.conc_per_dose_ng_ml_per_mg") * INTERVAL_H)  # L/h
    return pk.OralDrug("typical adult", accumulation_half_life_h(), clearance_over_f,
                       data.value("mirtazapine.tmax_h"))


@dataclass(frozen=True)
class Population:
    """A patient group: its clearance change and, where a study reports it, its half-life change."""

    label: str
    clearance_change_pct: float
    half_life_change_pct: float | None   # None: not reported, V/F kept (model.pk_unreported_half_life_rule)
    facts: tuple[str, ...]               # the fact ids the two numbers come from


def _from_exposure(pct_rise: float) -> float:
    """Clearance change (%) that produces a rise in dose-corrected level of ``pct_rise`` %."""
    return 100 * (1 / (1 + pct_rise / 100) - 1)


def populations() -> list[Population]:
    """Women and the elderly from TDM concentration/dose ratios; hepatic and renal impairment from the
    clearance changes in Timmer 2000 and the label; half-life unchanged in renal failure (Bengtsson 1998)."""
    women, elderly = "mirtazapine.tdm_women_cd_ratio_change_pct", "mirtazapine.tdm_elderly_cd_ratio_change_pct"
    hepatic = "mirtazapine.hepatic_clearance_change_pct"
    moderate, severe = "mirtazapine.renal_moderate_clearance_change_pct", "mirtazapine.renal_severe_clearance_change_pct"
    renal_t = "mirtazapine.renal_single_dose_half_life_h"
    return [
        Population("woman", _from_exposure(data.value(women)), None, (women,)),
        Population("elderly (over 65)", _from_exposure(data.value(elderly)), None, (elderly,)),
        Population("hepatic impairment", data.value(hepatic), None, (hepatic,)),
        Population("moderate renal impairment", data.value(moderate), 0.0, (moderate, renal_t)),
        Population("severe renal impairment", data.value(severe), 0.0, (severe, renal_t)),
    ]


def mirtazapine_patients() -> dict[str, pk.OralDrug]:
    """The typical adult and each population, CL/F, V/F and t½ changed together as their sources say."""
    base = mirtazapine()
    groups = {p.label: base.with_clearance_change(p.clearance_change_pct, p.label,
                                                  half_life_change_pct=p.half_life_change_pct)
              for p in populations()}
    return {"typical adult": base, **groups}


@lru_cache(maxsize=1)
def clonazepam() -> pk.OralDrug:
    """Typical adult: the label's half-life (middle of 30–40 h), the label's tmax (middle of 1–4 h) and the
    apparent oral clearance CL/F measured with 0.5 mg three times daily (72 mL/min = 4.32 L/h).
    CL/F already contains the ~90 % bioavailability, so no separate F is needed."""
    clearance_l_per_h = data.value("clonazepam.apparent_oral_clearance_ml_min") * 60 / 1000
    return pk.OralDrug("clonazepam", data.fact("clonazepam.half_life_h").mid, clearance_l_per_h,
                       data.fact("clonazepam.tmax_h").mid)


# ---- receptor affinities at α2: verified where they exist, the recalled ones for comparison ---------
@dataclass(frozen=True)
class Alpha2Choice:
    """One α2 affinity a model can run on, with what it is and whether anyone read it in a source."""

    drug: str
    target: str          # the receptors.csv row
    label: str
    verified: bool

    @property
    def ki_nm(self) -> float:
        return data.ki_nm(self.drug, self.target)


ALPHA2_CHOICES = (
    Alpha2Choice("mirtazapine", "alpha2_rat", "racemate, rat cortex binding (verified)", True),
    Alpha2Choice("mirtazapine", "alpha2_auto_plus_enantiomer", "(+)-enantiomer functional pA2 (verified), applied to all of the racemate: an upper bound", True),
    Alpha2Choice("mirtazapine", "alpha2A", "recalled table value (unverified)", False),
    Alpha2Choice("mianserin", "alpha2_human_brain", "human brain binding (verified)", True),
    Alpha2Choice("mianserin", "alpha2A", "recalled table value (unverified)", False),
)
# (mianserin's rat-cortex pKi 7.0 equals mirtazapine's; the human-brain value stands for it in the menu)
DEFAULT_ALPHA2 = {"mirtazapine": "alpha2_rat", "mianserin": "alpha2_human_brain"}


def alpha2_choices(drug: str) -> list[Alpha2Choice]:
    return [c for c in ALPHA2_CHOICES if c.drug == drug]


def alpha2_ki_nm(drug: str) -> float:
    """The α2 constant the models run on by default: a verified binding constant (human brain where one
    exists, else rat cortex). A racemate binding constant, not the (+)-enantiomer's functional one."""
    return data.ki_nm(drug, DEFAULT_ALPHA2[drug])


# ---- free plasma levels and the synapse model ------------------------------------------------------
def _total_ng_ml_per_mg(drug: str) -> float:
    if drug == "mirtazapine":
        return data.value("mirtazapine.conc_per_dose_ng_ml_per_mg")     # TDM ratio, patients
    f = data.value("mianserin.bioavailability_pct") / 100
    return 1000.0 * f / (data.value("mianserin.clearance_l_per_h") * INTERVAL_H)   # F·dose/(CL·τ), per mg


def free_nm_per_mg(drug: str) -> float:
    """Steady-state free plasma concentration (nM) per mg/day for mirtazapine or mianserin."""
    return occupancy.free_nm_per_mg(_total_ng_ml_per_mg(drug), data.value(f"{drug}.protein_binding_pct"),
                                    data.value(f"{drug}.molar_mass_g_per_mol"))


def ssri_max_occupancy() -> float:
    return data.value("ssri.sert_occupancy_plateau_pct") / 100


def ssri_ed50_mg() -> float:
    return data.value("model.ssri_ed50_mg")


def synapse_parameters(**changes) -> synapse.SynapseParameters:
    """The teaching model's assumptions from their ``model.*`` facts; keyword arguments override one."""
    v = data.value
    params = dict(autoreceptor_brake=v("model.alpha2_brake_fraction"),
                  heteroreceptor_brake=v("model.heteroreceptor_brake_fraction"),
                  clearance_fraction=v("model.transporter_clearance_fraction"),
                  acute_firing_suppression=v("model.ssri_acute_firing_suppression"),
                  desensitisation_days=v("model.autoreceptor_desensitisation_days"),
                  alpha1_facilitation=v("model.alpha1_raphe_facilitation"))
    return synapse.SynapseParameters(**(params | changes))


def synapse_drug(drug: str, alpha2_target: str | None = None) -> synapse.DrugAtSynapse:
    """Mirtazapine or mianserin at the synapse, on its default α2 constant or on ``alpha2_target``."""
    ki = data.ki_nm(drug, alpha2_target or DEFAULT_ALPHA2[drug])
    return synapse.DrugAtSynapse(drug, free_nm_per_mg(drug), ki, data.ki_nm(drug, "NET"))


def course_drugs() -> dict[str, synapse.DrugAtSynapse]:
    """Mirtazapine, mianserin (verified α2 constants) and an SSRI (PET-anchored dose–occupancy curve)."""
    ssri = synapse.DrugAtSynapse(SSRI, 0.0, None, None, sert_ed50_mg=ssri_ed50_mg(),
                                 sert_max_occupancy=ssri_max_occupancy())
    return {"mirtazapine": synapse_drug("mirtazapine"), "mianserin": synapse_drug("mianserin"), SSRI: ssri}


# ---- chapter 3's week with two sedatives ------------------------------------------------------------
@dataclass(frozen=True)
class CourseSetting:
    """Everything chapter 3's widget and exercises share: drugs, EC50s, curve steepness, the day."""

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
    patients = mirtazapine_patients()
    clon = clonazepam()
    return CourseSetting(
        mirtazapine=patients,
        clonazepam=clon,
        ec50_mirtazapine_ng_ml=sedation.ec50_at_reference(patients["typical adult"],
                                                          data.value("mirtazapine.start_dose_mg"), fraction),
        ec50_clonazepam_ng_ml=sedation.ec50_at_reference(clon, data.value("clonazepam.panic_target_dose_mg_day"),
                                                         fraction),
        hill=data.value("model.ch3_sedation_hill"),
        waking_clock_h=tuple(data.value("model.ch3_waking_hours_clock_h")),
        days=data.value("model.ch3_simulated_days"),
    )


def course_day(mirtazapine_mg: float, mirtazapine_clock_h: float, clonazepam_mg: float,
               patient: str = "typical adult", step_h: float = 1.0, rule: str = "bliss") -> sedation.TwoDrugDay:
    """Chapter 3's scenario: nightly clonazepam at bedtime, mirtazapine at a chosen hour, over the
    simulated days. Clonazepam kinetics stay those of the typical adult (no cited figure for the elderly or
    for liver disease), so for those patients the model understates the clonazepam side."""
    s = course_setting()
    if patient not in s.mirtazapine:
        raise ValueError(f"patient must be one of {list(s.mirtazapine)}; got {patient!r}")
    step = number("step_h", step_h, "h", 0, 12, low_inclusive=False)
    t = np.arange(0, s.days * 24 + step / 2, step)
    bedtime = s.waking_clock_h[1]
    return sedation.simulate(t, sedation.schedule(mirtazapine_mg, mirtazapine_clock_h, s.days), s.mirtazapine[patient],
                             s.ec50_mirtazapine_ng_ml, sedation.schedule(clonazepam_mg, bedtime, s.days), s.clonazepam,
                             s.ec50_clonazepam_ng_ml, s.hill, rule)
