"""myst-nb renderer that never embeds saved ipywidgets state or the widget manager's CDN loaders.

Why: without a kernel, embedded widget state shows empty or inert boxes and weighs megabytes; the
course's widgets carry a precomputed plotly figure instead (see ``widgets.views``).
"""
from myst_nb.core.render import NbElementRenderer


class CourseRenderer(NbElementRenderer):
    def render_nb_finalise(self, metadata: dict) -> None:
        return None
