"""What every table of the report shares: the period, a table of figures, how a figure is shown,
and the leads of the period.

A lead belongs to the period when it started in it (and to a rep when the rep looks after it);
objections, stage changes and rehearsals count when they happened in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.answers.questions import BANT_QUESTIONS, COMPANY, NEEDS_QUESTIONS
from bot.store.models import (
    Lead,
)

TIERS = ("hot", "warm", "cold", "unqualified")
NOT_SCORED = "not_scored"
QUESTIONS = (*BANT_QUESTIONS, COMPANY, *NEEDS_QUESTIONS)
UNPLACED = "unplaced"
HOT_LEADS_SHOWN = 20
UNPLACED_SHOWN = 20
UPCOMING_DAYS = 7
TEAM = "(team)"


@dataclass(frozen=True)
class Period:
    since: date | None = None
    until: date | None = None  # the last day counted
    rep: str | None = None
    today: date = field(default_factory=date.today)  # follow-ups are due as of this day

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        start = datetime.combine(self.since, time.min, timezone.utc) if self.since else None
        end = datetime.combine(self.until + timedelta(days=1), time.min, timezone.utc) if self.until else None
        return start, end


@dataclass(frozen=True)
class Figures:
    """One table: `key` names its title and file (wording `cli.report.tables.<key>`), `columns`
    its column names (`cli.report.columns.<column>`)."""

    key: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def shown(column: str, value: Any) -> str:
    """A figure as a person reads it: shares as percentages."""
    if isinstance(value, float) and column.startswith("share"):
        return f"{value:.0%}"
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class LeadRow:
    id: int
    conversation: str
    stage: str
    tier: str
    status: str
    channel: str
    outcome: str | None
    reasons: Sequence[dict[str, Any]]


def within(statement: Select, column: Any, period: Period) -> Select:
    start, end = period.bounds()
    if start is not None:
        statement = statement.where(column >= start)
    if end is not None:
        statement = statement.where(column < end)
    return statement


def of_leads_in(statement: Select, period: Period) -> Select:
    """`statement` (over a table with Lead joined) kept to the period's leads."""
    statement = within(statement, Lead.created_at, period)
    return statement.where(Lead.owner == period.rep) if period.rep else statement


def leads_of(session: Session, period: Period) -> dict[int, LeadRow]:
    statement = of_leads_in(select(Lead), period)
    return {
        lead.id: LeadRow(
            id=lead.id,
            conversation=lead.conversation_id,
            stage=lead.stage,
            tier=lead.tier or NOT_SCORED,
            status=lead.status,
            channel=lead.channel or "-",
            outcome=lead.outcome,
            reasons=lead.score_reasons or (),
        )
        for lead in session.scalars(statement)
    }


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes for what was stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
