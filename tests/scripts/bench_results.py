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
    result.nlu = {"accuracy": 0.8474, "weighted_f1": 0.8881, "macro_f1": 0.9079, "examples": 262, "seconds": 44.0}
    result.objections = {
        "examples": 222,
        "objections": 197,
        "near_misses": 25,
        "accuracy": 0.8559,
        "macro_f1": 0.8671,
        "voice_accuracy": 0.8934,
        "near_misses_taken_for_objections": 0,
        "placed": 147,
        "placed_accuracy": 0.9592,
        "f1_per_label": {"price": 0.861, "timing": 0.889},
    }
    return result


def partial_base() -> BotResult:
    """A baseline with most figures missing: skipped training, no server figures, failed objections."""
    result = BotResult("Baseline (rasa init)")
    result.train_note = "skipped"
    result.model_mb = 25.0
    result.per_position_ms = {0: [13.0]}
    result.objections_note = "failed (exit 1)"
    return result
