"""Auto- and heteroreceptor feedback at monoamine synapses, with the raphe's 5-HT1A loop (a teaching model).

Why this shape. In a terminal field the extracellular transmitter level T obeys

    dT/dt = R − k·T,     so at steady state     T_ss = R / k = R × (1/k),

release rate R times mean residence time 1/k (clearance first-order, i.e. uptake well below its Km).

* R = raphe firing × release per impulse. α2 heteroreceptors on 5-HT terminals (and α2 autoreceptors on
  NA terminals) brake release per impulse; an α2 antagonist lifts that brake (:func:`release_relative`).
* The transporter carries a share u of k; blocking a fraction O of it gives k(1 − u·O), so residence time
  rises by 1 / (1 − u·O) (:func:`residence_time_relative`).
* Firing is not fixed. Extra 5-HT around raphe cell bodies activates somatodendritic 5-HT1A
  autoreceptors: an SSRI given acutely *lowers* firing, and firing recovers as those autoreceptors
  desensitise over about two to three weeks in rats (Chaput 1986; Czachura & Rasmussen 2000). Blocking α2
  receptors raises noradrenaline, which drives raphe firing through α1 receptors on 5-HT cell bodies
  (de Boer & Ruigt 1995) (:func:`raphe_firing_relative`).

So the effects of an α2 antagonist and an SSRI multiply because the level *is* a product of a release
term and a residence term, not because of how this code is arranged; and the SSRI's own feedback
shrinks its gain at first, which the α2 antagonist's extra drive partly offsets. The brakes, the size and
time course of the feedback and the α1 gain are teaching assumptions (``model.*`` facts), not measurements;
release per impulse and clearance also interact in the brain (terminal 5-HT1B autoreceptors), and uptake
saturates. The course's drug numbers are bound in ``widgets/drugs.py``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .occupancy import occupancy
from .validate import array, fraction_array, number


def release_relative(antagonist_occupancy, brake_fraction: float):
    """Release per impulse relative to rest when α2 receptors are blocked: (1 − b(1 − O)) / (1 − b).

    Parameters
    ----------
    antagonist_occupancy : float or array_like
        α2 occupancy by the antagonist, fraction 0–1.
    brake_fraction : float
        Share b of release suppressed by α2 receptors at rest, 0 to 0.95 (teaching assumption).

    Returns
    -------
    numpy.ndarray
        Release relative to rest; full blockade gives 1 / (1 − b), never more.

    References
    ----------
    deboer1988

    Examples
    --------
    >>> release_relative([0, 1], 0.5)
    array([1., 2.])
    """
    b = number("brake_fraction", brake_fraction, "fraction 0–1", 0, 0.95)
    o = fraction_array("antagonist_occupancy", antagonist_occupancy)
    return (1 - b * (1 - o)) / (1 - b)


def residence_time_relative(transporter_occupancy, clearance_fraction: float):
    """Mean residence time of released transmitter relative to rest: 1 / (1 − u·O).

    Parameters
    ----------
    transporter_occupancy : float or array_like
        Transporter (SERT or NET) occupancy, fraction 0–1.
    clearance_fraction : float
        Share u of clearance carried by the transporter, 0 to 0.99 (teaching assumption).

    Returns
    -------
    numpy.ndarray
        Residence time relative to rest (≥ 1).

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> residence_time_relative([0, 0.5], 0.8)
    array([1.        , 1.66666667])
    """
    u = number("clearance_fraction", clearance_fraction, "fraction 0–1", 0, 0.99)
    return 1 / (1 - u * fraction_array("transporter_occupancy", transporter_occupancy))


def synaptic_relative(release_rel, transporter_occupancy, clearance_fraction: float):
    """Steady-state synaptic level relative to rest: release rate × residence time (T_ss = R / k).

    Parameters
    ----------
    release_rel : float or array_like
        Release rate relative to rest (firing × release per impulse), ≥ 0.
    transporter_occupancy : float or array_like
        Transporter occupancy, fraction 0–1.
    clearance_fraction : float
        Share of clearance carried by the transporter, 0 to 0.99.

    Returns
    -------
    numpy.ndarray
        Synaptic level relative to rest.

    References
    ----------
    course_teaching_models

    Examples
    --------
    >>> round(float(synaptic_relative(2.0, 0.5, 0.8)), 3)   # doubled release × 5/3 residence time
    3.333
    """
    residence = residence_time_relative(transporter_occupancy, clearance_fraction)
    return array("release_rel", release_rel, "relative to rest", 0) * residence


def feedback_remaining(days, desensitisation_days: float):
    """Share of the acute 5-HT1A autoreceptor feedback still working after ``days`` of treatment: e^(−t/τ).

    Parameters
    ----------
    days : float or array_like
        Days since the SSRI was started, ≥ 0.
    desensitisation_days : float
        Time constant τ of desensitisation (days), > 0 and ≤ 365 (teaching assumption).

    Returns
    -------
    numpy.ndarray
        Fraction 0–1.

    References
    ----------
    chaput1986, czachura2000

    Examples
    --------
    >>> np.round(feedback_remaining([0, 7, 14, 21], 5), 2)
    array([1.  , 0.25, 0.06, 0.01])
    """
    t = array("days", days, "days", 0)
    tau = number("desensitisation_days", desensitisation_days, "days", 0, 365, low_inclusive=False)
    return np.exp(-t / tau)


def raphe_firing_relative(sert_occupancy, days, acute_suppression: float, desensitisation_days: float,
                          na_release_rel=1.0, alpha1_facilitation: float = 0.0):
    """Raphe 5-HT firing relative to rest: (1 − s·O_SERT·e^(−t/τ)) × (1 + f·(NA − 1)).

    Parameters
    ----------
    sert_occupancy : float or array_like
        SERT occupancy, fraction 0–1 (held constant over the days: a simplification).
    days : float or array_like
        Days of treatment, ≥ 0.
    acute_suppression : float
        Share s of firing silenced on day 0 per unit SERT occupancy, 0–1 (teaching assumption).
    desensitisation_days : float
        Time constant τ of 5-HT1A desensitisation (days).
    na_release_rel : float or array_like
        Noradrenaline release relative to rest reaching the raphe (1 = unchanged), ≥ 0.
    alpha1_facilitation : float
        Share f of a relative NA rise passed on to firing through α1 receptors, 0–2 (teaching assumption).

    Returns
    -------
    numpy.ndarray
        Firing relative to rest.

    References
    ----------
    czachura2000, chaput1986, hajos1995, deboer1995ruigt

    Examples
    --------
    >>> np.round(raphe_firing_relative(0.8, [0, 21], 0.6, 5), 2)          # SSRI alone: falls, recovers
    array([0.52, 0.99])
    >>> np.round(raphe_firing_relative(0.8, [0, 21], 0.6, 5, 1.6, 0.5), 2)  # with α2 blockade (NA × 1.6)
    array([0.68, 1.29])
    """
    s = number("acute_suppression", acute_suppression, "fraction 0–1", 0, 1)
    f = number("alpha1_facilitation", alpha1_facilitation, "gain", 0, 2)
    o = fraction_array("sert_occupancy", sert_occupancy)
    na = array("na_release_rel", na_release_rel, "relative to rest", 0)
    return (1 - s * o * feedback_remaining(days, desensitisation_days)) * (1 + f * (na - 1))


@dataclass(frozen=True)
class SynapseParameters:
    """The teaching model's assumptions, each a ``model.*`` fact (see ``widgets/drugs.py``)."""

    autoreceptor_brake: float        # share of NA release braked by α2 autoreceptors at rest
    heteroreceptor_brake: float      # share of 5-HT release braked by α2 heteroreceptors at rest
    clearance_fraction: float        # share of clearance carried by the transporter
    acute_firing_suppression: float  # 5-HT1A feedback on day 0, per unit SERT occupancy
    desensitisation_days: float      # time constant of 5-HT1A desensitisation
    alpha1_facilitation: float       # NA → α1 → raphe firing gain


@dataclass(frozen=True)
class DrugAtSynapse:
    """Plain numbers: free plasma nM per mg/day and the affinities the synapse model needs.

    A drug without an affinity (None) has no occupancy there; the SSRI's SERT occupancy comes from a
    dose–occupancy curve O = Omax·D/(D + ED50) that levels off at the PET plateau (Meyer 2001, 2004).

    Examples
    --------
    >>> ssri = DrugAtSynapse("SSRI", 0.0, None, None, sert_ed50_mg=1.25, sert_max_occupancy=0.85)
    >>> round(float(ssri.occupancies(20)["SERT"]), 2), round(float(ssri.occupancies(1000)["SERT"]), 2)
    (0.8, 0.85)
    """

    name: str
    free_nm_per_mg: float
    alpha2_ki_nm: float | None
    net_ki_nm: float | None
    sert_ed50_mg: float | None = None
    sert_max_occupancy: float = 1.0

    def occupancies(self, dose_mg) -> dict[str, np.ndarray]:
        dose = array("dose_mg", dose_mg, "mg/day", 0)
        conc = dose * self.free_nm_per_mg
        zero = np.zeros_like(dose)
        return {
            "alpha2": occupancy(conc, self.alpha2_ki_nm) if self.alpha2_ki_nm else zero,
            "NET": occupancy(conc, self.net_ki_nm) if self.net_ki_nm else zero,
            "SERT": self.sert_max_occupancy * dose / (dose + self.sert_ed50_mg) if self.sert_ed50_mg else zero,
        }


def response(occ: dict, params: SynapseParameters, day=0.0) -> dict[str, np.ndarray]:
    """Firing, release and synaptic levels (relative to rest) from occupancies, on a day of treatment.

    Parameters
    ----------
    occ : dict
        ``{"alpha2", "NET", "SERT"}`` occupancies, fractions 0–1 (arrays of one shape).
    params : SynapseParameters
        The teaching assumptions.
    day : float or array_like
        Day(s) of treatment (0 = first day), ≥ 0; broadcast against the occupancies.

    Returns
    -------
    dict of numpy.ndarray
        "NA release", "raphe firing", "5-HT release per impulse", "5-HT release" (= firing × per
        impulse), "synaptic NA", "synaptic 5-HT".

    References
    ----------
    deboer1995ruigt, chaput1986, czachura2000

    Examples
    --------
    >>> p = SynapseParameters(0.5, 0.3, 0.8, 0.6, 5, 0.5)
    >>> ssri = {"alpha2": 0.0, "NET": 0.0, "SERT": 0.8}
    >>> [round(float(response(ssri, p, d)["synaptic 5-HT"]), 2) for d in (0, 21)]
    [1.44, 2.76]
    """
    na_release = release_relative(occ["alpha2"], params.autoreceptor_brake)
    firing = raphe_firing_relative(occ["SERT"], day, params.acute_firing_suppression,
                                   params.desensitisation_days, na_release, params.alpha1_facilitation)
    per_impulse = release_relative(occ["alpha2"], params.heteroreceptor_brake)
    ht_release = firing * per_impulse
    return {
        "NA release": na_release,
        "raphe firing": firing,
        "5-HT release per impulse": per_impulse,
        "5-HT release": ht_release,
        "synaptic NA": synaptic_relative(na_release, occ["NET"], params.clearance_fraction),
        "synaptic 5-HT": synaptic_relative(ht_release, occ["SERT"], params.clearance_fraction),
    }


def synapse_response(drug: DrugAtSynapse, dose_mg, params: SynapseParameters, day=0.0) -> dict[str, np.ndarray]:
    """:func:`response` for one drug across doses, plus its α2 occupancy.

    Parameters
    ----------
    drug : DrugAtSynapse
        The drug's numbers.
    dose_mg : float or array_like
        Daily dose(s) (mg), ≥ 0.
    params : SynapseParameters
        The teaching assumptions.
    day : float
        Day of treatment.

    Returns
    -------
    dict of numpy.ndarray
        As :func:`response`, plus "alpha2 occupancy" and "SERT occupancy".

    References
    ----------
    deboer1988

    Examples
    --------
    >>> p = SynapseParameters(0.5, 0.3, 0.8, 0.6, 5, 0.5)
    >>> mirt = DrugAtSynapse("mirtazapine", 0.836, 100.0, 4600.0)
    >>> round(float(synapse_response(mirt, 30, p)["alpha2 occupancy"]), 2)
    0.2
    """
    occ = drug.occupancies(dose_mg)
    return {"alpha2 occupancy": occ["alpha2"], "SERT occupancy": occ["SERT"], **response(occ, params, day)}
