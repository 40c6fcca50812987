"""The results as a table on the terminal and as the markdown report (docs/benchmarks.md)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from importlib import metadata
from pathlib import Path

from rich.table import Table

from scripts.bench.conversations import BASELINE_CONVERSATION, OUR_CONVERSATION
from scripts.bench.nlu import LABELS, SET_NAMES
from scripts.bench.nlu import table as nlu_table
from scripts.bench.processes import Contention
from scripts.bench.results import BotResult, percentile
from scripts.bench.settings import COMMAND, METHOD_DOC, MODULE_COMMAND, ROOT, console


def machine_facts() -> dict:
    uname = platform.uname()
    mem_kib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    commit = ""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return {
        "uname": " ".join([uname.system, uname.node, uname.release, uname.version, uname.machine]),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": mem_kib / 1024 / 1024 if mem_kib else None,
        "python": platform.python_version(),
        "rasa": version("rasa"),
        "rasa_sdk": version("rasa-sdk"),
        "tensorflow": version("tensorflow"),
        "spacy": version("spacy"),
        "commit": commit,
    }


def fmt(value: float | None, pattern: str, missing: str = "n/a") -> str:
    return missing if value is None else pattern.format(value)


def rows(ours: BotResult, base: BotResult) -> list[tuple[str, str, str]]:
    """(figure, ours, baseline) per row of the table, formatted; "n/a" (or a note) where there is no figure."""

    def training(r: BotResult) -> str:
        return fmt(r.train_seconds, "{:.1f}", r.train_note or "n/a")

    def latency(r: BotResult, pct: float) -> str:
        return fmt(percentile(r.latencies_ms, pct) if r.latencies_ms else None, "{:.0f}")

    def turns(r: BotResult) -> str:
        return f"{len(r.latencies_ms)} of {r.turns_planned} ({r.conversations_done} conv.)"

    def replies(r: BotResult) -> str:
        answered = len(r.latencies_ms) - r.empty_replies
        return f"{answered} of {r.turns_planned}"

    return [
        ("Training time, wall clock (s)", training(ours), training(base)),
        ("Model size (MB)", fmt(ours.model_mb, "{:.1f}"), fmt(base.model_mb, "{:.1f}")),
        (
            "Load time: until /status answers (s)",
            fmt(ours.status_seconds, "{:.1f}"),
            fmt(base.status_seconds, "{:.1f}"),
        ),
        (
            "Load time: until first reply (s)",
            fmt(ours.first_reply_seconds, "{:.1f}"),
            fmt(base.first_reply_seconds, "{:.1f}"),
        ),
        ("Turn latency, median (ms)", latency(ours, 50), latency(base, 50)),
        ("Turn latency, p95 (ms)", latency(ours, 95), latency(base, 95)),
        ("Turns measured", turns(ours), turns(base)),
        ("Turns with a non-empty reply", replies(ours), replies(base)),
        (
            "Last reply mentions a rep (check)",
            f"{ours.final_checks_passed} of {ours.final_checks}" if ours.final_checks else "n/a",
            "n/a",
        ),
        ("Rasa server RSS after the run (MiB)", fmt(ours.server_rss_mib, "{:.0f}"), fmt(base.server_rss_mib, "{:.0f}")),
        ("Action server RSS (MiB)", fmt(ours.action_rss_mib, "{:.0f}"), "n/a (no actions)"),
    ]


PIPELINE_SOURCES = {
    "ours": "ours is `config.yml`",
    "before": "*before issue 10* is `scripts/bench/pipelines/before-issue-10.yml`",
    "init": "*rasa init* is the config.yml `rasa init` writes",
}


def seeds_note(nlu: dict) -> list[str]:
    """What a cell means when the pipelines were trained with several seeds."""
    seeded = {name: result for name, result in nlu.items() if len(result.get("seeds", [])) > 1}
    if not seeded:
        return []
    seeds = ", ".join(str(s) for s in next(iter(seeded.values()))["seeds"])
    unseeded = [LABELS[name] for name, result in seeded.items() if not result["seeded"]]
    lines = [
        "",
        f"Each pipeline was trained once per seed ({seeds}: every `random_seed` of its config set to it), "
        "because the seed alone moves these figures by a few hundredths. A cell is the mean of the runs, "
        "with the lowest and highest in brackets; the per-category and calibration tables below give the mean.",
    ]
    if unseeded:
        lines[-1] += f" {', '.join(unseeded)} sets no seed: its runs are plain repeats."
    return lines


def nlu_section(nlu: dict) -> list[str]:
    """The comparison table, then each blind set's per-category F1 and accuracy by confidence."""
    names = list(nlu)
    which = "; ".join(PIPELINE_SOURCES[name] for name in names if name in PIPELINE_SOURCES)
    lines = [
        "Each pipeline is trained here with `rasa train nlu` on `data/nlu` and scored by "
        f"`scripts/eval_nlu.py`: {which}. "
        "The blind sets (`tests/heldout/intents_blind.yml`, `_2.yml`, `_3.yml`) were written "
        "by people who never saw `data/`; their sentences are never printed. The first one's per-intent "
        "figures chose which intents got more training data, and the second one's per-category figures "
        "chose a later round; the third one's chose nothing.",
        *seeds_note(nlu),
        "",
        *nlu_table(nlu),
    ]
    for key in ("blind", "blind2", "blind3"):
        if key not in nlu[names[0]]["sets"]:
            continue
        title = SET_NAMES[key]
        lines += [
            "",
            f"Objection category F1 on the {title}:",
            "",
            "| category | " + " | ".join(LABELS[n] for n in names) + " |",
            "| --- |" + " ---: |" * len(names),
        ]
        per_label = [nlu[n]["sets"][key]["objections"]["f1_per_label"] for n in names]
        for label in per_label[0]:
            lines.append(f"| {label} | " + " | ".join(f"{p.get(label, 0):.2f}" for p in per_label) + " |")
        lines += [
            "",
            f"Calibration on the {title}: of the utterances read as an objection, how many are placed "
            "in the right category, by the confidence the assistant had:",
            "",
            "| confidence | " + " | ".join(LABELS[n] for n in names) + " |",
            "| --- |" + " ---: |" * len(names),
        ]
        bands = [nlu[n]["sets"][key]["calibration"]["bands"] for n in names]
        for position, band in enumerate(bands[0]):
            cells = []
            for b in bands:
                cell = b[position]
                cells.append(f"{cell['accuracy']:.2f} of {cell['count']:.0f}" if cell["count"] else "-")
            lines.append(f"| {band['band']} | " + " | ".join(cells) + " |")
    return lines


def print_table(ours: BotResult, base: BotResult) -> None:
    table = Table(title="Sales assistant vs `rasa init` baseline (this machine, this run)")
    table.add_column("Figure", no_wrap=True)
    table.add_column(ours.label, justify="right")
    table.add_column(base.label, justify="right")
    for row in rows(ours, base):
        table.add_row(*row)
    console.print(table)


def _turn_cell(r: BotResult, script: list[str], position: int) -> tuple[str, str]:
    if position >= len(script):
        return "", ""
    values = r.per_position_ms.get(position)
    return f"{script[position]}", fmt(statistics.median(values) if values else None, "{:.0f}")


def markdown(
    ours: BotResult,
    base: BotResult,
    *,
    facts: dict,
    conversations: int,
    arguments: list[str],
    started: dt.datetime,
    total_seconds: float,
    notes: list[str],
    machine_use: list[str],
    method_link: str,
    nlu: dict,
) -> str:
    """The report; `arguments` are the command-line arguments of this run (none for `make bench`)."""
    lines = [
        "# Benchmarks: our assistant vs Rasa's `rasa init` bot",
        "",
        f"Generated by `{COMMAND}` (`scripts/bench`); this file is overwritten on every run.",
        f"How each figure is measured: [docs/bench-method.md]({method_link}).",
        "",
        f"- Run: {started.strftime('%Y-%m-%d %H:%M:%S %Z').strip()} (local time), {total_seconds:.0f} s in all",
        f"- Machine: `{facts['uname']}`",
        f"- CPUs: {facts['cpus']}" + (f" ({facts['cpu_model']})" if facts["cpu_model"] else ""),
        f"- Memory: {facts['memory_gib']:.1f} GiB total" if facts["memory_gib"] else "- Memory: unknown",
        f"- Python {facts['python']}, Rasa {facts['rasa']}, rasa-sdk {facts['rasa_sdk']}, "
        f"TensorFlow {facts['tensorflow']}, spaCy {facts['spacy']}",
        f"- Repository commit: `{facts['commit'] or 'unknown'}` (plus any uncommitted changes in the work tree)",
        f"- Command: `{COMMAND}`" + (f" (here: `{' '.join([MODULE_COMMAND, *arguments])}`)" if arguments else ""),
        f"- Conversations per bot: {conversations}, "
        f"{len(OUR_CONVERSATION)} turns each (ours) / {len(BASELINE_CONVERSATION)} (baseline)",
        "",
        "## Figures",
        "",
        f"| Figure | {ours.label} | {base.label} |",
        "| --- | ---: | ---: |",
    ]
    for row in rows(ours, base):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    if nlu:
        lines += ["", "## Understanding: NLU pipelines on the same data, held-out sets", ""]
        lines += nlu_section(nlu)
    if ours.action_start_seconds is not None:
        lines += [
            "",
            f"Our action server answered /health {ours.action_start_seconds:.1f} s after it was started "
            "(before the Rasa server's load time started counting).",
        ]

    lines += [
        "",
        "## Median latency by turn (ms)",
        "",
        "| # | ours: message | ours | baseline: message | baseline |",
        "| ---: | --- | ---: | --- | ---: |",
    ]
    for position in range(max(len(OUR_CONVERSATION), len(BASELINE_CONVERSATION))):
        o_text, o_ms = _turn_cell(ours, OUR_CONVERSATION, position)
        b_text, b_ms = _turn_cell(base, BASELINE_CONVERSATION, position)
        lines.append(f"| {position + 1} | {o_text} | {o_ms} | {b_text} | {b_ms} |")

    lines += [
        "",
        "## Other work on the machine during each phase",
        "",
        "CPU used by processes other than this benchmark and its children (from `/proc/stat` minus this "
        "run's own CPU time), and the other `rasa` or `pytest` commands that used at least 1 s of CPU "
        "(sampled every 2 s). Figures of a phase where others used a noticeable share of the 2 cores are inflated.",
        "",
    ]
    lines += [f"- {line}" for line in machine_use] or ["- not measured"]

    problems = [f"ours: {p}" for p in ours.problems] + [f"baseline: {p}" for p in base.problems]
    samples = [f"ours: {s}" for s in ours.samples()] + [f"baseline: {s}" for s in base.samples()]
    lines += ["", "## Notes and problems seen in this run", ""]
    for note in notes + problems + [f"example: {s}" for s in samples]:
        lines.append(f"- {note}")
    if not (notes or problems or samples):
        lines.append("- none")
    return "\n".join(lines) + "\n"


def publish(
    path: Path,
    ours: BotResult,
    base: BotResult,
    *,
    watch: Contention,
    facts: dict,
    conversations: int,
    arguments: list[str],
    started: dt.datetime,
    total_seconds: float,
    load_start: tuple[float, float, float],
    notes: list[str],
    nlu: dict,
) -> None:
    """After a completed run: the problems and notes, the table on the terminal, the markdown file."""
    for result in (ours, base):
        result.add_turn_problems()
    notes.append(
        f"load average (1/5/15 min) when the run started: {load_start[0]:.2f}/{load_start[1]:.2f}/{load_start[2]:.2f}."
    )
    disturbed = watch.disturbed()
    if disturbed:
        notes.append(
            "**other work ran on this machine during: "
            + "; ".join(disturbed)
            + "** — those figures are inflated; rerun `make bench` on an idle machine to compare."
        )
        console.print("[yellow]warning:[/] other work ran on this machine during: " + "; ".join(disturbed))
    print_table(ours, base)
    for line in nlu_table(nlu) if nlu else []:
        console.print(line, markup=False, highlight=False)
    for problem in [f"ours: {p}" for p in ours.problems] + [f"baseline: {p}" for p in base.problems]:
        console.print(f"[yellow]problem:[/] {problem}")
    for sample in ours.samples() + base.samples():
        console.print(f"[yellow]example:[/] {sample}")
    text = markdown(
        ours,
        base,
        facts=facts,
        conversations=conversations,
        arguments=arguments,
        started=started,
        total_seconds=total_seconds,
        notes=notes,
        machine_use=watch.notes(),
        method_link=os.path.relpath(METHOD_DOC, path.resolve().parent),
        nlu=nlu,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    console.print(f"wrote {path} ({total_seconds:.0f} s in all)")
