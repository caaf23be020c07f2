"""`make bench`: the speed figures the issues set targets for, printed in one run (not asserted).

Targets on 2 cores: clean build ≤ 60 s, no-change rebuild ≤ 3 s, each notebook ≤ 5 s, widget update
≤ 16 ms median, each chapter page ≤ 500 KB (without the shared plotly.min.js).
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
    html = ROOT / "_build" / "html"
    for page in sorted((html / "chapters").glob("*.html")) + sorted((html / "appendix").glob("*.html")):
        size = page.stat().st_size
        print(f"page {page.relative_to(html)}: {size / 1024:.0f} KB HTML, plus shared assets "
              f"(plotly.min.js {(html / '_static/plotly/plotly.min.js').stat().st_size / 1e6:.1f} MB, "
              f"self-check JS {(html / '_static/course/selfcheck.js').stat().st_size / 1024:.0f} KB) "
              f"(target ≤ 500 KB)")


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
    bench_grading()
