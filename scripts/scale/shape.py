"""make scale: the production shape on this machine. Two Rasa servers and two action servers
behind HAProxy, sharing PostgreSQL (Rasa's tracker store and the leads) and Redis (Rasa's lock
store, so two servers never handle the same conversation at once).

    public :8000  -> HAProxy -> Rasa :5005, :5006   (REST round robin; socket.io sticky by cookie)
    Rasa servers  -> HAProxy :5054 -> action servers :5055, :5056 (health-checked)

Every REST turn may land on either Rasa server: the conversation is in PostgreSQL and the lock
in Redis, so it goes on at the same question. When no action server answers (both down, or
slower than 10 s), HAProxy answers for them (scripts/scale/actions_unavailable.http): the
domain's `utter_actions_unavailable`, and a `rewind` event, which makes Rasa forget the user's
message, so nothing half-read (a slot filled but never checked) stays behind; the user hears an
honest message instead of silence, says it again once a server is back, and the form goes on.

    .venv/bin/python -m scripts.scale --model MODEL [--port 8000]

SALESBOT_DATABASE_URL must be PostgreSQL (default: database `salesbot` on 127.0.0.1:5432, created
if missing); SALESBOT_REDIS_URL (default redis://127.0.0.1:6379/1) for the lock store.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.settings import REPO_ROOT
from bot.store import upgrade_schema
from scripts.processes import Processes, child_env, wait_for

HERE = Path(__file__).resolve().parent
START_TIMEOUT = 600
DEFAULT_DATABASE = "postgresql+psycopg2://postgres@127.0.0.1:5432/salesbot"
DEFAULT_REDIS = "redis://127.0.0.1:6379/1"


def ensure_database(url: str) -> None:
    """The PostgreSQL database, created when missing, and migrated."""
    target = make_url(url)
    if not target.drivername.startswith("postgresql"):
        raise RuntimeError(f"SALESBOT_DATABASE_URL must be PostgreSQL for several servers, not {target.drivername}")
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    upgrade_schema(url)


def endpoints(database_url: str, redis_url: str, actions_port: int, lock_prefix: str) -> dict[str, Any]:
    redis = urlsplit(redis_url)
    return {
        "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook"},
        "tracker_store": {"type": "SQL", "url": database_url},
        "lock_store": {
            "type": "redis",
            "url": redis.hostname or "127.0.0.1",
            "port": redis.port or 6379,
            "db": int((redis.path or "/1").lstrip("/") or 1),
            "key_prefix": lock_prefix,
        },
    }


def haproxy_config(public: int, rasa_ports: list[int], actions: int, action_ports: list[int]) -> str:
    rasa_servers = "\n".join(
        f"    server rasa{i} 127.0.0.1:{port} check inter 1s fall 3 rise 2 cookie rasa{i}"
        for i, port in enumerate(rasa_ports, 1)
    )
    action_servers = "\n".join(
        f"    server actions{i} 127.0.0.1:{port} check inter 1s fall 3 rise 2" for i, port in enumerate(action_ports, 1)
    )
    unavailable = HERE / "actions_unavailable.http"
    return f"""global
    maxconn 2000

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    # A server busy with a queue of turns answers its health check late, not never: it is taken
    # out after three checks that fail or take over 10 s; one that is gone fails at once.
    timeout check 10s
    option http-server-close

frontend public
    bind 127.0.0.1:{public}
    default_backend rasa

backend rasa
    balance roundrobin
    cookie SALESBOT_SERVER insert indirect nocache
    option httpchk GET /
    option redispatch
    retries 2
{rasa_servers}

frontend actions
    bind 127.0.0.1:{actions}
    default_backend actions

backend actions
    balance roundrobin
    option httpchk GET /health
    option redispatch
    retries 2
    timeout server 10s
    errorfile 502 {unavailable}
    errorfile 503 {unavailable}
    errorfile 504 {unavailable}
{action_servers}
"""


@dataclass
class Shape:
    """The processes of the shape, each of which can be stopped and started again (the tests
    take servers away under a conversation)."""

    model: str
    work: Path
    database_url: str
    redis_url: str
    public_port: int
    rasa_ports: list[int]
    actions_port: int
    action_ports: list[int]
    lock_prefix: str = "salesbot"
    processes: Processes = field(default_factory=Processes)
    rasa: dict[int, subprocess.Popen] = field(default_factory=dict)
    actions: dict[int, subprocess.Popen] = field(default_factory=dict)
    balancer: subprocess.Popen | None = None

    def start(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        config = endpoints(self.database_url, self.redis_url, self.actions_port, self.lock_prefix)
        (self.work / "endpoints.yml").write_text(yaml.safe_dump(config))
        (self.work / "haproxy.cfg").write_text(
            haproxy_config(self.public_port, self.rasa_ports, self.actions_port, self.action_ports)
        )
        ensure_database(self.database_url)
        for i in range(len(self.action_ports)):
            self.start_actions(i)
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        log = self.work / "haproxy.log"
        self.balancer = self.processes.start(
            [haproxy, "-db", "-f", str(self.work / "haproxy.cfg")], cwd=self.work, env=self.env, log=log
        )
        # One at a time: two loading at once on 2 cores take longer than one after the other.
        for i in range(len(self.rasa_ports)):
            self.start_rasa(i)
        # The balancer checks each server every second and takes it in after two good checks.
        wait_for(f"http://127.0.0.1:{self.public_port}/", self.balancer, 30, log)

    @property
    def env(self) -> dict:
        return child_env(SALESBOT_DATABASE_URL=self.database_url)

    def start_actions(self, i: int) -> None:
        port, log = self.action_ports[i], self.work / f"actions{i + 1}.log"
        process = self.processes.start(
            [sys.executable, "-m", "scripts.rasa_warm", "run", "actions", "--port", str(port)],
            cwd=REPO_ROOT,
            env=self.env,
            log=log,
        )
        wait_for(f"http://127.0.0.1:{port}/health", process, START_TIMEOUT, log)
        self.actions[i] = process

    def stop_actions(self, i: int) -> None:
        self.processes.stop(self.actions.pop(i))

    def start_rasa(self, i: int) -> None:
        port, log = self.rasa_ports[i], self.work / f"rasa{i + 1}.log"
        args = [sys.executable, "-m", "scripts.rasa_warm", "run", "--model", self.model]
        args += ["--interface", "127.0.0.1", "--port", str(port)]
        args += ["--endpoints", str(self.work / "endpoints.yml"), "--credentials", str(REPO_ROOT / "credentials.yml")]
        process = self.processes.start(args, cwd=REPO_ROOT, env=self.env, log=log)
        wait_for(f"http://127.0.0.1:{port}/", process, START_TIMEOUT, log)
        self.rasa[i] = process

    def stop_rasa(self, i: int) -> None:
        self.processes.stop(self.rasa.pop(i))

    def stopped(self) -> Path | None:
        """The log of a process that stopped on its own, if any."""
        for kind, running in (("actions", self.actions), ("rasa", self.rasa)):
            for i, process in running.items():
                if process.poll() is not None:
                    return self.work / f"{kind}{i + 1}.log"
        if self.balancer is not None and self.balancer.poll() is not None:
            return self.work / "haproxy.log"
        return None

    def stop(self) -> None:
        self.processes.stop_all()
