"""Chapter 4 exercises: safety pharmacology and CYP interactions of mirtazapine and mianserin.

Numbers come from ``widgets.data``; answers are functions of the (per-student) parameters.
"""
from __future__ import annotations

from widgets import data

from ..core import Choice, Misconception, Numeric

CH = "ch4"
V = data.value
AGRAN, NEUTRO, N_TRIALS = (int(V(i)) for i in ("mirtazapine.agranulocytosis_cases",
                                               "mirtazapine.severe_neutropenia_cases", "mirtazapine.premarketing_n"))

# the label's 6-week placebo-controlled comparisons a pharmacist counsels on: (drug %, placebo %) fact ids.
# Parameters stay numbers (editions print them with :g); the chapter's table names the findings.
LABEL_HARMS = {
    "cholesterol": ("mirtazapine.cholesterol_20pct_above_uln_pct", "mirtazapine.cholesterol_20pct_above_uln_placebo_pct"),
    "weight": ("mirtazapine.weight_gain_7pct_pct", "mirtazapine.weight_gain_7pct_placebo_pct"),
    "alt": ("mirtazapine.alt_elevation_pct", "mirtazapine.alt_elevation_placebo_pct"),
}


def _harm(outcome: str) -> dict:
    drug_id, placebo_id = LABEL_HARMS[outcome]
    return {"drug": V(drug_id), "placebo": V(placebo_id)}


def _harm_variant(rng):
    return _harm(str(rng.choice(["weight", "alt"])))


def _dyscrasia_variant(rng):
    return {"agran": int(rng.integers(1, 5)), "neutro": int(rng.integers(0, 4)), "n": int(rng.integers(15, 61)) * 100}


def _inducer_variant(rng):
    return {"fold": float(rng.choice([1.5, 2.5, 3.0, 4.0]))}


def _nnh(p):
    return 100 / (p["drug"] - p["placebo"])


EXERCISES = [
    Choice(
        id="ch4.maoi-combination", title="The contraindicated combination", chapter=CH, points=2,
        objective="Recognise the one combination the label contraindicates, and why",
        prompt=("A patient on mirtazapine is admitted with an infection. Which of these added drugs is "
                "contraindicated, not merely a reason for caution?"),
        options=["Linezolid, an antibiotic that is also a reversible MAO inhibitor",
                 "Cimetidine for dyspepsia",
                 "Clonazepam at night for anxiety",
                 "Paracetamol for fever"],
        correct=[0],
        option_feedback={
            0: "The label contraindicates MAOIs, naming linezolid and intravenous methylene blue: risk of serotonin "
               "syndrome. Allow [[mirtazapine.maoi_washout_days|bare]] between an MAOI and mirtazapine in either "
               "direction.",
            1: "Cimetidine raises mirtazapine exposure (AUC [[safety.cimetidine_auc_change_pct|bare]] higher): "
               "a pharmacokinetic interaction to watch for more sedation, not a contraindication.",
            2: "Additive sedation and falls risk (the SmPC says mirtazapine may potentiate benzodiazepines): "
               "caution, lowest doses, not a contraindication.",
            3: "No relevant interaction.",
        },
        hints=["Which mechanism can turn a routine combination into a medical emergency within hours?",
               "Some drugs are MAO inhibitors although they are not used as antidepressants."],
        solution="Linezolid: an MAO inhibitor, contraindicated with mirtazapine (serotonin syndrome).",
    ),
    Choice(
        id="ch4.sodium-check", title="Who needs a sodium check?", chapter=CH, points=2,
        objective="Identify the patients in whom hyponatraemia on mirtazapine is most likely or already suspected",
        prompt=("Which of these patients should have their serum sodium checked? (Choose all that apply.)"),
        options=["An 84-year-old woman on a thiazide diuretic who is starting mirtazapine",
                 "A 72-year-old man who has become confused and unsteady a month after starting mirtazapine",
                 "A healthy 30-year-old man on a stable dose with no symptoms",
                 "A 40-year-old woman whose only complaint on mirtazapine is weight gain"],
        correct=[0, 1],
        option_feedback={
            0: "Older age and diuretics are the label's risk factors; the Beers criteria ask for close sodium "
               "monitoring when starting or changing the dose.",
            1: "Confusion and unsteadiness are symptoms of hyponatraemia in the label; the review's mean time to "
               "onset was [[safety.hyponatremia_review_latency_days|bare]].",
            2: "No risk factor and no symptom: routine sodium checks are not asked for.",
            3: "Weight gain is a common effect (5-HT2C and H1 blockade), not a sign of low sodium.",
        },
        hints=["The label names three groups at greater risk. Which patients here belong to one of them?",
               "Which symptoms of hyponatraemia could be mistaken for depression or for sedation?"],
        solution="The older woman on a thiazide (risk factors) and the confused, unsteady man (symptoms).",
    ),
    Choice(
        id="ch4.suicidality-age", title="The boxed warning and age", chapter=CH, points=1,
        objective="State what the antidepressant boxed warning says about age",
        prompt="What does the antidepressant boxed warning on mirtazapine's US label say about age?",
        options=["The risk of suicidal thoughts and behaviours rose in children, adolescents and young adults in "
                 "short-term studies; all patients are monitored, and mirtazapine is not approved for children",
                 "The risk applies only to children under 12",
                 "The risk is the same at every age",
                 "The risk applies mainly to patients over 65"],
        correct=[0],
        option_feedback={
            1: "The warning covers children, adolescents and young adults.",
            2: "Short-term studies showed no increase beyond age [[safety.suicidality_no_increase_above_age_years|bare]] "
               "and a reduction from age [[safety.suicidality_reduction_from_age_years|bare]].",
            3: "In adults aged [[safety.suicidality_reduction_from_age_years|bare]] and older the risk was reduced, "
               "not raised.",
        },
        hints=["The warning is about young patients; where does the age limit fall?"],
        solution="Young patients (no increase beyond the mid-twenties, a reduction from 65); monitor everyone.",
    ),
    Choice(
        id="ch4.qt-risk", title="Who is at risk of a long QT?", chapter=CH, points=1,
        objective="Identify the situations in which mirtazapine's QT risk matters",
        prompt="In which situation does the label say the risk of QT prolongation on mirtazapine may be increased?",
        options=["An overdose, or taking it with another QT-prolonging drug such as some antipsychotics",
                 "Taking the usual dose with food",
                 "Taking it in the morning instead of at night",
                 "Taking it with paracetamol"],
        correct=[0],
        option_feedback={
            1: "Food changes the rate of absorption slightly, not the QT risk.",
            2: "Timing matters for sedation, not for the QT interval.",
            3: "Paracetamol does not prolong the QT interval.",
        },
        hints=["Think of what raises the concentration a lot, and of what adds its own QT effect."],
        solution="Overdose and other QTc-prolonging drugs (some antipsychotics and antibiotics).",
    ),
    Numeric(
        id="ch4.label-nnh", title="Number needed to harm from the label", chapter=CH, points=2,
        objective="Turn a label's drug and placebo percentages into a number needed to harm",
        prompt=("In the label's 6-week placebo-controlled trials (the table above), one of the three findings "
                "occurred in [[drug:g]]% of patients on mirtazapine and [[placebo:g]]% on placebo. How many "
                "patients must take mirtazapine for one extra patient to have it (number needed to harm)? Give "
                "one decimal."),
        defaults=_harm("cholesterol"), variant=_harm_variant,
        unit="dimensionless", minimum=1, rel_tol=0.02, abs_tol=0.05,
        answer=_nnh,
        misconceptions=[
            Misconception(lambda p: 100 / p["drug"],
                          "That uses the mirtazapine arm only: the extra harm is the difference from placebo."),
            Misconception(lambda p: p["drug"] - p["placebo"],
                          "That is the risk difference in percentage points; the NNH is 100 divided by it."),
        ],
        hints=["NNH = 1 ÷ (risk on drug − risk on placebo), with the risks as fractions.",
               "([[drug:g]] − [[placebo:g]]) percentage points = ([[drug:g]] − [[placebo:g]]) / 100; then take 1 over it."],
        solution="NNH = 100 / ([[drug:g]] − [[placebo:g]]); read the finding from the table by its two rates.",
    ),
    Choice(
        id="ch4.benzo-older-adult", title="Mirtazapine, clonazepam and an older patient", chapter=CH, points=2,
        objective="Apply the Beers criteria and the benzodiazepine warnings to an older patient's medicines",
        prompt=("A 79-year-old woman with COPD takes mirtazapine at night. She is prescribed clonazepam for anxiety; "
                "she already takes gabapentin and, for back pain, oxycodone. What is the pharmacist's main concern?"),
        options=["Four CNS-active drugs, including an opioid with a benzodiazepine: falls, fractures, and "
                 "respiratory depression in a patient with lung disease",
                 "A pharmacokinetic interaction: clonazepam will raise mirtazapine levels",
                 "Serotonin syndrome from clonazepam and mirtazapine",
                 "None: each drug is within its usual dose"],
        correct=[0],
        option_feedback={
            0: "Beers 2023: avoid three or more CNS-active drugs (falls, fractures) and avoid opioids with "
               "benzodiazepines; the opioid–benzodiazepine boxed warning names respiratory depression and death.",
            1: "Clonazepam is not a relevant CYP inhibitor; the problem is additive CNS depression.",
            2: "Clonazepam is not serotonergic.",
            3: "Usual doses of each can still add up: the risk comes from the combination and the patient.",
        },
        hints=["Count the CNS-active drugs; what do the Beers criteria say about that count?",
               "Which pair carries its own boxed warning, and why does COPD matter?"],
        solution="Too many CNS depressants (Beers: three or more), an opioid with a benzodiazepine, and COPD.",
    ),
    Numeric(
        id="ch4.dyscrasia-rate", title="A rare harm per 1,000 patients", chapter=CH, points=2,
        objective="Compute a risk per 1,000 from the counts a label reports",
        prompt=("In premarketing trials, [[agran]] of [[n]] patients given mirtazapine developed agranulocytosis and "
                "[[neutro]] more developed severe neutropenia. What is the risk of either, per 1,000 patients? Give "
                "two decimals."),
        defaults={"agran": AGRAN, "neutro": NEUTRO, "n": N_TRIALS}, variant=_dyscrasia_variant,
        unit="dimensionless", minimum=0, maximum=1000, rel_tol=0.02, abs_tol=0.005,
        answer=lambda p: 1000 * (p["agran"] + p["neutro"]) / p["n"],
        misconceptions=[
            Misconception(lambda p: 100 * (p["agran"] + p["neutro"]) / p["n"],
                          "That is per 100 patients (a percentage); the question asks per 1,000."),
            Misconception(lambda p: 1000 * p["agran"] / p["n"],
                          "That counts agranulocytosis only; the question asks for either event."),
            Misconception(lambda p: p["n"] / max(p["agran"] + p["neutro"], 1),
                          "That is the 'one in N' form (patients per case), not cases per 1,000."),
        ],
        hints=["Risk = cases ÷ patients exposed; then scale to 1,000 patients.",
               "([[agran]] + [[neutro]]) ÷ [[n]] × 1,000."],
        solution=("([[agran]] + [[neutro]]) / [[n]] × 1,000. For the label's counts that is "
                  "[[computed.dyscrasia_trial_per_1000]]: with so few cases the interval is wide."),
    ),
    Numeric(
        id="ch4.inducer-level", title="Starting an enzyme inducer", chapter=CH, points=2,
        objective="Predict the change of an average steady-state level from a fold change in clearance",
        prompt=("A patient is stable on mirtazapine. A new drug increases mirtazapine's clearance [[fold:g]]-fold. "
                "Once both are at steady state, what is the patient's average mirtazapine level, as a percentage "
                "of the level before?"),
        defaults={"fold": V("safety.inducer_clearance_fold")}, variant=_inducer_variant,
        unit="percent", minimum=0, maximum=1000, rel_tol=0.02, abs_tol=0.5,
        answer=lambda p: 100 / p["fold"],
        misconceptions=[
            Misconception(lambda p: 100 * p["fold"],
                          "Higher clearance means the drug is removed faster, so the level falls, not rises."),
            Misconception(lambda p: 100 - 100 / p["fold"],
                          "That is how much the level falls; the question asks for the level that remains."),
            Misconception(lambda p: 100 / p["fold"] ** 2,
                          "The average level is dose ÷ clearance: it scales with 1/fold once, not squared."),
        ],
        hints=["At steady state, average level = dose rate ÷ clearance.",
               "Multiply the clearance by [[fold:g]]: the level is divided by [[fold:g]]."],
        solution="Level ∝ 1/clearance: 100 % ÷ [[fold:g]].",
    ),
]
