"""A lead database with known figures for the report: five leads in November 2026, one in
2025 (outside the period), objections, closes and rehearsals, written straight into the tables
with the times the tests count on."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.playbook.objections import load_library
from bot.settings import REPO_ROOT
from bot.store import LibraryStore
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

NOV = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # a Monday: ISO week 2026-W45
TODAY = date(2026, 11, 26)  # the day follow-ups are due as of
MARKED_UP = "<b>Acme</b> [bold]Corp[/bold] & Sons"  # a company name that must show as typed
BANT = ("budget", "authority", "need", "timeline")


def reasons(*verdicts: str) -> list[dict]:
    credit = {"met": 1.0, "partly met": 0.5, "not met": 0.0}
    return [{"criterion": c, "verdict": v, "credit": credit[v]} for c, v in zip(BANT, verdicts, strict=True)]


def lead(
    session,
    id,
    at,
    tier=None,
    stage="found",
    status="in_progress",
    channel="rest",
    owner=None,
    outcome=None,
    why=None,
    contact_in=None,  # days from TODAY to the next contact
):
    session.add(
        Lead(
            id=id,
            conversation_id=f"conv-{id}",
            channel=channel,
            status=status,
            created_at=at,
            updated_at=at,
            tier=tier,
            score={"hot": 80, "warm": 60, "cold": 30, "unqualified": 0}.get(tier) if tier else None,
            score_reasons=why,
            stage=stage,
            owner=owner,
            outcome=outcome,
            next_contact_on=TODAY + timedelta(days=contact_in) if contact_in is not None else None,
        )
    )
    session.flush()  # the lead before its answers: no ORM relationship orders them


def answers(session, lead_id, at, **said):
    for key, status in said.items():
        normalised = {"unknown": True} if status == "unknown" else None
        if key == "company" and status == "answered":
            normalised = {"name": MARKED_UP if lead_id == 1 else f"Company {lead_id}"}
        kept = "answered" if status == "unknown" else status
        session.add(
            Answer(
                lead_id=lead_id,
                conversation_id=f"conv-{lead_id}",
                question_key=key,
                raw_text=f"{key} said",
                normalised=normalised,
                status=kept,
                revision=1,
                created_at=at,
            )
        )


def conversation(engine: Engine, sender: str, *events) -> None:
    """Events as Rasa's own SQL tracker store keeps them, in the same database."""
    tracker_store = SQLTrackerStore(Domain.empty(), host=engine.url.render_as_string(hide_password=False))
    saving = tracker_store.save(DialogueStateTracker.from_events(sender, list(events)))
    with ThreadPoolExecutor(1) as thread:  # its own event loop: a browser test runs one already
        thread.submit(asyncio.run, saving).result()
    tracker_store.engine.dispose()


def asked(question):
    return SlotSet("requested_slot", question)


def why():
    return UserUttered("why do you ask?", intent={"name": "ask_why", "confidence": 0.9})


def said(response):
    return BotUttered("...", metadata={"utter_action": response})


def conversations(engine: Engine) -> None:
    # 1: asked why the budget, one budget and one authority answer not read
    conversation(
        engine,
        "conv-1",
        asked("budget"),
        why(),
        said("utter_why_budget"),
        UserUttered("<b>blah</b> [bold]x[/bold]"),
        said("utter_invalid_budget_unclear"),
        asked("authority"),
        UserUttered("asdfgh"),
        said("utter_invalid_answer_gibberish"),
        said("utter_offer_skip"),
    )
    conversation(engine, "conv-3", asked("need"), why())  # 3: asked why the need
    conversation(engine, "conv-6", asked("budget"), why())  # 6: last year


def fill(engine: Engine) -> None:
    LibraryStore(engine).import_library(load_library(REPO_ROOT / "playbook" / "objections.yml"))
    with Session(engine) as session, session.begin():
        price_response = session.query(ObjectionResponse).filter_by(key="price-clarify-comparison").one().id
        # 1: hot, won with the summary close after going through the stages
        lead(
            session,
            1,
            NOV,
            "hot",
            "closed_won",
            "completed",
            "rest",
            "dana",
            "won",
            reasons("met", "met", "met", "partly met"),
            contact_in=-2,
        )
        answers(
            session,
            1,
            NOV,
            budget="answered",
            authority="answered",
            need="answered",
            timeline="answered",
            company="answered",
        )
        for days, stage, advised, used in (
            (2, "invited", None, None),
            (6, "closing", None, None),
            (10, "closed_won", "summary", "summary"),
        ):
            session.add(
                StageChange(
                    lead_id=1,
                    stage=stage,
                    changed_at=NOV + timedelta(days=days),
                    technique_recommended=advised,
                    technique_used=used,
                )
            )
        # 2: warm, from the widget, still found
        lead(
            session,
            2,
            NOV + timedelta(days=1),
            "warm",
            "found",
            "completed",
            "socketio",
            "lee",
            None,
            reasons("met", "partly met", "met", "not met"),
            contact_in=0,
        )
        answers(
            session,
            2,
            NOV,
            budget="answered",
            authority="answered",
            need="answered",
            timeline="unknown",
            company="answered",
        )
        # 3: stopped at the authority question, never scored
        lead(session, 3, NOV + timedelta(days=2), None, "found", "stopped", "socketio")
        answers(session, 3, NOV, budget="answered")
        # 4: every answer skipped: scored unqualified
        lead(
            session,
            4,
            NOV + timedelta(days=3),
            "unqualified",
            "found",
            "completed",
            "slack",
            None,
            None,
            reasons("not met", "not met", "not met", "not met"),
            contact_in=3,
        )
        answers(
            session,
            4,
            NOV,
            budget="skipped",
            authority="skipped",
            need="skipped",
            timeline="skipped",
            company="skipped",
        )
        # 5: lost after the advisor recommended the trial close and the rep used the summary close
        lead(
            session,
            5,
            NOV + timedelta(days=8),
            "cold",
            "closed_lost",
            "completed",
            "rest",
            "dana",
            "lost",
            reasons("partly met", "met", "met", "not met"),
            contact_in=30,
        )
        session.add(
            StageChange(
                lead_id=5,
                stage="closed_lost",
                changed_at=NOV + timedelta(days=12),
                technique_recommended="trial",
                technique_used="summary",
            )
        )
        # 6: last year, outside the period
        lead(
            session,
            6,
            datetime(2025, 6, 1, tzinfo=timezone.utc),
            "hot",
            "found",
            "completed",
            "rest",
            "dana",
            None,
            reasons("met", "met", "met", "met"),
        )
        session.flush()
        heard = [
            (1, "price", NOV + timedelta(days=1)),  # W45, answered, marked helpful
            (2, "price", NOV + timedelta(days=8)),  # W46, answered
            (2, None, NOV + timedelta(days=8)),  # W46, unplaced
            (None, "timing", NOV + timedelta(days=9)),  # W46, a rep's question
            (6, "price", datetime(2025, 6, 2, tzinfo=timezone.utc)),  # outside
        ]
        for i, (lead_id, category, at) in enumerate(heard, start=1):
            session.add(
                ObjectionOccurrence(
                    id=i,
                    conversation_id=f"conv-{lead_id}",
                    lead_id=lead_id,
                    speaker="prospect",
                    text="too dear",
                    category_id=category,
                    created_at=at,
                )
            )
        session.flush()
        session.add(
            ResponseUse(
                response_id=price_response,
                occurrence_id=1,
                conversation_id="conv-1",
                lead_id=1,
                shown_at=NOV,
                feedback="helpful",
            )
        )
        session.add(
            ResponseUse(response_id=price_response, occurrence_id=2, conversation_id="conv-2", lead_id=2, shown_at=NOV)
        )
        # rehearsals: dana twice (price 3/4 and 1/4 -> timing 2/2), lee once
        for rid, rep, turns in (
            (1, "dana", [("price", 3, 4), ("timing", 2, 2)]),
            (2, "dana", [("price", 1, 4)]),
            (3, "lee", [("trust", 1, 2)]),
        ):
            session.add(
                Rehearsal(
                    id=rid,
                    rep=rep,
                    scenario={},
                    difficulty="normal",
                    rubric_version="1",
                    started_at=NOV + timedelta(days=rid),
                )
            )
            session.flush()
            for category, score, possible in turns:
                session.add(
                    RehearsalTurn(
                        rehearsal_id=rid,
                        category=category,
                        objection="x",
                        reply="y",
                        score=score,
                        possible=possible,
                        kind="replied",
                        created_at=NOV,
                    )
                )
    conversations(engine)
