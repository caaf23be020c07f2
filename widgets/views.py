"""Views: one object, two forms. Live (ipywidgets + plotly FigureWidget) in a kernel; static (a plotly
figure whose slider and menu states are all precomputed) in the book, where no kernel runs.

Views know nothing about pharmacology: they take a model function and the values of its controls.
The model returns ``{trace name: (x, y) or a dict of plotly trace properties}``; a trace name may end in
``" |dash"``, ``" |dot"``, ``" |fill"`` or ``" |marker"`` to style it (the suffix is not shown). A trace
name may depend on the slider (e.g. "at 30 mg"): the legend follows the slider.
A ``layout`` given to the Explorer may set its own ``legend`` and bottom ``margin``.
"""
from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from .style import DASHES, SERIES, base_layout

STYLE_SUFFIXES = ("dash", "dot", "fill", "marker")


@dataclass
class Control:
    """One model parameter the reader can change, with the discrete values the book precomputes."""

    name: str
    label: str
    values: Sequence
    default: object
    labels: Sequence[str] | None = None

    def __post_init__(self):
        if self.default not in list(self.values):
            raise ValueError(f"control {self.name!r}: default {self.default!r} is not among its values")
        if self.labels is None:
            self.labels = [_short(v) for v in self.values]
        if len(self.labels) != len(self.values):
            raise ValueError(f"control {self.name!r}: {len(self.labels)} labels for {len(self.values)} values")

    @property
    def default_index(self) -> int:
        return list(self.values).index(self.default)


def _short(v) -> str:
    return f"{v:g}" if isinstance(v, (int, float, np.floating)) else str(v)


def _split_style(name: str) -> tuple[str, str]:
    if " |" in name:
        label, style = name.rsplit(" |", 1)
        if style in STYLE_SUFFIXES:
            return label, style
    return name, ""


def _rounded(a) -> list:
    arr = np.asarray(a, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(np.isfinite(arr), np.round(arr, 3), np.nan)
    return [None if np.isnan(v) else float(f"{v:.3g}") for v in out]


DYNAMIC_KEYS = ("name", "x", "y", "text", "error_x.array", "error_x.arrayminus", "error_y.array", "error_y.arrayminus")


def _flat(trace) -> dict:
    """A model's trace, ``(x, y)`` or a dict of plotly trace properties, as a flat dict (dotted keys)."""
    if isinstance(trace, tuple):
        x, y = trace
        return {"x": x, "y": y}
    flat = {}
    for key, value in trace.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    return flat


def _named(name: str, trace) -> dict:
    """A model's trace as a flat dict that carries its legend name (the key without its style suffix)."""
    return {"name": _split_style(name)[0], **_flat(trace)}


def _nested(flat: dict, rounded: bool = False) -> dict:
    out: dict = {}
    for key, value in flat.items():
        if rounded and key in DYNAMIC_KEYS and key not in ("name", "text") and value is not None:
            value = _rounded(value)
        elif isinstance(value, np.ndarray):
            value = value.tolist()
        head, _, tail = key.partition(".")
        if tail:
            out.setdefault(head, {})[tail] = value
        else:
            out[head] = value
    return out


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return np.array_equal(np.asarray(a), np.asarray(b))
    except Exception:
        return a == b


@dataclass
class Explorer:
    model: Callable[..., dict]
    slider: Control
    title: str
    x_title: str
    y_title: str
    caption: str
    menu: Control | None = None
    fixed: dict = field(default_factory=dict)
    layout: dict = field(default_factory=dict)

    # ---- shared -------------------------------------------------------------------------------
    def traces(self, slider_value=None, menu_value=None) -> dict:
        params = dict(self.fixed)
        params[self.slider.name] = self.slider.default if slider_value is None else slider_value
        if self.menu is not None:
            params[self.menu.name] = self.menu.default if menu_value is None else menu_value
        return self.model(**params)

    def _menu_values(self):
        return list(self.menu.values) if self.menu is not None else [None]

    def _style(self, i: int, name: str) -> dict:
        label, style = _split_style(name)
        colour = SERIES[i % len(SERIES)]
        spec = {"name": label, "mode": "lines", "line": {"color": colour, "width": 2.5}}
        if style == "dash":
            spec["line"] = {"color": "#000000", "width": 1.5, "dash": "dash"}
        elif style == "dot":
            spec["line"] = {"color": "#555555", "width": 1.5, "dash": "dot"}
        elif style == "fill":
            spec.update(fill="tozeroy", line={"color": colour, "width": 0}, opacity=0.3,
                        fillcolor=colour + "33", hoverinfo="skip")
        elif style == "marker":
            spec.update(mode="markers", marker={"color": colour, "size": 11, "symbol": "diamond"})
        else:
            spec["line"]["dash"] = DASHES[i % len(DASHES)]
        return spec

    def figure_dict(self) -> dict:
        """The static figure: every slider value and menu option precomputed, as a plotly dict (cached)."""
        if getattr(self, "_figure", None) is None:
            self._figure = self._build_figure()
        return self._figure

    def _build_figure(self) -> dict:
        menus = self._menu_values()
        states = {}  # (slider index, menu index) -> {name: flat trace dict}
        for mi, m in enumerate(menus):
            for si, s in enumerate(self.slider.values):
                states[(si, mi)] = {k: _named(k, v) for k, v in self.traces(s, m).items()}
        groups = [states[(self.slider.default_index, mi)] for mi in range(len(menus))]
        data, owner = [], []
        for mi, group in enumerate(groups):
            visible = mi == (self.menu.default_index if self.menu else 0)
            for ti, (name, flat) in enumerate(group.items()):
                trace = {"type": "scatter", "visible": visible}
                trace.update(self._style(ti, name))
                trace.update(_nested(flat, rounded=True))
                data.append(trace)
                owner.append(mi)
        # send in each slider step only the keys that some step changes
        moving = [k for k in DYNAMIC_KEYS if any(
            not _same(state.get(k), group.get(k))
            for (si, mi), st in states.items() for state, group in zip(st.values(), groups[mi].values()))]
        steps = []
        for si, label in enumerate(self.slider.labels):
            update = {k: [] for k in moving}
            for mi in range(len(menus)):
                for flat in states[(si, mi)].values():
                    for k in moving:
                        value = flat.get(k)
                        update[k].append(None if value is None else value if k == "name"
                                         else list(value) if k == "text" else _rounded(value))
            steps.append({"method": "restyle", "label": label, "args": [update]})
        layout = base_layout(self.title, self.x_title, self.y_title, **self.layout)
        # Controls sit above the plot and the legend below it, so neither covers the other on a phone.
        layout["title"] = {"text": ""}
        top = 125 if self.menu is not None else 85
        layout["margin"] = {**layout["margin"], "t": top, "b": self.layout.get("margin", {}).get("b", 40)}
        layout["legend"] = self.layout.get("legend", {"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top"})
        layout["height"] = layout["height"] + top + 40
        layout["sliders"] = [{
            "active": self.slider.default_index,
            "currentvalue": {"prefix": f"{self.slider.label}: ", "font": {"size": 13}},
            "x": 0, "len": 1, "y": 1.02, "yanchor": "bottom", "pad": {"t": 0, "b": 0},
            "steps": steps,
        }]
        if self.menu is not None:
            buttons = []
            for mi, label in enumerate(self.menu.labels):
                buttons.append({"method": "restyle", "label": label,
                                "args": [{"visible": [o == mi for o in owner]}]})
            layout["updatemenus"] = [{
                "type": "dropdown", "active": self.menu.default_index, "buttons": buttons,
                "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom", "pad": {"b": 75},
                "showactive": True,
            }]
        return {"data": data, "layout": layout}

    def _div_id(self) -> str:
        return "fig-" + hashlib.sha1(self.title.encode()).hexdigest()[:10]

    def static_html(self, plotly_js_url: str | None = None, note: str = "") -> str:
        """The book's form: a <figure> with the plotly div and its caption (plotly.js loaded by the page).

        Outside the book (a kernel whose live widget cannot render), ``plotly_js_url`` is where the figure
        loads plotly.js from when the page has none, and ``note`` says why the live version is missing.
        """
        fig = self.figure_dict()
        payload = json.dumps(fig, separators=(",", ":"))
        div_id = self._div_id()
        config = json.dumps({"responsive": True, "displaylogo": False})
        if plotly_js_url is None:
            missing = ('document.getElementById(id).textContent='
                       '"This figure needs plotly.js; open the page in the built book.";')
        else:
            failed = json.dumps(f"plotly.js could not be loaded from {plotly_js_url} (offline?), so this "
                                "figure cannot be drawn here; the built book shows it.")
            missing = (f'var u={json.dumps(plotly_js_url)},e=function(){{document.getElementById(id).textContent={failed};}};'
                       'if(window.define&&window.define.amd&&window.require){require.config({paths:{plotly:u.slice(0,-3)}});'
                       'require(["plotly"],function(P){window.Plotly=P;draw();},e);}'
                       'else{var s=document.createElement("script");s.src=u;s.onload=draw;s.onerror=e;'
                       'document.head.appendChild(s);}')
        note_html = f'<p class="course-live-missing"><em>{html.escape(note)}</em></p>' if note else ""
        return (
            f'<figure class="course-figure" aria-label="{html.escape(self.title)}">{note_html}'
            f'<p class="course-figure-title"><strong>{html.escape(self.title)}</strong></p>'
            f'<div id="{div_id}" class="plotly-graph-div" style="height:{fig["layout"]["height"]}px;width:100%;"></div>'
            f'<script type="text/javascript">(function(){{var f={payload},id="{div_id}";'
            f'function draw(){{Plotly.newPlot(id,f.data,f.layout,{config});}}'
            f'if(window.Plotly){{draw();}}else{{{missing}}}}})();</script>'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
        )

    # ---- live ---------------------------------------------------------------------------------
    def widget(self):
        """The live form: controls, a FigureWidget updated in place, and the caption."""
        import ipywidgets as ipw
        import plotly.graph_objects as go

        fig_dict = self.figure_dict()
        layout = dict(fig_dict["layout"])
        layout.pop("sliders", None)
        layout.pop("updatemenus", None)
        layout["height"] = 460
        layout["margin"] = {"l": 60, "r": 20, "t": 60, "b": 40}
        layout["title"] = {"text": self.title, "x": 0.0, "xanchor": "left"}
        fig = go.FigureWidget(data=fig_dict["data"], layout=layout)
        controls = []
        slider = ipw.SelectionSlider(
            options=list(zip(self.slider.labels, self.slider.values)), value=self.slider.default,
            description=self.slider.label, style={"description_width": "initial"},
            layout=ipw.Layout(width="95%"), continuous_update=True)
        controls.append(slider)
        menu = None
        if self.menu is not None:
            menu = ipw.Dropdown(options=list(zip(self.menu.labels, self.menu.values)),
                                value=self.menu.default, description=self.menu.label,
                                style={"description_width": "initial"})
            controls.append(menu)

        def redraw(_change=None):
            self.update_figure(fig, slider.value, menu.value if menu is not None else None)

        slider.observe(redraw, names="value")
        if menu is not None:
            menu.observe(redraw, names="value")
        caption = ipw.HTML(f"<p><em>{html.escape(self.caption)}</em></p>")
        box = ipw.VBox([*controls, fig, caption])
        box.figure = fig  # for tests and benchmarks
        return box

    def update_figure(self, fig, slider_value, menu_value=None) -> None:
        """Recompute the model for one state and write it into a live figure (one batched message)."""
        active = self._menu_values().index(menu_value) if self.menu is not None else 0
        traces = self.traces(slider_value, menu_value)
        owner = self._trace_owner()
        start = owner.index(active)
        with fig.batch_update():
            for i, o in enumerate(owner):
                if fig.data[i].visible != (o == active):
                    fig.data[i].visible = o == active
            for k, (name, trace) in enumerate(traces.items()):
                flat = _named(name, trace)
                fig.data[start + k].update(_nested({key: flat[key] for key in DYNAMIC_KEYS if key in flat}))

    def _trace_owner(self) -> list[int]:
        """For each trace of the figure, the index of the menu option it belongs to."""
        if getattr(self, "_owner", None) is None:
            self._owner = [mi for mi, m in enumerate(self._menu_values())
                           for _ in self.traces(self.slider.default, m)]
        return self._owner

    def _live_view(self, include=None, exclude=None) -> tuple[dict | None, str]:
        """The live widget's view, or None and the reason it cannot be shown (one line for the reader)."""
        try:
            import ipywidgets
        except ImportError:
            return None, "The live version of this figure needs ipywidgets, which is not installed."
        if int(ipywidgets.__version__.split(".")[0]) < MIN_IPYWIDGETS:
            return None, (f"The live version of this figure is missing: ipywidgets {ipywidgets.__version__} is "
                          f"installed and it needs ipywidgets {MIN_IPYWIDGETS} or newer (on Colab, run the "
                          "notebook's first cell, then restart the session). This copy still has its slider.")
        try:
            live = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        except Exception as exc:
            return None, (f"The live version of this figure could not be built ({type(exc).__name__}: {exc}). "
                          "This copy still has its slider.")
        view = live.get(WIDGET_VIEW_MIME)
        if view is None:
            return None, "The live version of this figure is missing: no widget frontend is connected."
        return view, ""

    def _repr_mimebundle_(self, include=None, exclude=None):
        view, reason = self._live_view(include, exclude)
        if view is not None:
            # live frontends show the widget; the book (by mime priority) the static figure
            return {"text/plain": f"{self.title} (interactive figure)", "text/html": self.static_html(),
                    WIDGET_VIEW_MIME: view}
        return {"text/plain": f"{self.title} (interactive figure)\n{reason}",
                "text/html": self.static_html(plotly_js_url=plotly_js_cdn(), note=reason)}


WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
MIN_IPYWIDGETS = 8  # as pyproject.toml's dependencies say


def plotly_js_cdn() -> str:
    """plotly's own CDN address for the plotly.js of the installed plotly (what its Colab renderer loads).
    Used only where no live widget can render; the built book loads its local copy instead."""
    from plotly.offline import get_plotlyjs_version

    return f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"

