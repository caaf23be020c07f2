"""Chapter 2's re-analysis: the seed table's arms, the comparisons and effect sizes built from cited facts.

Why its own module: every number the chapter computes (derived counts, risk differences, NNTs, effect
sizes, GRIM checks) is built here once, so prose tables (``reanalysis_tables.py``), figures (``ch2.py``)
and tests share one computation.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import data
from .models import trials

SEED = "seed.ferreri_table"
ARM_LABELS = {"continue_fluoxetine": "continue fluoxetine",
              "switch_mianserin": "switch to mianserin",
              "fluoxetine_plus_mianserin": "fluoxetine + mianserin"}


# ---- the seed's three-arm table (BenchChem page, reporting Ferreri 2001: all unverified) ----------
@dataclass(frozen=True)
class Arm:
    key: str
    label: str
    n: int
    baseline_mean: float
    baseline_sd: float
    week6_mean: float
    week6_sd: float
    mean_decrease: float
    response_pct: float


def seed_arms() -> dict[str, Arm]:
    """The three arms exactly as the seed page prints them."""
    def v(arm, field):
        return data.value(f"{SEED}.{arm}.{field}")

    return {k: Arm(k, label, int(v(k, "n")), v(k, "baseline_hamd17_mean"), v(k, "baseline_hamd17_sd"),
                   v(k, "week6_hamd17_mean"), v(k, "week6_hamd17_sd"), v(k, "mean_decrease_hamd17"),
                   v(k, "response_pct"))
            for k, label in ARM_LABELS.items()}


def derived_count(pct: float, n: int, decimals: int = 1) -> int | None:
    """The whole number of patients k with k/n rounding to ``pct``; None when no k fits (GRIM fails)."""
    found = trials.grim_percent(pct, n, decimals).candidates
    if len(found) > 1:
        raise ValueError(f"{pct}% of {n} fits several counts {found}: report more decimals")
    return found[0] if found else None


def nearest_consistent_denominator(pct: float, n: int, decimals: int = 1, spread: int = 10) -> tuple[int, int]:
    """(k, n') with n' the denominator closest to n (smaller first on ties) that makes ``pct`` possible."""
    fits = trials.grim_denominators(pct, max(1, n - spread), n + spread, decimals)
    if not fits:
        raise ValueError(f"no denominator within {spread} of {n} gives {pct}%")
    return min(fits, key=lambda kn: (abs(kn[1] - n), kn[1]))


# ---- comparisons for the forest plots ---------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """Response in arm a versus arm b. Counts are None where arm sizes were not reported."""

    key: str
    label: str
    short: str
    source: str
    rate_a_pct: float
    rate_b_pct: float
    events_a: int | None = None
    n_a: int | None = None
    events_b: int | None = None
    n_b: int | None = None
    counts_note: str = ""

    @property
    def has_counts(self) -> bool:
        return None not in (self.events_a, self.n_a, self.events_b, self.n_b)

    def nnt(self) -> trials.NNT:
        return trials.number_needed_to_treat(self.events_a, self.n_a, self.events_b, self.n_b)

    def rd_points(self) -> tuple[float, float | None, float | None]:
        """Risk difference and its 95% CI in percentage points (CI None without counts)."""
        if not self.has_counts:
            return self.rate_a_pct - self.rate_b_pct, None, None
        rd = self.nnt().risk_difference
        return 100 * rd.estimate, 100 * rd.ci_low, 100 * rd.ci_high

    def counts_text(self) -> str:
        if not self.has_counts:
            return f"{self.rate_a_pct:g}% vs {self.rate_b_pct:g}%"
        return f"{self.events_a}/{self.n_a} vs {self.events_b}/{self.n_b}"

    def nnt_text(self) -> str:
        if self.has_counts:
            return self.nnt().describe()
        point = trials.nnt_from_rates(self.rate_a_pct, self.rate_b_pct)
        kind = "B" if point > 0 else "H"
        return f"NNT{kind} {abs(point):.1f} (no CI: arm sizes not reported)"


def comparisons() -> list[Comparison]:
    """Augmentation and switch comparisons whose response rates we have, with counts only where derivable."""
    arms = seed_arms()
    cont, sw, combo = arms["continue_fluoxetine"], arms["switch_mianserin"], arms["fluoxetine_plus_mianserin"]
    k_cont, k_combo = derived_count(cont.response_pct, cont.n), derived_count(combo.response_pct, combo.n)
    k_sw, n_sw = nearest_consistent_denominator(sw.response_pct, sw.n)
    seed_note = "vendor page's table, counts derived from % × n"
    sw_note = (f"{sw.response_pct:g}% is impossible with n = {sw.n}; shown as {k_sw}/{n_sw}, "
               f"the nearest denominator that fits (an assumption)")
    licht = "trials.licht2002"
    carp = "trials.carpenter2002"
    n_mirt, n_plac = data.value(f"{carp}.n_mirtazapine_derived"), data.value(f"{carp}.n_placebo_derived")
    r_mirt, r_plac = data.value(f"{carp}.response_mirtazapine_pct"), data.value(f"{carp}.response_placebo_pct")
    return [
        Comparison("seed-combo-vs-continue", "Vendor page: fluoxetine + mianserin vs continue", "Vendor: add-on vs cont.",
                   "seed_benchchem",
                   combo.response_pct, cont.response_pct, k_combo, combo.n, k_cont, cont.n, seed_note),
        Comparison("seed-switch-vs-continue", "Vendor page: switch to mianserin vs continue", "Vendor: switch vs cont.",
                   "seed_benchchem",
                   sw.response_pct, cont.response_pct, k_sw, n_sw, k_cont, cont.n, sw_note),
        Comparison("seed-combo-vs-switch", "Vendor page: fluoxetine + mianserin vs switch", "Vendor: add-on vs switch",
                   "seed_benchchem",
                   combo.response_pct, sw.response_pct, k_combo, combo.n, k_sw, n_sw, sw_note),
        Comparison("licht-mianserin", "Licht: sertraline + mianserin vs sertraline 100", "Licht: add-on vs continue",
                   "licht2002",
                   data.value(f"{licht}.response_mianserin_added_pct"),
                   data.value(f"{licht}.response_sertraline100_pct"),
                   counts_note="arm sizes not in the abstract (295 randomised to three arms)"),
        Comparison("licht-dose", "Licht: sertraline 200 vs sertraline 100", "Licht: dose up vs continue",
                   "licht2002",
                   data.value(f"{licht}.response_sertraline200_pct"),
                   data.value(f"{licht}.response_sertraline100_pct"),
                   counts_note="arm sizes not in the abstract (295 randomised to three arms)"),
        Comparison("carpenter", "Carpenter: + mirtazapine vs + placebo", "Carpenter: add-on vs placebo",
                   "carpenter2002", r_mirt, r_plac,
                   derived_count(r_mirt, n_mirt, 0), n_mirt, derived_count(r_plac, n_plac, 0), n_plac,
                   "arm sizes 11 and 15 inferred from the percentages (not reported)"),
    ]


@dataclass(frozen=True)
class SmdRow:
    label: str
    short: str
    source: str
    g: float
    low: float
    high: float
    note: str = ""


def _g_row(label, short, source, es: trials.EffectSize, note: str = "") -> SmdRow:
    return SmdRow(label, short, source, es.g, es.g_ci_low, es.g_ci_high, note)


def seed_change_smd(arm_key: str, correlation: float) -> trials.ChangeScoreEffect:
    """Change-score effect of an arm versus continuing fluoxetine, under an assumed pre-post r."""
    arms = seed_arms()
    a, b = arms["continue_fluoxetine"], arms[arm_key]
    return trials.change_score_effect(a.baseline_mean, a.baseline_sd, a.week6_mean, a.week6_sd, a.n,
                                      b.baseline_mean, b.baseline_sd, b.week6_mean, b.week6_sd, b.n,
                                      correlation)


def seed_endpoint_smd(arm_key: str) -> trials.EffectSize:
    """End-point (week-6) effect of an arm versus continuing fluoxetine; positive = lower score."""
    arms = seed_arms()
    a, b = arms["continue_fluoxetine"], arms[arm_key]
    return trials.cohens_d(a.week6_mean, a.week6_sd, a.n, b.week6_mean, b.week6_sd, b.n)


def mir_endpoint_smd() -> trials.EffectSize:
    """MIR BDI-II at 12 weeks, placebo minus mirtazapine, with the randomised arm sizes."""
    m = "trials.mir"
    return trials.cohens_d(data.value(f"{m}.bdi12_placebo_mean"), data.value(f"{m}.bdi12_placebo_sd"),
                           data.value(f"{m}.n_placebo"), data.value(f"{m}.bdi12_mirtazapine_mean"),
                           data.value(f"{m}.bdi12_mirtazapine_sd"), data.value(f"{m}.n_mirtazapine"))


def _published(label, short, fact_id) -> SmdRow:
    low, high = data.value(fact_id + "_ci")
    return SmdRow(label, short, data.fact(fact_id).source, data.value(fact_id), low, high)


def _mir_note() -> str:
    return (f"randomised arm sizes; {data.value('trials.mir.n_primary_followup')} of "
            f"{data.value('trials.mir.n_randomised')} had {data.value('trials.mir.primary_outcome_weeks')}-week data")


def smd_rows(correlation: float) -> list[SmdRow]:
    """Standardised mean differences (Hedges' g) from the seed table, MIR and the Henssler meta-analysis."""
    return [
        _g_row(f"Vendor page: + mianserin vs continue, change (r = {correlation:g})", "Vendor: add-on, change",
               "seed_benchchem", seed_change_smd("fluoxetine_plus_mianserin", correlation).smd),
        _g_row(f"Vendor page: switch vs continue, change (r = {correlation:g})", "Vendor: switch, change",
               "seed_benchchem", seed_change_smd("switch_mianserin", correlation).smd),
        _g_row("Vendor page: + mianserin vs continue, week 6", "Vendor: add-on, week 6", "seed_benchchem",
               seed_endpoint_smd("fluoxetine_plus_mianserin")),
        _g_row("MIR: + mirtazapine vs + placebo, week 12", "MIR: add-on, week 12", "kessler2018",
               mir_endpoint_smd(), note=_mir_note()),
        _published("Henssler: α2 antagonist + reuptake inhibitor", "Henssler: α2 + RI, all",
                   "trials.henssler2022.smd_alpha2_ri"),
        _published("Henssler: same, non-responders only", "Henssler: α2 + RI, non-resp.",
                   "trials.henssler2022.smd_alpha2_ri_trd"),
    ]
