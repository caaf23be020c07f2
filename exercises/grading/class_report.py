"""The class report: ``report.html`` (one self-contained page) and ``item_analysis.csv`` (the same numbers).

Why: the gradebook says who scored what; this page says what the class did not understand, which exercise
misfired, which code case most functions fail, and who needs a look. It opens offline from the output
folder: plotly.js is inlined from the installed plotly package (no CDN), every figure has a title,
labelled axes, the course's Okabe–Ito colours and a sentence saying what to notice, and every number in a
figure is also in a table (and in the CSV) for readers who do not see the figure.
"""
from __future__ import annotations

import csv
import html
import re
import statistics
from pathlib import Path

from widgets.style import OKABE_ITO, base_layout

from . import item_analysis as ia

CSV_COLUMNS = ["section", "exercise", "detail", "kind", "points", "students", "of", "mean_score", "mean_share",
               "median_share", "share_correct", "share_not_attempted", "discrimination", "reading"]
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#fff}
main{max-width:1100px;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figcaption{font-size:.95rem;margin-top:.3rem}
.notice{background:#eef5fb;border-left:4px solid #0072B2;padding:.4rem .7rem}
.table-wrap{overflow-x:auto}nav ul{padding-left:1.2rem}
"""


def _pct(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.0f}%"


def _r(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _esc(text) -> str:
    return html.escape("" if text is None else str(text))


def _figure(fig, div_id: str, caption: str) -> str:
    import plotly.io as pio

    body = pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id=div_id,
                       config={"displayModeBar": False, "responsive": True})
    return (f'<figure aria-labelledby="{div_id}-caption">{body}'
            f'<figcaption id="{div_id}-caption" class="notice">{_esc(caption)}</figcaption></figure>')


def _table(caption: str, head: list[str], rows: list[list], table_id: str, numeric: set[int] = frozenset()) -> str:
    th = "".join(f'<th scope="col">{_esc(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f'<td class="num">{_esc(c)}</td>' if i in numeric else f"<td>{_esc(c)}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return (f'<div class="table-wrap"><table id="{table_id}"><caption>{_esc(caption)}</caption>'
            f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>")


def _code(text: str) -> str:
    """Escaped text with `backticked` parts as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _esc(text))


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ---- the four figures ------------------------------------------------------------------------------
def bands(shares: list[float]) -> list[int]:
    """Students per 10% band of the score (0–10%, ..., 90–100%; a full score is in the top band)."""
    counts = [0] * 10
    for share in shares:
        counts[min(9, max(0, int(share * 10 + 1e-9)))] += 1
    return counts


def distribution_figure(dist: ia.Distribution):
    import plotly.graph_objects as go

    shares = list(dist.total.values())
    fig = go.Figure()
    colours = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"]]
    series = [("all students", dist.total)] if len(dist.by_chapter) <= 1 else list(dist.by_chapter.items())
    for i, (label, values) in enumerate(series):
        counts = bands(list(values.values()))
        fig.add_trace(go.Bar(x=[5 + 10 * k for k in range(10)], y=counts, width=9.6 if len(series) == 1 else None, name=label,
                             marker={"color": colours[i % len(colours)]},
                             customdata=[f"{10 * k}–{10 * k + 10}%" for k in range(10)],
                             hovertemplate="%{customdata}: %{y} student(s)<extra>" + label + "</extra>"))
    fig.update_layout(**base_layout(f"Score distribution ({len(shares)} graded students)",
                                    "Score (% of the points marked so far)", "Students", height=380,
                                    barmode="group",
                                    showlegend=len(series) > 1))
    fig.update_xaxes(range=[0, 100], dtick=10)
    if not shares:
        return fig, "No submission could be graded, so there is no distribution yet."
    median = statistics.median(shares)
    low = sum(s < ia.LOW_SHARE for s in shares)
    caption = (f"What to notice: the median student scored {100 * median:.0f}% of the points; {low} of "
               f"{len(shares)} scored below half.")
    if len(series) > 1:
        caption += " One colour per chapter."
    return fig, caption


def items_figure(stats: list[ia.ItemStat]):
    import plotly.graph_objects as go

    names = [s.exercise for s in stats][::-1]
    fig = go.Figure()
    for label, values, colour in (
            ("mean score (% of its points)", [s.mean_share for s in stats], OKABE_ITO["blue"]),
            ("fully correct (% of students)", [s.share_correct for s in stats], OKABE_ITO["bluish_green"]),
            ("not attempted (% of students)", [s.share_not_attempted for s in stats], OKABE_ITO["vermillion"])):
        fig.add_trace(go.Bar(y=names, x=[100 * v for v in values][::-1], name=label, orientation="h",
                             marker={"color": colour}, hovertemplate="%{y}: %{x:.0f}%<extra>" + label + "</extra>"))
    fig.update_layout(**base_layout("How each exercise went", "Percent", "Exercise", barmode="group",
                                    height=max(360, 60 * len(stats) + 160),
                                    legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}))
    fig.update_xaxes(range=[0, 100])
    fig.update_yaxes(automargin=True, title={"standoff": 12})
    if not stats:
        return fig, "No exercise was scored."
    hardest = min(stats, key=lambda s: s.mean_share)
    flat = [s.exercise for s in stats if s.discrimination is not None and s.discrimination < ia.WEAK_R]
    caption = (f"What to notice: {hardest.exercise} was the hardest (mean {100 * hardest.mean_share:.0f}% of its "
               "points).")
    caption += (f" {', '.join(flat)} did not separate strong from weak students: check the wording."
                if flat else " Every exercise that could be measured separated strong from weak students.")
    return fig, caption


def misconceptions_figure(counts: list[ia.MisconceptionCount]):
    import plotly.graph_objects as go

    top = counts[:10]
    labels = [f"{c.exercise}: {_short(c.message, 36)}" for c in top][::-1]
    fig = go.Figure(go.Bar(y=labels, x=[c.students for c in top][::-1], orientation="h",
                           marker={"color": OKABE_ITO["orange"]}, customdata=[c.message for c in top][::-1],
                           hovertemplate="%{x} student(s): %{customdata}<extra></extra>"))
    fig.update_layout(**base_layout("Known wrong ideas, most frequent first", "Students", "Misconception",
                                    height=max(300, 48 * len(top) + 160), showlegend=False))
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(automargin=True, title={"standoff": 12})
    if not counts:
        return fig, "What to notice: no answer matched a known misconception."
    c = counts[0]
    return fig, (f"What to notice: the most common wrong idea ({c.students} of {c.answered} students who answered "
                 f"{c.exercise}) is worth revisiting in class: “{c.message}”")


def cases_figure(cases: list[ia.CaseCount]):
    import plotly.graph_objects as go

    top = cases[:10]
    labels = [f"{c.case} — {c.kind}" for c in top][::-1]
    fig = go.Figure(go.Bar(y=labels, x=[c.students for c in top][::-1], orientation="h",
                           marker={"color": OKABE_ITO["reddish_purple"]},
                           hovertemplate="%{x} student(s)<extra></extra>"))
    fig.update_layout(**base_layout("Code exercises: the test cases that failed most", "Students",
                                    "Test case — kind of failure", height=max(300, 48 * len(top) + 160),
                                    showlegend=False))
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(automargin=True, title={"standoff": 12})
    if not cases:
        return fig, "What to notice: every tested function passed every case."
    c = cases[0]
    return fig, (f"What to notice: {c.students} of {c.tested} functions failed {c.case} ({c.kind}); "
                 "go over that case in class.")


# ---- the page ----------------------------------------------------------------------------------------
def render(title: str, students: list[ia.StudentRun], items: list[ia.ItemResult],
           copy_notes: dict[str, str], points_note: str) -> str:
    from plotly.offline import get_plotlyjs

    dist = ia.distribution(items, students)
    stats = ia.item_stats(items, students)
    counts = ia.misconception_counts(items, students)
    cases = ia.case_counts(items, students)
    attention = ia.needs_attention(items, students, copy_notes)
    graded = sum(s.graded for s in students)
    parts = [f"<h1>{_esc(title)}</h1>",
             f"<p>{len(students)} students: {graded} graded, {len(students) - graded} not graded or missing. "
             f"{_code(points_note)}</p>",
             '<nav aria-label="Sections of this report"><ul>'
             '<li><a href="#distribution">Score distribution</a></li><li><a href="#items">Exercises</a></li>'
             '<li><a href="#misconceptions">Misconceptions</a></li><li><a href="#code-cases">Code cases</a></li>'
             '<li><a href="#attention">Needs attention</a></li></ul></nav>']

    fig, caption = distribution_figure(dist)
    parts += ['<section id="distribution" aria-labelledby="h-distribution">',
              '<h2 id="h-distribution">Score distribution</h2>', _figure(fig, "fig-distribution", caption)]
    only = next(iter(dist.by_chapter)) if len(dist.by_chapter) == 1 else "all chapters"
    rows = [[only, len(dist.total), _pct(statistics.mean(dist.total.values())) if dist.total else "",
             _pct(statistics.median(dist.total.values())) if dist.total else ""]]
    if len(dist.by_chapter) > 1:
        rows += [[ch, len(v), _pct(statistics.mean(v.values())), _pct(statistics.median(v.values()))]
                 for ch, v in sorted(dist.by_chapter.items())]
    parts += [_table("Score share per chapter", ["Chapter", "Graded students", "Mean", "Median"], rows,
                     "distribution-table", {1, 2, 3}), "</section>"]

    fig, caption = items_figure(stats)
    parts += ['<section id="items" aria-labelledby="h-items">', '<h2 id="h-items">Exercises (item analysis)</h2>',
              _figure(fig, "fig-items", caption),
              "<p>Discrimination is the correlation of the exercise score with the rest-of-test score "
              "(point-biserial for right/wrong items): near 0 or negative means the item does not tell strong "
              "from weak students; 0.3 or more is a good separation.</p>",
              _table("Item table: one row per exercise", ["Exercise", "Kind", "Points", "Students", "Mean score",
                                                          "Fully correct", "Not attempted", "Discrimination",
                                                          "Reading"],
                     [[s.exercise, s.kind, f"{s.points:g}", s.students, f"{s.mean_score:.2f} ({_pct(s.mean_share)})",
                       _pct(s.share_correct), _pct(s.share_not_attempted), _r(s.discrimination), s.reading]
                      for s in stats], "item-table", {2, 3, 4, 5, 6, 7}), "</section>"]

    fig, caption = misconceptions_figure(counts)
    parts += ['<section id="misconceptions" aria-labelledby="h-misconceptions">',
              '<h2 id="h-misconceptions">Misconceptions</h2>', _figure(fig, "fig-misconceptions", caption),
              _table("Misconception ranking: students whose answer matches each known wrong idea",
                     ["Rank", "Exercise", "Wrong idea (the feedback students saw)", "Students", "Of those who answered"],
                     [[i + 1, c.exercise, c.message, c.students, c.answered] for i, c in enumerate(counts)],
                     "misconception-ranking", {0, 3, 4}), "</section>"]

    fig, caption = cases_figure(cases)
    parts += ['<section id="code-cases" aria-labelledby="h-code-cases">',
              '<h2 id="h-code-cases">Code exercises: failing cases</h2>', _figure(fig, "fig-code-cases", caption),
              _table("Failing test cases per code exercise", ["Exercise", "Test case", "Kind of failure",
                                                              "Students", "Functions tested"],
                     [[c.exercise, c.case, c.kind, c.students, c.tested] for c in cases], "code-case-table",
                     {3, 4}), "</section>"]

    parts += ['<section id="attention" aria-labelledby="h-attention">', '<h2 id="h-attention">Needs attention</h2>',
              "<p>Students with a failed or partial run, a score below half, or a copy signal. A copy signal means "
              "several numeric answers are wrong for the student's own numbers but right for a classmate's "
              "(or for the book's public numbers): a reason to talk, never an automatic penalty.</p>",
              _table("Needs-attention list", ["Student", "Name", "Why"],
                     [[a.student_id, a.name, "; ".join(a.reasons)] for a in attention], "needs-attention")
              if attention else '<p id="needs-attention">Nobody: every student was graded, scored at least half '
                                "and shows no copy signal.</p>", "</section>"]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_esc(title)}</title><style>{CSS}</style>"
            f"<script>{get_plotlyjs()}</script></head><body><main>" + "\n".join(parts) + "</main></body></html>\n")


def csv_rows(students: list[ia.StudentRun], items: list[ia.ItemResult]) -> list[dict]:
    dist = ia.distribution(items, students)
    rows = []
    groups = [("all", dist.total)] + sorted(dist.by_chapter.items())
    for label, values in groups:
        if values:
            rows.append({"section": "distribution", "detail": label, "students": len(values),
                         "mean_share": statistics.mean(values.values()),
                         "median_share": statistics.median(values.values())})
    for s in ia.item_stats(items, students):
        rows.append({"section": "item", "exercise": s.exercise, "kind": s.kind, "points": s.points,
                     "students": s.students, "mean_score": s.mean_score, "mean_share": s.mean_share,
                     "share_correct": s.share_correct, "share_not_attempted": s.share_not_attempted,
                     "discrimination": s.discrimination, "reading": s.reading})
    for c in ia.misconception_counts(items, students):
        rows.append({"section": "misconception", "exercise": c.exercise, "detail": c.message,
                     "kind": f"misconception {c.index + 1}", "students": c.students, "of": c.answered})
    for c in ia.case_counts(items, students):
        rows.append({"section": "code-case", "exercise": c.exercise, "detail": c.case, "kind": c.kind,
                     "students": c.students, "of": c.tested})
    return rows


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{round(value, 4):g}"
    return str(value)


def write(out: Path, title: str, rows: list[dict], copy_notes: dict[str, str], points_note: str) -> None:
    students, items = ia.from_rows(rows)
    (out / "report.html").write_text(render(title, students, items, copy_notes, points_note), encoding="utf-8")
    with open(out / "item_analysis.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for row in csv_rows(students, items):
            writer.writerow([_csv_value(row.get(c)) for c in CSV_COLUMNS])
