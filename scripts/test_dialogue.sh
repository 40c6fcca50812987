#!/usr/bin/env bash
# Conversation tests (tests/test_*.yml) with the action server up, on a throwaway database,
# then the NLU held-out evaluation. Fails on any wrongly predicted action or intent in the
# conversation tests.
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1
mkdir -p results
rm -f results/dialogue-tests.db
export SALESBOT_DATABASE_URL="sqlite:///results/dialogue-tests.db"
.venv/bin/salesbot db upgrade
ACTION_SERVER_LOG=results/action-server-tests.log scripts/with_action_server.sh \
  .venv/bin/rasa test core --model "$model" --stories tests/ --endpoints endpoints.yml \
  --fail-on-prediction-errors --out results/core
.venv/bin/rasa test nlu --model "$model" --nlu tests/nlu_holdout.yml --out results/nlu
.venv/bin/python - <<'PY'
import json
report = json.load(open("results/nlu/intent_report.json"))
print(f"held-out NLU: accuracy {report['accuracy']:.3f}, "
      f"macro F1 {report['macro avg']['f1-score']:.3f}, weighted F1 {report['weighted avg']['f1-score']:.3f}")
PY
