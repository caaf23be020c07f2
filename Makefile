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

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@

book: $(STAMP)
	$(BIN)/python tools/cache_guard.py $(BOOK)
	$(BIN)/jupyter-book build $(BOOK) $(BOOK_FLAGS)

test: $(STAMP) browser-deps grading-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lab: $(STAMP)
	$(BIN)/python -m pip install -q -r requirements-lab.txt
	$(BIN)/jupyter lab chapters/

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

# Re-create chapter notebooks from their sources, execute them and strip saved widget state.
refresh: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py

student: $(STAMP)
	$(BIN)/python -m exercises student --out student-edition $(if $(ROSTER),--roster $(ROSTER))

teacher: $(STAMP)
	$(BIN)/python -m exercises teacher --out teacher-edition

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
