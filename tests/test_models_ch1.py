"""Chapter 1 models against published values and hand calculations; inputs refused clearly."""
import math

import numpy as np
import pytest

from widgets import data
from widgets.models import occupancy as occ
from widgets.models import pk, synapse


def test_occupancy_formula():
    assert occ.occupancy(1.0, 1.0) == pytest.approx(0.5)
    assert occ.occupancy(9.0, 1.0) == pytest.approx(0.9)
    assert occ.occupancy(0.0, 3.0) == 0.0
    assert np.allclose(occ.occupancy([1, 3], 1.0), [0.5, 0.75])
    assert occ.conc_for_occupancy(0.9, 2.0) == pytest.approx(18.0)


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
    assert occ.free_fraction("mirtazapine") == pytest.approx(0.15)


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
    drug = pk.mirtazapine()
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
    single = pk.concentration_ng_ml(t, [(0.0, 15.0)], pk.mirtazapine())
    assert t[single.argmax()] == pytest.approx(2.0, abs=0.02)


def test_patient_groups_follow_the_cited_changes():
    groups = pk.mirtazapine_patients()
    assert groups["woman"].half_life_h == 37 and groups["man"].half_life_h == 26
    assert groups["elderly man"].clearance_over_f_l_per_h == pytest.approx(
        0.6 * groups["man"].clearance_over_f_l_per_h)
    assert groups["severe renal impairment"].half_life_h == pytest.approx(2 * groups["typical adult"].half_life_h)


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
    (lambda: pk.absorption_rate_from_tmax(100, 30), "tmax_h must be ≤ 48 h"),
    (lambda: pk.absorption_rate_from_tmax(40, 20), "too late"),
    (lambda: pk.concentration_ng_ml([1.0], [(0, -15)], pk.mirtazapine()), "doses must be ≥ 0"),
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


def test_mirtazapine_raises_release_but_not_reuptake_and_ssri_the_reverse():
    drugs = synapse.course_drugs()
    mirt = synapse.synapse_response(drugs["mirtazapine"], [30.0], 0.5, 0.3, 0.8)
    ssri = synapse.synapse_response(drugs["SSRI (fluoxetine)"], [20.0], 0.5, 0.3, 0.8)
    assert mirt["NA release"][0] > 1.2 and mirt["synaptic NA"][0] == pytest.approx(mirt["NA release"][0], rel=0.02)
    assert ssri["NA release"][0] == 1.0 and ssri["synaptic 5-HT"][0] > 2
    # the SSRI model reproduces the PET anchor: 80% SERT occupancy at 20 mg
    assert drugs["SSRI (fluoxetine)"].occupancies([20.0])["SERT"][0] == pytest.approx(0.8)
    # mianserin inhibits NET more than mirtazapine does
    assert drugs["mianserin"].occupancies([60.0])["NET"][0] > 5 * drugs["mirtazapine"].occupancies([60.0])["NET"][0]
