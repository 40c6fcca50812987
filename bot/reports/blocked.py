"""What blocks the open deals of a period, as the closing advisor reads each one: someone else
decides, an objection is still open, no need or no budget was heard (bot/services/closing)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from sqlalchemy.engine import Engine

from bot.reports.period import Figures
from bot.services.closing.advisor import ClosingAdvisor
from bot.services.closing.recommend import blockers
from bot.services.closing.signals import read_signals
from bot.settings import Settings
from bot.store import LeadStore


def blocked_deals(engine: Engine, settings: Settings, lead_ids: Iterable[int], today: date) -> Figures:
    """Per blocker, how many of the deals it blocks (a deal may have several)."""
    advisor = ClosingAdvisor(LeadStore(engine), settings)
    counts: Counter[str] = Counter()
    for lead_id in lead_ids:
        lead = advisor.leads.get_lead(lead_id)
        if lead is not None:
            counts.update(blocker.id for blocker in blockers(read_signals(advisor.facts(lead), today)))
    rows = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return Figures("blocked", ("blocker", "deals"), rows)
