"""Where the course is published: one setting in _config.yml, read by bookext.publish; launch buttons, the
Colab cell and the README derive from it; nothing unset or placeholder reaches the built book."""
import html
import re

import nbformat
import pytest
import yaml

from bookext import publish
from helpers import ROOT, fixture_book, make_book

FORK = "https://github.com/pharmacology-teacher/alpha2-course-copy"  # a configured URL (fixture only)
HUB = "https://jupyter.campus-hub.ac.uk"
PLACEHOLDERS = ["hub.example.edu", "alpha2-course/alpha2-antagonists", "example.com", "example.org",
                "your-org", "<owner>"]
CHAPTER = "chapters/ch1_alpha2_antagonism.ipynb"


def _pub(url=FORK, hub=HUB, **buttons):
    return publish.load({"repository": {"url": url, "branch": "main"},
                         "launch_buttons": {"notebook_interface": "jupyterlab", "binderhub_url": "https://mybinder.org",
                                            "colab_url": "https://colab.research.google.com",
                                            "jupyterhub_url": hub, **buttons}})


@pytest.mark.parametrize("url", ["", None, "   ", "https://hub.example.edu", "https://github.com/alpha2-course/alpha2-antagonists",
                                 "https://github.com/<owner>/<name>", "https://github.com/your-org/course",
                                 "https://github.com/OWNER/NAME", "github.com/teacher/course", "https://example.org/x/y",
                                 "ftp://github.com/a/b", "https://hub.test"])
def test_placeholders_and_unset_values_are_recognised(url):
    assert publish.is_placeholder(url)


@pytest.mark.parametrize("url", [FORK, HUB, "https://gitlab.com/group/course", "https://github.com/jupyter-book/jupyter-book"])
def test_real_looking_urls_are_not_placeholders(url):
    assert not publish.is_placeholder(url)


def test_links_are_built_from_the_configured_repository_and_hub():
    pub = _pub()
    assert publish.repository(pub) == FORK and pub.problems == ()
    assert publish.binder_url(CHAPTER, pub) == (
        "https://mybinder.org/v2/gh/pharmacology-teacher/alpha2-course-copy/main?urlpath=lab/tree/" + CHAPTER)
    assert publish.colab_url(CHAPTER, pub) == (
        "https://colab.research.google.com/github/pharmacology-teacher/alpha2-course-copy/blob/main/" + CHAPTER)
    assert publish.nbgitpuller_url(CHAPTER, pub) == (
        f"{HUB}/hub/user-redirect/git-pull?repo=https%3A//github.com/pharmacology-teacher/alpha2-course-copy"
        f"&urlpath=lab/tree/alpha2-course-copy/{CHAPTER}&branch=main")
    assert publish.colab_install_source(pub) == f"alpha2-course @ git+{FORK}@main"
    assert publish.status(pub) == ""


def test_no_hub_configured_means_no_hub_link_and_a_placeholder_hub_is_named():
    assert publish.nbgitpuller_url(CHAPTER, _pub(hub="")) == "" and _pub(hub="").problems == ()
    pub = _pub(hub="https://hub.example.edu")
    assert publish.nbgitpuller_url(CHAPTER, pub) == "" and publish.binder_url(CHAPTER, pub)
    assert "jupyterhub_url is a placeholder (https://hub.example.edu)" in publish.status(pub)


@pytest.mark.parametrize("url", ["", "https://github.com/alpha2-course/alpha2-antagonists"])
def test_an_unset_or_placeholder_repository_leaves_every_button_out_and_says_so_in_one_line(url):
    pub = _pub(url=url)
    assert [publish.binder_url(CHAPTER, pub), publish.colab_url(CHAPTER, pub), publish.nbgitpuller_url(CHAPTER, pub),
            publish.colab_install_source(pub)] == ["", "", "", ""]
    line = publish.status(pub)
    assert "\n" not in line and "repository.url" in line and "no Binder, Colab or JupyterHub button" in line


def test_colab_only_opens_github_repositories():
    pub = _pub(url="https://gitlab.com/group/course")
    assert publish.colab_url(CHAPTER, pub) == "" and publish.binder_url(CHAPTER, pub).startswith(
        "https://mybinder.org/v2/git/https%3A//gitlab.com/group/course/main")
    assert "Colab opens GitHub repositories only" in publish.status(pub)


def test_colab_cell_installs_from_the_published_branch_and_enables_the_widget_manager():
    source = publish.colab_cell_source(_pub())
    assert f'%pip install "alpha2-course @ git+{FORK}@main"' in source
    assert "output.enable_custom_widget_manager()" in source and 'if "google.colab" in sys.modules:' in source
    unset = publish.colab_cell_source(_pub(url=""))
    assert "%pip" not in unset and "names no published repository" in unset


def test_every_notebook_starts_with_the_colab_cell_of_the_committed_config():
    from rehearsal import notebooks

    for path in notebooks():
        first = nbformat.read(path, as_version=4).cells[0]
        assert first.source == publish.colab_cell_source(), f"{path}: run `make refresh`"
        assert {"colab-install", "remove-cell"} <= set(first.metadata.get("tags", []))


def test_readme_launch_links_match_the_config():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert publish.readme_block() in text, "run `python -m bookext.publish readme`"


def test_readme_block_lists_every_configured_link():
    block = publish.readme_block(_pub())
    for url in (FORK, publish.binder_url(CHAPTER, _pub()), publish.colab_url(CHAPTER, _pub()),
                publish.nbgitpuller_url(CHAPTER, _pub())):
        assert f"({url})" in block


def _built_text(html_dir):
    return {p: p.read_text(encoding="utf-8", errors="replace") for p in html_dir.rglob("*")
            if p.is_file() and p.suffix in (".html", ".ipynb", ".txt", ".md", ".js", ".json", ".py")}


@pytest.mark.book
def test_the_built_book_carries_no_placeholder_and_no_broken_launch_button(built_book):
    html_dir, result = built_book
    pub = publish.load()
    for path, text in _built_text(html_dir).items():
        for placeholder in PLACEHOLDERS:
            assert placeholder not in text, (path, placeholder)
        if path.suffix in (".html", ".ipynb"):  # (plotly.min.js itself names its CDN in a default)
            # the book's figures come from live widgets: never the kernel fallback that loads from a CDN
            assert "cdn.plot.ly" not in text and "course-live-missing" not in text, path
    if not pub.repository:  # the committed state: nothing published yet
        assert (result.stdout + result.stderr).count(publish.status(pub)) <= 1
        for page in html_dir.glob("chapters/*.html"):
            text = page.read_text(encoding="utf-8")
            assert "mybinder.org" not in text and "colab.research.google.com" not in text, page
            assert "git-pull?repo=" not in text and "Source repository" not in text, page


@pytest.mark.book
def test_book_build_prints_no_setuptools_or_kernel_transport_warnings(built_book):
    """(The fixture-book test below checks a build that certainly started kernels.)"""
    _, result = built_book
    out = result.stdout + result.stderr
    assert "is absent from the `packages` configuration" not in out
    assert "Kernel is running over TCP without encryption" not in out


@pytest.mark.book
def test_launch_buttons_carry_the_configured_urls(tmp_path):
    """A teacher's fork with a hub: each launch button is the link bookext.publish builds."""
    book = fixture_book(tmp_path, {"lesson": "# %% [markdown]\n# # Lesson\n\n# %%\nprint(6 * 7)\n"})
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    config["repository"]["url"] = FORK
    config["launch_buttons"]["jupyterhub_url"] = HUB
    (book / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = make_book(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout + result.stderr
    assert "publish:" not in out
    assert "Kernel is running over TCP without encryption" not in out  # this build did start a kernel
    assert "Executed notebook" in out or "Executing notebook" in out
    page = (book / "_build" / "html" / "lesson.html").read_text(encoding="utf-8")
    pub = publish.load(book / "_config.yml")
    for url in (publish.binder_url("lesson.ipynb", pub), publish.colab_url("lesson.ipynb", pub),
                publish.nbgitpuller_url("lesson.ipynb", pub), FORK):
        assert f'href="{url}"' in page or f'href="{html.escape(url)}"' in page, url
    assert len(re.findall(r"git-pull\?repo=", page)) == 1
