"""Values the prose computes from facts, written as ``[[computed.name]]`` like any fact.

Why: a sentence such as "about a 60-fold difference" is a number too. It must follow the facts it is
computed from, so it is computed here, carries the citation of its inputs and the weakest of their
statuses, and says "computed here" in the appendix.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from . import data
from .data import Fact

_REGISTRY: dict[str, Callable[[], tuple[str, list[str]]]] = {}
_STATUS_ORDER = ["V", "V2", "U"]


def computed(name: str):
    """Register ``fn() -> (text, [fact ids it used])`` as ``[[computed.<name>]]``."""
    def register(fn):
        _REGISTRY[f"computed.{name}"] = fn
        return fn
    return register


def get(ref: str) -> Fact:
    """The computed value as a Fact: source of its first input, weakest status of all inputs."""
    try:
        fn = _REGISTRY[ref]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(ref, _REGISTRY, n=3)
        raise KeyError(f"no computed value {ref!r} in widgets/computed.py; did you mean {close}?") from None
    text, inputs = fn()
    facts = [data.fact(i) for i in inputs]
    status = max((f.status for f in facts), key=_STATUS_ORDER.index)
    source = next((f.source for f in facts if f.source != data.TEACHING_SOURCE), facts[0].source)
    return Fact(id=ref, value=text, unit="text", source=source, status=status,
                where="computed here", note="computed from " + ", ".join(inputs))


def all_ids() -> list[str]:
    return sorted(_REGISTRY)


@computed("na_uptake_fold")
def _na_uptake_fold():
    ids = ["mianserin.na_uptake_pki_rat", "mirtazapine.na_uptake_pki_rat"]
    fold = 10 ** (data.value(ids[0]) - data.value(ids[1]))
    return f"{float(f'{fold:.1g}'):g}-fold", ids


@computed("grim_switch_denominators")
def _grim_switch_denominators():
    from .models import trials

    pct_id = "seed.ferreri_table.switch_mianserin.response_pct"
    low, high = 20, 110   # the range of arm sizes searched: a choice of the analysis, not a fact
    fits = trials.grim_denominators(data.value(pct_id), low, high)
    return f"between {low} and {high}: " + ", ".join(f"{k}/{n}" for k, n in fits), [pct_id]


@computed("carpenter_remission_rounding")
def _carpenter_remission_rounding():
    c = "trials.carpenter2002"
    ids = [f"{c}.remission_mirtazapine_pct", f"{c}.n_mirtazapine_derived"]
    pct, n = (data.value(i) for i in ids)
    k = round(pct * n / 100)
    exact = 100 * k / n
    rounded = float(Decimal(repr(exact)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    how = "rounded" if math.isclose(rounded, pct) else "truncated rather than rounded"
    return (f"the printed mirtazapine remission rate of {pct:g}% is {k}/{n} = {exact:.2f}%, which rounds to "
            f"{rounded:g}%, so the printed figure was {how}"), ids


@computed("ch3_waking_day")
def _ch3_waking_day():
    fid = "model.ch3_waking_hours_clock_h"
    wake, sleep = (int(h) for h in data.value(fid))
    return f"from {wake:02d}:00 to {sleep:02d}:00, with bedtime doses at {sleep:02d}:00", [fid]


@computed("titration_steps")
def _titration_steps():
    ids = ["mirtazapine.start_dose_mg", "mirtazapine.max_dose_mg"]
    return " → ".join(f"{d:g}" for d in titration_steps_mg()) + " mg", ids


def titration_steps_mg() -> list[float]:
    """The course's titration: the labelled start, one step halfway, the labelled maximum."""
    start, top = data.value("mirtazapine.start_dose_mg"), data.value("mirtazapine.max_dose_mg")
    return [start, (start + top) / 2, top]


@computed("accumulation_half_life_h")
def _accumulation_half_life():
    from .drugs import accumulation_half_life_h

    return f"{accumulation_half_life_h():.0f} h", ["mirtazapine.accumulation_ratio_label"]


@computed("accumulation_from_terminal_half_life")
def _accumulation_from_terminal():
    from .drugs import INTERVAL_H
    from .models import pk

    fid = "mirtazapine.half_life_h"
    low, high = (pk.accumulation_ratio(h, INTERVAL_H) for h in data.value(fid))
    return f"{low:.1f}–{high:.1f}", [fid]


# ---- the models (issue 12) ---------------------------------------------------------------------------
@computed("accumulation_reasoning")
def _accumulation_reasoning():
    from .drugs import INTERVAL_H, accumulation_half_life_h
    from .models import pk

    ids = ["mirtazapine.accumulation_ratio_label", "mirtazapine.half_life_h"]
    r, (low, high) = data.value(ids[0]), data.value(ids[1])
    t_eff = accumulation_half_life_h()
    return (f"with τ = {INTERVAL_H:g} h, R = 1/(1 − 2^(−τ/t½)) gives {pk.accumulation_ratio(low, INTERVAL_H):.2f} "
            f"to {pk.accumulation_ratio(high, INTERVAL_H):.2f} for a terminal half-life of {low:g}–{high:g} h, "
            f"but the label's ratio of {r:g} needs t½,eff = τ·ln 2/(−ln(1 − 1/R)) = {t_eff:.1f} h"), ids


@computed("steady_state_days_model")
def _steady_state_days_model():
    from .drugs import accumulation_half_life_h
    from .models import pk

    ids = ["mirtazapine.accumulation_ratio_label"]
    t = accumulation_half_life_h()
    d90, d97 = (pk.time_to_steady_state_h(t, f) / 24 for f in (0.9, 0.97))
    return f"90% of steady state by day {d90:.1f} and 97% by day {d97:.1f}", ids


@computed("renal_exposure_change")
def _renal_exposure_change():
    ids = ["mirtazapine.renal_severe_clearance_change_pct", "mirtazapine.renal_single_dose_half_life_h"]
    change = data.value(ids[0])
    return (f"about {1 / (1 + change / 100):.1f}-fold exposure with the half-life unchanged "
            f"(clearance and apparent volume fall together)"), ids


# ---- chapter 4 (safety): rates from counts, and levels with an interacting drug ---------------------
DYSCRASIA_IDS = ["mirtazapine.agranulocytosis_cases", "mirtazapine.severe_neutropenia_cases",
                 "mirtazapine.premarketing_n"]


def per_1000_with_interval(events: int, n: int) -> tuple[float, float, float]:
    """Risk per 1,000 with its 95 % Wilson interval (the course's one interval for a proportion)."""
    from statistics import NormalDist

    from .models.trials import wilson_interval

    low, high = wilson_interval(events, n, NormalDist().inv_cdf(0.975))
    return 1000 * events / n, 1000 * low, 1000 * high


def dyscrasia_trial_counts() -> tuple[int, int]:
    """Mirtazapine's premarketing agranulocytosis plus severe neutropenia cases, and the patients exposed."""
    agran, neutro, n = (int(data.value(i)) for i in DYSCRASIA_IDS)
    return agran + neutro, n


@computed("dyscrasia_trial_per_1000")
def _dyscrasia_trial_per_1000():
    events, n = dyscrasia_trial_counts()
    rate, low, high = per_1000_with_interval(events, n)
    return f"{rate:.2f} per 1,000 (95 % CI {low:.2f} to {high:.1f}; about 1 in {n / events:,.0f})", DYSCRASIA_IDS


@computed("mianserin_nz_per_1000")
def _mianserin_nz_per_1000():
    ids = ["safety.mianserin_nz_one_in_b", "safety.mianserin_nz_one_in_a"]
    low, high = (1000 / data.value(i) for i in ids)
    return f"{low:.2f} to {high:.2f} per 1,000", ids


def level_with_interaction_pct(change_pct: float) -> float:
    """Average steady-state level with the interacting drug, as % of the level without it."""
    return 100 + change_pct


@computed("inducer_level_pct")
def _inducer_level_pct():
    ids = ["safety.inducer_clearance_fold"]
    return f"{100 / data.value(ids[0]):.0f} %", ids


@computed("carbamazepine_max_dose_equivalent")
def _carbamazepine_max_dose_equivalent():
    ids = ["mirtazapine.max_dose_mg", "mirtazapine.carbamazepine_level_change_pct"]
    dose, change = (data.value(i) for i in ids)
    return f"{dose * level_with_interaction_pct(change) / 100:g} mg", ids


@computed("ketoconazole_start_dose_equivalent")
def _ketoconazole_start_dose_equivalent():
    ids = ["mirtazapine.start_dose_mg", "mirtazapine.ketoconazole_auc_change_pct"]
    dose, change = (data.value(i) for i in ids)
    return f"{dose * level_with_interaction_pct(change) / 100:g} mg", ids
