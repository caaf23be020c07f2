"""One look for every figure: the Okabe–Ito colour-blind-safe palette and a phone-friendly layout."""
from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design"; black first for reference lines
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
# order used for traces: strong contrast on white first (yellow is last: low contrast on white)
SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash"]


def base_layout(title: str, x_title: str, y_title: str, **extra) -> dict:
    layout = dict(
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 16}},
        xaxis={"title": {"text": x_title}, "zeroline": False, "gridcolor": "#e5e5e5"},
        yaxis={"title": {"text": y_title}, "zeroline": False, "gridcolor": "#e5e5e5"},
        colorway=SERIES,
        template="plotly_white",
        font={"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13,
              "color": "#222"},
        legend={"orientation": "h", "y": -0.25, "x": 0, "yanchor": "top"},
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
        height=460,
        autosize=True,
    )
    layout.update(extra)
    return layout
