"""End-to-end: the trained model behind `rasa run`, the action server, a fresh database, the web
page, and a stand-in for Slack's Web API, all on loopback.

Needs a trained model: `make test` passes its path in SALESBOT_E2E_MODEL.
"""

import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml

from bot.settings import REPO_ROOT, load_settings
from bot.store import LeadStore, ObjectionStore, upgrade_schema
from scripts.processes import HTTP, Processes, child_env, free_port, wait_for
from scripts.serve.page import serve_page
from tests.slack_api import SlackWebAPI

RASA = str(REPO_ROOT / ".venv" / "bin" / "rasa")
REP_TOKEN = "e2e-rep-token"
API_TOKEN = "e2e-api-token"
SLACK_TOKEN = "xoxb-e2e"
SLACK_SECRET = "e2e-signing-secret"
SLACK_REPS = "U0REP,lee@northwind.example"
ALERT_CHANNEL = "C0ALERTS"


def sign(body: bytes, timestamp: int, secret: str = SLACK_SECRET) -> str:
    """Slack's request signature: HMAC-SHA256 of `v0:timestamp:body` with the signing secret."""
    return "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()


class Servers:
    def __init__(self, work: Path, database_url: str, slack: SlackWebAPI) -> None:
        self.work = work
        self.database_url = database_url
        self.slack = slack
        self.store = LeadStore.from_url(database_url)
        self.objections = ObjectionStore(self.store.engine)
        self.processes = Processes()
        self.action_port, self.rasa_port, self.page_port = free_port(), free_port(), free_port()
        self.page_url = f"http://localhost:{self.page_port}"
        self.env = child_env(
            SALESBOT_DATABASE_URL=database_url,
            SALESBOT_REP_TOKENS=f"e2e-rep:{REP_TOKEN}",
            SALESBOT_SLACK_REPS=SLACK_REPS,
            SALESBOT_ALERT_CHANNEL=ALERT_CHANNEL,
            SLACK_BOT_TOKEN=SLACK_TOKEN,
            SLACK_API_URL=slack.url,
        )
        self._write_config()

    def _write_config(self) -> None:
        endpoints = {
            "action_endpoint": {"url": f"http://127.0.0.1:{self.action_port}/webhook"},
            "tracker_store": {"type": "SQL", "url": self.database_url},
        }
        credentials = yaml.safe_load((REPO_ROOT / "credentials.yml").read_text())
        credentials["channels.slack.TeamSlackInput"] = {
            "slack_token": SLACK_TOKEN,
            "slack_signing_secret": SLACK_SECRET,
            "use_threads": True,
            "api_url": self.slack.url,
        }
        (self.work / "endpoints.yml").write_text(yaml.safe_dump(endpoints))
        (self.work / "credentials.yml").write_text(yaml.safe_dump(credentials))

    def start(self, model: str) -> None:
        self.model = model
        self.start_actions()
        self.start_rasa()
        self.page = serve_page(load_settings(), "127.0.0.1", self.page_port, f"http://localhost:{self.rasa_port}")

    def start_actions(self) -> None:
        self.actions = self.processes.start(
            [RASA, "run", "actions", "--port", str(self.action_port)],
            cwd=REPO_ROOT,
            env=self.env,
            log=self.work / "actions.log",
        )
        wait_for(f"http://127.0.0.1:{self.action_port}/health", self.actions, 120, self.work / "actions.log")

    def stop_actions(self) -> None:
        self.processes.stop(self.actions)

    def start_rasa(self) -> None:
        args = [RASA, "run", "--model", str(REPO_ROOT / self.model), "--port", str(self.rasa_port)]
        args += ["--endpoints", str(self.work / "endpoints.yml"), "--credentials", str(self.work / "credentials.yml")]
        args += ["--enable-api", "--auth-token", API_TOKEN, "--cors", self.page_url]
        self.rasa = self.processes.start(args, cwd=REPO_ROOT, env=self.env, log=self.work / "rasa.log")
        wait_for(f"http://127.0.0.1:{self.rasa_port}/", self.rasa, 300, self.work / "rasa.log")

    def restart_rasa(self) -> None:
        self.processes.stop(self.rasa)
        self.start_rasa()

    def stop(self) -> None:
        if getattr(self, "page", None):
            self.page.shutdown()
        self.processes.stop_all()

    def say(self, sender: str, text: str, token: str | None = None) -> list:
        """What the assistant answers `sender` over REST; with `token`, the caller shows a rep token."""
        body = json.dumps({"sender": sender, "message": text}).encode()
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"
        with HTTP.open(urllib.request.Request(url, data=body, headers=headers), timeout=30) as response:
            return [message.get("text", "") for message in json.loads(response.read())]

    def rep(self, sender: str, text: str) -> list:
        return self.say(sender, text, token=REP_TOKEN)

    def alerts_about(self, lead_id: int) -> list[str]:
        """What the team's channel was told about this lead."""
        return [
            post["text"]
            for post in self.slack.posted_to(ALERT_CHANNEL)
            if f"salesbot leads transcript {lead_id}`" in post["text"]
        ]

    def tracker(self, sender: str) -> dict:
        url = f"http://127.0.0.1:{self.rasa_port}/conversations/{sender}/tracker?token={API_TOKEN}"
        with HTTP.open(url, timeout=10) as response:
            return json.loads(response.read())

    def to_slack_webhook(
        self, payload: dict, timestamp: int | None = None, secret: str = SLACK_SECRET, retry: int | None = None
    ) -> tuple[int, str]:
        """POST an event to the Slack webhook, signed as Slack signs it; (status, body)."""
        body = json.dumps(payload).encode()
        timestamp = int(time.time()) if timestamp is None else timestamp
        headers = {
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": sign(body, timestamp, secret),
        }
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        url = f"http://127.0.0.1:{self.rasa_port}/webhooks/slack/webhook"
        try:
            with HTTP.open(urllib.request.Request(url, data=body, headers=headers), timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def slack_message(text: str, user: str, channel: str, mention: bool = False, thread_ts: str | None = None) -> dict:
    """An Events API callback as Slack sends it for a direct message or a mention."""
    ts = f"{time.time():.6f}"
    event = {"type": "app_mention" if mention else "message", "user": user, "text": text, "ts": ts, "channel": channel}
    if not mention:
        event["channel_type"] = "im"
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {
        "type": "event_callback",
        "team_id": "T0E2E",
        "event_id": f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"user_id": "U0BOT"}],
        "event": event,
    }


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    model = os.environ.get("SALESBOT_E2E_MODEL")
    if not model:
        pytest.skip("set SALESBOT_E2E_MODEL to a trained model (make test does)")
    work = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{work / 'leads.db'}"
    upgrade_schema(database_url)
    running = Servers(work, database_url, SlackWebAPI())
    try:
        running.start(model)
        yield running
    finally:
        running.stop()


@pytest.fixture
def sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def slack_channel() -> str:
    """A Slack conversation id no other test uses: D... for a direct message."""
    return f"D{uuid.uuid4().hex[:9].upper()}"
