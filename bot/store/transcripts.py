"""Conversations as Rasa's SQL tracker store keeps them (table `events`, in the same database as
the leads when endpoints.yml points the tracker store there): what the user and the assistant
said, in order. Read with plain SQL: the table is Rasa's, and only its stable columns are used
(sender_id, type_name, timestamp, data)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from bot.store.base import SqlStore

EVENTS_TABLE = "events"
USER, BOT = "user", "bot"


@dataclass(frozen=True)
class Line:
    at: datetime
    speaker: str  # user or bot
    text: str


class TranscriptStore(SqlStore):
    def kept(self) -> bool:
        """Whether this database holds Rasa's conversations at all."""
        return self._read(lambda session: inspect(session.get_bind()).has_table(EVENTS_TABLE))

    def transcript(self, conversation_id: str) -> list[Line]:
        """What was said in one conversation, oldest first; buttons and images as their text."""

        def work(session: Session) -> list[Line]:
            rows = session.execute(
                text(
                    "SELECT type_name, timestamp, data FROM events "
                    "WHERE sender_id = :sender AND type_name IN ('user', 'bot') ORDER BY id"
                ),
                {"sender": conversation_id},
            )
            lines = []
            for kind, stamp, data in rows:
                said = (json.loads(data) if data else {}).get("text")
                if said:
                    lines.append(Line(datetime.fromtimestamp(float(stamp), timezone.utc), kind, said))
            return lines

        return self._read(work) if self.kept() else []
