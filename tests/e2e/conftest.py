"""End-to-end: the trained model behind `rasa run`, the action server, a fresh database.

Needs a trained model: `make test` passes its path in SALESBOT_E2E_MODEL.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from bot.settings import REPO_ROOT
from bot.store import LeadStore, ObjectionStore, upgrade_schema

RASA = str(Path(sys.executable).parent / "rasa")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


class Servers:
    def __init__(self, rasa_port: int, database_url: str) -> None:
        self.rasa_port = rasa_port
        self.store = LeadStore.from_url(database_url)
        self.objections = ObjectionStore(self.store.engine)

    def say(self, sender: str, text: str) -> list:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return [message.get("text", "") for message in json.loads(response.read())]

    def tracker(self, sender: str) -> dict:
        url = f"http://127.0.0.1:{self.rasa_port}/conversations/{sender}/tracker"
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.loads(response.read())


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    model = os.environ.get("SALESBOT_E2E_MODEL")
    if not model:
        pytest.skip("set SALESBOT_E2E_MODEL to a trained model (make test does)")
    work = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{work / 'leads.db'}"
    upgrade_schema(database_url)
    action_port, rasa_port = _free_port(), _free_port()
    (work / "endpoints.yml").write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    env = {**os.environ, "SALESBOT_DATABASE_URL": database_url, "RASA_TELEMETRY_ENABLED": "false"}
    logs = [open(work / "actions.log", "w"), open(work / "rasa.log", "w")]
    actions = subprocess.Popen(
        [RASA, "run", "actions", "--port", str(action_port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=logs[0],
        stderr=subprocess.STDOUT,
    )
    rasa = subprocess.Popen(
        [
            RASA,
            "run",
            "--enable-api",
            "--model",
            str(REPO_ROOT / model),
            "--port",
            str(rasa_port),
            "--endpoints",
            str(work / "endpoints.yml"),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=logs[1],
        stderr=subprocess.STDOUT,
    )
    try:
        _wait(f"http://127.0.0.1:{action_port}/health", actions, 120)
        _wait(f"http://127.0.0.1:{rasa_port}/status", rasa, 240)
        yield Servers(rasa_port, database_url)
    finally:
        for process in (rasa, actions):
            process.terminate()
        for process in (rasa, actions):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


@pytest.fixture
def sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"
