"""Rehearsal: per rep, and per week for each rep and the team."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.reports.period import (
    TEAM,
    Figures,
    Period,
    aware,
    share,
    within,
)
from bot.store.models import (
    Rehearsal,
    RehearsalTurn,
)


def judged_replies(period: Period, *columns: Any) -> Select:
    """`columns` of the replies the rubric judged in rehearsals started within `period`
    (of its rep only, if it names one)."""
    statement = within(
        select(*columns)
        .join(RehearsalTurn, RehearsalTurn.rehearsal_id == Rehearsal.id)
        .where(RehearsalTurn.kind == "replied", RehearsalTurn.possible > 0),
        Rehearsal.started_at,
        period,
    )
    return statement.where(Rehearsal.rep == period.rep) if period.rep else statement


def rehearsals(session: Session, period: Period) -> Figures:
    """Per rep: rehearsals, replies judged, the share of the rubric's points they earned, and
    the objection category where they earned the smallest share."""
    statement = judged_replies(
        period, Rehearsal.id, Rehearsal.rep, RehearsalTurn.category, RehearsalTurn.score, RehearsalTurn.possible
    )
    points: dict[str, Counter[str]] = defaultdict(Counter)
    possible: dict[str, Counter[str]] = defaultdict(Counter)
    sessions: dict[str, set[int]] = defaultdict(set)
    replies: Counter[str] = Counter()
    for rehearsal, rep, category, score, most in session.execute(statement):
        points[rep][category] += score or 0
        possible[rep][category] += most
        sessions[rep].add(rehearsal)
        replies[rep] += 1
    rows = tuple(
        (
            rep,
            len(sessions[rep]),
            replies[rep],
            share(sum(points[rep].values()), sum(possible[rep].values())),
            min(possible[rep], key=lambda c: (points[rep][c] / possible[rep][c], c)),
        )
        for rep in sorted(sessions)
    )
    return Figures("rehearsals", ("rep", "rehearsals", "replies", "share_of_points", "weakest_category"), rows)


def rehearsal_weeks(session: Session, period: Period) -> Figures:
    """Per week and rep: replies judged and the share of the rubric's points earned."""
    statement = judged_replies(period, Rehearsal.rep, Rehearsal.started_at, RehearsalTurn.score, RehearsalTurn.possible)
    points: Counter[tuple[str, str]] = Counter()
    possible: Counter[tuple[str, str]] = Counter()
    replies: Counter[tuple[str, str]] = Counter()
    for rep, started, score, most in session.execute(statement):
        year, number, _ = aware(started).isocalendar()
        key = (f"{year}-W{number:02d}", rep)
        points[key] += score or 0
        possible[key] += most
        replies[key] += 1
    rows: list[tuple[Any, ...]] = []
    for week in sorted({week for week, _ in replies}):
        keys = [(week, rep) for rep in sorted(rep for each_week, rep in replies if each_week == week)]
        rows += [(*key, replies[key], share(points[key], possible[key])) for key in keys]
        if len(keys) > 1:  # the team's week: every reply of every rep
            earned, most = sum(points[k] for k in keys), sum(possible[k] for k in keys)
            rows.append((week, TEAM, sum(replies[k] for k in keys), share(earned, most)))
    return Figures("rehearsal_weeks", ("week", "rep", "replies", "share_of_points"), tuple(rows))
