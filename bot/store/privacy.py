"""A prospect's personal data, removed on request or when it is older than the team keeps it.

Forgetting a lead removes everything the prospect said and everything that names them: the lead,
its answers (history included), stage changes and logged contacts, the objections and buying
questions they raised, their hand-offs, and the conversation as Rasa's tracker store keeps it
(table `events`). What stays is anonymous: the library's record that a response was shown and
how it was received, with no lead and no conversation attached, so the ranking of responses
keeps what it learnt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, inspect, select, text, update
from sqlalchemy.orm import Session

from bot.store.base import SqlStore, now
from bot.store.models import (
    Answer,
    BuyingSignal,
    ForgetRequest,
    Handoff,
    Lead,
    LeadTouch,
    ObjectionOccurrence,
    ResponseUse,
    StageChange,
)
from bot.store.transcripts import EVENTS_TABLE

ANONYMOUS = ""  # the conversation id left on an anonymous response use
# A conversation asked to be forgotten is erased once no turn has happened in it for this long.
ERASED_AFTER_QUIET_SECONDS = 60


@dataclass(frozen=True)
class Forgotten:
    """How many rows of each kind were removed."""

    leads: int = 0
    answers: int = 0
    objections: int = 0
    events: int = 0

    def __add__(self, other: Forgotten) -> Forgotten:
        return Forgotten(
            self.leads + other.leads,
            self.answers + other.answers,
            self.objections + other.objections,
            self.events + other.events,
        )


class PrivacyStore(SqlStore):
    def forget_lead(self, lead_id: int) -> Forgotten | None:
        """Remove one lead and its conversation; None if there is no such lead."""
        return self._write(lambda session: _forget_lead(session, lead_id, with_events=True))

    def forget_conversation(self, conversation_id: str, moment: datetime | None = None) -> Forgotten:
        """A prospect's "delete my data": the leads started in this conversation and what was heard
        in it outside any lead go now; its events wait for `erase_requested_conversations`
        (Rasa still holds the conversation and would write removed events back)."""

        def work(session: Session) -> Forgotten:
            total = Forgotten()
            for lead_id in list(session.scalars(select(Lead.id).where(Lead.conversation_id == conversation_id))):
                total += _forget_lead(session, lead_id, with_events=False) or Forgotten()
            objections = session.execute(
                delete(ObjectionOccurrence).where(
                    ObjectionOccurrence.conversation_id == conversation_id, ObjectionOccurrence.lead_id.is_(None)
                )
            ).rowcount
            session.execute(
                delete(BuyingSignal).where(
                    BuyingSignal.conversation_id == conversation_id, BuyingSignal.lead_id.is_(None)
                )
            )
            _anonymise_uses(session, ResponseUse.conversation_id == conversation_id)
            session.add(ForgetRequest(conversation_id=conversation_id, requested_at=moment or now()))
            return total + Forgotten(objections=objections)

        return self._write(work)

    def erase_requested_conversations(
        self, quiet_seconds: int = ERASED_AFTER_QUIET_SECONDS, moment: datetime | None = None
    ) -> int:
        """The events, up to the request, of conversations whose prospect asked to be forgotten
        and which have been quiet for `quiet_seconds` (no turn under way that Rasa would save
        back); the number of events removed. Running it twice removes nothing more."""
        cutoff = ((moment or now()) - timedelta(seconds=quiet_seconds)).timestamp()

        def work(session: Session) -> int:
            keeps_events = _keeps_events(session)
            removed = 0
            for request in session.scalars(select(ForgetRequest)).all():
                if keeps_events:
                    last = session.execute(
                        text("SELECT MAX(timestamp) FROM events WHERE sender_id = :sender"),
                        {"sender": request.conversation_id},
                    ).scalar()
                    if last is not None and last > cutoff:
                        continue
                    removed += _delete_events(session, request.conversation_id, request.requested_at.timestamp())
                session.delete(request)
            return removed

        return self._write(work)

    def leads_older_than(self, days: int, moment: datetime | None = None) -> list[int]:
        """Leads nobody has touched for more than `days` days."""
        cutoff = (moment or now()) - timedelta(days=days)
        return self._read(
            lambda session: list(session.scalars(select(Lead.id).where(Lead.updated_at < cutoff).order_by(Lead.id)))
        )

    def forget_conversations_older_than(self, days: int, moment: datetime | None = None) -> int:
        """Conversations whose last event is older than `days` days, with what was heard in them
        outside any lead (reps' chats, prospects who never agreed to start); the number of
        events removed."""
        cutoff = ((moment or now()) - timedelta(days=days)).timestamp()

        def work(session: Session) -> int:
            if not _keeps_events(session):
                return 0
            stale = session.execute(
                text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
                {"cutoff": cutoff},
            ).scalars()
            removed = 0
            for conversation in list(stale):
                for table in (ObjectionOccurrence, BuyingSignal):
                    session.execute(delete(table).where(table.conversation_id == conversation, table.lead_id.is_(None)))
                _anonymise_uses(session, (ResponseUse.conversation_id == conversation) & ResponseUse.lead_id.is_(None))
                removed += _delete_events(session, conversation)
            return removed

        return self._write(work)


def _forget_lead(session: Session, lead_id: int, with_events: bool) -> Forgotten | None:
    lead = session.get(Lead, lead_id)
    if lead is None:
        return None
    conversations = {lead.conversation_id} | set(
        session.scalars(select(Answer.conversation_id).where(Answer.lead_id == lead_id))
    )
    answers = session.execute(delete(Answer).where(Answer.lead_id == lead_id)).rowcount
    objections = session.execute(delete(ObjectionOccurrence).where(ObjectionOccurrence.lead_id == lead_id)).rowcount
    for table in (LeadTouch, StageChange, BuyingSignal, Handoff):
        session.execute(delete(table).where(table.lead_id == lead_id))
    _anonymise_uses(session, ResponseUse.lead_id == lead_id)
    session.execute(delete(Lead).where(Lead.id == lead_id))
    events = 0
    if with_events and _keeps_events(session):
        events = sum(_delete_events(session, conversation) for conversation in conversations)
    return Forgotten(leads=1, answers=answers, objections=objections, events=events)


def _anonymise_uses(session: Session, which: Any) -> None:
    """The library keeps that a response was shown and how it was received, with no lead and no
    conversation attached."""
    session.execute(
        update(ResponseUse).where(which).values(lead_id=None, occurrence_id=None, conversation_id=ANONYMOUS)
    )


def _keeps_events(session: Session) -> bool:
    """Whether Rasa's tracker store keeps its conversations in this database."""
    return inspect(session.get_bind()).has_table(EVENTS_TABLE)


def _delete_events(session: Session, conversation_id: str, until: float | None = None) -> int:
    """A conversation's events (up to the timestamp `until`)."""
    if until is None:
        statement = text("DELETE FROM events WHERE sender_id = :sender")
        return session.execute(statement, {"sender": conversation_id}).rowcount
    statement = text("DELETE FROM events WHERE sender_id = :sender AND timestamp <= :until")
    return session.execute(statement, {"sender": conversation_id, "until": until}).rowcount
