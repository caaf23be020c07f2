"""The page-weight budget of the built book, as a browser with an empty cache would fetch it (gzip):
the first chapter page ≤ 800 KB, each page after it ≤ 100 KB more; plotly.js is a partial bundle of the
version the Python plotly targets and holds every trace type a figure uses; icons need no fontawesome.js."""
import re

import pytest

from bookext import publish

from bookext import assets
from bookext.page_weight import kb, page_weight
from conftest import toc_pages

pytestmark = pytest.mark.book
FIRST_PAGE_BUDGET = 800_000  # bytes, gzip
LATER_PAGE_BUDGET = 100_000
PAGES = toc_pages()
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]


@pytest.fixture(scope="module")
def weights(built_book):
    html_dir, _ = built_book
    return {p: page_weight(html_dir, f"{p}.html") for p in PAGES}


def _largest(assets_, n=5) -> str:
    return ", ".join(f"{a.path} {kb(a.gzip)}" for a in sorted(assets_, key=lambda a: -a.gzip)[:n])


@pytest.mark.parametrize("first", CHAPTERS)
def test_a_first_chapter_page_fits_the_budget(weights, built_book, first):
    w = weights[first]
    assert w.gzip <= FIRST_PAGE_BUDGET, f"{first}: {kb(w.gzip)} gzip; largest: {_largest(w.assets)}"
    has_figure = assets.FIGURE_MARKER in (built_book[0] / f"{first}.html").read_text(encoding="utf-8")
    assert any(a.path == f"_static/{assets.PLOTLY_JS}" for a in w.assets) == has_figure  # the figures' script counts


@pytest.mark.parametrize("first", CHAPTERS)
def test_every_page_after_a_chapter_page_adds_little(weights, first):
    """Each later page adds ≤ 100 KB, not counting plotly.js: a page without figures never loads it, so
    the first page with a figure after it pays it once, and the two pages together stay ≤ 800 KB."""
    cached = {a.path for a in weights[first].assets}
    plotly = f"_static/{assets.PLOTLY_JS}"
    for later in PAGES:
        added = weights[later].added_after(cached)
        total = sum(a.gzip for a in added if a.path != plotly)
        assert total <= LATER_PAGE_BUDGET, f"{later} after {first}: +{kb(total)}; {_largest(added)}"
        both = weights[first].gzip + sum(a.gzip for a in added)
        assert both <= FIRST_PAGE_BUDGET, f"{first} then {later}: {kb(both)}"


def test_the_measure_counts_what_a_browser_fetches(tmp_path):
    """A planted site: scripts, stylesheets (with @import and a font), preloads and images count;
    links a browser does not fetch, other hosts and data: URLs do not; a missing file is an error."""
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.js").write_text("x" * 5000)
    (tmp_path / "s" / "main.css").write_text('@import "extra.css";\n@font-face{font-family:F;'
                                             'src:url(f.woff2) format("woff2"),url(f.ttf) format("truetype")}')
    (tmp_path / "s" / "extra.css").write_text("p{color:red}")
    (tmp_path / "s" / "f.woff2").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "s" / "f.ttf").write_bytes(b"t" * 99999)  # the fallback a browser never takes
    (tmp_path / "s" / "pre.js").write_text("y")
    (tmp_path / "s" / "logo.png").write_bytes(b"p" * 300)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "page.html").write_text(
        '<html><head><script src="../s/a.js?v=1"></script><link rel="stylesheet" href="../s/main.css">'
        '<link rel="preload" as="script" href="../s/pre.js"><link rel="next" href="other.html">'
        '<script src="https://cdn.example.org/x.js"></script></head>'
        '<body><img src="../s/logo.png"><img src="data:image/png;base64,AAAA"></body></html>')
    w = page_weight(tmp_path, "d/page.html")
    paths = [a.path for a in w.assets]
    assert paths == ["d/page.html", "s/a.js", "s/main.css", "s/pre.js", "s/logo.png", "s/extra.css", "s/f.woff2"]
    by_path = {a.path: a for a in w.assets}
    assert by_path["s/a.js"].raw == 5000 and by_path["s/a.js"].gzip < 100  # text is gzipped
    assert by_path["s/f.woff2"].gzip == by_path["s/f.woff2"].raw == 10240  # compressed formats as they are
    assert w.added_after({"s/a.js", "s/main.css"})[0].path == "d/page.html"
    (tmp_path / "s" / "pre.js").unlink()
    with pytest.raises(FileNotFoundError, match="s/pre.js"):
        page_weight(tmp_path, "d/page.html")


def test_the_book_serves_the_partial_bundle_of_python_plotlys_plotly_js(built_book):
    html_dir, _ = built_book
    served = (html_dir / "_static" / assets.PLOTLY_JS).read_text(encoding="utf-8")
    assert served == assets.bundle_text()
    assert assets.plotly_js_version(served) == assets.python_plotly_js_version()
    assert "scatter" in assets.bundle_trace_types(served)
    assert "scatter3d" not in assets.bundle_trace_types(served)  # the partial bundle, not the full one


def test_a_mismatched_bundle_version_is_refused():
    text = assets.bundle_text()
    other = text.replace(f"v{assets.plotly_js_version(text)}", "v3.9.9", 1)
    with pytest.raises(RuntimeError, match="v3.9.9 but the installed Python plotly targets"):
        assets.check_bundle(other)


def test_every_figure_uses_a_trace_type_the_bundle_has(built_book):
    html_dir, _ = built_book
    have = assets.bundle_trace_types(assets.bundle_text())
    used = {}
    for page in html_dir.rglob("*.html"):
        for kind in assets.figure_trace_types(page.read_text(encoding="utf-8")):
            used.setdefault(kind, set()).add(page.name)
    with_figures = {p.name for p in html_dir.rglob("*.html") if assets.FIGURE_MARKER in p.read_text(encoding="utf-8")}
    assert "scatter" in used and set().union(*used.values()) == with_figures and len(with_figures) >= 8
    assert {k: sorted(v) for k, v in used.items() if k not in have} == {}


def test_a_figure_with_a_missing_trace_type_is_found():
    import plotly.graph_objects as go
    import plotly.io as pio

    from widgets.views import Control, Explorer

    page = pio.to_html(go.Figure([go.Heatmap(z=[[1, 2]]), go.Scatter(y=[1])]), include_plotlyjs=False,
                       full_html=False)
    explorer = Explorer(model=lambda k: {"line": ([0, 1], [k, k])}, slider=Control("k", "k", [1, 2], 1),
                        title="t", x_title="x", y_title="y", caption="c")
    page += explorer.static_html()
    types = assets.figure_trace_types(page)
    assert types == ["scatter", "heatmap", "scatter"]
    assert set(types) - assets.bundle_trace_types(assets.bundle_text()) == {"heatmap"}


def test_icons_are_inline_svg_and_fontawesome_js_is_not_loaded(built_book):
    html_dir, _ = built_book
    for page in PAGES:
        html = (html_dir / f"{page}.html").read_text(encoding="utf-8")
        assert "fontawesome.js" not in html, page
        assert re.findall(r'<(?:i|span)\b[^>]*class="[^"]*\bfa-[\w-]+[^"]*"[^>]*>\s*</(?:i|span)>', html) == [], page
        published = publish.load().repository   # the GitHub and launch buttons exist only once published
        for icon in ("fa-magnifying-glass", "fa-expand", "fa-bars") + (("fa-github",) if published else ()):
            assert re.search(rf'<svg class="svg-inline--fa [^"]*\b{icon}\b[^>]*viewBox="0 0 \d+ \d+"><path ', html), \
                (page, icon)
    for chapter in CHAPTERS:  # the launch (rocket) and download menus
        html = (html_dir / f"{chapter}.html").read_text(encoding="utf-8")
        for icon in ("fa-download", "fa-file", "fa-file-pdf") + (("fa-rocket",) if publish.load().repository else ()):
            assert f'<svg class="svg-inline--fa {icon}"' in html, (chapter, icon)
    theme_css = (html_dir / "_static" / assets.THEME_CSS).read_text(encoding="utf-8")
    assert "fa-solid-900.woff2" not in theme_css  # no icon webfont left to fetch


def test_an_unknown_icon_is_left_for_the_webfont(built_book):
    html_dir, _ = built_book
    packs = assets.icon_packs((html_dir / "_static" / assets.FONTAWESOME_JS).read_text(encoding="utf-8"))
    page, missing = assets.inline_icons('<i class="fa-solid fa-no-such-icon"></i><i class="fab fa-github"></i>',
                                        packs)
    assert missing == ["fa-solid fa-no-such-icon"]
    assert page.startswith('<i class="fa-solid fa-no-such-icon"></i><svg class="svg-inline--fa fa-github"')
