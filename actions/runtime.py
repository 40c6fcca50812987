"""The action server's connections to the sales logic, made on first use and then kept."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from bot.closing_advisor import ClosingAdvisor
from bot.objection_coach import ObjectionCoach
from bot.qualification import Qualification
from bot.settings import load_settings
from bot.store import LeadStore, ObjectionStore


@lru_cache(maxsize=1)
def qualification() -> Qualification:
    settings = load_settings()
    return Qualification(LeadStore.from_url(settings.database_url), settings)


@lru_cache(maxsize=1)
def objection_coach() -> ObjectionCoach:
    interview = qualification()
    return ObjectionCoach(ObjectionStore(interview.store.engine), interview.settings)


@lru_cache(maxsize=1)
def closing_advisor() -> ClosingAdvisor:
    interview = qualification()
    return ClosingAdvisor(interview.store, interview.settings)


def today() -> date:
    return date.today()
