"""Closing and follow-up: the techniques recommended, used and won with, and the leads due for
contact per rep."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.playbook.stages import WON
from bot.reports.period import (
    UPCOMING_DAYS,
    Figures,
    Period,
    within,
)
from bot.store.models import (
    Lead,
    StageChange,
)


def techniques(session: Session, period: Period) -> Figures:
    """Closing techniques at each close: how often the advisor recommended it, a rep used it, and
    a deal was won with it."""
    statement = within(
        select(StageChange.stage, StageChange.technique_recommended, StageChange.technique_used, StageChange.lead_id)
        .where(StageChange.undone_at.is_(None))
        .where(StageChange.technique_recommended.is_not(None) | StageChange.technique_used.is_not(None)),
        StageChange.changed_at,
        period,
    )
    if period.rep:
        statement = statement.where(StageChange.lead_id.in_(select(Lead.id).where(Lead.owner == period.rep)))
    recommended: Counter[str] = Counter()
    used: Counter[str] = Counter()
    won: Counter[str] = Counter()
    for stage, advised, chosen, _ in session.execute(statement):
        if advised:
            recommended[advised] += 1
        if chosen:
            used[chosen] += 1
            won[chosen] += stage in WON
    rows = tuple(
        (technique, recommended[technique], used[technique], won[technique])
        for technique in sorted(set(recommended) | set(used))
    )
    return Figures("techniques", ("technique", "recommended", "used", "won"), rows)


def follow_ups(session: Session, period: Period) -> Figures:
    """Per rep, as of today: leads overdue for contact, due today, and due in the next week (the
    leads nobody looks after yet under no rep). Not limited to the period: it is today's work."""
    statement = select(Lead.owner, Lead.next_contact_on).where(Lead.next_contact_on.is_not(None))
    if period.rep:
        statement = statement.where(Lead.owner == period.rep)
    due: dict[str | None, Counter[str]] = defaultdict(Counter)
    for owner, on in session.execute(statement):
        if on < period.today:
            due[owner]["overdue"] += 1
        elif on == period.today:
            due[owner]["due_today"] += 1
        elif on <= period.today + timedelta(days=UPCOMING_DAYS):
            due[owner]["next_week"] += 1
    columns = ("overdue", "due_today", "next_week")
    rows = tuple(
        (owner, *(due[owner][column] for column in columns))
        for owner in sorted(due, key=lambda o: (o is None, o or ""))
        if any(due[owner].values())
    )
    return Figures("follow_ups", ("rep", *columns), rows)
