"""The manager's figures over a period, as plain tables: what `salesbot report` prints, exports
and draws. Each table is computed from the lead database (and Rasa's tracker store where it
keeps its conversations there); the words around the figures are in playbook/wording.yml
(`cli.report`).

A lead belongs to the period when it started in it (and to a rep when the rep looks after it);
objections, stage changes and rehearsals count when they happened in it.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import case, func, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.answers.questions import BANT_QUESTIONS, COMPANY, NEEDS_QUESTIONS
from bot.playbook.stages import CLOSED, STAGES, WON
from bot.settings import Settings
from bot.store.base import SqlStore
from bot.store.models import (
    Answer,
    Lead,
    ObjectionOccurrence,
    ObjectionResponse,
    Rehearsal,
    RehearsalTurn,
    ResponseUse,
    StageChange,
)
from bot.store.transcripts import EVENTS_TABLE

TIERS = ("hot", "warm", "cold", "unqualified")
NOT_SCORED = "not_scored"
QUESTIONS = (*BANT_QUESTIONS, COMPANY, *NEEDS_QUESTIONS)
UNPLACED = "unplaced"
HOT_LEADS_SHOWN = 20
UNPLACED_SHOWN = 20
# The report's sections and their tables, in the order they are read.
SECTIONS = {
    "funnel": ("hot_leads", "stages", "conversion", "channels", "time_in_stage"),
    "qualification": ("questions", "question_trouble", "criteria"),
    "objections": ("objections", "unplaced", "responses", "objections_by_week"),
    "closing": ("techniques", "blocked"),
    "follow_up": ("follow_ups",),
    "rehearsal": ("rehearsals", "rehearsal_weeks"),
}
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


class ReportStore(SqlStore):
    def figures(self, period: Period, done: Callable[[int, int], None]) -> list[Figures]:
        return self._read(lambda session: _tables(session, period, done))

    def open_deals(self, period: Period) -> list[int]:
        """Scored leads of the period whose deal is not closed."""
        statement = _of_leads_in(
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
        from bot.reports.blocked import blocked_deals  # the closing advisor, which reads the figures' types

        blocked = blocked_deals(engine, settings, store.open_deals(period), period.today)
    tell(len(tables) + 1, len(tables) + 1)
    return [*tables, blocked]


def _tables(session: Session, period: Period, done: Callable[[int, int], None]) -> list[Figures]:
    leads = _leads(session, period)
    steps: list[Callable[[], Figures]] = [
        lambda: _hot_leads(session, period),
        lambda: _by_stage_and_tier(leads),
        lambda: _conversion(leads),
        lambda: _by_channel(leads),
        lambda: _time_in_stage(session, period),
        lambda: _questions(session, period, leads),
        lambda: _question_trouble(session, leads),
        lambda: _criteria_met(leads),
        lambda: _objection_categories(session, period),
        lambda: _unplaced(session, period),
        lambda: _responses(session, period),
        lambda: _objections_by_week(session, period),
        lambda: _techniques(session, period),
        lambda: _follow_ups(session, period),
        lambda: _rehearsals(session, period),
        lambda: _rehearsal_weeks(session, period),
    ]
    tables = []
    for number, step in enumerate(steps, start=1):
        tables.append(step())
        done(number, len(steps))
    return tables


@dataclass(frozen=True)
class _Lead:
    id: int
    conversation: str
    stage: str
    tier: str
    status: str
    channel: str
    outcome: str | None
    reasons: Sequence[dict[str, Any]]


def _within(statement: Select, column: Any, period: Period) -> Select:
    start, end = period.bounds()
    if start is not None:
        statement = statement.where(column >= start)
    if end is not None:
        statement = statement.where(column < end)
    return statement


def _of_leads_in(statement: Select, period: Period) -> Select:
    """`statement` (over a table with Lead joined) kept to the period's leads."""
    statement = _within(statement, Lead.created_at, period)
    return statement.where(Lead.owner == period.rep) if period.rep else statement


def _leads(session: Session, period: Period) -> dict[int, _Lead]:
    statement = _of_leads_in(select(Lead), period)
    return {
        lead.id: _Lead(
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


def _hot_leads(session: Session, period: Period) -> Figures:
    """The hot leads to call first: highest score, then newest."""
    company = (
        select(Answer.lead_id, Answer.normalised)
        .where(Answer.question_key == COMPANY, Answer.superseded_at.is_(None), Answer.status == "answered")
        .subquery()
    )
    statement = _of_leads_in(
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
            _aware(at).date().isoformat(),
        )
        for lead_id, named, score, stage, channel, owner, at in session.execute(statement)
    )
    return Figures("hot_leads", ("lead", "company", "score", "stage", "channel", "owner", "started"), rows)


def _by_stage_and_tier(leads: dict[int, _Lead]) -> Figures:
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


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _conversion(leads: dict[int, _Lead]) -> Figures:
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
        tuple((s, n, _share(n, b) if b is not None else None) for s, n, b in steps),
    )


def _by_channel(leads: dict[int, _Lead]) -> Figures:
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


def _time_in_stage(session: Session, period: Period) -> Figures:
    """Median days a lead stayed in a stage before it moved on (changes undone left out)."""
    changes: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    created: dict[int, datetime] = {}
    statement = _of_leads_in(
        select(StageChange.lead_id, Lead.created_at, StageChange.changed_at, StageChange.stage)
        .join(Lead, Lead.id == StageChange.lead_id)
        .where(StageChange.undone_at.is_(None)),
        period,
    )
    for lead_id, started, at, stage in session.execute(statement):
        changes[lead_id].append((_aware(at), stage))
        created[lead_id] = _aware(started)
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


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes for what was stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _questions(session: Session, period: Period, leads: dict[int, _Lead]) -> Figures:
    """Per question: answered, skipped, "don't know", and the leads that stopped there (stopped
    leads whose first question with no answer is this one)."""
    statuses: dict[int, dict[str, str]] = defaultdict(dict)
    statement = _of_leads_in(
        select(Answer.lead_id, Answer.question_key, Answer.status, Answer.normalised)
        .join(Lead, Lead.id == Answer.lead_id)
        .where(Answer.superseded_at.is_(None)),
        period,
    )
    for lead_id, key, status, normalised in session.execute(statement):
        unknown = isinstance(normalised, dict) and normalised.get("unknown")
        statuses[lead_id][key] = "unknown" if unknown else status
    stopped_at: Counter[str] = Counter()
    for lead in leads.values():
        if lead.status == "stopped":
            first_open = next((key for key in QUESTIONS if key not in statuses[lead.id]), None)
            if first_open:
                stopped_at[first_open] += 1
    rows = []
    for key in QUESTIONS:
        said = Counter(answers[key] for answers in statuses.values() if key in answers)
        rows.append((key, said["answered"], said["skipped"], said["unknown"], stopped_at[key]))
    return Figures("questions", ("question", "answered", "skipped", "unknown", "stopped_here"), tuple(rows))


def _criteria_met(leads: dict[int, _Lead]) -> Figures:
    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    for lead in leads.values():
        for reason in lead.reasons:
            verdicts[reason.get("criterion", "")][reason.get("verdict", "")] += 1
    rows = tuple(
        (
            criterion,
            verdicts[criterion]["met"],
            verdicts[criterion]["partly met"],
            verdicts[criterion]["not met"],
            _share(verdicts[criterion]["met"], sum(verdicts[criterion].values())),
        )
        for criterion in BANT_QUESTIONS
    )
    return Figures("criteria", ("criterion", "met", "partly_met", "not_met", "share_met"), rows)


def _objection_categories(session: Session, period: Period) -> Figures:
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
    statement = _within(
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


def _unplaced(session: Session, period: Period) -> Figures:
    """The objections waiting for the team to place them (`salesbot objections assign`), newest
    first, as they were said."""
    statement = _within(
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
        (number, _aware(at).date().isoformat(), lead_id, said)
        for number, at, lead_id, said in session.execute(statement)
    )
    return Figures("unplaced", ("objection", "heard_on", "lead", "said"), rows)


def _responses(session: Session, period: Period) -> Figures:
    """Per library response shown in the period: how often, marked helpful or not, and shown in
    deals later won or lost."""
    statement = _within(
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


def _objections_by_week(session: Session, period: Period) -> Figures:
    statement = _within(
        select(ObjectionOccurrence.created_at, ObjectionOccurrence.category_id), ObjectionOccurrence.created_at, period
    )
    counts: Counter[tuple[str, str]] = Counter()
    for at, category in session.execute(statement):
        year, week, _ = _aware(at).isocalendar()
        counts[f"{year}-W{week:02d}", category or UNPLACED] += 1
    rows = tuple((week, category, n) for (week, category), n in sorted(counts.items()))
    return Figures("objections_by_week", ("week", "category", "heard"), rows)


def _techniques(session: Session, period: Period) -> Figures:
    """Closing techniques at each close: how often the advisor recommended it, a rep used it, and
    a deal was won with it."""
    statement = _within(
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


def _rehearsals(session: Session, period: Period) -> Figures:
    """Per rep: rehearsals, replies judged, the share of the rubric's points they earned, and
    the objection category where they earned the smallest share."""
    statement = _within(
        select(Rehearsal.id, Rehearsal.rep, RehearsalTurn.category, RehearsalTurn.score, RehearsalTurn.possible)
        .join(RehearsalTurn, RehearsalTurn.rehearsal_id == Rehearsal.id)
        .where(RehearsalTurn.kind == "replied", RehearsalTurn.possible > 0),
        Rehearsal.started_at,
        period,
    )
    if period.rep:
        statement = statement.where(Rehearsal.rep == period.rep)
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
            _share(sum(points[rep].values()), sum(possible[rep].values())),
            min(possible[rep], key=lambda c: (points[rep][c] / possible[rep][c], c)),
        )
        for rep in sorted(sessions)
    )
    return Figures("rehearsals", ("rep", "rehearsals", "replies", "share_of_points", "weakest_category"), rows)


def _follow_ups(session: Session, period: Period) -> Figures:
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


def _rehearsal_weeks(session: Session, period: Period) -> Figures:
    """Per week and rep: replies judged and the share of the rubric's points earned."""
    statement = _within(
        select(Rehearsal.rep, Rehearsal.started_at, RehearsalTurn.score, RehearsalTurn.possible)
        .join(RehearsalTurn, RehearsalTurn.rehearsal_id == Rehearsal.id)
        .where(RehearsalTurn.kind == "replied", RehearsalTurn.possible > 0),
        Rehearsal.started_at,
        period,
    )
    if period.rep:
        statement = statement.where(Rehearsal.rep == period.rep)
    points: Counter[tuple[str, str]] = Counter()
    possible: Counter[tuple[str, str]] = Counter()
    replies: Counter[tuple[str, str]] = Counter()
    for rep, started, score, most in session.execute(statement):
        year, number, _ = _aware(started).isocalendar()
        key = (f"{year}-W{number:02d}", rep)
        points[key] += score or 0
        possible[key] += most
        replies[key] += 1
    rows: list[tuple[Any, ...]] = []
    for week in sorted({week for week, _ in replies}):
        keys = [(week, rep) for rep in sorted(rep for each_week, rep in replies if each_week == week)]
        rows += [(*key, replies[key], _share(points[key], possible[key])) for key in keys]
        if len(keys) > 1:  # the team's week: every reply of every rep
            earned, most = sum(points[k] for k in keys), sum(possible[k] for k in keys)
            rows.append((week, TEAM, sum(replies[k] for k in keys), _share(earned, most)))
    return Figures("rehearsal_weeks", ("week", "rep", "replies", "share_of_points"), tuple(rows))


# What the conversations say that the lead tables do not: read from Rasa's tracker store when it
# keeps its events in this database (only the rows that can matter are fetched).
_TROUBLE_EVENTS = text(
    "SELECT sender_id, type_name, data FROM events WHERE "
    "(type_name = 'slot' AND data LIKE '%requested_slot%') OR (type_name = 'user' AND intent_name = 'ask_why') "
    "OR (type_name = 'bot' AND data LIKE '%utter_invalid_%') ORDER BY id"
)


def _question_trouble(session: Session, leads: dict[int, _Lead]) -> Figures:
    """Per question, in the period's leads' conversations: how often the prospect asked why it is
    asked, and how often the assistant could not read the answer (it said so and asked again)."""
    conversations = {lead.conversation for lead in leads.values()}
    why: Counter[str] = Counter()
    unread: Counter[str] = Counter()
    if conversations and inspect(session.get_bind()).has_table(EVENTS_TABLE):
        asked: dict[str, str | None] = {}
        for sender, kind, data in session.execute(_TROUBLE_EVENTS):
            if sender not in conversations:
                continue
            event = json.loads(data)
            if kind == "slot":
                if event.get("name") == "requested_slot":
                    asked[sender] = event.get("value")
            elif kind == "user":
                why[asked.get(sender) or ""] += 1
            else:
                unread[
                    _question_refused((event.get("metadata") or {}).get("utter_action") or "", asked.get(sender))
                ] += 1
    rows = tuple((key, why[key], unread[key]) for key in QUESTIONS)
    return Figures("question_trouble", ("question", "asked_why", "not_read"), rows)


def _question_refused(response: str, asked: str | None) -> str:
    """utter_invalid_budget_unclear: budget; utter_invalid_answer_gibberish: the question asked."""
    for key in sorted(QUESTIONS, key=len, reverse=True):
        if response.startswith(f"utter_invalid_{key}_"):
            return key
    return asked or ""
