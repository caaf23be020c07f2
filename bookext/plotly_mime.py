"""myst-nb mime render plugin: plotly's JSON output becomes an offline HTML figure in the book.

Also lowers the priority of ipywidgets views in HTML builds, so that the course's widgets show the
static (precomputed, client-side interactive) figure they carry next to the live view.
"""
from __future__ import annotations

from docutils import nodes

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
HTML_CONFIG = {"responsive": True, "displaylogo": False}


def figure_html(fig_json: dict) -> str:
    """HTML for one figure, without plotly.js (the page loads the local copy once)."""
    import plotly.io as pio

    fig = pio.from_json(_as_json_text(fig_json), skip_invalid=True)
    return pio.to_html(fig, include_plotlyjs=False, full_html=False, config=HTML_CONFIG,
                       default_width="100%")


def _as_json_text(content) -> str:
    import json

    return content if isinstance(content, str) else json.dumps(content)


class PlotlyMimeRenderer:
    mime_priority_overrides = [
        ("html", PLOTLY_MIME, 1),
        ("dirhtml", PLOTLY_MIME, 1),
        ("singlehtml", PLOTLY_MIME, 1),
        # widget views need a kernel: prefer the text/html static form the course widgets carry
        ("html", WIDGET_VIEW_MIME, 35),
        ("dirhtml", WIDGET_VIEW_MIME, 35),
        ("singlehtml", WIDGET_VIEW_MIME, 35),
    ]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type == PLOTLY_MIME:
            html = figure_html(data.content)
            return [nodes.raw(text=html, format="html", classes=["output", "plotly-figure"])]
        if data.mime_type == WIDGET_VIEW_MIME:
            # a bare widget with no static form: say how to use it instead of an empty box
            return [nodes.raw(text=LIVE_ONLY_NOTE, format="html", classes=["output", "live-only"])]
        return None


LIVE_ONLY_NOTE = (
    '<p class="admonition note live-only-note">This control needs a running Python kernel. '
    "Use the rocket icon at the top of the page to open it live (Binder, Colab or JupyterHub).</p>"
)
