"""Hand-offs to a person, each alerted to the team once; and forgetting a prospect's contact
details when they do not want to be contacted."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.base import SqlStore, now
from bot.store.models import Answer, Handoff

REASONS = ("asked", "hot_lead")


class HandoffStore(SqlStore):
    def record(self, conversation_id: str, lead_id: int | None, reason: str) -> int | None:
        """The id of this conversation's hand-off for this reason, recorded now if new; None when
        the team was alerted to it before (an alert that failed is tried again)."""
        if reason not in REASONS:
            raise ValueError(f"reason must be one of {', '.join(REASONS)}")

        def insert(session: Session) -> int:
            row = Handoff(conversation_id=conversation_id, lead_id=lead_id, reason=reason, created_at=now())
            session.add(row)
            session.flush()
            return row.id

        try:
            return self._write(insert)
        except IntegrityError:  # the unique (conversation, reason): recorded before
            earlier = self._read(
                lambda session: session.execute(
                    select(Handoff.id, Handoff.alerted_at).where(
                        Handoff.conversation_id == conversation_id, Handoff.reason == reason
                    )
                ).one()
            )
            return earlier.id if earlier.alerted_at is None else None

    def alerted(self, handoff_id: int) -> None:
        self._write(
            lambda session: session.execute(update(Handoff).where(Handoff.id == handoff_id).values(alerted_at=now()))
        )

    def of_conversation(self, conversation_id: str) -> list[tuple[str, bool]]:
        """(reason, alerted) of each hand-off of the conversation, oldest first."""
        return self._read(
            lambda session: [
                (reason, alerted is not None)
                for reason, alerted in session.execute(
                    select(Handoff.reason, Handoff.alerted_at)
                    .where(Handoff.conversation_id == conversation_id)
                    .order_by(Handoff.id)
                )
            ]
        )

    def forget_answers(self, lead_id: int, keys: Iterable[str]) -> int:
        """Deletes the answers to these questions, history included; how many rows."""
        keys = tuple(keys)
        return self._write(
            lambda session: (
                session.execute(delete(Answer).where(Answer.lead_id == lead_id, Answer.question_key.in_(keys))).rowcount
            )
        )
