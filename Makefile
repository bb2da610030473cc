# qa-etl: `make run` and `make test` are the whole quickstart.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat constraints.txt pyproject.toml | cksum | cut -d' ' -f1)
SOURCES ?=
OUTPUT ?= output

.PHONY: install run test test-quick lint bench dictionary clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/qa-etl run $(SOURCES) --output $(OUTPUT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m schemas.dictionary --check README.md

test: lint
	$(PY) -m pytest

test-quick: $(STAMP)
	$(PY) -m pytest -m "not slow"

bench: $(STAMP)
	$(PY) bench.py

dictionary: $(STAMP)
	$(PY) -m schemas.dictionary --write README.md

clean:
	rm -rf $(VENV) $(OUTPUT)
