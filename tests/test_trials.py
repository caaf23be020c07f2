"""Tests for widgets.models.trials: hand-computed values, published examples, bad inputs."""
import dataclasses
import math

import numpy as np
import pytest
from scipy import stats

from widgets.models.trials import (
    change_score_effect, change_score_sd, cohens_d, grim_denominators, grim_mean, grim_percent,
    mean_difference_ci, nnt_from_rates, number_needed_to_treat, risk_difference,
)

Z95 = 1.959963984540054  # normal 97.5th percentile


def wilson(k, n, z=Z95):
    """Closed-form Wilson score interval (no continuity correction), independent of scipy."""
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


# --- risk difference ---------------------------------------------------------------


def test_risk_difference_point_estimate():
    # 21/32 = 0.65625, 14/38 = 0.368421..., difference 0.287829
    rd = risk_difference(21, 32, 14, 38)
    assert rd.estimate == pytest.approx(0.287829, abs=1e-6)
    assert (rd.p_a, rd.p_b) == (pytest.approx(0.65625), pytest.approx(14 / 38))
    assert "Newcombe" in rd.method


# Newcombe RG (1998) Stat Med 17:873-890, Table II, method 10 (hybrid score, no CC).
@pytest.mark.parametrize("ea, na, eb, nb, lo, hi", [
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (0, 10, 0, 10, -0.2775, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
    (10, 10, 0, 10, 0.6075, 1.0000),
])
def test_newcombe_matches_published_examples(ea, na, eb, nb, lo, hi):
    rd = risk_difference(ea, na, eb, nb)
    assert rd.ci_low == pytest.approx(lo, abs=6e-5)
    assert rd.ci_high == pytest.approx(hi, abs=6e-5)


def test_newcombe_matches_closed_form_wilson():
    la, ua = wilson(21, 32)
    lb, ub = wilson(14, 38)
    pa, pb = 21 / 32, 14 / 38
    rd = risk_difference(21, 32, 14, 38)
    assert rd.ci_low == pytest.approx(pa - pb - math.hypot(pa - la, ub - pb), abs=1e-12)
    assert rd.ci_high == pytest.approx(pa - pb + math.hypot(ua - pa, pb - lb), abs=1e-12)


def test_wald_option():
    # se = sqrt(.8*.2/70 + .6*.4/80) = sqrt(0.00528571) = 0.0727029; half = 1.959964*se = 0.142495
    rd = risk_difference(56, 70, 48, 80, method="wald")
    assert rd.ci_low == pytest.approx(0.057505, abs=1e-6)
    assert rd.ci_high == pytest.approx(0.342495, abs=1e-6)
    assert "Wald" in rd.method
    assert risk_difference(10, 10, 0, 10, method="wald").ci_high == 1.0  # clipped, not 1.0 + 0


def test_confidence_level_changes_width():
    narrow, wide = risk_difference(56, 70, 48, 80, 0.80), risk_difference(56, 70, 48, 80, 0.99)
    assert wide.ci_low < narrow.ci_low < 0.2 < narrow.ci_high < wide.ci_high


# --- NNT ------------------------------------------------------------------------------


def test_nnt_clear_benefit():
    nnt = number_needed_to_treat(21, 32, 14, 38)
    rd = nnt.risk_difference
    assert nnt.estimate == pytest.approx(1 / 0.287829, abs=1e-4)  # 3.474
    assert round(nnt.estimate, 3) == 3.474
    assert not nnt.crosses_zero and nnt.harm_range is None
    assert nnt.benefit_range == (pytest.approx(1 / rd.ci_high), pytest.approx(1 / rd.ci_low))
    assert nnt.benefit_bound == pytest.approx(1 / rd.ci_high)
    assert nnt.describe() == (f"NNTB 3.5 (95% CI: NNTB {1 / rd.ci_high:.1f} to {1 / rd.ci_low:.1f})")


def test_nnt_ci_crossing_zero_is_disjoint_union():
    # RD = 12/40 - 9/41 = 0.3 - 0.219512 = 0.080488 -> NNTB 12.4
    nnt = number_needed_to_treat(12, 40, 9, 41)
    lo, hi = nnt.risk_difference.ci_low, nnt.risk_difference.ci_high
    assert lo < 0 < hi and nnt.crosses_zero
    assert nnt.estimate == pytest.approx(1 / (0.3 - 9 / 41))
    assert nnt.benefit_range == (pytest.approx(1 / hi), math.inf)
    assert nnt.harm_range == (pytest.approx(-1 / lo), math.inf)
    assert (nnt.benefit_bound, nnt.harm_bound) == (pytest.approx(1 / hi), pytest.approx(-1 / lo))
    assert nnt.describe() == f"NNTB 12.4 (95% CI: NNTB {1 / hi:.1f} to ∞ to NNTH {-1 / lo:.1f})"


def test_nnt_harm_and_bad_outcomes():
    harm = number_needed_to_treat(5, 40, 25, 41)  # fewer responders on treatment
    assert harm.estimate < 0 and harm.benefit_range is None and not harm.crosses_zero
    assert harm.describe().startswith("NNTH ")
    # the same counts as relapses (bad outcome): now it is a benefit of the same size
    good = number_needed_to_treat(5, 40, 25, 41, outcome="bad")
    assert good.estimate == pytest.approx(-harm.estimate)
    assert good.benefit_range == pytest.approx(harm.harm_range)
    assert good.describe().startswith("NNTB ")


def test_nnt_no_difference_is_infinite():
    nnt = number_needed_to_treat(10, 40, 10, 40)
    assert nnt.estimate == math.inf and nnt.crosses_zero
    assert nnt.describe().startswith("NNT ∞ (95% CI: NNTB ")


def test_nnt_from_rates():
    assert nnt_from_rates(42, 30) == pytest.approx(100 / 12)
    assert nnt_from_rates(20, 30) == pytest.approx(-10)
    assert nnt_from_rates(20, 30, outcome="bad") == pytest.approx(10)
    assert nnt_from_rates(30, 30) == math.inf


# --- continuous outcomes --------------------------------------------------------------


def test_cohens_d_equal_sds():
    # sp = 2, d = (10 - 8)/2 = 1; J = 1 - 3/(4*20 - 9) = 68/71 = 0.957746
    # SE = sqrt(20/100 + 1/40) = sqrt(0.225) = 0.474342; CI 1 -/+ 1.959964*0.474342 = 0.070307, 1.929693
    es = cohens_d(10, 2, 10, 8, 2, 10)
    assert es.d == pytest.approx(1.0) and es.pooled_sd == pytest.approx(2.0)
    assert es.g == pytest.approx(68 / 71)
    assert es.d_ci_low == pytest.approx(0.070307, abs=1e-6)
    assert es.d_ci_high == pytest.approx(1.929693, abs=1e-6)
    assert es.g_ci_low == pytest.approx(68 / 71 * 0.070307, abs=1e-6)


def test_cohens_d_unequal_sds_and_sign():
    # sp^2 = (9*9 + 11*16)/20 = 12.85, sp = 3.584690, d = 2/sp = 0.557928; J = 1 - 3/79 = 0.962025
    es = cohens_d(12, 3, 10, 10, 4, 12)
    assert es.pooled_sd == pytest.approx(math.sqrt(12.85))
    assert es.d == pytest.approx(0.557928, abs=1e-6)
    assert es.g == pytest.approx(0.557928 * 76 / 79, abs=1e-6)
    assert cohens_d(10, 4, 12, 12, 3, 10).d == pytest.approx(-es.d)


def test_welch_ci_matches_scipy_on_raw_data():
    rng = np.random.default_rng(7)
    a, b = rng.normal(10, 2, 11), rng.normal(8, 5, 23)
    md = mean_difference_ci(a.mean(), a.std(ddof=1), 11, b.mean(), b.std(ddof=1), 23)
    ref = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert (md.ci_low, md.ci_high) == (pytest.approx(ref.low), pytest.approx(ref.high))
    assert md.estimate == pytest.approx(a.mean() - b.mean())


def test_welch_se_and_df_by_hand():
    # va = 4/10 = 0.4, vb = 16/20 = 0.8; se = sqrt(1.2); df = 1.44/(0.16/9 + 0.64/19) = 27.9818
    md = mean_difference_ci(10, 2, 10, 8, 4, 20)
    assert md.se == pytest.approx(math.sqrt(1.2))
    assert md.df == pytest.approx(27.9818, abs=1e-4)
    assert md.ci_high - md.estimate == pytest.approx(stats.t.ppf(0.975, md.df) * math.sqrt(1.2))


def test_change_score_sd():
    assert change_score_sd(10, 12, 0.5) == pytest.approx(math.sqrt(100 + 144 - 10 * 12))  # sqrt(124)
    assert change_score_sd(8, 8, 1) == 0.0
    assert change_score_sd(10, 12, 0) == pytest.approx(math.hypot(10, 12))
    assert change_score_sd(10, 12, -1) == pytest.approx(22)
    assert change_score_sd(10, 12, 1) == pytest.approx(2)


def test_change_score_effect_by_hand():
    # changes -10 and -7, change SDs sqrt(25+25-25) = 5; MD = -3, se = sqrt(25/20*2) = 1.581139,
    # df = 38, t = 2.024394 -> CI -3 -/+ 3.200848; d = -3/5 = -0.6
    eff = change_score_effect(25, 5, 15, 5, 20, 25, 5, 18, 5, 20, correlation=0.5)
    assert (eff.mean_change_a, eff.mean_change_b, eff.sd_change_a) == (-10, -7, pytest.approx(5))
    md = eff.mean_difference
    assert md.estimate == pytest.approx(-3) and md.df == pytest.approx(38)
    assert md.ci_low == pytest.approx(-6.200848, abs=1e-6)
    assert md.ci_high == pytest.approx(0.200848, abs=1e-6)
    assert eff.smd.d == pytest.approx(-0.6)


def test_change_score_effect_moves_with_correlation():
    args = (25, 5, 15, 6, 20, 25, 5, 18, 6, 22)
    effs = [change_score_effect(*args, correlation=r) for r in (0.0, 0.3, 0.6, 0.9)]
    assert len({round(e.mean_difference.estimate, 12) for e in effs}) == 1  # MD does not depend on r
    widths = [e.mean_difference.ci_high - e.mean_difference.ci_low for e in effs]
    assert widths == sorted(widths, reverse=True)  # higher r -> smaller change SD -> narrower CI
    assert [abs(e.smd.d) for e in effs] == sorted(abs(e.smd.d) for e in effs)
    # the conclusion flips: CI includes 0 at r = 0 but excludes it at r = 0.9
    assert effs[0].mean_difference.ci_high > 0 > effs[-1].mean_difference.ci_high


# --- GRIM -------------------------------------------------------------------------------


def test_grim_impossible_percentage():
    res = grim_percent(48.5, 34)  # 16/34 = 47.06 %, 17/34 = 50.00 %
    assert not res.consistent and res.candidates == () and res.rule == "neither"
    assert res.nearest_below == (16, pytest.approx(47.0588235))
    assert res.nearest_above == (17, pytest.approx(50.0))


# 14/38 = 36.84 %; 21/32 = 65.625 % (not a tie at 1 dp); 3/16 = 18.75 % is a tie, but both rules give 18.8
@pytest.mark.parametrize("pct, n, k", [(36.8, 38, 14), (65.6, 32, 21), (18.8, 16, 3), (0, 7, 0), (100, 7, 7)])
def test_grim_possible_percentages(pct, n, k):
    res = grim_percent(pct, n)
    assert res.consistent and res.candidates == (k,) and res.rule == "half-up and half-even"


def test_grim_edges_have_no_neighbour_outside_range():
    assert grim_percent(0, 7).nearest_below is None and grim_percent(100, 7).nearest_above is None


def test_grim_rounding_rules_differ_on_exact_ties():
    # 1/16 = 6.25 % exactly: half-up gives 6.3, half-even gives 6.2; 1/80 = 1.25 % likewise
    assert grim_percent(6.3, 16).rule == "half-up only"
    assert grim_percent(6.2, 16).rule == "half-even only"
    assert grim_percent(1.3, 80).half_up == (1,) and grim_percent(1.3, 80).half_even == ()
    assert grim_percent(1.2, 80).half_even == (1,) and grim_percent(1.2, 80).half_up == ()


def test_grim_denominators_for_48_5():
    assert grim_denominators(48.5, 20, 110) == [
        (16, 33), (32, 66), (33, 68), (47, 97), (48, 99), (49, 101), (50, 103)]
    for k, n in grim_denominators(48.5, 20, 110):
        assert abs(100 * k / n - 48.5) <= 0.05


def test_grim_percent_large_n_has_many_candidates():
    res = grim_percent(48.5, 10000)  # 100k/n steps of 0.01 %: 4845..4854 all round to 48.5
    assert res.candidates == tuple(range(4845, 4855)) and res.consistent


def test_grim_mean():
    # 5.19 * 28 = 145.32; 145/28 = 5.1786 -> 5.18, 146/28 = 5.2143 -> 5.21
    res = grim_mean(5.19, 28)
    assert not res.consistent
    assert res.nearest_below == (145, pytest.approx(5.178571, abs=1e-6))
    assert res.nearest_above == (146, pytest.approx(5.214286, abs=1e-6))
    assert grim_mean(5.18, 28).candidates == (145,)
    assert grim_mean(3.45, 10, items=2).candidates == (69,)  # 69/20
    assert not grim_mean(3.47, 10, items=2).consistent  # 69/20 = 3.45, 70/20 = 3.50
    assert grim_mean(-1.25, 4).candidates == (-5,)
    assert grim_mean(5.19, 100).consistent  # n >= 10**decimals: GRIM cannot flag anything


# --- results are frozen; invalid input is rejected with a named parameter -----------------


def test_results_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        risk_difference(1, 2, 1, 2).estimate = 0


def test_error_message_format():
    with pytest.raises(ValueError) as err:
        number_needed_to_treat(1, -3, 1, 10)
    assert str(err.value) == "n_treat must be a whole number ≥ 1 patients; got -3"


@pytest.mark.parametrize("call, match", [
    (lambda: risk_difference(-1, 10, 1, 10), r"events_a must be a whole number ≥ 0 .*got -1"),
    (lambda: risk_difference(11, 10, 1, 10), r"events_a must be a whole number ≤ 10 patients \(n_a\) \(allowed: 0 to 10 patients\); got 11"),
    (lambda: number_needed_to_treat(3, 10, 12, 10), r"events_control .*≤ 10 patients \(n_control\)"),
    (lambda: risk_difference(0, 0, 1, 10), r"n_a must be a whole number ≥ 1"),
    (lambda: risk_difference(float("nan"), 10, 1, 10), r"events_a .*got nan"),
    (lambda: risk_difference(1, float("inf"), 1, 10), r"n_a .*got inf"),
    (lambda: cohens_d(float("1e309"), 1, 10, 0, 1, 10), r"mean_a must be a finite number"),
    (lambda: cohens_d(1, 1, 10, 0, 1, 10**400), r"n_b must be a whole number ≥ 2 and ≤|n_b must be a whole number ≥ 2 \(patients\); got 1000"),
    (lambda: number_needed_to_treat(True, 10, 1, 10), r"events_treat .*got True"),
    (lambda: cohens_d("5", 1, 10, 0, 1, 10), r"mean_a .*got '5'"),
    (lambda: number_needed_to_treat(2.5, 10, 1, 10), r"events_treat must be a whole number"),
    (lambda: nnt_from_rates(120, 30), r"rate_treat_pct must be ≤ 100 percent \(allowed: 0 to 100 percent\); got 120"),
    (lambda: grim_percent(120, 34), r"reported_pct .*\(allowed: 0 to 100 percent\)"),
    (lambda: change_score_sd(10, 12, 1.5), r"correlation must be ≤ 1 pre-post Pearson r \(allowed: -1 to 1"),
    (lambda: change_score_effect(25, 5, 15, 5, 20, 25, 5, 18, 5, 20, 1.5), r"correlation .*got 1.5"),
    (lambda: change_score_sd(-1, 12, 0.5), r"sd_baseline must be ≥ 0 outcome units; got -1"),
    (lambda: cohens_d(1, 1, 10, 0, 0, 10), r"sd_b must be > 0 outcome units; got 0"),
    (lambda: cohens_d(1, 1, 1, 0, 1, 10), r"n_a must be a whole number ≥ 2"),
    (lambda: mean_difference_ci(1, 1, 10, 0, 1, 10, confidence=1), r"confidence must be .*0 to 1"),
    (lambda: risk_difference(1, 10, 1, 10, method="exact"), r"method must be"),
    (lambda: grim_percent(48.53, 34), r"reported_pct has more than decimals=1"),
    (lambda: grim_percent(48.5, 34, decimals=-1),
     r"decimals must be a whole number ≥ 0 decimal places \(allowed: 0 to 10 decimal places\); got -1"),
    (lambda: grim_denominators(48.5, 50, 20), r"n_max must be a whole number ≥ 50"),
    (lambda: grim_mean(3.4, 10, items=0), r"items must be a whole number ≥ 1"),
    (lambda: change_score_effect(25, 5, 15, 5, 20, 25, 5, 18, 5, 20, 1), r"change-score SDs 0"),
])
def test_invalid_inputs_are_rejected(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_integral_floats_and_numpy_counts_are_accepted():
    assert risk_difference(21.0, np.int64(32), 14, 38).estimate == pytest.approx(0.287829, abs=1e-6)


def test_grim_half_up_rounds_negative_ties_away_from_zero():
    # -9/8 = -1.125 exactly: half-up (Decimal ROUND_HALF_UP) gives -1.13, half-even gives -1.12
    assert grim_mean(-1.13, 8).rule == "half-up only"
    assert grim_mean(-1.12, 8).rule == "half-even only"


def test_degenerate_wald_interval_does_not_cross_zero():
    nnt = number_needed_to_treat(0, 10, 0, 10, method="wald")  # Wald CI collapses to [0, 0]
    assert not nnt.crosses_zero and nnt.benefit_range is None and nnt.harm_range is None
    assert nnt.describe() == "NNT ∞ (95% CI: ∞)"


@pytest.mark.parametrize("events, n", [(0, 10), (3, 10), (10, 10), (14, 38), (21, 32), (56, 70)])
def test_wilson_interval_agrees_with_scipy(events, n):
    from scipy import stats

    from widgets.models.trials import wilson_interval

    low, high = stats.binomtest(events, n).proportion_ci(0.95, method="wilson")
    ours = wilson_interval(events, n, stats.norm.ppf(0.975))
    assert ours == pytest.approx((low, high), abs=1e-12)
