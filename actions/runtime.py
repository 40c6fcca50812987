"""The action server's one connection to the sales logic, made on first use and then kept."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from bot.qualification import Qualification
from bot.settings import load_settings
from bot.store import LeadStore


@lru_cache(maxsize=1)
def qualification() -> Qualification:
    settings = load_settings()
    return Qualification(LeadStore.from_url(settings.database_url), settings)


def today() -> date:
    return date.today()
