"""The action server's connections to the sales logic, made on first use and then kept."""

from __future__ import annotations

import logging
import os
from datetime import date
from functools import lru_cache

from bot.playbook.wording import Wording, wording
from bot.services.closing.advisor import ClosingAdvisor
from bot.services.follow_up import FollowUps
from bot.services.handoff import Handoffs
from bot.services.interview import Interview
from bot.services.objection_coach import ObjectionCoach
from bot.services.rehearsal.session import Rehearsals
from bot.settings import load_settings
from bot.store import (
    FollowUpStore,
    HandoffStore,
    LeadStore,
    LibraryStore,
    ObjectionStore,
    RehearsalStore,
    StoreUnavailable,
)
from bot.store.privacy import PrivacyStore


@lru_cache(maxsize=1)
def interview() -> Interview:
    settings = load_settings()
    return Interview(LeadStore.from_url(settings.database_url), settings)


@lru_cache(maxsize=1)
def objection_coach() -> ObjectionCoach:
    engine = interview().store.engine
    return ObjectionCoach(ObjectionStore(engine), LibraryStore(engine), interview().settings)


@lru_cache(maxsize=1)
def closing_advisor() -> ClosingAdvisor:
    return ClosingAdvisor(interview().store, interview().settings)


@lru_cache(maxsize=1)
def handoffs() -> Handoffs:
    return Handoffs(HandoffStore(interview().store.engine), interview().settings)


@lru_cache(maxsize=1)
def follow_ups() -> FollowUps:
    return FollowUps(FollowUpStore(interview().store.engine), interview().settings)


@lru_cache(maxsize=1)
def rehearsals() -> Rehearsals:
    return Rehearsals(RehearsalStore(interview().store.engine), objection_coach(), interview().settings)


@lru_cache(maxsize=1)
def privacy() -> PrivacyStore:
    return PrivacyStore(interview().store.engine)


def words() -> Wording:
    return wording(interview().settings)


def today() -> date:
    """Today, or SALESBOT_TODAY (YYYY-MM-DD): held-out answers such as "in 6 weeks" were written
    with expected dates as of one day, and are scored as of that day."""
    fixed = os.environ.get("SALESBOT_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


def warm_up() -> None:
    """Load what the first prospect would otherwise wait for (about 2 s here): spaCy's model,
    lingua's language models, every answer reader once (the need's categories take 0.4 s), and
    the objection library."""
    from bot.answers.language import looks_foreign
    from bot.answers.questions import QUESTIONS, read_answer

    looks_foreign("we need better forecasting for our reps")
    for question in QUESTIONS:
        read_answer(question, "our reps lose track of about 20k of deals a year", today(), interview().settings)
    try:  # the objection library in the database, brought up to date with its file (once per change)
        objection_coach().library()
        objection_coach().stats()
    except StoreUnavailable as error:  # the assistant starts without it, and reads it when it is back
        logging.getLogger(__name__).warning("objection library not loaded at start: %s", error)
