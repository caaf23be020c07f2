"""Shared test helpers: build a book, serve it on localhost, drive Debian's Chromium."""
from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def make_book(book_dir: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Build a book with the README's own command (`make book`), so the tests exercise it."""
    return subprocess.run(["make", "-C", str(ROOT), "book", f"BOOK={book_dir}"], capture_output=True,
                          text=True, timeout=timeout)


def fixture_book(tmp: Path, notebooks: dict[str, str]) -> Path:
    """A small book in ``tmp``: the course config, a plain page, and the given notebook sources (MyST
    Markdown notebooks, as the chapters are, or jupytext percent scripts)."""
    import jupytext

    book = tmp / "book"
    book.mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copy(ROOT / "references.bib", book / "references.bib")
    (book / "plain.md").write_text("# Plain page\n\nNo figures here.\n", encoding="utf-8")
    (book / "refs.md").write_text("# References\n\n```{bibliography}\n:filter: cited\n```\n", encoding="utf-8")
    chapters = []
    for name, source in notebooks.items():
        if source.startswith("---\njupytext:"):
            (book / f"{name}.md").write_text(source, encoding="utf-8")
        else:
            nb = jupytext.reads(source, fmt="py:percent")
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            jupytext.write(nb, book / f"{name}.ipynb")
        chapters.append(f"  - file: {name}")
    chapters.append("  - file: refs")
    (book / "_toc.yml").write_text("format: jb-book\nroot: plain\nchapters:\n" + "\n".join(chapters) + "\n",
                                   encoding="utf-8")
    return book


EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*?(?:src|href)=["'](?:https?:)?//""", re.I)


def external_resources(html: str) -> list[str]:
    """Scripts, stylesheets, images or frames in a page that would load from another host."""
    return [m.group(0) for m in EXTERNAL.finditer(html)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve a folder on 127.0.0.1 (random port) in a thread; returns (base_url, server)."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def launch_chromium(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run", "--disable-quic",
              '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'])


def open_offline(browser, url: str, width: int = 1280):
    """Open a page with every request that leaves 127.0.0.1 blocked and recorded."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    outside, errors = [], []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else (outside.append(route.request.url), route.abort()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    return page, outside, errors
