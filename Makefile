# Two commands do all the set-up on a fresh machine (Python >= 3.10 with venv and pip):
#   make demo   — installs kashf into .venv and runs it on the bundled sample
#   make test   — installs kashf with its test tools into .venv and runs the test suite
# The review-page test drives Debian's chromium (`apt-get install chromium`); without it, it
# is skipped with a message. .ci/run installs it.
VENV ?= .venv
PY := $(VENV)/bin/python
EXTRAS ?= dev,serve,parquet,html,dask

.PHONY: demo test lint bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[$(EXTRAS)]'
	touch $@

demo: $(VENV)/.installed
	@echo "== kashf restore --explain examples/sample.txt   (line:offset  raw → restored  technique)"
	@$(VENV)/bin/kashf restore --explain examples/sample.txt
	@echo
	@echo "== kashf restore examples/sample.txt"
	@$(VENV)/bin/kashf restore examples/sample.txt
	@echo
	@echo "== kashf extract examples/reports.jsonl --format csv   (ACLED columns, one row per event)"
	@$(VENV)/bin/kashf extract examples/reports.jsonl --format csv

test: $(VENV)/.installed
	$(PY) -m pytest
	@# Restore quality floors (real specimens, ordinary news, running text); parts that need
	@# ../shared skip without it.
	$(PY) benchmarks/restore_quality.py --check > /dev/null
	$(PY) benchmarks/restore_synthetic.py --check > /dev/null
	@# Extraction quality floors on every coded set (skips without ../shared).
	$(PY) benchmarks/extract_quality.py --check > /dev/null
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/mypy

bench: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[dev,bench]'
	$(PY) benchmarks/restore_quality.py --markdown
	$(PY) benchmarks/restore_synthetic.py --markdown
	$(PY) benchmarks/restore_speed.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
