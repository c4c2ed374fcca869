# Quick start: `make demo` opens breachsim on the bundled demo; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench schema examples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Open the app on the bundled demo scenario (it needs a terminal).
demo: $(STAMP)
	$(BIN)/breachsim

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# In parallel, one worker per core; tests that share a costly module fixture stay together
# (xdist_group). `$(BIN)/python -m pytest -m slow` runs the slow extras.
test: lint
	$(BIN)/python -m pytest -n auto --dist loadgroup

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

schema: $(STAMP)
	$(BIN)/breachsim schema --out schema/scenario.schema.json
	$(BIN)/breachsim schema --library --out schema/injects.schema.json
	$(BIN)/breachsim schema --report --out schema/report.schema.json

# Write the example reports in reports/ anew (tests/test_report.py checks them byte for byte).
examples: $(STAMP)
	$(BIN)/python -m tests.report_examples

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache
