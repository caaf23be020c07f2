"""The book's own Sphinx extension: offline plotly figures and kernel-free widget fallbacks.

Why: plotly >= 6 emits only its JSON mime type, which myst-nb drops, and plotly's own renderers load
plotly.js from a CDN. Here the JSON becomes HTML at build time (see ``plotly_mime``) and a pinned
partial plotly.js bundle (see ``assets``) is copied into the build and loaded only by pages that
contain a figure; likewise the course's self-check JavaScript and CSS (``bookext/selfcheck``) for
pages with an exercise or a progress panel. Launch buttons and the repository link come from
``bookext.publish``: an unset or placeholder value in ``_config.yml`` leaves its button out, and the
build says so in one line.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .assets import PLOTLY_JS, setup_assets

FIGURE_MARKER = "plotly-graph-div"
SELFCHECK = Path(__file__).parent / "selfcheck"
SELFCHECK_JS = "course/selfcheck.js"    # paths under the build's _static/
SELFCHECK_CSS = "course/selfcheck.css"
SELFCHECK_MARKERS = ("course-exercise", "course-progress")
# A Markdown page (the landing page) shows every chapter's progress by containing this line:
PROGRESS_PLACEHOLDER = '<div class="course-progress" data-scope="all"></div>'


def _copy_static_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for name in (SELFCHECK_JS, SELFCHECK_CSS):
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SELFCHECK / Path(name).name, static / name)


def _add_plotly_js_where_needed(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    # head scripts without defer run before the inline figure scripts in the body
    if FIGURE_MARKER in body:
        app.add_js_file(PLOTLY_JS, priority=200)
    if PROGRESS_PLACEHOLDER in body:
        from exercises.static import progress_panel_html

        context["body"] = body = body.replace(PROGRESS_PLACEHOLDER, progress_panel_html())
    if any(marker in body for marker in SELFCHECK_MARKERS):
        app.add_js_file(SELFCHECK_JS, priority=200)
        app.add_css_file(SELFCHECK_CSS, priority=200)


# Theme markup that axe-core flags as serious or critical, and the smallest fix for each.
ACCESSIBILITY_FIXES = [
    # the search field shows "Search Ctrl+K" but is named "Search": name it by what it shows
    ('class="btn search-button-field search-button__button pst-js-only" title="Search" aria-label="Search"',
     'class="btn search-button-field search-button__button pst-js-only" title="Search" aria-label="Search Ctrl+K"'),
    # the colour-mode icons carry titles that become hidden text inside a button named "Color mode"
    ('data-mode="light" title="Light"', 'data-mode="light" aria-hidden="true"'),
    ('data-mode="dark"  title="Dark"', 'data-mode="dark" aria-hidden="true"'),
    ('data-mode="auto"  title="System Settings"', 'data-mode="auto" aria-hidden="true"'),
    # the sidebar's toggle that opens a chapter's pages is an icon only: name it
    ('<summary><span class="toctree-toggle" role="presentation">',
     '<summary aria-label="Show or hide this chapter\'s pages"><span class="toctree-toggle" role="presentation">'),
    # docutils marks the bibliography as a list whose children are not list items
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
]


def _fix_accessibility(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text
        for old, new in ACCESSIBILITY_FIXES:
            fixed = fixed.replace(old, new)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _offer_generated_notebooks(app, exception):
    """The download menu offers the notebook generated from a page's MyST source (what a student runs),
    not the source with its placeholders."""
    if exception is not None or app.builder.format != "html":
        return
    from .pages import chapter_of

    src, out = Path(app.srcdir), Path(app.outdir)
    for doc in app.env.found_docs:
        chapter = chapter_of(doc, src)
        notebook_doc = chapter.doc if chapter else doc   # every page of a chapter offers the chapter's notebook
        notebook, page = (src / notebook_doc).with_suffix(".ipynb"), (out / doc).with_suffix(".html")
        if not (notebook.is_file() and (src / doc).with_suffix(".md").is_file() and page.is_file()):
            continue
        target = (out / "_sources" / notebook_doc).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, target)
        name = Path(notebook_doc).name
        text = page.read_text(encoding="utf-8")
        fixed = text.replace(f'_sources/{doc}.md" target="_blank"', f'_sources/{notebook_doc}.ipynb" target="_blank"')
        if fixed != text:
            fixed = fixed.replace('title="Download source file"', f'title="Download the notebook {name}.ipynb"', 1)
            fixed = fixed.replace('<span class="btn__text-container">.md</span>',
                                  '<span class="btn__text-container">.ipynb</span>', 1)
            page.write_text(fixed, encoding="utf-8")


def _dedupe_inline_scripts(app, pagename, templatename, context, doctree):
    """sphinx-thebe's inline config script is added twice by Jupyter Book 1, which raises a console
    error ("THEBE_JS_URL has already been declared"); keep the first of identical scripts."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", None) or "", tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    scripts[:] = kept


def _theme_defaults(app, config):
    """A fixed light mode: pydata-sphinx-theme logs a console error when the mode is left empty."""
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "light")
    config.html_context = context


def _apply_publication(app, config):
    """Launch buttons and the repository link from ``bookext.publish``: only what is really published."""
    from sphinx.util import logging

    from . import publish

    source = Path(app.srcdir) / "_config.yml"
    pub = publish.load(source if source.is_file() else None)
    options = dict(config.html_theme_options or {})
    buttons = dict(options.get("launch_buttons") or {})
    buttons.update(binderhub_url=pub.binderhub, colab_url=pub.colab, jupyterhub_url=pub.hub,
                   notebook_interface=pub.interface)
    options["launch_buttons"] = buttons
    options["repository_url"] = pub.repository
    options["repository_branch"] = pub.branch
    options["use_repository_button"] = bool(pub.repository)
    config.html_theme_options = options
    line = publish.status(pub)
    if line:
        logging.getLogger(__name__).info(line)


def encrypt_kernel_transport() -> None:
    """Kernels started in this process get CurveZMQ keys where their kernelspec declares support.

    Why: ipykernel >= 7.4 prints "Kernel is running over TCP without encryption" at every start unless
    the kernel manager provisions keys; jupyter_client's policy is off by default and myst-nb passes
    no configuration to the kernel manager it creates. Kernelspecs without ``supported_encryption``
    (older ipykernels) are started as before.
    """
    from jupyter_client.manager import KernelManager

    if "transport_encryption" in KernelManager.class_trait_names():
        KernelManager.transport_encryption.default_value = "auto"


def setup(app):
    from . import citations, facts, pages

    citations.register_pybtex_style()
    facts.setup(app)
    pages.setup(app)
    encrypt_kernel_transport()
    app.connect("config-inited", _apply_publication)
    app.connect("config-inited", _theme_defaults)
    app.connect("html-page-context", _add_plotly_js_where_needed)
    app.connect("html-page-context", _dedupe_inline_scripts, priority=900)
    app.connect("build-finished", _copy_static_assets)
    app.connect("build-finished", _fix_accessibility)
    app.connect("build-finished", _offer_generated_notebooks)
    setup_assets(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
