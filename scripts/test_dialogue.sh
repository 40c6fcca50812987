#!/usr/bin/env bash
# Dialogue tests against a trained model:
# 1. conversation tests (tests/test_*.yml): every intent and action predicted right, or fail;
# 2. end-to-end REST conversations (tests/e2e): rasa run + the action server + a fresh database;
# 3. the held-out NLU sets (tests/nlu_holdout.yml, tests/objections_holdout.yml, never
#    trained on): figures, no pass mark.
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1
mkdir -p results
.venv/bin/rasa test core --model "$model" --stories tests/ --fail-on-prediction-errors --out results/core
SALESBOT_E2E_MODEL="$model" .venv/bin/python -m pytest tests/e2e
.venv/bin/rasa test nlu --model "$model" --domain domain --nlu tests/nlu_holdout.yml --out results/nlu
.venv/bin/python - <<'PY'
import json
report = json.load(open("results/nlu/intent_report.json"))
print(f"held-out NLU: accuracy {report['accuracy']:.3f}, "
      f"macro F1 {report['macro avg']['f1-score']:.3f}, weighted F1 {report['weighted avg']['f1-score']:.3f}")
PY
.venv/bin/python scripts/eval_objections.py "$model"
