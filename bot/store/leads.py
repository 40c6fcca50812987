"""The lead store: every answer a prospect gives, written as it is given.

A correction never overwrites: the old answer is marked superseded and a new revision is
added, so `answer_history` shows what the prospect said first and what they changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.playbook.stages import CLOSED, FIRST_STAGE, KEEPS_OUTCOME, OUTCOME_OF, OUTCOMES, STAGES
from bot.store.base import SqlStore, now
from bot.store.models import Answer, BuyingSignal, Lead, ObjectionOccurrence, ResponseUse, StageChange


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    lead_id: int
    conversation_id: str
    question_key: str
    raw_text: str
    normalised: dict[str, Any] | None
    status: str
    revision: int
    created_at: datetime
    superseded_at: datetime | None

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


@dataclass(frozen=True)
class StageRecord:
    stage: str
    changed_at: datetime
    changed_by: str | None
    note: str | None
    technique_recommended: str | None
    technique_used: str | None
    undone_at: datetime | None = None


def _stage_record(row: StageChange) -> StageRecord:
    return StageRecord(
        row.stage,
        row.changed_at,
        row.changed_by,
        row.note,
        row.technique_recommended,
        row.technique_used,
        row.undone_at,
    )


@dataclass(frozen=True)
class LeadRecord:
    id: int
    conversation_id: str
    channel: str | None
    status: str
    created_at: datetime
    updated_at: datetime
    score: int | None
    tier: str | None
    score_reasons: list[dict[str, Any]] | None
    scoring_version: str | None
    outcome: str | None = None
    stage: str = FIRST_STAGE
    owner: str | None = None  # the rep who looks after it
    next_contact_on: date | None = None
    next_contact_channel: str | None = None
    consent_at: datetime | None = None
    consent_wording: str | None = None


def _answer_record(row: Answer) -> AnswerRecord:
    return AnswerRecord(
        id=row.id,
        lead_id=row.lead_id,
        conversation_id=row.conversation_id,
        question_key=row.question_key,
        raw_text=row.raw_text,
        normalised=row.normalised,
        status=row.status,
        revision=row.revision,
        created_at=row.created_at,
        superseded_at=row.superseded_at,
    )


def _lead_record(row: Lead) -> LeadRecord:
    return LeadRecord(
        id=row.id,
        conversation_id=row.conversation_id,
        channel=row.channel,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        score=row.score,
        tier=row.tier,
        score_reasons=row.score_reasons,
        scoring_version=row.scoring_version,
        outcome=row.outcome,
        stage=row.stage,
        owner=row.owner,
        next_contact_on=row.next_contact_on,
        next_contact_channel=row.next_contact_channel,
        consent_at=row.consent_at,
        consent_wording=row.consent_wording,
    )


class LeadStore(SqlStore):
    # --- leads -----------------------------------------------------------------------

    def start_lead(self, conversation_id: str, channel: str | None = None, consent_wording: str | None = None) -> int:
        """A new lead; `consent_wording` fingerprints what the prospect agreed to (None when a rep
        qualifies the lead on a call)."""

        def work(session: Session) -> int:
            moment = now()
            lead = Lead(
                conversation_id=conversation_id,
                channel=channel,
                status="in_progress",
                stage=FIRST_STAGE,
                created_at=moment,
                updated_at=moment,
                consent_at=moment if consent_wording else None,
                consent_wording=consent_wording,
            )
            session.add(lead)
            session.flush()
            session.add(StageChange(lead_id=lead.id, stage=FIRST_STAGE, changed_at=moment, changed_by="assistant"))
            # What was said before the prospect agreed to qualify belongs to this lead too.
            for table in (ObjectionOccurrence, ResponseUse, BuyingSignal):
                session.execute(
                    update(table)
                    .where(table.conversation_id == conversation_id, table.lead_id.is_(None))
                    .values(lead_id=lead.id)
                )
            return lead.id

        return self._write(work)

    def set_status(self, lead_id: int, status: str) -> None:
        self._write(
            lambda session: session.execute(
                update(Lead).where(Lead.id == lead_id).values(status=status, updated_at=now())
            )
        )

    def save_score(
        self, lead_id: int, score: int, tier: str, reasons: list[dict[str, Any]], scoring_version: str
    ) -> None:
        moment = now()
        self._write(
            lambda session: session.execute(
                update(Lead)
                .where(Lead.id == lead_id)
                .values(
                    score=score,
                    tier=tier,
                    score_reasons=reasons,
                    scoring_version=scoring_version,
                    scored_at=moment,
                    updated_at=moment,
                    status="completed",
                )
            )
        )

    def set_outcome(self, lead_id: int, outcome: str | None) -> bool:
        """Record how the deal ended (won, lost, or None to clear); False if there is no such lead."""
        if outcome not in (None, *OUTCOMES):
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
        moment = now()
        result = self._write(
            lambda session: session.execute(
                update(Lead)
                .where(Lead.id == lead_id)
                .values(outcome=outcome, outcome_at=moment if outcome else None, updated_at=moment)
            )
        )
        return result.rowcount > 0

    def set_stage(
        self,
        lead_id: int,
        stage: str,
        changed_by: str | None = None,
        note: str | None = None,
        technique_recommended: str | None = None,
        technique_used: str | None = None,
    ) -> bool:
        """Move the lead to `stage`, keeping the history; a closed stage sets the outcome. False
        if there is no such lead."""
        if stage not in STAGES:
            raise ValueError(f"stage must be one of {', '.join(STAGES)}")

        def work(session: Session) -> bool:
            lead = session.get(Lead, lead_id)
            if lead is None:
                return False
            moment = now()
            closed = stage in CLOSED
            session.add(
                StageChange(
                    lead_id=lead_id,
                    stage=stage,
                    changed_at=moment,
                    changed_by=changed_by,
                    note=note,
                    technique_recommended=technique_recommended if closed else None,
                    technique_used=technique_used if closed else None,
                )
            )
            lead.stage, lead.updated_at = stage, moment
            if closed:
                lead.outcome, lead.outcome_at = OUTCOME_OF[stage], moment
            elif stage != KEEPS_OUTCOME:
                lead.outcome, lead.outcome_at = None, None
            return True

        return self._write(work)

    def undo_stage(self, lead_id: int, undone_by: str | None = None) -> StageRecord | None:
        """Undo the lead's latest stage change that is not undone yet (never the first, "found"):
        the lead's stage and outcome become what the changes left make them. Returns the change
        undone, or None when there is nothing to undo (or no such lead)."""

        def work(session: Session) -> StageRecord | None:
            lead = session.get(Lead, lead_id)
            if lead is None:
                return None
            kept = list(
                session.execute(
                    select(StageChange)
                    .where(StageChange.lead_id == lead_id, StageChange.undone_at.is_(None))
                    .order_by(StageChange.id)
                ).scalars()
            )
            if len(kept) < 2:
                return None
            undone, kept = kept[-1], kept[:-1]
            moment = now()
            undone.undone_at, undone.undone_by = moment, undone_by
            lead.stage, lead.updated_at = kept[-1].stage, moment
            lead.outcome, lead.outcome_at = None, None
            for change in kept:  # the outcome as set_stage would have left it
                if change.stage in CLOSED:
                    lead.outcome, lead.outcome_at = OUTCOME_OF[change.stage], change.changed_at
                elif change.stage != KEEPS_OUTCOME:
                    lead.outcome, lead.outcome_at = None, None
            return _stage_record(undone)

        return self._write(work)

    def stage_history(self, lead_id: int) -> list[StageRecord]:
        def work(session: Session) -> list[StageRecord]:
            rows = session.execute(
                select(StageChange).where(StageChange.lead_id == lead_id).order_by(StageChange.id)
            ).scalars()
            return [_stage_record(r) for r in rows]

        return self._read(work)

    def closed_deals(self) -> list[StageRecord]:
        """The latest closed stage of every lead whose deal is closed now."""

        def work(session: Session) -> list[StageRecord]:
            latest = (
                select(StageChange.lead_id, func.max(StageChange.id).label("id"))
                .join(Lead, Lead.id == StageChange.lead_id)
                .where(
                    StageChange.stage.in_(CLOSED),
                    StageChange.undone_at.is_(None),
                    Lead.stage.in_(CLOSED + (KEEPS_OUTCOME,)),
                )
                .group_by(StageChange.lead_id)
                .subquery()
            )
            rows = session.execute(
                select(StageChange).join(latest, StageChange.id == latest.c.id).order_by(StageChange.lead_id)
            ).scalars()
            return [_stage_record(r) for r in rows]

        return self._read(work)

    def record_buying_signal(self, conversation_id: str, lead_id: int | None, text: str) -> None:
        self._write(
            lambda session: session.add(
                BuyingSignal(conversation_id=conversation_id, lead_id=lead_id, text=text, created_at=now())
            )
        )

    def buying_signals(self, lead_id: int) -> list[str]:
        return self._read(
            lambda session: list(
                session.execute(
                    select(BuyingSignal.text).where(BuyingSignal.lead_id == lead_id).order_by(BuyingSignal.id)
                ).scalars()
            )
        )

    def companies(self) -> dict[int, str]:
        """Lead id -> company name, from the current answers to the company question."""

        def work(session: Session) -> dict[int, str]:
            rows = session.execute(
                select(Answer.lead_id, Answer.normalised).where(
                    Answer.question_key == "company", Answer.superseded_at.is_(None), Answer.status == "answered"
                )
            )
            return {lead_id: value["name"] for lead_id, value in rows if isinstance(value, dict) and value.get("name")}

        return self._read(work)

    def get_lead(self, lead_id: int) -> LeadRecord | None:
        def work(session: Session) -> LeadRecord | None:
            row = session.get(Lead, lead_id)
            return _lead_record(row) if row else None

        return self._read(work)

    def latest_lead_of(self, conversation_id: str) -> int | None:
        """The newest lead a conversation started, if any."""
        return self._read(
            lambda session: session.scalars(
                select(Lead.id).where(Lead.conversation_id == conversation_id).order_by(Lead.id.desc()).limit(1)
            ).first()
        )

    def list_leads(self, tier: str | None = None) -> list[LeadRecord]:
        def work(session: Session) -> list[LeadRecord]:
            query = select(Lead).order_by(Lead.id)
            if tier:
                query = query.where(Lead.tier == tier)
            return [_lead_record(row) for row in session.execute(query).scalars()]

        return self._read(work)

    # --- answers ---------------------------------------------------------------------

    def record_answer(
        self,
        lead_id: int,
        conversation_id: str,
        question_key: str,
        raw_text: str,
        normalised: dict[str, Any] | None,
        status: str = "answered",
    ) -> AnswerRecord:
        """Store an answer; an earlier answer to the same question becomes history."""

        def work(session: Session) -> AnswerRecord:
            moment = now()
            current_filter = (
                Answer.lead_id == lead_id,
                Answer.question_key == question_key,
                Answer.superseded_at.is_(None),
            )
            last_revision = session.execute(
                select(func.max(Answer.revision)).where(Answer.lead_id == lead_id, Answer.question_key == question_key)
            ).scalar()
            session.execute(update(Answer).where(*current_filter).values(superseded_at=moment))
            answer = Answer(
                lead_id=lead_id,
                conversation_id=conversation_id,
                question_key=question_key,
                raw_text=raw_text,
                normalised=normalised,
                status=status,
                revision=(last_revision or 0) + 1,
                created_at=moment,
            )
            session.add(answer)
            session.execute(update(Lead).where(Lead.id == lead_id).values(updated_at=moment))
            session.flush()
            return _answer_record(answer)

        return self._write(work)

    def current_answers(self, lead_id: int) -> dict[str, AnswerRecord]:
        def work(session: Session) -> dict[str, AnswerRecord]:
            rows = session.execute(
                select(Answer).where(Answer.lead_id == lead_id, Answer.superseded_at.is_(None))
            ).scalars()
            return {row.question_key: _answer_record(row) for row in rows}

        return self._read(work)

    def answer_history(self, lead_id: int) -> list[AnswerRecord]:
        def work(session: Session) -> list[AnswerRecord]:
            rows = session.execute(
                select(Answer).where(Answer.lead_id == lead_id).order_by(Answer.question_key, Answer.revision)
            ).scalars()
            return [_answer_record(row) for row in rows]

        return self._read(work)
