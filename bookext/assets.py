"""The book's heavy assets, made light: a partial plotly.js bundle, inline SVG icons, phone CSS.

Why: a chapter page used to pull the whole plotly.js (4.8 MB: 3D, maps, finance) and the theme's
fontawesome.js (1.5 MB, to draw ~16 icons), 2.5 MB gzip before the first figure. The course draws
only scatter traces, so pages load plotly's own "basic" partial bundle (scatter, bar, pie), pinned in
``bookext/npm/package-lock.json`` at the plotly.js version the pinned Python plotly bundles, so
figures render exactly as in a notebook. Icons become inline SVG at build time, drawn from the
theme's own fontawesome.js icon data, that script is no longer loaded, and the theme's few CSS glyph
icons (admonition titles) become SVG too, so no icon webfont is fetched. ``phone.css`` keeps tables
and text inside a 390 px screen; ``fit.js`` wraps slider labels and moves legends off axis titles
when a figure is narrow; ``factfilter.js`` makes the data appendix's 600 facts searchable.
"""
from __future__ import annotations

import html as html_lib
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
BUNDLE = HERE / "npm" / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
INSTALL_HINT = "run `make book` (or `cd bookext/npm && npm ci`) to install the pinned plotly.js bundle"
PLOTLY_JS = "plotly/plotly.min.js"  # path under the build's _static/ (the partial bundle)
COURSE_CSS = "course/course.css"  # path under the build's _static/: phone.css + generated icon CSS
FONTAWESOME_JS = "scripts/fontawesome.js"  # the theme's script, under _static/
THEME_CSS = "styles/pydata-sphinx-theme.css"  # the theme's stylesheet, under _static/
FIT_JS = "course/fit.js"  # path under the build's _static/: figures that fit a phone
FACTS_JS = "course/factfilter.js"  # path under the build's _static/: find a fact in the data appendix
FIGURE_MARKER = "plotly-graph-div"
FACTS_MARKER = 'class="course-facts"'
# A page loads a script only when its body holds the marker: (marker, script, priority).
PAGE_SCRIPTS = [(FIGURE_MARKER, FIT_JS, 201),   # right after plotly.js (200), before the figures
                (FACTS_MARKER, FACTS_JS, 300)]


# ---- plotly.js -------------------------------------------------------------------------------------
def plotly_js_version(text: str) -> str:
    """The version in a plotly.js bundle's banner ("plotly.js (basic - minified) v4.1.1")."""
    match = re.search(r"plotly\.js[^\n]*?\bv(\d+\.\d+\.\d+)", text[:600])
    if not match:
        raise ValueError("no plotly.js version banner at the start of the bundle")
    return match.group(1)


def python_plotly_js_version() -> str:
    """The plotly.js version shipped inside the installed Python plotly (what notebooks render with)."""
    import plotly

    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    with full.open(encoding="utf-8") as f:
        return plotly_js_version(f.read(600))


def bundle_text() -> str:
    if not BUNDLE.is_file():
        raise FileNotFoundError(f"{BUNDLE.relative_to(HERE.parent)} is missing: {INSTALL_HINT}")
    return BUNDLE.read_text(encoding="utf-8")


def check_bundle(text: str) -> None:
    """The bundle must be the plotly.js version the Python plotly targets, or figures could differ."""
    have, want = plotly_js_version(text), python_plotly_js_version()
    if have != want:
        raise RuntimeError(f"plotly.js bundle is v{have} but the installed Python plotly targets v{want}: "
                           f"pin plotly.js-basic-dist-min {want} in bookext/npm/package.json and {INSTALL_HINT}")


def bundle_trace_types(text: str) -> set[str]:
    """Trace types a plotly.js bundle registers (each trace module declares moduleType "trace")."""
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', text))


def figure_trace_types(page: str) -> list[str]:
    """The trace type of every trace of every figure in a built page (course figures and plain plotly)."""
    import json

    decoder = json.JSONDecoder()
    types = []
    for m in re.finditer(r"var f=(?=\{)", page):  # widgets.views: var f={data, layout}; Plotly.newPlot(id, f.data ...)
        fig, _ = decoder.raw_decode(page, m.end())
        types += [trace.get("type", "scatter") for trace in fig.get("data", [])]
    for m in re.finditer(r'Plotly\.newPlot\(\s*"[^"]*",\s*(?=\[)', page):  # plotly.io.to_html
        data, _ = decoder.raw_decode(page, m.end())
        types += [trace.get("type", "scatter") for trace in data]
    return types


# ---- icons -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Icon:
    width: int
    height: int
    unicode: str  # the glyph's code point in the webfont, hex ("f05a")
    path: str

    def data_uri(self, fill: str = "#000") -> str:
        from urllib.parse import quote

        svg = (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {self.width} {self.height}' "
               f"width='{16 * self.width / self.height:.0f}' height='16'>"
               f"<path fill='{fill}' d='{self.path}'/></svg>")
        return "url(\"data:image/svg+xml," + quote(svg, safe=" ='/:,.-") + "\")"


PACK_PREFIXES = {"fab": "brands", "fa-brands": "brands", "far": "regular", "fa-regular": "regular",
                 "fas": "solid", "fa-solid": "solid"}
_ICON_DEF = re.compile(r'(?:"([\w-]+)"|([\w-]+)):\[(\d+),(\d+),\[([^\]]*)\],"([0-9a-f]*)","([^"]+)"\]')
_PACK_END = re.compile(r'd\("(fab|far|fas)",p\)')


@lru_cache(maxsize=2)
def icon_packs(fontawesome_js: str) -> dict[str, dict[str, Icon]]:
    """{"solid"|"regular"|"brands": {icon name or alias: Icon}} from the theme's fontawesome.js."""
    packs, start = {}, 0
    for end in _PACK_END.finditer(fontawesome_js):
        pack_start = fontawesome_js.rfind("var p={", start, end.start())
        icons = {}
        for m in _ICON_DEF.finditer(fontawesome_js, pack_start, end.start()):
            icon = Icon(int(m.group(3)), int(m.group(4)), m.group(6), m.group(7))
            icons[m.group(1) or m.group(2)] = icon
            for alias in re.findall(r'"([\w-]+)"', m.group(5)):
                icons.setdefault(alias, icon)
        packs[PACK_PREFIXES[end.group(1)]] = icons
        start = end.end()
    if set(packs) != {"brands", "regular", "solid"}:
        raise ValueError(f"fontawesome.js: found icon packs {sorted(packs)}, expected brands, regular, solid")
    return packs


_ICON_ELEMENT = re.compile(r'<(i|span)\b([^>]*\bclass="([^"]*\bfa-[^"]*)"[^>]*)>\s*</\1>')


def _icon_for(classes: list[str], packs) -> Icon | None:
    pack = "brands" if {"fab", "fa-brands"} & set(classes) else (
        "regular" if {"far", "fa-regular"} & set(classes) else "solid")
    for name in (c.removeprefix("fa-") for c in classes if c.startswith("fa-")):
        if name in packs[pack]:
            return packs[pack][name]
    return None


def inline_icons(page: str, packs) -> tuple[str, list[str]]:
    """Each empty ``<i class="fa-solid fa-rocket">`` becomes the inline SVG fontawesome.js would draw.

    Returns the page and the class lists of icon elements left alone (no such icon in the packs)."""
    missing = []

    def svg(match: re.Match) -> str:
        classes = match.group(3).split()
        icon = _icon_for(classes, packs)
        if icon is None:
            missing.append(match.group(3))
            return match.group(0)
        attributes = re.sub(r'\s*\bclass="[^"]*"', "", match.group(2))
        # like fontawesome.js, drop the style classes: theme rules for "fa-solid" target the webfont glyph
        shown = [c for c in classes if c not in PACK_PREFIXES]
        if "aria-hidden" not in attributes:
            attributes += ' aria-hidden="true"'
        return (f'<svg class="svg-inline--fa {html_lib.escape(" ".join(shown))}"{attributes} focusable="false" '
                f'role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {icon.width} {icon.height}">'
                f'<path fill="currentColor" d="{icon.path}"></path></svg>')

    return _ICON_ELEMENT.sub(svg, page), missing


_FONTAWESOME_TAG = re.compile(r'<script\b[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>\s*')


def drop_fontawesome_js(page: str) -> str:
    return _FONTAWESOME_TAG.sub("", page)


_THEME_ICON_VAR = re.compile(r'(--pst-icon-[\w-]+):"(.)"')
_ADMONITION_VAR = re.compile(r"--pst-icon-admonition-([\w-]+):var\((--pst-icon-[\w-]+)\)")
_ICON_FONT_FACE = re.compile(r"@font-face\s*{[^}]*Font Awesome[^}]*}")
ICON_GREY = "#6c757d"  # the theme's muted text colour


def theme_icon_css(theme_css: str, packs) -> str:
    """CSS that draws the theme's own glyph icons (``--pst-icon-*`` in pseudo-elements) as SVG.

    Every ``--pst-icon-x: "<glyph>"`` becomes an SVG image of the same Font Awesome icon; admonition
    titles get a mask filled with their theme colour, as the glyph was."""
    by_code = {icon.unicode: icon for icon in packs["solid"].values()}
    images, masks = [], {}
    for var, glyph in _THEME_ICON_VAR.findall(theme_css):
        icon = by_code.get(f"{ord(glyph):x}")
        if icon is not None:
            images.append(f"{var}:{icon.data_uri(ICON_GREY)}")
            masks[var] = icon
    lines = ["/* generated by bookext/assets.py from the theme's icon variables */",
             "html:root{" + ";".join(images) + "}",
             ".admonition>.admonition-title::after,div.admonition>.admonition-title::after{content:\"\"!important;"
             "background-color:currentColor;-webkit-mask:var(--course-icon) center/contain no-repeat;"
             "mask:var(--course-icon) center/contain no-repeat}"]
    default = masks.get("--pst-icon-bell")
    if default is not None:
        lines.append(".admonition>.admonition-title,div.admonition>.admonition-title{--course-icon:"
                     + default.data_uri() + "}")
    for kind, var in _ADMONITION_VAR.findall(theme_css):
        if var in masks and kind != "default":
            name = "admonition-todo" if kind == "todo" else kind
            lines.append(f".admonition.{name}>.admonition-title,div.admonition.{name}>.admonition-title"
                         f"{{--course-icon:{masks[var].data_uri()}}}")
    return "\n".join(lines) + "\n"


def drop_icon_fonts(theme_css: str) -> str:
    """The theme CSS without its Font Awesome webfonts (300 KB), which nothing draws with any more."""
    return _ICON_FONT_FACE.sub("", theme_css)


# ---- build hooks -----------------------------------------------------------------------------------
def _copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    text = bundle_text()
    check_bundle(text)
    target = static / PLOTLY_JS
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != BUNDLE.read_bytes():
        shutil.copyfile(BUNDLE, target)
    css = static / COURSE_CSS
    css.parent.mkdir(parents=True, exist_ok=True)
    text = (HERE / "phone.css").read_text(encoding="utf-8")
    theme = static / THEME_CSS
    fontawesome = static / FONTAWESOME_JS
    if theme.is_file() and fontawesome.is_file():
        theme_css = theme.read_text(encoding="utf-8")
        text += theme_icon_css(theme_css, icon_packs(fontawesome.read_text(encoding="utf-8")))
        theme.write_text(drop_icon_fonts(theme_css), encoding="utf-8")
    css.write_text(text, encoding="utf-8")
    for _, script, _ in PAGE_SCRIPTS:
        shutil.copyfile(HERE / Path(script).name, static / script)


def _add_page_scripts_where_needed(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    for marker, script, priority in PAGE_SCRIPTS:
        if marker in body:
            app.add_js_file(script, priority=priority)


def _inline_icons_in_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    script = Path(app.outdir) / "_static" / FONTAWESOME_JS
    if not script.is_file():
        return
    packs = icon_packs(script.read_text(encoding="utf-8"))
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed, missing = inline_icons(text, packs)
        if missing:  # the theme's webfont CSS still draws these; keep its script so nothing goes blank
            from sphinx.util import logging

            logging.getLogger(__name__).warning(f"{page.name}: no inline SVG for icons {missing}")
        else:
            fixed = drop_fontawesome_js(fixed)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _check_bundle_early(app):
    if app.builder.format == "html":
        check_bundle(bundle_text())


def setup_assets(app) -> None:
    app.add_css_file(COURSE_CSS, priority=900)
    app.connect("builder-inited", _check_bundle_early)
    app.connect("html-page-context", _add_page_scripts_where_needed)
    app.connect("build-finished", _copy_assets)
    app.connect("build-finished", _inline_icons_in_pages)
