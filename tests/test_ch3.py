"""Chapter 3: the sedation model against published and hand-computed values, the chapter's widgets and
tables, and every exercise (right, wrong, misconceptions, bad input, per-student variants)."""
import math
import re

import numpy as np
import pytest

from widgets.text import render as cw_render

import exercises
from exercises import registry
from exercises.static import self_check_html
from widgets import ch3, data, drugs
from widgets.models import pk, sedation
from widgets.models.trials import nnt_from_rates
from helpers import ROOT

# ---- the sedation model ------------------------------------------------------------------------


def test_clonazepam_is_built_from_its_cited_facts():
    drug = drugs.clonazepam()
    assert drug.half_life_h == pytest.approx(35.0)                 # middle of the label's 30-40 h
    assert drug.tmax_h == pytest.approx(2.5)                       # middle of the label's 1-4 h
    assert drug.clearance_over_f_l_per_h == pytest.approx(4.32)    # 72 mL/min x 60 / 1000


def test_clonazepam_kinetics_agree_with_independent_published_values():
    drug = drugs.clonazepam()
    # volume: V/F = CL/F x t1/2 / ln2 = 218 L, about 3.1 L/kg at 70 kg; the Swiss label gives 3 L/kg
    assert drug.volume_over_f_l / 70 == pytest.approx(data.value("clonazepam.volume_of_distribution_l_per_kg"),
                                                      rel=0.1)
    # absorption: the tmax-derived ka matches the measured absorption half-life of 24 min (ka = 1.73 per h)
    ka_measured = math.log(2) / (data.value("clonazepam.absorption_half_life_min") / 60)
    assert drug.ka_per_h == pytest.approx(ka_measured, rel=0.1)
    # once-daily accumulation with the study's 40 h half-life: 1/(1 - 0.5**0.6) = 2.94; the label says 3-fold
    assert pk.accumulation_ratio(data.value("clonazepam.half_life_sc2005_h"), 24) == pytest.approx(
        data.value("clonazepam.accumulation_once_daily_fold"), rel=0.05)


def test_clonazepam_steady_state_trough_matches_the_swiss_label():
    # 2 mg three times daily: mean pre-dose steady-state level 55 ng/mL
    drug = drugs.clonazepam()
    doses = [(8.0 * i, 2.0) for i in range(3 * 14)]
    trough = pk.concentration_ng_ml([24 * 14 - 0.01], doses, drug)[0]
    assert trough == pytest.approx(data.value("clonazepam.trough_2mg_tid_ng_ml"), rel=0.1)


def test_emax_effect_hand_values():
    assert sedation.emax_effect(10.0, 10.0) == pytest.approx(0.5)
    assert sedation.emax_effect(30.0, 10.0, hill=2) == pytest.approx(0.9)       # 900 / (900 + 100)
    assert sedation.emax_effect(0.0, 10.0) == 0.0
    assert np.allclose(sedation.emax_effect([10.0, 30.0], 10.0), [0.5, 0.75])
    assert isinstance(sedation.emax_effect(5.0, 10.0), float)


def test_additive_combination_rules():
    assert sedation.combine(0.5, 0.5) == pytest.approx(0.75)                    # 0.5 + 0.5 - 0.25
    assert sedation.combine(0.2, 0.0) == pytest.approx(0.2)
    assert sedation.combine(0.5, 0.7, rule="sum") == 1.0                         # capped
    assert sedation.combine(0.2, 0.3, rule="sum") == pytest.approx(0.5)
    a, b = np.array([0.1, 0.6]), np.array([0.3, 0.6])
    assert np.allclose(sedation.combine(a, b), [0.37, 0.84])
    assert np.all(sedation.combine(a, b) >= np.maximum(a, b))
    assert np.all(sedation.combine(a, b) <= sedation.combine(a, b, rule="sum"))


@pytest.mark.parametrize("call, message", [
    (lambda: sedation.emax_effect(1.0, 0.0), "ec50_ng_ml must be > 0 ng/mL"),
    (lambda: sedation.emax_effect(1.0, 5.0, hill=0.01), "hill must be ≥ 0.1"),
    (lambda: sedation.emax_effect(-1.0, 5.0), "conc_ng_ml must be ≥ 0"),
    (lambda: sedation.emax_effect(float("nan"), 5.0), "conc_ng_ml must contain only finite"),
    (lambda: sedation.combine(1.2, 0.1), "between 0 and 1"),
    (lambda: sedation.combine(0.2, 0.1, rule="synergy"), "rule must be one of"),
    (lambda: sedation.schedule(15, 24, 2), "clock_h must be < 24"),
    (lambda: sedation.schedule(-1, 22, 2), "dose_mg must be ≥ 0 mg"),
    (lambda: sedation.schedule(15, 22, 0), "days must be > 0 days"),
    (lambda: sedation.ec50_at_reference(drugs.clonazepam(), 0), "reference_daily_dose_mg must be > 0"),
    (lambda: sedation.waking_mean([0, 1], [0.1], 0), "same length"),
    (lambda: sedation.waking_mean([0.0, 1.0], [0.1, 0.2], 3), "no time points"),
    (lambda: sedation.waking_mean([0.0, 1.0], [0.1, 0.2], 0, (22, 8)), "end later than start"),
    (lambda: drugs.course_day(15, 22, 0.5, "teenager"), "patient must be one of"),
])
def test_model_refuses_bad_input_clearly(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_schedule_and_reference_ec50():
    assert sedation.schedule(0, 22, 3) == []
    assert sedation.schedule(15, 22, 2) == [(22.0, 15.0), (46.0, 15.0)]
    # mirtazapine's EC50 sits at the average steady-state level of 15 mg/day: 15 x 1.48 = 22.2 ng/mL
    setting = drugs.course_setting()
    assert setting.ec50_mirtazapine_ng_ml == pytest.approx(15 * 1.48)
    # clonazepam's at 1 mg/day: 1000 / (4.32 x 24) = 9.645 ng/mL
    assert setting.ec50_clonazepam_ng_ml == pytest.approx(1000 / (4.32 * 24))


def test_a_usual_dose_alone_gives_about_half_maximal_sedation_at_steady_state():
    setting = drugs.course_setting()
    t = np.arange(0, 24 * 21, 0.5)
    day = sedation.simulate(t, sedation.schedule(15, 22, 21), setting.mirtazapine["typical adult"],
                            setting.ec50_mirtazapine_ng_ml, [], setting.clonazepam, setting.ec50_clonazepam_ng_ml,
                            setting.hill)
    last = t >= 24 * 20
    assert day.conc_a[last].mean() == pytest.approx(setting.ec50_mirtazapine_ng_ml, rel=0.02)
    assert 0.4 < day.effect_a[last].mean() < 0.6
    assert np.all(day.conc_b == 0) and np.allclose(day.combined, day.effect_a)


def test_the_course_scenarios_behave_as_the_chapter_says():
    s = ch3.waking_sedation
    bedtime, morning = 22.0, 8.0
    assert s(15, morning, 0.5) > s(15, bedtime, 0.5)                         # seed 001's timing is worse
    doses = [s(15, bedtime, c) for c in ch3.clonazepam_doses()]
    assert doses == sorted(doses) and doses[-1] > doses[0] + 0.2              # clonazepam adds
    assert s(15, bedtime, 0.5, ch3.ELDERLY) > s(15, bedtime, 0.5)           # slower clearance
    assert s(15, bedtime, 0.5, "hepatic impairment") > s(15, bedtime, 0.5)
    assert s(7.5, bedtime, 0.5, ch3.ELDERLY) < s(15, bedtime, 0.5, ch3.ELDERLY)
    assert s(15, bedtime, 0.5, day=2) < s(15, bedtime, 0.5)                   # accumulation over the week
    assert s(15, bedtime, 0.5, day=0) == 0.0                                  # first dose is at bedtime


# ---- widgets and tables ------------------------------------------------------------------------


# the generic checks of every figure (steps, menus, live updates) are in test_views.py


def test_sedation_explorer_shape():
    e = ch3.sedation_explorer()
    assert e.slider.values == [0.0] + data.value("clonazepam.tablet_strengths_mg")
    assert len(e.menu.values) == 5
    assert all(len(e.traces(e.slider.default, m)) == 6 for m in e.menu.values)
    shapes = e.figure_dict()["layout"]["shapes"]
    assert len(shapes) == data.value("model.ch3_simulated_days")   # one waking band a day
    assert "teaching model" in e.title.lower() and "not dosing advice" in e.caption


def bib_years() -> dict:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    out = {}
    for key, body in re.findall(r"@\w+\{([^,]+),(.*?)\n\}", text, flags=re.S):
        year = re.search(r"year\s*=\s*\{(\d{4})\}", body)
        out[key.strip()] = int(year.group(1)) if year else None
    return out


def test_every_evidence_point_is_cited_dated_and_filled_from_facts():
    years = bib_years()
    for e in ch3.EVIDENCE:
        assert e.source in years, e.label
        assert e.year is None or e.year == years[e.source], e.label
        assert e.design in ch3.DESIGNS and e.direction in (-1, 0, 1)
        assert "[[" not in e.finding_text()
        for fid in re.findall(r"\[\[([a-z0-9_.\-]+)", e.finding):
            data.fact(fid)                                     # every number names a fact
    treats = [e for e in ch3.EVIDENCE if e.direction == 1]
    assert [e.design for e in treats] == ["commercial page"]   # no study supports the shop page
    assert ch3.EVIDENCE[8].n == data.value("rls.kim2008.n")


def test_year_slider_hides_later_sources():
    early = ch3.evidence_points("cohort studies", 2005)
    assert all(np.isnan(y) for y in early["y"])
    late = ch3.evidence_points("cohort studies", 2025)
    assert not any(np.isnan(y) for y in late["y"])


def test_claims_table_has_all_nine_claims_with_verdicts_and_sources():
    facts = ch3.claim_facts()
    assert [f.id.split(".")[1][0] for f in facts] == list("abcdefghi")
    table = ch3.claims_table()
    rows = [r for r in table.plain.splitlines() if re.match(r"\| [a-i] \|", r)]
    assert len(rows) == 9
    for f, row in zip(facts, rows):
        assert f"**{f.value}**" in row and cw_render(f"[[cite:{f.source}]]") in row
    assert "{cite:p}`klonopin_uspi`" in cw_render(table.template, "myst")


def test_evidence_table_numbers_its_rows_like_the_map():
    rows = [r for r in ch3.evidence_table().plain.splitlines() if re.match(r"\| \d+ \|", r)]
    assert len(rows) == len(ch3.EVIDENCE)
    assert "| 9 | (Kim et al. 2008) |" in rows[8] and "14 of 181" in rows[8]


# ---- exercises -----------------------------------------------------------------------------------
CH3 = registry.chapter("ch3")
NUMERIC = ["ch3.rls-incidence", "ch3.bridging-nnt", "ch3.clonazepam-css"]


def test_bank_is_large_and_well_formed():
    assert len(CH3) >= 6
    for ex in CH3:
        assert ex.objective and ex.prompt and ex.hints and ex.points > 0 and ex.solution, ex.id
        for hint in ex.hint_texts():
            assert "{" not in hint, ex.id
        assert "{" not in ex.solution_text(), ex.id
        assert ex.id in self_check_html(ex)


VERDICT_WORDS = {"WRONG": "wrong", "MISLEADING": "misleading", "UNSUPPORTED": "unsupported", "CORRECT": "correct"}


@pytest.mark.parametrize("fact", ch3.claim_facts(), ids=lambda f: f.id)
def test_each_claim_exercise_expects_the_verdict_in_the_data(fact):
    letter = fact.id.split(".")[1][0]
    ex = next(e for e in CH3 if e.id.startswith(f"ch3.claim-{letter}-"))
    expected = {VERDICT_WORDS[w] for w in re.findall(r"[A-Z]{5,}", fact.value) if w in VERDICT_WORDS}
    assert {ex.options[i] for i in ex.correct} == expected
    right = ex.judge(", ".join(sorted(expected)))
    assert right.status == "correct" and fact.get("evidence") in right.message
    for i, option in enumerate(ex.options):
        if i not in ex.correct:
            fb = ex.judge(option)
            assert fb.status in ("incorrect", "partial") and fb.score < ex.points
            assert fb.message == ex.option_feedback[i] or ex.option_feedback[i] in fb.message


def test_rls_claim_gives_partial_credit_for_half_the_verdict():
    ex = registry.get("ch3.claim-e-rls")
    half = ex.judge("wrong")
    assert half.status == "partial" and 0 < half.score < ex.points
    assert ex.judge("wrong, unsupported").status == "correct"


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_numeric_default_and_two_seeds_each_graded_against_their_own_answer(exercise_id):
    ex = registry.get(exercise_id)
    assert ex.judge(f"{ex.expected():.4g}").status == "correct"
    seeds = [s for s in range(1, 60) if ex.params(s) != ex.params(1)]
    a, b = ex.params(1), ex.params(seeds[0])
    ans_a, ans_b = ex.expected(a), ex.expected(b)
    assert not math.isclose(ans_a, ans_b, rel_tol=0.05)
    assert ex.judge(f"{ans_a:.4g}", a).status == "correct"
    assert ex.judge(f"{ans_a:.4g}", b).status != "correct"
    assert ex.judge(f"{ans_b:.4g}", b).status == "correct"
    assert ex.params(1) == a


def test_numeric_answers_by_hand():
    assert registry.get("ch3.rls-incidence").expected() == pytest.approx(100 * 14 / 181)   # 7.73%
    assert registry.get("ch3.bridging-nnt").expected() == pytest.approx(100 / 37)           # 2.70
    assert registry.get("ch3.bridging-nnt").expected({"week": 3, "comb": 63, "sert": 32}) == pytest.approx(
        nnt_from_rates(63, 32))
    css = registry.get("ch3.clonazepam-css")
    assert css.expected() == pytest.approx(1.5 / (4.32 * 24) * 1000)                       # 14.47 ng/mL
    assert css.judge("0.01447 mg/L").status == "correct"                                    # units convert


@pytest.mark.parametrize("exercise_id, answer, words", [
    ("ch3.rls-incidence", f"{100 * 14 / 167:.2f}", "odds"),
    ("ch3.rls-incidence", "8", "one decimal"),
    ("ch3.rls-incidence", f"{100 * 167 / 181:.1f}", "did not develop RLS"),
    ("ch3.rls-incidence", "0.0773", "looks like a fraction"),
    ("ch3.bridging-nnt", f"{100 / 41:.2f}", "only the combination arm"),
    ("ch3.bridging-nnt", "37", "percentage points"),
    ("ch3.clonazepam-css", f"{1.5 / (72 * 24) * 1000:.3f}", "mL/min"),
    ("ch3.clonazepam-css", f"{1.5 / 4.32 * 1000:.0f}", "over 24 h"),
])
def test_misconceptions_get_their_message(exercise_id, answer, words):
    fb = registry.get(exercise_id).judge(answer)
    assert fb.status == "incorrect" and words in fb.message


WRONG_UNIT = {"ch3.rls-incidence": "5 mg", "ch3.bridging-nnt": "3 mg", "ch3.clonazepam-css": "14 mg"}


@pytest.mark.parametrize("exercise_id", NUMERIC)
@pytest.mark.parametrize("bad", ["", "abc", "NaN", "1e309", "wrong unit"])
def test_bad_input_is_invalid_and_not_an_attempt(exercise_id, bad):
    session = exercises.start("ch3")
    fb = session.judge(exercise_id, WRONG_UNIT[exercise_id] if bad == "wrong unit" else bad)
    assert fb.status == "invalid" and fb.message and not fb.counted
    assert session.attempts.get(exercise_id, 0) == 0


def test_ordering_of_sources():
    ex = registry.get("ch3.rank-evidence")
    shown = ex.presented()
    letters = "ABCDEF"
    right = ", ".join(letters[shown.index(item)] for item in ex.items)
    assert ex.judge(right).status == "correct"
    assert ex.judge(", ".join(reversed(right.split(", ")))).score == 0
    assert ex.judge("A, B").status == "invalid"


def test_choice_exercises_accept_the_answer_and_explain_wrong_ones():
    plan = registry.get("ch3.bridging-plan")
    assert plan.judge("A").status == "correct"
    assert "early" in plan.judge("B").message
    morning = registry.get("ch3.morning-sedation")
    assert morning.judge("A").status == "correct"
    assert "swings" in morning.judge("C").message
    lower = registry.get("ch3.lower-dose")
    assert lower.judge("A, B, C").status == "correct"
    partial = lower.judge("A, B")
    assert partial.status == "partial"
    assert lower.judge("D").score == 0 and "clears both drugs normally" in lower.judge("D").message


def test_morning_sedation_feedback_matches_the_model():
    from exercises.bank import ch3 as bank

    assert bank.IN_MORNING > bank.AT_NIGHT
    assert bank.AT_NIGHT == pytest.approx(ch3.waking_sedation(15, 22, 0.5))
    assert f"{bank.AT_NIGHT:.2f}" in registry.get("ch3.morning-sedation").option_feedback[0]
