"""make loadtest: complete qualification conversations, with an objection mid-form, over REST at
1, 10 and 50 conversations at once; against one Rasa server and one action server, against two
of each behind HAProxy (make scale's shape, scripts/scale/shape.py), both on PostgreSQL and
Redis; and Rasa's own `rasa init` bot, driven the same way in the same run, as the baseline.

For each target and level: turns, turn latency p50/p95/p99, messages per second, errors (a
refused request, a timeout or no reply), the CPU time the Rasa servers and the action servers
used per turn (from /proc: less noisy than latency on a shared machine, and what decides how many
turns a core can take), and for ours the answers stored against those sent, per field, read from
the database afterwards. Printed, and written to docs/loadtest.md with the
machine and date. Loopback only; each level is bounded (twice as many conversations as run at
once, at most LEVEL_TIMEOUT seconds).

    .venv/bin/python -m scripts.loadtest --model MODEL [--levels 1,10,50] [--output docs/loadtest.md]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

from bot.settings import REPO_ROOT
from bot.store import LeadStore
from scripts.processes import Processes, child_env, cpu_seconds, free_port, tail, wait_for
from scripts.scale.shape import Shape

console = Console()
RASA = str(Path(sys.executable).parent / "rasa")
POSTGRES = os.environ.get("SALESBOT_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
LEVEL_TIMEOUT = 900
TURN_TIMEOUT = 60
FIELDS = ("budget", "authority", "need", "timeline")


def our_conversation(i: int) -> tuple[list[str], dict[str, str]]:
    """The messages of conversation i, and the answer each field should end up with."""
    sent = {
        "budget": f"about ${20 + i % 40}k a year",
        "authority": "I'm the CEO",
        "need": f"our reps lose track of leads after trade shows, about {10 + i % 30} a month",
        "timeline": "before Q3",
    }
    messages = [
        "hi",
        "yes",
        sent["budget"],
        "honestly that's too expensive for us",  # the objection; the library's answer may ask why
        "we pay 30 dollars a seat today",  # its reply (or, if nothing was asked, refused as a decider)
        sent["authority"],
        sent["need"],
        sent["timeline"],
    ]
    return messages, sent


BASELINE_CONVERSATION = ["hi", "I am sad", "yes", "bye"]


@dataclass
class Level:
    target: str
    concurrency: int
    conversations: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    stored: dict[str, int] = field(default_factory=dict)  # field -> conversations stored as sent
    rasa_cpu: float = 0.0  # seconds, all Rasa servers
    actions_cpu: float | None = None  # seconds, all action servers; None: the bot has none
    senders: dict[str, dict[str, str]] = field(default_factory=dict)

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def cpu_ms_per_turn(self, seconds: float | None) -> str:
        return "-" if seconds is None or not self.latencies else f"{seconds / len(self.latencies) * 1000:.0f}"


async def drive(url: str, level: Level, conversation) -> None:
    semaphore = asyncio.Semaphore(level.concurrency)
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT)

    async def one(i: int, session: aiohttp.ClientSession) -> None:
        async with semaphore:
            sender = f"load-{uuid.uuid4().hex[:12]}"
            messages, sent = conversation(i)
            level.senders[sender] = sent
            for message in messages:
                started = time.perf_counter()
                try:
                    async with session.post(url, json={"sender": sender, "message": message}) as response:
                        replies = await response.json() if response.status == 200 else None
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    replies = None
                level.latencies.append(time.perf_counter() - started)
                if not replies:
                    level.errors += 1

    started = time.perf_counter()
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as session:
        await asyncio.wait_for(asyncio.gather(*(one(i, session) for i in range(level.conversations))), LEVEL_TIMEOUT)
    level.seconds = time.perf_counter() - started


def check_stored(database_url: str, level: Level) -> None:
    store = LeadStore.from_url(database_url)
    try:
        by_conversation = {lead.conversation_id: lead.id for lead in store.list_leads()}
        level.stored = dict.fromkeys(FIELDS, 0)
        for sender, sent in level.senders.items():
            if sender not in by_conversation:
                continue
            history = store.answer_history(by_conversation[sender])
            for key in FIELDS:
                versions = [a.raw_text for a in history if a.question_key == key]
                if versions == [sent[key]]:  # stored once, as sent
                    level.stored[key] += 1
    finally:
        store.engine.dispose()


def run_levels(
    target: str,
    url: str,
    levels: list[int],
    conversation,
    database_url: str | None,
    rasa: list[subprocess.Popen],
    actions: list[subprocess.Popen],
) -> list[Level]:
    results = []
    for concurrency in levels:
        level = Level(target, concurrency, conversations=max(2 * concurrency, 4))
        console.print(f"  {target}: {level.conversations} conversations, {concurrency} at once ...")
        rasa_before, actions_before = cpu_seconds(rasa), cpu_seconds(actions)
        asyncio.run(drive(url, level, conversation))
        level.rasa_cpu = cpu_seconds(rasa) - rasa_before
        level.actions_cpu = cpu_seconds(actions) - actions_before if actions else None
        if database_url:
            check_stored(database_url, level)
        results.append(level)
    return results


def fresh_database() -> str:
    name = f"salesbot_load_{uuid.uuid4().hex[:10]}"
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def ours(model: str, servers: int, levels: list[int], work: Path) -> list[Level]:
    database_url = fresh_database()
    shape = Shape(
        model=model,
        work=work / f"ours-{servers}",
        database_url=database_url,
        redis_url="redis://127.0.0.1:6379/1",
        public_port=free_port(),
        rasa_ports=[free_port() for _ in range(servers)],
        actions_port=free_port(),
        action_ports=[free_port() for _ in range(servers)],
        lock_prefix=f"salesbot-load-{uuid.uuid4().hex[:8]}",
    )
    label = f"ours, {servers} server{'s' if servers > 1 else ''}"
    try:
        console.print(f"[bold]{label}[/]: starting ...")
        shape.start()
        url = f"http://127.0.0.1:{shape.public_port}/webhooks/rest/webhook"
        rasa, actions = list(shape.rasa.values()), list(shape.actions.values())
        return run_levels(label, url, levels, our_conversation, database_url, rasa, actions)
    finally:
        shape.stop()
        drop_database(database_url)


def baseline(levels: list[int], work: Path) -> list[Level]:
    init_dir = work / "init"
    processes = Processes()
    try:
        console.print("[bold]rasa init bot[/]: training (rasa init) ...")
        init_dir.mkdir(parents=True)
        code, _ = processes.run(
            [RASA, "init", "--no-prompt", "--init-dir", str(init_dir)],
            cwd=work,
            env=child_env(work / "cache-init"),
            log=work / "init.log",
            timeout=1800,
        )
        if code != 0:
            raise RuntimeError(f"rasa init failed (exit {code}):\n{tail(work / 'init.log')}")
        model = next((init_dir / "models").glob("*.tar.gz"))
        port = free_port()
        log = work / "init-rasa.log"
        server = processes.start(
            # warmed as ours is (scripts/rasa_warm.py), in its own folder with its own endpoints
            [sys.executable, "-m", "scripts.rasa_warm", "run", "--model", str(model), "--port", str(port)],
            cwd=init_dir,
            env=child_env(PYTHONPATH=str(REPO_ROOT)),
            log=log,
        )
        wait_for(f"http://127.0.0.1:{port}/", server, 600, log)
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        return run_levels("rasa init bot", url, levels, lambda i: (BASELINE_CONVERSATION, {}), None, [server], [])
    finally:
        processes.stop_all()


def report(results: list[Level], started: dt.datetime, seconds: float) -> str:
    table = Table(title="Load test: complete conversations over REST")
    headers = ["target", "at once", "convs", "turns", "p50 ms", "p95 ms", "p99 ms", "msg/s", "errors"]
    headers += ["Rasa CPU ms/turn", "actions CPU ms/turn", "stored = sent"]
    for header in headers:
        table.add_column(header, justify="right" if header != "target" else "left")
    rows = []
    for level in results:
        stored = (
            ", ".join(f"{key} {level.stored[key]}/{level.conversations}" for key in FIELDS) if level.stored else "-"
        )
        row = [
            level.target,
            str(level.concurrency),
            str(level.conversations),
            str(len(level.latencies)),
            f"{level.percentile(0.5):.0f}",
            f"{level.percentile(0.95):.0f}",
            f"{level.percentile(0.99):.0f}",
            f"{level.per_second:.1f}",
            str(level.errors),
            level.cpu_ms_per_turn(level.rasa_cpu),
            level.cpu_ms_per_turn(level.actions_cpu),
            stored,
        ]
        table.add_row(*row)
        rows.append(row)
    console.print(table)
    cpus = os.cpu_count()
    lines = [
        "# Load test",
        "",
        f"`make loadtest` on {started:%Y-%m-%d %H:%M} ({platform.node()}, {platform.machine()}, {cpus} CPUs, "
        f"Python {platform.python_version()}); {seconds / 60:.0f} minutes in all. How it is measured: "
        "scripts/loadtest/__main__.py. Each conversation is sent turn after turn; `at once` conversations run "
        "concurrently; latency is from sending a message to its replies.",
        "",
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "docs" / "loadtest.md")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    model = str(Path(args.model).resolve())
    started = dt.datetime.now().astimezone()
    clock = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="salesbot-load-"))
    results: list[Level] = []
    results += baseline(levels, work)
    results += ours(model, 1, levels, work)
    results += ours(model, 2, levels, work)
    markdown = report(results, started, time.monotonic() - clock)
    args.output.write_text(markdown)
    console.print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
