# %% [markdown]
# # 2. SSRI versus mianserin in treatment-resistant depression: mechanisms and the trials, re-analysed
#
# ```{admonition} Learning objectives
# :class: tip
# By the end of this chapter you can
# 1. contrast how an SSRI (transporter blockade) and an α2 antagonist (release) raise serotonin, and explain
#    why the two effects multiply when the drugs are combined;
# 2. use fluoxetine's long half-life to explain why a "switch" from fluoxetine is, for weeks, a combination;
# 3. check a published table for internal consistency, including the GRIM test of a percentage against its
#    group size;
# 4. compute risk differences, NNTs and standardised mean differences with confidence intervals, and show
#    how an assumed pre–post correlation changes a change-score analysis;
# 5. weigh small positive trials against large negative ones and a meta-analysis;
# 6. predict the side effects of each strategy from receptor profiles.
# ```
#
# ```{admonition} Education, not medical advice
# :class: warning
# Doses and trial results appear here to teach pharmacology and appraisal. They are not treatment
# recommendations; decisions about switching or combining antidepressants belong to a prescriber.
# ```
#
# A patient has taken an SSRI for several weeks and is still depressed. Two common next steps are to
# **add** a second antidepressant with a different mechanism, or to **switch** to it. One of the pages this
# course started from, a chemical supplier's product page, answers the question for mianserin with a
# three-arm table and a confident conclusion. We take that page apart: first the pharmacology, then the
# table's arithmetic, then the wider evidence.

# %%
import widgets as cw
import exercises
from widgets.models import trials

ex = exercises.start("ch2")

# %% [markdown]
# ## 2.1 Two ways to raise serotonin
#
# An **SSRI** binds the serotonin transporter (SERT), the pump that takes released serotonin back into the
# nerve terminal. With fewer working pumps, each release of serotonin lingers longer in the synapse. Release
# itself is unchanged: the SSRI works on **clearance**.

# %% tags=["remove-input"]
cw.md(
    "Fluoxetine binds the human transporter with a dissociation constant of [[fluoxetine.sert_kd_nm]], "
    "about [[fluoxetine.sert_net_selectivity|value]]-fold more tightly than the noradrenaline transporter. In "
    "patients, PET imaging found a mean SERT occupancy of [[ssri.sert_occupancy_min_dose_pct]] at the minimum "
    "therapeutic dose of five SSRIs and venlafaxine ([[ssri.sert_occupancy_study_n|value]] subjects): occupancy "
    "rises steeply at low doses and then levels off, at about [[ssri.high_dose_sert_occupancy_pct]] even at "
    "high doses. At therapeutic concentrations fluoxetine is not expected to block α2, H1, muscarinic or 5-HT2 "
    "receptors [[fluoxetine.receptor_blockade_in_vivo|cite]]."
)

# %% [markdown]
# **Mianserin** does not block SERT meaningfully. It blocks presynaptic α2 receptors, the brake on release
# described in chapter 1: on noradrenergic terminals (autoreceptors) and on serotonergic terminals
# (heteroreceptors). It works on **release**. Unlike mirtazapine, it also inhibits noradrenaline reuptake.

# %% tags=["remove-input"]
cw.md(
    "Mianserin's α2 affinity: pKi [[mianserin.alpha2_pki_rat]] in rat cortex, and a dissociation constant of "
    "[[mianserin.alpha2_kd_human_brain_nm]] in human brain, the most potent of the antidepressants tested there. "
    "Noradrenaline uptake inhibition: pKi [[mianserin.na_uptake_pki_rat]] (rat)."
)

# %% [markdown]
# Why the combination is **complementary**, not redundant: in the synapse model (chapter 1), the synaptic
# level is release divided by what is left of clearance,
#
# > synaptic level ∝ release × 1/(1 − u·O_SERT),
#
# with u the share of serotonin cleared by SERT and O_SERT the transporter occupancy. The α2 antagonist raises
# the first factor, the SSRI the second, so their effects **multiply**. Two SSRIs could not do this: they
# compete for the same transporter, whose occupancy already levels off {cite:p}`meyer2004`.
#
# The figure puts the two mechanisms side by side. Left: the SSRI's dose, its SERT occupancy and synaptic
# serotonin. Right: the α2 antagonist's dose, its α2 occupancy, release, and synaptic serotonin with and
# without fluoxetine added (slider). The menu swaps mianserin for mirtazapine.

# %% tags=["nbval-ignore-output"]
cw.ch2.mechanisms_explorer()

# %% [markdown]
# Things to notice:
# - The SSRI's occupancy curve flattens where PET finds it flattening; beyond that, a higher dose adds
#   little SERT blockade.
# - The α2 antagonist's effect on release is capped by the brake it removes (chapter 1).
# - With fluoxetine added, the antagonist's curve is lifted as a whole: the gain in release applies on top of
#   the SSRI's gain in clearance. That is the pharmacological case for combining. It is a case for
#   **testing** the combination, not proof that patients do better: that needs trials (section 2.4).

# %% [markdown]
# ## 2.2 Fluoxetine's long tail: what "switching" means

# %% tags=["remove-input"]
cw.md(
    "Fluoxetine's half-life is [[fluoxetine.half_life_acute_days]] after a single dose and "
    "[[fluoxetine.half_life_chronic_days|value]] with chronic dosing (its kinetics are non-linear). Its active "
    "metabolite, norfluoxetine, has a half-life of [[fluoxetine.norfluoxetine_half_life_days]] (mean "
    "[[fluoxetine.norfluoxetine_half_life_multiple_dose_days|value]] with repeated doses). Steady state takes "
    "[[fluoxetine.steady_state_weeks]], and the label asks for at least [[fluoxetine.maoi_washout_weeks]] after "
    "stopping fluoxetine before an MAOI is started. A review of its pharmacokinetics gives similar ranges: "
    "[[fluoxetine.half_life_review_days]] for fluoxetine and [[fluoxetine.norfluoxetine_half_life_review_days]] "
    "for norfluoxetine."
)

# %% [markdown]
# Consequence for trials: when a trial "switches" patients from fluoxetine to mianserin, the fluoxetine is
# still there. The table shows how much is left, and what SERT occupancy that gives in the course's model.

# %% tags=["remove-input"]
cw.ch2.washout_table()

# %% tags=["nbval-ignore-output"]
cw.ch2.washout_explorer()

# %% [markdown]
# Things to notice: occupancy falls more slowly than the level, because the dose–occupancy curve is
# saturating (halving a high level removes little occupancy). Mianserin reaches its steady state within
# days. So in a trial of the seed's length, the "switch" arm spends its first weeks on **both** drugs: a switch from
# fluoxetine is partly a combination, and any comparison of "switch" with "combination" is blurred.

# %% tags=["nbval-ignore-output"]
ex.ask("ch2.switch-washout")

# %% [markdown]
# ## 2.3 The seed's table, and whether it adds up
#
# **What the source is.** The table below comes from a product page of a chemical supplier, written by its
# "technical support team" and ending in an offer of custom synthesis. It attributes the numbers to Ferreri
# et al. (2001). We could not retrieve that paper, its abstract, or any review quoting its numbers. So every
# number in the table is **unverified**: it is what a secondary commercial source says a primary paper says.
# Even the design is uncertain: the page describes three arms (continue fluoxetine, switch to mianserin,
# combine), while the course's fact sheet recalls a two-arm add-on design; neither could be checked.

# %% tags=["remove-input"]
cw.md(
    "As printed, and every value here is a representative value, unverified: a double-blind trial lasting "
    f"{cw.value('seed.ferreri_table.duration_weeks'):g} weeks, in patients who had not responded to fluoxetine "
    f"{cw.value('seed.ferreri_table.fluoxetine_dose_mg'):g} mg a day; mianserin "
    f"{cw.value('seed.ferreri_table.mianserin_dose_mg'):g} mg a day; {cw.value('seed.ferreri_table.total_n'):g} "
    "patients in all [[seed.ferreri_table.total_n|cite]]. The primary paper [[trials.ferreri2001.citation_status|cite]] "
    "was not retrieved."
)

# %% tags=["remove-input"]
cw.ch2.seed_table()

# %% [markdown]
# Before computing anything from a table, check that it is **internally consistent**. Two checks need
# nothing but arithmetic.
#
# **Check 1: do the columns agree with each other?** The mean decrease should be the baseline mean minus the
# week-6 mean.

# %% tags=["remove-input"]
cw.ch2.decrease_check()

# %% [markdown]
# **Check 2: is each percentage possible?** A response rate is k/n for a whole number of responders k.
# With n patients the possible rates are 0, 100/n, 200/n, … and nothing in between. A rate printed to one
# decimal must round from one of them. This is the idea behind the GRIM test
# {cite:p}`brown2017grim`: it detects numbers that cannot be what they claim to be.

# %% tags=["remove-input"]
cw.ch2.grim_table()

# %% tags=["remove-input"]
cw.md(
    "Denominators between 20 and 110 that do give the switch arm's printed rate: "
    + ", ".join(f"{k}/{n}" for k, n in trials.grim_denominators(
        cw.value("seed.ferreri_table.switch_mianserin.response_pct"), 20, 110))
    + " (computed here). If the arm had the printed number of randomised patients, the rate was most likely "
    "computed on one fewer (an evaluable or completer denominator), or a digit was mistyped somewhere between "
    "the paper and the product page [[seed.ferreri_table.switch_response_arithmetic_check|cite]]."
)

# %% [markdown]
# An impossible number is not proof of misconduct: different denominators (randomised, treated, completed),
# typing errors and copying errors are far more common. But it tells you the table cannot be used as
# printed, and that the page's own note that its rates "were calculated from data presented in the study"
# {cite:p}`seed_benchchem` does not tell us who calculated them, or how. Explore the check below: choose an arm, then move n.

# %% tags=["nbval-ignore-output"]
cw.ch2.grim_explorer()

# %% tags=["nbval-ignore-output"]
ex.ask("ch2.grim-denominator")

# %% [markdown]
# ## 2.4 Re-analysing the table (with the caveats above)
#
# ### Response: risk difference and NNT
#
# From percentages and group sizes we can **derive** counts: the percentage times the group size, rounded
# back to a whole patient. These counts are ours, not the paper's. For the switch arm no count fits, so we use the
# nearest denominator that does and flag it. Intervals use Newcombe's score method, which behaves well with
# small groups {cite:p}`newcombe1998`; NNT intervals follow Altman {cite:p}`altman1998nnt`.

# %% tags=["remove-input"]
cw.ch2.reanalysis_table("seed")

# %% [markdown]
# Read the NNT intervals carefully. Where the risk-difference interval includes zero, the NNT interval runs
# from a number needed to benefit, through infinity, to a number needed to **harm**: the data cannot
# exclude either. Even for the combination, the interval spans a very large benefit and a small one.

# %% tags=["nbval-ignore-output"]
ex.ask("ch2.nnt-response")

# %% [markdown]
# ### Depression scores: effect sizes from means and SDs
#
# The week-6 means and SDs give an **end-point** comparison: Cohen's d is the difference in means divided
# by the pooled SD (Hedges' g adds a small-sample correction). Note what the SDs are: the spread of week-6
# **scores**, not of each patient's **change**. The baseline SDs are small because entry criteria squeeze
# everyone into a narrow band of severity; by week 6 patients have spread out.

# %% tags=["nbval-ignore-output"]
ex.ask("ch2.effect-size")

# %% [markdown]
# The trial's primary outcome was, the page says, the **change** from baseline {cite:p}`seed_benchchem`. The SD of a change depends
# on how strongly baseline and week-6 scores are correlated (r), which papers rarely report:
#
# > SD_change = √(SD₀² + SD₁² − 2·r·SD₀·SD₁).
#
# A high r makes changes less variable than end-point scores, so the same mean difference becomes a larger
# standardised effect. The Cochrane Handbook advises imputing r only with a sensitivity analysis over
# plausible values {cite:p}`higgins2011handbook`. Here is that analysis for the combination arm:

# %% tags=["remove-input"]
cw.ch2.change_score_table()

# %% [markdown]
# The difference in mean change does not depend on r; its precision and the standardised effect do. An
# assumed r can make a small trial look more or less impressive, which is why the assumption must be
# stated. The next section's figure has a slider for it.

# %% tags=["nbval-ignore-output"]
ex.ask("ch2.change-sd")

# %% [markdown]
# ## 2.5 The wider evidence
#
# One small trial known only from a secondary source cannot settle a clinical question. Here is what
# else is known, from sources we could read.

# %% tags=["remove-input"]
cw.md(
    "**Licht & Qvitzau 2002** [[trials.licht2002.n_open_phase|cite]]: [[trials.licht2002.n_open_phase|value]] "
    "patients started open sertraline; [[trials.licht2002.n_randomised|value]] non-responders were randomised "
    "for [[trials.licht2002.duration_weeks|value]] to continued sertraline 100 mg, sertraline 200 mg, or "
    "sertraline 100 mg plus mianserin [[trials.licht2002.mianserin_dose_mg|value]]. Response: "
    "[[trials.licht2002.response_sertraline100_pct|value]] continuing, "
    "[[trials.licht2002.response_mianserin_added_pct|value]] with mianserin added, "
    "[[trials.licht2002.response_sertraline200_pct|value]] on the higher dose. Adding mianserin did not help."
)

# %% tags=["remove-input"]
cw.md(
    "**MIR, Kessler et al. 2018 (BMJ)** [[trials.mir.n_randomised|cite]]: [[trials.mir.n_randomised|value]] "
    "primary-care patients still depressed after an adequate course of an SSRI or SNRI, from "
    "[[trials.mir.practices|value]] practices, were randomised to added mirtazapine "
    "([[trials.mir.n_mirtazapine|value]]) or placebo ([[trials.mir.n_placebo|value]]). Mean BDI-II at "
    "[[trials.mir.primary_outcome_weeks|value]] (the primary outcome): "
    "[[trials.mir.bdi12_mirtazapine_mean|value]] (SD [[trials.mir.bdi12_mirtazapine_sd|value]]) versus "
    "[[trials.mir.bdi12_placebo_mean|value]] (SD [[trials.mir.bdi12_placebo_sd|value]]). Conclusion: "
    "[[trials.mir.primary_conclusion]]. The adjusted difference is reported elsewhere as "
    f"{cw.value('trials.mir.adjusted_difference'):g} points (95% CI {cw.value('trials.mir.adjusted_difference_ci')[0]:g} "
    f"to {cw.value('trials.mir.adjusted_difference_ci')[1]:g}), representative values, unverified "
    "[[trials.mir.adjusted_difference|cite]]: we could not read them in the abstract."
)

# %% tags=["remove-input"]
cw.md(
    "**Carpenter et al. 2002** [[trials.carpenter2002.n|cite]]: [[trials.carpenter2002.n|value]] outpatients "
    "still depressed on monotherapy, mirtazapine or placebo added for "
    "[[trials.carpenter2002.duration_weeks|value]]. Response "
    "[[trials.carpenter2002.response_mirtazapine_pct|value]] versus [[trials.carpenter2002.response_placebo_pct|value]], "
    "remission [[trials.carpenter2002.remission_mirtazapine_pct|value]] versus "
    "[[trials.carpenter2002.remission_placebo_pct|value]]. The abstract does not give the arm sizes, but the "
    "percentages do: only [[trials.carpenter2002.n_mirtazapine_derived|value]] and "
    "[[trials.carpenter2002.n_placebo_derived|value]] patients fit all of them (derived here). One "
    f"quirk: {cw.ch2.carpenter_note()} (computed here)."
)

# %% tags=["remove-input"]
cw.md(
    "**Henssler et al. 2022**, a meta-analysis of [[trials.henssler2022.n_rcts|value]] randomised trials "
    "([[trials.henssler2022.n_patients|value]] patients) [[trials.henssler2022.n_rcts|cite]]: combining "
    "antidepressants beat monotherapy by a standardised mean difference of [[trials.henssler2022.smd_overall|value]] "
    "(95% CI [[trials.henssler2022.smd_overall_ci|value]]). For a reuptake inhibitor plus an α2 antagonist "
    "(mirtazapine, mianserin or trazodone) it was [[trials.henssler2022.smd_alpha2_ri|value]] "
    "([[trials.henssler2022.smd_alpha2_ri_ci|value]]); in non-responders only, "
    "[[trials.henssler2022.smd_alpha2_ri_trd|value]] ([[trials.henssler2022.smd_alpha2_ri_trd_ci|value]]). "
    "A published critique [[trials.henssler_critique.alpha2_subgroup_studies|cite]] points out that the α2 "
    "subgroup had [[trials.henssler_critique.alpha2_subgroup_studies|value]] studies and that **all five large "
    "ones** (n = [[trials.henssler_critique.large_negative_trial_n|value]]) were negative; the positive ones "
    "were small (largest n = [[trials.henssler_critique.largest_positive_trial_n|value]])."
)

# %% [markdown]
# Response rates for the other trials (arm sizes for Licht are not in its abstract, so we give no
# interval rather than invent one):

# %% tags=["remove-input"]
cw.ch2.reanalysis_table("other")

# %% [markdown]
# The figure gathers everything. Top: response risk differences (choose a comparison in the menu to
# circle it). Bottom: standardised mean differences on depression scores, from the seed table (change
# scores under the r on the slider, and end-point scores), MIR (computed from its published means and SDs),
# and the two pooled estimates.

# %% tags=["nbval-ignore-output"]
cw.ch2.trial_explorer()

# %% tags=["remove-input"]
cw.ch2.evidence_table()

# %% [markdown]
# ### How to weigh them
#
# - **Size and precision.** A small trial split three ways has intervals wide enough to
#   include both large and negligible benefits; MIR's interval is narrow. When they disagree, the precise
#   estimate deserves more weight.
# - **Design and comparison.** Add-on versus continue, switch versus continue, and combination from the
#   start (for example Blier et al. 2010 {cite:p}`blier2010`) are different questions. So are sertraline and
#   fluoxetine (whose "switch" arm keeps SSRI action for weeks), mianserin and mirtazapine, low and high
#   doses.
# - **The control arm.** Many non-responders respond if the SSRI is simply continued (Licht's continuation
#   arm did better than its dose increase). Uncontrolled response counts are uninterpretable.
# - **Outcome.** Clinician-rated HAM-D or self-rated BDI-II; end-point or change; response (a cut-off) or a
#   continuous score. Change-score effect sizes depend on an unreported correlation.
# - **Blinding and analysis.** Double-blind, intention-to-treat analyses protect against bias; the seed
#   page asserts both, but we cannot check.
# - **Source.** A primary paper or its abstract outranks a commercial page quoting it, especially one whose
#   numbers fail an arithmetic check.
# - **Small-study effects.** When small trials are positive and large ones negative, the pooled estimate may
#   be inflated: by selective publication, by weaker methods in small trials, or by genuine differences in
#   patients. A funnel-plot asymmetry has several possible causes and should not be read as publication bias
#   alone {cite:p}`sterne2011funnel`.
#
# Our verdict: adding an α2 antagonist to an SSRI after non-response has a sound pharmacological rationale
# and some positive small trials, but the large trials, including the largest with mianserin itself, found
# no useful benefit. It is a hypothesis with weak support, not an established strategy.

# %% tags=["nbval-ignore-output"]
ex.ask("ch2.ci-crosses-zero")

# %% tags=["nbval-ignore-output"]
ex.ask("ch2.trial-design")

# %% tags=["nbval-ignore-output"]
ex.ask("ch2.weigh-evidence")

# %% [markdown]
# ## 2.6 Side effects follow receptor profiles
#
# The two drugs share almost no targets, so they share few side effects. Compare their profiles (smaller
# number = tighter binding; values marked *unverified* are representative figures we could not check).

# %% tags=["remove-input"]
cw.affinity_table(["fluoxetine", "mianserin"], ["SERT", "NET", "alpha2A", "H1", "5-HT2A", "5-HT2C", "5-HT3", "M1"])

# %% [markdown]
# **An SSRI raises serotonin everywhere**, not only where it helps mood. Extra serotonin at 5-HT3 receptors
# (gut and the brainstem's vomiting centre) explains early nausea; at 5-HT2 receptors, insomnia and sexual
# dysfunction {cite:p}`nutt1997,humpsychopharmacol2002mirtazapine`. **Mianserin blocks** receptors instead:
# H1 (sedation, appetite), 5-HT2C and H1 (weight gain), and 5-HT2 (which should spare the SSRI-type effects
# rather than cause them).

# %% tags=["remove-input"]
cw.md(
    "The evidence for this logic comes mostly from mirtazapine, which shares mianserin's 5-HT2 and H1 "
    "blockade: [[mirtazapine.ssri_effects_spared]]; [[mirtazapine.receptor_blockade_tolerability]]. In a "
    "Cochrane review of trials against SSRIs, mirtazapine caused [[trials.watanabe2011.adverse_profile_vs_ssri]]. "
    "For mianserin itself, the Swiss product information lists [[mianserin.common_adverse_effects]]; its H1 "
    "dissociation constant in human brain is [[mianserin.h1_kd_nm]]. One caution on the table: fluoxetine's "
    "5-HT2C figure conflicts with the verified description [[fluoxetine.ht2c_affinity_qualitative]]."
)

# %% [markdown]
# A combination adds the two profiles: the SSRI's early nausea and sexual effects plus mianserin's sedation
# and weight gain. Whether mianserin's 5-HT2 blockade also **softens** the SSRI's effects is plausible from
# the receptors but, for this pair, untested in the trials we could read.
#
# One serious effect does not come from a receptor at all: **blood dyscrasias**.

# %% tags=["remove-input"]
cw.md(
    "Mianserin's product information lists [[mianserin.blood_dyscrasia_types]]. In the UK, "
    "[[mianserin.uk_blood_dyscrasia_reports_n|value]] reports ([[mianserin.uk_blood_dyscrasia_definite_n|value]] "
    "definite) were reviewed in 1983; agranulocytosis typically appeared after [[mianserin.agranulocytosis_onset_weeks]] "
    "of treatment and was usually reversible, with [[mianserin.uk_blood_dyscrasia_deaths_n|value]] deaths after "
    "longer exposure. Patient information advises a full blood count every "
    "[[mianserin.fbc_monitoring_interval_weeks]] during the first [[mianserin.fbc_monitoring_duration_months]] "
    "(the exact wording of the UK product information could not be checked), and an immediate blood count if "
    "fever, sore throat or mouth ulcers appear."
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch2.side-effect-receptor")

# %% [markdown]
# ## 2.7 Verdicts on the seed page

# %% tags=["remove-input"]
cw.md(
    f"- *Claim:* {cw.fact('claims.j_switch_rate_impossible').get('claim')} Verdict: "
    f"**{cw.value('claims.j_switch_rate_impossible')}** (section 2.3; the arithmetic is certain, the printed "
    "numbers themselves are unverified) [[claims.j_switch_rate_impossible|cite]].\n"
    "- *Claim:* the evidence supports mianserin as an effective augmentation strategy. Verdict: "
    "**[[claims.k_augmentation_supported|value]]** (section 2.5) [[claims.k_augmentation_supported|cite]].\n"
    "- *Claim:* the two mechanisms are complementary. Verdict: **sound pharmacology** (section 2.1), but a "
    "mechanism is a reason to run trials, not a result.\n"
    "- *Claim:* the side-effect profiles differ, with sedation for mianserin and gastrointestinal and sexual "
    "effects for SSRIs. Verdict: **consistent with the receptor profiles and the evidence** (section 2.6); the "
    "page omits the blood-count monitoring that mianserin needs beyond a passing mention."
)

# %% [markdown]
# ## Summary
#
# - An SSRI blocks clearance (SERT occupancy near its plateau at usual doses); an α2 antagonist raises
#   release. In the synapse model their effects multiply: a sound rationale for combining.
# - Fluoxetine and norfluoxetine persist for weeks, so a "switch" from fluoxetine is partly a combination,
#   and occupancy falls even more slowly than the level.
# - Check tables before using them: columns should agree, and a percentage must be k/n for a whole k. The
#   seed's switch-arm rate is impossible with its printed n; its source is a secondary commercial page and
#   the primary paper could not be checked.
# - Report effects with intervals: risk differences and NNTs (which pass through infinity when the interval
#   crosses zero), and standardised mean differences; change-score effects depend on an assumed correlation.
# - Small positive trials, large negative ones (Licht, MIR) and a pooled estimate driven by small studies:
#   adding an α2 antagonist after SSRI non-response is not established.
# - Side effects follow receptors: SSRIs cause nausea, insomnia and sexual dysfunction; mianserin causes
#   sedation and weight gain, and needs blood counts for its idiosyncratic risk of agranulocytosis.
#
# ## Your progress

# %% tags=["nbval-ignore-output"]
ex.progress()

# %% [markdown]
# ## References
#
# Every source cited in this chapter is listed with full details on the [References](../bibliography.md)
# page; each citation above links to its entry.
