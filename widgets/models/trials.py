"""Trial statistics for re-analysing antidepressant augmentation trials (chapter 2).

Pure functions on plain numbers: risk difference, NNT, standardised and raw mean
differences, change-score SDs under an assumed pre-post correlation, and GRIM checks
of whether reported percentages or means are arithmetically possible.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from statistics import NormalDist

from .validate import number, whole


# --- input checks: widgets/models/validate.py (one message style for every model) ---


def _z(confidence):
    c = number("confidence", confidence, "fraction, e.g. 0.95", 0, 1, low_inclusive=False, high_inclusive=False)
    return c, NormalDist().inv_cdf(0.5 + c / 2)


def wilson_interval(events: int, n: int, z: float) -> tuple[float, float]:
    """Wilson score interval for one proportion (no continuity correction), as scipy's
    ``binomtest(...).proportion_ci(method="wilson")`` computes it (the tests check they agree); written
    out because importing scipy.stats costs every notebook more than a second.

    Parameters
    ----------
    events : int
        Events (whole number, 0 to n).
    n : int
        Patients, ≥ 1.
    z : float
        Normal quantile (1.96 for 95 %).

    Returns
    -------
    tuple of float
        (low, high), proportions 0–1.

    References
    ----------
    newcombe1998

    Examples
    --------
    >>> tuple(round(x, 4) for x in wilson_interval(5, 10, 1.96))
    (0.2366, 0.7634)
    """
    p = events / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


# --- risk difference and NNT --------------------------------------------------------


@dataclass(frozen=True)
class RiskDifference:
    estimate: float  # p_a - p_b
    ci_low: float
    ci_high: float
    p_a: float
    p_b: float
    confidence: float
    method: str


def risk_difference(events_a, n_a, events_b, n_b, confidence=0.95, method="newcombe"):
    """Difference of two proportions, pa - pb, with a confidence interval.

    "newcombe" (default) is Newcombe's hybrid Wilson score interval (1998, method 10),
    which stays inside [-1, 1] and behaves near 0 % and 100 %; "wald" is the textbook
    normal approximation, shown for contrast (clipped to [-1, 1]).

    Parameters
    ----------
    events_a, events_b : int
        Events in each arm (whole numbers, 0 to n).
    n_a, n_b : int
        Patients in each arm, ≥ 1.
    confidence : float
        Confidence level, > 0 and < 1.
    method : {"newcombe", "wald"}
        Interval method.

    Returns
    -------
    RiskDifference
        Estimate and interval (proportions, −1 to 1).

    References
    ----------
    newcombe1998

    Examples
    --------
    >>> r = risk_difference(20, 40, 10, 40)
    >>> round(r.estimate, 3), round(r.ci_low, 3), round(r.ci_high, 3)
    (0.25, 0.038, 0.433)
    """
    n_a, n_b = whole("n_a", n_a, "patients", 1), whole("n_b", n_b, "patients", 1)
    ea = whole("events_a", events_a, "patients", 0, n_a, "n_a")
    eb = whole("events_b", events_b, "patients", 0, n_b, "n_b")
    c, z = _z(confidence)
    pa, pb = ea / n_a, eb / n_b
    rd = pa - pb
    if method == "wald":
        half = z * math.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
        lo, hi, label = max(-1.0, rd - half), min(1.0, rd + half), "Wald (normal approximation)"
    elif method == "newcombe":
        la, ua = wilson_interval(ea, n_a, z)
        lb, ub = wilson_interval(eb, n_b, z)
        lo = rd - math.hypot(pa - la, ub - pb)
        hi = rd + math.hypot(ua - pa, pb - lb)
        label = "Newcombe hybrid Wilson score (method 10)"
    else:
        raise ValueError(f'method must be "newcombe" or "wald"; got {method!r}')
    return RiskDifference(rd, float(lo), float(hi), pa, pb, c, label)


def _nnt(rd):
    return math.inf if rd == 0 else 1 / rd


@dataclass(frozen=True)
class NNT:
    """Number needed to treat; positive = benefit (NNTB), negative = harm (NNTH).

    When the risk-difference CI includes 0 the NNT CI is two pieces joined through
    infinity (Altman 1998): NNTB `benefit_bound` to ∞ to NNTH `harm_bound`.
    """
    estimate: float  # signed 1/RD, inf when RD == 0
    benefit_range: tuple[float, float] | None  # (nearest, farthest) NNTB in the CI
    harm_range: tuple[float, float] | None  # (nearest, farthest) NNTH in the CI
    crosses_zero: bool  # RD CI has one end below 0 and the other above
    risk_difference: RiskDifference  # on the benefit scale (treat better = positive)

    @property
    def benefit_bound(self):
        return self.benefit_range[0] if self.benefit_range else None

    @property
    def harm_bound(self):
        return self.harm_range[0] if self.harm_range else None

    def describe(self, digits=1):
        def f(x):
            return "∞" if math.isinf(x) else f"{x:.{digits}f}"

        est = ("NNT ∞" if math.isinf(self.estimate) else
               f"NNT{'B' if self.estimate > 0 else 'H'} {f(abs(self.estimate))}")
        b, h = self.benefit_range, self.harm_range
        if b and h:
            ci = f"NNTB {f(b[0])} to ∞ to NNTH {f(h[0])}"
        elif b or h:
            lo, hi = b or h
            ci = f"NNT{'B' if b else 'H'} {f(lo)} to {f(hi)}"
        else:
            ci = "∞"
        return f"{est} ({self.risk_difference.confidence * 100:g}% CI: {ci})"


def number_needed_to_treat(events_treat, n_treat, events_control, n_control, confidence=0.95,
                           method="newcombe", outcome="good"):
    """NNT = 1/RD, CI by inverting the RD CI (Newcombe by default).

    outcome="good" when events are responses/remissions; "bad" when events are harms
    (relapse, dropout), so that fewer events on treatment counts as benefit.

    Parameters
    ----------
    events_treat, events_control : int
        Events in each arm (whole numbers, 0 to n).
    n_treat, n_control : int
        Patients in each arm, ≥ 1.
    confidence : float
        Confidence level, > 0 and < 1.
    method : {"newcombe", "wald"}
        Interval method for the risk difference.
    outcome : {"good", "bad"}
        Whether an event is a benefit or a harm.

    Returns
    -------
    NNT
        Point NNT (patients) and the benefit/harm ranges of its interval.

    References
    ----------
    altman1998nnt, newcombe1998

    Examples
    --------
    >>> number_needed_to_treat(20, 40, 10, 40).describe()
    'NNTB 4.0 (95% CI: NNTB 2.3 to 26.4)'
    """
    n_t, n_c = whole("n_treat", n_treat, "patients", 1), whole("n_control", n_control, "patients", 1)
    e_t = whole("events_treat", events_treat, "patients", 0, n_t, "n_treat")
    e_c = whole("events_control", events_control, "patients", 0, n_c, "n_control")
    if outcome not in ("good", "bad"):
        raise ValueError(f'outcome must be "good" or "bad"; got {outcome!r}')
    rd = risk_difference(e_t, n_t, e_c, n_c, confidence, method)
    if outcome == "bad":  # benefit = fewer events on treatment
        rd = RiskDifference(-rd.estimate, -rd.ci_high, -rd.ci_low, rd.p_a, rd.p_b,
                            rd.confidence, rd.method)
    lo, hi = rd.ci_low, rd.ci_high
    benefit = (1 / hi, _nnt(max(lo, 0.0))) if hi > 0 else None
    harm = (-1 / lo, abs(_nnt(min(hi, 0.0)))) if lo < 0 else None
    return NNT(_nnt(rd.estimate), benefit, harm, lo < 0 < hi, rd)


def nnt_from_rates(rate_treat_pct, rate_control_pct, outcome="good"):
    """Point NNT from two event rates in percent (e.g. 42 vs 30 -> 8.33); no CI.

    Parameters
    ----------
    rate_treat_pct, rate_control_pct : float
        Event rates (%), 0 to 100.
    outcome : {"good", "bad"}
        Whether an event is a benefit or a harm.

    Returns
    -------
    float
        NNT (patients); negative = harm, infinite when the rates are equal.

    References
    ----------
    altman1998nnt

    Examples
    --------
    >>> round(nnt_from_rates(42, 30), 2)
    8.33
    """
    rt = number("rate_treat_pct", rate_treat_pct, "percent", 0, 100)
    rc = number("rate_control_pct", rate_control_pct, "percent", 0, 100)
    if outcome not in ("good", "bad"):
        raise ValueError(f'outcome must be "good" or "bad"; got {outcome!r}')
    return _nnt((rt - rc) / 100 * (1 if outcome == "good" else -1))


# --- continuous outcomes ------------------------------------------------------------


@dataclass(frozen=True)
class EffectSize:
    d: float  # Cohen's d, pooled SD
    g: float  # Hedges' g = J * d
    d_ci_low: float
    d_ci_high: float
    g_ci_low: float
    g_ci_high: float
    pooled_sd: float
    confidence: float
    method: str = ("pooled SD; normal CI with SE = sqrt((na+nb)/(na nb) + d^2/(2(na+nb))); "
                   "g = J d, its CI scaled by J")


def _group(suffix, mean, sd, n):
    return (number(f"mean_{suffix}", mean, "outcome units"),
            number(f"sd_{suffix}", sd, "outcome units", 0, low_inclusive=False),
            whole(f"n_{suffix}", n, "patients", 2))


def _smd(ma, sa, na, mb, sb, nb, confidence):
    c, z = _z(confidence)
    sp = math.sqrt(((na - 1) * sa**2 + (nb - 1) * sb**2) / (na + nb - 2))
    if sp == 0:
        raise ValueError("pooled SD is 0 (both SDs are 0); a standardised difference is undefined")
    d = (ma - mb) / sp
    j = 1 - 3 / (4 * (na + nb) - 9)
    se = math.sqrt((na + nb) / (na * nb) + d**2 / (2 * (na + nb)))
    return EffectSize(d, j * d, d - z * se, d + z * se, j * (d - z * se), j * (d + z * se), sp, c)


def cohens_d(mean_a, sd_a, n_a, mean_b, sd_b, n_b, confidence=0.95):
    """Standardised mean difference (a - b): Cohen's d and Hedges' small-sample-corrected g.

    Parameters
    ----------
    mean_a, mean_b : float
        Group means (outcome units).
    sd_a, sd_b : float
        Group SDs (outcome units), > 0.
    n_a, n_b : int
        Group sizes, ≥ 2.
    confidence : float
        Confidence level.

    Returns
    -------
    EffectSize
        d and g (SD units) with their intervals.

    References
    ----------
    higgins2011handbook

    Examples
    --------
    >>> e = cohens_d(10, 4, 30, 8, 4, 30)
    >>> round(e.d, 2), round(e.g, 3)
    (0.5, 0.494)
    """
    return _smd(*_group("a", mean_a, sd_a, n_a), *_group("b", mean_b, sd_b, n_b), confidence)


@dataclass(frozen=True)
class MeanDifference:
    estimate: float  # mean_a - mean_b
    ci_low: float
    ci_high: float
    se: float
    df: float
    confidence: float
    method: str = "Welch t (unequal variances, Welch-Satterthwaite df)"


def _welch(ma, sa, na, mb, sb, nb, confidence):
    c, _ = _z(confidence)
    va, vb = sa**2 / na, sb**2 / nb
    if va + vb == 0:
        raise ValueError("both SDs are 0; the mean difference has no sampling error to model")
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    from scipy.special import stdtrit  # Student t quantile; lighter than importing scipy.stats

    half = float(stdtrit(df, 0.5 + c / 2)) * se
    return MeanDifference(ma - mb, ma - mb - half, ma - mb + half, se, df, c)


def mean_difference_ci(mean_a, sd_a, n_a, mean_b, sd_b, n_b, confidence=0.95):
    """Raw mean difference (a - b) with a Welch t CI, which does not assume equal SDs.

    Parameters
    ----------
    mean_a, mean_b : float
        Group means (outcome units).
    sd_a, sd_b : float
        Group SDs (outcome units), > 0.
    n_a, n_b : int
        Group sizes, ≥ 2.
    confidence : float
        Confidence level.

    Returns
    -------
    MeanDifference
        Estimate and Welch interval (outcome units).

    References
    ----------
    higgins2011handbook

    Examples
    --------
    >>> m = mean_difference_ci(10, 4, 30, 8, 4, 30)
    >>> round(m.estimate, 1), round(m.ci_low, 2), round(m.ci_high, 2)
    (2.0, -0.07, 4.07)
    """
    return _welch(*_group("a", mean_a, sd_a, n_a), *_group("b", mean_b, sd_b, n_b), confidence)


def change_score_sd(sd_baseline, sd_followup, correlation):
    """SD of (follow-up - baseline) given the pre-post correlation (Cochrane Handbook 6.5.2.8).

    Trials rarely report it, so the correlation has to be assumed; this makes that explicit.

    Parameters
    ----------
    sd_baseline, sd_followup : float
        SDs (outcome units), ≥ 0.
    correlation : float
        Assumed pre-post Pearson r, −1 to 1.

    Returns
    -------
    float
        SD of the change (outcome units).

    References
    ----------
    higgins2011handbook

    Examples
    --------
    >>> round(change_score_sd(5, 5, 0.5), 2)
    5.0
    """
    s0 = number("sd_baseline", sd_baseline, "outcome units", 0)
    s1 = number("sd_followup", sd_followup, "outcome units", 0)
    r = number("correlation", correlation, "pre-post Pearson r", -1, 1)
    return math.sqrt(max(0.0, s0**2 + s1**2 - 2 * r * s0 * s1))


@dataclass(frozen=True)
class ChangeScoreEffect:
    correlation: float
    mean_change_a: float
    mean_change_b: float
    sd_change_a: float
    sd_change_b: float
    mean_difference: MeanDifference  # change_a - change_b, Welch t CI
    smd: EffectSize  # of change scores


def change_score_effect(mean0_a, sd0_a, mean1_a, sd1_a, n_a, mean0_b, sd0_b, mean1_b, sd1_b, n_b,
                        correlation, confidence=0.95):
    """Effect on change from baseline under an assumed pre-post correlation.

    Change SDs come from change_score_sd; the mean difference of changes has a Welch t CI,
    the SMD (d and g) is of change scores. Sweep `correlation` to see how much it matters.

    Parameters
    ----------
    mean0_a, sd0_a, mean1_a, sd1_a, n_a : float
        Arm a: baseline mean and SD, follow-up mean and SD (outcome units), size (≥ 2).
    mean0_b, sd0_b, mean1_b, sd1_b, n_b : float
        The same for arm b.
    correlation : float
        Assumed pre-post Pearson r, −1 to 1.
    confidence : float
        Confidence level.

    Returns
    -------
    ChangeScoreEffect
        Mean changes, change SDs, the difference of changes and its SMD.

    References
    ----------
    higgins2011handbook

    Examples
    --------
    >>> c = change_score_effect(25, 5, 15, 5, 20, 25, 5, 18, 5, 20, 0.5)
    >>> round(c.mean_difference.estimate, 1), round(c.smd.g, 2)
    (-3.0, -0.59)
    """
    r = number("correlation", correlation, "pre-post Pearson r", -1, 1)
    m = {k: number(k, v, "outcome units") for k, v in
         dict(mean0_a=mean0_a, mean1_a=mean1_a, mean0_b=mean0_b, mean1_b=mean1_b).items()}
    s = {k: number(k, v, "outcome units", 0) for k, v in
         dict(sd0_a=sd0_a, sd1_a=sd1_a, sd0_b=sd0_b, sd1_b=sd1_b).items()}
    n_a, n_b = whole("n_a", n_a, "patients", 2), whole("n_b", n_b, "patients", 2)
    ca, cb = m["mean1_a"] - m["mean0_a"], m["mean1_b"] - m["mean0_b"]
    sa = change_score_sd(s["sd0_a"], s["sd1_a"], r)
    sb = change_score_sd(s["sd0_b"], s["sd1_b"], r)
    if sa == 0 and sb == 0:
        raise ValueError(f"correlation={r:g} makes both change-score SDs 0; choose r < 1")
    return ChangeScoreEffect(r, ca, cb, sa, sb, _welch(ca, sa, n_a, cb, sb, n_b, confidence),
                             _smd(ca, sa, n_a, cb, sb, n_b, confidence))


# --- GRIM: can the reported summary come from whole-number data? ---------------------


@dataclass(frozen=True)
class Grim:
    reported: Decimal
    denominator: int  # n (percentages) or n * items (means)
    consistent: bool  # achievable under at least one rounding rule
    rule: str  # "half-up and half-even", "half-up only", "half-even only" or "neither"
    candidates: tuple[int, ...]  # numerators k (event counts, or score totals) that round to it
    half_up: tuple[int, ...]
    half_even: tuple[int, ...]
    nearest_below: tuple[int, float] | None  # (k, exact value) of the closest miss below
    nearest_above: tuple[int, float] | None


def _round_half_up(x: Fraction, decimals):
    """Exact equivalent of Decimal.quantize(..., ROUND_HALF_UP): ties go away from zero."""
    s = 10**decimals
    return (1 if x >= 0 else -1) * Fraction(math.floor(abs(x) * s + Fraction(1, 2)), s)


def _grim(reported, den, scale, decimals, k_max):
    """Exact (Fraction) search of numerators k whose scale*k/den rounds to `reported`."""
    r, h = Fraction(reported), Fraction(1, 2 * 10**decimals)
    lo = math.floor((r - h) * den / scale) - 1
    hi = math.ceil((r + h) * den / scale) + 1
    ks = range(lo if k_max is None else max(0, lo), (hi if k_max is None else min(k_max, hi)) + 1)
    val = {k: Fraction(scale * k, den) for k in ks}
    up = tuple(k for k in ks if _round_half_up(val[k], decimals) == r)
    even = tuple(k for k in ks if round(val[k], decimals) == r)  # Fraction rounds half-even
    cand = tuple(sorted(set(up) | set(even)))
    below = [k for k in ks if val[k] < r and k not in cand]
    above = [k for k in ks if val[k] > r and k not in cand]
    rule = {(True, True): "half-up and half-even", (True, False): "half-up only",
            (False, True): "half-even only", (False, False): "neither"}[(bool(up), bool(even))]
    return Grim(Decimal(reported), den, bool(cand), rule, cand, up, even,
                (below[-1], float(val[below[-1]])) if below else None,
                (above[0], float(val[above[0]])) if above else None)


def _reported(name, value, unit, decimals, lo=None, hi=None):
    x = number(name, value, unit, lo, hi)
    d = whole("decimals", decimals, "decimal places", 0, 10)
    dec = Decimal(repr(x))  # the shortest decimal that round-trips: 48.5 -> Decimal('48.5')
    if (Fraction(dec) * 10**d).denominator != 1:
        raise ValueError(f"{name} has more than decimals={d} decimal places; got {value!r}")
    return dec, d


def grim_percent(reported_pct, n, decimals=1):
    """Could a percentage reported to `decimals` places be k/n for a whole count k?

    Accepts round-half-up (usual by hand) and round-half-even (Python, R); `rule` says which.

    Parameters
    ----------
    reported_pct : float
        The printed percentage, 0 to 100, with at most ``decimals`` decimals.
    n : int
        Denominator (patients), ≥ 1.
    decimals : int
        Decimals printed, 0 to 10.

    Returns
    -------
    Grim
        Whether it is possible, under which rounding rule, and the nearest achievable k/n.

    References
    ----------
    brown2017grim

    Examples
    --------
    >>> g = grim_percent(48.5, 34)
    >>> g.consistent, g.nearest_below[0], g.nearest_above[0]
    (False, 16, 17)
    """
    dec, d = _reported("reported_pct", reported_pct, "percent", decimals, 0, 100)
    n = whole("n", n, "patients", 1)
    return _grim(dec, n, 100, d, n)


def grim_denominators(reported_pct, n_min, n_max, decimals=1):
    """All (k, n) with n_min <= n <= n_max such that 100 k / n rounds to reported_pct.

    Parameters
    ----------
    reported_pct : float
        The printed percentage, 0 to 100.
    n_min, n_max : int
        Range of denominators searched (patients).
    decimals : int
        Decimals printed.

    Returns
    -------
    list of (int, int)
        Every (k, n) that prints as ``reported_pct``.

    References
    ----------
    brown2017grim

    Examples
    --------
    >>> grim_denominators(48.5, 30, 40)
    [(16, 33)]
    """
    dec, d = _reported("reported_pct", reported_pct, "percent", decimals, 0, 100)
    n_min = whole("n_min", n_min, "patients", 1)
    n_max = whole("n_max", n_max, "patients", n_min)
    return [(k, n) for n in range(n_min, n_max + 1) for k in _grim(dec, n, 100, d, n).candidates]


def grim_mean(reported_mean, n, items=1, decimals=2):
    """GRIM test (Brown & Heathers 2017): is a mean of whole-number scores possible?

    The total over n participants x `items` items must be a whole number; the test is
    only informative while n * items < 10**decimals.

    Parameters
    ----------
    reported_mean : float
        The printed mean (score units), with at most ``decimals`` decimals.
    n : int
        Participants, ≥ 1.
    items : int
        Items per score, ≥ 1.
    decimals : int
        Decimals printed.

    Returns
    -------
    Grim
        Whether a total of whole-number scores can give that mean.

    References
    ----------
    brown2017grim

    Examples
    --------
    >>> grim_mean(3.45, 10).consistent, grim_mean(3.4, 10).consistent
    (False, True)
    """
    dec, d = _reported("reported_mean", reported_mean, "score units", decimals)
    n = whole("n", n, "participants", 1)
    items = whole("items", items, "items per score", 1)
    return _grim(dec, n * items, 1, d, None)
