"""Figures say what they show: the ch1 occupancy markers carry the dose the slider chose, in the book's
static figure and in the live widget, and doses above the label's maximum say so."""
import pytest

from widgets import ch1, data


@pytest.fixture(scope="module")
def explorer():
    return ch1.occupancy_explorer()


def _marker_names(step_names):
    return [n for n in step_names if n.startswith("at ")]


def _drugs(explorer):
    """The drug behind each menu entry, in menu order (one marker trace per entry)."""
    return [v.split(":")[0] for v in explorer.menu.values]


def test_every_slider_step_renames_the_markers_to_its_dose(explorer):
    top = data.fact("mirtazapine.max_dose_mg").value
    steps = explorer.figure_dict()["layout"]["sliders"][0]["steps"]
    assert [s["label"] for s in steps] == [f"{v:g}" for v in explorer.slider.values]
    for step, dose in zip(steps, explorer.slider.values):
        names = step["args"][0]["name"]
        assert len(names) == len(explorer.figure_dict()["data"])  # every trace keeps a name (no reset)
        for drug, marker in zip(_drugs(explorer), _marker_names(names)):
            assert marker.startswith(f"at {dose:g} mg")
            if drug == "mirtazapine":
                assert ("above the licensed maximum" in marker) == (dose > top), (dose, marker)
            else:
                assert marker == f"at {dose:g} mg"  # mianserin's labelled range reaches the end of the slider


def test_the_default_legend_matches_the_default_dose(explorer):
    names = [t["name"] for t in explorer.figure_dict()["data"]]
    assert _marker_names(names) == [f"at {explorer.slider.default:g} mg"] * len(explorer.menu.values)


def test_the_band_above_the_licensed_maximum_starts_at_the_data_fact(explorer):
    top = data.fact("mirtazapine.max_dose_mg").value
    bands = [t for t in explorer.figure_dict()["data"] if t["name"].startswith("above the licensed maximum")]
    assert len(bands) == _drugs(explorer).count("mirtazapine")
    assert all(b["name"] == f"above the licensed maximum ({top:g} mg)" for b in bands)
    assert all(b["x"][0] == top and b["fill"] == "tozeroy" for b in bands)
    assert f"{top:g} mg" in explorer.caption


def test_the_live_widget_renames_the_markers_too(explorer):
    top = data.fact("mirtazapine.max_dose_mg").value
    box = explorer.widget()
    mirtazapine = next(v for v in explorer.menu.values if v.startswith("mirtazapine"))
    explorer.update_figure(box.figure, 60, mirtazapine)
    names = [t.name for t in box.figure.data]
    assert f"at 60 mg, above the licensed maximum of {top:g} mg" in names
    explorer.update_figure(box.figure, 30, mirtazapine)
    assert "at 30 mg" in [t.name for t in box.figure.data]
