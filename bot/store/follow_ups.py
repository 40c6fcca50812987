"""Follow-up in the database: each lead's next contact and owner, and the contacts reps log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.store.base import SqlStore, now
from bot.store.models import Answer, Lead, LeadTouch


@dataclass(frozen=True)
class Touch:
    lead_id: int
    rep: str
    channel: str
    note: str
    touched_at: datetime
    next_contact_on: date | None
    next_contact_channel: str | None = None


@dataclass(frozen=True)
class DueLead:
    lead_id: int
    company: str | None
    tier: str | None
    stage: str
    owner: str | None
    next_contact_on: date
    channel: str | None
    last_touch: Touch | None


class FollowUpStore(SqlStore):
    def schedule(self, lead_id: int, on: date | None, channel: str | None, unless_touched: bool = False) -> bool:
        """Set the lead's next contact (None: no next contact). With `unless_touched`, a lead a
        rep has already contacted keeps the date that contact set. True if it was set."""

        def work(session: Session) -> bool:
            if (
                unless_touched
                and session.execute(select(LeadTouch.id).where(LeadTouch.lead_id == lead_id).limit(1)).first()
            ):
                return False
            result = session.execute(
                update(Lead)
                .where(Lead.id == lead_id)
                .values(next_contact_on=on, next_contact_channel=channel if on else None, updated_at=now())
            )
            return bool(result.rowcount)

        return self._write(work)

    def log_touch(
        self, lead_id: int, rep: str, channel: str, note: str, next_on: date | None, next_channel: str | None
    ) -> Touch | None:
        """Record a contact and the next one it sets; the rep becomes the owner of a lead that had
        none. None if there is no such lead."""

        def work(session: Session) -> Touch | None:
            lead = session.get(Lead, lead_id)
            if lead is None:
                return None
            moment = now()
            row = LeadTouch(
                lead_id=lead_id,
                rep=rep,
                channel=channel,
                note=note,
                touched_at=moment,
                next_contact_on=next_on,
                next_contact_channel=next_channel if next_on else None,
            )
            session.add(row)
            lead.owner = lead.owner or rep
            lead.next_contact_on, lead.next_contact_channel = next_on, next_channel if next_on else None
            lead.updated_at = moment
            session.flush()
            return _touch(row)

        return self._write(work)

    def assign(self, lead_id: int, rep: str | None) -> bool:
        def work(session: Session) -> bool:
            result = session.execute(update(Lead).where(Lead.id == lead_id).values(owner=rep, updated_at=now()))
            return bool(result.rowcount)

        return self._write(work)

    def touches(self, lead_id: int) -> list[Touch]:
        def work(session: Session) -> list[Touch]:
            rows = session.execute(
                select(LeadTouch).where(LeadTouch.lead_id == lead_id).order_by(LeadTouch.id)
            ).scalars()
            return [_touch(row) for row in rows]

        return self._read(work)

    def due(self, by: date, rep: str | None = None) -> list[DueLead]:
        """Leads whose next contact is on or before `by`, most overdue first; `rep` keeps only the
        leads they own."""

        def work(session: Session) -> list[DueLead]:
            query = select(Lead).where(Lead.next_contact_on.is_not(None), Lead.next_contact_on <= by)
            if rep is not None:
                query = query.where(Lead.owner == rep)
            leads = list(session.execute(query.order_by(Lead.next_contact_on, Lead.id)).scalars())
            ids = [lead.id for lead in leads]
            companies = {
                lead_id: (normalised or {}).get("name")
                for lead_id, normalised in session.execute(
                    select(Answer.lead_id, Answer.normalised).where(
                        Answer.lead_id.in_(ids), Answer.question_key == "company", Answer.superseded_at.is_(None)
                    )
                )
            }
            last: dict[int, Touch] = {}
            for row in session.execute(
                select(LeadTouch).where(LeadTouch.lead_id.in_(ids)).order_by(LeadTouch.id)
            ).scalars():
                last[row.lead_id] = _touch(row)
            return [
                DueLead(
                    lead_id=lead.id,
                    company=companies.get(lead.id),
                    tier=lead.tier,
                    stage=lead.stage,
                    owner=lead.owner,
                    next_contact_on=lead.next_contact_on,
                    channel=lead.next_contact_channel,
                    last_touch=last.get(lead.id),
                )
                for lead in leads
            ]

        return self._read(work)


def _touch(row: LeadTouch) -> Touch:
    return Touch(
        lead_id=row.lead_id,
        rep=row.rep,
        channel=row.channel,
        note=row.note,
        touched_at=row.touched_at,
        next_contact_on=row.next_contact_on,
        next_contact_channel=row.next_contact_channel,
    )
