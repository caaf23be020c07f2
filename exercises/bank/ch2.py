"""Chapter 2 exercises: trial arithmetic (NNT, effect sizes, change scores, GRIM), fluoxetine washout,
side effects from receptor profiles, and judging evidence on augment-or-switch.

Defaults come from ``widgets.data`` (the seed's table, MIR, the fluoxetine label); variants vary the
numbers per student and every answer is a function of the parameters.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from widgets import data
from widgets.models import trials

from ..core import Choice, FreeText, Misconception, Numeric

CH = "ch2"
SEED = "seed.ferreri_table"
COMBO, CONT, SWITCH = (f"{SEED}.{arm}" for arm in ("fluoxetine_plus_mianserin", "continue_fluoxetine",
                                                      "switch_mianserin"))
NOR_HALF_LIFE = data.fact("fluoxetine.norfluoxetine_half_life_days")


def _v(fact_id):
    return data.value(fact_id)


# ---- answers ---------------------------------------------------------------------------------------
def _nnt(p):
    return 100 / (p["rate_treat"] - p["rate_control"])


def _pooled_sd(p):
    return math.sqrt(((p["n_c"] - 1) * p["sd_c"] ** 2 + (p["n_t"] - 1) * p["sd_t"] ** 2) / (p["n_c"] + p["n_t"] - 2))


def _cohens_d(p):
    return (p["mean_c"] - p["mean_t"]) / _pooled_sd(p)


def _change_sd(p):
    return trials.change_score_sd(p["sd0"], p["sd1"], p["r"])


def _remaining_pct(p):
    return 100 * 0.5 ** (p["days"] / p["half_life"])


def _round1(x: float) -> float:
    return float(Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _nearest_fit(pct: float, n: int) -> tuple[int, int]:
    """(k, n') with n' the denominator nearest n that makes pct possible (smaller first on ties)."""
    fits = trials.grim_denominators(pct, max(1, n - 10), n + 10)
    return min(fits, key=lambda kn: (abs(kn[1] - n), kn[1]))


# ---- variants --------------------------------------------------------------------------------------
def _nnt_variant(rng):
    control = int(rng.integers(20, 46))
    return {"rate_control": float(control), "rate_treat": float(control + int(rng.integers(8, 36)))}


def _effect_size_variant(rng):
    mean_c = round(float(rng.uniform(14, 19)), 1)
    return {"mean_c": mean_c, "mean_t": round(mean_c - float(rng.uniform(2, 7)), 1),
            "sd_c": round(float(rng.uniform(6, 9)), 1), "sd_t": round(float(rng.uniform(6, 9)), 1),
            "n_c": int(rng.integers(25, 60)), "n_t": int(rng.integers(25, 60))}


def _change_sd_variant(rng):
    return {"sd0": round(float(rng.uniform(2, 5)), 1), "sd1": round(float(rng.uniform(5, 10)), 1),
            "r": float(rng.choice([0.25, 0.4, 0.5, 0.6, 0.75]))}


def _grim_variant(rng):
    """A printed rate that is impossible at the shown n, with one nearest denominator that fits."""
    while True:
        n_true = int(rng.integers(24, 47))
        k = int(rng.integers(n_true // 4, 3 * n_true // 4 + 1))
        pct = _round1(100 * k / n_true)
        n_shown = n_true + int(rng.choice([-1, 1]))
        if trials.grim_percent(pct, n_shown).consistent:
            continue
        d = abs(n_shown - n_true)
        if trials.grim_percent(pct, n_shown + d).consistent and trials.grim_percent(pct, n_shown - d).consistent:
            continue  # two denominators equally near: ambiguous
        return {"pct": pct, "n": n_shown, "k_true": k}


def _washout_variant(rng):
    return {"half_life": float(rng.choice([NOR_HALF_LIFE.low, 6.0, 8.0, 9.3, 12.0, NOR_HALF_LIFE.high])),
            "days": int(rng.choice([7, 10, 14, 21, 28]))}


# ---- defaults from the cited data ---------------------------------------------------------------------
NNT_DEFAULTS = {"rate_treat": _v(f"{COMBO}.response_pct"), "rate_control": _v(f"{CONT}.response_pct")}
ES_DEFAULTS = {"mean_t": _v(f"{COMBO}.week6_hamd17_mean"), "sd_t": _v(f"{COMBO}.week6_hamd17_sd"),
               "n_t": _v(f"{COMBO}.n"), "mean_c": _v(f"{CONT}.week6_hamd17_mean"),
               "sd_c": _v(f"{CONT}.week6_hamd17_sd"), "n_c": _v(f"{CONT}.n")}
CHANGE_DEFAULTS = {"sd0": _v(f"{CONT}.baseline_hamd17_sd"), "sd1": _v(f"{CONT}.week6_hamd17_sd"),
                   "r": _v("model.prepost_correlation")}
GRIM_DEFAULTS = {"pct": _v(f"{SWITCH}.response_pct"), "n": _v(f"{SWITCH}.n"),
                 "k_true": _nearest_fit(_v(f"{SWITCH}.response_pct"), _v(f"{SWITCH}.n"))[0]}
WASHOUT_DEFAULTS = {"half_life": _v("fluoxetine.norfluoxetine_half_life_multiple_dose_days"), "days": 14}
MIR_DEFAULTS = {"m_mirt": _v("trials.mir.bdi12_mirtazapine_mean"), "m_plac": _v("trials.mir.bdi12_placebo_mean"),
                "n": _v("trials.mir.n_randomised")}
LICHT_DEFAULTS = {"n_licht": _v("trials.licht2002.n_randomised"), "n_mir": _v("trials.mir.n_randomised"),
                  "n_seed": _v(f"{SEED}.total_n"),
                  "n_studies": _v("trials.henssler_critique.alpha2_subgroup_studies")}


EXERCISES = [
    Numeric(
        id="ch2.switch-washout", title="Fluoxetine after a switch", chapter=CH, points=2,
        objective="Predict how much fluoxetine activity remains after a switch",
        prompt=("A patient stops fluoxetine after months at a steady dose. Assume the active drug (fluoxetine plus "
                "norfluoxetine) is lost with a single half-life of [[half_life:g]] days. What percentage of the "
                "steady-state level is left [[days]] days later?"),
        defaults=WASHOUT_DEFAULTS, variant=_washout_variant,
        unit="percent", minimum=0, maximum=100, rel_tol=0.02, abs_tol=0.3,
        answer=_remaining_pct,
        misconceptions=[
            Misconception(lambda p: 100 - _remaining_pct(p),
                          "That is the share already eliminated; the question asks what is left."),
            Misconception(lambda p: max(0.0, 100 - 50 * p["days"] / p["half_life"]),
                          "Elimination is exponential, not linear: each half-life halves what is left."),
        ],
        hints=["After t days, the fraction left is (1/2)^(t / t½).",
               "(1/2)^([[days]] / [[half_life:g]]), then × 100."],
        solution=("100 × 0.5^([[days]]/[[half_life:g]]). SERT occupancy falls even more slowly because the "
                  "dose–occupancy curve is saturating: the 'switch' arm keeps some SSRI action for weeks."),
    ),
    Numeric(
        id="ch2.grim-denominator", title="Is this percentage possible?", chapter=CH, points=2,
        objective="Use the GRIM logic to test a reported percentage against its group size",
        prompt=("A table reports that [[pct:g]]% of an arm of n = [[n]] responded (one decimal). Check that no whole "
                "number of responders out of [[n]] gives [[pct:g]]%. Which denominator closest to [[n]] could have "
                "produced [[pct:g]]%?"),
        defaults=GRIM_DEFAULTS, variant=_grim_variant,
        unit="dimensionless", minimum=1, rel_tol=0.0, abs_tol=0.01,
        answer=lambda p: _nearest_fit(p["pct"], p["n"])[1],
        misconceptions=[
            Misconception(lambda p: p["n"],
                          "Check it: no whole k makes k/[[n]] round to [[pct:g]]%. Try the neighbouring denominators."),
            Misconception(lambda p: p["k_true"],
                          "That is a number of responders; the question asks for the denominator (group size)."),
        ],
        hints=["[[pct:g]]% of [[n]] is not a whole number: compute k/[[n]] for the two nearest whole k.",
               "Now try n − 1 and n + 1: which one has a whole k with k/n rounding to [[pct:g]]%?"],
        solution=("No k/[[n]] rounds to [[pct:g]]%. The nearest denominator that fits is the answer; a different "
                  "denominator (completers, evaluable patients) or a typo are the usual explanations, not fraud."),
    ),
    Numeric(
        id="ch2.nnt-response", title="Number needed to treat", chapter=CH, points=2,
        objective="Compute a number needed to treat from two response rates",
        prompt=("In a trial in SSRI non-responders, [[rate_treat:g]]% responded when a second drug was added and "
                "[[rate_control:g]]% when the SSRI was simply continued. How many patients must receive the added "
                "drug for one extra response (the NNT)? Give the exact value to one decimal place, not the whole "
                "number it is usually rounded up to for reporting."),
        defaults=NNT_DEFAULTS, variant=_nnt_variant,
        unit="dimensionless", minimum=0, rel_tol=0.0, abs_tol=0.06,
        answer=_nnt,
        misconceptions=[
            Misconception(lambda p: p["rate_treat"] - p["rate_control"],
                          "That is the risk difference in percentage points. The NNT is its reciprocal, with the "
                          "difference written as a proportion: 1 / ([[rate_treat:g]]% − [[rate_control:g]]%)."),
            Misconception(lambda p: 1 / (p["rate_treat"] - p["rate_control"]),
                          "You divided 1 by percentage points. Turn the difference into a proportion first "
                          "(divide by 100), or compute 100 / difference."),
            Misconception(lambda p: p["rate_treat"] / p["rate_control"],
                          "That is the relative risk (a ratio). The NNT comes from the absolute difference."),
            Misconception(lambda p: math.ceil(_nnt(p)),
                          "Rounding up to whole patients is how NNTs are usually reported; here the question asks "
                          "for one decimal place."),
        ],
        hints=["First find the absolute difference in response, as a proportion.",
               "NNT = 1 / (risk difference) = 1 / (([[rate_treat:g]] − [[rate_control:g]]) / 100)."],
        solution=("RD = ([[rate_treat:g]] − [[rate_control:g]])/100; NNT = 1/RD. Report it with its confidence "
                  "interval: with about 30–40 patients per arm the interval is wide."),
    ),
    Numeric(
        id="ch2.effect-size", title="A standardised mean difference", chapter=CH, points=2,
        objective="Compute a standardised mean difference from group means and SDs",
        prompt=("At week 6 the add-on group (n = [[n_t]]) scored [[mean_t:.1f]] ± [[sd_t:.1f]] on the HAM-D-17 and the "
                "group that continued the SSRI (n = [[n_c]]) scored [[mean_c:.1f]] ± [[sd_c:.1f]] (mean ± SD). Compute "
                "Cohen's d with the pooled SD, positive when the add-on group scores lower."),
        defaults=ES_DEFAULTS, variant=_effect_size_variant,
        unit="dimensionless", rel_tol=0.02,
        answer=_cohens_d,
        misconceptions=[
            Misconception(lambda p: p["mean_c"] - p["mean_t"],
                          "That is the raw difference in HAM-D points. Standardise it: divide by the pooled SD."),
            Misconception(lambda p: (p["mean_c"] - p["mean_t"]) / p["sd_c"],
                          "You divided by the control group's SD only (Glass's delta). Cohen's d uses the SD "
                          "pooled from both groups, weighted by n − 1."),
            Misconception(lambda p: (p["mean_c"] - p["mean_t"]) / p["sd_t"],
                          "You divided by the add-on group's SD only. Pool the two SDs, weighted by n − 1."),
            Misconception(lambda p: -_cohens_d(p),
                          "Right size, wrong sign: the question defines d as positive when the add-on group "
                          "scores lower (less depressed)."),
        ],
        hints=["Pooled SD = √[((n₁ − 1)·SD₁² + (n₂ − 1)·SD₂²) / (n₁ + n₂ − 2)].",
               "d = ([[mean_c:g]] − [[mean_t:g]]) / pooled SD."],
        solution=("Pooled SD = √[(([[n_c]] − 1)·[[sd_c:g]]² + ([[n_t]] − 1)·[[sd_t:g]]²)/([[n_c]] + [[n_t]] − 2)]; "
                  "d = ([[mean_c:g]] − [[mean_t:g]])/pooled SD. These are end-point SDs, so this is an end-point "
                  "effect size, not an effect on change."),
    ),
    Numeric(
        id="ch2.change-sd", title="The SD of change scores", chapter=CH, points=2,
        objective="Derive the SD of change scores under an assumed pre-post correlation",
        prompt=("A trial reports HAM-D-17 SDs of [[sd0:.1f]] at baseline and [[sd1:.1f]] at week 6 but not the SD of the "
                "change. Assuming a correlation of r = [[r:g]] between baseline and week-6 scores, what is the SD "
                "of the change?"),
        defaults=CHANGE_DEFAULTS, variant=_change_sd_variant,
        unit="dimensionless", minimum=0, rel_tol=0.02,
        answer=_change_sd,
        misconceptions=[
            Misconception(lambda p: math.sqrt(p["sd0"] ** 2 + p["sd1"] ** 2),
                          "That assumes r = 0 (independent measurements). Subtract 2·r·SD₀·SD₁ inside the root."),
            Misconception(lambda p: p["sd1"] - p["sd0"],
                          "SDs do not subtract: variances combine, SD_change² = SD₀² + SD₁² − 2·r·SD₀·SD₁."),
            Misconception(lambda p: p["sd0"] + p["sd1"],
                          "SDs do not add: variances combine, SD_change² = SD₀² + SD₁² − 2·r·SD₀·SD₁."),
            Misconception(lambda p: math.sqrt(p["sd0"] ** 2 + p["sd1"] ** 2 + 2 * p["r"] * p["sd0"] * p["sd1"]),
                          "Sign error: a positive correlation makes the change less variable, so subtract "
                          "2·r·SD₀·SD₁."),
        ],
        hints=["Var(after − before) = Var(before) + Var(after) − 2·Cov(before, after).",
               "Cov = r·SD₀·SD₁, so SD_change = √([[sd0:g]]² + [[sd1:g]]² − 2·[[r:g]]·[[sd0:g]]·[[sd1:g]])."],
        solution="SD_change = √(SD₀² + SD₁² − 2·r·SD₀·SD₁) (Cochrane Handbook 16.1.3.2); try other r values too.",
    ),
    Choice(
        id="ch2.ci-crosses-zero", title="An interval that includes zero", chapter=CH, points=1,
        objective="Interpret a confidence interval that includes zero",
        prompt=("In the MIR trial ([[n]] primary-care patients still depressed on an SSRI or SNRI), the mean BDI-II "
                "at [[trials.mir.primary_outcome_weeks|bare]] was [[m_mirt:.1f]] with added mirtazapine and [[m_plac:.1f]] with added placebo, and the "
                "95% CI of the adjusted difference included zero. What is the best reading?"),
        defaults=MIR_DEFAULTS,
        options=["Mirtazapine augmentation has been proven to have no effect at all",
                 "No clear evidence of benefit: the data fit no difference as well as small effects either way, "
                 "and any benefit was judged not clinically important",
                 "Mirtazapine works, but the trial was too small to show it",
                 "The lower mean on mirtazapine shows it works; the CI does not matter"],
        correct=[1],
        option_feedback={0: "A CI that includes zero does not prove zero: it still includes small benefits.",
                         2: "It was a large trial with a fairly narrow interval; the plausible benefits are small.",
                         3: "A point estimate without its uncertainty is over-read: zero is among the plausible "
                            "values."},
        hints=["What range of true effects is compatible with a 95% CI that spans zero?",
               "Is 'no evidence of an effect' the same as 'evidence of no effect'?"],
        solution=("The CI includes zero and small effects either way; the authors found no clinically important "
                  "benefit. Absence of evidence is not proof of absence, but the large trial makes a large "
                  "benefit unlikely."),
    ),
    Choice(
        id="ch2.trial-design", title="Which trial answers the question?", chapter=CH, points=2,
        objective="Judge which trial design answers 'augment or switch?'",
        prompt="Which study would best answer: 'after an SSRI fails, should we add mianserin or switch to it?'",
        options=["Randomise SSRI non-responders, double-blind with matching placebos, to continue the SSRI, switch "
                 "(SSRI replaced by placebo) or add mianserin; enough patients; a pre-specified primary outcome; "
                 "intention-to-treat analysis; follow-up long enough for fluoxetine to wash out",
                 "Give mianserin open-label to 20 non-responders and count how many respond",
                 "Pool trials that started an SSRI and mianserin together in untreated patients",
                 "Compare, in health records, patients whose doctors chose to add mianserin with those who "
                 "switched"],
        correct=[0],
        option_feedback={1: "No control group: non-responders often improve anyway (in these trials many who "
                            "simply continued responded), so a response count cannot be credited to the drug.",
                         2: "That answers a different question (combination from the start, not after "
                            "non-response).",
                         3: "Doctors' choices follow the patient's state (confounding by indication); only "
                            "randomisation balances it."},
        hints=["What comparison groups does the question need?",
               "With fluoxetine, when does a 'switch' arm stop receiving the SSRI?"],
        solution=("A randomised, double-blind, three-arm trial with continue, switch and add arms, adequately "
                  "powered, analysed by intention to treat; with fluoxetine the switch arm gets SSRI for weeks, "
                  "which the design and length must allow for."),
    ),
    FreeText(
        id="ch2.weigh-evidence", title="Weighing the evidence", chapter=CH, points=4,
        objective="Weigh small positive and large negative trials",
        prompt=("The vendor comparison page concludes that the evidence supports adding mianserin after an SSRI fails. It "
                "rests on one trial of [[n_seed]] patients. Licht 2002 randomised [[n_licht]] and MIR [[n_mir]]; a 2022 "
                "meta-analysis pooled [[n_studies]] α2-antagonist trials. In 80–150 words, weigh these and give your own "
                "verdict."),
        defaults=LICHT_DEFAULTS,
        rubric=["Size and precision: the trial it reports is small with wide CIs; Licht and MIR are larger and negative",
                "Source quality: its numbers come from a secondary commercial page and fail an arithmetic "
                "(GRIM) check; the primary paper was not retrieved",
                "Design differences: different drugs and SSRIs, doses, outcomes, durations; continuing the SSRI "
                "itself gives high response rates",
                "Small-study effects: positive results come from small trials, all large trials are negative, so "
                "the pooled SMD may overstate the benefit",
                "A calibrated verdict: benefit not established; at best uncertain and small"],
        min_words=60,
        hints=["Which results would you trust most if they disagreed, and why?",
               "What does it mean when all large trials are negative and the positive ones are small?"],
        solution="See the rubric: a strong answer ranks the evidence by size, design and reliability of the source.",
    ),
    Choice(
        id="ch2.side-effect-receptor", title="Side effects from receptor profiles", chapter=CH, points=2,
        objective="Predict side effects from a receptor profile",
        prompt=("A patient switches from fluoxetine to mianserin. From the two receptor profiles, which effects "
                "should you now expect more of? (Choose all that apply.)"),
        options=["Sedation, from H1 antagonism", "Increased appetite and weight gain, from H1 and 5-HT2C antagonism",
                 "Nausea, from extra serotonin at 5-HT3 receptors", "Sexual dysfunction, from extra serotonin at "
                 "5-HT2 receptors", "Agranulocytosis, explained by H1 antagonism"],
        correct=[0, 1],
        option_feedback={0: "Mianserin binds H1 with sub-nanomolar affinity; sedation is its most common effect.",
                         1: "H1 and 5-HT2C blockade are linked to appetite and weight gain.",
                         2: "Nausea is an SSRI effect (more serotonin at 5-HT3); mianserin does not inhibit SERT.",
                         3: "Sexual dysfunction is typical of SSRIs; mianserin blocks 5-HT2 receptors rather than "
                            "stimulating them.",
                         4: "Mianserin's blood dyscrasias are real (check blood counts) but idiosyncratic, not an H1 "
                            "effect."},
        hints=["Which receptors does mianserin block with high affinity that fluoxetine does not?",
               "SSRI-type effects come from more serotonin acting on 5-HT2 and 5-HT3 receptors."],
        solution=("Expect sedation (H1) and appetite/weight gain (H1, 5-HT2C); expect less nausea and sexual "
                  "dysfunction than on the SSRI. Monitor blood counts for the idiosyncratic agranulocytosis risk."),
    ),
]
