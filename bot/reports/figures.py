"""The manager's figures over a period, as plain tables: what `salesbot report` prints, exports
and draws. Each table is computed from the lead database (and Rasa's tracker store where it
keeps its conversations there), one module per section; the words around the figures are in
playbook/wording.yml (`cli.report`)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.playbook.stages import CLOSED
from bot.reports.blocked import blocked_deals
from bot.reports.closing import follow_ups, techniques
from bot.reports.funnel import by_channel, by_stage_and_tier, conversion, hot_leads, time_in_stage
from bot.reports.objections import objection_categories, objections_by_week, responses, unplaced
from bot.reports.period import UNPLACED, Figures, Period, leads_of, of_leads_in, shown
from bot.reports.qualification import criteria_met, question_trouble, questions
from bot.reports.rehearsal import rehearsal_weeks, rehearsals
from bot.settings import Settings
from bot.store.base import SqlStore
from bot.store.models import (
    Lead,
)

__all__ = ["SECTIONS", "UNPLACED", "Figures", "Period", "ReportStore", "report", "shown"]

# The report's sections and their tables, in the order they are read.
SECTIONS = {
    "funnel": ("hot_leads", "stages", "conversion", "channels", "time_in_stage"),
    "qualification": ("questions", "question_trouble", "criteria"),
    "objections": ("objections", "unplaced", "responses", "objections_by_week"),
    "closing": ("techniques", "blocked"),
    "follow_up": ("follow_ups",),
    "rehearsal": ("rehearsals", "rehearsal_weeks"),
}


class ReportStore(SqlStore):
    def figures(self, period: Period, done: Callable[[int, int], None]) -> list[Figures]:
        return self._read(lambda session: _tables(session, period, done))

    def open_deals(self, period: Period) -> list[int]:
        """Scored leads of the period whose deal is not closed."""
        statement = of_leads_in(
            select(Lead.id).where(Lead.tier.is_not(None), Lead.stage.not_in((*CLOSED, "maintaining"))),
            period,
        )
        return self._read(lambda session: list(session.scalars(statement.order_by(Lead.id))))


def report(
    engine: Engine,
    period: Period,
    done: Callable[[int, int], None] | None = None,
    settings: Settings | None = None,
) -> list[Figures]:
    """Every table of the report, in the order it is read; `done(step, steps)` after each one.
    With `settings`, also what blocks the open deals (the closing advisor reads each one).
    StoreUnavailable when the database does not answer."""
    tell = done or (lambda step, steps: None)
    store = ReportStore(engine)
    tables = store.figures(period, lambda step, steps: tell(step, steps + 1))
    blocked = Figures("blocked", ("blocker", "deals"), ())
    if settings is not None:
        blocked = blocked_deals(engine, settings, store.open_deals(period), period.today)
    tell(len(tables) + 1, len(tables) + 1)
    return [*tables, blocked]


def _tables(session: Session, period: Period, done: Callable[[int, int], None]) -> list[Figures]:
    leads = leads_of(session, period)
    steps: list[Callable[[], Figures]] = [
        lambda: hot_leads(session, period),
        lambda: by_stage_and_tier(leads),
        lambda: conversion(leads),
        lambda: by_channel(leads),
        lambda: time_in_stage(session, period),
        lambda: questions(session, period, leads),
        lambda: question_trouble(session, leads),
        lambda: criteria_met(leads),
        lambda: objection_categories(session, period),
        lambda: unplaced(session, period),
        lambda: responses(session, period),
        lambda: objections_by_week(session, period),
        lambda: techniques(session, period),
        lambda: follow_ups(session, period),
        lambda: rehearsals(session, period),
        lambda: rehearsal_weeks(session, period),
    ]
    tables = []
    for number, step in enumerate(steps, start=1):
        tables.append(step())
        done(number, len(steps))
    return tables
