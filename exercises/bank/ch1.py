"""Chapter 1 exercises: α2 antagonism, receptor profiles, occupancy and pharmacokinetics.

Numbers come from ``widgets.data``; answers are functions of the (per-student) parameters.
"""
from __future__ import annotations

import math

from widgets import data
from widgets.drugs import accumulation_half_life_h
from widgets.models.occupancy import occupancy
from widgets.models.pk import accumulation_ratio, time_to_steady_state_h

from ..core import Choice, Code, FreeText, Misconception, Numeric, Ordering

CH = "ch1"
H1_KI = data.ki_nm("mirtazapine", "H1")
HALF_LIFE = data.fact("mirtazapine.half_life_h")


def _occupancy_variant(rng):
    return {"ki_nm": float(rng.choice([0.3, 0.4, 0.5, 0.8, 1.0, 1.6])),
            "conc_nm": float(rng.choice([0.5, 1.2, 2.0, 3.0, 4.5, 8.0]))}


ACCUMULATION_HALF_LIFE_H = accumulation_half_life_h()


def _effective_half_life_variant(rng):
    """Effective half-lives that give the label's ratio ± 0.2 (R 1.3–1.7 ⇔ about 11–19 h)."""
    return {"half_life_h": float(rng.integers(12, 19))}


def _half_life_variant(rng):
    return {"half_life_h": float(rng.integers(HALF_LIFE.low, HALF_LIFE.high + 1))}


def _occupancy_reference(conc_nm, ki_nm):
    if ki_nm <= 0 or conc_nm < 0:
        raise ValueError("ki_nm must be > 0 and conc_nm >= 0")
    return occupancy(conc_nm, ki_nm)


EXERCISES = [
    Ordering(
        id="ch1.order-mechanism", title="From α2 blockade to more noradrenaline", chapter=CH, points=2,
        objective="Order the steps from α2 blockade to raised noradrenaline",
        prompt="Put the steps of mirtazapine's noradrenergic action in order, from first to last.",
        items=["Mirtazapine occupies presynaptic α2 autoreceptors",
               "Released noradrenaline can no longer switch on the α2 brake",
               "Noradrenaline release per impulse rises",
               "More noradrenaline acts on postsynaptic adrenoceptors"],
        shown_order=[2, 0, 3, 1],
        hints=["The brake is a feedback loop: what normally activates it?"],
        solution="Occupy α2 → feedback brake lost → more release → more postsynaptic signalling.",
    ),
    Choice(
        id="ch1.mirtazapine-vs-mianserin", title="Mirtazapine versus mianserin", chapter=CH, points=1,
        objective="State the key pharmacological difference between mirtazapine and mianserin",
        prompt="Both drugs block α2 receptors with similar affinity. What is the key pharmacological difference?",
        options=["Mianserin also inhibits noradrenaline reuptake; mirtazapine essentially does not",
                 "Mirtazapine inhibits serotonin reuptake; mianserin does not",
                 "Mianserin is a 5-HT1A agonist; mirtazapine is not",
                 "Only mirtazapine blocks H1 receptors"],
        correct=[0],
        option_feedback={1: "Neither inhibits SERT meaningfully (mirtazapine Kd [[mirtazapine.sert_kd_nm|bare]]).",
                         2: "Neither is a 5-HT1A agonist.",
                         3: "Both are potent H1 antagonists (mianserin KD [[mianserin.h1_kd_nm|bare]] in human brain)."},
        hints=["Compare their noradrenaline uptake pKi values in rat tissue: "
               "[[mianserin.na_uptake_pki_rat|bare]] versus [[mirtazapine.na_uptake_pki_rat|bare]]."],
        solution=("Mianserin inhibits NA uptake (pKi [[mianserin.na_uptake_pki_rat|bare]]); mirtazapine does not "
                  "(pKi [[mirtazapine.na_uptake_pki_rat|bare]]): about [[computed.na_uptake_fold|bare]] weaker."),
    ),
    Choice(
        id="ch1.receptor-effect", title="Receptor blockade and side effects", chapter=CH, points=2,
        objective="Explain clinical effects from receptor blockade",
        prompt=("A patient starting mirtazapine reports sleepiness and a bigger appetite. Which blockades best "
                "explain these two effects? (Choose all that apply.)"),
        options=["H1 (histamine) antagonism", "5-HT2C antagonism", "α1 antagonism",
                 "5-HT3 antagonism", "Serotonin reuptake inhibition"],
        correct=[0, 1],
        option_feedback={0: "H1 blockade sedates and increases appetite.",
                         1: "5-HT2C blockade is linked to increased appetite and weight gain.",
                         2: "α1 blockade explains orthostatic dizziness, not appetite.",
                         3: "5-HT3 blockade explains less nausea than with SSRIs.",
                         4: "Mirtazapine does not inhibit serotonin reuptake (SERT Kd [[mirtazapine.sert_kd_nm|bare]])."},
        hints=["Which receptor do classic sedating antihistamines block?",
               "Appetite and weight: think of a serotonin receptor also blocked by some antipsychotics."],
        solution="H1 antagonism (sedation, appetite) and 5-HT2C antagonism (appetite, weight).",
    ),
    Numeric(
        id="ch1.occupancy-h1", title="Occupancy from affinity", chapter=CH, points=2,
        objective="Compute receptor occupancy from affinity and free concentration",
        prompt=("A drug binds H1 receptors with Ki = [[ki_nm:g]] nM. The free concentration at the receptor is "
                "[[conc_nm:g]] nM. What percentage of H1 receptors is occupied (one-site binding)?"),
        defaults={"ki_nm": H1_KI, "conc_nm": 1.2}, variant=_occupancy_variant,
        unit="percent", minimum=0, maximum=100, rel_tol=0.01, abs_tol=0.5,
        answer=lambda p: 100 * p["conc_nm"] / (p["conc_nm"] + p["ki_nm"]),
        misconceptions=[
            Misconception(lambda p: 100 * p["ki_nm"] / (p["conc_nm"] + p["ki_nm"]),
                          "That is the share of receptors still free: occupancy is C/(C + Ki), not Ki/(C + Ki)."),
            Misconception(lambda p: min(100.0, 100 * p["conc_nm"] / p["ki_nm"]),
                          "C/Ki is not an occupancy: divide by C + Ki so the answer can never exceed 100%."),
        ],
        hints=["Occupancy = C / (C + Ki), with C and Ki in the same units.",
               "With C = [[conc_nm:g]] nM and Ki = [[ki_nm:g]] nM: [[conc_nm:g]] / ([[conc_nm:g]] + [[ki_nm:g]]), then ×100."],
        solution=("Occupancy = C/(C + Ki) = [[conc_nm:g]]/([[conc_nm:g]] + [[ki_nm:g]]). When C equals Ki, half the "
                  "receptors are occupied; at C = 9 × Ki, 90%."),
    ),
    Code(
        id="ch1.code-occupancy", title="The occupancy function", chapter=CH, points=3,
        objective="Write the occupancy model as a function that refuses impossible input",
        prompt=("Write a function occupancy_fraction(conc_nm, ki_nm) that returns the fraction (0–1) of receptors "
                "occupied, and raises ValueError when ki_nm <= 0 or conc_nm < 0."),
        function_name="occupancy_fraction", reference=_occupancy_reference,
        fixed_cases=[(1.0, 1.0), (0.0, 5.0), (9.0, 1.0), (-1.0, 1.0), (1.0, 0.0), (1e6, 0.4)],
        random_cases=lambda rng: [(float(rng.uniform(0, 100)), float(rng.uniform(0.1, 50))) for _ in range(5)],
        hints=["C / (C + Ki).", "Check the inputs before computing; `raise ValueError(...)` for bad ones."],
        solution=("def occupancy_fraction(conc_nm, ki_nm):\n    if ki_nm <= 0 or conc_nm < 0:\n"
                  "        raise ValueError('ki_nm must be > 0 and conc_nm >= 0')\n"
                  "    return conc_nm / (conc_nm + ki_nm)"),
    ),
    FreeText(
        id="ch1.explain-dose-sedation", title="Is a lower dose more sedating?", chapter=CH, points=3,
        objective="Explain a dose-dependent effect as a hypothesis, with its reasoning",
        prompt=("It is often said that mirtazapine is less sedating at higher doses. Using receptor occupancy, "
                "explain the reasoning behind this idea and say why it is a hypothesis, not an established fact."),
        rubric=["H1 occupancy is already near its maximum at low doses ([[mirtazapine.h1_occupancy_pet_dose_mg|bare]], "
                "[[mirtazapine.h1_occupancy_15mg_pct|bare]] in PET)",
                "Higher doses add α2 (noradrenergic) occupancy, which could offset sedation",
                "Labels it a hypothesis: the label's somnolence data do not show less sedation at high doses",
                "Mentions that occupancy alone does not prove the clinical effect",
                "Knows the one regulatory statement: the mianserin label says lowering the dose generally does not "
                "reduce sedation and can compromise efficacy, so 'lower the dose to reduce sedation' is not "
                "supported"],
        min_words=30,
        hints=["Which receptor saturates first as the dose rises?", "What would count as evidence for the claim?"],
        solution="See the rubric; a strong answer contrasts early H1 saturation with rising α2 occupancy, notes "
                 "that the α2 occupancy is a model result (no human α2 PET study), cites the mianserin label's "
                 "statement against dose reduction, and asks for dose-comparison data on somnolence.",
    ),
    Numeric(
        id="ch1.steady-state-days", title="Time to steady state", chapter=CH, points=2,
        objective="Relate half-life to the time needed to reach steady state",
        prompt=("A patient takes mirtazapine once nightly; assume a half-life of [[half_life_h:g]] h. After how many "
                "days of regular dosing is the level within 10% of steady state (90% reached)?"),
        defaults={"half_life_h": HALF_LIFE.mid}, variant=_half_life_variant,
        unit="day", minimum=0, rel_tol=0.05,
        answer=lambda p: time_to_steady_state_h(p["half_life_h"], 0.9) / 24,
        misconceptions=[
            Misconception(lambda p: p["half_life_h"] / 24,
                          "One half-life only gets you halfway: steady state is approached over several half-lives."),
            Misconception(lambda p: time_to_steady_state_h(p["half_life_h"], 0.9),
                          "That is the right time in hours; the question asks for days."),
            Misconception(lambda p: 5 * p["half_life_h"] / 24,
                          "Five half-lives is the usual rule for ~97%; for 90% you need about 3.3 half-lives."),
        ],
        hints=["After n half-lives the level has reached 1 − (1/2)ⁿ of steady state.",
               "Solve 1 − (1/2)ⁿ = 0.9: n = log2(10) ≈ 3.32 half-lives. Convert hours to days."],
        solution="n = log2(10) = 3.32 half-lives = 3.32 × [[half_life_h:g]] h, divided by 24 h per day.",
    ),
    Numeric(
        id="ch1.accumulation-ratio", title="Accumulation with once-daily dosing", chapter=CH, points=2,
        objective="Compute the accumulation ratio for once-daily dosing",
        prompt=("Mirtazapine's terminal half-life is [[mirtazapine.half_life_h|bare]], but its accumulation behaves as "
                "if the half-life were about [[half_life_h:g]] h (the effective half-life). With one dose every "
                "24 h, by what factor is the steady-state level higher than after the first dose (same time "
                "after dosing)? Give a plain number."),
        defaults={"half_life_h": round(ACCUMULATION_HALF_LIFE_H)}, variant=_effective_half_life_variant,
        unit="dimensionless", minimum=1, rel_tol=0.02,
        answer=lambda p: accumulation_ratio(p["half_life_h"], 24),
        misconceptions=[
            Misconception(lambda p: accumulation_ratio(HALF_LIFE.mid, 24),
                          "That is what the terminal half-life predicts, and it overstates accumulation: the "
                          "label's ratio is about [[mirtazapine.accumulation_ratio_label|bare]]. Use the effective half-life the question gives."),
            Misconception(lambda p: p["half_life_h"] / 24,
                          "t½/τ is not the accumulation ratio: use R = 1/(1 − e^(−kτ)) with k = ln2/t½."),
            Misconception(lambda p: 1 / (1 - 2 ** (-p["half_life_h"] / 24)),
                          "You swapped t½ and τ in the exponent: the fraction left after τ is (1/2)^(τ/t½)."),
        ],
        hints=["The fraction of a dose left after one interval τ is (1/2)^(τ/t½).",
               "R = 1 / (1 − fraction left after one interval)."],
        solution=("Fraction left after 24 h = 0.5^(24/[[half_life_h:g]]); R = 1/(1 − that fraction). With the "
                  "effective half-life this reproduces the label's ratio of about [[mirtazapine.accumulation_ratio_label|bare]]; "
                  "the terminal half-life would predict [[computed.accumulation_from_terminal_half_life|bare]]."),
    ),
    Choice(
        id="ch1.titration-step", title="When to raise the dose", chapter=CH, points=1,
        objective="Apply half-life and steady state to a titration decision",
        prompt=("Day 4 of mirtazapine [[mirtazapine.start_dose_mg|bare]] at night: the patient feels no better and asks "
                "to go straight to [[mirtazapine.max_dose_mg|bare]]. Which response best fits the pharmacology and the label?"),
        options=["Keep [[mirtazapine.start_dose_mg|bare]] for now: steady state needs about "
                 "[[mirtazapine.steady_state_days|bare]] and dose changes are made no more often than every "
                 "[[mirtazapine.titration_interval_weeks|bare]]",
                 "Go to [[mirtazapine.max_dose_mg|bare]] today: the drug clearly is not working",
                 "Stop mirtazapine: no effect by day 4 means it will never work",
                 "Switch to morning dosing to speed up the effect"],
        correct=[0],
        option_feedback={1: "Too fast: the level has not settled and response takes [[mirtazapine.onset_smpc_weeks|bare]] "
                            "to start.",
                         2: "Effects start after [[mirtazapine.onset_smpc_weeks|bare]]; reassess at "
                            "[[mirtazapine.positive_response_expected_weeks|bare]].",
                         3: "Mirtazapine is taken in the evening: it is sedating."},
        hints=["How many half-lives ([[mirtazapine.half_life_h|bare]]) fit in 4 days?", "What does the label say about the interval "
                                                                   "between dose changes?"],
        solution=("Steady state is reached within about [[mirtazapine.steady_state_label_days|bare]] (the label; "
                  "[[mirtazapine.steady_state_day5_timmer1995|bare]] into each dose step in volunteers), so on day 4 "
                  "the level has not settled; the label advises dose changes no more often than every "
                  "[[mirtazapine.titration_interval_weeks|bare]] because the response takes that long to judge; onset of "
                  "benefit is expected after [[mirtazapine.onset_smpc_weeks|bare]]."),
    ),
    Choice(
        id="ch1.claim-5ht1", title="Claim: mirtazapine activates 5-HT1 receptors", chapter=CH, points=1,
        objective="Appraise a claim about mechanism against the evidence",
        prompt=("A web page says: 'mirtazapine is believed to be responsible for the activation of 5-HT1 "
                "receptors'. What is the best verdict?"),
        options=["Correct: mirtazapine is a 5-HT1A agonist",
                 "Misleading: it has no significant 5-HT1 affinity; any 5-HT1 effect would be indirect, via more "
                 "serotonin release with 5-HT2/5-HT3 blocked, and even that is disputed",
                 "Wrong: mirtazapine blocks 5-HT1A receptors",
                 "Unsupported: nobody has measured its 5-HT1 affinity"],
        correct=[1],
        option_feedback={0: "The label states no significant affinity for 5-HT1A and 5-HT1B receptors.",
                         2: "It does not bind 5-HT1A significantly, so it neither activates nor blocks it.",
                         3: "It has been measured: the label reports no significant affinity."},
        hints=["Look at what the label says about 5-HT1A and 5-HT1B affinity.",
               "Could serotonin released through α2 heteroreceptor blockade act at 5-HT1 receptors?"],
        solution="Misleading: no direct 5-HT1 activity (label); the NaSSA idea is indirect (de Boer 1996) and "
                 "rat microdialysis did not show a 5-HT rise (Millan 2000).",
    ),
]
