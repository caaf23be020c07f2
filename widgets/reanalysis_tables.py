"""Chapter 2's tables for the page: Markdown with citations, plain text for nbval.

Why its own module: the tables only format what ``reanalysis.py`` computes and the models give; keeping
them apart from the figures (``ch2.py``) leaves each file one job.
"""
from __future__ import annotations

import math

import numpy as np

from . import data, drugs
from .models import mechanisms, trials
from .reanalysis import SEED, comparisons, seed_arms, seed_change_smd, seed_endpoint_smd, smd_rows
from .text import Markdown


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
    dose, ed50, omax = data.value(f"{SEED}.fluoxetine_dose_mg"), drugs.ssri_ed50_mg(), drugs.ssri_max_occupancy()
    t = np.array(days, dtype=float)
    left = mechanisms.remaining_fraction(t, half_life)
    occ = mechanisms.sert_occupancy_after_stopping(t, dose, ed50, half_life, omax)
    rows = ["| Days after the last dose | " + " | ".join(f"{d:g}" for d in days) + " |",
            "|---|" + "---|" * len(days),
            "| Level left (% of steady state) | " + " | ".join(f"{100 * x:.0f}%" for x in left) + " |",
            "| SERT occupancy (teaching model) | " + " | ".join(f"{100 * x:.0f}%" for x in occ) + " |"]
    return Markdown("\n".join(rows) + f"\n\nComputed here with first-order elimination at the mean norfluoxetine "
               f"half-life of {half_life:g} days (multiple doses; seen in a secondary source quoting the label "
               f"[[cite:prozac_uspi]]) and the course's dose–occupancy curve, which puts {dose:g} mg at "
               f"{100 * omax * dose / (dose + ed50):.0f}% SERT occupancy, levelling off at the PET plateau of {100 * omax:.0f}% "
               f"[[cite:meyer2004]] [[cite:meyer2001]]. Both drug and metabolite are treated as one pool with the "
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
