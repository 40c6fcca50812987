"""How well answers nobody on the team wrote are read in conversation: each held-out answer
(tests/heldout/answers_blind.yml, written blind with expected normalised values) is given to
its question in a conversation with the trained model and the action server over REST, and
what the database then holds is compared with what was expected. The form, the parsers and
the store are scored together, as a prospect meets them.

    .venv/bin/python scripts/eval_answers.py MODEL [--set FILE] [--json FILE]

An answer is right when every expected field matches what was stored (amounts to the cent,
dates to the day); one expected to be refused is right when nothing was stored for it. The
day the set was written is used as today (SALESBOT_TODAY), so "in 6 weeks" has one answer.
Answers are never printed; the misses go to results/answers-eval/misses.yml.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.store import LeadStore, upgrade_schema  # noqa: E402
from scripts.processes import HTTP, Processes, child_env, free_port, wait_for  # noqa: E402

RASA = str(ROOT / ".venv" / "bin" / "rasa")
QUESTIONS = ("budget", "authority", "need", "timeline")
# Usable answers to the questions asked before the one scored.
BEFORE = {
    "budget": "about $20k a year",
    "authority": "I'm the CEO",
    "need": "our reps lose track of leads after trade shows",
}
OPENING = ["hi", "yes let's do it"]


def matches(expected: dict[str, Any], stored: dict[str, Any] | None) -> bool:
    if expected.get("refused"):
        return stored is None
    if stored is None:
        return False
    return all(_same(want, stored.get(key)) for key, want in expected.items())


def _same(want: Any, got: Any) -> bool:
    if want is None or got is None:
        return want is got
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(float(want) - float(got)) <= 0.005
    return str(want) == str(got)


class Assistant:
    def __init__(self, work: Path, model: Path, today: str) -> None:
        self.database_url = f"sqlite:///{work / 'answers.db'}"
        upgrade_schema(self.database_url)
        self.store = LeadStore.from_url(self.database_url)
        self.processes = Processes()
        action_port, self.rasa_port = free_port(), free_port()
        env = child_env(SALESBOT_DATABASE_URL=self.database_url, SALESBOT_TODAY=today)
        (work / "endpoints.yml").write_text(
            yaml.safe_dump({"action_endpoint": {"url": f"http://127.0.0.1:{action_port}/webhook"}})
        )
        (work / "credentials.yml").write_text("rest:\n")
        actions = self.processes.start(
            [RASA, "run", "actions", "--port", str(action_port)], cwd=ROOT, env=env, log=work / "actions.log"
        )
        wait_for(f"http://127.0.0.1:{action_port}/health", actions, 120, work / "actions.log")
        args = [RASA, "run", "--model", str(model), "--port", str(self.rasa_port)]
        args += ["--endpoints", str(work / "endpoints.yml"), "--credentials", str(work / "credentials.yml")]
        rasa = self.processes.start(args, cwd=ROOT, env=env, log=work / "rasa.log")
        wait_for(f"http://127.0.0.1:{self.rasa_port}/", rasa, 300, work / "rasa.log")

    def say(self, sender: str, text: str) -> None:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with HTTP.open(request, timeout=60) as response:
            response.read()

    def stored(self, sender: str, question: str) -> dict[str, Any] | None:
        leads = [lead for lead in self.store.list_leads() if lead.conversation_id == sender]
        if not leads:
            return None
        answer = self.store.current_answers(leads[-1].id).get(question)
        if answer is None or answer.status == "skipped":
            return None
        return answer.normalised or {}

    def stop(self) -> None:
        self.processes.stop_all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--set", type=Path, default=ROOT / "tests" / "heldout" / "answers_blind.yml")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    held_out = yaml.safe_load(args.set.read_text())
    figures: dict[str, dict[str, int]] = {}
    misses: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="answers-eval-") as work:
        assistant = Assistant(Path(work), args.model.resolve(), str(held_out["today"]))
        try:
            for question in QUESTIONS:
                right = 0
                for entry in held_out[question]:
                    sender = f"answers-{uuid.uuid4().hex[:12]}"
                    for text in OPENING + [BEFORE[q] for q in QUESTIONS[: QUESTIONS.index(question)]]:
                        assistant.say(sender, text)
                    assistant.say(sender, entry["text"])
                    stored = assistant.stored(sender, question)
                    if matches(entry["expect"], stored):
                        right += 1
                    else:
                        misses.append({"question": question, **entry, "stored": stored})
                figures[question] = {"right": right, "total": len(held_out[question])}
        finally:
            assistant.stop()
    out = ROOT / "results" / "answers-eval"
    out.mkdir(parents=True, exist_ok=True)
    (out / "misses.yml").write_text(yaml.safe_dump(misses, allow_unicode=True, sort_keys=False))
    right = sum(f["right"] for f in figures.values())
    total = sum(f["total"] for f in figures.values())
    per_question = ", ".join(f"{q} {f['right']}/{f['total']}" for q, f in figures.items())
    print(f"held-out answers in conversation ({args.set.name}): {right}/{total} stored as expected ({per_question})")
    if args.json:
        args.json.write_text(json.dumps({"questions": figures, "right": right, "total": total}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
