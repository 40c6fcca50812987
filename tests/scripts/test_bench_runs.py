"""The bench's measuring pieces: percentile, turn counting, conversations, processes, arguments, NLU pipelines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripts.bench import conversations, nlu, processes
from scripts.bench.__main__ import parse_args
from scripts.bench.report import fmt
from scripts.bench.results import BotResult, percentile
from scripts.bench.settings import ROOT

# ---------------------------------------------------------------- percentile and results


def test_percentile_of_one_value_is_that_value():
    assert percentile([42.0], 95) == 42.0


def test_percentile_interpolates_linearly_between_ranks_of_the_sorted_values():
    values = [10.0, 100.0, 30.0, 20.0, 40.0]
    assert percentile(values, 50) == 30.0
    assert percentile(values, 95) == pytest.approx(88.0)  # rank 3.8: 40 + 0.8 * (100 - 40)
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 100.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5


def test_fmt_shows_missing_values_as_na_or_the_given_note():
    assert fmt(None, "{:.1f}") == "n/a"
    assert fmt(None, "{:.1f}", "skipped") == "skipped"
    assert fmt(0.0, "{:.1f}") == "0.0"
    assert fmt(3.14159, "{:.3f}") == "3.142"


def test_failure_samples_are_counted():
    result = BotResult("x")
    result.failure("turn 7 'no': no reply")
    result.failure("turn 7 'no': no reply")
    result.failure("turn 2 'yes': request failed: timed out")
    assert result.samples() == ["turn 7 'no': no reply (2 times)", "turn 2 'yes': request failed: timed out"]


def test_add_turn_problems():
    clean = BotResult("x")
    clean.final_checks = clean.final_checks_passed = 3
    clean.add_turn_problems()
    assert clean.problems == []

    result = BotResult("x")
    result.failed_turns, result.empty_replies, result.final_checks, result.final_checks_passed = 2, 20, 5, 3
    result.add_turn_problems()
    assert result.problems == [
        "2 turn(s) failed (HTTP error or timeout)",
        "20 turn(s) got an empty reply",
        "the last turn's reply did not mention a rep in 2 of 5 conversations",
    ]


def test_use_model_records_the_size_in_megabytes(tmp_path: Path):
    model = tmp_path / "m.tar.gz"
    model.write_bytes(b"\0" * 2_500_000)
    result = BotResult("x")
    result.use_model(model)
    assert result.model == model
    assert result.model_mb == 2.5


# ---------------------------------------------------------------- conversations, processes, arguments


def test_converse_counts_latencies_failures_empty_replies_and_the_last_turn_check(monkeypatch):
    replies = {"hi": ["Hello!"], "yes": [], "no": ["a rep will call you"]}

    def fake_say(port: int, sender: str, text: str) -> list[str]:
        if text == "boom":
            raise OSError("connection refused")
        return replies[text]

    monkeypatch.setattr(conversations, "say", fake_say)
    result = BotResult("Ours (x)")
    conversations.converse(5005, result, ["hi", "boom", "yes", "no"], 2, check_ours=True)
    assert result.turns_planned == 8
    assert result.conversations_done == 2
    assert len(result.latencies_ms) == 6
    assert sorted(result.per_position_ms) == [0, 2, 3]
    assert result.failed_turns == 2
    assert result.empty_replies == 2
    assert (result.final_checks, result.final_checks_passed) == (2, 2)
    assert result.samples() == [
        "turn 2 'boom': request failed: connection refused (2 times)",
        "turn 3 'yes': no reply (2 times)",
    ]

    replies["no"] = ["Thanks, bye"]
    result = BotResult("Ours (x)")
    conversations.converse(5005, result, ["hi", "no"], 1, check_ours=True)
    assert (result.final_checks, result.final_checks_passed) == (1, 0)
    assert result.samples() == ["last turn 'no': reply without 'rep': 'Thanks, bye'"]


def test_tail_keeps_the_last_non_blank_lines(tmp_path: Path):
    log = tmp_path / "x.log"
    log.write_text("one\n\ntwo\rthree\n   \nfour\n")
    assert processes.tail(log, 3) == "two\nthree\nfour"
    assert processes.tail(tmp_path / "missing.log") == ""


def test_contention_notes_and_disturbed_phases():
    watch = processes.Contention()
    watch.stop()
    ticks = processes.CLOCK_TICKS
    watch.phases = [("ours: training", 204.6, 0.004), ("objections", 58.0, 0.8)]
    watch.seen = {
        "objections": {
            1: ["rasa train", 0, 30 * ticks],
            2: ["rasa train", 0, 12 * ticks],
            3: ["pytest tests", 0, ticks // 2],
        }
    }
    cores = os.cpu_count()
    assert watch.notes() == [
        f"ours: training (205 s): other processes used 0.00 of {cores} cores on average",
        f"objections (58 s): other processes used 0.80 of {cores} cores on average; "
        "busy among them: `rasa train` (42 s CPU)",
    ]
    assert watch.disturbed() == ["objections (0.80 cores)"]


def test_arguments():
    args = parse_args([])
    assert (args.conversations, args.skip_train, args.model, args.work_dir) == (20, False, None, None)
    assert args.output == ROOT / "docs" / "benchmarks.md"
    args = parse_args(["--skip-train", "--model", "m.tar.gz", "--conversations", "3"])
    assert (args.skip_train, args.model, args.conversations) == (True, Path("m.tar.gz"), 3)
    with pytest.raises(SystemExit):
        parse_args(["--conversations", "0"])


def test_the_nlu_pipelines_compared_are_all_three_unless_named():
    assert parse_args([]).nlu_pipelines == "ours,before,init"
    assert parse_args(["--nlu-pipelines", "ours"]).nlu_pipelines == "ours"
    with pytest.raises(SystemExit):
        parse_args(["--nlu-pipelines", "ours,mine"])


def test_a_pipeline_that_outlasts_its_time_is_left_out_and_the_others_still_reported(monkeypatch, tmp_path: Path):
    def fake_train(procs, name, config, out, cache):
        if name == "init":
            raise TimeoutError("rasa train nlu did not finish within 3600 s (log: init/train.log)")
        return {"model": f"{name}.tar.gz", "train_seconds": 1.0, "model_mb": 1.0}

    monkeypatch.setattr(nlu, "train_nlu", fake_train)
    monkeypatch.setattr(nlu, "evaluate", lambda procs, name, model, out, cache: {"model": model})
    (tmp_path / "config.yml").write_text("pipeline:\n  - name: DIETClassifier\n")
    monkeypatch.setattr(nlu, "init_config", lambda folder: tmp_path / "config.yml")

    results, left_out = nlu.compare(["ours", "init", "before"], 0, tmp_path)

    assert list(results) == ["ours", "before"]
    assert results["before"]["sets"] == {"model": "before.tar.gz"}
    assert left_out == {"init": "rasa train nlu did not finish within 3600 s (log: init/train.log)"}
