"""`make bench`: the speed figures the issues set targets for, printed in one run (not asserted).

Targets on 2 cores: clean build ≤ 60 s, no-change rebuild ≤ 3 s, each notebook ≤ 5 s, widget update
≤ 16 ms median; page weight: a first chapter page ≤ 800 KB gzip with an empty cache (HTML, CSS, JS,
fonts, images), each later page ≤ 100 KB gzip more; page lengths at 390 and 1280 px.
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import widgets

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:])
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - start


def bench_build() -> None:
    build = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    subprocess.run([sys.executable, "tools/cache_guard.py", "."], cwd=ROOT, check=True, capture_output=True)
    clean = timed(build)
    again = timed(build)
    print(f"book: clean build {clean:.1f} s (target ≤ 60 s); no-change rebuild {again:.1f} s (target ≤ 3 s)")


def bench_notebooks() -> None:
    for path in sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "appendix").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        with client.setup_kernel():
            ready = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
        done = time.perf_counter()
        print(f"notebook {path.relative_to(ROOT)}: {done - start:.1f} s top to bottom "
              f"(kernel start {ready - start:.1f} s, cells {done - ready:.1f} s; target ≤ 5 s)")


def bench_widgets(moves: int = 200) -> None:
    for key, make in widgets.explorers().items():
        explorer = make()
        box = explorer.widget()
        menus = list(explorer.menu.values) if explorer.menu is not None else [None]
        times = []
        for i in range(moves):
            value = explorer.slider.values[(i * 7) % len(explorer.slider.values)]
            menu = menus[(i // len(explorer.slider.values)) % len(menus)]
            start = time.perf_counter()
            explorer.update_figure(box.figure, value, menu)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"widget {key}: update median {statistics.median(times):.1f} ms, "
              f"p95 {p95:.1f} ms over {moves} moves (model + figure; target ≤ 16 ms median)")


def bench_pages() -> None:
    """What a browser with an empty cache fetches (see bookext.page_weight): raw and gzip, for each page
    opened first, and what each page adds after the first chapter page."""
    from bookext.page_weight import kb, page_weight

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import toc_pages

    html = ROOT / "_build" / "html"
    weights = {p: page_weight(html, f"{p}.html") for p in toc_pages()}
    for page, w in weights.items():
        own = w.assets[0]
        print(f"page {page}: first visit {kb(w.raw)} raw, {kb(w.gzip)} gzip in {len(w.assets)} files "
              f"(HTML {kb(own.raw)} raw, {kb(own.gzip)} gzip; target ≤ 800 KB gzip for a first chapter page)")
    first = next(p for p in weights if p.startswith("chapters/"))
    cached = {a.path for a in weights[first].assets}
    for page, w in weights.items():
        if page != first:
            added = w.added_after(cached)
            print(f"page {page} after {first}: +{kb(sum(a.raw for a in added))} raw, "
                  f"+{kb(sum(a.gzip for a in added))} gzip (target ≤ 100 KB gzip)")
    largest = sorted(weights[first].assets, key=lambda a: -a.gzip)[:4]
    print("largest files of the first chapter page: " + ", ".join(f"{a.path} {kb(a.gzip)} gzip" for a in largest))


def bench_page_lengths() -> None:
    """How long each page is on a 390 px phone and a 1280 px desktop (a page a reader can finish)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import toc_pages
    from helpers import launch_chromium, serve

    base, server = serve(ROOT / "_build" / "html")
    with sync_playwright() as p:
        browser = launch_chromium(p)
        tabs = {w: browser.new_page(viewport={"width": w, "height": 844}) for w in (390, 1280)}
        for page in toc_pages():
            heights = []
            for tab in tabs.values():
                tab.goto(f"{base}/{page}.html", wait_until="load")
                tab.wait_for_timeout(300)
                heights.append(tab.evaluate("document.documentElement.scrollHeight"))
            print(f"page {page}: {heights[0]:,} px long at 390 px, {heights[1]:,} px at 1280 px")
        browser.close()
    server.shutdown()


def bench_grading() -> None:
    script = ROOT / "tools" / "bench_grading.py"
    if script.exists():
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True)
        print(result.stdout.strip() or result.stderr[-2000:])


if __name__ == "__main__":
    bench_build()
    bench_notebooks()
    bench_widgets()
    bench_pages()
    bench_page_lengths()
    bench_grading()
