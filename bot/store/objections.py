"""What the assistant heard and showed: every objection raised (placed in a category or not),
every library answer given, the verdicts on them, and the figures that rank the answers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.playbook.objections import SPEAKERS
from bot.playbook.ranking import FEEDBACK, ResponseStats
from bot.playbook.stages import OUTCOMES
from bot.store.base import SqlStore, now
from bot.store.models import (
    Lead,
    ObjectionCategory,
    ObjectionOccurrence,
    ObjectionResponse,
    ResponseUse,
)


@dataclass(frozen=True)
class Occurrence:
    id: int
    conversation_id: str
    lead_id: int | None
    speaker: str
    text: str
    category_id: str | None
    predicted_category: str | None
    confidence: float | None
    created_at: datetime
    assigned_at: datetime | None
    reply: str | None = None


@dataclass(frozen=True)
class Use:
    """A library response shown to someone, and the verdict on it, if any."""

    id: int
    response_key: str
    conversation_id: str
    lead_id: int | None
    shown_at: datetime
    feedback: str | None
    feedback_by: str | None  # prospect or rep
    feedback_from: str | None  # which rep


def _occurrence(row: ObjectionOccurrence) -> Occurrence:
    return Occurrence(
        id=row.id,
        conversation_id=row.conversation_id,
        lead_id=row.lead_id,
        speaker=row.speaker,
        text=row.text,
        category_id=row.category_id,
        predicted_category=row.predicted_category,
        confidence=row.confidence,
        created_at=row.created_at,
        assigned_at=row.assigned_at,
        reply=row.reply,
    )


class ObjectionStore(SqlStore):
    """Every objection heard and every library answer shown, with how it was received."""

    def record_occurrence(
        self,
        conversation_id: str,
        lead_id: int | None,
        speaker: str,
        text: str,
        category_id: str | None,
        predicted_category: str | None,
        confidence: float | None,
    ) -> int:
        if speaker not in SPEAKERS:
            raise ValueError(f"speaker must be one of {', '.join(SPEAKERS)}")

        def work(session: Session) -> int:
            row = ObjectionOccurrence(
                conversation_id=conversation_id,
                lead_id=lead_id,
                speaker=speaker,
                text=text,
                category_id=category_id,
                predicted_category=predicted_category,
                confidence=confidence,
                created_at=now(),
            )
            session.add(row)
            session.flush()
            return row.id

        return self._write(work)

    def record_reply(self, occurrence_id: int, text: str) -> bool:
        """Keep the prospect's reply to the question a library answer asked; False if there is
        no such occurrence."""

        def work(session: Session) -> bool:
            row = session.get(ObjectionOccurrence, occurrence_id)
            if row is None:
                return False
            row.reply = text
            return True

        return self._write(work)

    def record_use(
        self, response_key: str, conversation_id: str, lead_id: int | None, occurrence_id: int | None
    ) -> int:
        def work(session: Session) -> int:
            response_id = session.execute(
                select(ObjectionResponse.id).where(ObjectionResponse.key == response_key)
            ).scalar_one()
            row = ResponseUse(
                response_id=response_id,
                occurrence_id=occurrence_id,
                conversation_id=conversation_id,
                lead_id=lead_id,
                shown_at=now(),
            )
            session.add(row)
            session.flush()
            return row.id

        return self._write(work)

    def record_feedback(self, conversation_id: str, verdict: str, by: str, who: str | None = None) -> str | None:
        """The verdict of a prospect or a rep (`by`; `who`: which rep) on the response shown last
        in this conversation (of several shown at once, the top one); its key, or None if nothing
        was shown."""
        if verdict not in FEEDBACK:
            raise ValueError(f"feedback must be one of {', '.join(FEEDBACK)}")
        if by not in SPEAKERS:
            raise ValueError(f"feedback is given by one of {', '.join(SPEAKERS)}")

        def work(session: Session) -> str | None:
            row = session.execute(
                select(ResponseUse)
                .where(ResponseUse.conversation_id == conversation_id)
                .order_by(ResponseUse.id.desc())
                .limit(1)
            ).scalar()
            if row is None:
                return None
            if row.occurrence_id is not None:
                # Answers shown together (a rep gets the top two): the verdict is on the top one.
                row = session.execute(
                    select(ResponseUse)
                    .where(ResponseUse.occurrence_id == row.occurrence_id)
                    .order_by(ResponseUse.id)
                    .limit(1)
                ).scalar_one()
            row.feedback, row.feedback_at, row.feedback_by, row.feedback_from = verdict, now(), by, who
            return session.get(ObjectionResponse, row.response_id).key

        return self._write(work)

    def response_stats(self) -> dict[str, ResponseStats]:
        """Per response key: times shown, verdicts of reps and reactions of prospects, won and lost
        leads, and how many different conversations and deals that evidence came from."""

        def work(session: Session) -> dict[str, ResponseStats]:
            counts: dict[str, Counter[str]] = {}
            sources: dict[str, set[tuple[str, object]]] = {}
            rows = session.execute(
                select(
                    ObjectionResponse.key,
                    ResponseUse.feedback,
                    ResponseUse.feedback_by,
                    ResponseUse.conversation_id,
                    Lead.outcome,
                    ResponseUse.lead_id,
                )
                .join(ResponseUse, ResponseUse.response_id == ObjectionResponse.id)
                .outerjoin(Lead, Lead.id == ResponseUse.lead_id)
            )
            for key, feedback, by, conversation_id, outcome, lead_id in rows:
                c = counts.setdefault(key, Counter())
                evidence = sources.setdefault(key, set())
                c["uses"] += 1
                if feedback in FEEDBACK:
                    c[f"prospect_{feedback}" if by == "prospect" else feedback] += 1
                    evidence.add(("conversation", conversation_id))
                if outcome in OUTCOMES and ("lead", lead_id) not in evidence:
                    # A lead counts once per response however often the response was shown.
                    c[outcome] += 1
                    evidence.add(("lead", lead_id))
            return {
                key: ResponseStats(
                    uses=c["uses"],
                    helpful=c["helpful"],
                    not_helpful=c["not_helpful"],
                    prospect_helpful=c["prospect_helpful"],
                    prospect_not_helpful=c["prospect_not_helpful"],
                    won=c["won"],
                    lost=c["lost"],
                    sources=len(sources[key]),
                )
                for key, c in counts.items()
            }

        return self._read(work)

    def uses(self) -> list[Use]:
        def work(session: Session) -> list[Use]:
            rows = session.execute(
                select(ResponseUse, ObjectionResponse.key)
                .join(ObjectionResponse, ObjectionResponse.id == ResponseUse.response_id)
                .order_by(ResponseUse.id)
            )
            return [
                Use(u.id, key, u.conversation_id, u.lead_id, u.shown_at, u.feedback, u.feedback_by, u.feedback_from)
                for u, key in rows
            ]

        return self._read(work)

    def occurrence_counts(self) -> dict[str | None, int]:
        """Objections heard per category (None: unplaced)."""
        return self._read(
            lambda session: dict(
                session.execute(
                    select(ObjectionOccurrence.category_id, func.count()).group_by(ObjectionOccurrence.category_id)
                ).all()
            )
        )

    def occurrences(self, lead_id: int | None = None, unplaced_only: bool = False) -> list[Occurrence]:
        def work(session: Session) -> list[Occurrence]:
            query = select(ObjectionOccurrence).order_by(ObjectionOccurrence.id)
            if lead_id is not None:
                query = query.where(ObjectionOccurrence.lead_id == lead_id)
            if unplaced_only:
                query = query.where(ObjectionOccurrence.category_id.is_(None))
            return [_occurrence(row) for row in session.execute(query).scalars()]

        return self._read(work)

    def heard_from_lead(self, lead_id: int) -> list[tuple[Occurrence, bool]]:
        """(occurrence, answered) for each objection the lead raised; answered means a library
        response was given and not rated "not helpful"."""

        def work(session: Session) -> list[tuple[Occurrence, bool]]:
            rows = list(
                session.execute(
                    select(ObjectionOccurrence)
                    .where(ObjectionOccurrence.lead_id == lead_id, ObjectionOccurrence.speaker == "prospect")
                    .order_by(ObjectionOccurrence.id)
                ).scalars()
            )
            uses: dict[int, list[str | None]] = {}
            for occurrence_id, feedback in session.execute(
                select(ResponseUse.occurrence_id, ResponseUse.feedback).where(ResponseUse.lead_id == lead_id)
            ):
                uses.setdefault(occurrence_id, []).append(feedback)
            return [(_occurrence(row), bool(uses.get(row.id)) and "not_helpful" not in uses[row.id]) for row in rows]

        return self._read(work)

    def assign(self, occurrence_id: int, category_id: str) -> Occurrence | None:
        """Place an objection in a category; None if there is no such occurrence."""

        def work(session: Session) -> Occurrence | None:
            if session.get(ObjectionCategory, category_id) is None:
                raise KeyError(f"no objection category {category_id!r}")
            row = session.get(ObjectionOccurrence, occurrence_id)
            if row is None:
                return None
            row.category_id, row.assigned_at = category_id, now()
            session.flush()
            return _occurrence(row)

        return self._write(work)
