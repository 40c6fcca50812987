"""How well a trained model reads held-out sentences (never trained on): intents, objection
categories, near-misses, and whether its confidence means something.

    .venv/bin/python scripts/eval_nlu.py [--json] [--set NAME ...] MODEL [MODEL ...]

Sets (default: all five): `blind`, `blind2` and `blind3` (tests/heldout/intents_blind*.yml),
each written blind by someone who never saw data/ and given only the intents' definitions (the
second on 2026-12-06, frozen before the training data of that day was added; the third late on
2026-12-06, frozen before the data round that blind set 2's per-category figures chose, and
never used to choose anything), `nlu` (tests/nlu_holdout.yml), `objections`
(tests/objections_holdout.yml).

For each set and model:
- intents: accuracy and macro F1 over the intents (objection and objection_help count as one
  intent each, whatever the category); a message Rasa's fallback takes is wrong.
- objections: the true label of an utterance is its category (the part after objection/ or
  objection_help/), or "not an objection". The model's label is the category its response
  selector ranks highest (summed over both voices, as the assistant does) when the intent is
  objection or objection_help. Category accuracy over the objections, macro F1 over all labels,
  near-misses taken for objections (the blind set marks its near-misses with a `# near-misses`
  comment before their intent block; in the other sets every non-objection is one), the voice
  told apart, and at the assistant's threshold: how many objections are placed and how many of
  those are right.
- calibration: over every utterance read as an objection, confidence against being right:
  expected calibration error (10 equal bins) and accuracy by confidence band.

Sentences of the blind sets are never printed or written out (so nobody tunes to them); for the
other two sets the misses go to results/nlu-eval/<set>-misses.txt.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETS = {
    "blind": ROOT / "tests" / "heldout" / "intents_blind.yml",
    "blind2": ROOT / "tests" / "heldout" / "intents_blind_2.yml",
    "blind3": ROOT / "tests" / "heldout" / "intents_blind_3.yml",
    "nlu": ROOT / "tests" / "nlu_holdout.yml",
    "objections": ROOT / "tests" / "objections_holdout.yml",
}
BLIND = {"blind", "blind2", "blind3"}
NOT_AN_OBJECTION = "not an objection"
OBJECTION_INTENTS = ("objection", "objection_help")
MISSES = ROOT / "results" / "nlu-eval"
BANDS = ((0.0, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    category: str  # the objection category, or NOT_AN_OBJECTION
    near_miss: bool


def _near_miss_blocks(path: Path) -> set[int]:
    """Which intent blocks (0-based, in file order) follow a `# near-misses` comment."""
    marked, block, pending = set(), -1, False
    for line in path.read_text().splitlines():
        if re.match(r"\s*#\s*near-misses", line):
            pending = True
        elif re.match(r"\s*-\s*intent:", line):
            block += 1
            if pending:
                marked.add(block)
            pending = False
    return marked


def load_set(path: Path) -> list[Example]:
    import yaml

    marked = _near_miss_blocks(path)
    examples = []
    for index, block in enumerate(yaml.safe_load(path.read_text())["nlu"]):
        label = block["intent"]
        intent, _, category = label.partition("/")
        is_objection = intent in OBJECTION_INTENTS and bool(category)
        for line in block["examples"].splitlines():
            text = line.strip()
            if not text.startswith("- "):
                continue
            examples.append(
                Example(
                    text=text[2:].strip(),
                    intent=intent,
                    category=category if is_objection else NOT_AN_OBJECTION,
                    near_miss=(index in marked) if marked else not is_objection,
                )
            )
    return examples


def read_objection(parse: dict[str, Any]) -> tuple[str, float]:
    """(category or NOT_AN_OBJECTION, the category's confidence) as the assistant reads it."""
    from actions.objections import objection_guess

    intent = (parse.get("intent") or {}).get("name")
    guess = objection_guess(parse)
    if intent not in OBJECTION_INTENTS or guess.category is None:
        return NOT_AN_OBJECTION, 0.0
    return guess.category, guess.confidence


def calibration(confidences: Sequence[float], right: Sequence[bool]) -> dict[str, Any]:
    """Expected calibration error over 10 equal-width bins, and accuracy by confidence band."""
    n = len(confidences)
    if not n:
        return {"ece": None, "bands": []}
    ece = 0.0
    for b in range(10):
        low, high = b / 10, (b + 1) / 10
        inside = [i for i, c in enumerate(confidences) if low <= c < high or (b == 9 and c >= 1.0)]
        if inside:
            mean_confidence = sum(confidences[i] for i in inside) / len(inside)
            accuracy = sum(right[i] for i in inside) / len(inside)
            ece += len(inside) / n * abs(accuracy - mean_confidence)
    bands = []
    for low, high in BANDS:
        inside = [i for i, c in enumerate(confidences) if low <= c < high]
        bands.append(
            {
                "band": f"{low:.2f}-{min(high, 1.0):.2f}",
                "count": len(inside),
                "accuracy": (sum(right[i] for i in inside) / len(inside)) if inside else None,
            }
        )
    return {"ece": ece, "bands": bands}


def score(examples: list[Example], parses: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score

    predicted_intents = [(p.get("intent") or {}).get("name") or "none" for p in parses]
    true_intents = [e.intent for e in examples]
    intent_labels = sorted(set(true_intents))
    readings = [read_objection(p) for p in parses]
    truth = [e.category for e in examples]
    guessed = [category for category, _ in readings]
    labels = sorted(set(truth))
    objections = [i for i, e in enumerate(examples) if e.category != NOT_AN_OBJECTION]
    near_misses = [i for i, e in enumerate(examples) if e.near_miss]
    placed = [i for i in objections if guessed[i] != NOT_AN_OBJECTION and readings[i][1] >= threshold]
    read_as_objection = [i for i in range(len(examples)) if guessed[i] != NOT_AN_OBJECTION]
    per_label = f1_score(truth, guessed, labels=labels, average=None, zero_division=0)
    per_intent = f1_score(true_intents, predicted_intents, labels=intent_labels, average=None, zero_division=0)
    return {
        "examples": len(examples),
        "intents": {
            "accuracy": accuracy_score(true_intents, predicted_intents),
            "macro_f1": f1_score(
                true_intents, predicted_intents, labels=intent_labels, average="macro", zero_division=0
            ),
            "f1_per_intent": dict(zip(intent_labels, (float(x) for x in per_intent), strict=True)),
        },
        "objections": {
            "objections": len(objections),
            "near_misses": len(near_misses),
            "category_accuracy": (sum(guessed[i] == truth[i] for i in objections) / len(objections))
            if objections
            else None,
            "macro_f1": f1_score(truth, guessed, labels=labels, average="macro", zero_division=0),
            "f1_per_label": dict(zip(labels, (float(x) for x in per_label), strict=True)),
            "near_misses_taken_for_objections": sum(guessed[i] != NOT_AN_OBJECTION for i in near_misses),
            "voice_accuracy": (sum(predicted_intents[i] == true_intents[i] for i in objections) / len(objections))
            if objections
            else None,
            "threshold": threshold,
            "placed": len(placed),
            "placed_accuracy": (sum(guessed[i] == truth[i] for i in placed) / len(placed)) if placed else None,
        },
        "calibration": calibration(
            [readings[i][1] for i in read_as_objection], [guessed[i] == truth[i] for i in read_as_objection]
        ),
        "misses": [
            (examples[i].text, truth[i], guessed[i], round(readings[i][1], 2), true_intents[i], predicted_intents[i])
            for i in range(len(examples))
            if guessed[i] != truth[i] or predicted_intents[i] != true_intents[i]
        ],
    }


def evaluate(model: Path, sets: Sequence[str] = tuple(SETS), threshold: float | None = None) -> dict[str, Any]:
    from rasa.core.agent import Agent

    from bot.settings import load_settings

    threshold = load_settings().objection_min_confidence if threshold is None else threshold
    agent = Agent.load(str(model))
    results: dict[str, Any] = {"model": str(model)}
    for name in sets:
        examples = load_set(SETS[name])

        async def parse_all(texts: list[str]) -> list[dict[str, Any]]:
            return [await agent.parse_message(text) for text in texts]

        parses = asyncio.run(parse_all([e.text for e in examples]))
        result = score(examples, parses, threshold)
        if name in BLIND:
            result["misses"] = len(result["misses"])  # counted, never shown
        results[name] = result
    return results


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def show(name: str, r: dict[str, Any]) -> None:
    i, o, c = r["intents"], r["objections"], r["calibration"]
    print(f"  {name} ({SETS[name].relative_to(ROOT)}): {r['examples']} utterances")
    print(f"    intents: accuracy {_f(i['accuracy'])}, macro F1 {_f(i['macro_f1'])}")
    if o["objections"]:
        print(
            f"    objections: category accuracy {_f(o['category_accuracy'])} over {o['objections']}, "
            f"macro F1 {_f(o['macro_f1'])}; voice right {_f(o['voice_accuracy'])}; "
            f"near-misses taken for objections {o['near_misses_taken_for_objections']}/{o['near_misses']}"
        )
        print(
            f"    placed at confidence >= {o['threshold']}: {o['placed']}/{o['objections']}, "
            f"of which right {_f(o['placed_accuracy'])}; calibration error (ECE) {_f(c['ece'])}"
        )
        bands = ", ".join(f"{b['band']}: {_f(b['accuracy'])} of {b['count']}" for b in c["bands"] if b["count"])
        print(f"    accuracy by confidence: {bands}")
    if isinstance(r["misses"], list):
        MISSES.mkdir(parents=True, exist_ok=True)
        path = MISSES / f"{name}-misses.txt"
        path.write_text(
            "".join(
                f"{text!r}: {intent} -> {read_intent}; {truth} -> {guess} ({confidence})\n"
                for text, truth, guess, confidence, intent, read_intent in r["misses"]
            )
        )
        print(f"    {len(r['misses'])} misses in {path.relative_to(ROOT)}")
    else:
        print(f"    {r['misses']} misses (blind set: not shown)")


def main() -> int:
    from scripts.rasa_quietly import quiet

    quiet()
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    args = sys.argv[1:]
    as_json = "--json" in args
    sets: list[str] = []
    models: list[str] = []
    rest = iter(a for a in args if a != "--json")
    for arg in rest:
        if arg == "--set":
            sets.append(next(rest))
        else:
            models.append(arg)
    unknown = [s for s in sets if s not in SETS]
    if not models or unknown:
        print(__doc__)
        return 2
    for model in models:
        results = evaluate(Path(model), sets or tuple(SETS))
        if as_json:
            print(json.dumps(results))
            continue
        print(f"{model}:")
        for name in sets or SETS:
            show(name, results[name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
