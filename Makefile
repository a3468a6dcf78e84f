# distinguished — two commands: `make run` and `make test`.
# Both create .venv with the Python found on PATH (3.11 or newer) and install the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

VERIFIER := tools/verify-credential

.PHONY: run test lint format check requirements clean ci verifier optional-verifier messages compilemessages

$(STAMP): requirements/base.txt requirements/test.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "distinguished needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Links in e-mails and credentials are built from SITE_URL: `make run PORT=8101` serves at
# http://127.0.0.1:8101 and sets SITE_URL to match, unless SITE_URL is set in the environment,
# on the command line or in .env.
ifeq ($(strip $(shell grep -s -E '^[[:space:]]*(export[[:space:]]+)?SITE_URL[[:space:]]*=' .env)),)
run: export SITE_URL ?= http://$(HOST):$(PORT)
endif

## run: install, migrate SQLite (loads the program), create the issuer key once, load demo data, serve
run: $(STAMP)
	$(BIN)/distinguished migrate --no-input
	$(BIN)/distinguished generate-issuer-key
	$(BIN)/distinguished demo-data
	@echo ""
	@echo "Open http://$(HOST):$(PORT)/ and sign in with one of the accounts above."
	$(BIN)/distinguished runserver $(HOST):$(PORT)

## test: lint (ruff), architecture (import-linter), then the test suite on SQLite
# The suite runs on every core (pytest-xdist), each test module on one of them: the permission
# matrix builds its world once per module. TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= auto
test: lint $(STAMP) optional-verifier
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope

## verifier: the independent verifier's npm packages (Digital Bazaar's VC stack), pinned by its lock file
verifier: $(VERIFIER)/node_modules/.installed

$(VERIFIER)/node_modules/.installed: $(VERIFIER)/package.json $(VERIFIER)/package-lock.json
	cd $(VERIFIER) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Without npm (or without the registry) its tests are skipped, and say why.
optional-verifier:
	@if ! command -v npm >/dev/null; then \
	  echo "npm is not installed: the independent verifier's tests will be skipped (apt-get install nodejs npm)"; \
	elif ! $(MAKE) --no-print-directory verifier; then \
	  echo "could not install $(VERIFIER)'s packages: the independent verifier's tests will be skipped"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## check: Django's deployment checks with the production settings
check: $(STAMP)
	DJANGO_SETTINGS_MODULE=distinguished.settings.production SECRET_KEY=$$(openssl rand -hex 32) \
	  SITE_URL=https://dcp.example.org ALLOWED_HOSTS=dcp.example.org $(BIN)/distinguished check --deploy --fail-level WARNING

# The languages the interface is translated into (settings.LANGUAGES; English is the source).
LANGS := fr es ar

## messages: extract every translatable string (the program definition's too) into distinguished/locale/<lang>/LC_MESSAGES/django.po
messages: $(STAMP)
	$(BIN)/distinguished definition-messages
	cd distinguished && ../$(BIN)/distinguished makemessages $(addprefix -l ,$(LANGS)) \
	  --ignore=locale --ignore=migrations --add-location=file --no-obsolete --no-wrap

## compilemessages: build the .mo files the server reads (committed, so that an install needs no gettext)
compilemessages: $(STAMP)
	cd distinguished && ../$(BIN)/distinguished compilemessages $(addprefix -l ,$(LANGS))

## requirements: recompile the pinned requirements/*.txt from requirements/*.in
requirements:
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install pip-tools
	cd requirements && for f in base test production; do \
	  PIP_CONSTRAINT= ../$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links $$f.in -o $$f.txt; done

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache $(VERIFIER)/node_modules
