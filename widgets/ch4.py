"""Chapter 4's two figures: a drug that changes mirtazapine's clearance, and how sure a rate from a few
cases can be.

Why: the safety chapter's two numerical ideas are proportionality (an average steady-state level is dose
over clearance, so a changed clearance scales the level like a changed dose) and the uncertainty of a rare
event counted in a few thousand patients. Both figures are built only from cited facts.
"""
from __future__ import annotations

import numpy as np

from . import data
from .computed import dyscrasia_trial_counts, level_with_interaction_pct, per_1000_with_interval
from .text import render
from .views import Control, Explorer

DOSES_MG = np.linspace(0, 60, 61)
# menu label -> the fact with the level (or AUC) change it causes, in %
INTERACTING = {
    "carbamazepine (inducer)": "mirtazapine.carbamazepine_level_change_pct",
    "phenytoin (inducer)": "mirtazapine.phenytoin_level_change_pct",
    "ketoconazole (CYP3A4 inhibitor)": "mirtazapine.ketoconazole_auc_change_pct",
    "cimetidine (inhibitor)": "safety.cimetidine_auc_change_pct",
}


def relative_level_pct(dose_mg, reference_mg: float, change_pct: float = 0.0):
    """Average steady-state level as % of the level on ``reference_mg`` alone: linear in dose, scaled by the
    interaction (level = dose / clearance)."""
    return 100 * np.asarray(dose_mg, dtype=float) / reference_mg * level_with_interaction_pct(change_pct) / 100


def interaction_explorer() -> Explorer:
    reference = data.value("mirtazapine.start_dose_mg")
    strengths = data.value("mirtazapine.tablet_strengths_mg")

    def model(drug: str, dose_mg: float) -> dict:
        change = data.value(INTERACTING[drug])
        alone = relative_level_pct(DOSES_MG, reference)
        together = relative_level_pct(DOSES_MG, reference, change)
        at_dose = relative_level_pct(dose_mg, reference)
        return {
            "mirtazapine alone": (DOSES_MG, alone),
            f"with {drug.split(' (')[0]} ({change:+g} %)".replace("-", "−"): (DOSES_MG, together),
            "level of the chosen dose taken alone |dot": (DOSES_MG, np.full_like(DOSES_MG, at_dose)),
            "chosen dose |marker": (np.array([dose_mg, dose_mg]),
                                    np.array([at_dose, relative_level_pct(dose_mg, reference, change)])),
        }

    return Explorer(
        model=model,
        slider=Control("dose_mg", "Daily mirtazapine dose (mg)", strengths, reference),
        menu=Control("drug", "Added drug", list(INTERACTING), "carbamazepine (inducer)"),
        title="An interacting drug moves the level like a change of dose",
        x_title="Daily mirtazapine dose (mg)",
        y_title=render("Average level (% of [[mirtazapine.start_dose_mg|bare]] alone)"),
        caption=render(
            "Average steady-state level = dose ÷ clearance, so a drug that doubles clearance halves the level at "
            "every dose, and one that raises exposure by half acts like a dose half as large again. Follow the "
            "dotted line to where it meets the other curve: that is the dose that would give the same average "
            "level with the added drug. Changes are the label's healthy-volunteer study results (ketoconazole: a "
            "single dose). Education, not dosing advice."),
    )


def dyscrasia_explorer() -> Explorer:
    cases, n = dyscrasia_trial_counts()
    nz = [("mianserin, NZ, method 1", "safety.mianserin_nz_one_in_a"),
          ("mianserin, NZ, method 2", "safety.mianserin_nz_one_in_b")]

    def point(x: float, rate: float, low: float, high: float) -> dict:
        """One source: its rate as a diamond, its 95 % interval as an error bar."""
        return {"x": np.array([x]), "y": np.array([rate]),
                "error_y": {"type": "data", "symmetric": False, "array": np.array([high - rate]),
                            "arrayminus": np.array([rate - low]), "thickness": 2, "width": 8}}

    def model(cases: int) -> dict:
        out = {f"mirtazapine trials ({cases} of {n:,}) |marker": point(0.0, *per_1000_with_interval(cases, n))}
        for x, (label, fid) in enumerate(nz, start=1):
            lo_n, hi_n = data.value(fid + "_ci")
            out[f"{label} |marker"] = point(float(x), 1000 / data.value(fid), 1000 / hi_n, 1000 / lo_n)
        return out

    return Explorer(
        model=model,
        slider=Control("cases", f"Cases among {n:,} patients", list(range(0, 9)), cases),
        title="How sure is a rate from a handful of cases?",
        x_title="Source", y_title="Cases per 1,000 patients",
        caption=("Diamonds are rates, bars their 95 % intervals (Wilson for the mirtazapine count; as "
                 "published for New Zealand). Move the slider away from the label's count: with so few cases the "
                 "interval spans roughly a tenfold range, and the two drugs' intervals overlap. The sources also "
                 "differ in design (trial surveillance versus intensive monitoring of prescriptions), so the "
                 "figure compares uncertainty, not safety."),
        layout={"xaxis": {"tickvals": [0, 1, 2], "ticktext": ["mirtazapine<br>trials", "mianserin<br>NZ (1)",
                                                             "mianserin<br>NZ (2)"],
                          "range": [-0.5, 2.5], "gridcolor": "#e5e5e5"},
                "yaxis": {"title": {"text": "Cases per 1,000 patients"}, "rangemode": "tozero",
                          "gridcolor": "#e5e5e5"}},
    )
