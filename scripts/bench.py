"""Benchmark: our sales assistant against Rasa's own `rasa init` example bot, in one run.

Run with `make bench` (or `.venv/bin/python scripts/bench.py`). For both bots it measures,
on this machine and in this run:

1. training time (wall clock) and model size: `rasa train --out <tmp> --fixed-model-name ...`
   from scratch, with an empty Rasa training cache (RASA_CACHE_DIRECTORY points at a fresh
   folder, so nothing cached by `make train` or `rasa init` is reused). The baseline project
   is created by `rasa init --no-prompt --init-dir <tmp>/init` (which also trains once; that
   run is timed separately and reported as a note, not as the training figure);
2. server load time: from starting `rasa run --enable-api` until GET /status answers, and
   until a first message gets a reply (ours with its action server already up);
3. turn latency over the REST channel: N conversations (--conversations, default 20) with
   fresh sender ids; median and p95 per turn, plus a correctness check for ours;
4. resident memory (VmRSS from /proc) of the Rasa server after the conversations, and for
   ours of the action server too;
5. intent accuracy / weighted F1 / macro F1 of our NLU on tests/nlu_holdout.yml (held out,
   never trained on); not applicable to the baseline (different intents);
6. objection categories on tests/objections_holdout.yml (held out): our model against Rasa's
   default pipeline (the `rasa init` config.yml) trained by `rasa train nlu` on the same
   data/nlu and domain in this run; scored by scripts/eval_objections.py.

Everything runs on 127.0.0.1, in a temporary folder (deleted afterwards unless --work-dir is
given); the repository's models/ and .rasa/ are not touched. Every server started here is
stopped in a finally block (also on Ctrl-C or SIGTERM) and every wait has a timeout.
Results: a table on the terminal and docs/benchmarks.md (overwritten).

Quick iterations: `--skip-train` uses already trained models (`--model`, default the one
`make train` builds; `--baseline-model`, default: the model `rasa init` trains).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RASA = str(BIN / "rasa")
SALESBOT = str(BIN / "salesbot")
ACTION_PORT = 5055
COMMAND = "make bench"

OUR_CONVERSATION = [
    "hi",
    "yes",
    "about $20k a year",
    "I'm the CEO",
    "our reps lose track of leads after trade shows",
    "before Q3",
    "Acme Corp",
    "Pipedrive was simple to use",
    "it could not handle our volume",
    "we track deals in spreadsheets today",
    "we would close more deals and forecast properly",
    "yes",
]
BASELINE_CONVERSATION = [
    "hi",
    "I'm great",
    "bye",
    "hello",
    "I am sad",
    "yes",
    "no",
    "are you a bot?",
    "good morning",
    "very good",
    "goodbye",
]
FINAL_REPLY_PATTERN = re.compile(r"\breps?\b", re.IGNORECASE)

# Bounds on every wait, in seconds.
INIT_TIMEOUT = 600
TRAIN_TIMEOUT = 900
SERVER_START_TIMEOUT = 300
ACTION_SERVER_TIMEOUT = 120
REQUEST_TIMEOUT = 30
CONVERSATIONS_TIMEOUT = 300
NLU_TEST_TIMEOUT = 600
STOP_TIMEOUT = 20

console = Console()
if not console.is_terminal and console.width < 110:  # make bench | tee, CI logs: keep rows on one line
    console = Console(width=110)
# Never go through a proxy: every request of this script is for 127.0.0.1.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Interrupted(Exception):
    """Raised on SIGTERM so the finally blocks stop the servers."""


def _on_sigterm(signum, frame):  # noqa: ARG001
    raise Interrupted(f"signal {signum}")


# ---------------------------------------------------------------- processes


class Processes:
    """Every child started here, each in its own session so Ctrl-C reaches only us."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen] = []

    def start(self, args: list[str], *, cwd: Path, env: dict, log: Path) -> subprocess.Popen:
        log.parent.mkdir(parents=True, exist_ok=True)
        handle = open(log, "w")
        try:
            process = subprocess.Popen(
                args,
                cwd=cwd,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            handle.close()
        self.running.append(process)
        return process

    def run(self, args: list[str], *, cwd: Path, env: dict, log: Path, timeout: float) -> tuple[int, float]:
        """Runs a command to its end (or kills it after `timeout`); returns (exit code, seconds)."""
        started = time.monotonic()
        process = self.start(args, cwd=cwd, env=env, log=log)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(process)
            raise TimeoutError(f"{' '.join(args[:3])} did not finish within {timeout} s (log: {log})")
        # Still listed (and so stopped by stop_all) if the wait was interrupted.
        self.running.remove(process)
        return code, time.monotonic() - started

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, 5)):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self.running)):
            self.stop(process)


def child_env(cache: Path, **extra: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "RASA_CACHE_DIRECTORY": str(cache),
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
    )
    env.update(extra)
    return env


def tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace").replace("\r", "\n")
    except OSError:
        return ""
    return "\n".join([line for line in text.splitlines() if line.strip()][-lines:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) != 0


# ---------------------------------------------------------------- HTTP


def get_ok(url: str) -> bool:
    try:
        with HTTP.open(url, timeout=5) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def wait_for(url: str, process: subprocess.Popen, timeout: float, log: Path) -> float:
    """Seconds until `url` answers 200; raises if the process dies or time runs out."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited with code {process.returncode} before {url} answered; last log lines:\n{tail(log)}"
            )
        if get_ok(url):
            return time.monotonic() - started
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout} s; last log lines:\n{tail(log)}")


def say(port: int, sender: str, text: str) -> list[str]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with HTTP.open(request, timeout=REQUEST_TIMEOUT) as response:
        messages = json.loads(response.read())
    return [m.get("text") or (f"[{m['image']}]" if m.get("image") else "") for m in messages]


# ---------------------------------------------------------------- memory


def _children_map() -> dict[int, list[int]]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    return parents


def process_tree(pid: int) -> list[int]:
    """The process and all its living descendants."""
    parents = _children_map()
    pids, queue = [pid], [pid]
    while queue:
        for child in parents.get(queue.pop(), []):
            pids.append(child)
            queue.append(child)
    return pids


def rss_mib(pid: int) -> float | None:
    """VmRSS of a process and its descendants from /proc, in MiB (psutil is not installed)."""
    total_kib = 0
    found = False
    for one in process_tree(pid):
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
                    found = True
        except OSError:
            continue
    return total_kib / 1024 if found else None


# ---------------------------------------------------------------- other work on the machine

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _busy_ticks() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    # user nice system idle iowait irq softirq steal: all but idle and iowait are busy
    return sum(fields[:3]) + sum(fields[5:8])


def _own_ticks() -> int:
    """CPU ticks used by this script and every child (living ones, and reaped ones via cutime/cstime)."""
    total = 0
    for one in process_tree(os.getpid()):
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    return total


class Contention:
    """How much CPU other processes used during each phase, and which Rasa/pytest runs they were.

    The figures are only comparable when the machine is otherwise idle; other engineers on the
    same machine may be training or testing at the same time, so the report says so.
    """

    def __init__(self) -> None:
        self.phases: list[tuple[str, float, float]] = []  # name, seconds, other cores on average
        # phase -> pid -> [command, CPU ticks when first seen, CPU ticks when last seen]
        self.seen: dict[str, dict[int, list]] = {}
        self.current = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(2.0):
            phase = self.current
            if not phase:
                continue
            ours = set(process_tree(os.getpid()))
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit() or int(entry.name) in ours:
                    continue
                try:
                    argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                words = [Path(a).name for a in argv[:3]]
                for tool in ("rasa", "pytest"):
                    if tool in words:
                        index = words.index(tool)
                        command = " ".join([tool] + [a for a in argv[index + 1 : index + 3] if a])
                        ticks = int(fields[11]) + int(fields[12])
                        record = self.seen.setdefault(phase, {}).setdefault(int(entry.name), [command, ticks, ticks])
                        record[2] = ticks
                        break

    @contextlib.contextmanager
    def phase(self, name: str):
        self.current = name
        start, busy, own = time.monotonic(), _busy_ticks(), _own_ticks()
        try:
            yield
        finally:
            seconds = time.monotonic() - start
            other = ((_busy_ticks() - busy) - (_own_ticks() - own)) / CLOCK_TICKS
            self.phases.append((name, seconds, max(other, 0.0) / seconds if seconds > 0 else 0.0))
            self.current = ""

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def busy_others(self, phase: str) -> list[tuple[str, float]]:
        """Other rasa/pytest processes that used at least a second of CPU during the phase."""
        cpu: dict[str, float] = {}
        for command, first, last in self.seen.get(phase, {}).values():
            cpu[command] = cpu.get(command, 0.0) + (last - first) / CLOCK_TICKS
        return sorted(((c, s) for c, s in cpu.items() if s >= 1.0), key=lambda item: -item[1])

    def notes(self) -> list[str]:
        lines = []
        for name, seconds, cores in self.phases:
            text = f"{name} ({seconds:.0f} s): other processes used {cores:.2f} of {os.cpu_count()} cores on average"
            others = self.busy_others(name)
            if others:
                text += "; busy among them: " + ", ".join(f"`{c}` ({s:.0f} s CPU)" for c, s in others)
            lines.append(text)
        return lines

    def disturbed(self) -> list[str]:
        return [f"{name} ({cores:.2f} cores)" for name, _, cores in self.phases if cores > 0.25]


# ---------------------------------------------------------------- results


@dataclass
class BotResult:
    label: str
    train_seconds: float | None = None
    train_note: str = ""
    model: Path | None = None
    model_mb: float | None = None
    status_seconds: float | None = None
    first_reply_seconds: float | None = None
    latencies_ms: list[float] = field(default_factory=list)
    per_position_ms: dict[int, list[float]] = field(default_factory=dict)
    turns_planned: int = 0
    failed_turns: int = 0
    empty_replies: int = 0
    final_checks: int = 0
    final_checks_passed: int = 0
    conversations_done: int = 0
    server_rss_mib: float | None = None
    action_rss_mib: float | None = None
    action_start_seconds: float | None = None
    nlu: dict | None = None
    nlu_note: str = ""
    objections: dict | None = None
    objections_note: str = ""
    problems: list[str] = field(default_factory=list)
    failure_samples: dict[str, int] = field(default_factory=dict)  # what went wrong -> how often

    def failure(self, text: str) -> None:
        self.failure_samples[text] = self.failure_samples.get(text, 0) + 1

    def samples(self) -> list[str]:
        return [text + (f" ({count} times)" if count > 1 else "") for text, count in self.failure_samples.items()]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# ---------------------------------------------------------------- phases


def train(
    procs: Processes,
    result: BotResult,
    *,
    cwd: Path,
    out: Path,
    name: str,
    cache: Path,
    log: Path,
    extra_args: list[str] = (),
) -> None:
    args = [RASA, "train", *extra_args, "--out", str(out), "--fixed-model-name", name]
    console.print(f"[bold]{result.label}[/]: training from scratch ({' '.join(args[1:])}) ...")
    code, seconds = procs.run(args, cwd=cwd, env=child_env(cache), log=log, timeout=TRAIN_TIMEOUT)
    model = out / f"{name}.tar.gz"
    if code != 0 or not model.exists():
        raise RuntimeError(f"rasa train for {result.label} failed (exit {code}); last log lines:\n{tail(log)}")
    result.train_seconds = seconds
    result.model = model
    console.print(f"  trained in {seconds:.1f} s -> {model}")


def converse(port: int, result: BotResult, script: list[str], conversations: int, check_ours: bool) -> None:
    result.turns_planned = conversations * len(script)
    deadline = time.monotonic() + CONVERSATIONS_TIMEOUT
    for number in range(conversations):
        if time.monotonic() > deadline:
            result.problems.append(
                f"conversation phase stopped after {CONVERSATIONS_TIMEOUT} s: "
                f"{number} of {conversations} conversations run"
            )
            break
        sender = f"bench-{result.label.split()[0].lower()}-{uuid.uuid4().hex[:12]}"
        for position, text in enumerate(script):
            started = time.perf_counter()
            try:
                replies = say(port, sender, text)
            except (OSError, urllib.error.URLError, ValueError) as error:
                result.failed_turns += 1
                result.failure(f"turn {position + 1} {text!r}: request failed: {str(error)[:100]}")
                replies = None
            elapsed_ms = (time.perf_counter() - started) * 1000
            if replies is None:
                continue
            result.latencies_ms.append(elapsed_ms)
            result.per_position_ms.setdefault(position, []).append(elapsed_ms)
            joined = "\n".join(r for r in replies if r).strip()
            if not joined:
                result.empty_replies += 1
                result.failure(f"turn {position + 1} {text!r}: no reply")
            if check_ours and position == len(script) - 1:
                result.final_checks += 1
                if FINAL_REPLY_PATTERN.search(joined):
                    result.final_checks_passed += 1
                else:
                    result.failure(f"last turn {text!r}: reply without 'rep': {joined[:200]!r}")
        result.conversations_done += 1


def serve_and_measure(
    procs: Processes,
    result: BotResult,
    *,
    cwd: Path,
    endpoints: Path,
    credentials: Path,
    cache: Path,
    log: Path,
    script: list[str],
    conversations: int,
    check_ours: bool,
    env_extra: dict,
) -> None:
    port = free_port()
    args = [
        RASA,
        "run",
        "--enable-api",
        "-m",
        str(result.model),
        "--port",
        str(port),
        "-i",
        "127.0.0.1",
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
    ]
    console.print(f"[bold]{result.label}[/]: starting rasa run on 127.0.0.1:{port} ...")
    started = time.monotonic()
    server = procs.start(args, cwd=cwd, env=child_env(cache, **env_extra), log=log)
    try:
        wait_for(f"http://127.0.0.1:{port}/status", server, SERVER_START_TIMEOUT, log)
        result.status_seconds = time.monotonic() - started
        # The first message: retried only if the request itself fails, within the same bound.
        while True:
            try:
                first = say(port, f"bench-warmup-{uuid.uuid4().hex[:8]}", script[0])
                break
            except (OSError, urllib.error.URLError) as error:
                if time.monotonic() - started > SERVER_START_TIMEOUT or server.poll() is not None:
                    raise RuntimeError(f"first message failed: {error}; last log lines:\n{tail(log)}")
                time.sleep(0.5)
        result.first_reply_seconds = time.monotonic() - started
        if not any(first):
            result.problems.append(f"the warm-up message {script[0]!r} got no reply")
        console.print(
            f"  /status after {result.status_seconds:.1f} s, first reply after "
            f"{result.first_reply_seconds:.1f} s; {conversations} conversations ..."
        )
        converse(port, result, script, conversations, check_ours)
        result.server_rss_mib = rss_mib(server.pid)
        if server.poll() is not None:
            result.problems.append(f"rasa server exited with code {server.returncode} during the run")
    finally:
        procs.stop(server)


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


def objection_eval(
    procs: Processes, ours: BotResult, base: BotResult, init_dir: Path, work: Path, watch: Contention
) -> None:
    """Our model and the rasa init pipeline, trained here on our NLU data, on the held-out objections."""
    out = work / "objection-baseline"
    config = init_dir / "config.yml"
    if not config.exists():  # --skip-train with --baseline-model: no rasa init run; the same file
        import importlib.util

        config = Path(importlib.util.find_spec("rasa").origin).parent / "cli" / "initial_project" / "config.yml"
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


# ---------------------------------------------------------------- report


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
    def training(r: BotResult) -> str:
        return fmt(r.train_seconds, "{:.1f}", r.train_note or "n/a")

    def latency(r: BotResult, pct: float) -> str:
        return fmt(percentile(r.latencies_ms, pct) if r.latencies_ms else None, "{:.0f}")

    def turns(r: BotResult) -> str:
        text = f"{len(r.latencies_ms)} of {r.turns_planned} ({r.conversations_done} conv.)"
        return text

    def replies(r: BotResult) -> str:
        answered = len(r.latencies_ms) - r.empty_replies
        return f"{answered} of {r.turns_planned}"

    def nlu(key: str, pattern: str) -> tuple[str, str]:
        ours_value = fmt(ours.nlu[key], pattern) if ours.nlu else (ours.nlu_note or "n/a")
        return ours_value, "n/a (other intents)"

    result = [
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
        ("Held-out NLU intent accuracy", *nlu("accuracy", "{:.3f}")),
        ("Held-out NLU weighted F1", *nlu("weighted_f1", "{:.3f}")),
        ("Held-out NLU macro F1", *nlu("macro_f1", "{:.3f}")),
    ]

    def objections(key: str, pattern: str) -> tuple[str, str]:
        return tuple(
            fmt(r.objections[key], pattern) if r.objections else (r.objections_note or "n/a") for r in (ours, base)
        )

    def share(r: BotResult, part: str, whole: str) -> str:
        return f"{r.objections[part]} of {r.objections[whole]}" if r.objections else "n/a"

    result += [
        ("Objections held out: category accuracy", *objections("accuracy", "{:.3f}")),
        ("Objections held out: category macro F1", *objections("macro_f1", "{:.3f}")),
        ("Objections held out: prospect/rep voice right", *objections("voice_accuracy", "{:.3f}")),
        (
            "Near-misses taken for objections",
            share(ours, "near_misses_taken_for_objections", "near_misses"),
            share(base, "near_misses_taken_for_objections", "near_misses"),
        ),
        (
            "Objections placed at the confidence threshold",
            share(ours, "placed", "objections"),
            share(base, "placed", "objections"),
        ),
        ("... of those, placed right", *objections("placed_accuracy", "{:.3f}")),
    ]
    return result


def print_table(ours: BotResult, base: BotResult) -> None:
    table = Table(title="Sales assistant vs `rasa init` baseline (this machine, this run)")
    table.add_column("Figure", no_wrap=True)
    table.add_column(ours.label, justify="right")
    table.add_column(base.label, justify="right")
    for row in rows(ours, base):
        table.add_row(*row)
    console.print(table)


def write_markdown(
    path: Path,
    ours: BotResult,
    base: BotResult,
    facts: dict,
    args,
    started: dt.datetime,
    total_seconds: float,
    notes: list[str],
    machine_use: list[str],
) -> None:
    lines = [
        "# Benchmarks: our assistant vs Rasa's `rasa init` bot",
        "",
        f"Generated by `{COMMAND}` (`scripts/bench.py`); this file is overwritten on every run.",
        "",
        f"- Run: {started.strftime('%Y-%m-%d %H:%M:%S %Z').strip()} (local time), {total_seconds:.0f} s in all",
        f"- Machine: `{facts['uname']}`",
        f"- CPUs: {facts['cpus']}" + (f" ({facts['cpu_model']})" if facts["cpu_model"] else ""),
        f"- Memory: {facts['memory_gib']:.1f} GiB total" if facts["memory_gib"] else "- Memory: unknown",
        f"- Python {facts['python']}, Rasa {facts['rasa']}, rasa-sdk {facts['rasa_sdk']}, "
        f"TensorFlow {facts['tensorflow']}, spaCy {facts['spacy']}",
        f"- Repository commit: `{facts['commit'] or 'unknown'}` (plus any uncommitted changes in the work tree)",
        f"- Command: `{COMMAND}`" + (f" (here: `{' '.join(sys.argv)}`)" if sys.argv[1:] else ""),
        f"- Conversations per bot: {args.conversations}, "
        f"{len(OUR_CONVERSATION)} turns each (ours) / {len(BASELINE_CONVERSATION)} (baseline)",
        "",
        "## Figures",
        "",
        f"| Figure | {ours.label} | {base.label} |",
        "| --- | ---: | ---: |",
    ]
    for row in rows(ours, base):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    if ours.nlu:
        lines += ["", f"Held-out set: {ours.nlu['examples']} examples in `tests/nlu_holdout.yml`."]
    if ours.objections and base.objections:
        lines += [
            "",
            f"Objections: {ours.objections['examples']} held-out utterances in `tests/objections_holdout.yml` "
            f"({ours.objections['objections']} objections in 11 categories, prospect's and rep's voice; "
            f"{ours.objections['near_misses']} near-misses that are not objections). The baseline column "
            f"for these rows is Rasa's default pipeline (the `rasa init` config.yml: whitespace tokens, "
            f"count vectors, DIET 100 epochs, ResponseSelector 100 epochs) trained with `rasa train nlu` on "
            f"our `data/nlu` in this run ({base.objections['train_seconds']:.0f} s).",
            "",
            "| Category F1 | ours | rasa init pipeline |",
            "| --- | ---: | ---: |",
        ]
        for label, value in ours.objections["f1_per_label"].items():
            lines.append(f"| {label} | {value:.2f} | {base.objections['f1_per_label'].get(label, 0):.2f} |")
        lines.append("")
    if ours.action_start_seconds is not None:
        lines += [
            f"Our action server answered /health {ours.action_start_seconds:.1f} s after it was started "
            "(before the Rasa server's load time started counting)."
        ]

    lines += [
        "",
        "## Median latency by turn (ms)",
        "",
        "| # | ours: message | ours | baseline: message | baseline |",
        "| ---: | --- | ---: | --- | ---: |",
    ]
    for position in range(max(len(OUR_CONVERSATION), len(BASELINE_CONVERSATION))):

        def cell(r: BotResult, script: list[str]) -> tuple[str, str]:
            if position >= len(script):
                return "", ""
            values = r.per_position_ms.get(position)
            return f"{script[position]}", fmt(statistics.median(values) if values else None, "{:.0f}")

        o_text, o_ms = cell(ours, OUR_CONVERSATION)
        b_text, b_ms = cell(base, BASELINE_CONVERSATION)
        lines.append(f"| {position + 1} | {o_text} | {o_ms} | {b_text} | {b_ms} |")

    lines += [
        "",
        "## How each figure is measured",
        "",
        "- **Training time**: wall clock of `rasa train --out <tmp> --fixed-model-name <name>` with an empty "
        "training cache (`RASA_CACHE_DIRECTORY` set to a fresh folder), so every component is trained from "
        "scratch. Ours runs in the repository (its `config.yml`, `domain/`, `data/`) and writes only to the "
        "temporary folder; the baseline runs in a project made by `rasa init --no-prompt --init-dir <tmp>/init`. "
        "`rasa init` trains the example once itself; that run (project copy + training) is not the training "
        "figure, its wall clock is given in the notes below.",
        "- **Model size**: size of the `.tar.gz` model file, 1 MB = 10^6 bytes.",
        "- **Server load**: from starting `rasa run --enable-api -m <model> -i 127.0.0.1 --port <free port> "
        "--endpoints <endpoints>` until GET /status answers, and until the first message (the conversation's "
        "first line, from a warm-up sender not counted in the latencies) gets its reply. For ours, the action "
        f"server (`rasa run actions --port {ACTION_PORT}`, database: a temporary SQLite file migrated with "
        "`salesbot db upgrade`) is already up and healthy before this clock starts.",
        "- **Turn latency**: client-side wall clock of each POST /webhooks/rest/webhook "
        '(`{"sender": id, "message": text}`), conversations run one after another with fresh sender ids; '
        "p95 by linear interpolation. For ours this includes the action server calls (forms, validation, "
        "database writes).",
        "- **Correctness check (ours)**: every turn must get a non-empty reply, and the reply to the last turn "
        '("yes" to the read-back) must mention a rep (`\\breps?\\b`).',
        "- **RSS**: `VmRSS` from `/proc/<pid>/status` of the server process and its descendants, read right "
        "after the conversations; 1 MiB = 2^20 bytes.",
        "- **Held-out NLU**: `rasa test nlu --nlu tests/nlu_holdout.yml --model <our model>`; accuracy, weighted "
        "and macro F1 from `intent_report.json`. The held-out file is not part of `data/`, so it is never "
        "trained on. The baseline's intents (greet, mood_great, ...) do not match the set, so it has no figure.",
        "- **Objections**: `scripts/eval_objections.py` parses every utterance of `tests/objections_holdout.yml` "
        'with the model. True label: the category (after `objection/` or `objection_help/`), or "not an '
        'objection" for the near-misses. Predicted label: the category the response selector ranks highest, '
        "summed over both voices as the assistant does, when the intent is `objection` or `objection_help`; "
        'else "not an objection". Accuracy and macro F1 (scikit-learn) over those labels; "placed" counts '
        "the objections whose category confidence reaches `SALESBOT_OBJECTION_MIN_CONFIDENCE` (below it the "
        "assistant records the objection as unplaced and says a person will follow up).",
        "- Both bots are measured one after the other (never at the same time) on the same machine. "
        "Ours uses the repository's `config.yml` (spaCy features, DIET, TED, forms backed by the action "
        "server and its database); the baseline uses Rasa's default pipeline and policies (its `config.yml` "
        "leaves them commented out) and has no custom actions.",
    ]

    lines += [
        "",
        "## Other work on the machine during each phase",
        "",
        "CPU used by processes other than this benchmark and its children (from `/proc/stat` minus this "
        "run's own CPU time), and the other `rasa` or `pytest` commands that used at least 1 s of CPU (sampled every 2 s). "
        "Figures of a phase where others used a noticeable share of the 2 cores are inflated.",
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
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")


# ---------------------------------------------------------------- main


def default_model() -> Path:
    printed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_if_needed.py"), "--print-path"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    return ROOT / printed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
        "--output",
        type=Path,
        default=ROOT / "docs" / "benchmarks.md",
        help="markdown report to (over)write (default docs/benchmarks.md)",
    )
    args = parser.parse_args()
    if args.conversations < 1:
        parser.error("--conversations must be at least 1")

    signal.signal(signal.SIGTERM, _on_sigterm)
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
    completed = False
    try:
        # ---- baseline project and training
        init_dir = work / "baseline" / "init"
        if init_dir.exists():
            shutil.rmtree(init_dir)
        init_dir.mkdir(parents=True)
        need_init = not (args.skip_train and args.baseline_model)
        if need_init:
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
        if args.skip_train:
            if args.baseline_model:
                base.model = args.baseline_model.resolve()
            else:
                models = sorted((init_dir / "models").glob("*.tar.gz"))
                if not models:
                    raise RuntimeError("rasa init produced no model")
                base.model = models[-1]
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

        # ---- our training
        if not list((ROOT / "data" / "nlu").glob("*.yml")):
            raise RuntimeError("data/nlu/ has no training data yet")
        if args.skip_train:
            ours.model = (args.model or default_model()).resolve()
            ours.train_note = "skipped"
            if not ours.model.exists():
                raise RuntimeError(f"{ours.model} does not exist: run `make train` or pass --model")
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
        for result in (ours, base):
            result.model_mb = result.model.stat().st_size / 1e6

        # ---- baseline server
        base_endpoints = init_dir / "endpoints.yml"
        if not base_endpoints.exists():
            base_endpoints = work / "baseline" / "endpoints.yml"
            base_endpoints.write_text("# no action server, no tracker store: defaults\n")
        base_credentials = init_dir / "credentials.yml"
        if not base_credentials.exists():
            base_credentials = work / "baseline" / "credentials.yml"
            base_credentials.write_text("rest:\n")
        with watch.phase("baseline: server load and conversations"):
            serve_and_measure(
                procs,
                base,
                cwd=init_dir,
                endpoints=base_endpoints,
                credentials=base_credentials,
                cache=work / "baseline" / "cache-run",
                log=work / "baseline" / "rasa-run.log",
                script=BASELINE_CONVERSATION,
                conversations=args.conversations,
                check_ours=False,
                env_extra={},
            )

        # ---- our action server and server
        (work / "ours").mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{work / 'ours' / 'leads.db'}"
        our_env = {"SALESBOT_DATABASE_URL": database_url}
        code, _ = procs.run(
            [SALESBOT, "db", "upgrade"],
            cwd=ROOT,
            env=child_env(work / "ours" / "cache", **our_env),
            log=work / "ours" / "db-upgrade.log",
            timeout=120,
        )
        if code != 0:
            raise RuntimeError(f"salesbot db upgrade failed:\n{tail(work / 'ours' / 'db-upgrade.log')}")
        action_port = ACTION_PORT
        if not port_is_free(ACTION_PORT):
            action_port = free_port()
            notes.append(
                f"port {ACTION_PORT} was taken by another process, so our action server ran on "
                f"{action_port} (the endpoints file pointed there)."
            )
        endpoints = work / "ours" / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
        console.print(f"[bold]{ours.label}[/]: starting the action server on 127.0.0.1:{action_port} ...")
        action_log = work / "ours" / "actions.log"
        actions = procs.start(
            [RASA, "run", "actions", "--port", str(action_port)],
            cwd=ROOT,
            env=child_env(work / "ours" / "cache", **our_env),
            log=action_log,
        )
        try:
            ours.action_start_seconds = wait_for(
                f"http://127.0.0.1:{action_port}/health", actions, ACTION_SERVER_TIMEOUT, action_log
            )
            with watch.phase("ours: server load and conversations"):
                serve_and_measure(
                    procs,
                    ours,
                    cwd=ROOT,
                    endpoints=endpoints,
                    credentials=ROOT / "credentials.yml",
                    cache=work / "ours" / "cache-run",
                    log=work / "ours" / "rasa-run.log",
                    script=OUR_CONVERSATION,
                    conversations=args.conversations,
                    check_ours=True,
                    env_extra=our_env,
                )
            ours.action_rss_mib = rss_mib(actions.pid)
            if actions.poll() is not None:
                ours.problems.append(f"action server exited with code {actions.returncode} during the run")
        finally:
            procs.stop(actions)

        # ---- held-out NLU
        with watch.phase("ours: held-out NLU test"):
            nlu_eval(procs, ours, ROOT / "tests" / "nlu_holdout.yml", work / "ours", work / "ours" / "cache-test")
        objection_eval(procs, ours, base, init_dir, work, watch)
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
            for result in (ours, base):
                if result.failed_turns:
                    result.problems.append(f"{result.failed_turns} turn(s) failed (HTTP error or timeout)")
                if result.empty_replies:
                    result.problems.append(f"{result.empty_replies} turn(s) got an empty reply")
                if result.final_checks and result.final_checks_passed < result.final_checks:
                    result.problems.append(
                        f"the last turn's reply did not mention a rep in "
                        f"{result.final_checks - result.final_checks_passed} of "
                        f"{result.final_checks} conversations"
                    )
            total = time.monotonic() - started
            notes.append(
                f"load average (1/5/15 min) when the run started: "
                f"{load_start[0]:.2f}/{load_start[1]:.2f}/{load_start[2]:.2f}."
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
            for problem in [f"ours: {p}" for p in ours.problems] + [f"baseline: {p}" for p in base.problems]:
                console.print(f"[yellow]problem:[/] {problem}")
            for sample in ours.samples() + base.samples():
                console.print(f"[yellow]example:[/] {sample}")
            write_markdown(args.output, ours, base, facts, args, started_at, total, notes, watch.notes())
            console.print(f"wrote {args.output} ({total:.0f} s in all)")
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
