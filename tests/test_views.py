"""Views: the static figure carries every state; the live widget updates in place; both agree."""
import json

import numpy as np
import pytest

import widgets as cw


@pytest.fixture(params=list(cw.explorers()))
def explorer(request):
    return cw.explorers()[request.param]()


def test_static_figure_has_a_step_per_slider_value_and_a_button_per_menu_option(explorer):
    fig = explorer.figure_dict()
    menus = explorer.menu.values if explorer.menu is not None else [None]
    assert len(fig["data"]) == sum(len(explorer.traces(explorer.slider.default, m)) for m in menus)
    steps = fig["layout"]["sliders"][0]["steps"]
    assert len(steps) == len(explorer.slider.values)
    for step in steps:
        for values in step["args"][0].values():
            assert len(values) == len(fig["data"])
    if explorer.menu is not None:
        buttons = fig["layout"]["updatemenus"][0]["buttons"]
        assert len(buttons) == len(explorer.menu.values)
        visible = [t["visible"] for t in fig["data"]]
        assert visible == buttons[explorer.menu.default_index]["args"][0]["visible"]


def test_slider_steps_really_change_the_plotted_data(explorer):
    steps = explorer.figure_dict()["layout"]["sliders"][0]["steps"]
    states = [json.dumps(s["args"][0]) for s in steps]
    assert len(set(states)) == len(states)


def test_static_html_is_offline_captioned_and_small(explorer):
    html = explorer.static_html()
    assert "<figcaption>" in html and 'class="plotly-graph-div"' in html
    assert "http" not in html.split("<figcaption>")[0]
    assert len(html) < 160_000


def _coordinates(model_trace):
    if isinstance(model_trace, tuple):
        return model_trace
    return model_trace.get("x"), model_trace.get("y")


def test_live_update_matches_the_model(explorer):
    box = explorer.widget()
    fig = box.figure
    value = explorer.slider.values[0]
    menu = explorer.menu.values[-1] if explorer.menu is not None else None
    explorer.update_figure(fig, value, menu)
    expected = list(explorer.traces(value, menu).values())
    shown = [t for t in fig.data if t.visible]
    assert len(shown) == len(expected)
    for trace, model in zip(shown, expected):
        x, y = _coordinates(model)
        for got, want in ((trace.x, x), (trace.y, y)):
            if want is None or not np.issubdtype(np.asarray(want).dtype, np.number):
                continue
            assert np.allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float), equal_nan=True)


def test_mimebundle_offers_static_html_for_the_book(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "text/html" in bundle and "text/plain" in bundle


def test_control_refuses_a_default_outside_its_values():
    with pytest.raises(ValueError, match="not among its values"):
        cw.Control("dose", "Dose", [1, 2], 3)


def test_text_renders_values_with_citations_and_unverified_labels():
    template = "t½ [[mirtazapine.half_life_h]]; Ki [[model.alpha2_brake_fraction|value]]"
    assert "20–40 h {cite:p}`timmer2000`" in cw.render(template, "myst")
    assert "teaching assumption" in cw.render(template, "text")
    assert "Timmer et al. 2000" in cw.render(template, "notebook") and "{cite" not in cw.render(template, "notebook")
    info = cw.text.citation_labels()
    if info.get("bibliography_url"):   # published: a link to the book's bibliography entry
        assert f"[Timmer et al. 2000]({info['bibliography_url']}#ref-timmer2000)" in cw.render(template, "notebook")
    u = [f for f in cw.data.all_facts().values() if f.status == "U" and f.source != "course_teaching_models"][0]
    assert "representative value, unverified" in cw.render(f"[[{u.id}]]")
    with pytest.raises(KeyError, match="did you mean"):
        cw.render("[[mirtazapine.half_life]]")
    with pytest.raises(KeyError, match="no parameter"):
        cw.render("[[half_life]]", params={"half_life_h": 30})


def test_explorers_are_found_in_every_chapter_module():
    found = cw.explorers()
    assert {key.split(".")[0] for key in found} == set(cw.chapter_names()) == {"ch1", "ch2", "ch3", "ch4"}
    assert "ch1.pk_explorer" in found and len(found) >= 9


def test_every_figure_colour_is_from_the_okabe_ito_palette_or_grey(explorer):
    """Colour-blind-safe: trace, fill and shape colours come from Okabe–Ito (any opacity) or are greys."""
    import re

    from widgets.style import OKABE_ITO

    allowed = {c.upper() for c in OKABE_ITO.values()}
    text = json.dumps(explorer.figure_dict())
    for colour in re.findall(r'"(?:color|fillcolor|bgcolor|bordercolor)": "(#[0-9A-Fa-f]{3,8})"', text):
        base = colour.upper()[:7] if len(colour) > 4 else colour.upper()
        grey = len(set(base[1:])) == 1 or (len(base) == 7 and base[1:3] == base[3:5] == base[5:7])
        assert base in allowed or grey, f"{colour} is neither Okabe–Ito nor grey"


def test_the_data_appendix_lists_every_fact_once_in_its_named_group():
    import re as re_

    from widgets.data import all_facts
    from widgets.text import fact_group, facts_table

    text = facts_table().plain
    groups = re_.findall(r"<summary>(.+?) · (\d+) facts?</summary>\n\n(.*?)\n\n</details>", text, re_.DOTALL)
    listed = {}
    for name, n, table in groups:
        ids = re_.findall(r"^\| `([^`]+)` \|", table, re_.MULTILINE)
        assert len(ids) == int(n) and all(fact_group(i) == name for i in ids), name
        listed.update(dict.fromkeys(ids))
    assert sorted(listed) == sorted(all_facts()) and len(listed) == sum(int(n) for _, n, _ in groups)
    assert not any("seed" in name.lower() for name, _, _ in groups)   # web pages are named for what they are
    with pytest.raises(KeyError, match="'newtopic' has no name in widgets.text.FACT_GROUPS"):
        fact_group("newtopic.some_value")
