# Two commands: `make run` and `make test`. Each sets up .venv when needed.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.alcoach-installed

# No model hub, ever: the models come from PyPI packages.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test lint setup chromium clean

run: $(STAMP)
	$(VENV)/bin/alcoach

test: $(STAMP) chromium
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

# Debian's Chromium for the browser test (tests/test_serve.py skips without it). Installed only
# as root where apt-get exists; never a test tool's own browser download.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser test"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
		|| { apt-get update -qq >/dev/null 2>&1 \
		     && apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; } \
		|| echo "could not install chromium: the browser test will skip"; \
	fi

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
