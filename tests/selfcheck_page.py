"""Small generated pages holding the book's self-checks, for browser tests that must not depend on
chapter prose: the same HTML (``exercises.static``) and assets (``bookext/assets``) the book uses."""
from __future__ import annotations

import html
import math
import shutil
from pathlib import Path

from exercises import registry
from exercises.core import Choice, FreeText, Matching, Numeric, Ordering
from exercises.static import judging_spec, progress_panel_html, self_check_html

from helpers import ROOT

ASSETS = ROOT / "bookext" / "assets"

# Not in a chapter bank (the bank has no matching exercise yet): the page and the parity test need one.
MATCHING = Matching(id="ch9.match-receptor-effect", chapter="ch9", objective="Match receptors to effects",
                    prompt="Match each receptor blockade to the effect it best explains.", points=2,
                    hints=["Antihistamines make people sleepy."],
                    left=["H1 antagonism", "α1 antagonism", "5-HT3 antagonism"],
                    right=["Orthostatic dizziness", "Sedation", "Less nausea"], pairs={0: 1, 1: 0, 2: 2})


def page_exercises() -> list:
    return list(registry.all_exercises().values()) + [MATCHING]


def write_page(folder: Path, name: str, exercises, panel_chapters: list[str] | None | str = "none",
               title: str = "Self-checks") -> Path:
    """``folder/name.html`` with the given exercises and, unless "none", a progress panel."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_static").mkdir(exist_ok=True)
    for asset in ("selfcheck.js", "selfcheck.css"):
        shutil.copyfile(ASSETS / asset, folder / "_static" / asset)
    panel = "" if panel_chapters == "none" else progress_panel_html(panel_chapters)
    links = "".join(f'<li><a href="{n}.html">{n}</a></li>' for n in ("ch1", "ch2", "all", "landing"))
    body = "".join(self_check_html(ex) for ex in exercises)
    (folder / f"{name}.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="_static/selfcheck.css"><script src="_static/selfcheck.js"></script></head>'
        f'<body><main><h1>{html.escape(title)}</h1><nav aria-label="Pages"><ul>{links}</ul></nav>'
        f'{body}{panel}</main></body></html>', encoding="utf-8")
    return folder / f"{name}.html"


def numeric_corpus(ex: Numeric) -> list[str]:
    """Inputs that probe every rule: each accepted unit, misconceptions, tolerance edges, bad input."""
    spec = judging_spec(ex)
    want = ex.expected()
    low, high = spec["judge"]["interval"]
    out = [f"{v / factor!r} {spelling}" for spelling, factor in spec["units"]["factors"].items()
           for v in (want, low, high)]
    out += [repr(v) for v in (want, low, high, math.nextafter(low, -math.inf), math.nextafter(high, math.inf),
                              math.nextafter(low, math.inf), math.nextafter(high, -math.inf),
                              low - (high - low), high + (high - low), -want, want / 100, want * 100)]
    for m in spec["judge"]["misconceptions"]:
        a, b = m["interval"]
        out += [repr((a + b) / 2), repr(math.nextafter(a, -math.inf)), repr(b)]
    out += ["", "  ", "abc", "15 mg", "NaN", "nan", "inf", "-Infinity", "1e309", "-1e309", "1e308 g", "-5", "-0",
            "0", "0,75", "75%", "75 %", "75 percent", "0.75", "3/4", "1/0", "1 / 3", "15 furlongz", "15 mg/day",
            "4.15 days", "4,15 d", "99 h", "2 weeks", "7.73 %", "14.5 ng/mL", "14.5 ng / ml", "0.0145 mg/L",
            "30 nM", "2.3x", "1e-7", "12345678", "+.5e1", "5.", "'", '"', "a\\b", "\u00b5g", "5 µg/L", "5 μg/L",
            "5 NG/ML", "5 per day", "5 daily", f"{want:.3g}", f"{want:.2f}".replace(".", ",")]
    return list(dict.fromkeys(out))


def corpus(ex) -> list:
    """Every answer the page can produce for a finite exercise; a probing corpus for numbers and text."""
    if isinstance(ex, Numeric):
        return numeric_corpus(ex)
    spec = judging_spec(ex)
    if isinstance(ex, Choice):
        return [k.split(",") if k else [] for k in spec["table"]]
    if isinstance(ex, Ordering):
        return [k.split(",") for k in spec["table"]]
    if isinstance(ex, Matching):
        return [dict(p.split("-") for p in k.split(",")) if k else {} for k in spec["table"]]
    if isinstance(ex, FreeText):
        return ["", "   ", "one two three", " ".join(["word"] * (ex.min_words - 1)), " ".join(["word"] * ex.min_words),
                "H1 saturates early\nwhile α2 keeps rising " * 8]
    return []
