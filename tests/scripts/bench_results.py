"""Bench results with known figures, shared by the bench tests."""

from __future__ import annotations

import datetime as dt

from scripts.bench.results import BotResult

FACTS = {
    "uname": "Linux vm 6.1.0 #1 SMP x86_64",
    "cpus": 2,
    "cpu_model": "AMD EPYC",
    "memory_gib": 23.5,
    "python": "3.10.13",
    "rasa": "3.6.21",
    "rasa_sdk": "3.6.2",
    "tensorflow": "2.12.0",
    "spacy": "3.6.1",
    "commit": "548bebc",
}
STARTED = dt.datetime(2026, 11, 27, 0, 26, 4, tzinfo=dt.timezone.utc)


def filled_ours() -> BotResult:
    result = BotResult("Ours (sales assistant)")
    result.train_seconds = 204.84
    result.model_mb = 50.418
    result.status_seconds = 34.44
    result.first_reply_seconds = 34.56
    result.latencies_ms = [10.0, 100.0, 30.0, 20.0, 40.0]
    result.per_position_ms = {0: [26.0, 30.0], 11: [73.0]}
    result.turns_planned = 6
    result.conversations_done = 1
    result.empty_replies = 1
    result.final_checks = 1
    result.final_checks_passed = 1
    result.server_rss_mib = 1467.4
    result.action_rss_mib = 591.2
    result.action_start_seconds = 7.46
    return result


def partial_base() -> BotResult:
    """A baseline with most figures missing: skipped training, no server figures."""
    result = BotResult("Baseline (rasa init)")
    result.train_note = "skipped"
    result.model_mb = 25.0
    result.per_position_ms = {0: [13.0]}
    return result


def nlu_set(category_accuracy: float | None, price_f1: float) -> dict:
    """One pipeline's figures on one held-out set, as scripts/eval_nlu.py gives them."""
    objections = 287 if category_accuracy is not None else 0
    return {
        "examples": 583,
        "intents": {"accuracy": 0.885, "macro_f1": 0.88, "f1_per_intent": {}},
        "objections": {
            "objections": objections,
            "near_misses": 79,
            "category_accuracy": category_accuracy,
            "macro_f1": 0.882,
            "f1_per_label": {"price": price_f1, "timing": 0.9},
            "near_misses_taken_for_objections": 15,
            "voice_accuracy": 0.95,
            "threshold": 0.6,
            "placed": 237,
            "placed_accuracy": 0.979,
        },
        "calibration": {
            "ece": 0.075,
            "bands": [
                {"band": "0.00-0.60", "count": 0, "accuracy": None},
                {"band": "0.95-1.00", "count": 90, "accuracy": 0.97},
            ],
        },
        "misses": 68,
    }


def nlu_comparison() -> dict:
    """Two pipelines' figures on the four sets, one with cross-validation."""
    sets = {
        "blind": nlu_set(0.882, 0.86),
        "blind2": nlu_set(0.871, 0.8),
        "nlu": nlu_set(None, 0.0),
        "objections": nlu_set(0.868, 0.9),
    }
    return {
        "ours": {"train_seconds": 301.2, "model_mb": 13.2, "sets": sets, "cv": {"accuracy": 0.91, "macro_f1": 0.9}},
        "init": {"train_seconds": 95.0, "model_mb": 9.0, "sets": dict(sets, blind=nlu_set(0.7, 0.5))},
    }
