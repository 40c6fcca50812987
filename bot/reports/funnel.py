"""The funnel: the hot leads to call first, leads by stage and tier, started to won, channels,
and the days leads stay in each stage."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.answers.questions import COMPANY
from bot.playbook.stages import STAGES, WON
from bot.reports.period import (
    HOT_LEADS_SHOWN,
    NOT_SCORED,
    TIERS,
    Figures,
    LeadRow,
    Period,
    aware,
    of_leads_in,
    share,
)
from bot.store.models import (
    Answer,
    Lead,
    StageChange,
)


def hot_leads(session: Session, period: Period) -> Figures:
    """The hot leads to call first: highest score, then newest."""
    company = (
        select(Answer.lead_id, Answer.normalised)
        .where(Answer.question_key == COMPANY, Answer.superseded_at.is_(None), Answer.status == "answered")
        .subquery()
    )
    statement = of_leads_in(
        select(Lead.id, company.c.normalised, Lead.score, Lead.stage, Lead.channel, Lead.owner, Lead.created_at)
        .outerjoin(company, company.c.lead_id == Lead.id)
        .where(Lead.tier == "hot")
        .order_by(Lead.score.desc(), Lead.created_at.desc(), Lead.id.desc())
        .limit(HOT_LEADS_SHOWN),
        period,
    )
    rows = tuple(
        (
            lead_id,
            (named or {}).get("name") if isinstance(named, dict) else None,
            score,
            stage,
            channel,
            owner,
            aware(at).date().isoformat(),
        )
        for lead_id, named, score, stage, channel, owner, at in session.execute(statement)
    )
    return Figures("hot_leads", ("lead", "company", "score", "stage", "channel", "owner", "started"), rows)


def by_stage_and_tier(leads: dict[int, LeadRow]) -> Figures:
    counts = Counter((lead.stage, lead.tier) for lead in leads.values())
    rows = tuple(
        (
            stage,
            *(counts[stage, tier] for tier in (*TIERS, NOT_SCORED)),
            sum(counts[stage, t] for t in (*TIERS, NOT_SCORED)),
        )
        for stage in STAGES
    )
    return Figures("stages", ("stage", *TIERS, NOT_SCORED, "total"), rows)


def conversion(leads: dict[int, LeadRow]) -> Figures:
    """Started, then scored (qualified), then won: how many reached each step, and what share of
    the step before."""
    started = len(leads)
    scored = sum(lead.tier != NOT_SCORED for lead in leads.values())
    hot = sum(lead.tier == "hot" for lead in leads.values())
    won = sum(lead.stage in WON or lead.outcome == "won" for lead in leads.values())
    steps = (("started", started, None), ("scored", scored, started), ("hot", hot, scored), ("won", won, scored))
    return Figures(
        "conversion",
        ("step", "leads", "share_of_step_before"),
        tuple((s, n, share(n, b) if b is not None else None) for s, n, b in steps),
    )


def by_channel(leads: dict[int, LeadRow]) -> Figures:
    channels = sorted({lead.channel for lead in leads.values()})
    rows = tuple(
        (
            channel,
            sum(lead.channel == channel for lead in leads.values()),
            sum(lead.channel == channel and lead.tier != NOT_SCORED for lead in leads.values()),
            sum(lead.channel == channel and lead.tier == "hot" for lead in leads.values()),
        )
        for channel in channels
    )
    return Figures("channels", ("channel", "leads", "scored", "hot"), rows)


def time_in_stage(session: Session, period: Period) -> Figures:
    """Median days a lead stayed in a stage before it moved on (changes undone left out)."""
    changes: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    created: dict[int, datetime] = {}
    statement = of_leads_in(
        select(StageChange.lead_id, Lead.created_at, StageChange.changed_at, StageChange.stage)
        .join(Lead, Lead.id == StageChange.lead_id)
        .where(StageChange.undone_at.is_(None)),
        period,
    )
    for lead_id, started, at, stage in session.execute(statement):
        changes[lead_id].append((aware(at), stage))
        created[lead_id] = aware(started)
    stays: dict[str, list[float]] = defaultdict(list)
    for lead_id, moves in changes.items():
        moves.sort()
        entered, stage = created[lead_id], STAGES[0]
        for at, new_stage in moves:
            stays[stage].append((at - entered).total_seconds() / 86400)
            entered, stage = at, new_stage
    rows = tuple(
        (stage, len(stays[stage]), round(statistics.median(stays[stage]), 1) if stays[stage] else None)
        for stage in STAGES
        if stage in stays
    )
    return Figures("time_in_stage", ("stage", "moves", "median_days"), rows)
