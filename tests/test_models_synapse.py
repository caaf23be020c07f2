"""The synapse model's feedback loops against the observations they stand for, and its derivation by hand."""
import numpy as np
import pytest

from widgets import ch2, data, drugs
from widgets.models import mechanisms, synapse


def _ssri_occ(days=0.0):
    sert = drugs.course_drugs()[drugs.SSRI].occupancies(20.0)["SERT"]
    return {"alpha2": 0.0, "NET": 0.0, "SERT": float(sert)}


def test_ssri_lowers_firing_acutely_and_firing_recovers_over_two_to_three_weeks():
    """Czachura & Rasmussen 2000: back to baseline over 14–21 days; Chaput 1986: marked fall on day 2,
    partial recovery at 7 days, complete at 14."""
    p = drugs.synapse_parameters()
    days = np.array([0.0, 2.0, 7.0, 14.0, 21.0])
    firing = synapse.response(_ssri_occ(), p, days)["raphe firing"]
    low, high = data.value("ssri.raphe_firing_recovery_days")
    assert firing[0] < 0.7 and firing[1] < 0.8                 # marked reduction at first
    assert firing[1] < firing[2] < firing[3] < firing[4]      # steady recovery, no overshoot
    assert 1 - firing[2] > 0.1                                 # only partial at a week
    assert firing[3] > 0.95 and firing[4] > 0.98               # essentially back by day 14–21
    assert np.all(firing <= 1.0)
    # the time constant is a labelled teaching assumption, not a measurement
    fact = data.fact("model.autoreceptor_desensitisation_days")
    assert fact.source == data.TEACHING_SOURCE and fact.status == "U"
    assert low <= 3 * fact.value <= high                       # 95 % recovered inside the rat window


def test_synaptic_5ht_is_release_rate_times_residence_time():
    """T_ss = R/k: the product holds for any firing, release per impulse and SERT occupancy."""
    p = drugs.synapse_parameters()
    rng = np.random.default_rng(0)
    for _ in range(20):
        occ = {"alpha2": rng.uniform(0, 0.9), "NET": rng.uniform(0, 0.9), "SERT": rng.uniform(0, 0.85)}
        day = rng.uniform(0, 40)
        r = synapse.response(occ, p, day)
        residence = 1 / (1 - p.clearance_fraction * occ["SERT"])
        assert r["synaptic 5-HT"] == pytest.approx(r["raphe firing"] * r["5-HT release per impulse"] * residence)


def test_alpha2_antagonist_has_both_arms():
    """de Boer & Ruigt 1995: noradrenergic facilitation of raphe firing (α1) and terminal α2 disinhibition."""
    p = drugs.synapse_parameters()
    blocked = {"alpha2": 0.5, "NET": 0.0, "SERT": 0.0}
    r = synapse.response(blocked, p)
    assert r["raphe firing"] > 1 and r["5-HT release per impulse"] > 1
    no_alpha1 = synapse.response(blocked, drugs.synapse_parameters(alpha1_facilitation=0.0))
    assert no_alpha1["raphe firing"] == pytest.approx(1.0)
    assert r["synaptic 5-HT"] > no_alpha1["synaptic 5-HT"]


def test_alpha2_antagonist_offsets_the_ssri_feedback_at_first():
    p = drugs.synapse_parameters()
    ssri = _ssri_occ()
    both = dict(ssri, alpha2=0.4)
    for day in (0.0, 3.0):
        alone = synapse.response(ssri, p, day)
        combo = synapse.response(both, p, day)
        assert combo["raphe firing"] > alone["raphe firing"]
        assert combo["synaptic 5-HT"] > alone["synaptic 5-HT"]
    # with desensitisation complete the SSRI alone reaches its full residence-time gain
    late = synapse.response(ssri, p, 60.0)["synaptic 5-HT"]
    assert late == pytest.approx(1 / (1 - p.clearance_fraction * ssri["SERT"]), rel=1e-4)


def test_ssri_ed50_follows_from_the_pet_facts():
    plateau = data.value("ssri.sert_occupancy_plateau_pct")
    low, high = data.value("ssri.sert_occupancy_min_dose_pct")
    mean_at_min_dose = 80.0   # Meyer 2004: mean about 80 % at minimum therapeutic doses (fact note)
    assert low <= mean_at_min_dose <= high
    assert drugs.ssri_ed50_mg() == pytest.approx(20 * (plateau / mean_at_min_dose - 1))


def test_sert_curve_never_passes_the_pet_plateau():
    ssri = drugs.course_drugs()[drugs.SSRI]
    occ = ssri.occupancies(np.linspace(0, 1000, 101))["SERT"]
    assert occ.max() <= drugs.ssri_max_occupancy() and occ.max() < 0.9
    after = mechanisms.sert_occupancy_after_stopping([0.0], 60, drugs.ssri_ed50_mg(), 9.3, drugs.ssri_max_occupancy())
    assert after[0] < 0.86


def test_feedback_explorer_shows_the_loop():
    e = ch2.feedback_explorer()
    tr = e.traces()
    alone = np.asarray(tr["raphe firing, SSRI alone"]["y"])
    combo = np.asarray(tr["raphe firing, SSRI + α2 antagonist"]["y"])
    assert alone[0] < 70 and alone[-1] > 99 and np.all(combo >= alone)
    none = e.traces(menu_value=e.menu.default, slider_value=0)
    np.testing.assert_allclose(none["synaptic 5-HT, SSRI + α2 antagonist"]["y"], none["synaptic 5-HT, SSRI alone"]["y"])


@pytest.mark.parametrize("call, message", [
    (lambda: synapse.feedback_remaining([-1], 5), "days must be ≥ 0 days"),
    (lambda: synapse.feedback_remaining([1], 0), "desensitisation_days must be > 0 days"),
    (lambda: synapse.raphe_firing_relative(1.2, 0, 0.6, 5), "sert_occupancy must be ≤ 1"),
    (lambda: synapse.raphe_firing_relative(0.8, 0, "0.6", 5), "acute_suppression must be a number"),
    (lambda: synapse.raphe_firing_relative(0.8, 0, 0.6, 5, float("nan")), "na_release_rel must contain only finite"),
    (lambda: mechanisms.sert_occupancy_after_stopping([1], 20, 1.25, 9, 1.5), "max_occupancy must be ≤ 1"),
])
def test_feedback_model_refuses_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
