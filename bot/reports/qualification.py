"""Qualification: how each question fared, and the BANT criteria met by scored leads."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from bot.answers.questions import BANT_QUESTIONS
from bot.reports.period import (
    QUESTIONS,
    Figures,
    LeadRow,
    Period,
    of_leads_in,
    share,
)
from bot.store.models import (
    Answer,
    Lead,
)
from bot.store.transcripts import EVENTS_TABLE


def questions(session: Session, period: Period, leads: dict[int, LeadRow]) -> Figures:
    """Per question: answered, skipped, "don't know", and the leads that stopped there (stopped
    leads whose first question with no answer is this one)."""
    statuses: dict[int, dict[str, str]] = defaultdict(dict)
    statement = of_leads_in(
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


def criteria_met(leads: dict[int, LeadRow]) -> Figures:
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
            share(verdicts[criterion]["met"], sum(verdicts[criterion].values())),
        )
        for criterion in BANT_QUESTIONS
    )
    return Figures("criteria", ("criterion", "met", "partly_met", "not_met", "share_met"), rows)


# What the conversations say that the lead tables do not: read from Rasa's tracker store when it
# keeps its events in this database (only the rows that can matter are fetched).
_TROUBLE_EVENTS = text(
    "SELECT sender_id, type_name, data FROM events WHERE "
    "(type_name = 'slot' AND data LIKE '%requested_slot%') OR (type_name = 'user' AND intent_name = 'ask_why') "
    "OR (type_name = 'bot' AND data LIKE '%utter_invalid_%') ORDER BY id"
)


def question_trouble(session: Session, leads: dict[int, LeadRow]) -> Figures:
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
