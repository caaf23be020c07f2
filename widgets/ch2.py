"""Chapter 2: SSRI versus mianserin. The seed table's data, its re-analysis, and four widgets.

Why one module: every number the chapter computes (derived counts, risk differences, NNTs, effect sizes,
GRIM checks) is built here from cited facts, so prose, tables, figures and tests share one computation.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import data
from .models import mechanisms, synapse, trials
from .style import OKABE_ITO
from .text import Markdown
from .views import Control, Explorer

SEED = "seed.ferreri_table"
ARM_LABELS = {"continue_fluoxetine": "continue fluoxetine",
              "switch_mianserin": "switch to mianserin",
              "fluoxetine_plus_mianserin": "fluoxetine + mianserin"}


# ---- the seed's three-arm table (BenchChem page, reporting Ferreri 2001: all unverified) ----------
@dataclass(frozen=True)
class Arm:
    key: str
    label: str
    n: int
    baseline_mean: float
    baseline_sd: float
    week6_mean: float
    week6_sd: float
    mean_decrease: float
    response_pct: float


def seed_arms() -> dict[str, Arm]:
    """The three arms exactly as the seed page prints them."""
    def v(arm, field):
        return data.value(f"{SEED}.{arm}.{field}")

    return {k: Arm(k, label, int(v(k, "n")), v(k, "baseline_hamd17_mean"), v(k, "baseline_hamd17_sd"),
                   v(k, "week6_hamd17_mean"), v(k, "week6_hamd17_sd"), v(k, "mean_decrease_hamd17"),
                   v(k, "response_pct"))
            for k, label in ARM_LABELS.items()}


def derived_count(pct: float, n: int, decimals: int = 1) -> int | None:
    """The whole number of patients k with k/n rounding to ``pct``; None when no k fits (GRIM fails)."""
    found = trials.grim_percent(pct, n, decimals).candidates
    if len(found) > 1:
        raise ValueError(f"{pct}% of {n} fits several counts {found}: report more decimals")
    return found[0] if found else None


def nearest_consistent_denominator(pct: float, n: int, decimals: int = 1, spread: int = 10) -> tuple[int, int]:
    """(k, n') with n' the denominator closest to n (smaller first on ties) that makes ``pct`` possible."""
    fits = trials.grim_denominators(pct, max(1, n - spread), n + spread, decimals)
    if not fits:
        raise ValueError(f"no denominator within {spread} of {n} gives {pct}%")
    return min(fits, key=lambda kn: (abs(kn[1] - n), kn[1]))


# ---- comparisons for the forest plots ---------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """Response in arm a versus arm b. Counts are None where arm sizes were not reported."""

    key: str
    label: str
    short: str
    source: str
    rate_a_pct: float
    rate_b_pct: float
    events_a: int | None = None
    n_a: int | None = None
    events_b: int | None = None
    n_b: int | None = None
    counts_note: str = ""

    @property
    def has_counts(self) -> bool:
        return None not in (self.events_a, self.n_a, self.events_b, self.n_b)

    def nnt(self) -> trials.NNT:
        return trials.number_needed_to_treat(self.events_a, self.n_a, self.events_b, self.n_b)

    def rd_points(self) -> tuple[float, float | None, float | None]:
        """Risk difference and its 95% CI in percentage points (CI None without counts)."""
        if not self.has_counts:
            return self.rate_a_pct - self.rate_b_pct, None, None
        rd = self.nnt().risk_difference
        return 100 * rd.estimate, 100 * rd.ci_low, 100 * rd.ci_high

    def counts_text(self) -> str:
        if not self.has_counts:
            return f"{self.rate_a_pct:g}% vs {self.rate_b_pct:g}%"
        return f"{self.events_a}/{self.n_a} vs {self.events_b}/{self.n_b}"

    def nnt_text(self) -> str:
        if self.has_counts:
            return self.nnt().describe()
        point = trials.nnt_from_rates(self.rate_a_pct, self.rate_b_pct)
        kind = "B" if point > 0 else "H"
        return f"NNT{kind} {abs(point):.1f} (no CI: arm sizes not reported)"


def comparisons() -> list[Comparison]:
    """Augmentation and switch comparisons whose response rates we have, with counts only where derivable."""
    arms = seed_arms()
    cont, sw, combo = arms["continue_fluoxetine"], arms["switch_mianserin"], arms["fluoxetine_plus_mianserin"]
    k_cont, k_combo = derived_count(cont.response_pct, cont.n), derived_count(combo.response_pct, combo.n)
    k_sw, n_sw = nearest_consistent_denominator(sw.response_pct, sw.n)
    seed_note = "vendor page's table, counts derived from % × n"
    sw_note = (f"{sw.response_pct:g}% is impossible with n = {sw.n}; shown as {k_sw}/{n_sw}, "
               f"the nearest denominator that fits (an assumption)")
    licht = "trials.licht2002"
    carp = "trials.carpenter2002"
    n_mirt, n_plac = data.value(f"{carp}.n_mirtazapine_derived"), data.value(f"{carp}.n_placebo_derived")
    r_mirt, r_plac = data.value(f"{carp}.response_mirtazapine_pct"), data.value(f"{carp}.response_placebo_pct")
    return [
        Comparison("seed-combo-vs-continue", "Vendor page: fluoxetine + mianserin vs continue", "Vendor: add-on vs cont.",
                   "seed_benchchem",
                   combo.response_pct, cont.response_pct, k_combo, combo.n, k_cont, cont.n, seed_note),
        Comparison("seed-switch-vs-continue", "Vendor page: switch to mianserin vs continue", "Vendor: switch vs cont.",
                   "seed_benchchem",
                   sw.response_pct, cont.response_pct, k_sw, n_sw, k_cont, cont.n, sw_note),
        Comparison("seed-combo-vs-switch", "Vendor page: fluoxetine + mianserin vs switch", "Vendor: add-on vs switch",
                   "seed_benchchem",
                   combo.response_pct, sw.response_pct, k_combo, combo.n, k_sw, n_sw, sw_note),
        Comparison("licht-mianserin", "Licht: sertraline + mianserin vs sertraline 100", "Licht: add-on vs continue",
                   "licht2002",
                   data.value(f"{licht}.response_mianserin_added_pct"),
                   data.value(f"{licht}.response_sertraline100_pct"),
                   counts_note="arm sizes not in the abstract (295 randomised to three arms)"),
        Comparison("licht-dose", "Licht: sertraline 200 vs sertraline 100", "Licht: dose up vs continue",
                   "licht2002",
                   data.value(f"{licht}.response_sertraline200_pct"),
                   data.value(f"{licht}.response_sertraline100_pct"),
                   counts_note="arm sizes not in the abstract (295 randomised to three arms)"),
        Comparison("carpenter", "Carpenter: + mirtazapine vs + placebo", "Carpenter: add-on vs placebo",
                   "carpenter2002", r_mirt, r_plac,
                   derived_count(r_mirt, n_mirt, 0), n_mirt, derived_count(r_plac, n_plac, 0), n_plac,
                   "arm sizes 11 and 15 inferred from the percentages (not reported)"),
    ]


@dataclass(frozen=True)
class SmdRow:
    label: str
    short: str
    source: str
    g: float
    low: float
    high: float
    note: str = ""


def _g_row(label, short, source, es: trials.EffectSize, note: str = "") -> SmdRow:
    return SmdRow(label, short, source, es.g, es.g_ci_low, es.g_ci_high, note)


def seed_change_smd(arm_key: str, correlation: float) -> trials.ChangeScoreEffect:
    """Change-score effect of an arm versus continuing fluoxetine, under an assumed pre-post r."""
    arms = seed_arms()
    a, b = arms["continue_fluoxetine"], arms[arm_key]
    return trials.change_score_effect(a.baseline_mean, a.baseline_sd, a.week6_mean, a.week6_sd, a.n,
                                      b.baseline_mean, b.baseline_sd, b.week6_mean, b.week6_sd, b.n,
                                      correlation)


def seed_endpoint_smd(arm_key: str) -> trials.EffectSize:
    """End-point (week-6) effect of an arm versus continuing fluoxetine; positive = lower score."""
    arms = seed_arms()
    a, b = arms["continue_fluoxetine"], arms[arm_key]
    return trials.cohens_d(a.week6_mean, a.week6_sd, a.n, b.week6_mean, b.week6_sd, b.n)


def mir_endpoint_smd() -> trials.EffectSize:
    """MIR BDI-II at 12 weeks, placebo minus mirtazapine, with the randomised arm sizes."""
    m = "trials.mir"
    return trials.cohens_d(data.value(f"{m}.bdi12_placebo_mean"), data.value(f"{m}.bdi12_placebo_sd"),
                           data.value(f"{m}.n_placebo"), data.value(f"{m}.bdi12_mirtazapine_mean"),
                           data.value(f"{m}.bdi12_mirtazapine_sd"), data.value(f"{m}.n_mirtazapine"))


def _published(label, short, fact_id) -> SmdRow:
    low, high = data.value(fact_id + "_ci")
    return SmdRow(label, short, data.fact(fact_id).source, data.value(fact_id), low, high)


def _mir_note() -> str:
    return (f"randomised arm sizes; {data.value('trials.mir.n_primary_followup')} of "
            f"{data.value('trials.mir.n_randomised')} had {data.value('trials.mir.primary_outcome_weeks')}-week data")


def smd_rows(correlation: float) -> list[SmdRow]:
    """Standardised mean differences (Hedges' g) from the seed table, MIR and the Henssler meta-analysis."""
    return [
        _g_row(f"Vendor page: + mianserin vs continue, change (r = {correlation:g})", "Vendor: add-on, change",
               "seed_benchchem", seed_change_smd("fluoxetine_plus_mianserin", correlation).smd),
        _g_row(f"Vendor page: switch vs continue, change (r = {correlation:g})", "Vendor: switch, change",
               "seed_benchchem", seed_change_smd("switch_mianserin", correlation).smd),
        _g_row("Vendor page: + mianserin vs continue, week 6", "Vendor: add-on, week 6", "seed_benchchem",
               seed_endpoint_smd("fluoxetine_plus_mianserin")),
        _g_row("MIR: + mirtazapine vs + placebo, week 12", "MIR: add-on, week 12", "kessler2018",
               mir_endpoint_smd(), note=_mir_note()),
        _published("Henssler: α2 antagonist + reuptake inhibitor", "Henssler: α2 + RI, all",
                   "trials.henssler2022.smd_alpha2_ri"),
        _published("Henssler: same, non-responders only", "Henssler: α2 + RI, non-resp.",
                   "trials.henssler2022.smd_alpha2_ri_trd"),
    ]


# ---- tables for the page (Markdown with citations; plain text for nbval) --------------------------
def seed_table() -> Markdown:
    """The seed's table as printed, each cell unverified, with its secondary commercial source."""
    rows = ["| Arm (as printed) | n | HAM-D-17 baseline | HAM-D-17 week 6 | Mean decrease | Response |",
            "|---|---|---|---|---|---|"]
    for arm in seed_arms().values():
        rows.append(f"| {arm.label} | {arm.n} | {arm.baseline_mean:.1f} ± {arm.baseline_sd:.1f} | "
                    f"{arm.week6_mean:.1f} ± {arm.week6_sd:.1f} | {arm.mean_decrease:.1f} | {arm.response_pct:g}% |")
    note = ("\n\nSource: a commercial product page [[cite:seed_benchchem]] reporting Ferreri et al. 2001 "
            "[[cite:ferreri2001]], whose paper we could not retrieve: every cell is a representative value, "
            "unverified. Means ± SD; response = more than 50% fall in HAM-D-17.")
    return Markdown("\n".join(rows) + note)


def decrease_check() -> Markdown:
    """Does each printed mean decrease equal baseline minus week 6? (An internal consistency check.)"""
    parts, agree = [], True
    for arm in seed_arms().values():
        diff = round(arm.baseline_mean - arm.week6_mean, 1)
        agree = agree and math.isclose(diff, arm.mean_decrease)
        parts.append(f"{arm.label}: {arm.baseline_mean:.1f} − {arm.week6_mean:.1f} = {diff:.1f} "
                     f"(printed {arm.mean_decrease:.1f})")
    verdict = "all three agree" if agree else "they do not all agree"
    return Markdown("Baseline minus week 6, against the printed mean decrease: " + "; ".join(parts) +
               f". Verdict: {verdict} [[cite:seed_benchchem]] (values unverified).")


def grim_table() -> Markdown:
    """For each arm: is the printed percentage k/n for a whole k? If not, which counts come closest?"""
    rows = ["| Arm | Printed | n | Whole counts that give it | Nearest achievable | Verdict |",
            "|---|---|---|---|---|---|"]
    for arm in seed_arms().values():
        g = trials.grim_percent(arm.response_pct, arm.n)
        fits = ", ".join(f"{k}/{arm.n}" for k in g.candidates) or "none"
        near = "; ".join(f"{k}/{arm.n} = {100 * k / arm.n:.2f}%" for k, _ in (g.nearest_below, g.nearest_above))
        verdict = "consistent" if g.consistent else "**impossible**"
        rows.append(f"| {arm.label} | {arm.response_pct:g}% | {arm.n} | {fits} | {near} | {verdict} |")
    return Markdown("\n".join(rows) + "\n\nComputed here with the GRIM logic [[cite:brown2017grim]] from the vendor page's "
               "printed values [[cite:seed_benchchem]] (unverified).")


def _ci(low, high, digits=1, unit=""):
    return f"{low:+.{digits}f}{unit} to {high:+.{digits}f}{unit}"


def reanalysis_table(prefix: str = "") -> Markdown:
    """Risk differences and NNTs with 95% CIs (Newcombe hybrid score; Altman's NNT intervals).

    ``prefix`` keeps only comparisons whose key starts with it (e.g. "seed"); "other" keeps the rest.
    """
    rows = ["| Comparison | Response | Risk difference (95% CI) | NNT (95% CI) | Counts |",
            "|---|---|---|---|---|"]
    chosen = [c for c in comparisons() if (not c.key.startswith("seed") if prefix == "other"
                                          else c.key.startswith(prefix))]
    for c in chosen:
        rd, lo, hi = c.rd_points()
        ci = f"{rd:+.1f} points ({_ci(lo, hi)})" if lo is not None else f"{rd:+.1f} points (no CI)"
        rows.append(f"| {c.label} [[cite:{c.source}]] | {c.counts_text()} | {ci} | {c.nnt_text()} | "
                    f"{c.counts_note} |")
    return Markdown("\n".join(rows) + "\n\nComputed here: risk difference with Newcombe's hybrid score interval "
               "[[cite:newcombe1998]]; NNT = 1/RD, its interval by inverting the RD interval, passing through "
               "infinity when the RD interval crosses zero [[cite:altman1998nnt]]. NNTB = to benefit, "
               "NNTH = to harm. Vendor-page and Carpenter counts are derived, not reported.")


def change_score_table(correlations=(0.0, 0.25, 0.5, 0.75, 0.9)) -> Markdown:
    """How the assumed pre-post correlation changes the seed's change-score comparison."""
    rows = ["| Assumed r | SD of change (continue; + mianserin) | Difference in mean change (95% CI) | "
            "Hedges' g (95% CI) |", "|---|---|---|---|"]
    for r in correlations:
        e = seed_change_smd("fluoxetine_plus_mianserin", r)
        md, g = e.mean_difference, e.smd
        rows.append(f"| {r:g} | {e.sd_change_a:.1f}; {e.sd_change_b:.1f} | {md.estimate:+.1f} "
                    f"({_ci(md.ci_low, md.ci_high)}) HAM-D points | {g.g:+.2f} ({_ci(g.g_ci_low, g.g_ci_high, 2)}) |")
    end = seed_endpoint_smd("fluoxetine_plus_mianserin")
    return Markdown("\n".join(rows) + f"\n\nFor comparison, the week-6 (end-point) scores alone give g = {end.g:+.2f} "
               f"({_ci(end.g_ci_low, end.g_ci_high, 2)}), whatever r is. Positive values favour the "
               "combination (a larger fall). Change-score SDs from the baseline and week-6 SDs and r "
               "[[cite:higgins2011handbook]]; inputs are the vendor page's printed values [[cite:seed_benchchem]] "
               "(unverified); the correlation is a teaching assumption.")


def washout_table(days=(7, 14, 21, 28, 42)) -> Markdown:
    """How much fluoxetine activity is left after a 'switch', at the mean norfluoxetine half-life."""
    half_life = data.value("fluoxetine.norfluoxetine_half_life_multiple_dose_days")
    dose, ed50 = data.value(f"{SEED}.fluoxetine_dose_mg"), data.value("model.ssri_ed50_mg")
    t = np.array(days, dtype=float)
    left = mechanisms.remaining_fraction(t, half_life)
    occ = mechanisms.sert_occupancy_after_stopping(t, dose, ed50, half_life)
    rows = ["| Days after the last dose | " + " | ".join(f"{d:g}" for d in days) + " |",
            "|---|" + "---|" * len(days),
            "| Level left (% of steady state) | " + " | ".join(f"{100 * x:.0f}%" for x in left) + " |",
            "| SERT occupancy (teaching model) | " + " | ".join(f"{100 * x:.0f}%" for x in occ) + " |"]
    return Markdown("\n".join(rows) + f"\n\nComputed here with first-order elimination at the mean norfluoxetine "
               f"half-life of {half_life:g} days (multiple doses; seen in a secondary source quoting the label "
               f"[[cite:prozac_uspi]]) and the course's dose–occupancy curve, which puts {dose:g} mg at "
               f"{100 * dose / (dose + ed50):.0f}% SERT occupancy [[cite:meyer2004]]. Both drug and metabolite are treated as one pool with the "
               f"metabolite's half-life: a teaching simplification. The dose is the vendor page's {dose:g} mg (unverified).")


def evidence_table(correlation: float | None = None) -> Markdown:
    """The bottom forest panel as a table: Hedges' g with 95% CIs, computed or published."""
    r = data.value("model.prepost_correlation") if correlation is None else correlation
    rows = ["| Comparison | Hedges' g (95% CI) | How obtained |", "|---|---|---|"]
    for row in smd_rows(r):
        how = ("published pooled estimate" if row.source == "henssler2022" else
               "computed here" + (f"; {row.note}" if row.note else ""))
        rows.append(f"| {row.label} [[cite:{row.source}]] | {row.g:+.2f} ({_ci(row.low, row.high, 2)}) | {how} |")
    return Markdown("\n".join(rows) + f"\n\nPositive values favour the added or switched drug. Vendor-page rows use the "
               f"printed (unverified) values and, for change scores, an assumed r = {r:g}.")


# ---- widget 1: two mechanisms side by side --------------------------------------------------------
SSRI_DOSES_MG = np.linspace(0, 60, 61)
ANTAGONIST_DOSES_MG = np.linspace(0, 90, 46)


def _band(x0, x1, low, high, **extra) -> dict:
    return {"x": [x0, x1, x1, x0, x0], "y": [low, low, high, high, low], "fill": "toself",
            "mode": "lines", "hoverinfo": "skip", "opacity": 1, **extra}


def mechanisms_explorer() -> Explorer:
    drugs = synapse.course_drugs()
    ssri = drugs["SSRI (fluoxetine)"]
    brake, hetero = data.value("model.alpha2_brake_fraction"), data.value("model.heteroreceptor_brake_fraction")
    clearance = data.value("model.transporter_clearance_fraction")
    pet_low, pet_high = data.value("ssri.sert_occupancy_min_dose_pct")
    plateau = data.value("ssri.sert_occupancy_plateau_pct")

    def model(antagonist: str, fluoxetine_mg: float) -> dict:
        alone = synapse.synapse_response(ssri, SSRI_DOSES_MG, brake, hetero, clearance)
        occ = 100 * ssri.occupancies(SSRI_DOSES_MG)["SERT"]
        at = synapse.synapse_response(ssri, np.array([fluoxetine_mg]), brake, hetero, clearance)
        at_occ = 100 * ssri.occupancies(np.array([fluoxetine_mg]))["SERT"]
        a_alone = synapse.synapse_response(drugs[antagonist], ANTAGONIST_DOSES_MG, brake, hetero, clearance)
        combo = mechanisms.combination_response(ssri, fluoxetine_mg, drugs[antagonist], ANTAGONIST_DOSES_MG,
                                                brake, hetero, clearance)
        right = {"xaxis": "x2", "yaxis": "y2"}
        # order sets the colours: the strongest go to the curves the caption talks about
        return {
            "SERT occupancy (%)": (SSRI_DOSES_MG, occ),
            "synaptic 5-HT, SSRI alone": (SSRI_DOSES_MG, 100 * alone["synaptic 5-HT"]),
            f"synaptic 5-HT, {antagonist} + fluoxetine": {
                "x": ANTAGONIST_DOSES_MG, "y": 100 * combo["synaptic 5-HT"], **right},
            f"{antagonist}: α2 occupancy (%)": {"x": ANTAGONIST_DOSES_MG, "y": 100 * a_alone["alpha2 occupancy"],
                                                **right},
            f"{antagonist}: 5-HT release": {"x": ANTAGONIST_DOSES_MG, "y": 100 * a_alone["5-HT release"], **right},
            f"{antagonist}: NA release": {"x": ANTAGONIST_DOSES_MG, "y": 100 * a_alone["NA release"], **right},
            "chosen fluoxetine dose |marker": {"x": [fluoxetine_mg, fluoxetine_mg],
                                               "y": [float(at_occ[0]), 100 * float(at["synaptic 5-HT"][0])]},
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
        caption=("Teaching model. Left: an SSRI occupies SERT (the band is the PET finding at minimum "
                 "therapeutic doses) and synaptic 5-HT rises because less is cleared; release is unchanged. "
                 "Right: an α2 antagonist takes the brake off release, a gain capped at 1/(1 − brake). Notice "
                 "that the combination multiplies the two effects: the α2 gain applies on top of the SSRI's. "
                 f"The simple dose–occupancy curve keeps rising at high doses, where PET finds a plateau near "
                 f"{plateau:g}%. Brake sizes and that curve are teaching assumptions; α2 affinities are "
                 "unverified representative values; doses here are not recommendations."),
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
    ed50 = data.value("model.ssri_ed50_mg")
    pet_low, pet_high = data.value("ssri.sert_occupancy_min_dose_pct")
    nor = data.fact("fluoxetine.norfluoxetine_half_life_days")
    single = data.value("fluoxetine.norfluoxetine_half_life_single_dose_days")
    multiple = data.value("fluoxetine.norfluoxetine_half_life_multiple_dose_days")
    mianserin = synapse.course_drugs()["mianserin"]
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
                    WASHOUT_DAYS, fluoxetine_mg, ed50, half_life_days)),
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
