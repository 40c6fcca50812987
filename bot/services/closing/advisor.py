"""How should I close this one? Gathers a lead's facts from the stores, reads its signals,
ranks the closing techniques, and keeps the deal's stage.

Actions and the CLI call this with plain values (a lead id, a rep's message). When the
database is down the catalogue still comes from the file.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.answers.company import is_not_a_name
from bot.answers.references import lead_number, mentions_company, parse_technique
from bot.playbook.closing import Catalogue, load_catalogue
from bot.playbook.stages import CLOSED
from bot.playbook.wording import wording
from bot.services.closing.recommend import Advice, recommend
from bot.services.closing.signals import LeadFacts, ObjectionHeard, read_signals
from bot.services.closing.text import known_values
from bot.services.follow_up import FollowUps
from bot.services.playbook_copy import PlaybookFileCopy
from bot.settings import Settings
from bot.store import ClosingStore, FollowUpStore, LeadRecord, LeadStore, ObjectionStore, StageRecord, StoreUnavailable

log = logging.getLogger(__name__)

CATALOGUE_FILE = "closing_techniques.yml"
# The next step a prospect who is ready to buy is offered instead of their tier's.
OFFER_CALL = "call"
OFFER_PILOT = "pilot"


@dataclass(frozen=True)
class LeadLookup:
    lead_id: int | None
    number: int | None = None  # the lead number the message gave, found or not
    company: str | None = None  # the company the message named, as the prospect gave it
    others: tuple[int, ...] = ()  # more leads of the same company, newest first


class ClosingAdvisor:
    def __init__(self, leads: LeadStore, settings: Settings) -> None:
        self.leads = leads
        self.objections = ObjectionStore(leads.engine)
        self.settings = settings
        self.closing = ClosingStore(leads.engine)
        self.follow_ups = FollowUps(FollowUpStore(leads.engine), settings)
        self.catalogue_copy = PlaybookFileCopy(settings.playbook_dir / CATALOGUE_FILE, load_catalogue, self.closing)

    def catalogue(self) -> Catalogue:
        """The live catalogue, imported from the file when it is new or has changed."""
        return self.catalogue_copy.current()

    def find_lead(self, text: str) -> LeadLookup:
        """The lead a rep's message is about: by number ("lead 12", "#12") or company name."""
        number = lead_number(text)
        if number is not None:
            return LeadLookup(number if self.leads.get_lead(number) else None, number=number)
        # leads stored before non-names were refused may hold "no" or "idk" as their company
        companies = {i: name for i, name in self.leads.companies().items() if not is_not_a_name(name)}
        matches = sorted((i for i, name in companies.items() if mentions_company(text, name)), reverse=True)
        if not matches:
            return LeadLookup(None)
        return LeadLookup(matches[0], company=companies[matches[0]], others=tuple(matches[1:]))

    def facts(self, lead: LeadRecord) -> LeadFacts:
        current = self.leads.current_answers(lead.id)
        answers = {key: ("skipped" if a.status == "skipped" else a.normalised) for key, a in current.items()}
        budget_reason = next((r for r in lead.score_reasons or [] if r.get("criterion") == "budget"), None)
        heard = [
            ObjectionHeard(o.category_id, o.text, answered, o.reply)
            for o, answered in self.objections.heard_from_lead(lead.id)
        ]
        company = answers.get("company")
        return LeadFacts(
            lead_id=lead.id,
            tier=lead.tier,
            company=company.get("name") if isinstance(company, Mapping) else None,
            answers=answers,
            budget_met=(budget_reason["verdict"] == "met") if budget_reason else None,
            buying_signals=tuple(self.leads.buying_signals(lead.id)),
            objections=tuple(heard),
        )

    def advise(self, lead_id: int, today: date) -> Advice | None:
        lead = self.leads.get_lead(lead_id)
        if lead is None:
            return None
        facts = self.facts(lead)
        signals = read_signals(facts, today)
        known = known_values(facts, self.settings, wording(self.settings))
        return Advice(lead, facts, tuple(signals), recommend(signals, self.catalogue()), known)

    def set_stage(
        self,
        lead_id: int,
        stage: str,
        changed_by: str,
        today: date,
        technique_used: str | None = None,
        note: str | None = None,
    ) -> bool:
        """Move the lead; a closed stage records the technique recommended right now."""
        recommended = None
        if stage in CLOSED:
            advice = self.advise(lead_id, today)
            recommended = advice.recommendation.now.technique.id if advice else None
        moved = self.leads.set_stage(lead_id, stage, changed_by, note, recommended, technique_used)
        lead = self.leads.get_lead(lead_id) if moved else None
        if lead:
            self.follow_ups.after_stage(lead, stage, today)
        return moved

    def undo_stage(self, lead_id: int, undone_by: str, today: date | None = None) -> StageRecord | None:
        """Take back the last change; the follow-up goes back to what the stage left sets."""
        undone = self.leads.undo_stage(lead_id, undone_by)
        lead = self.leads.get_lead(lead_id) if undone else None
        if undone and lead:
            self.follow_ups.after_stage(lead, lead.stage, today or date.today(), reopened=undone.stage in CLOSED)
        return undone

    def lead_choices(self, lead_ids: Sequence[int]) -> str:
        """ "lead 12 (hot), lead 15 (not scored, still answering)": for a rep to pick one."""
        words = wording(self.settings)
        choices = []
        for lead_id in lead_ids:
            lead = self.leads.get_lead(lead_id)
            if lead is None:
                continue
            if lead.tier:
                choices.append(words.text("lead_choice.scored", lead_id=lead_id, tier=lead.tier))
            else:
                status = words.text(f"lead_choice.status.{lead.status}")
                choices.append(words.text("lead_choice.not_scored", lead_id=lead_id, status=status))
        return words.listed(choices)

    def next_step_offer(self, lead_id: int | None, today: date) -> str | None:
        """For a prospect who just qualified: a pilot or a call when nothing blocks a close and
        they asked buying questions; None for the usual next step of their tier."""
        if lead_id is None:
            return None
        try:
            advice = self.advise(lead_id, today)
        except StoreUnavailable as error:
            log.error("no closing advice for lead %s: %s", lead_id, error)
            return None
        if advice is None or not advice.recommendation.ready or advice.lead.tier not in ("hot", "warm"):
            return None
        if not any(s.id == "buying_signal" for s in advice.signals):
            return None
        return OFFER_PILOT if advice.recommendation.now.technique.id == "pilot" else OFFER_CALL

    def technique_named(self, text: str) -> str | None:
        return parse_technique(text, [(t.id, t.name) for t in self.catalogue().techniques])

    def note_buying_signal(self, conversation_id: str, lead_id: int | None, text: str) -> bool:
        try:
            self.leads.record_buying_signal(conversation_id, lead_id, text)
            return True
        except StoreUnavailable as error:
            log.error("buying signal in %s not recorded: %s", conversation_id, error)
            return False
