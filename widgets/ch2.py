"""Chapter 2: SSRI versus mianserin. The chapter's five figures.

The re-analysis they draw on is in ``reanalysis.py`` and the page's tables in ``reanalysis_tables.py``;
both are re-exported here, so a notebook calls everything as ``cw.ch2.<name>``.
"""
from __future__ import annotations

import numpy as np

from . import data, drugs
from .models import mechanisms, synapse, trials
from .reanalysis import (ARM_LABELS, SEED, Arm, Comparison, SmdRow, comparisons, derived_count,  # noqa: F401
                         mir_endpoint_smd, nearest_consistent_denominator, seed_arms, seed_change_smd,
                         seed_endpoint_smd, smd_rows)
from .reanalysis_tables import (change_score_table, decrease_check, evidence_table, grim_table,  # noqa: F401
                                reanalysis_table, seed_table, washout_table)
from .style import OKABE_ITO
from .text import render
from .views import Control, Explorer

# ---- widget 1: two mechanisms side by side --------------------------------------------------------
SSRI_DOSES_MG = np.linspace(0, 60, 61)
ANTAGONIST_DOSES_MG = np.linspace(0, 90, 46)


def _band(x0, x1, low, high, **extra) -> dict:
    return {"x": [x0, x1, x1, x0, x0], "y": [low, low, high, high, low], "fill": "toself",
            "mode": "lines", "hoverinfo": "skip", "opacity": 1, **extra}


def mechanisms_explorer() -> Explorer:
    course = drugs.course_drugs()
    ssri = course[drugs.SSRI]
    params = drugs.synapse_parameters()
    pet_low, pet_high = data.value("ssri.sert_occupancy_min_dose_pct")

    def model(antagonist: str, fluoxetine_mg: float) -> dict:
        alone = synapse.synapse_response(ssri, SSRI_DOSES_MG, params)
        at = synapse.synapse_response(ssri, np.array([fluoxetine_mg]), params)
        a_alone = synapse.synapse_response(course[antagonist], ANTAGONIST_DOSES_MG, params)
        combo = mechanisms.combination_response(ssri, fluoxetine_mg, course[antagonist], ANTAGONIST_DOSES_MG,
                                                params)
        right = {"xaxis": "x2", "yaxis": "y2"}
        # order sets the colours: the strongest go to the curves the caption talks about
        return {
            "SERT occupancy (%)": (SSRI_DOSES_MG, 100 * alone["SERT occupancy"]),
            "synaptic 5-HT, SSRI alone (first day)": (SSRI_DOSES_MG, 100 * alone["synaptic 5-HT"]),
            f"synaptic 5-HT, {antagonist} + fluoxetine": {
                "x": ANTAGONIST_DOSES_MG, "y": 100 * combo["synaptic 5-HT"], **right},
            f"{antagonist}: α2 occupancy (%)": {"x": ANTAGONIST_DOSES_MG, "y": 100 * a_alone["alpha2 occupancy"],
                                                **right},
            f"{antagonist}: 5-HT release": {"x": ANTAGONIST_DOSES_MG, "y": 100 * a_alone["5-HT release"], **right},
            f"{antagonist}: NA release": {"x": ANTAGONIST_DOSES_MG, "y": 100 * a_alone["NA release"], **right},
            "raphe 5-HT firing, SSRI alone (first day)": (SSRI_DOSES_MG, 100 * alone["raphe firing"]),
            "chosen fluoxetine dose |marker": {"x": [fluoxetine_mg, fluoxetine_mg],
                                               "y": [100 * float(at["SERT occupancy"][0]),
                                                     100 * float(at["synaptic 5-HT"][0])]},
            f"PET: {pet_low:g}–{pet_high:g}% at minimum SSRI doses |fill":
                _band(0, 60, pet_low, pet_high),
            "rest (100%) |dot": {"x": [0, 60], "y": [100, 100]},
            "rest (100%), right |dot": {"x": [0, 90], "y": [100, 100], "showlegend": False, **right},
        }

    axis = {"zeroline": False, "gridcolor": "#e5e5e5"}
    return Explorer(
        model=model,
        slider=Control("fluoxetine_mg", "Fluoxetine added to the α2 antagonist (mg/day)", [0, 5, 10, 20, 40, 60],
                       data.value(f"{SEED}.fluoxetine_dose_mg")),
        menu=Control("antagonist", "α2 antagonist", ["mianserin", "mirtazapine"], "mianserin"),
        title="Two ways to raise serotonin: block its clearance (left) or release the brake on release (right)",
        x_title="Fluoxetine daily dose (mg)", y_title="Occupancy (%) or level relative to rest (%)",
        caption=render(
            "Teaching model, first day of treatment. Synaptic 5-HT = release rate × residence time. Left: an "
            "SSRI occupies SERT (the band is the PET finding at minimum therapeutic doses; the curve levels "
            "off at the plateau of [[ssri.sert_occupancy_plateau_pct|value]] [[cite:meyer2001]]) and 5-HT "
            "stays longer, but the extra 5-HT at the raphe lowers firing through 5-HT1A autoreceptors "
            "[[cite:czachura2000]], so the gain is smaller than blockade alone would give. Right: an α2 "
            "antagonist takes the brake off release per impulse (capped at 1/(1 − brake)) and, through "
            "noradrenaline and α1 receptors, adds firing [[cite:deboer1995ruigt]]. Because the level is a "
            "product of release and residence time, the α2 gain multiplies the SSRI's. With the verified "
            "human-brain α2 constant, mianserin's plasma level occupies few α2 receptors in this model (its "
            "active metabolites and brain levels are not modelled), so its curves stay near rest; brakes, "
            "feedback and the dose–occupancy curve are teaching assumptions; doses here are not "
            "recommendations."),
        layout={
            "xaxis": {**axis, "domain": [0, 0.45], "title": {"text": "Fluoxetine, mg/day", "font": {"size": 12}}},
            "xaxis2": {**axis, "domain": [0.55, 1], "anchor": "y2",
                       "title": {"text": "α2 antagonist, mg/day", "font": {"size": 12}}},
            "yaxis": {**axis, "title": {"text": "Occupancy or level (% of rest)"}, "range": [0, 520]},
            "yaxis2": {**axis, "anchor": "x2", "matches": "y", "showticklabels": True},
            "height": 640,
        },
    )


# ---- widget 2: the trial explorer (forest plots) ----------------------------------------------------
def trial_explorer() -> Explorer:
    comps = comparisons()
    rd_labels = [c.short for c in comps]
    estimates = {c.key: c.rd_points() for c in comps}
    rd_row = {c.key: i for i, c in enumerate(comps)}
    with_ci = [c for c in comps if c.has_counts]
    without = [c for c in comps if not c.has_counts]
    r_default = data.value("model.prepost_correlation")
    smd_axis_labels = [r.short for r in smd_rows(r_default)]

    def err(lo, est, hi):
        return {"type": "data", "symmetric": False, "array": [h - e for e, h in zip(est, hi)],
                "arrayminus": [e - lo_ for e, lo_ in zip(est, lo)], "thickness": 1.5, "width": 5}

    def model(comparison: str, correlation: float) -> dict:
        rows = smd_rows(correlation)
        chosen = next(i for i, c in enumerate(comps) if c.key == comparison)
        rd, lo, hi = estimates[comparison]
        ci = f"{lo:+.0f} to {hi:+.0f}" if lo is not None else "no CI"
        est = [estimates[c.key] for c in with_ci]
        lower = {"xaxis": "x2", "yaxis": "y2"}
        return {
            "response: risk difference, 95% CI |marker": {
                "x": [e[0] for e in est], "y": [rd_row[c.key] for c in with_ci],
                "error_x": err([e[1] for e in est], [e[0] for e in est], [e[2] for e in est])},
            "response: point only (arm sizes unknown) |marker": {
                "x": [estimates[c.key][0] for c in without], "y": [rd_row[c.key] for c in without]},
            f"selected: {comps[chosen].counts_text()}, RD {rd:+.0f} ({ci}) |marker": {
                "x": [rd], "y": [chosen], "marker": {"size": 16, "symbol": "circle-open",
                                                     "color": OKABE_ITO["black"], "line": {"width": 2}}},
            "depression score: Hedges' g, 95% CI |marker": {
                "x": [r.g for r in rows], "y": list(range(len(rows))),
                "error_x": err([r.low for r in rows], [r.g for r in rows], [r.high for r in rows]), **lower},
        }

    axis = {"gridcolor": "#e5e5e5", "zeroline": True, "zerolinecolor": "#000000", "zerolinewidth": 1}

    def rows_axis(labels, domain, **extra):
        return {"tickvals": list(range(len(labels))), "ticktext": labels, "range": [len(labels) - 0.5, -0.5],
                "gridcolor": "#f0f0f0", "zeroline": False, "domain": domain, **extra}

    return Explorer(
        model=model,
        slider=Control("correlation", "Assumed pre–post r (seed change scores)",
                       [0, 0.25, 0.5, 0.75, 0.9], r_default),
        menu=Control("comparison", "Comparison", [c.key for c in comps], comps[0].key, labels=rd_labels),
        title="Augmentation and switch trials, re-analysed: response (top) and depression scores (bottom)",
        x_title="Risk difference (percentage points)", y_title="",
        caption=("Top: response risk differences with 95% CIs where counts could be derived (seed: % × n; "
                 "Carpenter: arm sizes inferred from the percentages); Licht's arm sizes are not in its abstract, "
                 "so only the point estimate is shown. The menu circles one comparison and names its counts. "
                 "Bottom: Hedges' g on depression scores (change scores or end-point scores; α2 + RI = an α2 "
                 "antagonist added to a reuptake inhibitor). In both panels values above 0 favour the added or "
                 "switched drug. The slider changes the assumed pre–post correlation, which moves only the "
                 "vendor page's change-score rows. Notice that the small trial it reports sits far from the large MIR trial "
                 "and the pooled estimates. Its numbers come from a commercial page and are unverified."),
        layout={
            "xaxis": {**axis, "domain": [0, 1], "anchor": "y", "range": [-60, 100],
                      "title": {"text": "Response: risk difference (% points)"}},
            "yaxis": rows_axis(rd_labels, [0.56, 1]),
            "xaxis2": {**axis, "domain": [0, 1], "anchor": "y2", "range": [-0.6, 1.6],
                       "title": {"text": "Depression score: Hedges' g"}},
            "yaxis2": rows_axis(smd_axis_labels, [0, 0.4], anchor="x2"),
            "height": 620,
            "margin": {"l": 200, "r": 15, "t": 60, "b": 40},
        },
    )


# ---- widget 3: the GRIM table checker ----------------------------------------------------------------
GRIM_NS = list(range(30, 41))
GRIM_SPAN = 4.0  # percentage points either side of the printed value


def _grim_story(arms: dict[str, Arm]) -> str:
    sw = arms["switch_mianserin"]
    g = trials.grim_percent(sw.response_pct, sw.n)
    (k0, p0), (k1, p1) = g.nearest_below, g.nearest_above
    k, n = nearest_consistent_denominator(sw.response_pct, sw.n)
    return (f"For the switch arm no dot at n = {sw.n} reaches {sw.response_pct:g}%: {k0}/{sw.n} = {p0:.2f}% and "
            f"{k1}/{sw.n} = {p1:.2f}%; n = {n} works ({k}/{n}).")


def grim_explorer() -> Explorer:
    arms = seed_arms()

    def achievable(pct, n):
        """Whole counts k whose k/n lies within GRIM_SPAN points of pct, with their offsets from it."""
        ks = [k for k in range(n + 1) if abs(100 * k / n - pct) <= GRIM_SPAN]
        return ks, [100 * k / n - pct for k in ks]

    def model(arm: str, n: int) -> dict:
        pct = arms[arm].response_pct
        dots = {True: ([], [], []), False: ([], [], [])}
        verdicts = []
        for m in GRIM_NS:
            fits = trials.grim_percent(pct, m).candidates
            verdicts.append(f"✓ {fits[0]}/{m}" if fits else "✗ none")
            for k, off in zip(*achievable(pct, m)):
                x, y, text = dots[k in fits]
                x.append(off)
                y.append(m)
                text.append(f"{k}/{m} = {100 * k / m:.2f}%")
        _, chosen = achievable(pct, n)
        half = 0.05
        return {
            f"printed {pct:g}% ± rounding (0.05 points) |fill": _band(-half, half, 29.5, 40.5),
            "k/n that cannot be printed as it |marker": dict(zip(("x", "y", "text"), dots[False])),
            f"k/n that round to {pct:g}% |marker": dict(zip(("x", "y", "text"), dots[True])),
            "verdict for each n": {"x": [GRIM_SPAN + 0.3] * len(GRIM_NS), "y": GRIM_NS, "text": verdicts,
                                   "mode": "text", "textposition": "middle right", "showlegend": False,
                                   "hoverinfo": "skip"},
            "the chosen n (slider)": {"x": chosen, "y": [n] * len(chosen), "mode": "markers",
                                      "marker": {"size": 18, "symbol": "circle-open", "color": OKABE_ITO["black"],
                                                 "line": {"width": 2}}},
        }

    return Explorer(
        model=model,
        slider=Control("n", "Patients in the arm (n)", GRIM_NS, arms["switch_mianserin"].n),
        menu=Control("arm", "Arm of the vendor page's table", list(arms), "switch_mianserin",
                     labels=[f"{a.label}: {a.response_pct:g}%, n = {a.n}" for a in arms.values()]),
        title="Is the printed response rate possible? Every achievable k/n near it, for n = 30 to 40",
        x_title="k/n minus the printed rate (points)", y_title="Patients in the arm (n)",
        caption=("Each dot is a rate that a whole number of responders k out of n can give, placed by its "
                 "distance from the printed rate (hover for k/n). A rate printed to one decimal is possible only "
                 "if a dot falls inside the thin shaded strip (the rounding interval). " + _grim_story(arms) +
                 " The other two arms pass at their printed n. Values from the vendor page (unverified)."),
        layout={"yaxis": {"title": {"text": "Patients in the arm (n)"}, "dtick": 1, "range": [29.5, 40.8],
                          "gridcolor": "#e5e5e5", "zeroline": False},
                "xaxis": {"title": {"text": "k/n minus the printed rate (points)"},
                          "range": [-GRIM_SPAN - 0.3, GRIM_SPAN + 2.4], "gridcolor": "#e5e5e5",
                          "zeroline": False}},
    )


# ---- widget 4: what "switching" from fluoxetine means ------------------------------------------------
WASHOUT_DAYS = np.arange(0, 57, 1.0)


def washout_explorer() -> Explorer:
    ed50, omax = drugs.ssri_ed50_mg(), drugs.ssri_max_occupancy()
    pet_low, pet_high = data.value("ssri.sert_occupancy_min_dose_pct")
    nor = data.fact("fluoxetine.norfluoxetine_half_life_days")
    single = data.value("fluoxetine.norfluoxetine_half_life_single_dose_days")
    multiple = data.value("fluoxetine.norfluoxetine_half_life_multiple_dose_days")
    mianserin = drugs.course_drugs()["mianserin"]
    m_half_h = data.value("mianserin.half_life_oral_h")
    m_dose = data.value(f"{SEED}.mianserin_dose_mg")
    trial_days = 7 * data.value(f"{SEED}.duration_weeks")
    maoi_days = 7 * data.value("fluoxetine.maoi_washout_weeks")
    fluoxetine_mg = data.value(f"{SEED}.fluoxetine_dose_mg")
    building = 1 - mechanisms.remaining_fraction(WASHOUT_DAYS * 24, m_half_h)
    alpha2 = 100 * mianserin.occupancies(m_dose * building)["alpha2"]

    def model(half_life_days: float) -> dict:
        return {
            f"PET: {pet_low:g}–{pet_high:g}% at minimum SSRI doses |fill":
                _band(0, 56, pet_low, pet_high),
            "drug + metabolite left (% of steady state)":
                (WASHOUT_DAYS, 100 * mechanisms.remaining_fraction(WASHOUT_DAYS, half_life_days)),
            f"SERT occupancy after {fluoxetine_mg:g} mg (model)":
                (WASHOUT_DAYS, 100 * mechanisms.sert_occupancy_after_stopping(
                    WASHOUT_DAYS, fluoxetine_mg, ed50, half_life_days, omax)),
            f"mianserin {m_dose:g} mg from day 0: α2 occupancy": (WASHOUT_DAYS, alpha2),
            f"end of the reported trial (week {trial_days / 7:g}) |dash": {"x": [trial_days] * 2, "y": [0, 100]},
            f"MAOI washout in the label ({maoi_days / 7:g} weeks) |dot": {"x": [maoi_days] * 2, "y": [0, 100]},
        }

    values = [nor.low, single, multiple, nor.high]
    return Explorer(
        model=model,
        slider=Control("half_life_days", "Norfluoxetine half-life (days)", values, multiple,
                       labels=[f"{v:g} d" for v in values]),
        title="After a 'switch' from fluoxetine: how long does SERT stay blocked?",
        x_title="Days since the last fluoxetine dose", y_title="Percent",
        caption=("Teaching model: first-order loss of fluoxetine and norfluoxetine (one pool, with the "
                 f"metabolite's half-life: {nor.low:g}–{nor.high:g} days in the label, means {single:g} after one "
                 f"dose and {multiple:g} after repeated doses, seen via a secondary source), and the course's "
                 "dose–occupancy curve. "
                 "Notice that occupancy falls more slowly than the level, because the curve is saturating, "
                 "and that mianserin reaches steady state within days: for the first weeks a 'switch' arm "
                 "gets both drugs. Not a switching protocol."),
        layout={"yaxis": {"title": {"text": "Percent"}, "range": [0, 102], "gridcolor": "#e5e5e5",
                          "zeroline": False}, "height": 520},
    )


# ---- widget 5: the 5-HT1A loop over weeks, with and without an α2 antagonist --------------------------
FEEDBACK_DAYS = np.arange(0, 43, 1.0)


def feedback_explorer() -> Explorer:
    """Raphe firing and synaptic 5-HT over six weeks of an SSRI, alone and with an α2 antagonist, for a
    chosen α2 occupancy (slider) and desensitisation time constant (menu)."""
    course = drugs.course_drugs()
    ssri_mg = data.value(f"{SEED}.fluoxetine_dose_mg")
    sert = course[drugs.SSRI].occupancies(ssri_mg)["SERT"]
    tau_default = data.value("model.autoreceptor_desensitisation_days")
    taus = sorted({tau_default / 2, tau_default, tau_default * 2})
    recovery_low, recovery_high = data.value("ssri.raphe_firing_recovery_days")

    def model(desensitisation_days: float, alpha2_occupancy_pct: float) -> dict:
        params = drugs.synapse_parameters(desensitisation_days=desensitisation_days)
        days = FEEDBACK_DAYS
        alone = synapse.response({"alpha2": np.zeros_like(days), "NET": np.zeros_like(days),
                                  "SERT": np.full_like(days, sert)}, params, days)
        both = synapse.response({"alpha2": np.full_like(days, alpha2_occupancy_pct / 100),
                                 "NET": np.zeros_like(days), "SERT": np.full_like(days, sert)}, params, days)
        combo, ssri_only = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
        return {
            "synaptic 5-HT, SSRI + α2 antagonist": {"x": days, "y": 100 * both["synaptic 5-HT"],
                                                    "line": {"color": combo, "width": 3}},
            "synaptic 5-HT, SSRI alone": {"x": days, "y": 100 * alone["synaptic 5-HT"],
                                          "line": {"color": ssri_only, "width": 3}},
            "raphe firing, SSRI + α2 antagonist": {"x": days, "y": 100 * both["raphe firing"],
                                                   "line": {"color": combo, "dash": "dash"}},
            "raphe firing, SSRI alone": {"x": days, "y": 100 * alone["raphe firing"],
                                         "line": {"color": ssri_only, "dash": "dash"}},
            f"rat firing back to baseline ({recovery_low:g}–{recovery_high:g} days) |fill":
                _band(recovery_low, recovery_high, 0, 400),
            "rest (100%) |dot": (days, np.full_like(days, 100.0)),
        }

    return Explorer(
        model=model,
        slider=Control("alpha2_occupancy_pct", "α2 occupancy by the added antagonist (%)", [0, 10, 20, 40, 60, 80], 20,
                       labels=["0%", "10%", "20%", "40%", "60%", "80%"]),
        menu=Control("desensitisation_days", "Autoreceptor desensitisation time constant (teaching assumption)",
                     taus, tau_default, labels=[f"{t:g} days" for t in taus]),
        title="The SSRI's own brake: raphe firing and synaptic 5-HT over six weeks (teaching model)",
        x_title="Days of treatment", y_title="Level relative to rest (%)",
        caption=render(
            "Teaching model, fluoxetine at the vendor page's dose throughout (its SERT occupancy held "
            "constant, although fluoxetine itself takes weeks to reach steady state). An SSRI first lowers "
            "raphe firing through 5-HT1A autoreceptors; as they desensitise firing returns, which in rats took "
            "[[ssri.raphe_firing_recovery_days|bare]] with fluoxetine [[cite:czachura2000]] and about two weeks with "
            "citalopram [[cite:chaput1986]] (shaded band). Synaptic 5-HT (release rate × residence time) "
            "therefore climbs over weeks. An added α2 antagonist lifts the heteroreceptor brake and, through "
            "noradrenaline and α1 receptors, adds firing that does not wait for desensitisation "
            "[[cite:deboer1995ruigt]]. Notice how much the answer depends on the α2 occupancy (slider): no "
            "study has measured it in people. The feedback's size and time course are teaching assumptions "
            "from rat data; that desensitisation explains the delayed clinical response is a hypothesis."),
        layout={"yaxis": {"title": {"text": "Level relative to rest (%)"}, "range": [0, 400], "gridcolor": "#e5e5e5",
                          "zeroline": False}},
    )

