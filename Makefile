# yosanalysis — every target sets itself up first when it has to.
# Run `make help` for the list.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := $(VENV)/share/jupyter/kernels/yosanalysis/kernel.json
LOCK   := requirements.lock
CONFIG ?= reports/sample.yaml
ARGS   ?=
# JupyterLab refuses to run as root unless told: add --allow-root only then
LAB_ROOT := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)

.DEFAULT_GOAL := help
.PHONY: help setup test validate report lab lint gallery sample bench browser-deps lock clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The versions the tests passed with, every file's hash checked; then the package itself.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

$(KERNEL): $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name yosanalysis --display-name "Python (yosanalysis)" >/dev/null
	@echo "Registered the Jupyter kernel 'yosanalysis' inside $(VENV)"

setup: $(STAMP) $(KERNEL) ## Create .venv, install the package and its dev tools, register the kernel

test: setup ## Run the tests (the README's test command)
	$(BIN)/python -m pytest

validate: setup ## Validate every file in data/sample
	$(BIN)/yosanalysis validate data/sample/*.csv

report: setup ## Build the board pack from $(CONFIG) into outputs/ (options: ARGS="--force --strict")
	$(BIN)/yosanalysis report --config $(CONFIG) $(ARGS)

gallery: setup ## Write every chart from the sample data to outputs/gallery
	$(BIN)/yosanalysis gallery --out outputs/gallery

sample: setup ## Regenerate the synthetic sample files in data/sample
	$(BIN)/yosanalysis sample --out data/sample

browser-deps: setup ## Install Chromium, Playwright and axe-core (PDF and browser tests)
	bash scripts/install-browser-deps.sh

bench: setup ## Measure speed and memory; writes bench/results/ and docs/performance.md
	$(BIN)/python bench/run.py

lock: setup ## Re-pin every dependency in requirements.lock (hashes too) from pyproject.toml's ranges
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --quiet --output-file $(LOCK)
	@echo "Pinned in $(LOCK); run 'make clean test' to install and test what it pins"

lab: setup ## Open JupyterLab on the notebooks with the project kernel (prints the URL to open)
	@echo "Starting JupyterLab: open the http://127.0.0.1:8888/lab?token=... URL it prints below."
	$(BIN)/jupyter lab notebooks/ $(LAB_ROOT) $(ARGS)

lint: setup ## ruff over the package and tests
	$(BIN)/ruff check yosanalysis tests

clean: ## Remove the venv, caches and outputs (never data/)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info
	find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
