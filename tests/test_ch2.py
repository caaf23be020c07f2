"""Chapter 2: mechanism models, the seed table's re-analysis, the four widgets and the exercise bank."""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from exercises import registry
from exercises.core import Choice, FreeText, Numeric
from widgets import ch2, data, drugs
from widgets.text import render
from widgets.models import mechanisms, synapse, trials

ROOT = Path(__file__).resolve().parents[1]


# ---- facts added for this chapter ------------------------------------------------------------------
def test_chapter_facts_are_cited_and_tagged():
    facts = yaml.safe_load((ROOT / "widgets" / "data" / "facts-ch2.yaml").read_text(encoding="utf-8"))["facts"]
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    for fid, entry in facts.items():
        assert entry["status"] in ("V", "V2", "U"), fid
        assert re.search(r"@\w+\{" + re.escape(entry["source"]) + ",", bib), f"{fid}: {entry['source']} not in bib"
        assert data.fact(fid).value == entry["value"]
    assert data.fact("model.prepost_correlation").source == data.TEACHING_SOURCE


# ---- mechanisms model --------------------------------------------------------------------------------
def test_combined_occupancy_is_competitive():
    assert mechanisms.combined_occupancy(0.5, 0.5) == pytest.approx(2 / 3)
    assert mechanisms.combined_occupancy(0.8) == pytest.approx(0.8)
    assert mechanisms.combined_occupancy(0.8, 0.0) == pytest.approx(0.8)
    # x = 4 and x = 1: (4 + 1)/(1 + 5)
    assert mechanisms.combined_occupancy(0.8, 0.5) == pytest.approx(5 / 6)


@pytest.mark.parametrize("bad", [(), (1.0,), (-0.1,), (float("nan"),), ("a",)])
def test_combined_occupancy_refuses_bad_input(bad):
    with pytest.raises(ValueError):
        mechanisms.combined_occupancy(*bad)


def _model_params():
    return drugs.synapse_parameters()


def test_combination_reduces_to_each_drug_alone():
    course = drugs.course_drugs()
    ssri, mianserin = course["SSRI (fluoxetine)"], course["mianserin"]
    doses = np.array([0.0, 30.0, 60.0, 90.0])
    alone = synapse.synapse_response(mianserin, doses, _model_params())
    no_ssri = mechanisms.combination_response(ssri, 0, mianserin, doses, _model_params())
    for key in ("NA release", "5-HT release", "synaptic NA", "synaptic 5-HT"):
        np.testing.assert_allclose(no_ssri[key], alone[key])
    ssri_only = synapse.synapse_response(ssri, np.array([20.0]), _model_params())
    combo = mechanisms.combination_response(ssri, 20, mianserin, np.array([0.0]), _model_params())
    assert combo["synaptic 5-HT"][0] == pytest.approx(ssri_only["synaptic 5-HT"][0])


def test_combination_multiplies_release_and_clearance_by_hand():
    course = drugs.course_drugs()
    p = _model_params()
    ssri, mianserin = course["SSRI (fluoxetine)"], course["mianserin"]
    o_sert = drugs.ssri_max_occupancy() * 20 / (20 + drugs.ssri_ed50_mg())
    conc = 60 * mianserin.free_nm_per_mg
    o_a2 = conc / (conc + mianserin.alpha2_ki_nm)
    na = (1 - p.autoreceptor_brake * (1 - o_a2)) / (1 - p.autoreceptor_brake)
    firing = (1 - p.acute_firing_suppression * o_sert) * (1 + p.alpha1_facilitation * (na - 1))   # day 0
    per_impulse = (1 - p.heteroreceptor_brake * (1 - o_a2)) / (1 - p.heteroreceptor_brake)
    combo = mechanisms.combination_response(ssri, 20, mianserin, np.array([60.0]), p)
    assert combo["synaptic 5-HT"][0] == pytest.approx(firing * per_impulse / (1 - p.clearance_fraction * o_sert))
    assert combo["SERT occupancy"][0] == pytest.approx(o_sert)


def test_combination_refuses_bad_ssri_dose():
    course = drugs.course_drugs()
    with pytest.raises(ValueError, match="ssri_dose_mg"):
        mechanisms.combination_response(course["SSRI (fluoxetine)"], -5, course["mianserin"], [10.0],
                                        _model_params())


def test_washout_by_half_lives():
    np.testing.assert_allclose(mechanisms.remaining_fraction([0, 9.3, 18.6], 9.3), [1, 0.5, 0.25])
    # at steady state 20 mg with ED50 5 mg: 80%; one half-life later the level acts like 10 mg: 10/15
    occ = mechanisms.sert_occupancy_after_stopping([0, 8.0], 20, 5, 8.0)
    np.testing.assert_allclose(occ, [0.8, 2 / 3])
    # occupancy falls more slowly than the level (saturating curve)
    t = np.array([7.0, 14.0, 21.0])
    assert np.all(mechanisms.sert_occupancy_after_stopping(t, 20, 5, 9.3) / 0.8 >
                  mechanisms.remaining_fraction(t, 9.3))


@pytest.mark.parametrize("kwargs", [dict(t_days=[-1], half_life_days=9), dict(t_days=[1], half_life_days=0),
                                    dict(t_days=[1], half_life_days=float("inf"))])
def test_washout_refuses_bad_input(kwargs):
    with pytest.raises(ValueError):
        mechanisms.remaining_fraction(**kwargs)
    with pytest.raises(ValueError, match="ed50_mg"):
        mechanisms.sert_occupancy_after_stopping([1], 20, 0, 9)


# ---- the seed table and its re-analysis ---------------------------------------------------------------
def test_seed_table_values_and_internal_consistency():
    arms = ch2.seed_arms()
    assert [a.n for a in arms.values()] == [38, 34, 32]
    assert sum(a.n for a in arms.values()) == data.value("seed.ferreri_table.total_n")
    for a in arms.values():
        assert a.baseline_mean - a.week6_mean == pytest.approx(a.mean_decrease, abs=1e-9)
    assert "all three agree" in ch2.decrease_check().plain


def test_grim_verdicts_match_the_fact_sheet():
    assert ch2.derived_count(36.8, 38) == 14
    assert ch2.derived_count(65.6, 32) == 21
    assert ch2.derived_count(48.5, 34) is None
    assert ch2.nearest_consistent_denominator(48.5, 34) == (16, 33)
    # facts.md section 3: denominators 20-110 that give 48.5%
    assert trials.grim_denominators(48.5, 20, 110) == [(16, 33), (32, 66), (33, 68), (47, 97), (48, 99),
                                                        (49, 101), (50, 103)]
    table = ch2.grim_table().plain
    assert "16/34 = 47.06%; 17/34 = 50.00%" in table and table.count("consistent") == 2


def test_carpenter_arm_sizes_are_the_only_split_that_fits():
    fits = [n for n in range(2, 25) if trials.grim_percent(64, n, 0).consistent
            and trials.grim_percent(20, 26 - n, 0).consistent and trials.grim_percent(13.3, 26 - n).consistent]
    assert fits == [data.value("trials.carpenter2002.n_mirtazapine_derived")]
    assert 26 - fits[0] == data.value("trials.carpenter2002.n_placebo_derived")
    assert "truncated rather than rounded" in render("[[computed.carpenter_remission_rounding|bare]]")


def test_comparisons_hand_computed():
    comps = {c.key: c for c in ch2.comparisons()}
    rd, lo, hi = comps["seed-combo-vs-continue"].rd_points()
    assert rd == pytest.approx(100 * (21 / 32 - 14 / 38))
    assert lo < rd < hi
    assert comps["seed-switch-vs-continue"].counts_text() == "16/33 vs 14/38"
    assert comps["carpenter"].counts_text() == "7/11 vs 3/15"
    licht = comps["licht-mianserin"]
    assert not licht.has_counts and licht.rd_points() == (-3.0, None, None)
    assert "no CI" in licht.nnt_text() and "NNTH 33.3" in licht.nnt_text()
    assert "to ∞ to NNTH" in comps["seed-switch-vs-continue"].nnt_text()


def test_effect_sizes_hand_computed():
    # pooled SD of the week-6 scores: sqrt((37*7.9^2 + 31*7.0^2)/68) = 7.5031
    d = ch2.seed_endpoint_smd("fluoxetine_plus_mianserin").d
    assert d == pytest.approx((16.1 - 10.8) / math.sqrt((37 * 7.9**2 + 31 * 7.0**2) / 68))
    # change SD of the continue arm at r = 0.5: sqrt(3^2 + 7.9^2 - 2*0.5*3*7.9) = 6.9072
    e = ch2.seed_change_smd("fluoxetine_plus_mianserin", 0.5)
    assert e.sd_change_a == pytest.approx(6.9072, abs=1e-4)
    assert e.mean_difference.estimate == pytest.approx(4.6)
    # MIR: (19.7 - 18.0)/pooled SD(12.3, 12.4) = 0.1377
    assert ch2.mir_endpoint_smd().d == pytest.approx(0.1377, abs=1e-4)
    gs = [ch2.seed_change_smd("fluoxetine_plus_mianserin", r).smd.g for r in (0, 0.5, 0.9)]
    assert gs == sorted(gs)  # a higher assumed r inflates the standardised change effect


def test_tables_render_with_citations():
    for table in (ch2.seed_table(), ch2.grim_table(), ch2.reanalysis_table(), ch2.change_score_table(),
                  ch2.washout_table(), ch2.evidence_table()):
        assert "{cite:p}`" in render(table.template, "myst")            # the book cites with roles
        assert "{cite" not in table.markdown and " 20" in table.markdown  # Lab: author–year text (a link once published)
        assert "{cite" not in table.plain
    assert "Licht" not in ch2.reanalysis_table("seed").plain
    assert "Seed:" not in ch2.reanalysis_table("other").plain


# ---- widgets -----------------------------------------------------------------------------------------------
# the generic checks of every figure (steps, menus, live updates) are in test_views.py


def test_grim_widget_shows_which_n_fit():
    traces = ch2.grim_explorer().traces(34, "switch_mianserin")
    verdict = next(v for k, v in traces.items() if k.startswith("verdict"))
    by_n = dict(zip(verdict["y"], verdict["text"]))
    assert by_n[34] == "✗ none" and by_n[33] == "✓ 16/33"
    fit = next(v for k, v in traces.items() if k.startswith("k/n that round"))
    assert fit["y"] == [33]


def test_trial_widget_slider_moves_only_seed_change_rows():
    explorer = ch2.trial_explorer()
    low = explorer.traces(0, "seed-combo-vs-continue")
    high = explorer.traces(0.9, "seed-combo-vs-continue")
    key = next(k for k in low if k.startswith("depression score"))
    a, b = np.array(low[key]["x"]), np.array(high[key]["x"])
    assert a[0] < b[0] and a[1] < b[1]
    np.testing.assert_allclose(a[2:], b[2:])


# ---- exercises ---------------------------------------------------------------------------------------------
EXERCISES = registry.chapter("ch2")
NUMERIC = [e for e in EXERCISES if isinstance(e, Numeric)]
CHOICE = [e for e in EXERCISES if isinstance(e, Choice)]


def test_bank_size_and_metadata():
    assert len(EXERCISES) >= 6
    for ex in EXERCISES:
        assert ex.objective and ex.hints and ex.solution and ex.points > 0
        ex.text(), ex.hint_texts(), ex.solution_text()
    assert {e.id for e in NUMERIC} >= {"ch2.nnt-response", "ch2.effect-size", "ch2.grim-denominator"}


@pytest.mark.parametrize("ex", NUMERIC, ids=lambda e: e.id)
def test_numeric_default_and_variants(ex):
    default = ex.params()
    assert ex.judge(ex.expected(default), default).status == "correct"
    variants = [ex.params(seed) for seed in (1, 2)]
    assert variants[0] != default or variants[1] != default
    for p in variants:
        ex.text(p), ex.hint_texts(p), ex.solution_text(p)
        assert ex.judge(str(ex.expected(p)), p).status == "correct"
    if not math.isclose(ex.expected(variants[0]), ex.expected(variants[1]), rel_tol=0.05, abs_tol=0.5):
        assert ex.judge(ex.expected(variants[1]), variants[0]).status == "incorrect"


@pytest.mark.parametrize("ex", NUMERIC, ids=lambda e: e.id)
def test_numeric_misconceptions_rejected_with_message(ex):
    p = ex.params()
    for m in ex.misconceptions:
        wrong = m.value(p)
        if math.isclose(wrong, ex.expected(p), rel_tol=ex.rel_tol, abs_tol=ex.abs_tol):
            continue
        fb = ex.judge(wrong, p)
        assert fb.status == "incorrect" and fb.message == render(m.message, params=p), (ex.id, wrong, fb)


@pytest.mark.parametrize("ex", NUMERIC, ids=lambda e: e.id)
@pytest.mark.parametrize("bad", ["", "abc", "nan", "1e309", "5 mg"])
def test_numeric_bad_input_is_invalid(ex, bad):
    assert ex.judge(bad).status == "invalid"


def test_default_answers_hand_computed():
    get = registry.get
    assert get("ch2.nnt-response").expected() == pytest.approx(1 / (0.656 - 0.368))
    assert get("ch2.effect-size").expected() == pytest.approx(0.7064, abs=1e-4)
    assert get("ch2.change-sd").expected() == pytest.approx(math.sqrt(9 + 7.9**2 - 2 * 0.5 * 3 * 7.9))
    assert get("ch2.grim-denominator").expected() == 33
    assert get("ch2.switch-washout").expected() == pytest.approx(100 * 0.5 ** (14 / 9.3))
    assert get("ch2.nnt-response").judge("4").message.startswith("Rounding up")


@pytest.mark.parametrize("seed", range(25))
def test_grim_variants_are_impossible_at_n_and_unambiguous(seed):
    ex = registry.get("ch2.grim-denominator")
    p = ex.params(seed)
    assert not trials.grim_percent(p["pct"], p["n"]).consistent
    answer = int(ex.expected(p))
    assert trials.grim_percent(p["pct"], answer).consistent
    assert abs(answer - p["n"]) == 1


@pytest.mark.parametrize("ex", CHOICE, ids=lambda e: e.id)
def test_choice_right_wrong_and_invalid(ex):
    letters = "ABCDEFGHIJ"
    right = ", ".join(letters[i] for i in ex.correct)
    assert ex.judge(right).status == "correct"
    wrong = next(i for i in range(len(ex.options)) if i not in ex.correct)
    fb = ex.judge(letters[wrong])
    assert fb.status in ("incorrect", "partial")
    if wrong in ex.option_feedback:
        assert ex.option_feedback[wrong] in fb.message
    for bad in ("", "Z", "abc"):
        assert ex.judge(bad).status == "invalid"


def test_free_text_records_and_refuses_short_answers():
    ex = registry.get("ch2.weigh-evidence")
    assert isinstance(ex, FreeText) and len(ex.rubric) >= 4
    assert ex.judge("too short").status == "invalid"
    assert ex.judge("").status == "invalid"
    assert ex.judge(" ".join(["word"] * ex.min_words)).status == "recorded"
