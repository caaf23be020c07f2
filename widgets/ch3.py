"""Chapter 3's widgets and tables: the RLS evidence map, a day with two sedatives, the seed-claim table.

Every number comes from the data files; the appraisal (which design a study has, which way its result
points) is this chapter's and is written out here so a reader can check it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import data, drugs
from .models import sedation
from .style import SERIES
from .text import Markdown, render
from .views import Control, Explorer

# ---- 1. the evidence map -------------------------------------------------------------------------
DESIGNS = ["commercial page", "case report", "case series", "pharmacovigilance", "retrospective cohort",
           "prospective cohort", "experiment (volunteers)", "systematic review", "guideline"]
DESIGN_TICKS = ["shop page", "case report", "case series", "pharmacovig.", "retro. cohort", "prosp. cohort",
                "experiment", "syst. review", "guideline"]
DIRECTIONS = {-1: "worsens", 0: "no benefit", 1: "treats"}
TIERS = {  # trace (legend entry) -> designs it holds
    "claim without data": ["commercial page"],
    "case reports and series": ["case report", "case series"],
    "pharmacovigilance": ["pharmacovigilance"],
    "cohort studies": ["retrospective cohort", "prospective cohort"],
    "experiment in volunteers": ["experiment (volunteers)"],
    "reviews and guidelines": ["systematic review", "guideline"],
}
YEARS = [2002, 2005, 2008, 2011, 2013, 2016, 2018, 2020, 2024, 2025]


@dataclass(frozen=True)
class Evidence:
    """One source on 'mirtazapine and RLS', placed by design and by the direction of its result.

    ``finding`` is prose with ``[[fact|value]]`` markers; ``n_fact`` names the fact that counts the
    people (or reports) behind it, ``n_one`` marks a single-patient case report, and ``None`` means no
    count applies or none was given in what we read. ``offset`` (direction, design) only keeps markers
    apart."""

    label: str
    design: str
    direction: int
    year: int | None
    source: str
    finding: str
    n_fact: str | None = None
    n_one: bool = False
    offset: tuple = (0.0, 0.0)

    @property
    def n(self) -> float | None:
        if self.n_one:
            return 1.0
        return float(data.value(self.n_fact)) if self.n_fact else None

    def finding_text(self) -> str:
        return render(self.finding)


EVIDENCE = [
    Evidence("Shop page (seed 002)", "commercial page", 1, None, "seed_rls_shop",
             "says mirtazapine relieves RLS; names no study and sells the drug"),
    Evidence("Ağargün 2002", "case report", -1, 2002, "agargun2002",
             "RLS in a man after his dose was raised from {0:g} to {1:g} mg a day".format(
                 *data.value("rls.agargun2002.dose_sequence_mg")), n_one=True, offset=(-0.36, 0.0)),
    Evidence("Bahk 2002", "case report", -1, 2002, "bahk2002", "[[rls.bahk2002.case|value]]",
             n_one=True, offset=(-0.12, 0.0)),
    Evidence("Korean case 2004", "case report", -1, 2004, "koreancase2004", "[[rls.korean2004.case|value]]",
             n_one=True, offset=(0.12, 0.0)),
    Evidence("Chopra 2011", "case report", -1, 2011, "chopra2011", "[[rls.chopra2011.case|value]]",
             n_one=True, offset=(0.36, 0.0)),
    Evidence("Kim 2005", "case series", -1, 2005, "kim2005",
             "RLS within [[rls.kim2005.onset_h|value]] of a single [[rls.kim2005.single_dose_mg|value]] dose in "
             "[[rls.kim2005.cases|value]] elderly women", n_fact="rls.kim2005.cases", offset=(-0.2, 0.0)),
    Evidence("Rissardo 2020", "case series", -1, 2020, "rissardo2020",
             "review of published reports: [[rls.rissardo2020.rls_cases|value]] RLS cases among "
             "[[rls.rissardo2020.total_cases|value]] mirtazapine-associated movement disorders",
             n_fact="rls.rissardo2020.rls_cases", offset=(0.2, 0.0)),
    Evidence("FAERS 2025", "pharmacovigilance", -1, 2025, "zhao2025faers",
             "[[rls.faers.n_reports_rls|value]] RLS reports among [[rls.faers.total_mirtazapine_reports|value]] "
             "mirtazapine reports; reporting odds ratio [[rls.faers.ror|value]], an unexpected signal",
             n_fact="rls.faers.n_reports_rls"),
    Evidence("Kim 2008", "retrospective cohort", -1, 2008, "kim2008",
             "RLS in [[rls.kim2008.rls_cases|value]] of [[rls.kim2008.n|value]] treated patients "
             "([[rls.kim2008.rls_pct|value]]), [[rls.kim2008.onset_day1_cases|value]] of them on the first day; "
             "more likely with tramadol (OR [[rls.kim2008.tramadol_or|value]], CI "
             "[[rls.kim2008.tramadol_or_ci|value]]) or a dopamine blocker (OR "
             "[[rls.kim2008.dopamine_blocker_or|value]], CI [[rls.kim2008.dopamine_blocker_or_ci|value]])",
             n_fact="rls.kim2008.n"),
    Evidence("Rottach 2008", "prospective cohort", -1, 2008, "rottach2008",
             "new or worse RLS in [[rls.rottach2008.mirtazapine_pct|value]] of first-time mirtazapine users "
             "versus [[rls.rottach2008.overall_pct|value]] across all the antidepressants studied; usually in the "
             "first days (total n not given in the abstract)"),
    Evidence("Fulda 2013", "experiment (volunteers)", -1, 2013, "fulda2013",
             "[[rls.fulda2013.n|value]] healthy young men, [[rls.fulda2013.dose_mg|value]] nightly for a week: "
             "periodic leg movements in sleep rose in [[rls.fulda2013.plms_increase_n|value]] "
             "([[rls.fulda2013.plms_increase_pct|value]]), [[rls.fulda2013.transient_rls_n|value]] had "
             "transient RLS", n_fact="rls.fulda2013.n"),
    Evidence("Kolla 2018", "systematic review", -1, 2018, "kolla2018",
             "[[rls.kolla2018.n_studies|value]] prospective studies: new or worse RLS uncommon overall, "
             "but mirtazapine may carry higher rates"),
    Evidence("AAN 2016", "guideline", 0, 2016, "winkelman2016",
             "lists no antidepressant among RLS treatments; iron if ferritin ≤ "
             "[[rls.aan2016.ferritin_threshold_ug_l|value]]", offset=(-0.2, 0.0)),
    Evidence("AASM 2024", "guideline", 0, 2024, "winkelman2024",
             "no antidepressant recommended; iron if ferritin ≤ [[rls.aasm2024.ferritin_threshold_ng_ml|value]] "
             "or transferrin saturation < [[rls.aasm2024.tsat_threshold_pct|value]]; dopamine agonists now "
             "advised against for standard use", offset=(0.2, 0.0)),
]
MENU_EVIDENCE = {"all evidence": list(TIERS), **{name: [name] for name in TIERS}}


def marker_size(n: float | None) -> float:
    """Marker diameter (px) growing with log10 of the count; a fixed size when no count applies."""
    return 10.0 if n is None else 9.0 + 5.0 * math.log10(max(n, 1.0))


def _tier_of(design: str) -> str:
    return next(t for t, designs in TIERS.items() if design in designs)


def evidence_points(tier: str, up_to_year: int) -> dict:
    """One trace: the sources of a tier, hidden (y = NaN, drawn as a gap) if published after ``up_to_year``."""
    items = [(i + 1, e) for i, e in enumerate(EVIDENCE) if _tier_of(e.design) == tier]
    x = [e.direction + e.offset[0] for _, e in items]
    y = [DESIGNS.index(e.design) + e.offset[1] if (e.year is None or e.year <= up_to_year) else np.nan
         for _, e in items]
    hover = [f"<b>{k}. {e.label}</b> ({e.design})<br>{_wrap(e.finding_text())}" for k, e in items]
    colour = SERIES[list(TIERS).index(tier) % len(SERIES)]
    return {"x": x, "y": y, "mode": "markers+text", "text": [str(k) for k, _ in items],
            "textposition": "middle right", "textfont": {"size": 11},
            "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {"size": [marker_size(e.n) for _, e in items], "color": colour,
                       "symbol": ["circle" if e.n is not None else "circle-open" for _, e in items],
                       "line": {"width": 1.5, "color": colour}}}


def _wrap(text: str, width: int = 60) -> str:
    """Break hover text into lines: plotly does not wrap it, and long lines run off a phone screen."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width and line:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "<br>".join(lines + [line])


def evidence_map() -> Explorer:
    """Widget 1: every source on 'mirtazapine and RLS', by design and direction; filter by design (menu)
    and by publication year (slider)."""
    def model(show: str, up_to_year: int) -> dict:
        return {tier: evidence_points(tier, up_to_year) for tier in MENU_EVIDENCE[show]}

    return Explorer(
        model=model,
        slider=Control("up_to_year", "Evidence published up to", YEARS, YEARS[-1]),
        menu=Control("show", "Show", list(MENU_EVIDENCE), "all evidence"),
        title="Does mirtazapine treat restless legs? Every source we found, by design and direction",
        x_title="Direction of the result", y_title="Design (stronger higher)",
        caption=("Each marker is one source, numbered as in the table below; hover or tap for its finding. "
                 "Filled marker size grows with the number of people (or reports) behind it; open markers have "
                 "no such count. Move the year to watch the evidence accumulate: from the first case reports "
                 "to cohorts, an experiment in volunteers and a pharmacovigilance signal, every study points to "
                 "mirtazapine inducing or worsening RLS, and no guideline lists it as a treatment. The only point "
                 "in the 'treats' column is the shop page, which cites nothing."),
        layout={
            "xaxis": {"title": {"text": "Direction of the result"},
                      "range": [-1.55, 1.45], "tickvals": list(DIRECTIONS), "ticktext": list(DIRECTIONS.values()),
                      "tickangle": 0, "zeroline": False, "gridcolor": "#e5e5e5"},
            "yaxis": {"title": {"text": "Design (stronger higher)"}, "range": [-0.6, 8.6],
                      "tickvals": list(range(len(DESIGNS))), "ticktext": DESIGN_TICKS, "zeroline": False,
                      "gridcolor": "#e5e5e5", "automargin": True},
            "margin": {"l": 60, "r": 10},
        },
    )


def evidence_table() -> Markdown:
    """The map's sources as a numbered table with findings and citations."""
    head = "| # | Source | Design | Finding | Direction |\n|---|---|---|---|---|\n"
    words = {-1: "induces or worsens", 0: "no benefit shown", 1: "claims benefit"}
    rows = [f"| {i + 1} | [[cite:{e.source}]] | {e.design} | {e.finding_text()} | {words[e.direction]} |"
            for i, e in enumerate(EVIDENCE)]
    return Markdown(head + "\n".join(rows))


# ---- 2. a day with two sedatives -----------------------------------------------------------------
ELDERLY = "elderly (over 65)"
STEP_H = 2.0  # time grid of the widget (h): fine enough for a 2 h peak, light enough for the page
def _sedation_scenarios() -> dict:
    """Menu options: (mirtazapine dose mg, clock hour, patient group), doses and groups from the data."""
    start = data.value("mirtazapine.start_dose_mg")
    elderly_start = data.value("mirtazapine.elderly_start_dose_mg")
    morning, bedtime = data.value("model.ch3_waking_hours_clock_h")
    at = _clock
    return {
        f"mirtazapine {start:g} mg {at(bedtime)}, adult": (start, bedtime, "typical adult"),
        f"mirtazapine {start:g} mg {at(morning)} (seed), adult": (start, morning, "typical adult"),
        f"mirtazapine {start:g} mg {at(bedtime)}, elderly": (start, bedtime, ELDERLY),
        f"mirtazapine {elderly_start:g} mg {at(bedtime)}, elderly": (elderly_start, bedtime, ELDERLY),
        f"mirtazapine {start:g} mg {at(bedtime)}, liver disease": (start, bedtime, "hepatic impairment"),
    }


def _clock(hour: float) -> str:
    return f"{int(hour):02d}:{int(round(60 * (hour % 1))):02d}"


def clonazepam_doses() -> list[float]:
    """The slider: none, then each tablet strength (mg) taken once at bedtime."""
    return [0.0] + [float(v) for v in data.value("clonazepam.tablet_strengths_mg")]


def sedation_traces(scenario: tuple, clonazepam_mg: float) -> dict:
    """Both concentrations (top panel), each drug's and the combined sedation index (bottom panel), and
    the combined index averaged over each day's waking hours (diamonds)."""
    dose, clock, patient = scenario
    day = drugs.course_day(dose, clock, clonazepam_mg, patient, step_h=STEP_H)
    setting = drugs.course_setting()
    t_days = day.t_h / 24
    means = [sedation.waking_mean(day.t_h, day.combined, d, setting.waking_clock_h) for d in range(int(setting.days))]
    mid = [d + sum(setting.waking_clock_h) / 2 / 24 for d in range(int(setting.days))]
    return {
        "mirtazapine (ng/mL)": {"x": t_days, "y": day.conc_a, "line": {"color": SERIES[0], "width": 2.5}},
        "clonazepam (ng/mL)": {"x": t_days, "y": day.conc_b,
                               "line": {"color": SERIES[1], "width": 2.5, "dash": "dash"}},
        "sedation, mirtazapine alone": {"x": t_days, "y": day.effect_a, "yaxis": "y2",
                                        "line": {"color": SERIES[0], "width": 1.5, "dash": "dot"}},
        "sedation, clonazepam alone": {"x": t_days, "y": day.effect_b, "yaxis": "y2",
                                       "line": {"color": SERIES[1], "width": 1.5, "dash": "dot"}},
        "sedation, both (E1 + E2 − E1·E2)": {"x": t_days, "y": day.combined, "yaxis": "y2",
                                            "line": {"color": SERIES[6], "width": 3}},
        "waking-hours mean, both |marker": {"x": np.array(mid), "y": np.array(means), "yaxis": "y2",
                                            "marker": {"color": SERIES[6], "size": 11, "symbol": "diamond"}},
    }


def _waking_bands(days: int, waking: tuple) -> list[dict]:
    return [{"type": "rect", "xref": "x", "yref": "paper", "x0": d + waking[0] / 24, "x1": d + waking[1] / 24,
             "y0": 0, "y1": 1, "fillcolor": "#F0E442", "opacity": 0.18, "layer": "below", "line": {"width": 0}}
            for d in range(days)]


def sedation_explorer() -> Explorer:
    """Widget 2: mirtazapine schedule and patient (menu) by bedtime clonazepam dose (slider), over the first
    week; concentrations on top, the teaching model's sedation index below."""
    scenarios = _sedation_scenarios()
    setting = drugs.course_setting()
    days = int(setting.days)
    doses = clonazepam_doses()

    def model(scenario: str, clonazepam_mg: float) -> dict:
        return sedation_traces(scenarios[scenario], clonazepam_mg)

    ticks = list(range(days + 1))
    return Explorer(
        model=model,
        slider=Control("clonazepam_mg", "Clonazepam at bedtime (mg)", doses,
                       float(data.value("bridging.goddard2001.clonazepam_dose_mg")),
                       labels=["none" if d == 0 else f"{d:g} mg" for d in doses]),
        menu=Control("scenario", "Mirtazapine", list(scenarios), list(scenarios)[0]),
        title="A day with two sedatives: mirtazapine and clonazepam over the first week (teaching model)",
        x_title="Day", y_title="Plasma concentration (ng/mL)",
        caption=("Teaching model, not dosing advice. Top: plasma levels from cited kinetics. Bottom: a sedation "
                 "index (0 = none, 1 = maximal) from concentration-effect curves whose midpoints and steepness "
                 "are teaching assumptions, combined additively as E1 + E2 − E1·E2. Shaded bands are waking hours "
                 f"({_clock(setting.waking_clock_h[0])}–{_clock(setting.waking_clock_h[1])}, an assumption); "
                 "diamonds give the index averaged over each day's waking hours. "
                 "Notice that moving mirtazapine to the morning puts its peak into the day, that clonazepam "
                 "raises the whole curve, and that the index climbs over the first days mostly because "
                 "clonazepam accumulates: mirtazapine, on the effective half-life behind its label's modest "
                 "accumulation, is close to steady state by the third day. Whether patients feel more sedated "
                 "on a later day than an earlier one is not known (no study measured it), and tolerance to "
                 "sedation, not modelled, works the other way. Clonazepam kinetics stay those of a typical "
                 "adult for every patient, so for the elderly and in liver disease the model understates its "
                 "share."),
        layout={
            "xaxis": {"title": {"text": "Day (shaded: waking hours)"}, "range": [0, days],
                      "tickvals": ticks, "ticktext": [f"day {d + 1}" if d < days else "" for d in ticks],
                      "anchor": "y2", "gridcolor": "#e5e5e5", "zeroline": False},
            "yaxis": {"title": {"text": "Plasma level (ng/mL)"}, "domain": [0.56, 1.0], "rangemode": "tozero",
                      "gridcolor": "#e5e5e5", "zeroline": False},
            "yaxis2": {"title": {"text": "Sedation index"}, "domain": [0.0, 0.44], "range": [0, 1.02],
                       "anchor": "x", "gridcolor": "#e5e5e5", "zeroline": False},
            "shapes": _waking_bands(days, setting.waking_clock_h),
        },
    )


def waking_sedation(mirtazapine_mg: float, clock_h: float, clonazepam_mg: float,
                    patient: str = "typical adult", day: int | None = None) -> float:
    """Combined index averaged over the waking hours of one day (default: the last simulated day)."""
    setting = drugs.course_setting()
    d = int(setting.days) - 1 if day is None else day
    result = drugs.course_day(mirtazapine_mg, clock_h, clonazepam_mg, patient, step_h=STEP_H)
    return sedation.waking_mean(result.t_h, result.combined, d, setting.waking_clock_h)


# ---- 3. the seed claims --------------------------------------------------------------------------
SEED_NAMES = {"001_ecc26e110d3dd85d.txt": "health blog",
              "002_6ceaf59be976936f.txt": "product page"}


def claim_facts() -> list:
    """The ``claims.*`` facts about this chapter's two seed pages (claims a to i), in order."""
    return sorted((f for f in data.all_facts().values()
                   if f.id.startswith("claims.") and f.get("seed") in SEED_NAMES), key=lambda f: f.id)


def claims_table() -> Markdown:
    """Every seed claim with its verdict, the evidence and the source, straight from the data files."""
    head = "| | Claim (web page) | Verdict | Evidence |\n|---|---|---|---|\n"
    rows = []
    for f in claim_facts():
        letter = f.id.split(".")[1][0]
        rows.append(f"| {letter} | {f.get('claim')} *({SEED_NAMES[f.get('seed')]})* | "
                    f"**{f.value}** | {f.get('evidence')} [[cite:{f.source}]] |")
    return Markdown(head + "\n".join(rows))
