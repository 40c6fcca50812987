"""Training both bots (or picking already trained models) and the held-out evaluations:
intent figures of our NLU and objection categories of ours against the `rasa init` pipeline."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from scripts.bench.processes import Contention, Processes, child_env, tail
from scripts.bench.results import BotResult
from scripts.bench.settings import INIT_TIMEOUT, NLU_TEST_TIMEOUT, RASA, ROOT, TRAIN_TIMEOUT, console


def train(
    procs: Processes,
    result: BotResult,
    *,
    cwd: Path,
    out: Path,
    name: str,
    cache: Path,
    log: Path,
    extra_args: Sequence[str] = (),
) -> None:
    args = [RASA, "train", *extra_args, "--out", str(out), "--fixed-model-name", name]
    console.print(f"[bold]{result.label}[/]: training from scratch ({' '.join(args[1:])}) ...")
    code, seconds = procs.run(args, cwd=cwd, env=child_env(cache), log=log, timeout=TRAIN_TIMEOUT)
    model = out / f"{name}.tar.gz"
    if code != 0 or not model.exists():
        raise RuntimeError(f"rasa train for {result.label} failed (exit {code}); last log lines:\n{tail(log)}")
    result.train_seconds = seconds
    result.use_model(model)
    console.print(f"  trained in {seconds:.1f} s -> {model}")


def prepare_baseline(
    procs: Processes,
    watch: Contention,
    base: BotResult,
    *,
    work: Path,
    init_dir: Path,
    skip_train: bool,
    given_model: Path | None,
    notes: list[str],
) -> None:
    """`rasa init` in a fresh folder (unless a trained baseline model is given), then the timed training."""
    if init_dir.exists():
        shutil.rmtree(init_dir)
    init_dir.mkdir(parents=True)
    if not (skip_train and given_model):
        console.print(f"[bold]{base.label}[/]: rasa init --no-prompt --init-dir {init_dir} ...")
        with watch.phase("baseline: rasa init"):
            code, seconds = procs.run(
                [RASA, "init", "--no-prompt", "--init-dir", str(init_dir)],
                cwd=work,
                env=child_env(work / "baseline" / "cache-init"),
                log=work / "baseline" / "init.log",
                timeout=INIT_TIMEOUT,
            )
        if code != 0:
            raise RuntimeError(f"rasa init failed (exit {code}):\n{tail(work / 'baseline' / 'init.log')}")
        notes.append(
            f"`rasa init --no-prompt` (copying the example project and training it once, "
            f"fresh cache) took {seconds:.1f} s; not counted as the baseline training figure."
        )
        console.print(f"  rasa init done in {seconds:.1f} s")
    if skip_train:
        if given_model:
            base.use_model(given_model.resolve())
        else:
            models = sorted((init_dir / "models").glob("*.tar.gz"))
            if not models:
                raise RuntimeError("rasa init produced no model")
            base.use_model(models[-1])
        base.train_note = "skipped"
    else:
        with watch.phase("baseline: training"):
            train(
                procs,
                base,
                cwd=init_dir,
                out=work / "baseline" / "models",
                name="baseline",
                cache=work / "baseline" / "cache-train",
                log=work / "baseline" / "train.log",
            )


def default_model() -> Path:
    """The model `make train` builds for the current config, domain and data."""
    printed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_if_needed.py"), "--print-path"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    return ROOT / printed


def prepare_ours(
    procs: Processes, watch: Contention, ours: BotResult, *, work: Path, skip_train: bool, given_model: Path | None
) -> None:
    """Our assistant trained from scratch into the work folder, or the given (default: `make train`'s) model."""
    if not list((ROOT / "data" / "nlu").glob("*.yml")):
        raise RuntimeError("data/nlu/ has no training data yet")
    if skip_train:
        model = (given_model or default_model()).resolve()
        ours.train_note = "skipped"
        if not model.exists():
            raise RuntimeError(f"{model} does not exist: run `make train` or pass --model")
        ours.use_model(model)
    else:
        with watch.phase("ours: training"):
            train(
                procs,
                ours,
                cwd=ROOT,
                out=work / "ours" / "models",
                name="ours",
                cache=work / "ours" / "cache",
                log=work / "ours" / "train.log",
                extra_args=["--config", "config.yml", "--domain", "domain", "--data", "data"],
            )


def nlu_eval(procs: Processes, result: BotResult, holdout: Path, work: Path, cache: Path) -> None:
    if not holdout.exists():
        result.nlu_note = f"n/a ({holdout.relative_to(ROOT)} missing)"
        return
    out = work / "nlu"
    console.print(f"[bold]{result.label}[/]: rasa test nlu on {holdout.relative_to(ROOT)} ...")
    code, seconds = procs.run(
        [RASA, "test", "nlu", "--nlu", str(holdout), "--model", str(result.model), "--out", str(out)],
        cwd=ROOT,
        env=child_env(cache),
        log=work / "test-nlu.log",
        timeout=NLU_TEST_TIMEOUT,
    )
    report = out / "intent_report.json"
    if code != 0 or not report.exists():
        result.nlu_note = f"failed (exit {code})"
        result.problems.append(f"rasa test nlu failed (exit {code}): {tail(work / 'test-nlu.log', 5)}")
        return
    data = json.loads(report.read_text())
    result.nlu = {
        "accuracy": data["accuracy"],
        "weighted_f1": data["weighted avg"]["f1-score"],
        "macro_f1": data["macro avg"]["f1-score"],
        "examples": int(data["weighted avg"]["support"]),
        "seconds": seconds,
    }


def init_config(init_dir: Path) -> Path:
    """The `rasa init` project's config.yml; with --skip-train and --baseline-model there is no
    rasa init run, so the same file from Rasa's installed project template."""
    config = init_dir / "config.yml"
    if config.exists():
        return config
    spec = importlib.util.find_spec("rasa")
    if spec is None or spec.origin is None:
        raise RuntimeError("rasa is not installed in this environment")
    return Path(spec.origin).parent / "cli" / "initial_project" / "config.yml"


def objection_eval(
    procs: Processes, ours: BotResult, base: BotResult, init_dir: Path, work: Path, watch: Contention
) -> None:
    """Our model and the rasa init pipeline, trained here on our NLU data, on the held-out objections."""
    out = work / "objection-baseline"
    config = init_config(init_dir)
    console.print(f"[bold]{base.label}[/]: rasa train nlu with its config.yml on our data/nlu ...")
    with watch.phase("baseline pipeline on our NLU data: training"):
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
                "init-pipeline-our-data",
            ],
            cwd=work,
            env=child_env(work / "objection-baseline-cache"),
            log=work / "objection-baseline-train.log",
            timeout=TRAIN_TIMEOUT,
        )
    models = sorted(out.glob("*.tar.gz"))
    if code != 0 or not models:
        base.objections_note = f"failed (exit {code})"
        base.problems.append(f"rasa train nlu failed: {tail(work / 'objection-baseline-train.log', 5)}")
        return
    base.objections_note = f"trained in {seconds:.0f} s"
    console.print(f"  trained in {seconds:.1f} s; scoring both on tests/objections_holdout.yml ...")
    with watch.phase("objections: held-out evaluation"):
        log = work / "objection-eval.log"
        # A separate process: both models are loaded there, not in the benchmark itself.
        code, _ = procs.run(
            [sys.executable, str(ROOT / "scripts" / "eval_objections.py"), "--json", str(ours.model), str(models[-1])],
            cwd=ROOT,
            env=child_env(work / "objection-eval-cache"),
            log=log,
            timeout=NLU_TEST_TIMEOUT,
        )
    results = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    if code != 0 or len(results) != 2:
        ours.problems.append(f"objection evaluation failed (exit {code}): {tail(log, 5)}")
        return
    ours.objections, base.objections = results
    base.objections["train_seconds"] = seconds
