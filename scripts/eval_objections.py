"""How well a trained model places objections: tests/objections_holdout.yml, never trained on.

    .venv/bin/python scripts/eval_objections.py [--json] MODEL [MODEL ...]

Each utterance's true label is its category (the part after objection/ or objection_help/), or
"not an objection" for the near-misses (neutral price and product questions, greetings...).
A model's label is the category its response selector ranks highest (summed over the
prospect's and the rep's voice, as the assistant does) when its intent is objection or
objection_help, else "not an objection". Printed per model, and returned by `evaluate` for
`make bench`: category accuracy and macro F1, near-misses taken for objections, the voice
(prospect or rep) told apart, and how many the assistant places at its confidence threshold.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOLDOUT = ROOT / "tests" / "objections_holdout.yml"
NOT_AN_OBJECTION = "not an objection"
MISSES = ROOT / "results" / "objections" / "misses.txt"
OBJECTION_INTENTS = ("objection", "objection_help")


def load_holdout(path: Path = HOLDOUT) -> list[tuple[str, str, str]]:
    """(text, intent, category or NOT_AN_OBJECTION) per held-out utterance."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    rows = []
    for message in RasaYAMLReader().read(str(path)).training_examples:
        intent = message.get("intent")
        key = message.get("intent_response_key") or ""
        category = key.split("/", 1)[1] if intent in OBJECTION_INTENTS and "/" in key else NOT_AN_OBJECTION
        rows.append((message.get("text"), intent, category))
    return rows


def predict(parse: dict[str, Any]) -> tuple[str | None, str, float]:
    """(intent, category or NOT_AN_OBJECTION, category confidence) from Rasa's parse data."""
    from actions.objections import objection_guess

    intent = (parse.get("intent") or {}).get("name")
    guess = objection_guess(parse)
    if intent not in OBJECTION_INTENTS or guess.category is None:
        return intent, NOT_AN_OBJECTION, 0.0
    return intent, guess.category, guess.confidence


def evaluate(model: Path, threshold: float | None = None) -> dict[str, Any]:
    from rasa.core.agent import Agent
    from sklearn.metrics import accuracy_score, f1_score

    from bot.settings import load_settings

    threshold = load_settings().objection_min_confidence if threshold is None else threshold
    rows = load_holdout()
    agent = Agent.load(str(model))

    async def parse_all():
        return [await agent.parse_message(text) for text, _, _ in rows]

    parses = asyncio.run(parse_all())
    truth = [category for _, _, category in rows]
    predicted = [predict(parse) for parse in parses]
    labels = sorted(set(truth))
    objections = [i for i, (_, intent, _) in enumerate(rows) if intent in OBJECTION_INTENTS]
    near_misses = [i for i, (_, intent, _) in enumerate(rows) if intent not in OBJECTION_INTENTS]
    placed = [i for i in objections if predicted[i][1] != NOT_AN_OBJECTION and predicted[i][2] >= threshold]
    per_label = f1_score(truth, [p[1] for p in predicted], labels=labels, average=None, zero_division=0)
    return {
        "model": str(model),
        "examples": len(rows),
        "objections": len(objections),
        "near_misses": len(near_misses),
        "accuracy": accuracy_score(truth, [p[1] for p in predicted]),
        "macro_f1": f1_score(truth, [p[1] for p in predicted], labels=labels, average="macro", zero_division=0),
        "f1_per_label": dict(zip(labels, (float(x) for x in per_label), strict=True)),
        "near_misses_taken_for_objections": sum(predicted[i][1] != NOT_AN_OBJECTION for i in near_misses),
        "voice_accuracy": sum(predicted[i][0] == rows[i][1] for i in objections) / len(objections),
        "threshold": threshold,
        "placed": len(placed),
        "placed_accuracy": (sum(predicted[i][1] == truth[i] for i in placed) / len(placed)) if placed else 0.0,
        "mistakes": [
            (rows[i][0], truth[i], predicted[i][1], round(predicted[i][2], 2))
            for i in range(len(rows))
            if predicted[i][1] != truth[i]
        ],
    }


def main() -> int:
    from scripts.rasa_quietly import quiet

    quiet()
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # What `rasa --quiet` does: warnings and errors only, for the standard and the structured log.
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    args = sys.argv[1:]
    as_json = "--json" in args
    models = [a for a in args if a != "--json"]
    if not models:
        print(__doc__)
        return 2
    for model in models:
        r = evaluate(Path(model))
        if as_json:
            print(json.dumps(r))
            continue
        print(
            f"{model}: {r['examples']} held-out utterances "
            f"({r['objections']} objections, {r['near_misses']} near-misses)"
        )
        print(
            f"  category accuracy {r['accuracy']:.3f}, macro F1 {r['macro_f1']:.3f}; "
            f"near-misses taken for objections {r['near_misses_taken_for_objections']}/{r['near_misses']}; "
            f"prospect/rep voice right {r['voice_accuracy']:.3f}"
        )
        print(
            f"  placed at confidence >= {r['threshold']}: {r['placed']}/{r['objections']}, "
            f"of which right {r['placed_accuracy']:.3f}"
        )
        for label, f1 in r["f1_per_label"].items():
            print(f"    {label:<18} F1 {f1:.2f}")
        MISSES.parent.mkdir(parents=True, exist_ok=True)
        MISSES.write_text(
            "".join(
                f"{text!r}: {truth} -> {guess} ({confidence})\n" for text, truth, guess, confidence in r["mistakes"]
            )
        )
        print(f"  {len(r['mistakes'])} misses (true -> read as) in {MISSES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
