"""Chapter 4 (safety pharmacology): the computed values against hand arithmetic, the two figures, and every
exercise (right answer at the default and two seeds, wrong answers, each misconception, bad input)."""
import math
import re

import pytest

import exercises
import widgets as cw
from bookext import pages
from exercises import registry
from exercises.static import self_check_html
from widgets import ch4, computed, data
from helpers import ROOT

CH4 = registry.chapter("ch4")
NUMERIC = ["ch4.label-nnh", "ch4.dyscrasia-rate", "ch4.inducer-level"]
CHOICE = [e.id for e in CH4 if e.id not in NUMERIC]


# ---- computed values and figures -----------------------------------------------------------------------


def test_dyscrasia_rate_reproduces_the_label_counts_and_a_published_interval():
    # label: 2 agranulocytosis + 1 severe neutropenia in 2,796 patients
    assert computed.dyscrasia_trial_counts() == (3, 2796)
    rate, low, high = computed.per_1000_with_interval(3, 2796)
    assert rate == pytest.approx(1.0730, abs=1e-4)
    # Wilson 95 % interval, as scipy computes it
    from scipy.stats import binomtest
    ci = binomtest(3, 2796).proportion_ci(method="wilson")
    assert (low, high) == pytest.approx((1000 * ci.low, 1000 * ci.high), rel=1e-6)
    assert computed.get("computed.dyscrasia_trial_per_1000").value == \
        "1.07 per 1,000 (95 % CI 0.36 to 3.2; about 1 in 932)"


def test_mianserin_new_zealand_rates_per_1000():
    # 1 in 1,743 and 1 in 1,354
    assert computed.get("computed.mianserin_nz_per_1000").value == "0.57 to 0.74 per 1,000"
    assert computed.get("computed.mianserin_nz_per_1000").status == "V"


def test_interaction_arithmetic_follows_level_equals_dose_over_clearance():
    assert computed.get("computed.inducer_level_pct").value == "50 %"             # clearance x 2
    assert computed.get("computed.carbamazepine_max_dose_equivalent").value == "18 mg"   # 45 mg x 0.40
    assert computed.get("computed.ketoconazole_start_dose_equivalent").value == "22.5 mg"  # 15 mg x 1.50
    # the label's measured falls (-60 % carbamazepine, -45 % phenytoin) bracket the 2-fold prediction
    fold = data.value("safety.inducer_clearance_fold")
    predicted = 100 / fold - 100
    assert (data.value("mirtazapine.carbamazepine_level_change_pct") < predicted
            < data.value("mirtazapine.phenytoin_level_change_pct"))


def test_relative_level_is_linear_in_dose_and_scaled_by_the_interaction():
    assert ch4.relative_level_pct(15, 15) == pytest.approx(100)
    assert ch4.relative_level_pct(45, 15) == pytest.approx(300)
    assert ch4.relative_level_pct(30, 15, -50) == pytest.approx(100)


def test_interaction_figure_crossing_point_is_the_dose_that_restores_the_level():
    e = ch4.interaction_explorer()
    traces = e.traces(15, "carbamazepine (inducer)")
    x, with_cbz = list(traces.values())[1]
    target = ch4.relative_level_pct(15, 15)
    dose_needed = float(x[abs(with_cbz - target).argmin()])
    assert dose_needed == pytest.approx(15 / 0.4, abs=1.0)     # 37.5 mg on the 1 mg grid
    assert [m.split(" (")[0] for m in e.menu.values] == ["carbamazepine", "phenytoin", "ketoconazole", "cimetidine"]


def test_dyscrasia_figure_draws_the_label_count_and_both_new_zealand_estimates():
    e = ch4.dyscrasia_explorer()
    assert e.slider.default == 3
    traces = list(e.traces().values())
    mirt = traces[0]
    rate, plus, minus = mirt["y"][0], mirt["error_y"]["array"][0], mirt["error_y"]["arrayminus"][0]
    assert rate == pytest.approx(1.073, abs=1e-3)
    lo, hi = computed.per_1000_with_interval(3, 2796)[1:]
    assert (rate - minus, rate + plus) == pytest.approx((lo, hi))
    nz1 = traces[1]
    assert nz1["y"][0] == pytest.approx(1000 / 1354)
    assert (nz1["y"][0] - nz1["error_y"]["arrayminus"][0], nz1["y"][0] + nz1["error_y"]["array"][0]) == \
        pytest.approx((1000 / 3145, 1000 / 685))
    zero = list(e.traces(0).values())[0]
    assert zero["y"][0] == 0 and zero["error_y"]["arrayminus"][0] == 0 and zero["error_y"]["array"][0] > 0

def test_chapter_and_bank_agree_and_the_page_is_in_the_toc():
    source = "\n".join(p.read_text(encoding="utf-8") for p in pages.chapter_of("chapters/ch4_safety").sources())
    asked = re.findall(r'ex\.ask\("([^"]+)"\)', source)
    assert asked == [e.id for e in CH4]
    assert "chapters/ch4_safety" in (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "Education, not medical advice" in source and "## Summary" in source
    assert source.index("Learning objectives") < source.index("Education, not medical advice") < source.index("## 4.1")
    assert set(cw.explorers()) >= {"ch4.interaction_explorer", "ch4.dyscrasia_explorer"}


def test_unverified_us_status_of_mianserin_is_shown_as_unverified():
    assert data.fact("safety.mianserin_us_status").status == "U"
    assert "unverified" in cw.render("[[safety.mianserin_us_status]]")


# ---- exercises -------------------------------------------------------------------------------------------


def test_bank_is_well_formed():
    assert len(CH4) >= 6
    for ex in CH4:
        assert ex.objective and ex.prompt and ex.hints and ex.points > 0 and ex.solution, ex.id
        for text in ex.hint_texts() + [ex.solution_text(), ex.text()]:
            assert "{" not in text and "[[" not in text, ex.id
        assert ex.id in self_check_html(ex)


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_numeric_default_and_two_seeds_each_graded_against_their_own_answer(exercise_id):
    ex = registry.get(exercise_id)
    assert ex.judge(f"{ex.expected():.4g}").status == "correct"
    seeds = [s for s in range(1, 80) if not math.isclose(ex.expected(ex.params(s)), ex.expected(ex.params(1)),
                                                          rel_tol=0.05)]
    a, b = ex.params(1), ex.params(seeds[0])
    ans_a, ans_b = ex.expected(a), ex.expected(b)
    assert ex.judge(f"{ans_a:.4g}", a).status == "correct"
    assert ex.judge(f"{ans_a:.4g}", b).status != "correct"
    assert ex.judge(f"{ans_b:.4g}", b).status == "correct"
    assert ex.params(1) == a


def test_numeric_answers_by_hand():
    assert registry.get("ch4.label-nnh").expected() == pytest.approx(100 / (15 - 7))            # 12.5
    assert registry.get("ch4.label-nnh").expected({"drug": 2.0, "placebo": 0.3}) == pytest.approx(58.82, abs=0.01)
    assert registry.get("ch4.dyscrasia-rate").expected() == pytest.approx(1000 * 3 / 2796)    # 1.07
    assert registry.get("ch4.inducer-level").expected() == pytest.approx(50)
    assert registry.get("ch4.inducer-level").judge("50 %").status == "correct"


@pytest.mark.parametrize("exercise_id, params, answer, words", [
    ("ch4.label-nnh", None, f"{100 / 15:.1f}", "mirtazapine arm only"),
    ("ch4.label-nnh", None, "8", "percentage points"),
    ("ch4.dyscrasia-rate", None, f"{100 * 3 / 2796:.3f}", "per 100 patients"),
    ("ch4.dyscrasia-rate", None, f"{1000 * 2 / 2796:.2f}", "agranulocytosis only"),
    ("ch4.dyscrasia-rate", None, f"{2796 / 3:.0f}", "one in N"),
    ("ch4.inducer-level", None, "200", "level falls, not rises"),
    ("ch4.inducer-level", {"fold": 2.5}, "60", "how much the level falls"),
    ("ch4.inducer-level", None, "25", "not squared"),
    ("ch4.inducer-level", None, "0.5", "looks like a fraction"),
])
def test_misconceptions_get_their_message(exercise_id, params, answer, words):
    ex = registry.get(exercise_id)
    fb = ex.judge(answer, ex.params() if params is None else {**ex.params(), **params})
    assert fb.status == "incorrect" and words in fb.message and fb.score == 0


@pytest.mark.parametrize("exercise_id, wrong", [
    ("ch4.label-nnh", "40"), ("ch4.dyscrasia-rate", "3"), ("ch4.inducer-level", "75"),
])
def test_plain_wrong_numeric_answer_is_incorrect(exercise_id, wrong):
    fb = registry.get(exercise_id).judge(wrong)
    assert fb.status == "incorrect" and fb.score == 0 and "Hint" in fb.message


WRONG_UNIT = {"ch4.label-nnh": "12 mg", "ch4.dyscrasia-rate": "1 mg", "ch4.inducer-level": "50 mg"}


@pytest.mark.parametrize("exercise_id", NUMERIC)
@pytest.mark.parametrize("bad", ["", "abc", "NaN", "1e309", "-1", "wrong unit"])
def test_bad_input_is_invalid_and_not_an_attempt(exercise_id, bad):
    session = exercises.start("ch4")
    fb = session.judge(exercise_id, WRONG_UNIT[exercise_id] if bad == "wrong unit" else bad)
    assert fb.status == "invalid" and fb.message and not fb.counted
    assert session.attempts.get(exercise_id, 0) == 0


@pytest.mark.parametrize("exercise_id", CHOICE)
def test_choice_right_answer_and_feedback_for_every_wrong_option(exercise_id):
    ex = registry.get(exercise_id)
    letters = "ABCDEFGH"
    right = ", ".join(letters[i] for i in ex.correct)
    assert ex.judge(right).status == "correct" and ex.judge(right).score == ex.points
    for i in range(len(ex.options)):
        if i in ex.correct:
            continue
        fb = ex.judge(letters[i])
        assert fb.status in ("incorrect", "partial") and fb.score < ex.points
        assert ex.option_feedback[i] in fb.message
    for bad in ["", "Z", "7"]:
        assert ex.judge(bad).status == "invalid"


def test_choice_feedback_carries_the_sourced_reason():
    maoi = registry.get("ch4.maoi-combination")
    assert "linezolid" in maoi.judge("A").message and "14 days" in maoi.judge("A").message
    assert "54%" in maoi.judge("B").message                    # cimetidine AUC, a PK interaction
    sodium = registry.get("ch4.sodium-check")
    assert sodium.judge("A").status == "partial"                # half of a multiple answer
    assert sodium.judge("A, C").score == 0                      # a wrong pick cancels a right one
    assert "24 years" in registry.get("ch4.suicidality-age").judge("C").message
    assert "Clonazepam is not serotonergic" in registry.get("ch4.benzo-older-adult").judge("C").message
    assert registry.get("ch4.suicidality-age").judge("A, B").status == "invalid"   # one option only
