"""Three NLU pipelines trained on the same data/nlu in the same run, each scored on every
held-out set (scripts/eval_nlu.py): ours (config.yml), the pipeline as it stood before issue 10
(scripts/bench/pipelines/before-issue-10.yml), and the one `rasa init` writes. With `--folds`,
also Rasa's k-fold cross-validation of each on data/nlu.

With `--seeds 7,13,42`, each pipeline is trained once per seed and each figure is reported as the
mean with the lowest and highest (scripts/bench/seeds.py).

    python -m scripts.bench.nlu [--pipelines ours,before,init] [--seeds 7,13,42] [--folds 5] [--work-dir DIR]
                                [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scripts.bench.measure import init_config
from scripts.bench.processes import Processes, child_env, tail
from scripts.bench.seeds import average, cell, seeded_config, sets_seed, spread
from scripts.bench.settings import NLU_TEST_TIMEOUT, RASA, ROOT, TRAIN_TIMEOUT, console

PIPELINES = {
    "ours": ROOT / "config.yml",
    "before": ROOT / "scripts" / "bench" / "pipelines" / "before-issue-10.yml",
    "init": None,  # Rasa's project template, found at run time
}
# The seed every config in this repository sets, and the bench's when none is given.
DEFAULT_SEED = 42
LABELS = {"ours": "ours", "before": "before issue 10", "init": "rasa init"}
SET_NAMES = {
    "blind": "blind set",
    "blind2": "blind set 2",
    "blind3": "blind set 3",
    "nlu": "tests/nlu_holdout.yml",
    "objections": "tests/objections_holdout.yml",
}


def train_nlu(procs: Processes, name: str, config: Path, out: Path, cache: Path) -> dict[str, Any]:
    log = out / "train.log"
    out.mkdir(parents=True, exist_ok=True)
    shown = config.relative_to(ROOT) if config.is_relative_to(ROOT) else config
    console.print(f"[bold]{LABELS[name]}[/]: rasa train nlu with {shown} ...")
    code, seconds = procs.run(
        [
            RASA,
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            str(ROOT / "data" / "nlu"),
            "--domain",
            str(ROOT / "domain"),
            "--out",
            str(out),
            "--fixed-model-name",
            name,
        ],
        cwd=ROOT,
        env=child_env(cache),
        log=log,
        timeout=TRAIN_TIMEOUT,
    )
    model = out / f"{name}.tar.gz"
    if code != 0 or not model.exists():
        raise RuntimeError(f"training {name} failed (exit {code}):\n{tail(log)}")
    console.print(f"  trained in {seconds:.0f} s, {model.stat().st_size / 2**20:.1f} MB")
    return {"model": str(model), "train_seconds": seconds, "model_mb": model.stat().st_size / 2**20}


def evaluate(procs: Processes, name: str, model: str, out: Path, cache: Path) -> dict[str, Any]:
    log = out / "eval.log"
    # A separate process per model: each loads TensorFlow and its model there, not here.
    code, seconds = procs.run(
        [sys.executable, str(ROOT / "scripts" / "eval_nlu.py"), "--json", model],
        cwd=ROOT,
        env=child_env(cache),
        log=log,
        timeout=NLU_TEST_TIMEOUT,
    )
    found = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    if code != 0 or not found:
        raise RuntimeError(f"evaluating {name} failed (exit {code}):\n{tail(log)}")
    return found[0]


def cross_validate(procs: Processes, name: str, config: Path, folds: int, work: Path) -> dict[str, Any]:
    out = work / name / "cv"
    log = work / name / "cv.log"
    console.print(f"[bold]{LABELS[name]}[/]: {folds}-fold cross-validation on data/nlu ...")
    code, seconds = procs.run(
        [
            RASA,
            "test",
            "nlu",
            "--nlu",
            str(ROOT / "data" / "nlu"),
            "--config",
            str(config),
            "--cross-validation",
            "--folds",
            str(folds),
            "--domain",
            str(ROOT / "domain"),
            "--out",
            str(out),
            "--no-plot",
        ],
        cwd=ROOT,
        env=child_env(work / name / "cache"),
        log=log,
        timeout=TRAIN_TIMEOUT * folds,
    )
    report = out / "intent_report.json"
    if code != 0 or not report.exists():
        raise RuntimeError(f"cross-validation of {name} failed (exit {code}):\n{tail(log)}")
    data = json.loads(report.read_text())
    return {"accuracy": data["accuracy"], "macro_f1": data["macro avg"]["f1-score"], "seconds": seconds}


def train_and_score(procs: Processes, name: str, config: Path, seeds: list[int], work: Path) -> dict[str, Any]:
    """One pipeline trained and scored once per seed; with several seeds, the figures are their
    mean (scripts/bench/seeds.py) and "runs" holds each seed's. The runs share one training cache,
    so the featurizers, which have no seed, run once."""
    cache = work / name / "cache"
    runs = []
    for seed in seeds:
        out = work / name / f"seed-{seed}"
        run = train_nlu(procs, name, seeded_config(config, seed, out / "config.yml"), out, cache)
        run["sets"] = evaluate(procs, name, run["model"], out, cache)
        runs.append(run)
    return dict(average(runs), seeds=seeds, seeded=sets_seed(config), runs=runs)


def compare(names: list[str], folds: int, work: Path, seeds: list[int] | None = None) -> tuple[dict, dict[str, str]]:
    """Each pipeline's figures, and why any was left out. A pipeline that fails or outlasts its
    time is left out and the others are still reported: on a slow day the `rasa init` one
    trained for over an hour, and two runs lost every figure to it."""
    procs = Processes()
    results: dict[str, Any] = {}
    left_out: dict[str, str] = {}
    try:
        for name in names:
            try:
                config = PIPELINES[name] or init_config(work / "no-init")
                result = train_and_score(procs, name, config, seeds or [DEFAULT_SEED], work)
                if folds:
                    result["cv"] = cross_validate(procs, name, config, folds, work)
            except (RuntimeError, TimeoutError) as error:
                left_out[name] = str(error).splitlines()[0]
                console.print(f"  [red]{LABELS[name]} left out:[/] {left_out[name]}", markup=True, highlight=False)
                continue
            results[name] = result
    finally:
        procs.stop_all()
    return results, left_out


def table(results: dict[str, Any]) -> list[str]:
    """The comparison as Markdown rows, one row per figure, one column per pipeline; a pipeline
    trained with several seeds shows each figure's mean and, in brackets, its lowest and highest."""
    names = list(results)
    lines = ["| | " + " | ".join(LABELS[n] for n in names) + " |", "| --- |" + " --- |" * len(names)]

    def row(label: str, figure: Callable[[dict[str, Any]], Any], pattern: str = "{:.3f}", unit: str = "") -> None:
        lines.append(
            f"| {label} | " + " | ".join(cell(spread(results[n], figure), pattern) + unit for n in names) + " |"
        )

    row("training (NLU only)", lambda r: r["train_seconds"], "{:.0f}", " s")
    row("model size", lambda r: r["model_mb"], "{:.1f}", " MB")
    for key, title in SET_NAMES.items():
        if key not in results[names[0]]["sets"]:
            continue

        def on_set(figure: Callable[[dict[str, Any]], Any], key: str = key) -> Callable[[dict[str, Any]], Any]:
            return lambda r: figure(r["sets"][key])

        row(f"**{title}**: intent accuracy", on_set(lambda s: s["intents"]["accuracy"]))
        row("intent macro F1", on_set(lambda s: s["intents"]["macro_f1"]))
        if not results[names[0]]["sets"][key]["objections"]["objections"]:
            continue
        row("objection category accuracy", on_set(lambda s: s["objections"]["category_accuracy"]))
        row("objection macro F1 (categories + not an objection)", on_set(lambda s: s["objections"]["macro_f1"]))
        near = on_set(lambda s: s["objections"]["near_misses_taken_for_objections"])
        placed = on_set(lambda s: s["objections"]["placed"])
        right = on_set(lambda s: s["objections"]["placed_accuracy"])
        totals = [results[n]["sets"][key]["objections"] for n in names]
        lines.append(
            "| near-misses taken for objections | "
            + " | ".join(
                cell(spread(results[n], near), of=t["near_misses"]) for n, t in zip(names, totals, strict=False)
            )
            + " |"
        )
        lines.append(
            "| placed at the threshold / right when placed | "
            + " | ".join(
                f"{cell(spread(results[n], placed), of=t['objections'])} / {cell(spread(results[n], right))}"
                for n, t in zip(names, totals, strict=False)
            )
            + " |"
        )
        row("calibration error (ECE)", on_set(lambda s: s["calibration"]["ece"]))
    if all("cv" in results[n] for n in names):
        # Cross-validation runs once per pipeline, with its config as written.
        for label, figure in (("accuracy", "accuracy"), ("macro F1", "macro_f1")):
            lines.append(
                f"| cross-validation: intent {label} | "
                + " | ".join(cell([results[n]["cv"][figure]]) for n in names)
                + " |"
            )
    return lines


def seed_list(text: str) -> list[int]:
    """ "7,13,42" as [7, 13, 42], for argparse."""
    try:
        seeds = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"seeds are whole numbers separated by commas, not {text!r}") from None
    if not seeds or len(set(seeds)) != len(seeds):
        raise argparse.ArgumentTypeError(f"give one or more different seeds, not {text!r}")
    return seeds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pipelines", default="ours,before,init")
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--seeds", type=seed_list, default=[DEFAULT_SEED], help="e.g. 7,13,42 (default 42)")
    parser.add_argument("--work-dir", type=Path)
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument(
        "--try",
        dest="tries",
        action="append",
        default=[],
        metavar="NAME=CONFIG",
        help="also a pipeline of your own, e.g. --try no-char=/tmp/config.yml",
    )
    args = parser.parse_args(argv)
    for entry in args.tries:
        name, _, path = entry.partition("=")
        PIPELINES[name], LABELS[name] = Path(path).resolve(), name
    names = [n.strip() for n in args.pipelines.split(",") if n.strip()] + [e.partition("=")[0] for e in args.tries]
    unknown = [n for n in names if n not in PIPELINES]
    if unknown:
        parser.error(f"unknown pipelines: {', '.join(unknown)} (known: {', '.join(PIPELINES)})")
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="salesbot-nlu-"))
    try:
        results, left_out = compare(names, args.folds, work, args.seeds)
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)
    for line in table(results) if results else []:
        console.print(line, markup=False, highlight=False)
    for name, why in left_out.items():
        console.print(f"{LABELS[name]} left out: {why}", markup=False, highlight=False)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
