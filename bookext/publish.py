"""Where the course is published: the one reader of ``_config.yml``'s ``repository`` and ``launch_buttons``.

Why: the book's launch buttons (through ``bookext``), the Colab install cell (``tools/refresh_notebooks.py``),
the README's launch links and the hub rehearsal all need the same repository URL, branch and hub. A
teacher who publishes a copy sets them once, in ``_config.yml``. An unset or placeholder value leaves
the matching button out (never a broken link), and ``status()`` says so in one line.

    python -m bookext.publish            # print the status line and the links of the first chapter
    python -m bookext.publish readme     # rewrite the README's launch-links block from _config.yml
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "_config.yml"
PACKAGE = "alpha2-course"
INTERFACES = {"classic": "tree", "jupyterlab": "lab/tree"}  # as sphinx-book-theme builds its links

# One placeholder grammar: values that look like a URL but name nothing real.
PLACEHOLDER_PATTERNS = [
    r"(^|\.)example\.(com|org|net|edu)$",      # RFC 2606 names, and the hub.example.edu we used to ship
    r"(^|\.)example$", r"\.invalid$", r"\.test$", r"^localhost$",
    r"^github\.com/alpha2-course/alpha2-antagonists$",  # the default this course shipped; it never existed
    r"<|>|\{|\}",                               # <owner>, {org}
    r"(^|[/.-])(your|my)[-_]?(org|user|name|account|hub|course|repo|fork)s?([/.-]|$)",
    r"(^|[/.])(owner|username|changeme|todo|xxx+)([/.]|$)",
]


@dataclass(frozen=True)
class Publication:
    """The published copy as ``_config.yml`` says it: empty strings for what is unset or a placeholder."""

    repository: str          # https://github.com/OWNER/NAME, or ""
    branch: str
    binderhub: str           # https://mybinder.org, or ""
    colab: str               # https://colab.research.google.com, or "" (Colab opens GitHub repositories only)
    hub: str                 # the institution's JupyterHub, or ""
    interface: str           # "jupyterlab" or "classic"
    problems: tuple[str, ...] = ()  # why something configured was left out

    @property
    def owner_and_name(self) -> tuple[str, str]:
        parts = urlparse(self.repository).path.strip("/").split("/")
        return parts[0], parts[1]

    @property
    def on_github(self) -> bool:
        return urlparse(self.repository).netloc.lower() == "github.com"


def is_placeholder(url: str | None) -> bool:
    """True for an empty value, a URL without a host and an owner/name path, or a known placeholder."""
    if not url or not str(url).strip():
        return True
    parsed = urlparse(str(url).strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return True
    host = parsed.netloc.lower().split(":")[0]
    where = f"{host}/{parsed.path.strip('/').lower()}".rstrip("/")
    return any(re.search(p, host) or re.search(p, where) for p in PLACEHOLDER_PATTERNS)


def _clean_repository(url: str) -> str:
    url = url.strip().rstrip("/")
    return url[:-4] if url.endswith(".git") else url


def load(config: Path | dict | None = None) -> Publication:
    """Read the publication settings from a ``_config.yml`` path (default: this checkout's) or a dict."""
    if not isinstance(config, dict):
        import yaml

        config = yaml.safe_load(Path(config or CONFIG).read_text(encoding="utf-8")) or {}
    repo = config.get("repository") or {}
    buttons = config.get("launch_buttons") or {}
    problems = []
    url = _clean_repository(str(repo.get("url") or ""))
    if is_placeholder(url):
        problems.append(f"repository.url is {'a placeholder (' + url + ')' if url else 'not set'}, "
                        "so the book has no Binder, Colab or JupyterHub button and no repository link")
        url = ""
    elif len(urlparse(url).path.strip("/").split("/")) != 2:
        problems.append(f"repository.url {url} is not of the form https://HOST/OWNER/NAME, "
                        "so the book has no launch buttons")
        url = ""
    hub = str(buttons.get("jupyterhub_url") or "").strip().rstrip("/")
    if hub and is_placeholder(hub):
        problems.append(f"launch_buttons.jupyterhub_url is a placeholder ({hub}), so there is no JupyterHub button")
        hub = ""
    colab = str(buttons.get("colab_url") or "").strip().rstrip("/")
    if colab and url and urlparse(url).netloc.lower() != "github.com":
        problems.append("Colab opens GitHub repositories only, so there is no Colab button")
        colab = ""
    interface = str(buttons.get("notebook_interface") or "jupyterlab")
    if interface not in INTERFACES:
        raise ValueError(f"launch_buttons.notebook_interface must be one of {sorted(INTERFACES)}, not {interface!r}")
    return Publication(
        repository=url, branch=str(repo.get("branch") or "main"),
        binderhub=str(buttons.get("binderhub_url") or "").strip().rstrip("/") if url else "",
        colab=colab if url else "", hub=hub if url else "", interface=interface, problems=tuple(problems))


def repository(pub: Publication | None = None) -> str:
    """The published repository's URL, or "" when unset or a placeholder."""
    return (pub or load()).repository


def book_url(pub: Publication | None = None) -> str:
    """Where the built book is served: the repository's GitHub Pages site, or "" while unpublished."""
    pub = load() if pub is None else pub
    if not pub.repository or not pub.on_github:
        return ""
    owner, name = pub.owner_and_name
    return f"https://{owner}.github.io/{name}"


def status(pub: Publication | None = None) -> str:
    """One line for ``make book``: what was left out and why, or "" when everything is configured."""
    pub = pub or load()
    if not pub.problems:
        return ""
    return ("publish: " + "; ".join(pub.problems)
            + ". Set it in _config.yml (README, 'Publishing your copy').")


def _ui_path(pub: Publication, path: str) -> str:
    return f"{INTERFACES[pub.interface]}/{path.strip('/')}"


def binder_url(path: str, pub: Publication | None = None) -> str:
    """The Binder link that opens ``path`` (relative to the repository root), or ""."""
    pub = pub or load()
    if not (pub.repository and pub.binderhub):
        return ""
    if pub.on_github:
        owner, name = pub.owner_and_name
        base = f"{pub.binderhub}/v2/gh/{owner}/{name}/{pub.branch}"
    else:
        base = f"{pub.binderhub}/v2/git/{quote(pub.repository)}/{pub.branch}"
    return f"{base}?urlpath={_ui_path(pub, path)}"


def colab_url(path: str, pub: Publication | None = None) -> str:
    """The Colab link that opens ``path`` from GitHub, or ""."""
    pub = pub or load()
    if not (pub.repository and pub.colab and pub.on_github):
        return ""
    owner, name = pub.owner_and_name
    return f"{pub.colab}/github/{owner}/{name}/blob/{pub.branch}/{path.strip('/')}"


def nbgitpuller_url(path: str, pub: Publication | None = None, hub: str | None = None) -> str:
    """The JupyterHub link: nbgitpuller clones (or updates) the repository, then opens ``path``; or ""."""
    pub = pub or load()
    hub = (hub or pub.hub).rstrip("/")
    if not (pub.repository and hub):
        return ""
    _, name = pub.owner_and_name
    query = urlencode({"repo": pub.repository, "urlpath": _ui_path(pub, f"{name}/{path}"), "branch": pub.branch},
                      safe="/")
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def colab_install_source(pub: Publication | None = None) -> str:
    """The pip requirement the Colab cell installs (the package built from the published branch), or ""."""
    pub = pub or load()
    return f"{PACKAGE} @ git+{pub.repository}@{pub.branch}" if pub.repository else ""


def colab_cell_source(pub: Publication | None = None) -> str:
    """The first cell of every notebook: on Colab, upgrade Colab's widget stack to what the course needs
    (pyproject's minimum versions), turn on Colab's widget manager for non-core widgets (plotly's
    FigureWidget), and say when the session must restart. Elsewhere it does nothing."""
    requirement = colab_install_source(pub)
    head = ("# On Google Colab only: install the course package (it upgrades Colab's ipywidgets and plotly)\n"
            "# and turn on Colab's widget manager. Elsewhere this cell does nothing.\n"
            "import sys\n"
            'if "google.colab" in sys.modules:\n')
    if not requirement:
        return head + ('    print("This copy of the course names no published repository (repository.url in '
                       '_config.yml), so Colab cannot install the course package.")')
    return head + (
        f'    %pip install "{requirement}"\n'
        "    from google.colab import output\n"
        "    output.enable_custom_widget_manager()\n"
        '    if "ipywidgets" in sys.modules and sys.modules["ipywidgets"].__version__.startswith("7."):\n'
        '        print("Restart the session (Runtime > Restart session), then run all cells: the live figures "\n'
        '              "need the ipywidgets 8 that was just installed.")'
    )


README_BEGIN = "<!-- launch-links: written by `python -m bookext.publish readme` from _config.yml -->"
README_END = "<!-- /launch-links -->"
README_CHAPTER = "chapters/ch1_alpha2_antagonism.ipynb"


def readme_block(pub: Publication | None = None, chapter: str = README_CHAPTER) -> str:
    """The README's launch links for the first chapter, or a sentence saying the copy is not published."""
    pub = pub or load()
    if not pub.repository:
        body = ("This copy is not published yet (`repository.url` in `_config.yml` is not set), so there are no "
                "launch links; see *Publishing your copy* below.")
    else:
        links = [f"[repository]({pub.repository})"]
        for label, url in (("Binder", binder_url(chapter, pub)), ("Colab", colab_url(chapter, pub)),
                           ("JupyterHub", nbgitpuller_url(chapter, pub))):
            if url:
                links.append(f"[{label}]({url})")
        body = "Chapter 1 live: " + " · ".join(links)
    return f"{README_BEGIN}\n{body}\n{README_END}"


def write_readme(readme: Path = ROOT / "README.md", pub: Publication | None = None) -> bool:
    """Replace the README's launch-links block; True when the file changed."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_BEGIN) + r".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        raise ValueError(f"{readme}: no launch-links block ({README_BEGIN!r} ... {README_END!r})")
    new = pattern.sub(lambda _: readme_block(pub), text)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookext.publish", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("status", help="print the status line and the first chapter's links (default)")
    sub.add_parser("readme", help="rewrite the README's launch-links block from _config.yml")
    args = parser.parse_args(argv)
    pub = load()
    if args.command == "readme":
        print("README.md updated" if write_readme(pub=pub) else "README.md already up to date")
        return 0
    print(status(pub) or f"publish: {pub.repository} (branch {pub.branch})")
    for label, url in (("Binder", binder_url(README_CHAPTER, pub)), ("Colab", colab_url(README_CHAPTER, pub)),
                       ("JupyterHub", nbgitpuller_url(README_CHAPTER, pub))):
        print(f"  {label}: {url or '(none)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
