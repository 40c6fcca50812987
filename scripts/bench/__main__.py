"""Benchmark: our sales assistant against Rasa's own `rasa init` example bot, in one run.

`make bench` or `python -m scripts.bench`: the command line and the order of the phases.
How each figure is measured: docs/bench-method.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scripts.bench.conversations import serve_baseline, serve_ours
from scripts.bench.measure import prepare_baseline, prepare_ours
from scripts.bench.nlu import DEFAULT_SEED, LABELS, PIPELINES, compare, seed_list
from scripts.bench.processes import Contention, Interrupted, Processes, on_sigterm
from scripts.bench.report import machine_facts, publish
from scripts.bench.results import BotResult
from scripts.bench.settings import ROOT, console


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=20, help="conversations per bot (default 20)")
    parser.add_argument(
        "--skip-train", action="store_true", help="use already trained models instead of training both bots"
    )
    parser.add_argument(
        "--model",
        type=Path,
        default=None,
        help="our trained model for --skip-train (default: the one `make train` builds)",
    )
    parser.add_argument(
        "--baseline-model",
        type=Path,
        default=None,
        help="baseline model for --skip-train (default: the model `rasa init` trains)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="keep logs and models in this folder instead of a deleted temporary one",
    )
    parser.add_argument(
        "--folds",
        type=int,
        default=0,
        help=(
            "k-fold cross-validation of each NLU pipeline on data/nlu (default 0: none; 5 folds of the three"
            " pipelines take about two hours on 2 cores, `make bench-cv`)"
        ),
    )
    parser.add_argument(
        "--seeds",
        type=seed_list,
        default=[DEFAULT_SEED],
        help=(
            "train each NLU pipeline once per seed and report the mean, lowest and highest of each figure"
            " (default 42: one run; `make bench`: 7,13,42)"
        ),
    )
    parser.add_argument(
        "--nlu-pipelines",
        default="ours,before,init",
        help=(
            "the NLU pipelines trained and scored on the held-out sets (default ours,before,init; `rasa init`'s"
            " alone takes about 20 minutes here)"
        ),
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "docs" / "benchmarks.md",
        help="markdown report to (over)write (default docs/benchmarks.md)",
    )
    args = parser.parse_args(argv)
    if args.conversations < 1:
        parser.error("--conversations must be at least 1")
    unknown = set(args.nlu_pipelines.split(",")) - set(PIPELINES)
    if unknown:
        parser.error(f"unknown NLU pipelines: {', '.join(sorted(unknown))} (known: {', '.join(PIPELINES)})")
    return args


@contextmanager
def steps_shown(total: int) -> Iterator[Callable[[], None]]:
    """A bar under the bench's own lines: steps done of `total`, and the time so far."""
    columns = (TextColumn("bench"), BarColumn(), MofNCompleteColumn(), TextColumn("steps"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("bench", total=total)
        yield lambda: progress.advance(task)


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C even if started with SIGINT ignored
    started_at = dt.datetime.now().astimezone()
    started = time.monotonic()
    facts = machine_facts()
    load_start = os.getloadavg()
    console.print(
        f"[bold]bench[/] {started_at:%Y-%m-%d %H:%M:%S} on {facts['uname']}, {facts['cpus']} CPUs; "
        f"Python {facts['python']}, Rasa {facts['rasa']}"
    )

    if args.work_dir:
        work = args.work_dir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="salesbot-bench-"))
    procs = Processes()
    watch = Contention()
    ours = BotResult("Ours (sales assistant)")
    base = BotResult("Baseline (rasa init)")
    notes: list[str] = []
    nlu: dict = {}
    completed = False
    try:
        init_dir = work / "baseline" / "init"
        with steps_shown(5) as step:
            prepare_baseline(
                procs,
                watch,
                base,
                work=work,
                init_dir=init_dir,
                skip_train=args.skip_train,
                given_model=args.baseline_model,
                notes=notes,
            )
            step()
            prepare_ours(procs, watch, ours, work=work, skip_train=args.skip_train, given_model=args.model)
            step()
            serve_baseline(procs, watch, base, work=work, init_dir=init_dir, conversations=args.conversations)
            step()
            serve_ours(procs, watch, ours, work=work, conversations=args.conversations, notes=notes)
            step()
            with watch.phase("NLU pipelines: training and held-out sets"):
                names = [n.strip() for n in args.nlu_pipelines.split(",") if n.strip()]
                nlu, left_out = compare(names, args.folds, work / "nlu", args.seeds)
                notes += [f"NLU pipeline {LABELS[name]} left out: {why}" for name, why in left_out.items()]
            step()
        completed = True
    except (KeyboardInterrupt, Interrupted) as stop:
        console.print(f"[red]interrupted ({str(stop) or 'Ctrl-C'}); servers stopped, no report written[/]")
        return 130
    except (RuntimeError, TimeoutError, OSError, subprocess.SubprocessError) as error:
        console.print(f"[red]bench failed:[/] {error}")
        console.print(f"logs: {work}" if args.work_dir else "(rerun with --work-dir DIR to keep the logs)")
        return 1
    finally:
        procs.stop_all()
        watch.stop()
        if completed:
            publish(
                args.output,
                ours,
                base,
                watch=watch,
                facts=facts,
                conversations=args.conversations,
                arguments=sys.argv[1:],
                started=started_at,
                total_seconds=time.monotonic() - started,
                load_start=load_start,
                notes=notes,
                nlu=nlu,
            )
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
