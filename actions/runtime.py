"""The action server's connections to the sales logic, made on first use and then kept."""

from __future__ import annotations

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
from bot.store import FollowUpStore, HandoffStore, LeadStore, LibraryStore, ObjectionStore, RehearsalStore
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
