"""Re-create the course notebooks from their jupytext sources, execute them, strip widget state.

Why: notebooks are committed with outputs (nbval compares them), but saved widget state is megabytes
the book and nbval do not need. Sources (``*.py``, percent format) are what contributors edit.

    python tools/refresh_notebooks.py [NAME ...]     # default: every source
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import jupytext
import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {  # source -> notebook
    **{p: ROOT / "chapters" / (p.stem + ".ipynb") for p in sorted((ROOT / "chapters" / "src").glob("*.py"))},
    **{p: p.with_suffix(".ipynb") for p in sorted((ROOT / "appendix").glob("*.py"))},
    **{p: p.with_suffix(".ipynb") for p in sorted((ROOT / "tests" / "fixtures").glob("*_nb.py"))},
}
COLAB_TAG = "colab-install"


def repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"], config["repository"].get("branch", "main")


def colab_cell() -> nbformat.NotebookNode:
    from bookext import publish

    cell = nbformat.v4.new_code_cell(publish.colab_cell_source())
    cell.metadata["tags"] = [COLAB_TAG, "remove-cell"]
    return cell


def strip_widget_state(nb) -> None:
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)


def build(source: Path, target: Path) -> float:
    nb = jupytext.read(source)
    nb.cells.insert(0, colab_cell())
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.pop("jupytext", None)
    start = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(target.parent)}}).execute()
    elapsed = time.perf_counter() - start
    strip_widget_state(nb)
    nbformat.write(nb, target)
    return elapsed


def main(names: list[str]) -> int:
    chosen = [s for s in SOURCES if not names or s.stem in names]
    if not chosen:
        print(f"no notebook source matches {names}; known: {[s.stem for s in SOURCES]}")
        return 2
    for source in chosen:
        seconds = build(source, SOURCES[source])
        print(f"{SOURCES[source].relative_to(ROOT)}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
