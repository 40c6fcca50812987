"""The production shape (scripts/scale/shape.py) under a conversation: two Rasa servers and two
action servers behind HAProxy, on PostgreSQL and a Redis of the test's own, on loopback. Servers
are taken away mid-form; the conversation goes on at the same question and no answer is lost or
stored twice."""

import json
import os
import shutil
import time
import urllib.request
import uuid

import pytest
import redis
from sqlalchemy import create_engine, text

from bot.settings import REPO_ROOT
from bot.store import LeadStore
from scripts.processes import HTTP, Processes, free_port
from scripts.scale.shape import Shape
from tests.conftest import POSTGRES_ADMIN_URL
from tests.e2e.test_rest_conversation import QUALIFY

UNAVAILABLE = "part of me is not answering"


class RedisServer:
    """Debian's redis-server on a port of its own, keeping nothing on disk: the lock store that a
    test may take away and bring back."""

    def __init__(self, work) -> None:
        self.port = free_port()
        self.work = work
        self.processes = Processes()
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = self.processes.start(args, cwd=self.work, env=dict(os.environ), log=self.work / "redis.log")
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_timeout=1).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        self.processes.stop(self.process)


@pytest.fixture(scope="module")
def shape(tmp_path_factory):
    model = os.environ.get("SALESBOT_E2E_MODEL")
    if not model:
        pytest.skip("set SALESBOT_E2E_MODEL to a trained model (make test does)")
    if not shutil.which("haproxy") and not os.path.exists("/usr/sbin/haproxy"):
        if os.environ.get("CI"):
            raise RuntimeError("HAProxy is missing (.ci/run installs Debian's haproxy)")
        pytest.skip("HAProxy is not installed")
    name = f"salesbot_scale_{uuid.uuid4().hex[:10]}"
    work = tmp_path_factory.mktemp("scale")
    lock_store = RedisServer(work)
    running = Shape(
        model=str(REPO_ROOT / model),
        work=work,
        database_url=POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}",
        redis_url=lock_store.url,
        public_port=free_port(),
        rasa_ports=[free_port(), free_port()],
        actions_port=free_port(),
        action_ports=[free_port(), free_port()],
        lock_prefix="salesbot-test",
    )
    running.lock_store = lock_store
    try:
        running.start()
        yield running
    finally:
        running.stop()
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        lock_store.stop()


def say(shape: Shape, sender: str, message: str) -> str:
    body = json.dumps({"sender": sender, "message": message}).encode()
    url = f"http://127.0.0.1:{shape.public_port}/webhooks/rest/webhook"
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with HTTP.open(request, timeout=60) as response:
        return "\n".join(m.get("text", "") for m in json.loads(response.read()))


def answers_of(shape: Shape, sender: str) -> dict[str, list[str]]:
    store = LeadStore.from_url(shape.database_url)
    try:
        [lead] = [lead for lead in store.list_leads() if lead.conversation_id == sender]
        history: dict[str, list[str]] = {}
        for answer in store.answer_history(lead.id):
            history.setdefault(answer.question_key, []).append(answer.raw_text)
        return history
    finally:
        store.engine.dispose()


def test_a_conversation_moves_between_rasa_servers_and_goes_on_at_the_same_question(shape):
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    for message in QUALIFY[:3]:  # hello, yes, the budget: turns land on both servers in turn
        say(shape, sender, message)
    shape.stop_rasa(0)  # one server gone mid-form: the balancer sends every turn to the other
    for message in QUALIFY[3:6]:
        assert say(shape, sender, message)  # answered every time, by the server left
    assert answers_of(shape, sender) == {
        "budget": [QUALIFY[2]],
        "authority": [QUALIFY[3]],
        "need": [QUALIFY[4]],
        "timeline": [QUALIFY[5]],
    }


def test_without_action_servers_the_user_is_told_and_the_form_goes_on_when_one_is_back(shape):
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    say(shape, sender, QUALIFY[0])
    asked = say(shape, sender, QUALIFY[1])
    assert "budget" in asked.lower()
    for i in list(shape.actions):
        shape.stop_actions(i)
    assert UNAVAILABLE in say(shape, sender, QUALIFY[2])
    shape.start_actions(0)
    wait_until_actions_answer(shape)
    assert "decision" in say(shape, sender, QUALIFY[2]).lower()  # the budget taken, the next question asked
    assert answers_of(shape, sender) == {"budget": [QUALIFY[2]]}


def test_with_the_lock_store_down_the_user_is_told_and_the_form_goes_on_when_it_is_back(shape):
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    say(shape, sender, QUALIFY[0])
    assert "budget" in say(shape, sender, QUALIFY[1]).lower()
    shape.lock_store.stop()  # no Rasa server can take the conversation's lock: Rasa raises LockError
    try:
        assert UNAVAILABLE in say(shape, sender, QUALIFY[2])
        assert UNAVAILABLE in say(shape, sender, QUALIFY[2])  # on the other server too
    finally:
        shape.lock_store.start()
    assert "decision" in say(shape, sender, QUALIFY[2]).lower()  # the budget taken, the next question asked
    assert answers_of(shape, sender) == {"budget": [QUALIFY[2]]}


def wait_until_actions_answer(shape: Shape, timeout: float = 30) -> None:
    """Until the balancer has seen an action server healthy again (its stand-in reply is no health)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with HTTP.open(f"http://127.0.0.1:{shape.actions_port}/health", timeout=5) as response:
            if b'"ok"' in response.read():
                return
        time.sleep(0.5)
    raise TimeoutError("no action server came back behind the balancer")
