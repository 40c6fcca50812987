"""Helpers that make an action test read like the conversation it checks."""

import asyncio
from datetime import date
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bot.access import ANYONE, REP, Caller
from bot.services.closing.advisor import ClosingAdvisor
from bot.services.handoff import Handoffs
from bot.services.interview import Interview
from bot.services.objection_coach import ObjectionCoach
from bot.services.rehearsal.session import Rehearsals
from bot.settings import REPO_ROOT, Settings
from bot.store import HandoffStore, LeadStore, LibraryStore, ObjectionStore, RehearsalStore
from bot.store.privacy import PrivacyStore

TODAY = date(2026, 11, 26)
DANA = Caller(REP, "dana")  # a rep, as the REST channel records one with a rep token
# The read-back confirmed and a way to reach the prospect given: what scoring starts from.
CONTACT = {
    "qualification_stage": "confirming",
    "contact_consent": True,
    "contact_name": "Dana Whitfield",
    "contact_email": "dana@kestrelfoods.com",
    "contact_phone": "skipped",
}


def load_domain() -> dict[str, Any]:
    domain: dict[str, Any] = {}
    for path in sorted((REPO_ROOT / "domain").glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text()) or {}).items():
            if isinstance(value, dict):
                domain.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                domain.setdefault(key, []).extend(value)
            else:
                domain[key] = value
    return domain


DOMAIN = load_domain()


def user_turn(
    text: str,
    intent: str = "inform",
    confidence: float = 0.9,
    slots: dict[str, Any] | None = None,
    requested_slot: str | None = None,
    active_loop: str | None = None,
    extracted: dict[str, Any] | None = None,
    entities: list[dict] | None = None,
    sender: str = "conv-1",
    caller: Caller = ANYONE,
    channel: str = "rest",
    ranking: list[tuple[str, float]] | None = None,
) -> Tracker:
    """A tracker right after the user said `text`; `extracted` are the slots the form's
    mappings filled from it (what the validator is asked to check). `caller` is who the
    channel said is talking (a prospect unless given); `ranking` is NLU's intent ranking."""
    slots = {**(slots or {}), "requested_slot": requested_slot}
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "intent_ranking": [{"name": name, "confidence": score} for name, score in (ranking or [])],
        "metadata": caller.as_metadata(),
    }
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": parse, "input_channel": channel},
    ]
    events += [{"event": "slot", "name": name, "value": value} for name, value in (extracted or {}).items()]
    return Tracker(
        sender_id=sender,
        slots={**slots, **(extracted or {})},
        latest_message=parse,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def form_asking(question: str) -> str:
    """The form whose questions include `question`."""
    return next(name for name, form in DOMAIN["forms"].items() if question in form["required_slots"])


def answer_turn(question: str, text: str, lead: int, **turn: Any) -> Tracker:
    """A tracker right after `text` was said to the form question `question` of lead `lead`."""
    slots = {"lead_id": lead, **turn.pop("slots", {})}
    return user_turn(text, slots=slots, requested_slot=question, active_loop=form_asking(question), **turn)


def run(action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, DOMAIN)
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return result, [m.get("response") for m in dispatcher.messages], dispatcher.messages


def slot_events(events) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


@pytest.fixture
def interview(sqlite_store: LeadStore, settings: Settings, monkeypatch) -> Interview:
    interview = Interview(sqlite_store, settings)
    advisor = ClosingAdvisor(sqlite_store, settings)
    handoffs = Handoffs(HandoffStore(sqlite_store.engine), settings)
    monkeypatch.setattr(runtime, "interview", lambda: interview)
    monkeypatch.setattr(runtime, "handoffs", lambda: handoffs)
    monkeypatch.setattr(runtime, "closing_advisor", lambda: advisor)
    monkeypatch.setattr(runtime, "follow_ups", lambda: advisor.follow_ups)
    coach = ObjectionCoach(ObjectionStore(sqlite_store.engine), LibraryStore(sqlite_store.engine), settings)
    rehearsals = Rehearsals(RehearsalStore(sqlite_store.engine), coach, settings)
    monkeypatch.setattr(runtime, "rehearsals", lambda: rehearsals)
    monkeypatch.setattr(runtime, "today", lambda: TODAY)
    privacy = PrivacyStore(sqlite_store.engine)
    monkeypatch.setattr(runtime, "privacy", lambda: privacy)
    return interview


@pytest.fixture
def coach(interview, monkeypatch):
    engine = interview.store.engine
    objection_coach = ObjectionCoach(ObjectionStore(engine), LibraryStore(engine), interview.settings)
    monkeypatch.setattr(runtime, "objection_coach", lambda: objection_coach)
    return objection_coach
