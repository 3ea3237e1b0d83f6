# Set-up is part of every target: a fresh machine needs nothing but `make play` or `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# The Pythons the tests play sound under, each in its own .venv-X.Y (scripts/python-venv.sh).
PYTHONS := 3.11 3.12 3.13
PYVENVS := $(foreach v,$(PYTHONS),.venv-$(v)/.installed-stamp)

.PHONY: setup pythons play test bench lint mutate clean

$(STAMP): pyproject.toml scripts/system-deps.sh scripts/one-simpleaudio.sh
	@bash scripts/system-deps.sh
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# The distribution was called `hep` before `hep-player`: drop the old one first, since both
	@# own the `hep` command.
	@$(PY) -m pip uninstall --quiet -y hep 2>/dev/null || true
	$(PY) -m pip install --quiet -e '.[dev]'
	@bash scripts/one-simpleaudio.sh $(PY)
	@touch $(STAMP)

.venv-%/.installed-stamp: pyproject.toml scripts/python-venv.sh scripts/one-simpleaudio.sh $(STAMP)
	@bash scripts/python-venv.sh $*

pythons: $(PYVENVS)

# hep's own bytecode, written as installing a wheel writes it: Python does not write it where
# PYTHONDONTWRITEBYTECODE is set (as on CI machines), and every start would compile hep again.
setup: $(STAMP)
	@$(PY) -m compileall -q -j 0 player

# hep's exit status says how the session ended (3 stopped for pain, 4 quit): not a make error.
play: setup
	@$(VENV)/bin/hep play; status=$$?; case $$status in 0|3|4) ;; *) exit $$status ;; esac

lint: setup
	$(VENV)/bin/ruff check player tests benchmarks scripts
	$(VENV)/bin/ruff format --check player tests benchmarks scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The tests run on every core (pytest-xdist); the few marked `serial` time themselves against the
# wall clock (sound latency, a signal at a chosen moment), so they run afterwards, alone.
test: lint pythons
	$(VENV)/bin/pytest -n auto -m "not serial"
	$(VENV)/bin/pytest -m serial

# Mutation testing of the rule modules (slow: minutes per module; not part of `make test`).
# MUTATE picks modules: safety decide session_words evidence mornings figures engine durations
# (default: all).
MUTATE ?=
mutate: setup
	nice $(PY) scripts/mutate.py $(MUTATE)

bench: setup
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) $(foreach v,$(PYTHONS),.venv-$(v)) build dist .pytest_cache .mypy_cache .ruff_cache mutants
