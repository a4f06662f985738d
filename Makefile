# Hexad — the two commands: `make run` (serve the demo) and `make test` (the whole suite).
VENV    ?= .venv
BIN     := $(VENV)/bin
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: run test lint typecheck check messages clean

$(BIN)/python:
	@py=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

## run: install, migrate, load the demo portfolio into an empty database and serve it,
##      with the background worker (team designer runs, periodic jobs) beside it
run: $(VENV)/.installed
	$(BIN)/hexad migrate --noinput
	$(BIN)/hexad demo --size small --if-empty
	@$(BIN)/hexad worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/hexad serve --bind $(HOST):$(PORT)

## test: install and run the whole test suite (browser journeys included)
test: $(VENV)/.installed
	@scripts/ensure-chromium || echo "Chromium is not available: browser journeys will be skipped."
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy hexad

check: $(VENV)/.installed
	$(BIN)/hexad makemigrations --check --dry-run

## messages: refresh the Polish catalogue after changing strings
messages: $(VENV)/.installed
	cd hexad && ../$(BIN)/django-admin makemessages -l pl --no-obsolete --settings=hexad.settings --ignore='tests/*'
	cd hexad && ../$(BIN)/django-admin compilemessages --settings=hexad.settings

clean:
	rm -rf $(VENV) staticfiles
