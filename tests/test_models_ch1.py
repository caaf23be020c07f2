"""Chapter 1 models against published values and hand calculations; inputs refused clearly."""
import math

import numpy as np
import pytest

from widgets import data, drugs
from widgets.models import occupancy as occ
from widgets.models import pk, synapse


def test_occupancy_formula():
    assert occ.occupancy(1.0, 1.0) == pytest.approx(0.5)
    assert occ.occupancy(9.0, 1.0) == pytest.approx(0.9)
    assert occ.occupancy(0.0, 3.0) == 0.0
    assert np.allclose(occ.occupancy([1, 3], 1.0), [0.5, 0.75])


@pytest.mark.parametrize("kwargs, message", [
    ({"conc_free_nm": -1, "ki_nm": 1}, "conc_free_nm must be ≥ 0"),
    ({"conc_free_nm": 1, "ki_nm": 0}, "ki_nm must be > 0 nM"),
    ({"conc_free_nm": 1, "ki_nm": float("nan")}, "ki_nm must be a finite number"),
    ({"conc_free_nm": 1, "ki_nm": True}, "ki_nm must be a number"),
    ({"conc_free_nm": [1, float("inf")], "ki_nm": 1}, "conc_free_nm must contain only finite"),
])
def test_occupancy_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        occ.occupancy(**kwargs)


def test_unit_conversion_ng_ml_to_nm_uses_the_cited_molar_mass():
    mw = data.value("mirtazapine.molar_mass_g_per_mol")
    # the RELIS extrapolation: 60 mg/day -> mean 67 ng/mL = 252 nmol/L
    assert float(occ.ng_ml_to_nm(67.0, mw)) == pytest.approx(252, rel=0.01)
    assert occ.unbound_fraction(data.value("mirtazapine.protein_binding_pct")) == pytest.approx(0.15)
    with pytest.raises(ValueError, match=r"protein_binding_pct must be ≤ 100 % \(allowed: 0 to 100 %\); got 120"):
        occ.unbound_fraction(120)


def test_label_half_life_range_gives_four_to_six_days_to_steady_state():
    low, high = data.fact("mirtazapine.half_life_h").value
    # 90% of steady state after 3.32 half-lives: 2.8 to 5.5 days; the label says 4-6 days (~97% at 5 t½)
    assert pk.time_to_steady_state_h(low, 0.9) / 24 == pytest.approx(2.77, abs=0.01)
    assert 5 * low / 24 >= 4 and 5 * high / 24 <= 8.4
    assert pk.time_to_steady_state_h(30, 0.5) == pytest.approx(30)


def test_accumulation_ratio_hand_calculation_and_simulation_agree():
    # t½ 30 h, τ 24 h: R = 1/(1 - 0.5**0.8) = 2.349
    assert pk.accumulation_ratio(30, 24) == pytest.approx(2.3493, abs=1e-4)
    drug = pk.OralDrug("test", 30, 28.0, 2)
    doses = [(24.0 * i, 15.0) for i in range(40)]
    first = pk.concentration_ng_ml([23.9], doses[:1], drug)[0]
    late = pk.concentration_ng_ml([24 * 39 + 23.9], doses, drug)[0]
    assert late / first == pytest.approx(pk.accumulation_ratio(30, 24), rel=0.01)


def test_simulated_average_matches_dose_over_clearance():
    drug = drugs.mirtazapine()
    t = np.arange(24 * 20, 24 * 21, 0.25)
    conc = pk.concentration_ng_ml(t, [(24.0 * i, 30.0) for i in range(21)], drug)
    assert conc.mean() == pytest.approx(pk.steady_state_average_ng_ml(30, 24, drug), rel=0.01)
    # calibrated on the TDM ratio: 1.48 ng/mL per mg/day
    assert pk.steady_state_average_ng_ml(30, 24, drug) == pytest.approx(30 * 1.48, rel=1e-6)


def test_absorption_rate_reproduces_label_tmax():
    ka = pk.absorption_rate_from_tmax(2.0, 30)
    ke = math.log(2) / 30
    assert math.log(ka / ke) / (ka - ke) == pytest.approx(2.0, abs=1e-6)
    t = np.linspace(0, 12, 1201)
    single = pk.concentration_ng_ml(t, [(0.0, 15.0)], drugs.mirtazapine())
    assert t[single.argmax()] == pytest.approx(2.0, abs=0.02)


def test_patient_groups_follow_the_cited_changes():
    groups = drugs.mirtazapine_patients()
    base = groups["typical adult"]
    exposure = {k: base.clearance_over_f_l_per_h / g.clearance_over_f_l_per_h for k, g in groups.items()}
    # women and the elderly: dose-corrected levels +18% and +27% (TDM), V/F kept so t½ follows
    assert exposure["woman"] == pytest.approx(1 + data.value("mirtazapine.tdm_women_cd_ratio_change_pct") / 100)
    assert exposure["elderly (over 65)"] == pytest.approx(1.27)
    assert groups["woman"].volume_over_f_l == pytest.approx(base.volume_over_f_l)
    assert groups["woman"].half_life_h == pytest.approx(base.half_life_h * 1.18)
    assert groups["hepatic impairment"].half_life_h > base.half_life_h


def test_renal_failure_raises_exposure_but_not_the_half_life():
    """Bengtsson 1998: t½ unchanged (36.3 ± 8.1 h overall) while AUC rose and oral clearance fell."""
    groups = drugs.mirtazapine_patients()
    base = groups["typical adult"]
    for name, change in (("moderate renal impairment", "mirtazapine.renal_moderate_clearance_change_pct"),
                         ("severe renal impairment", "mirtazapine.renal_severe_clearance_change_pct")):
        g = groups[name]
        assert g.half_life_h == pytest.approx(base.half_life_h)
        factor = 1 + data.value(change) / 100
        assert g.clearance_over_f_l_per_h == pytest.approx(base.clearance_over_f_l_per_h * factor)
        assert g.volume_over_f_l == pytest.approx(base.volume_over_f_l * factor)
    severe = groups["severe renal impairment"]
    assert pk.steady_state_average_ng_ml(30, 24, severe) == pytest.approx(2 * pk.steady_state_average_ng_ml(30, 24, base))
    # same time course: the simulated level reaches the same share of its own steady state on each day
    t = np.array([24.0 * d + 23.9 for d in range(6)])
    doses = [(24.0 * i, 15.0) for i in range(6)]
    share = [pk.concentration_ng_ml(t, doses, g) / pk.concentration_ng_ml([24 * 29 + 23.9], [(24.0 * i, 15.0) for i in range(30)], g)[0]
             for g in (base, severe)]
    np.testing.assert_allclose(share[0], share[1], rtol=1e-9)


def test_the_old_constant_volume_rule_would_have_doubled_the_renal_half_life():
    """The planted defect this issue fixed: keeping V/F with a halved CL/F gives t½ × 2 (about 60 h)."""
    base = drugs.mirtazapine()
    wrong = base.with_clearance_change(-50, "V kept", half_life_change_pct=None)
    assert wrong.half_life_h == pytest.approx(2 * base.half_life_h)
    with pytest.raises(TypeError):
        base.with_clearance_change(-50, "no rule stated")   # the caller must say what the source reports


def test_typical_adult_reproduces_the_label_accumulation_and_time_to_steady_state():
    drug = drugs.mirtazapine()
    ratio = data.value("mirtazapine.accumulation_ratio_label")
    assert pk.accumulation_ratio(drug.half_life_h, 24) == pytest.approx(ratio, abs=0.2)
    # simulated once-daily dosing: trough after 30 days over trough after the first dose
    doses = [(24.0 * i, 15.0) for i in range(30)]
    troughs = pk.concentration_ng_ml([24.0 * d + 23.99 for d in range(30)], doses, drug)
    assert troughs[-1] / troughs[0] == pytest.approx(1.5, abs=0.2)
    share = troughs / troughs[-1]
    label_days = data.value("mirtazapine.steady_state_label_days")
    assert share[label_days - 1] >= 0.97          # by the end of day 5: at least 97 % of steady state
    assert share[1] >= 0.85 and share[0] < 0.7    # and visibly accumulating before that
    # the terminal half-life, shown as a fact, is not what the model runs on: it would over-predict
    low, high = data.value("mirtazapine.half_life_h")
    assert pk.accumulation_ratio(low, 24) > ratio + 0.2
    assert drug.half_life_h < low


def test_effective_half_life_inverts_the_accumulation_ratio():
    for t in (5.0, 15.14, 30.0, 100.0):
        assert pk.effective_half_life_h(pk.accumulation_ratio(t, 24), 24) == pytest.approx(t)
    assert pk.effective_half_life_h(1.5, 24) == pytest.approx(24 * math.log(2) / math.log(3))
    # R = 1.3 and 1.7 bracket the half-life at about 11 and 19 h (the ± 0.2 of the test above)
    assert pk.effective_half_life_h(1.3, 24) == pytest.approx(11.3, abs=0.1)
    assert pk.effective_half_life_h(1.7, 24) == pytest.approx(18.8, abs=0.1)
    with pytest.raises(ValueError, match=r"accumulation_ratio must be > 1 ratio"):
        pk.effective_half_life_h(1.0, 24)


def test_titration_schedule():
    doses = pk.titration([15, 30, 45], step_days=14, total_days=42)
    assert len(doses) == 42 and doses[0] == (22.0, 15.0)
    assert [d for _, d in doses[:14]] == [15.0] * 14 and doses[14][1] == 30.0 and doses[-1][1] == 45.0
    with pytest.raises(ValueError, match="step_days"):
        pk.titration([15], step_days=0, total_days=7)
    with pytest.raises(ValueError, match="at least one dose"):
        pk.titration([], step_days=7, total_days=7)


@pytest.mark.parametrize("call, message", [
    (lambda: pk.accumulation_ratio(-5, 24), "half_life_h must be > 0"),
    (lambda: pk.accumulation_ratio(30, 0), "interval_h must be > 0"),
    (lambda: pk.time_to_steady_state_h(30, 1.0), "never reached exactly"),
    (lambda: pk.OralDrug("x", 30, float("inf"), 2), "clearance_over_f_l_per_h must be a finite"),
    (lambda: pk.absorption_rate_from_tmax(100, 30), r"tmax_h must be ≤ 48 h \(allowed: 0 to 48 h\); got 100"),
    (lambda: pk.accumulation_ratio("30 h", 24), r"half_life_h must be a number \(h\); got '30 h'"),
    (lambda: pk.accumulation_ratio(1e309, 24), "half_life_h must be a finite number"),
    (lambda: drugs.mirtazapine().with_clearance_change(-99, "x", half_life_change_pct=0), "change_pct must be ≥ -95 %"),
    (lambda: pk.absorption_rate_from_tmax(40, 20), "too late"),
    (lambda: pk.concentration_ng_ml([1.0], [(0, -15)], drugs.mirtazapine()), "doses must be ≥ 0"),
])
def test_pk_refuses_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_synapse_brake_bounds_the_gain():
    assert synapse.release_relative(0.0, 0.5) == pytest.approx(1.0)
    assert synapse.release_relative(1.0, 0.5) == pytest.approx(2.0)  # 1/(1 - b)
    assert synapse.synaptic_relative(1.0, 0.0, 0.8) == pytest.approx(1.0)
    assert synapse.synaptic_relative(1.0, 1.0, 0.8) == pytest.approx(5.0)
    with pytest.raises(ValueError, match="antagonist_occupancy must be ≤ 1"):
        synapse.release_relative(1.5, 0.5)


def test_mirtazapine_raises_release_and_the_ssri_lowers_firing_at_first():
    course = drugs.course_drugs()
    p = drugs.synapse_parameters()
    mirt = synapse.synapse_response(course["mirtazapine"], [30.0], p)
    ssri = synapse.synapse_response(course["SSRI (fluoxetine)"], [20.0], p)
    assert mirt["NA release"][0] > 1.1 and mirt["synaptic NA"][0] == pytest.approx(mirt["NA release"][0], rel=0.02)
    assert mirt["raphe firing"][0] > 1.0                       # NA → α1 → raphe firing
    assert ssri["NA release"][0] == 1.0 and ssri["raphe firing"][0] < 0.7   # 5-HT1A feedback on day 0
    assert ssri["synaptic 5-HT"][0] > 1.2
    # the SSRI curve reproduces the PET anchor (80% at 20 mg) and never passes the plateau
    occ20 = course["SSRI (fluoxetine)"].occupancies([20.0, 80.0, 1000.0])["SERT"]
    assert occ20[0] == pytest.approx(0.8)
    assert occ20.max() < data.value("ssri.sert_occupancy_plateau_pct") / 100 + 1e-9 and occ20.max() < 0.94
    # mianserin inhibits NET more than mirtazapine does
    assert course["mianserin"].occupancies([60.0])["NET"][0] > 5 * course["mirtazapine"].occupancies([60.0])["NET"][0]


def test_models_run_on_the_verified_alpha2_constants():
    course = drugs.course_drugs()
    assert course["mirtazapine"].alpha2_ki_nm == data.affinity("mirtazapine", "alpha2_rat").affinity_nm == 100
    assert course["mianserin"].alpha2_ki_nm == data.affinity("mianserin", "alpha2_human_brain").affinity_nm == 73
    assert data.affinity("mirtazapine", "alpha2_rat").status == "V"
    # the figure: about 20% α2 occupancy at 30 mg with the verified constant, 56% with the recalled one
    free = drugs.free_nm_per_mg("mirtazapine")
    assert occ.occupancy(30 * free, 100) == pytest.approx(0.20, abs=0.01)
    assert occ.occupancy(30 * free, data.ki_nm("mirtazapine", "alpha2A")) == pytest.approx(0.56, abs=0.01)
    # every menu entry says whether its constant was verified, and says it truthfully
    for choice in drugs.ALPHA2_CHOICES:
        status = data.affinity(choice.drug, choice.target).status
        assert choice.verified == (status in ("V", "V2")), choice
        assert ("unverified" in choice.label) == (not choice.verified)


def test_no_recalled_affinity_is_cited_to_a_source_nobody_read():
    for a in data.affinities():
        assert a.source != "pdsp_kidb_recalled", a
        if a.source == "course_recalled_affinities":
            assert a.status == "U" and "not read" in a.where


def test_models_are_pure():
    """Models take plain numbers: they never read the data files or branch on a drug's name."""
    import pathlib
    import re

    for path in sorted(pathlib.Path(pk.__file__).parent.glob("*.py")):
        src = path.read_text(encoding="utf-8")
        assert not re.search(r"from \.\. import data|widgets\.data|import data\b", src), path.name
        assert not re.search(r"==\s*[\"'](mirtazapine|mianserin|fluoxetine|clonazepam)", src), path.name
