"""make serve: the assistant where people meet it, on this machine.

Starts the action server, the Rasa server (REST, socket.io for the web widget, and Slack when
SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set) and the web page with the chat widget; prints
the addresses; Ctrl-C stops all three. Conversations are kept in the SQL tracker store on
SALESBOT_DATABASE_URL (endpoints.yml), so they survive a restart.

    .venv/bin/python -m scripts.serve [--web-port 8080] [--rasa-port 5005] [--actions-port 5055]
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from bot.playbook.files import PlaybookError, read_yaml
from bot.settings import REPO_ROOT, SettingsError, load_settings
from scripts.processes import Interrupted, Processes, child_env, on_sigterm, port_is_free, tail, wait_for
from scripts.serve.page import serve_page

RUN = REPO_ROOT / ".run"
BIN = Path(sys.executable).parent
START_TIMEOUT = 300


def housekeeping(retention_days: int | None) -> subprocess.Popen:
    """Every SALESBOT_HOUSEKEEPING_MINUTES (and a minute after start): the chats of prospects who
    asked to be forgotten are erased (first, so nothing is rebuilt from them), the answers the
    database missed while it was down are written from the conversations, and data older than
    SALESBOT_RETENTION_DAYS is removed."""
    salesbot = shlex.quote(str(BIN / "salesbot"))
    commands = [f"{salesbot} leads erase-requested", f"{salesbot} leads resync"]
    commands += [f"{salesbot} leads purge"] if retention_days else []
    with (RUN / "housekeeping.log").open("a") as log:
        return subprocess.Popen(["sh", "-c", "; ".join(commands)], cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)


def credentials() -> dict[str, Any]:
    """The repository's channels, plus Slack when its settings are in the environment."""
    channels = read_yaml(REPO_ROOT / "credentials.yml") or {}
    token, secret = os.environ.get("SLACK_BOT_TOKEN"), os.environ.get("SLACK_SIGNING_SECRET")
    if token and secret:
        channels["channels.slack.TeamSlackInput"] = {
            "slack_token": token,
            "slack_signing_secret": secret,
            "use_threads": True,
            "api_url": os.environ.get("SLACK_API_URL") or None,
        }
    return channels


def endpoints(actions_port: int) -> dict[str, Any]:
    config = read_yaml(REPO_ROOT / "endpoints.yml")
    config["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
    return config


def rasa_arguments(model: str, host: str, port: int, page_origin: str) -> list[str]:
    origins = [page_origin, *filter(None, os.environ.get("SALESBOT_CORS_ORIGINS", "").split(","))]
    args = [
        sys.executable,
        "-m",
        "scripts.rasa_warm",
        "run",
        "--model",
        model,
        "--interface",
        host,
        "--port",
        str(port),
    ]
    args += ["--endpoints", str(RUN / "endpoints.yml"), "--credentials", str(RUN / "credentials.yml")]
    args += ["--cors", *origins]
    # Rasa's HTTP API (trackers, training, model swaps) only with a token: without one it is off.
    if os.environ.get("SALESBOT_API_TOKEN"):
        args += ["--enable-api", "--auth-token", os.environ["SALESBOT_API_TOKEN"]]
    return args


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("SALESBOT_HOST", "127.0.0.1"))
    parser.add_argument("--web-port", type=int, default=int(os.environ.get("SALESBOT_WEB_PORT", "8080")))
    parser.add_argument("--rasa-port", type=int, default=int(os.environ.get("SALESBOT_RASA_PORT", "5005")))
    parser.add_argument("--actions-port", type=int, default=5055)
    parser.add_argument("--model", required=True)
    args = parser.parse_args()
    for port in (args.web_port, args.rasa_port, args.actions_port):
        if not port_is_free(port):
            print(f"port {port} is taken (is the assistant running already?); stop that first", file=sys.stderr)
            return 1

    try:  # a broken setting or configuration file is named before anything starts
        settings = load_settings()
        RUN.mkdir(exist_ok=True)
        (RUN / "credentials.yml").write_text(yaml.safe_dump(credentials()))
        (RUN / "endpoints.yml").write_text(yaml.safe_dump(endpoints(args.actions_port)))
    except (PlaybookError, SettingsError) as error:
        print(f"could not start: {error}", file=sys.stderr)
        return 1
    name = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    page_origin = f"http://{name}:{args.web_port}"
    socket_url = f"http://{name}:{args.rasa_port}"

    signal.signal(signal.SIGTERM, on_sigterm)
    processes = Processes()
    page = None
    chores: subprocess.Popen | None = None
    try:
        print("starting the action server and the Rasa server (about a minute) ...", flush=True)
        env = child_env()
        actions = processes.start(
            [sys.executable, "-m", "scripts.rasa_warm", "run", "actions", "--port", str(args.actions_port)],
            cwd=REPO_ROOT,
            env=env,
            log=RUN / "actions.log",
        )
        wait_for(f"http://127.0.0.1:{args.actions_port}/health", actions, START_TIMEOUT, RUN / "actions.log")
        rasa = processes.start(
            rasa_arguments(args.model, args.host, args.rasa_port, page_origin),
            cwd=REPO_ROOT,
            env=env,
            log=RUN / "rasa.log",
        )
        wait_for(f"http://127.0.0.1:{args.rasa_port}/", rasa, START_TIMEOUT, RUN / "rasa.log")
        page = serve_page(settings, args.host, args.web_port, socket_url)
        print(f"\n  the chat page:   {page_origin}")
        print(f"  REST:            {socket_url}/webhooks/rest/webhook  (reps: Authorization: Bearer <token>)")
        print(f"  sales report:    {page_origin}/report  (reps: their name, and their token as the password)")
        if "channels.slack.TeamSlackInput" in credentials():
            print(f"  Slack events:    {socket_url}/webhooks/slack/webhook")
        print(f"  Rasa's HTTP API: {'on, with SALESBOT_API_TOKEN' if os.environ.get('SALESBOT_API_TOKEN') else 'off'}")
        print(f"  database:        {settings.database_url}   logs: {RUN}/\n\nCtrl-C stops everything.", flush=True)
        next_housekeeping = time.monotonic() + 60
        while all(process.poll() is None for process in (actions, rasa)):
            if time.monotonic() >= next_housekeeping and (chores is None or chores.poll() is not None):
                chores = housekeeping(settings.retention_days)
                next_housekeeping = time.monotonic() + 60 * settings.housekeeping_minutes
            time.sleep(0.5)
        stopped = "action server" if actions.poll() is not None else "Rasa server"
        log = RUN / ("actions.log" if stopped == "action server" else "rasa.log")
        print(f"the {stopped} stopped; last log lines:\n{tail(log)}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Interrupted):
        print("\nstopping ...", flush=True)
        return 0
    except (RuntimeError, TimeoutError, OSError, subprocess.SubprocessError) as error:
        print(f"could not start: {error}", file=sys.stderr)
        return 1
    finally:
        if chores is not None and chores.poll() is None:
            chores.terminate()
        if page is not None:
            page.shutdown()
        processes.stop_all()


if __name__ == "__main__":
    sys.exit(main())
