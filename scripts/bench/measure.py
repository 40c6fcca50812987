"""Training both bots (or picking already trained models) for the conversation figures; the NLU
pipelines are compared in scripts/bench/nlu.py."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from scripts.bench.processes import Contention, Processes, child_env, tail
from scripts.bench.results import BotResult
from scripts.bench.settings import INIT_TIMEOUT, RASA, ROOT, TRAIN_TIMEOUT, console


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
