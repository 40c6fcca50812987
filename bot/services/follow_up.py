"""Following up leads: the next contact after scoring, after a stage change and after each
contact a rep logs, by the plan in playbook/follow_up.yml; and the leads due for contact.

A date the rep's note gives ("they want a demo next week", "call back on Friday") wins over
the cadence; a date on a weekend moves to the Monday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.answers.timeline import parse_timeline
from bot.playbook.files import load_fresh
from bot.playbook.follow_up import NO_CONTACT, FollowUpPlan, load_plan
from bot.playbook.wording import Wording
from bot.settings import Settings
from bot.store import DueLead, FollowUpStore, LeadRecord, Touch

PLAN_FILE = "follow_up.yml"
SATURDAY = 5
# Leads listed in chat; `salesbot followups` lists them all.
DUE_SHOWN = 10


@dataclass(frozen=True)
class NextContact:
    on: date
    channel: str


def on_a_weekday(day: date) -> date:
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= SATURDAY else day


def channel_of(note: str, plan: FollowUpPlan) -> str | None:
    """How the contact was made, by the first channel word in the note ("called", "emailed")."""
    for word in re.findall(r"[\w'-]+", note.lower()):
        for channel, words in plan.channel_words.items():
            if word in words:
                return channel
    return None


def date_asked(note: str, today: date) -> date | None:
    """A later date the note names ("next week", "on Friday", "in two weeks")."""
    timeline = parse_timeline(note, today).value
    return timeline.target if timeline and timeline.target and timeline.target > today else None


class FollowUps:
    def __init__(self, store: FollowUpStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def plan(self) -> FollowUpPlan:
        return load_fresh(load_plan, self.settings.playbook_dir / PLAN_FILE)

    def next_contact(self, tier: str | None, stage: str, today: date, first: bool) -> NextContact | None:
        cadence = self.plan().cadence(tier, stage)
        if cadence is None or cadence.channel == NO_CONTACT:
            return None
        days = cadence.first if first and cadence.first else cadence.every
        return NextContact(on_a_weekday(today + timedelta(days=days)), cadence.channel)

    def after_scoring(self, lead_id: int, tier: str, today: date) -> NextContact | None:
        """The first contact of a newly scored lead; a lead a rep has contacted keeps its date."""
        upcoming = self.next_contact(tier, "", today, first=True)
        set_now = self.store.schedule(
            lead_id, upcoming.on if upcoming else None, upcoming.channel if upcoming else None, unless_touched=True
        )
        return upcoming if set_now else None

    def after_stage(self, lead: LeadRecord, stage: str, today: date, reopened: bool = False) -> NextContact | None:
        """A closed stage sets its own cadence (a lost deal: no next contact); a deal reopened
        (a close undone), or with no next contact, gets its tier's again."""
        if stage not in self.plan().stages and lead.next_contact_on is not None and not reopened:
            return None
        upcoming = self.next_contact(lead.tier, stage, today, first=False)
        self.store.schedule(lead.id, upcoming.on if upcoming else None, upcoming.channel if upcoming else None)
        return upcoming

    def log_touch(self, lead: LeadRecord, rep: str, note: str, today: date, channel: str | None = None) -> Touch | None:
        """Record a contact; the next one is the date the note asks for, or the cadence's."""
        plan = self.plan()
        cadence = plan.cadence(lead.tier, lead.stage)
        usual = cadence.channel if cadence and cadence.channel != NO_CONTACT else "phone"
        made = channel or channel_of(note, plan) or usual
        asked = date_asked(note, today)
        upcoming = self.next_contact(lead.tier, lead.stage, today, first=False)
        if asked:
            upcoming = NextContact(on_a_weekday(asked), upcoming.channel if upcoming else made)
        return self.store.log_touch(
            lead.id, rep, made, note, upcoming.on if upcoming else None, upcoming.channel if upcoming else None
        )

    def due(self, today: date, rep: str | None = None) -> list[DueLead]:
        return self.store.due(today, rep)


def due_in_words(due: list[DueLead], today: date, words: Wording) -> str:
    """One line per lead: "lead 12 (Acme, hot): phone, 3 days late; last: called, ..."."""
    lines = []
    for lead in due:
        late = (today - lead.next_contact_on).days
        when = words.text("followups.late", count=late) if late > 0 else words.text("followups.today")
        last = lead.last_touch
        lines.append(
            words.text(
                "followups.lead",
                lead_id=lead.lead_id,
                company=lead.company or words.text("followups.no_company"),
                tier=lead.tier or words.text("followups.not_scored"),
                channel=lead.channel or "",
                when=when,
                last=words.text("followups.last", note=last.note) if last else words.text("followups.never"),
            )
        )
    return words.bullets(lines)
