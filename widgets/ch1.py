"""Chapter 1's three widgets, each one function the notebook calls."""
from __future__ import annotations

import numpy as np

from . import data
from .models import pk, synapse
from .models.occupancy import occupancy
from .computed import titration_steps_mg
from .text import render
from .views import Control, Explorer

DOSES_MG = np.linspace(0, 90, 91)
PROFILE_TARGETS = ["alpha2A", "alpha1", "H1", "5-HT2A", "5-HT2C", "5-HT3", "M1", "NET"]
TARGET_LABELS = {"alpha2A": "α2A", "alpha1": "α1", "M1": "muscarinic"}


def synapse_explorer() -> Explorer:
    drugs = synapse.course_drugs()
    hetero = data.value("model.heteroreceptor_brake_fraction")
    clearance = data.value("model.transporter_clearance_fraction")

    def model(drug: str, brake: float) -> dict:
        r = synapse.synapse_response(drugs[drug], DOSES_MG, brake, hetero, clearance)
        return {k: (DOSES_MG, 100 * r[k]) for k in ("NA release", "5-HT release", "synaptic NA", "synaptic 5-HT")} | {
            "rest (100%) |dot": (DOSES_MG, np.full_like(DOSES_MG, 100.0))}

    brake = data.value("model.alpha2_brake_fraction")
    return Explorer(
        model=model,
        slider=Control("brake", "α2 brake at rest (share of release suppressed)", [0.2, 0.35, 0.5, 0.65, 0.8], brake),
        menu=Control("drug", "Drug", list(drugs), "mirtazapine"),
        title="Taking the brake off: release and synaptic levels versus daily dose (teaching model)",
        x_title="Daily dose (mg)", y_title="Level relative to rest (%)",
        caption=("Teaching model. An α2 antagonist raises noradrenaline (NA) and, through heteroreceptors, "
                 "serotonin (5-HT) release; an SSRI leaves release alone and raises synaptic 5-HT by blocking "
                 "SERT. Notice that the α2 effect can never exceed 1/(1 − brake): it removes a brake, it does "
                 "not press an accelerator. Brake sizes are teaching assumptions; affinities are unverified "
                 "representative values."),
    )


def occupancy_explorer() -> Explorer:
    drugs = {"mirtazapine": synapse.free_nm_per_mg("mirtazapine"), "mianserin": synapse.free_nm_per_mg("mianserin")}
    dose_grid = np.linspace(0, 90, 91)
    licensed_max = {"mirtazapine": data.fact("mirtazapine.max_dose_mg").high,
                    "mianserin": data.fact("mianserin.dose_range_mg_per_day").high}
    y_top = 102  # the y axis range below

    def label(drug, target):
        a = data.affinity(drug, target)
        flag = "" if a.status in ("V", "V2") else ", unverified"
        return f"{TARGET_LABELS.get(target, target)} (K {a.affinity_nm:g} nM{flag})"

    def model(drug: str, dose_mg: float) -> dict:
        conc = dose_grid * drugs[drug]
        out = {label(drug, t): (dose_grid, 100 * occupancy(conc, data.ki_nm(drug, t))) for t in PROFILE_TARGETS}
        at_dose = [100 * occupancy(dose_mg * drugs[drug], data.ki_nm(drug, t)) for t in PROFILE_TARGETS]
        top = licensed_max[drug]
        above = f", above the licensed maximum of {top:g} mg" if dose_mg > top else ""
        out[f"at {dose_mg:g} mg{above} |marker"] = (np.full(len(at_dose), dose_mg), np.array(at_dose))
        if top < dose_grid[-1]:  # a grey band over the doses beyond the label
            out[f"above the licensed maximum ({top:g} mg) |fill"] = {
                "x": [top, dose_grid[-1]], "y": [y_top, y_top], "fillcolor": "rgba(0,0,0,0.09)", "opacity": 1}
        return out

    return Explorer(
        model=model,
        slider=Control("dose_mg", "Daily dose (mg)", [7.5, 15, 30, 45, 60, 90], 15),
        menu=Control("drug", "Drug", list(drugs), "mirtazapine"),
        title="Which receptors fill first? Occupancy versus daily dose",
        x_title="Daily dose (mg)", y_title="Receptor occupancy (%)",
        caption=("Occupancy = C/(C + K) with the free steady-state plasma concentration. H1 is nearly saturated "
                 "at the lowest doses, α2 and 5-HT2 keep rising through the dose range. Most affinities are "
                 "representative, unverified values (marked); the diamonds show each target at the chosen dose. "
                 f"The grey band marks doses above mirtazapine's licensed maximum of {licensed_max['mirtazapine']:g} mg "
                 "(the slider goes on to show how occupancy would keep changing)."),
        layout={"yaxis": {"title": {"text": "Receptor occupancy (%)"}, "range": [0, y_top], "gridcolor": "#e5e5e5"}},
    )


def pk_explorer() -> Explorer:
    patients = pk.mirtazapine_patients()
    steps = titration_steps_mg()
    days = 42
    t_h = np.arange(0, days * 24 + 1, 4.0)
    threshold = data.value("mirtazapine.response_threshold_ng_ml")

    def model(patient: str, step_weeks: float) -> dict:
        drug = patients[patient]
        doses = pk.titration(steps, step_weeks * 7, days)
        conc = pk.concentration_ng_ml(t_h, doses, drug)
        current = np.interp(t_h, [d[0] for d in doses], [d[1] for d in doses], left=0)
        average = np.array([pk.steady_state_average_ng_ml(d, 24, drug) for d in current])
        return {
            f"plasma concentration ({drug.name}, t½ {drug.half_life_h:.0f} h)": (t_h / 24, conc),
            "steady-state average of the current dose |dot": (t_h / 24, average),
            f"response threshold {threshold:g} ng/mL |dash": (t_h / 24, np.full_like(t_h, threshold)),
        }

    return Explorer(
        model=model,
        slider=Control("step_weeks", render("Weeks between dose steps ([[computed.titration_steps|bare]])"),
                       [0.5, 1, 2, 3], 2),
        menu=Control("patient", "Patient", list(patients), "typical adult"),
        title="Titration: plasma mirtazapine over six weeks (nightly doses)",
        x_title="Day", y_title="Plasma concentration (ng/mL)",
        caption=("One-compartment model from cited parameters. Each step needs about 4–5 half-lives to settle "
                 "(dotted line = where it is heading). Stepping every few days stacks the steps before the "
                 "level has settled; a longer half-life (woman, elderly, hepatic or renal impairment) means higher "
                 "levels and a slower approach. Education, not dosing advice."),
    )
