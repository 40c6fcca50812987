"""Objections: by category, waiting to be placed, how each library answer fared, and by week."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.reports.period import (
    UNPLACED,
    UNPLACED_SHOWN,
    Figures,
    Period,
    aware,
    within,
)
from bot.store.models import (
    Lead,
    ObjectionOccurrence,
    ObjectionResponse,
    ResponseUse,
)


def objection_categories(session: Session, period: Period) -> Figures:
    """Per category: heard (from prospects and quoted by reps), answered from the library, marked
    helpful, heard in deals later won, and raised by hot leads."""
    uses = (
        select(
            ResponseUse.occurrence_id,
            func.sum(case((ResponseUse.feedback == "helpful", 1), else_=0)).label("helpful"),
        )
        .group_by(ResponseUse.occurrence_id)
        .subquery()
    )
    statement = within(
        select(ObjectionOccurrence.category_id, Lead.outcome, Lead.tier, uses.c.occurrence_id, uses.c.helpful)
        .outerjoin(Lead, Lead.id == ObjectionOccurrence.lead_id)
        .outerjoin(uses, uses.c.occurrence_id == ObjectionOccurrence.id),
        ObjectionOccurrence.created_at,
        period,
    )
    if period.rep:
        statement = statement.where(Lead.owner == period.rep)
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for category, outcome, tier, answered, helpful in session.execute(statement):
        counts = tally[category or UNPLACED]
        counts["heard"] += 1
        counts["answered"] += answered is not None
        counts["helpful"] += helpful or 0
        counts["in_won_deals"] += outcome == "won"
        counts["from_hot_leads"] += tier == "hot"
    columns = ("heard", "answered", "helpful", "in_won_deals", "from_hot_leads")
    rows = tuple(
        (category, *(tally[category][column] for column in columns))
        for category in sorted(tally, key=lambda c: (c == UNPLACED, c))
    )
    return Figures("objections", ("category", *columns), rows)


def unplaced(session: Session, period: Period) -> Figures:
    """The objections waiting for the team to place them (`salesbot objections assign`), newest
    first, as they were said."""
    statement = within(
        select(
            ObjectionOccurrence.id,
            ObjectionOccurrence.created_at,
            ObjectionOccurrence.lead_id,
            ObjectionOccurrence.text,
        )
        .outerjoin(Lead, Lead.id == ObjectionOccurrence.lead_id)
        .where(ObjectionOccurrence.category_id.is_(None))
        .order_by(ObjectionOccurrence.created_at.desc(), ObjectionOccurrence.id.desc())
        .limit(UNPLACED_SHOWN),
        ObjectionOccurrence.created_at,
        period,
    )
    if period.rep:
        statement = statement.where(Lead.owner == period.rep)
    rows = tuple(
        (number, aware(at).date().isoformat(), lead_id, said)
        for number, at, lead_id, said in session.execute(statement)
    )
    return Figures("unplaced", ("objection", "heard_on", "lead", "said"), rows)


def responses(session: Session, period: Period) -> Figures:
    """Per library response shown in the period: how often, marked helpful or not, and shown in
    deals later won or lost."""
    statement = within(
        select(ObjectionResponse.key, ObjectionResponse.category_id, ResponseUse.feedback, Lead.outcome)
        .join(ObjectionResponse, ObjectionResponse.id == ResponseUse.response_id)
        .outerjoin(Lead, Lead.id == ResponseUse.lead_id),
        ResponseUse.shown_at,
        period,
    )
    if period.rep:
        statement = statement.where(Lead.owner == period.rep)
    tally: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for key, category, feedback, outcome in session.execute(statement):
        counts = tally[key, category]
        counts["shown"] += 1
        counts["helpful"] += feedback == "helpful"
        counts["not_helpful"] += feedback == "not_helpful"
        counts["in_won_deals"] += outcome == "won"
        counts["in_lost_deals"] += outcome == "lost"
    columns = ("shown", "helpful", "not_helpful", "in_won_deals", "in_lost_deals")
    rows = tuple(
        (key, category, *(tally[key, category][column] for column in columns))
        for key, category in sorted(tally, key=lambda k: (-tally[k]["shown"], k))
    )
    return Figures("responses", ("response", "category", *columns), rows)


def objections_by_week(session: Session, period: Period) -> Figures:
    statement = within(
        select(ObjectionOccurrence.created_at, ObjectionOccurrence.category_id), ObjectionOccurrence.created_at, period
    )
    counts: Counter[tuple[str, str]] = Counter()
    for at, category in session.execute(statement):
        year, week, _ = aware(at).isocalendar()
        counts[f"{year}-W{week:02d}", category or UNPLACED] += 1
    rows = tuple((week, category, n) for (week, category), n in sorted(counts.items()))
    return Figures("objections_by_week", ("week", "category", "heard"), rows)
