# qa-etl: `make run` and `make test` are the whole quickstart.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat constraints.txt pyproject.toml | cksum | cut -d' ' -f1)
SOURCES ?=
OUTPUT ?= output
TEST_WORKERS ?= 2  # pytest-xdist processes for `make test` (CI has 2 cores); 0 runs the tests in one

.PHONY: install run test test-quick lint bench dictionary clean browser

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

# The report's test opens it in a real headless Chromium: Debian's package, installed when absent.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the report's browser test"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| { echo "make: could not install chromium (apt-get, as root): the report test needs it" >&2; exit 1; }; }

test: lint browser
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

test-quick: $(STAMP)
	$(PY) -m pytest -m "not slow"

bench: $(STAMP)
	$(PY) bench.py

dictionary: $(STAMP)
	$(PY) -m schemas.dictionary --write README.md

clean:
	rm -rf $(VENV) $(OUTPUT)
