# %% [markdown]
# # 1. α2 antagonism: taking the brake off noradrenaline and serotonin
#
# ```{admonition} Learning objectives
# :class: tip
# By the end of this chapter you can
# 1. explain how presynaptic α2 **auto**receptors and **hetero**receptors brake transmitter release, and why
#    blocking them raises noradrenaline and serotonin release;
# 2. state the key pharmacological difference between mirtazapine and mianserin;
# 3. connect each receptor a drug blocks to a clinical effect, and read a receptor profile critically;
# 4. turn an affinity into an occupancy with occupancy = C/(C + Ki);
# 5. use half-life to predict accumulation, time to steady state and a sensible titration interval.
# ```
#
# ```{admonition} Education, not medical advice
# :class: warning
# Doses appear here only to explain pharmacology. They are not dosing recommendations.
# ```
#
# How to use this page: move the sliders and menus under each figure (they work in the page, no Python
# needed). Each exercise checks your answer in the page; open the chapter live (rocket icon) to keep a
# score.

# %%
import widgets as cw
import exercises

ex = exercises.start("ch1")

# %% [markdown]
# ## 1.1 A brake on the terminal: auto- and heteroreceptors
#
# A noradrenergic nerve terminal watches its own output. Noradrenaline it releases also reaches
# **α2 adrenoceptors on the terminal itself** (autoreceptors). These receptors couple to Gi/o proteins:
# when activated they lower cAMP and calcium entry, so the next impulse releases less transmitter. The
# result is negative feedback, a brake that keeps release in check.
#
# Serotonergic terminals carry α2 receptors too. Noradrenaline arriving there acts on these
# **heteroreceptors** ("hetero": the receptor answers a transmitter other than the terminal's own) and
# brakes serotonin release in the same way.
#
# An α2 **antagonist** occupies these receptors without activating them. The feedback signal then finds
# fewer receptors to act on, the brake weakens, and each impulse releases more transmitter. Nothing is
# being stimulated; an inhibition is being removed. That has a consequence you can see in the model below:
# the gain is capped by how strong the brake was to begin with.

# %% tags=["remove-input"]
cw.md(
    "Mirtazapine and mianserin bind α2 receptors in rat cortex with the same affinity, pKi "
    "[[mirtazapine.alpha2_pki_rat]]. In functional terms, mirtazapine blocks the presynaptic α2 "
    "autoreceptor on noradrenaline release with a pA2 of [[mirtazapine.pa2_na_release]] and the α2 "
    "heteroreceptor on serotonin release with a pA2 of [[mirtazapine.pa2_5ht_release]]."
)

# %% [markdown]
# **The key difference between the two drugs is reuptake.** Mianserin also inhibits the noradrenaline
# transporter (NET); mirtazapine essentially does not, and neither drug touches the serotonin transporter.

# %% tags=["remove-input"]
cw.md(
    "Noradrenaline uptake inhibition in rat tissue: mianserin pKi [[mianserin.na_uptake_pki_rat]], "
    "mirtazapine pKi [[mirtazapine.na_uptake_pki_rat]], about a 60-fold difference. At human transporters "
    "mirtazapine's dissociation constants are [[mirtazapine.net_kd_nm]] at NET and "
    "[[mirtazapine.sert_kd_nm]] at SERT: no meaningful reuptake inhibition."
)

# %% [markdown]
# The figure below is a **teaching model** of this synapse. It takes a daily dose, turns it into a free
# plasma concentration (from cited pharmacokinetic entries), then into α2 and transporter occupancy, and
# finally into release and synaptic levels relative to rest. The size of the α2 brake at rest is an
# assumption: move the slider to see how much it matters. Pick a drug from the menu.

# %% tags=["nbval-ignore-output"]
cw.ch1.synapse_explorer()

# %% [markdown]
# Things to notice:
# - With mirtazapine or mianserin, noradrenaline release rises with dose but levels off: the most an
#   antagonist can do is remove the whole brake, a gain of 1/(1 − brake).
# - Serotonin release rises less in this model, because the heteroreceptor brake is assumed smaller.
#   Whether mirtazapine raises serotonin at all is debated: in rat microdialysis it raised cortical
#   noradrenaline and dopamine but not serotonin {cite:p}`millan2000`.
# - The SSRI leaves release alone and raises synaptic serotonin by slowing its clearance. Chapter 2 puts
#   the two mechanisms side by side.
# - Mianserin's NET inhibition barely shows at these modelled concentrations: a 60-fold affinity difference
#   in a test tube need not mean a large difference in a patient. That is a question for data, not for a
#   diagram.

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.order-mechanism")

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.mirtazapine-vs-mianserin")

# %% [markdown]
# ## 1.2 Receptor profiles: what else these drugs block
#
# Neither drug is selective. The table lists affinities (dissociation constants; **smaller means
# tighter binding**). Values marked *unverified* are representative figures from affinity tables that we
# could not check against a source we could read; treat them as orders of magnitude, and do not compare
# values from different assays as if they were exact.

# %% tags=["remove-input"]
cw.affinity_table(["mirtazapine", "mianserin"],
                  ["alpha2A", "alpha2C", "alpha1", "H1", "5-HT2A", "5-HT2C", "5-HT3", "M1", "NET", "SERT"])

# %% [markdown]
# What each blockade explains clinically:
#
# | Blockade | Clinical consequence |
# |---|---|
# | H1 (histamine) | sedation and increased appetite; the reason the drug is taken at night |
# | 5-HT2C | increased appetite and weight gain |
# | 5-HT2A, 5-HT2C, 5-HT3 | fewer of the SSRI-type effects: less nausea (5-HT3), less insomnia and sexual dysfunction (5-HT2) |
# | α1 | orthostatic dizziness (a moderate, peripheral effect) |
# | α2 | the intended antidepressant mechanism (section 1.1) |
# | muscarinic | only moderate: fewer anticholinergic effects than tricyclics |

# %% tags=["remove-input"]
cw.md(
    "The label's 6-week placebo-controlled trials show the pattern: somnolence in "
    "[[mirtazapine.somnolence_pct|value]] of patients on mirtazapine versus "
    "[[mirtazapine.somnolence_placebo_pct|value]] on placebo, increased appetite "
    "[[mirtazapine.increased_appetite_pct|value]] versus [[mirtazapine.increased_appetite_placebo_pct|value]], "
    "weight gain [[mirtazapine.weight_gain_pct|value]] versus [[mirtazapine.weight_gain_placebo_pct|value]], "
    "dizziness [[mirtazapine.dizziness_pct|value]] versus [[mirtazapine.dizziness_placebo_pct]]."
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.receptor-effect")

# %% [markdown]
# ## 1.3 From affinity to occupancy
#
# A Ki is the free concentration at which half the receptors are occupied. For simple one-site binding,
#
# > **occupancy = C / (C + Ki)**, with C the *free* (unbound) concentration, in the same units as Ki.
#
# So at C = Ki, 50%; at C = 9 × Ki, 90%; at C = 99 × Ki, 99%. Only unbound drug binds receptors, which is
# why protein binding matters: a drug that is highly bound has a free concentration well below its total
# plasma concentration.

# %% tags=["remove-input"]
cw.md(
    "A reality check from imaging: a single 15 mg dose of mirtazapine occupied "
    "[[mirtazapine.h1_occupancy_15mg_pct]] of cortical H1 receptors in healthy men (PET). Plasma protein "
    "binding of mirtazapine is [[mirtazapine.protein_binding_pct]]."
)

# %% [markdown]
# The next figure applies the formula to every target in the table, using the free steady-state
# concentration expected at each daily dose. Choose a drug, then move the dose to see where each receptor
# stands.

# %% tags=["nbval-ignore-output"]
cw.ch1.occupancy_explorer()

# %% [markdown]
# Notice that **H1 is almost saturated at the lowest doses**, while α2 and 5-HT2 occupancy keep rising
# across the dose range. This is the reasoning behind a widely repeated idea: that mirtazapine is *less*
# sedating at higher doses, because extra noradrenergic activity offsets an antihistamine effect that
# cannot grow further. Treat it as a **hypothesis**. The occupancy argument is plausible, but occupancy
# curves do not measure sleepiness, and the label's trials were not designed to compare somnolence
# between doses. The exercise below asks you to say what evidence would settle it.

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.occupancy-h1")

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.code-occupancy")

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.explain-dose-sedation")

# %% [markdown]
# ## 1.4 Pharmacokinetics: half-life, steady state and "start low, go slow"

# %% tags=["remove-input"]
cw.md(
    "Mirtazapine is well absorbed but meets first-pass metabolism: oral bioavailability is "
    "[[mirtazapine.bioavailability_pct]], and plasma levels peak about [[mirtazapine.tmax_h]] after a dose. "
    "The elimination half-life is [[mirtazapine.half_life_h]], longer in women (mean "
    "[[mirtazapine.half_life_women_h|value]]) than in men ([[mirtazapine.half_life_men_h]]). Clearance "
    "falls in the elderly (men [[mirtazapine.elderly_men_clearance_change_pct|value]]), in hepatic impairment "
    "([[mirtazapine.hepatic_clearance_change_pct|value]]) and in severe renal impairment "
    "([[mirtazapine.renal_severe_clearance_change_pct]]). Steady state is reached in about "
    "[[mirtazapine.steady_state_days]]."
)

# %% [markdown]
# Why "about 4–5 half-lives"? With regular dosing the level climbs toward a plateau; after *n* half-lives it
# has covered 1 − (½)ⁿ of the way: 50% after one, 90% after about 3.3, 97% after five. Once-daily dosing
# of a drug with a 20–40 h half-life also **accumulates**: each dose adds to what is left of the previous
# ones, by the factor R = 1/(1 − (½)^(τ/t½)) for dosing interval τ.

# %% tags=["remove-input"]
cw.md(
    "The label's dosing follows from this. Treatment starts at [[mirtazapine.start_dose_mg]] once daily, "
    "preferably in the evening before sleep (the drug is sedating); the maximum is "
    "[[mirtazapine.max_dose_mg]]; and dose changes should be made no more often than every "
    "[[mirtazapine.titration_interval_weeks]]. Elderly patients may start lower "
    "([[mirtazapine.elderly_start_dose_mg]])."
)

# %% [markdown]
# The model below simulates nightly doses with a 15 → 30 → 45 mg titration. Change how many weeks pass
# between steps, and who the patient is. The dotted line shows where the current dose is heading; the
# dashed line is a reported response threshold from a therapeutic-drug-monitoring study.

# %% tags=["nbval-ignore-output"]
cw.ch1.pk_explorer()

# %% [markdown]
# Things to notice: with steps every half week, the second step arrives before the first has settled, so
# levels keep climbing after the last step; with two-week steps each plateau is reached and can be judged
# before the next. A woman or an elderly man reaches higher levels on the same dose and takes longer to
# settle. This is the pharmacokinetic side of "start low, go slow"; the clinical side is that benefit
# starts after 1–2 weeks, so a dose cannot be judged on day 3.

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.steady-state-days")

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.accumulation-ratio")

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.titration-step")

# %% [markdown]
# ## 1.5 Checking claims from the web
#
# The pages this course started from mix good pharmacology with errors. Two examples from this chapter's
# topic:
#
# - *"Mirtazapine is believed to be responsible for the activation of 5-HT1 receptors."* Mirtazapine has
#   no significant affinity for 5-HT1A or 5-HT1B receptors {cite:p}`remeron_uspi`. The classic "NaSSA" idea
#   is indirect: more serotonin released through α2 heteroreceptor blockade, with 5-HT2 and 5-HT3 blocked,
#   would act mainly at 5-HT1 receptors {cite:p}`deboer1996`. Even that indirect serotonergic part is
#   disputed {cite:p}`millan2000`. Verdict: **misleading**.
# - *"Mirtazapine does not inhibit reuptake; it increases release."* For mirtazapine this is right (section
#   1.1). It would be wrong for mianserin, which also inhibits noradrenaline reuptake.
# - *"The increase in noradrenaline counteracts the antihistamine sedation."* This is the dose hypothesis of
#   section 1.3: plausible, not established.

# %% tags=["nbval-ignore-output"]
ex.ask("ch1.claim-5ht1")

# %% [markdown]
# ## Summary
#
# - α2 auto- and heteroreceptors brake noradrenaline and serotonin release; an α2 antagonist removes the
#   brake, so the gain is real but bounded.
# - Mirtazapine and mianserin share α2 and H1 blockade; mianserin also inhibits noradrenaline reuptake,
#   mirtazapine does not, and neither inhibits serotonin reuptake.
# - Side effects follow receptor profiles: H1 (sedation, appetite), 5-HT2C (weight), α1 (dizziness);
#   5-HT2/5-HT3 blockade spares some SSRI-type effects.
# - Occupancy = C/(C + Ki) with free concentration; H1 saturates first. "Less sedating at higher doses" is a
#   hypothesis.
# - A 20–40 h half-life means accumulation, about 4–6 days to steady state, bedtime dosing, and dose steps
#   no more often than every 1–2 weeks.
#
# ## Your progress

# %% tags=["nbval-ignore-output"]
ex.progress()

# %% [markdown]
# ## References
#
# Every source cited in this chapter is listed with full details on the [References](../bibliography.md)
# page; each citation above links to its entry.
