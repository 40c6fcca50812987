"""Answers a conversation holds that the lead database does not, written from Rasa's tracker store
once the database is back (`salesbot leads resync`; `make serve` runs it every few minutes).

When the database is down as a lead is scored, the prospect is told their answers are kept in
the conversation and saved as soon as it is back: this keeps that promise. A conversation counts
once its lead was scored in it (slot `qualification_stage` "done"); its answers are the slots as
Rasa rebuilds them from the events, and Interview.complete stores what is missing and scores the
lead, as of the day it was scored in the conversation. A lead that is scored and holds every
answer is left alone, so running it twice writes nothing new.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from bot.answers.questions import CONTACT_QUESTIONS, QUESTIONS
from bot.services.interview import Interview, consent_wording
from bot.store.transcripts import EVENTS_TABLE

DONE = "done"


@dataclass
class Resynced:
    looked_at: int = 0
    written: list[int] = field(default_factory=list)  # leads whose answers or score were written
    still_down: int = 0  # conversations the database refused again


def resync(interview: Interview, domain_dir: Path) -> Resynced:
    from rasa.shared.core.domain import Domain

    domain = Domain.load(str(domain_dir))
    consent = consent_wording(domain.responses["utter_greet"])
    report = Resynced()
    for tracker in asyncio.run(_scored_trackers(interview.store.engine, domain)):
        report.looked_at += 1
        slots = tracker.current_slot_values()
        keys = QUESTIONS + (CONTACT_QUESTIONS if slots.get("contact_consent") is True else ())
        answers = {key: slots.get(key) for key in keys}
        conversation = tracker.sender_id
        lead_id = slots.get("lead_id") or interview.store.latest_lead_of(conversation)
        if lead_id is not None and interview.holds(lead_id, answers):
            continue
        lead_id, completion = interview.complete(
            lead_id,
            conversation,
            tracker.get_latest_input_channel(),
            answers,
            _scored_on(tracker),
            None if slots.get("rep_qualifying") else consent,
        )
        if completion.saved and lead_id is not None:
            report.written.append(lead_id)
        else:
            report.still_down += 1
    return report


async def _scored_trackers(engine: Any, domain: Any) -> list[Any]:
    """Trackers of the conversations where a lead was scored, rebuilt by Rasa's own SQL tracker
    store from the events (the cheap LIKE only narrows the search; the slots decide)."""
    from rasa.core.tracker_store import SQLTrackerStore

    with engine.connect() as conn:
        if not inspect(conn).has_table(EVENTS_TABLE):
            return []
        conversations = list(
            conn.execute(
                text(
                    "SELECT DISTINCT sender_id FROM events WHERE type_name = 'slot' "
                    "AND data LIKE '%qualification_stage%' AND data LIKE :done"
                ),
                {"done": f'%"{DONE}"%'},
            ).scalars()
        )
    tracker_store = SQLTrackerStore(domain, host=engine.url.render_as_string(hide_password=False))
    try:
        trackers = [await tracker_store.retrieve_full_tracker(conversation) for conversation in conversations]
    finally:
        tracker_store.engine.dispose()
    return [t for t in trackers if t is not None and t.current_slot_values().get("qualification_stage") == DONE]


def _scored_on(tracker: Any) -> date:
    """The day the lead was last scored in the conversation: relative answers ("next month") are
    read as of then, as the conversation read them."""
    for event in reversed(tracker.events):
        if getattr(event, "key", None) == "qualification_stage" and getattr(event, "value", None) == DONE:
            return datetime.fromtimestamp(event.timestamp, timezone.utc).date()
    return datetime.now(timezone.utc).date()
