# The README's commands. `make book` and `make test` work on a fresh Debian machine with Python 3.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
BOOK   ?= .
# -W: any warning fails; -n: nitpicky refs; --keep-going: report every warning, then fail.
# A notebook that raises fails the build through nb_execution_raise_on_error in _config.yml.
BOOK_FLAGS ?= -W -n --keep-going
PYTEST_ARGS ?=

.PHONY: book test lab refresh student teacher grade bench lock clean browser-deps grading-deps

# One line per step: what is installed and why (pip itself runs quietly: its per-package lines would bury
# the steps). Needs Python >= 3.11, the version runtime.txt gives Binder.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml jupyter-config/jupyter_nbconvert_config.json
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else \
	  f"The course needs Python >= 3.11 (its pins, see runtime.txt); $(PYTHON) is {v.major}.{v.minor}. " \
	  "Run e.g. make PYTHON=python3.11 $(MAKECMDGOALS)")'
	@echo "[1/4] Creating the virtual environment $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV)
	@echo "[2/4] Upgrading pip in $(VENV)"
	@$(BIN)/python -m pip install -q --upgrade pip
	@echo "[3/4] Installing the notebooks' runtime, exactly as Binder does (requirements.txt: numpy, plotly, ipywidgets, ...; ~40 s)"
	@$(BIN)/python -m pip install -q -r requirements.txt
	@echo "[4/4] Installing the book and test tools (requirements-dev.txt: Jupyter Book, Sphinx, pytest, Playwright; ~45 s)"
	@$(BIN)/python -m pip install -q -r requirements-dev.txt
	@# nbconvert --execute in this environment stores no widget state (README, "Small notebook files")
	@mkdir -p $(VENV)/etc/jupyter && cp jupyter-config/jupyter_nbconvert_config.json $(VENV)/etc/jupyter/
	@touch $@
	@echo "Installed into $(VENV) (stamp $@: it reinstalls only when a requirements file or pyproject.toml changes)"

book: $(STAMP)
	@test -f bookext/npm/node_modules/plotly.js-basic-dist-min/plotly-basic.min.js || (cd bookext/npm && npm ci --no-audit --no-fund --silent)
	$(BIN)/python tools/cache_guard.py $(BOOK)
	$(BIN)/jupyter-book build $(BOOK) $(BOOK_FLAGS)

test: $(STAMP) browser-deps grading-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# JupyterLab on the chapters. Installs requirements-lab.txt once (stamp file); --allow-root only as root.
# The URL (with its token) is printed when the server is up. LAB_ARGS: extra options, e.g. --no-browser --port=8899
LAB_STAMP = $(VENV)/.lab-installed
LAB_ARGS ?=
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
$(LAB_STAMP): $(STAMP) requirements-lab.txt
	@echo "Installing JupyterLab for 'make lab', once (requirements-lab.txt; ~30 s)"
	@$(BIN)/python -m pip install -q -r requirements-lab.txt
	@touch $@

lab: $(LAB_STAMP)
	@echo "Starting JupyterLab on chapters/ (stop it with Ctrl+C, twice)"
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/chapters $(ALLOW_ROOT) $(LAB_ARGS)

# Debian's chromium for the browser tests (never a browser downloaded by a test tool), and axe-core
# from the npm registry (pinned in tests/browser/package-lock.json), served locally to the pages.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install chromium'" >&2; fi; }
	@test -f tests/browser/node_modules/axe-core/axe.min.js || \
	  (cd tests/browser && npm ci --no-audit --no-fund --silent)

# Debian's bubblewrap: the class grader's sandbox (without it the grader falls back to weaker isolation).
grading-deps:
	@command -v bwrap >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null; \
	  else echo "bubblewrap missing: run 'sudo apt-get install bubblewrap'" >&2; fi; }

# Generate the notebooks (chapters/*.ipynb, appendix/*.ipynb) from their MyST sources and execute them.
refresh: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py

student: $(STAMP)
	$(BIN)/python -m exercises student --out student-edition $(if $(ROSTER),--roster $(ROSTER)) $(if $(PRIVATE),--private $(PRIVATE))

teacher: $(STAMP)
	$(BIN)/python -m exercises teacher --out teacher-edition $(if $(ROSTER),--roster $(ROSTER)) $(if $(PRIVATE),--private $(PRIVATE))

grade: $(STAMP) grading-deps
	$(BIN)/python -m exercises grade $(SUBMISSIONS) --out $(or $(OUT),grading-out) $(if $(ROSTER),--roster $(ROSTER)) \
	  $(if $(PRIVATE),--private $(PRIVATE))

bench: $(STAMP)
	$(BIN)/python tools/bench.py

# Regenerate the pins from a fresh resolve (needs the package registry).
lock:
	rm -rf /tmp/course-lock && $(PYTHON) -m venv /tmp/course-lock
	/tmp/course-lock/bin/pip install -q -e . && /tmp/course-lock/bin/pip freeze --exclude-editable
	@echo "Review and copy the pins into requirements.txt / requirements-dev.txt"

clean:
	rm -rf _build
