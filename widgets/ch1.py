"""Chapter 1's three widgets, each one function the notebook calls."""
from __future__ import annotations

import numpy as np

from . import data, drugs
from .computed import titration_steps_mg
from .models import pk, synapse
from .models.occupancy import occupancy
from .text import render
from .views import Control, Explorer

DOSES_MG = np.linspace(0, 90, 91)
PROFILE_TARGETS = ["alpha2", "alpha1", "H1", "5-HT2A", "5-HT2C", "5-HT3", "M1", "NET"]
TARGET_LABELS = {"alpha1": "α1", "M1": "muscarinic"}
WEEKS_LATER_DAYS = 21


def synapse_explorer() -> Explorer:
    course = drugs.course_drugs()
    later = render("[[model.autoreceptor_desensitisation_days|bare]]")

    def model(drug: str, brake: float) -> dict:
        params = drugs.synapse_parameters(autoreceptor_brake=brake)
        first = synapse.synapse_response(course[drug], DOSES_MG, params, day=0)
        weeks = synapse.synapse_response(course[drug], DOSES_MG, params, day=WEEKS_LATER_DAYS)
        return {
            "NA release": (DOSES_MG, 100 * first["NA release"]),
            "raphe 5-HT firing, first day": (DOSES_MG, 100 * first["raphe firing"]),
            "synaptic NA": (DOSES_MG, 100 * first["synaptic NA"]),
            "synaptic 5-HT, first day": (DOSES_MG, 100 * first["synaptic 5-HT"]),
            f"synaptic 5-HT after {WEEKS_LATER_DAYS} days |dash": (DOSES_MG, 100 * weeks["synaptic 5-HT"]),
            "rest (100%) |dot": (DOSES_MG, np.full_like(DOSES_MG, 100.0)),
        }

    brake = data.value("model.alpha2_brake_fraction")
    return Explorer(
        model=model,
        slider=Control("brake", "α2 brake at rest (share of release suppressed)", [0.2, 0.35, 0.5, 0.65, 0.8], brake),
        menu=Control("drug", "Drug", list(course), "mirtazapine"),
        title="Taking the brake off: firing, release and synaptic levels versus daily dose (teaching model)",
        x_title="Daily dose (mg)", y_title="Level relative to rest (%)",
        caption=render(
            "Teaching model. Synaptic level = release rate × residence time. An α2 antagonist raises "
            "noradrenaline (NA) release and, through α2 heteroreceptors, serotonin (5-HT) release per impulse; "
            "the extra NA also drives raphe 5-HT firing through α1 receptors [[cite:deboer1995ruigt]]. The "
            "α2 effect can never exceed 1/(1 − brake): it removes a brake, it does not press an accelerator. "
            "An SSRI lengthens the residence time of 5-HT, but on the first day the extra 5-HT at the raphe "
            "acts on 5-HT1A autoreceptors and lowers firing [[cite:czachura2000]]; as they desensitise "
            f"(time constant {later}, a teaching assumption fitted to rat data [[cite:chaput1986]]) firing "
            "recovers, so the dashed curve lies higher. Brakes and feedback sizes are teaching assumptions; the "
            "α2 constants are the verified binding values (rat cortex for mirtazapine, human brain for "
            "mianserin), with which mianserin's plasma level occupies few α2 receptors in this model."),
    )


def _alpha2_menu() -> dict[str, tuple[str, str]]:
    """Menu entries: drug and the α2 constant the occupancy curve uses, verified ones first."""
    out = {}
    for choice in drugs.ALPHA2_CHOICES:
        tag = "upper bound" if "upper bound" in choice.label else "verified" if choice.verified else "unverified"
        out[f"{choice.drug}: α2 {choice.ki_nm:g} nM, {tag}"] = (choice.drug, choice.target)   # short: fits a phone
    return out


def occupancy_explorer() -> Explorer:
    free = {d: drugs.free_nm_per_mg(d) for d in ("mirtazapine", "mianserin")}
    menu = _alpha2_menu()
    dose_grid = np.linspace(0, 90, 46)   # 2 mg steps: every menu state is precomputed for the book
    licensed_max = {"mirtazapine": data.fact("mirtazapine.max_dose_mg").high,
                    "mianserin": data.fact("mianserin.dose_range_mg_per_day").high}
    y_top = 102  # the y axis range below

    def ki(drug, target, alpha2_row):
        return data.ki_nm(drug, alpha2_row if target == "alpha2" else target)

    def label(drug, target, alpha2_row):
        a = data.affinity(drug, alpha2_row if target == "alpha2" else target)
        flag = "" if a.status in ("V", "V2") else ", unverified"
        return f"{TARGET_LABELS.get(target, target)} (K {a.affinity_nm:g} nM{flag})"

    def model(choice: str, dose_mg: float) -> dict:
        drug, alpha2_row = menu[choice]
        conc = dose_grid * free[drug]
        # the α2 curve is named by its role, not its value, so each menu entry keeps one legend order
        out = {("α2 (the chosen constant)" if t == "alpha2" else label(drug, t, alpha2_row)):
               (dose_grid, 100 * occupancy(conc, ki(drug, t, alpha2_row))) for t in PROFILE_TARGETS}
        at_dose = [100 * occupancy(dose_mg * free[drug], ki(drug, t, alpha2_row)) for t in PROFILE_TARGETS]
        top = licensed_max[drug]
        above = f", above the licensed maximum of {top:g} mg" if dose_mg > top else ""
        out[f"at {dose_mg:g} mg{above} |marker"] = (np.full(len(at_dose), dose_mg), np.array(at_dose))
        if top < dose_grid[-1]:  # a grey band over the doses beyond the label
            out[f"above the licensed maximum ({top:g} mg) |fill"] = {
                "x": [top, dose_grid[-1]], "y": [y_top, y_top], "fillcolor": "rgba(0,0,0,0.09)", "opacity": 1}
        return out

    default = next(k for k, v in menu.items() if v == ("mirtazapine", drugs.DEFAULT_ALPHA2["mirtazapine"]))
    return Explorer(
        model=model,
        slider=Control("dose_mg", "Daily dose (mg)", [7.5, 15, 30, 45, 60, 90], 15),
        menu=Control("choice", "Drug and α2 affinity", list(menu), default),
        title="Which receptors fill first? Occupancy versus daily dose, and how much the α2 affinity matters",
        x_title="Daily dose (mg)", y_title="Receptor occupancy (%)",
        caption=render(
            "Occupancy = C/(C + K) with the free steady-state plasma concentration. The menu changes the α2 "
            "constant: the verified binding constants (racemate, rat cortex [[cite:deboer1988]]; mianserin, "
            "human brain [[cite:richelson1984]]), the (+)-enantiomer's functional constant applied to all of "
            "the drug (an upper bound), and the recalled table values that are unverified "
            "[[cite:course_recalled_affinities]]. Notice how far the α2 curve moves: the model's answer to "
            "\"how many α2 receptors does a usual dose block?\" depends on a number nobody has measured in "
            "people. We found no PET study of α2 occupancy at clinical doses, only tracer studies "
            "[[cite:munk2011]]. In the model mirtazapine's H1 occupancy is high from the lowest dose (with an "
            "unverified K); mianserin's H1 curve, on its verified K, rises more slowly. Other affinities are "
            "representative values where marked unverified; the diamonds show each target at the chosen dose. "
            "The grey band marks doses above mirtazapine's licensed maximum, [[mirtazapine.max_dose_mg|bare]] (the "
            "slider goes on to show how occupancy would keep changing)."),
        layout={"yaxis": {"title": {"text": "Receptor occupancy (%)"}, "range": [0, y_top], "gridcolor": "#e5e5e5"}},
    )


def pk_explorer() -> Explorer:
    patients = drugs.mirtazapine_patients()
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
            f"plasma level ({drug.name}, t½ {drug.half_life_h:.0f} h)": (t_h / 24, conc),
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
        caption=render(
            "One-compartment model from cited parameters, run on the effective half-life of "
            "[[computed.accumulation_half_life_h|bare]] that reproduces the label's accumulation ratio "
            "([[mirtazapine.accumulation_ratio_label|value]]), not on the terminal half-life "
            "([[mirtazapine.half_life_h|bare]]), which governs only the slow tail [[cite:sahin2008]]. Each step "
            "settles within a few days (dotted line = where it is heading). Women and older patients have "
            "lower clearance (higher levels from the same dose) [[cite:tdm2025ejcp]]; in liver disease "
            "clearance falls too. In renal failure clearance falls but the half-life does not change "
            "[[cite:bengtsson1998]]: levels are higher, the time course is the same. Education, not dosing advice."),
    )
