# Two commands: `make run` and `make test`. Each sets up .venv when needed.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.alcoach-installed

# No model hub, ever: the models come from PyPI packages.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test lint setup clean

run: $(STAMP)
	$(VENV)/bin/alcoach

test: $(STAMP)
	$(VENV)/bin/ruff check alcoach tests
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check alcoach tests
	$(VENV)/bin/alcoach bank lint

setup: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# CPU torch first: a plain `torch` requirement would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
