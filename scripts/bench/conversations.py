"""Serving a trained model and talking to it: load time, turn latency, the correctness check, RSS."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from scripts.bench.processes import Contention, Processes, child_env, free_port, port_is_free, rss_mib, tail, wait_for
from scripts.bench.results import BotResult
from scripts.bench.settings import (
    ACTION_PORT,
    ACTION_SERVER_TIMEOUT,
    CONVERSATIONS_TIMEOUT,
    RASA,
    REQUEST_TIMEOUT,
    ROOT,
    SALESBOT,
    SERVER_START_TIMEOUT,
    console,
)
from scripts.processes import HTTP

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


def say(port: int, sender: str, text: str) -> list[str]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with HTTP.open(request, timeout=REQUEST_TIMEOUT) as response:
        messages = json.loads(response.read())
    return [m.get("text") or (f"[{m['image']}]" if m.get("image") else "") for m in messages]


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
                continue
            elapsed_ms = (time.perf_counter() - started) * 1000
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
                    raise RuntimeError(f"first message failed: {error}; last log lines:\n{tail(log)}") from error
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


def serve_baseline(
    procs: Processes, watch: Contention, base: BotResult, *, work: Path, init_dir: Path, conversations: int
) -> None:
    """The `rasa init` bot with its own endpoints and credentials (defaults if it has none)."""
    endpoints = init_dir / "endpoints.yml"
    if not endpoints.exists():
        endpoints = work / "baseline" / "endpoints.yml"
        endpoints.write_text("# no action server, no tracker store: defaults\n")
    credentials = init_dir / "credentials.yml"
    if not credentials.exists():
        credentials = work / "baseline" / "credentials.yml"
        credentials.write_text("rest:\n")
    with watch.phase("baseline: server load and conversations"):
        serve_and_measure(
            procs,
            base,
            cwd=init_dir,
            endpoints=endpoints,
            credentials=credentials,
            cache=work / "baseline" / "cache-run",
            log=work / "baseline" / "rasa-run.log",
            script=BASELINE_CONVERSATION,
            conversations=conversations,
            check_ours=False,
            env_extra={},
        )


def serve_ours(
    procs: Processes, watch: Contention, ours: BotResult, *, work: Path, conversations: int, notes: list[str]
) -> None:
    """Our assistant: a fresh SQLite database, the action server up and healthy, then the Rasa server."""
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
                conversations=conversations,
                check_ours=True,
                env_extra=our_env,
            )
        ours.action_rss_mib = rss_mib(actions.pid)
        if actions.poll() is not None:
            ours.problems.append(f"action server exited with code {actions.returncode} during the run")
    finally:
        procs.stop(actions)
