"""The bench's NLU pipelines trained with several seeds: the configs it writes, the figures it
averages and how a cell shows their spread."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.bench import nlu
from scripts.bench.__main__ import parse_args
from scripts.bench.report import seeds_note
from scripts.bench.seeds import average, cell, seeded_config, spread
from tests.scripts.bench_results import nlu_set

CONFIG = """pipeline:
  - name: DIETClassifier
    epochs: 50
    random_seed: 42
policies:
  - name: TEDPolicy
    random_seed:   42
"""


def test_a_seeded_config_sets_every_random_seed_and_changes_nothing_else(tmp_path: Path):
    config = tmp_path / "config.yml"
    config.write_text(CONFIG)

    written = seeded_config(config, 7, tmp_path / "seed-7" / "config.yml")

    assert written == tmp_path / "seed-7" / "config.yml"
    assert written.read_text() == CONFIG.replace("random_seed: 42", "random_seed: 7").replace(
        "random_seed:   42", "random_seed:   7"
    )
    assert config.read_text() == CONFIG


def test_a_config_without_seeds_is_trained_as_written(tmp_path: Path):
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n  - name: DIETClassifier\n")

    assert seeded_config(config, 7, tmp_path / "seed-7" / "config.yml") == config
    assert not (tmp_path / "seed-7").exists()


def test_average_takes_the_mean_of_every_number_and_the_first_of_anything_else():
    runs = [
        {"model": "a.tar.gz", "train_seconds": 300.0, "bands": [{"band": "0.9", "count": 2, "accuracy": None}]},
        {"model": "b.tar.gz", "train_seconds": 330.0, "bands": [{"band": "0.9", "count": 4, "accuracy": 0.5}]},
        {"model": "c.tar.gz", "train_seconds": 270.0, "bands": [{"band": "0.9", "count": 0, "accuracy": 1.0}]},
    ]

    assert average(runs) == {
        "model": "a.tar.gz",
        "train_seconds": 300.0,
        "bands": [{"band": "0.9", "count": 2.0, "accuracy": 0.75}],
    }


def test_a_cell_is_the_value_of_one_run_or_the_mean_with_the_lowest_and_highest():
    assert cell([0.9]) == "0.900"
    assert cell([0.857, 0.909, 0.895]) == "0.887 (0.857–0.909)"
    assert cell([318.0, 256.0], "{:.0f}") == "287 (256–318)"
    assert cell(None) == "n/a"


def test_a_count_cell_gives_its_total():
    assert cell([15.0], of=79) == "15/79"
    assert cell([10.0, 12.0, 10.0], of=79) == "10.7/79 (10–12)"
    assert spread({"runs": [{"x": 1}, {"x": None}]}, lambda r: r["x"]) is None
    assert spread({"x": 3}, lambda r: r["x"]) == [3]


def test_seeds_are_whole_numbers_and_different():
    assert parse_args([]).seeds == [42]
    assert parse_args(["--seeds", "7,13,42"]).seeds == [7, 13, 42]
    for wrong in ("7,x", "7,7", ","):
        with pytest.raises(SystemExit):
            parse_args(["--seeds", wrong])


def fake_runs(monkeypatch, tmp_path: Path) -> list[tuple[str, str]]:
    """Training and scoring replaced: each seed's run reads the seed from its config; the list
    records which config trained which model."""
    trained: list[tuple[str, str]] = []

    def fake_train(procs, name, config, out, cache):
        seed = int(config.read_text().split("random_seed:")[1].split()[0])
        trained.append((str(config.relative_to(tmp_path)), str(cache.relative_to(tmp_path))))
        return {"model": str(out / f"{name}.tar.gz"), "train_seconds": 300.0 + seed, "model_mb": 16.0}

    def fake_evaluate(procs, name, model, out, cache):
        seed = int(Path(model).parent.name.removeprefix("seed-"))
        return {"blind": nlu_set(0.85 + seed / 1000, 0.8)}

    monkeypatch.setattr(nlu, "train_nlu", fake_train)
    monkeypatch.setattr(nlu, "evaluate", fake_evaluate)
    return trained


def test_each_seed_trains_its_own_config_on_one_shared_cache_and_the_figures_are_averaged(monkeypatch, tmp_path):
    config = tmp_path / "ours.yml"
    config.write_text(CONFIG)
    monkeypatch.setitem(nlu.PIPELINES, "ours", config)
    trained = fake_runs(monkeypatch, tmp_path)

    results, left_out = nlu.compare(["ours"], 0, tmp_path, [7, 13, 42])

    assert left_out == {}
    assert trained == [(f"ours/seed-{s}/config.yml", "ours/cache") for s in (7, 13, 42)]
    ours = results["ours"]
    assert (ours["seeds"], ours["seeded"], len(ours["runs"])) == ([7, 13, 42], True, 3)
    assert ours["sets"]["blind"]["objections"]["category_accuracy"] == pytest.approx(0.870667)
    lines = nlu.table(results)
    assert "| training (NLU only) | 321 (307–342) s |" in lines
    assert "| objection category accuracy | 0.871 (0.857–0.892) |" in lines
    assert "| near-misses taken for objections | 15.0/79 (15–15) |" in lines
    assert "| placed at the threshold / right when placed | 237.0/287 (237–237) / 0.979 (0.979–0.979) |" in lines
    assert "trained once per seed (7, 13, 42" in seeds_note(results)[1]


def test_one_seed_trains_the_same_way_and_reads_as_plain_figures(monkeypatch, tmp_path):
    config = tmp_path / "ours.yml"
    config.write_text(CONFIG)
    monkeypatch.setitem(nlu.PIPELINES, "ours", config)
    trained = fake_runs(monkeypatch, tmp_path)

    results, _ = nlu.compare(["ours"], 0, tmp_path, [42])

    assert trained == [("ours/seed-42/config.yml", "ours/cache")]
    lines = nlu.table(results)
    assert "| training (NLU only) | 342 s |" in lines
    assert "| near-misses taken for objections | 15/79 |" in lines
    assert seeds_note(results) == []
