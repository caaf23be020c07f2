# %% [markdown]
# # 3. Restless legs and anxiety: appraising claims, the evidence, and co-prescribing clonazepam
#
# ```{admonition} Learning objectives
# :class: tip
# By the end of this chapter you can
# 1. rank a source by its design (commercial page, case report, cohort, randomised trial, systematic review,
#    guideline) and say what each can and cannot show;
# 2. weigh the claim that mirtazapine treats restless legs syndrome (RLS) against the evidence that it can
#    cause or worsen it, and state what current RLS care looks like;
# 3. summarise the evidence for mirtazapine in anxiety disorders, an off-label use, including the negative
#    trials;
# 4. explain benzodiazepine "bridging" when an antidepressant is started: what it buys, for how long, and at
#    what risk;
# 5. describe the mirtazapine + clonazepam interaction (pharmacodynamic, additive), who is most at risk, and
#    why dosing times matter;
# 6. give a verdict, with a source, on each claim of two web pages about these drugs.
# ```
#
# ```{admonition} Education, not medical advice
# :class: warning
# Doses appear here only to explain pharmacology and to check claims. They are not dosing recommendations.
# Decisions about starting, combining, timing or stopping these drugs belong to a prescriber who knows the
# patient.
# ```
#
# This chapter starts from two web pages. One sells mirtazapine for restless legs; the other is a blog post
# on taking mirtazapine with clonazepam. Both mix sound statements with errors, so we use them to practise
# checking claims against evidence.

# %%
import widgets as cw
import exercises

ex = exercises.start("ch3")

# %% [markdown]
# ## 3.1 How much is a source worth?
#
# The first question about any claim is *what kind of source makes it*. Each rung of the usual ladder removes
# a source of error that the rung below leaves in place:
#
# | Source | What it can show | What it cannot rule out |
# |---|---|---|
# | Commercial page | what the seller wants you to believe | everything: no data, a reason to persuade |
# | Case report, case series | that an event *can* follow a drug; a signal worth checking | chance, other causes, how often it happens |
# | Pharmacovigilance (spontaneous reports) | a drug–event pair reported more often than expected | under- and selective reporting; no denominator of users |
# | Retrospective cohort (chart review) | how often an event was *recorded* in treated patients | missed or unrecorded events; confounding |
# | Prospective cohort | how often it happens when you look for it | confounding (no randomisation) |
# | Randomised controlled trial | whether the drug *causes* a benefit or harm, against placebo | rare or late effects; patients unlike those in the trial |
# | Systematic review, meta-analysis | the whole body of trials, weighed together | the flaws of the trials it pools |
# | Guideline | what experts recommend after weighing the reviews | local circumstances; it ages |
#
# For a claim of *benefit* ("drug X treats Y") only controlled comparisons, ideally randomised trials,
# count. For a *harm* the ladder is less strict: rare adverse effects usually surface first in case reports
# and pharmacovigilance, and cohorts then show how common they are. Ask of every source: who wrote it and why,
# what design it has, how many people it studied, whether there was a comparison group, and whether it cites
# anything at all.

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.rank-evidence")

# %% [markdown]
# ## 3.2 Restless legs: a claim that points the wrong way
#
# RLS is an urge to move the legs, usually with unpleasant sensations, that starts or worsens at rest and in
# the evening and is relieved by movement. It disturbs sleep, which is one reason it matters in depression
# care, where sleep is often poor already.
#
# Seed page 002 says mirtazapine "has been found to be effective" in relieving RLS. It names no study and
# carries a "buy now" button.

# %% tags=["remove-input"]
cw.md(
    "The dose it gives, {dose:g} mg at bedtime [[seed.rls_shop.claimed_start_dose_mg|cite]], is the "
    "labelled starting dose for depression ([[mirtazapine.start_dose_mg]]). A correct dose lends the page "
    "borrowed credibility; it says nothing about whether the drug helps RLS."
    .format(dose=cw.value("seed.rls_shop.claimed_start_dose_mg"))
)

# %% [markdown]
# What the studies show instead:

# %% tags=["remove-input"]
cw.md(
    "- **Prospective cohort.** In four neurology practices, first-time users of second-generation "
    "antidepressants were followed for new or worsening RLS. It occurred in "
    "[[rls.rottach2008.overall_pct|value]] of patients overall, in [[rls.rottach2008.mirtazapine_pct|value]] "
    "of those on mirtazapine (the highest rate), in [[rls.rottach2008.other_ads_pct|value]] with the other "
    "drugs and in [[rls.rottach2008.reboxetine_pct|value]] with reboxetine, usually within the first days "
    "[[rls.rottach2008.overall_pct|cite]].\n"
    "- **Retrospective cohort.** A chart review of [[rls.kim2008.n|value]] mirtazapine-treated patients found "
    "RLS in [[rls.kim2008.rls_cases|value]] ([[rls.kim2008.rls_pct|value]]); [[rls.kim2008.onset_day1_cases|value]] "
    "began on the first day, and [[rls.kim2008.improved_after_stopping|value]] improved at once when the drug "
    "was stopped. Patients also taking tramadol (odds ratio [[rls.kim2008.tramadol_or|value]], confidence "
    "interval [[rls.kim2008.tramadol_or_ci|value]]) or a dopamine-blocking drug (OR "
    "[[rls.kim2008.dopamine_blocker_or|value]], CI [[rls.kim2008.dopamine_blocker_or_ci|value]]) were more "
    "likely to be affected [[rls.kim2008.n|cite]].\n"
    "- **Case reports.** RLS after a single [[rls.kim2005.single_dose_mg|value]] dose in "
    "[[rls.kim2005.cases|value]] elderly women, within [[rls.kim2005.onset_h|value]] "
    "[[rls.kim2005.cases|cite]]; after a dose increase [[rls.agargun2002.dose_sequence_mg|cite]]; worsening of "
    "existing RLS [[rls.chopra2011.case|cite]]; and others [[rls.bahk2002.case|cite]] "
    "[[rls.korean2004.case|cite]]. A review of published reports counted "
    "[[rls.rissardo2020.rls_cases|value]] RLS cases among [[rls.rissardo2020.total_cases|value]] "
    "mirtazapine-associated movement disorders [[rls.rissardo2020.rls_cases|cite]].\n"
    "- **Experiment in volunteers.** [[rls.fulda2013.n|value]] healthy young men took "
    "[[rls.fulda2013.dose_mg|value]] nightly for a week under polysomnography: periodic leg movements in sleep "
    "rose in [[rls.fulda2013.plms_increase_n|value]] ([[rls.fulda2013.plms_increase_pct|value]]), and "
    "[[rls.fulda2013.transient_rls_n|value]] had transient RLS symptoms [[rls.fulda2013.n|cite]].\n"
    "- **Pharmacovigilance.** In the US adverse-event database, [[rls.faers.n_reports_rls|value]] RLS reports "
    "among [[rls.faers.total_mirtazapine_reports|value]] mirtazapine reports gave a reporting odds ratio of "
    "[[rls.faers.ror|value]], a signal the authors call unexpected [[rls.faers.ror|cite]].\n"
    "- **Systematic review and label.** A review of [[rls.kolla2018.n_studies|value]] prospective studies found "
    "new or worse RLS uncommon with antidepressants overall, but possibly more frequent with mirtazapine "
    "[[rls.kolla2018.n_studies|cite]]; the German label lists restless legs among its adverse reactions "
    "[[rls.smpc_listing|cite]]."
)

# %% [markdown]
# The map below places each source by design and by the direction of its result. Use the year slider to
# watch the evidence accumulate and the menu to look at one kind of study at a time.

# %% tags=["nbval-ignore-output"]
cw.ch3.evidence_map()

# %% tags=["remove-input"]
cw.ch3.evidence_table()

# %% [markdown]
# Three things to take from the map. First, the direction is consistent across designs that fail in
# different ways: a chart review, a prospective cohort, an experiment and a reporting database all point the
# same way. Second, the stronger designs here are still observational or uncontrolled; no trial tested
# mirtazapine *for* RLS, and none is needed to reject a claim of benefit that no trial supports. Third, the one
# point in the "treats" column comes from a page with something to sell.
#
# Reading a cohort means turning counts into a rate. Try it on the chart review above (your version may have
# different counts).

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.rls-incidence")

# %% tags=["remove-input"]
cw.md(
    "Notice how wide the odds-ratio intervals are: tramadol's confidence interval is "
    "[[rls.kim2008.tramadol_or_ci|value]]. Only a handful of the [[rls.kim2008.rls_cases|value]] RLS cases "
    "also took tramadol, so the data fit anything from a small to a very large effect. A wide interval that "
    "excludes 1 says *there is probably an association*; it does not say how strong."
)

# %% [markdown]
# ### What RLS treatment looks like today
#
# For context only (not treatment advice): current guidance starts with iron status and, where drugs are
# needed, favours α2δ ligands. Dopamine agonists, long the first choice, have fallen back because of
# *augmentation*, a drug-induced worsening of RLS over time.

# %% tags=["remove-input"]
cw.md(
    "The American Academy of Sleep Medicine (2024) asks for ferritin and transferrin saturation in every "
    "patient with clinically significant RLS and advises iron when ferritin is ≤ "
    "[[rls.aasm2024.ferritin_threshold_ng_ml|value]] or transferrin saturation < "
    "[[rls.aasm2024.tsat_threshold_pct|value]] [[rls.aasm2024.ferritin_threshold_ng_ml|cite]]; intravenous "
    "iron alone is considered up to a higher ferritin ([[rls.aasm2024.iv_iron_only_ferritin_ng_ml]]). Its "
    "strong recommendations cover [[rls.aasm2024.strong_recommendations]]. Dopamine agonists and levodopa now "
    "carry a [[rls.aasm2024.dopamine_agonists]]. The earlier American Academy of Neurology guideline (2016) "
    "also used a ferritin threshold of [[rls.aan2016.ferritin_threshold_ug_l]]. Neither lists any "
    "antidepressant as an RLS treatment [[rls.mirtazapine_treats_rls|cite]]."
)

# %% [markdown]
# So for a patient with depression and RLS, the evidence suggests the opposite of the shop page: mirtazapine
# is one of the antidepressants to watch for new or worse restless legs, especially in the first days and
# with tramadol or a dopamine blocker on board.

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.claim-e-rls")

# %% [markdown]
# ## 3.3 Anxiety: an off-label use on thin evidence

# %% tags=["remove-input"]
cw.md(
    "Is mirtazapine approved for an anxiety disorder? The US label answers: "
    "[[anxiety.mirtazapine_anxiety_indication]]. Its use in anxiety disorders rests on a few small trials:"
)

# %% tags=["remove-input"]
cw.md(
    "| Condition | Study and design | Result |\n|---|---|---|\n"
    "| Social anxiety (women) | randomised, double-blind, n = [[anxiety.muehlbacher2005.n|value]], "
    "[[anxiety.muehlbacher2005.duration_weeks|value]] [[anxiety.muehlbacher2005.n|cite]] | **positive** on "
    "social-phobia scales and most quality-of-life scales |\n"
    "| Generalised social anxiety | randomised, double-blind, n = [[anxiety.schutters2010.n|value]] "
    "[[anxiety.schutters2010.n|cite]] | **negative**: LSAS fell "
    "[[anxiety.schutters2010.lsas_decrease_mirtazapine|value]] vs "
    "[[anxiety.schutters2010.lsas_decrease_placebo|value]] points; responders "
    "[[anxiety.schutters2010.responders_mirtazapine_pct|value]] vs "
    "[[anxiety.schutters2010.responders_placebo_pct|value]] |\n"
    "| PTSD | randomised pilot, n = [[anxiety.davidson2003.n_randomised|value]] "
    "([[anxiety.davidson2003.n_analysed|value]] analysed) [[anxiety.davidson2003.n_randomised|cite]] | small "
    "**positive**: global response [[anxiety.davidson2003.response_mirtazapine_pct|value]] vs "
    "[[anxiety.davidson2003.response_placebo_pct|value]] |\n"
    "| PTSD (veterans) | randomised, n = [[anxiety.davis2020.n|value]] [[anxiety.davis2020.n|cite]] | "
    "**negative**: no difference on the primary outcome (p = [[anxiety.davis2020.primary_p|value]]) |\n"
    "| Generalised anxiety | open-label, no control, n = [[anxiety.gad2005.n|value]] "
    "[[anxiety.gad2005.n|cite]] | response [[anxiety.gad2005.response_pct|value]], remission "
    "[[anxiety.gad2005.remission_pct|value]], with nothing to compare against |\n"
    "| Panic disorder | open-label, n = [[anxiety.boshuisen2001.n|value]] [[anxiety.boshuisen2001.n|cite]]; "
    "open-label, n = [[anxiety.panic2003.n|value]] [[anxiety.panic2003.n|cite]] | "
    "[[anxiety.boshuisen2001.responders_pct|value]] responders; \"significant reductions\", no control |\n"
    "| Panic disorder | double-blind vs fluoxetine, n = [[anxiety.ribeiro2001.n|value]] "
    "[[anxiety.ribeiro2001.n|cite]]; open, non-randomised vs paroxetine "
    "[[anxiety.paroxetine_comparison2005.panic_free_mirtazapine_pct|cite]] | no difference between drugs; "
    "panic-free [[anxiety.paroxetine_comparison2005.panic_free_mirtazapine_pct|value]] vs "
    "[[anxiety.paroxetine_comparison2005.panic_free_paroxetine_pct|value]] |\n"
    "| Review | [[anxiety.begert2015.n_trials|value]] trials and one meta-analysis "
    "[[anxiety.begert2015.n_trials|cite]] | supportive, but small and mostly open-label |"
)

# %% [markdown]
# Read the table with section 3.1 in mind. The positive results come from small trials or from open-label
# studies with no control group, where improvement over time, expectation and regression to the mean all look
# like a drug effect. The largest placebo-controlled trial in the table, in veterans with PTSD, was negative,
# and so was one of the two social-anxiety trials. Comparisons with an SSRI that find "no difference" cannot
# show that both work, only that a small study could not tell them apart.
#
# Why might mirtazapine help anxious, sleepless patients early on? Its receptor profile offers a plausible,
# not proven, answer.

# %% tags=["remove-input"]
cw.md(
    "Mirtazapine is a [[mirtazapine.label_receptor_profile]]. A single dose the size of the usual start "
    "([[mirtazapine.start_dose_mg|value]]) occupies "
    "[[mirtazapine.h1_occupancy_15mg_pct]] of cortical H1 receptors. H1 blockade sedates (somnolence "
    "[[mirtazapine.somnolence_pct|value]] vs [[mirtazapine.somnolence_placebo_pct]] on placebo in the label's "
    "trials), which helps sleep from the first night; 5-HT2 blockade may spare patients the early jitteriness "
    "and insomnia that SSRIs can cause. Sleep improving in week 1 is not the same as the anxiety disorder "
    "responding, and the trials above are the test of that."
)

# %% [markdown]
# Two claims on seed page 001 concern this early phase. The first is about side effects.

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.claim-i-anxiety-side-effect")

# %% tags=["remove-input"]
cw.md(
    "The second is about onset. In a meta-analysis, SSRIs already separated from placebo by the end of week 1 "
    "(risk ratio [[ssri.onset_rr_week1|value]] for response at week 1, CI "
    "[[ssri.onset_rr_week1_ci]]), and the mirtazapine label expects its effect to start after "
    "[[mirtazapine.onset_smpc_weeks]], with a positive response within "
    "[[mirtazapine.positive_response_expected_weeks]]."
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.claim-h-onset")

# %% [markdown]
# ## 3.4 Bridging with a benzodiazepine
#
# Antidepressants treat panic and anxiety disorders, but their benefit builds over weeks (section 3.3).
# "Bridging" means adding a benzodiazepine for those first weeks, then taking it away. The best direct test of the
# idea is a small randomised trial in panic disorder.

# %% tags=["remove-input"]
cw.md(
    "[[bridging.goddard2001.n|value]] patients started open-label sertraline (target "
    "[[bridging.goddard2001.sertraline_target_mg|value]]) and were randomised to clonazepam "
    "[[bridging.goddard2001.clonazepam_dose_mg|value]] three times daily or placebo for "
    "[[bridging.goddard2001.clonazepam_duration_weeks|value]], followed by a taper over "
    "[[bridging.goddard2001.taper_weeks|value]]. With clonazepam, "
    "[[bridging.goddard2001.responders_week1_combination_pct|value]] had responded at week 1 versus "
    "[[bridging.goddard2001.responders_week1_sertraline_pct|value]] without; at week 3, "
    "[[bridging.goddard2001.responders_week3_combination_pct|value]] versus "
    "[[bridging.goddard2001.responders_week3_sertraline_pct|value]]. At later time points there was no "
    "difference. Drop-outs: [[bridging.goddard2001.dropouts_combination_pct|value]] versus "
    "[[bridging.goddard2001.dropouts_sertraline_pct|value]] [[bridging.goddard2001.n|cite]]. A three-arm trial "
    "of paroxetine with or without clonazepam (n = [[bridging.paroxetine_clonazepam.n|value]]) told the same "
    "story: faster early response, no benefit beyond the first weeks [[bridging.paroxetine_clonazepam.n|cite]]. "
    "For depression, a Cochrane review reports a similar early-only advantage: "
    "[[bridging.ogawa2019.result]]."
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.bridging-nnt")

# %% tags=["remove-input"]
cw.md(
    "For comparison, the clonazepam label starts panic disorder at [[clonazepam.panic_start_dose_mg]] twice "
    "daily, aims at [[clonazepam.panic_target_dose_mg_day|value]] a day and allows up to "
    "[[clonazepam.panic_max_dose_mg_day|value]] a day. "
    "The price of that early gain is the benzodiazepine itself. Since 2020 every benzodiazepine carries a "
    "[[bridging.fda_benzo_boxed_2020]]. Physical dependence develops with regular use, so a bridge needs a "
    "planned end: the trial tapered over [[bridging.goddard2001.taper_weeks|value]], and the clonazepam label "
    "suggests a slow taper for panic disorder ([[clonazepam.panic_taper]]). Bridging therefore makes most sense "
    "for a patient whose early anxiety threatens the whole treatment, for a few weeks, at a low dose, with the "
    "stop date set at the start."
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.bridging-plan")

# %% [markdown]
# ## 3.5 Mirtazapine with clonazepam: an additive interaction
#
# Seed page 001 asks whether the two drugs interact. They do, but not in the way the page's paragraphs on
# metabolism suggest.

# %% tags=["remove-input"]
cw.md(
    "The interaction is [[bridging.interaction_type]]. In "
    "[[bridging.mattila1989.n|value]] healthy volunteers, mirtazapine with diazepam impaired skilled "
    "performance additively with no pharmacokinetic interaction [[bridging.mattila1989.n|cite]]. Clonazepam "
    "is cleared by the liver ([[clonazepam.metabolism]]), and mirtazapine is not a clinically relevant "
    "inhibitor of these enzymes [[bridging.interaction_type|cite]]. The mirtazapine label warns that it "
    "[[mirtazapine.benzodiazepine_alcohol_warning]]."
)

# %% [markdown]
# To see what "additive" means over a day, we need clonazepam's kinetics.

# %% tags=["remove-input"]
cw.md(
    "Clonazepam is well absorbed (bioavailability [[clonazepam.bioavailability_pct]]), peaks "
    "[[clonazepam.tmax_h]] after a dose and has a half-life of [[clonazepam.half_life_h]]. In "
    "[[clonazepam.sc2005_n|value]] volunteers taking [[bridging.goddard2001.clonazepam_dose_mg|value]] three "
    "times daily, its apparent oral clearance was [[clonazepam.apparent_oral_clearance_ml_min]], the "
    "half-life [[clonazepam.half_life_sc2005_h|value]], and levels accumulated "
    "[[clonazepam.accumulation_tid_fold|value]]-fold from the first day to steady state. A Swiss label gives "
    "a volume of distribution of [[clonazepam.volume_of_distribution_l_per_kg]] and a "
    "[[clonazepam.accumulation_once_daily_fold|value]]-fold accumulation with once-daily dosing "
    "[[clonazepam.accumulation_once_daily_fold|cite]]."
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.clonazepam-css")

# %% tags=["remove-input"]
cw.md(
    "The figure below is a **teaching model**. Both drugs follow a one-compartment oral model with the cited "
    "parameters above and in chapter 1. Each drug's sedation is an Emax curve, E = Cⁿ/(Cⁿ + EC50ⁿ), with its "
    "EC50 set at [[model.sedation_ec50_fraction_of_typical|value]] times the average steady-state level of a "
    "usual dose (mirtazapine [[mirtazapine.start_dose_mg|value]] a day, clonazepam "
    "[[clonazepam.panic_target_dose_mg_day|value]] a day [[clonazepam.panic_target_dose_mg_day|cite]]) and a "
    "steepness n of [[model.ch3_sedation_hill|value]]. The two effects are combined additively as "
    "S = E1 + E2 − E1·E2 (each drug acting independently on what the other leaves; no synergy is assumed). The "
    "waking day is taken to run from {wake:02d}:00 to {sleep:02d}:00 [[model.ch3_waking_hours_clock_h|cite]], "
    "a teaching assumption, with bedtime doses at {sleep:02d}:00. Pick a schedule and a patient from the menu "
    "and move the clonazepam dose."
    .format(wake=int(cw.value("model.ch3_waking_hours_clock_h")[0]),
            sleep=int(cw.value("model.ch3_waking_hours_clock_h")[1]))
)

# %% tags=["nbval-ignore-output"]
cw.ch3.sedation_explorer()

# %% [markdown]
# Things to notice:
# - With mirtazapine at bedtime its peak falls in the night; moved to the morning, the peak lands in the
#   working day and the waking-hours average (diamonds) rises.
# - Clonazepam lifts the whole sedation curve, and more so at higher doses: the effects add.
# - Neither drug reaches steady state in a couple of days. Sedation creeps up over the first week even though
#   the doses do not change, which is why a combination that seemed fine on day 2 can feel heavy on day 5.
# - In an elderly man or in liver disease the same mirtazapine dose gives higher levels and more sedation;
#   the elderly starting dose brings it back down. The model keeps clonazepam's kinetics unchanged for them,
#   so it understates their risk.
# - What the model leaves out: tolerance to sedation, which develops over weeks, and the large differences
#   between individuals.

# %% tags=["remove-input"]
cw.md(
    "Who is most at risk from the combination? **Older patients**: mirtazapine clearance changes by "
    "[[mirtazapine.elderly_men_clearance_change_pct]] in elderly men, a lower start "
    "([[mirtazapine.elderly_start_dose_mg]]) is common, and the clonazepam label advises: "
    "[[clonazepam.elderly_caution]]. **Liver disease**: mirtazapine clearance changes by "
    "[[mirtazapine.hepatic_clearance_change_pct]], and the clonazepam label notes its "
    "[[clonazepam.hepatic_caution]]. **Alcohol**, a third CNS depressant. **Opioids**: on "
    "[[bridging.fda_boxed_opioid_benzo_date|value]] the FDA added a boxed warning to opioids and "
    "benzodiazepines after co-prescription rose [[bridging.opioid_benzo_coprescription_rise_pct|value]] "
    "[[bridging.fda_boxed_opioid_benzo_date|cite]]; the clonazepam label now reads: "
    "[[clonazepam.boxed_warning_opioids]]."
)

# %% tags=["remove-input"]
cw.md(
    "Dosing times follow from the pharmacology: mirtazapine is taken in the [[mirtazapine.dosing_time]], and "
    "for clonazepam the label notes that [[clonazepam.bedtime_dose_somnolence]]. Seed page 001 advises the "
    "opposite for mirtazapine, a morning dose."
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.morning-sedation")

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.lower-dose")

# %% [markdown]
# ## 3.6 Claim checker: the seed pages, claim by claim
#
# Give your verdict on each remaining claim before reading the table at the end of the section. The verdicts
# are: **correct**; **wrong** (contradicted by evidence); **misleading** (a true core presented so that it
# misleads); **unsupported** (no evidence for it, or the reason given has none).

# %% tags=["remove-input"]
cw.md(
    "**Clonazepam is not a brand of diazepam.** Clonazepam, sold as [[clonazepam.brand_names]], is "
    "[[clonazepam.chemical_name]]; diazepam, sold as "
    "[[diazepam.brand_name]], is [[diazepam.chemical_name|value]]. Their kinetics differ too: clonazepam's "
    "half-life is [[clonazepam.half_life_h]]."
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.claim-a-clonazepam-diazepam")

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.claim-b-morning-dose")

# %% tags=["remove-input"]
cw.md(
    "**Dose.** The page says {claimed:g} mg is usually prescribed "
    "[[seed.clonazepam_blog.claimed_mirtazapine_usual_dose_mg|cite]]. "
    "The label starts at [[mirtazapine.start_dose_mg]], older patients often "
    "at [[mirtazapine.elderly_start_dose_mg]], and the tablets come as "
    "[[mirtazapine.tablet_strengths_mg]] (orally disintegrating: [[mirtazapine.odt_strengths_mg]]): there is "
    "no {claimed:g} mg tablet to prescribe."
    .format(claimed=cw.value("seed.clonazepam_blog.claimed_mirtazapine_usual_dose_mg"))
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.claim-c-10-mg-dose")

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.claim-d-5ht1")

# %% tags=["remove-input"]
cw.md(
    "**Two interaction claims.** SSRIs raise bleeding risk with NSAIDs because platelets need the serotonin "
    "transporter to take up serotonin; mirtazapine's SERT dissociation constant is above {sert:,.0f} nM "
    "[[mirtazapine.sert_kd_nm|cite]], and prescribing references class it with "
    "[[bleeding.mirtazapine_sri_category]]. "
    "In a case-control study, high-SRI antidepressants carried an odds ratio of "
    "[[bleeding.meijer2004_high_vs_low_sri_or]] for bleeding admissions against low-SRI drugs. Pimozide: "
    "mirtazapine is not a relevant enzyme inhibitor [[claims.g_pimozide_levels|cite]], so a rise in pimozide "
    "levels has no mechanism; the shared risk is QT prolongation, which is among the mirtazapine label's "
    "warnings [[mirtazapine.warnings_list|cite]]."
    .format(sert=cw.value("mirtazapine.sert_kd_nm"))
)

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.claim-f-nsaid-bleeding")

# %% tags=["nbval-ignore-output"]
ex.ask("ch3.claim-g-pimozide")

# %% [markdown]
# All nine claims, with the verdict and the evidence behind it:

# %% tags=["remove-input"]
cw.ch3.claims_table()

# %% [markdown]
# Notice the pattern. The wrong claims are checkable in minutes against a label (a brand name, a dose, a
# dosing time, the common side effects). The misleading ones take a true fact about a *class* (SSRIs and
# bleeding, SSRIs and delayed response) or a mechanism (indirect 5-HT1 effects) and apply it where it does not
# fit. The RLS claim is the most consequential: it recommends a drug for a condition it can cause.
#
# ## Summary
#
# - Rank a claim by its source: a commercial page is not evidence; case reports and pharmacovigilance raise
#   signals; cohorts measure how common a harm is; randomised trials and their systematic reviews test benefit.
# - Mirtazapine does not treat RLS. Every design that has looked finds it inducing or worsening RLS, often
#   within days of starting; RLS care starts with iron and α2δ ligands.
# - Mirtazapine in anxiety is off-label; small positive trials sit beside negative ones. Its H1 and 5-HT2
#   blockade plausibly helps sleep and early agitation.
# - Benzodiazepine bridging buys a faster early response, not a better final one: a low dose for a few weeks,
#   then a planned taper, weighed against dependence.
# - Mirtazapine + clonazepam is an additive pharmacodynamic interaction without a pharmacokinetic one. Risk
#   rises with age, liver disease, alcohol and opioids; mirtazapine belongs at bedtime.
# - Seed page 001 errs on the drug's identity, dose and timing, and misleads on mechanisms and interactions;
#   seed page 002's central claim is wrong.
#
# ## Your progress

# %% tags=["nbval-ignore-output"]
ex.progress()

# %% [markdown]
# ## References
#
# Every source cited in this chapter is listed with full details on the [References](../bibliography.md)
# page; each citation above links to its entry.
