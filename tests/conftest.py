import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/helpers.py

import pytest  # noqa: E402

from helpers import CHROMIUM, ROOT, launch_chromium, make_book, serve  # noqa: E402


@pytest.fixture(scope="session")
def built_book():
    """The real book, built with the README's command (incremental: cheap after `make book`)."""
    result = make_book(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return ROOT / "_build" / "html", result


def toc_pages() -> list[str]:
    """Every page of _toc.yml, as a path relative to _build/html (without .html)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return pages


# The built book served on localhost, with one Debian chromium, for the browser and phone tests.
@pytest.fixture(scope="module")
def site(built_book):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    base, server = serve(built_book[0])
    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield base, browser
        browser.close()
    server.shutdown()
