"""What the assistant heard and showed: every objection raised (placed in a category or not),
every library answer given, the verdicts on them, and the figures that rank the answers."""

from __future__ import annotations

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

    def record_feedback(self, conversation_id: str, verdict: str) -> str | None:
        """The verdict on the response shown last in this conversation (of several shown at
        once, the top one); its key, or None if nothing was shown."""
        if verdict not in FEEDBACK:
            raise ValueError(f"feedback must be one of {', '.join(FEEDBACK)}")

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
                ).scalar()
            row.feedback, row.feedback_at = verdict, now()
            return session.get(ObjectionResponse, row.response_id).key

        return self._write(work)

    def response_stats(self) -> dict[str, ResponseStats]:
        """Per response key: times shown, helpful / not helpful verdicts, won / lost leads."""

        def work(session: Session) -> dict[str, ResponseStats]:
            counts: dict[str, dict[str, int]] = {}
            rows = session.execute(
                select(ObjectionResponse.key, ResponseUse.feedback, Lead.outcome, ResponseUse.lead_id)
                .join(ResponseUse, ResponseUse.response_id == ObjectionResponse.id)
                .outerjoin(Lead, Lead.id == ResponseUse.lead_id)
            )
            outcome_leads: dict[str, dict[str, set]] = {}
            for key, feedback, outcome, lead_id in rows:
                c = counts.setdefault(key, {"uses": 0, "helpful": 0, "not_helpful": 0})
                c["uses"] += 1
                if feedback in FEEDBACK:
                    c[feedback] += 1
                if outcome in OUTCOMES:
                    # A lead counts once per response however often the response was shown.
                    outcome_leads.setdefault(key, {"won": set(), "lost": set()})[outcome].add(lead_id)
            return {
                key: ResponseStats(
                    uses=c["uses"],
                    helpful=c["helpful"],
                    not_helpful=c["not_helpful"],
                    won=len(outcome_leads.get(key, {}).get("won", ())),
                    lost=len(outcome_leads.get(key, {}).get("lost", ())),
                )
                for key, c in counts.items()
            }

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
