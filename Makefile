# Set-up is part of every target: a fresh machine needs nothing but `make play` or `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup play test bench lint clean

$(STAMP): pyproject.toml scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

# hep's exit status says how the session ended (3 stopped for pain, 4 quit): not a make error.
play: setup
	@$(VENV)/bin/hep play; status=$$?; case $$status in 0|3|4) ;; *) exit $$status ;; esac

lint: setup
	$(VENV)/bin/ruff check player tests benchmarks scripts
	$(VENV)/bin/ruff format --check player tests benchmarks scripts
	$(VENV)/bin/mypy

test: lint
	$(VENV)/bin/pytest

bench: setup
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
