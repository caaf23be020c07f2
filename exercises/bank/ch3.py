"""Chapter 3 exercises: appraising sources and seed claims, RLS incidence, benzodiazepine bridging, and
mirtazapine with clonazepam.

Numbers come from ``widgets.data`` (and, for the sedation question, from the chapter's teaching model);
answers are functions of the (per-student) parameters.
"""
from __future__ import annotations

from widgets import data

from ..core import Choice, Misconception, Numeric, Ordering

CH = "ch3"
V = data.value
VERDICTS = ["correct", "wrong", "misleading", "unsupported"]
CORRECT, WRONG, MISLEADING, UNSUPPORTED = range(4)


def _evidence(claim_id: str) -> str:
    return data.fact(claim_id).get("evidence")


def claim_exercise(letter: str, slug: str, claim_id: str, title: str, prompt: str, correct: list[int],
                   feedback: dict, hints: list[str], solution: str) -> Choice:
    """A seed claim to judge with one of four verdicts; the right verdict's feedback is the evidence."""
    notes = dict(feedback)
    first = correct[0]
    notes[first] = (notes[first] + " " if first in notes else "") + "Evidence: " + _evidence(claim_id)
    return Choice(
        id=f"ch3.claim-{letter}-{slug}", title=f"Claim: {title}", chapter=CH, points=1,
        objective="Give a verdict on a claim from a web page and justify it with evidence",
        prompt=prompt + (" Which verdicts apply? (Choose all that apply.)" if len(correct) > 1
                         else " What is the best verdict?"),
        options=VERDICTS, correct=correct, option_feedback=notes, hints=hints,
        solution=solution + " Evidence: " + _evidence(claim_id),
    )


# ---- the nine claims from the appraised web pages -------------------------------------------------------------------------
ONSET = "[[mirtazapine.onset_smpc_weeks|value]]"
SOMNOLENCE = "[[mirtazapine.somnolence_pct|bare]] vs [[mirtazapine.somnolence_placebo_pct|bare]] on placebo"

CLAIMS = [
    claim_exercise(
        "a", "clonazepam-diazepam", "claims.a_clonazepam_is_diazepam",
        "clonazepam is a brand of diazepam",
        "The health blog says that clonazepam is a brand name for diazepam.",
        [WRONG],
        {CORRECT: "Both are benzodiazepines, but they are different molecules: clonazepam is sold as "
                  "[[clonazepam.brand_names|bare]], diazepam as [[diazepam.brand_name|bare]].",
         MISLEADING: "There is no true core here to be overstated: the two names belong to two different drugs.",
         UNSUPPORTED: "This is not a question of missing evidence: the labels name two different molecules."},
        ["Look up each drug's brand names and chemical name on its label.",
         "Clonazepam carries a nitro group at position 7; diazepam has a chlorine there."],
        "Wrong: clonazepam ([[clonazepam.brand_names|bare]]; [[clonazepam.chemical_name|bare]]) and diazepam "
        "([[diazepam.brand_name|bare]]; [[diazepam.chemical_name|bare]]) are different drugs with different kinetics."),
    claim_exercise(
        "b", "morning-dose", "claims.b_morning_mirtazapine_bedtime_clonazepam",
        "take mirtazapine in the morning",
        "The health blog advises taking mirtazapine in the morning and clonazepam at bedtime.",
        [MISLEADING],
        {CORRECT: "Not as given: mirtazapine is strongly sedating (somnolence " + SOMNOLENCE + "), and the labels "
                  "want the whole dose, or at least the larger part, at night.",
         WRONG: "Not plainly wrong: the SmPC does allow a morning dose, as the smaller half of a divided dose "
                "with the larger half at bedtime. Advising the whole dose in the morning is what misleads.",
         UNSUPPORTED: "There is direct evidence: both labels' dosing sections say when to take it."},
        ["What do the US label and the SmPC each say about the time of day?",
         "When does the plasma level peak after a dose, and what does the drug do at H1 receptors?"],
        "Misleading: the US label asks for an evening dose; the SmPC prefers a single bedtime dose but allows "
        "a morning plus a larger bedtime dose. A whole morning dose puts the peak sedation into the working "
        "day."),
    claim_exercise(
        "c", "10-mg-dose", "claims.c_usual_dose_10mg",
        "a [[seed.clonazepam_blog.claimed_mirtazapine_usual_dose_mg|bare]] starting dose",
        "The health blog says that [[seed.clonazepam_blog.claimed_mirtazapine_usual_dose_mg|bare]] of "
        "mirtazapine is usually prescribed as the starting dose.",
        [WRONG],
        {CORRECT: "The labelled start is [[mirtazapine.start_dose_mg|bare]], and no tablet of that strength "
                  "exists.",
         MISLEADING: "A number that matches no labelled dose or tablet strength is simply wrong.",
         UNSUPPORTED: "The label states the starting dose, so the claim can be checked, and it fails."},
        ["Which tablet strengths exist?", "What starting dose does the label give for adults, and for the elderly?"],
        "Wrong: the labelled start is [[mirtazapine.start_dose_mg|bare]] "
        "(the SmPC: [[mirtazapine.smpc_start_dose_mg|bare]], the elderly as adults); tablets are "
        "[[mirtazapine.tablet_strengths_mg|value]]."),
    claim_exercise(
        "d", "5ht1", "claims.d_activates_5ht1",
        "mirtazapine activates 5-HT1 receptors",
        "The health blog says mirtazapine is believed to activate 5-HT1 receptors.",
        [MISLEADING],
        {CORRECT: "The label reports no significant affinity for 5-HT1A or 5-HT1B receptors.",
         WRONG: "Not quite: an indirect 5-HT1 effect has been proposed (more serotonin released, with 5-HT2 and "
                "5-HT3 blocked), so the statement has a kernel; it is misleading, not plainly wrong.",
         UNSUPPORTED: "Its 5-HT1 affinity has been measured (none significant), and the indirect idea has "
                      "animal data behind it: the problem is how the claim is framed."},
        ["Does mirtazapine bind 5-HT1 receptors at all?",
         "Could serotonin released through α2 heteroreceptor blockade act at 5-HT1 receptors?"],
        "Misleading: no direct 5-HT1 action; the indirect NaSSA idea exists but is disputed."),
    claim_exercise(
        "e", "rls", "claims.e_relieves_rls",
        "mirtazapine relieves restless legs",
        "The product page says mirtazapine is effective in relieving the symptoms of restless legs syndrome.",
        [WRONG, UNSUPPORTED],
        {WRONG: "Right: the studies point the other way, e.g. new or worse RLS in "
                "[[rls.rottach2008.mirtazapine_pct|bare]] of mirtazapine users (Rottach 2008).",
         UNSUPPORTED: "Right: no trial and no guideline supports it.",
         CORRECT: "No controlled study shows benefit, and several show mirtazapine inducing or worsening RLS.",
         MISLEADING: "There is no true core to overstate: the evidence points in the opposite direction."},
        ["Which way do the cohort studies and the volunteer experiment point?",
         "Does any RLS guideline list an antidepressant as a treatment?"],
        "Wrong and unsupported: no controlled evidence of benefit, and consistent evidence of harm."),
    claim_exercise(
        "f", "nsaid-bleeding", "claims.f_nsaid_bleeding",
        "bleeding with NSAIDs",
        "The health blog lists NSAIDs among drugs not to take with mirtazapine because the combination increases "
        "the risk of bleeding.",
        [MISLEADING],
        {CORRECT: "The NSAID bleeding interaction belongs to drugs that block platelet serotonin reuptake; "
                  "mirtazapine barely binds SERT.",
         WRONG: "Not plainly wrong: NSAIDs alone cause bleeding, and the warning is real for SSRIs. It is a "
                "class effect applied to the wrong drug, so misleading.",
         UNSUPPORTED: "The mechanism and a case-control study exist; they show the risk follows serotonin "
                      "reuptake inhibition, which mirtazapine lacks."},
        ["Why do SSRIs raise bleeding risk with NSAIDs? Think of platelets and serotonin.",
         "Mirtazapine's SERT Kd is [[mirtazapine.sert_kd_nm|bare]]."],
        "Misleading: a class effect of serotonin reuptake inhibitors misapplied to mirtazapine."),
    claim_exercise(
        "g", "pimozide", "claims.g_pimozide_levels",
        "mirtazapine raises pimozide levels",
        "The health blog says mirtazapine raises the plasma concentration of pimozide to dangerous levels.",
        [UNSUPPORTED],
        {CORRECT: "Mirtazapine is not a relevant CYP inhibitor; the real concern is additive QT prolongation.",
         WRONG: "Close, but no study has measured pimozide levels with mirtazapine, so we cannot call the number "
                "wrong; the mechanism offered has no support (mirtazapine does not inhibit CYP enzymes).",
         MISLEADING: "The page gives a specific pharmacokinetic mechanism that has no support; caution with the "
                     "pair is reasonable, but for another reason (QT)."},
        ["Which enzymes clear pimozide, and does mirtazapine inhibit them?",
         "What pharmacodynamic risk do both drugs share?"],
        "Unsupported, with the wrong mechanism: no pharmacokinetic interaction is expected; the shared risk is "
        "QT prolongation."),
    claim_exercise(
        "h", "onset", "claims.h_onset_4_6_weeks",
        "antidepressants take [[seed.clonazepam_blog.claimed_onset_weeks|bare]]",
        "The health blog says antidepressants such as mirtazapine only kick in after "
        "[[seed.clonazepam_blog.claimed_onset_weeks|bare]].",
        [MISLEADING],
        {CORRECT: "SSRIs separate from placebo by the end of week 1 (RR [[ssri.onset_rr_week1|bare]]); the "
                  "mirtazapine SmPC expects the effect to start after " + ONSET + ".",
         WRONG: "Not plainly wrong: full response can take weeks. But 'nothing for [[seed.clonazepam_blog.claimed_onset_weeks|bare]]' oversimplifies.",
         UNSUPPORTED: "There is evidence on onset: a meta-analysis and the SmPC both speak to it."},
        ["When do SSRIs first separate from placebo in meta-analysis?",
         "What does the mirtazapine SmPC say about when the effect starts?"],
        "Misleading: improvement often starts within " + ONSET + "; full response takes longer."),
    claim_exercise(
        "i", "anxiety-side-effect", "claims.i_anxiety_common_early_effect",
        "anxiety is a common early side effect",
        "The health blog says anxiety is one of the most commonly experienced early side effects of mirtazapine.",
        [WRONG],
        {CORRECT: "The commonest adverse effects are somnolence (" + SOMNOLENCE + "), increased appetite, weight gain "
                  "and dizziness.",
         MISLEADING: "Anxiety is listed in the SmPC, as a common reaction (1 to 10 in 100), but the claim says "
                     "'one of the most commonly experienced', and that is wrong: the most frequent effects are "
                     "sedation, dry mouth, appetite and weight gain. Early jitteriness is typical of SSRIs.",
         UNSUPPORTED: "The labels' adverse-reaction tables answer the question directly."},
        ["Look at the label's table of common adverse events.",
         "Which drug class is known for early jitteriness or anxiety?"],
        "Wrong as stated: anxiety is a listed (common) reaction, but not among the most frequent ones, which "
        "are sedation, dry mouth, appetite and weight gain; mirtazapine is often chosen because it eases "
        "anxiety and insomnia early."),
]


# ---- sources, incidence, bridging, kinetics, the combination ---------------------------------------
def _incidence_variant(rng):
    n = int(rng.integers(100, 251))
    return {"n": n, "cases": int(rng.integers(15, 46))}


def _goddard(week: int) -> dict:
    """The bridging trial's responder rates (%) at one time point (weeks 1 and 3 are reported)."""
    return {"week": week, "comb": V(f"bridging.goddard2001.responders_week{week}_combination_pct"),
            "sert": V(f"bridging.goddard2001.responders_week{week}_sertraline_pct")}


def _nnt_variant(rng):
    return _goddard(int(rng.choice([1, 3])))


def _css_variant(rng):
    return {"daily_mg": float(rng.choice([0.5, 1.0, 2.0, 3.0]))}


CL_ML_MIN = V("clonazepam.apparent_oral_clearance_ml_min")


def _css(daily_mg: float, clearance_ml_min: float = CL_ML_MIN) -> float:
    """Average steady-state level (ng/mL) = daily dose / (CL/F × 24 h)."""
    return daily_mg / (clearance_ml_min * 60 / 1000 * 24) * 1000


def _sedation_pair() -> tuple[float, float]:
    """Waking-hours mean sedation on the last simulated day: mirtazapine at bedtime vs in the morning."""
    from widgets.ch3 import waking_sedation

    morning, bedtime = V("model.ch3_waking_hours_clock_h")
    dose, clon = V("mirtazapine.start_dose_mg"), V("bridging.goddard2001.clonazepam_dose_mg")
    return waking_sedation(dose, bedtime, clon), waking_sedation(dose, morning, clon)


AT_NIGHT, IN_MORNING = _sedation_pair()
GODDARD_DOSE = V("bridging.goddard2001.clonazepam_dose_mg")
GODDARD_TID_MG = 3 * GODDARD_DOSE  # 'tid': three doses a day
TROUGH_DOSE = 3 * 2.0  # the Swiss label's 2 mg three times daily (clonazepam.trough_2mg_tid_ng_ml)
HALF_LIFE = data.fact("mirtazapine.half_life_h")
SWING = [2 ** (24 / h) for h in reversed(HALF_LIFE.value)]  # peak/trough over 24 h at steady state

OTHERS = [
    Ordering(
        id="ch3.rank-evidence", title="Ranking the evidence", chapter=CH, points=2,
        objective="Rank sources by the strength of evidence they give for a treatment claim",
        prompt=("Someone claims that drug X treats condition Y. Order these sources from the weakest to the "
                "strongest evidence for that claim."),
        items=["A shop page that sells drug X",
               "A single case report",
               "A retrospective chart review",
               "A prospective cohort study",
               "A randomised, double-blind, placebo-controlled trial",
               "A systematic review and meta-analysis of randomised trials"],
        shown_order=[3, 0, 5, 1, 4, 2],
        hints=["Ask of each: is there a comparison group, was it chosen by chance, and is anyone selling "
               "something?",
               "Data collected forward in time (prospective) beat data dug out of old records (retrospective)."],
        solution=("Shop page < case report < retrospective chart review < prospective cohort < RCT < systematic "
                  "review of RCTs. For harms the ladder is less strict: rare harms often surface first in case "
                  "reports and pharmacovigilance, then cohorts confirm them."),
    ),
    Numeric(
        id="ch3.rls-incidence", title="Incidence from counts", chapter=CH, points=2,
        objective="Compute an incidence (risk) from the counts a study reports",
        prompt=("A retrospective chart review of [[n]] patients treated with mirtazapine found new restless legs "
                "syndrome in [[cases]] of them. What percentage of patients developed RLS? Give one decimal."),
        defaults={"n": V("rls.kim2008.n"), "cases": V("rls.kim2008.rls_cases")}, variant=_incidence_variant,
        unit="percent", minimum=0, maximum=100, rel_tol=0.02, abs_tol=0.05,
        answer=lambda p: 100 * p["cases"] / p["n"],
        misconceptions=[
            Misconception(lambda p: 100 * p["cases"] / (p["n"] - p["cases"]),
                          "That is the odds (cases ÷ non-cases), not the risk: divide by everyone at risk, [[n]]."),
            Misconception(lambda p: round(100 * p["cases"] / p["n"]),
                          "That is rounded to a whole percent (as abstracts often do): give one decimal."),
            Misconception(lambda p: 100 * (p["n"] - p["cases"]) / p["n"],
                          "That is the share who did not develop RLS: put the cases on top."),
        ],
        hints=["Incidence (risk) = people with the event ÷ people at risk.",
               "[[cases]] ÷ [[n]], then × 100."],
        solution=("[[cases]] / [[n]] × 100. (Kim 2008 found [[rls.kim2008.rls_cases|bare]] of "
                  "[[rls.kim2008.n|bare]], reported as [[rls.kim2008.rls_pct|bare]].)"),
    ),
    Numeric(
        id="ch3.bridging-nnt", title="NNT for benzodiazepine bridging", chapter=CH, points=2,
        objective="Turn two response rates into a number needed to treat",
        prompt=("In the bridging trial, sertraline plus clonazepam gave [[comb:g]]% responders at week [[week]] "
                "versus [[sert:g]]% with sertraline alone. How many patients must receive clonazepam for one extra "
                "responder at that time (NNT)? Give the exact value to one decimal place, not rounded up to a "
                "whole patient."),
        defaults=_goddard(1), variant=_nnt_variant,
        unit="dimensionless", minimum=1, rel_tol=0.02, abs_tol=0.05,
        answer=lambda p: 100 / (p["comb"] - p["sert"]),
        misconceptions=[
            Misconception(lambda p: 100 / p["comb"],
                          "That uses only the combination arm: the NNT comes from the difference between arms."),
            Misconception(lambda p: p["comb"] - p["sert"],
                          "That is the risk difference in percentage points; the NNT is 100 divided by it."),
        ],
        hints=["NNT = 1 ÷ (risk difference), with the difference as a fraction.",
               "Risk difference = combination rate − sertraline rate; convert % to a fraction first."],
        solution="NNT = 100 / ([[comb:g]] − [[sert:g]]). By later time points the difference had gone.",
    ),
    Choice(
        id="ch3.bridging-plan", title="A bridging plan", chapter=CH, points=2,
        objective="Decide when benzodiazepine bridging makes sense, and for how long",
        prompt=("A patient with panic disorder is starting an antidepressant. The prescriber considers "
                "clonazepam to cover the first weeks. Which plan fits the trial evidence and the label best?"),
        options=["A low dose for about [[bridging.goddard2001.clonazepam_duration_weeks|bare]] alongside the "
                 "antidepressant, then a gradual taper over [[bridging.goddard2001.taper_weeks|bare]]; "
                 "expect an earlier response, not a better final one",
                 "Keep clonazepam for as long as the antidepressant, because the combination keeps its advantage",
                 "Stop clonazepam abruptly once the antidepressant works; its long half-life makes a taper "
                 "unnecessary",
                 "Use clonazepam alone first and add the antidepressant only if it fails"],
        correct=[0],
        option_feedback={
            0: ("Goddard 2001: clonazepam [[bridging.goddard2001.clonazepam_dose_mg|bare]] three times daily for "
                "[[bridging.goddard2001.clonazepam_duration_weeks|bare]], then a taper; more responders "
                "early ([[bridging.goddard2001.responders_week1_combination_pct|bare]] vs "
                "[[bridging.goddard2001.responders_week1_sertraline_pct|bare]] at week 1), no difference later."),
            1: "The advantage was early only; later time points showed no difference, and long use brings "
               "dependence (the 2020 boxed warning).",
            2: "Physical dependence makes abrupt stopping risky: the trials tapered and the label advises a "
               "gradual taper.",
            3: "That inverts the plan: the antidepressant treats the disorder; the benzodiazepine only bridges "
               "the first weeks.",
        },
        hints=["Did the combination still beat sertraline alone after the first weeks?",
               "What does the 2020 boxed warning on benzodiazepines add about long-term use and stopping?"],
        solution=("A short, low-dose course with a planned taper: faster early response, no later advantage "
                  "(Goddard 2001; Pollack 2003), and dependence risk with longer use (FDA 2020)."),
    ),
    Numeric(
        id="ch3.clonazepam-css", title="Clonazepam at steady state", chapter=CH, points=2,
        objective="Predict an average steady-state level from dose and clearance",
        prompt=("Clonazepam's apparent oral clearance (CL/F) is about [[cl_ml_min:g]] mL/min. What average "
                "steady-state plasma concentration do you expect with [[daily_mg:g]] mg a day? Answer in ng/mL."),
        defaults={"daily_mg": GODDARD_TID_MG, "cl_ml_min": CL_ML_MIN,
                  "trough_daily_mg": TROUGH_DOSE, "trough_css": _css(TROUGH_DOSE)}, variant=_css_variant,
        unit="ng/mL", minimum=0, rel_tol=0.03,
        answer=lambda p: _css(p["daily_mg"], p["cl_ml_min"]),
        misconceptions=[
            Misconception(lambda p: p["daily_mg"] / (p["cl_ml_min"] * 24) * 1000,
                          "The clearance is in mL/min, not L/h: convert it (× 60 ÷ 1000) before dividing."),
            Misconception(lambda p: p["daily_mg"] / (p["cl_ml_min"] * 60 / 1000) * 1000,
                          "That divides a daily dose by an hourly clearance: use the clearance over 24 h."),
        ],
        hints=["Average steady-state concentration = dose per day ÷ (CL/F × 24 h).",
               "[[cl_ml_min:g]] mL/min = [[cl_ml_min:g]] × 60 ÷ 1000 L/h; mg/L equals µg/mL, so × 1000 for ng/mL."],
        solution=("CL/F = [[cl_ml_min:g]] × 60 / 1000 L/h; Css = [[daily_mg:g]] mg / (CL/F × 24 h), × 1000 for ng/mL. "
                  "Check: [[trough_daily_mg:g]] mg a day would give about [[trough_css:.0f]] ng/mL on average, close "
                  "to the [[clonazepam.trough_2mg_tid_ng_ml|bare]] trough the Swiss label reports."),
    ),
    Choice(
        id="ch3.morning-sedation", title="Moving the dose to the morning", chapter=CH, points=2,
        objective="Predict how dosing times change daytime sedation, using the chapter's model",
        prompt=("In the chapter's teaching model a typical adult takes mirtazapine [[mirtazapine.start_dose_mg|bare]] "
                "at bedtime and clonazepam [[bridging.goddard2001.clonazepam_dose_mg|bare]] at bedtime. What happens to the sedation index "
                "averaged over the waking hours of the last simulated day if mirtazapine is moved to the morning, "
                "as the health blog advises?"),
        defaults={"at_night": AT_NIGHT, "in_morning": IN_MORNING, "swing_low": SWING[0], "swing_high": SWING[1]},
        options=["It rises: mirtazapine's peak (about [[mirtazapine.tmax_h|value]] after the dose) "
                 "now falls in the waking day",
                 "It falls: taking the sedating drug earlier lets it wear off before the evening",
                 "It stays the same: with long half-lives the level is flat at steady state, so timing cannot matter",
                 "It falls to zero: the two drugs are now taken at opposite ends of the day, so they no longer "
                 "overlap"],
        correct=[0],
        option_feedback={
            0: "In the model the waking-hours mean rises from [[at_night:.2f]] to [[in_morning:.2f]] (teaching model).",
            1: "A half-life of [[mirtazapine.half_life_h|value]] means little wears off in a day; what moves is the peak, "
               "into the day.",
            2: "Long half-lives flatten the curve but do not remove the peak after each dose: at steady state "
               "the level still swings by a factor of about [[swing_low:.1f]]–[[swing_high:.1f]] over 24 h.",
            3: "With half-lives of a day or more both drugs are present around the clock; separating the doses "
               "does not separate the drugs.",
        },
        hints=["Where does the peak level fall in each schedule?",
               "Try it in the figure: switch the menu between 22:00 and 08:00 and compare the diamonds."],
        solution=("It rises (model: [[at_night:.2f]] → [[in_morning:.2f]]). Bedtime dosing puts mirtazapine's "
                  "peak in the night, as the label advises."),
    ),
    Choice(
        id="ch3.lower-dose", title="Who needs extra caution?", chapter=CH, points=2,
        objective="Identify who is most at risk from combining mirtazapine with clonazepam",
        prompt=("Which of these patients need a lower starting dose or particular caution when mirtazapine and "
                "clonazepam are combined? (Choose all that apply.)"),
        options=["An elderly man",
                 "A patient with liver cirrhosis",
                 "A patient who also takes an opioid for chronic pain",
                 "A healthy young man",
                 "A patient who also takes paroxetine",
                 "A patient who takes mirtazapine with food"],
        correct=[0, 1, 2],
        option_feedback={
            0: ("Mirtazapine levels per dose are [[mirtazapine.tdm_elderly_cd_ratio_change_pct|bare]] higher above "
                "65 years, and the clonazepam "
                "label advises starting low in the elderly."),
            1: ("Mirtazapine clearance changes by [[mirtazapine.hepatic_clearance_change_pct|bare]] in hepatic "
                "impairment, and clonazepam is cleared by the liver."),
            2: "Benzodiazepines with opioids carry the 2016 boxed warning: profound sedation, respiratory "
               "depression and death; limit doses and durations.",
            3: "A healthy young man clears both drugs normally; the usual cautions apply, not a lower start.",
            4: ("Paroxetine raises mirtazapine levels by only [[mirtazapine.paroxetine_level_change_pct|bare]], "
                "judged not clinically relevant."),
            5: "Food changes the rate of absorption slightly, not the extent: no dose change.",
        },
        hints=["Think of who clears the drugs more slowly, and who adds a third CNS depressant.",
               "Which drug class carries a boxed warning when combined with benzodiazepines?"],
        solution="Elderly, hepatic impairment and concurrent opioids (also alcohol). Not the others.",
    ),
]

# In the order the chapter asks them (a test checks it): claims e, i and h are discussed in their sections,
# the others in the claim checker at the end.
_CLAIM = {ex.id.split("-")[1]: ex for ex in CLAIMS}
EXERCISES = [*OTHERS[:2], _CLAIM["e"], _CLAIM["i"], _CLAIM["h"], *OTHERS[2:],
             *(_CLAIM[letter] for letter in "abcdfg")]
