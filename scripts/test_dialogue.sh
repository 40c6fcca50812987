#!/usr/bin/env bash
# Dialogue tests against a trained model:
# 1. conversation tests (tests/test_*.yml): every intent and action predicted right, or fail;
# 2. end-to-end REST conversations (tests/e2e): rasa run + the action server + a fresh database;
# 3. the held-out NLU sets (tests/heldout/intents_blind*.yml,
#    tests/nlu_holdout.yml, tests/objections_holdout.yml, never trained on; scripts/eval_nlu.py):
#    figures, no pass mark;
# 4. the held-out answers (tests/heldout/answers_blind.yml) given in conversation, and what the
#    database then holds (scripts/eval_answers.py): figures, no pass mark.
# Rasa runs quietly (warnings and errors only); each step prints its own summary, and the full
# reports are in results/.
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1
export TQDM_DISABLE=1  # Rasa's test commands draw progress bars whatever the log level
rasa=(.venv/bin/python scripts/rasa_quietly.py)
mkdir -p results
if ! "${rasa[@]}" test core --model "$model" --stories tests/ --fail-on-prediction-errors --out results/core \
    --no-plot --quiet; then
  echo "conversation tests failed; the stories that went wrong (results/core/failed_test_stories.yml):" >&2
  cat results/core/failed_test_stories.yml >&2
  exit 1
fi
.venv/bin/python - <<'PY'
import json
report = json.load(open("results/core/story_report.json"))
stories, actions = report["conversation_accuracy"], report["micro avg"]
print(f"conversation tests: {stories['correct']}/{stories['total']} stories right, "
      f"action F1 {actions['f1-score']:.3f} over {actions['support']} actions")
PY
SALESBOT_E2E_MODEL="$model" .venv/bin/python -m pytest tests/e2e -q
.venv/bin/python scripts/eval_nlu.py "$model"
.venv/bin/python scripts/eval_answers.py "$model"
# 5. the rehearsal rubric against a person's labels (tests/rehearsal/labelled_replies.yml, the
#    held-out half; scripts/eval_rubric.py): figures, no pass mark.
.venv/bin/python scripts/eval_rubric.py 2>/dev/null
# 6. the language check: other languages refused, English not (scripts/eval_language.py).
.venv/bin/python scripts/eval_language.py 2>/dev/null
