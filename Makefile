# Two commands do all the set-up on a fresh machine (Python >= 3.10 with venv and pip):
#   make demo   — installs kashf into .venv and runs it on the bundled sample
#   make test   — installs kashf with its test tools into .venv and runs the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
EXTRAS ?= dev

.PHONY: demo test lint bench clean

$(VENV)/.installed-$(EXTRAS): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[$(EXTRAS)]'
	touch $@

demo: $(VENV)/.installed-$(EXTRAS)
	@echo "== kashf restore examples/sample.txt"
	@$(VENV)/bin/kashf restore examples/sample.txt
	@echo
	@echo "== kashf restore --explain examples/sample.txt"
	@$(VENV)/bin/kashf restore --explain examples/sample.txt

test: $(VENV)/.installed-$(EXTRAS)
	$(PY) -m pytest
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

bench: $(VENV)/.installed-$(EXTRAS)
	$(PY) -m pip install -q -e '.[dev,bench]'
	$(PY) benchmarks/restore_quality.py --markdown
	$(PY) benchmarks/restore_speed.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
