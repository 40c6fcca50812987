"""How should I close this one? Gathers a lead's facts from the stores, reads its signals,
ranks the closing techniques, and keeps the deal's stage.

Actions and the CLI call this with plain values (a lead id, a rep's message); it returns what
to say. When the database is down the catalogue still comes from the file.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from bot.closing import (
    Catalogue,
    LeadFacts,
    ObjectionHeard,
    Recommendation,
    Signal,
    known_values,
    load_catalogue,
    read_signals,
    recommend,
)
from bot.company import same_company
from bot.qualification import describe_value
from bot.settings import Settings
from bot.stages import CLOSED, lead_number, parse_technique
from bot.store import ClosingStore, LeadRecord, LeadStore, ObjectionStore, StoreUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LeadLookup:
    lead_id: int | None
    reference: str | None  # what the message named: "lead 12", "Acme"
    others: tuple[int, ...] = ()  # more leads of the same company, newest first


@dataclass(frozen=True)
class Advice:
    lead: LeadRecord
    facts: LeadFacts
    signals: tuple[Signal, ...]
    recommendation: Recommendation
    known: Mapping[str, str]


@lru_cache(maxsize=4)
def _file_catalogue(path: Path, mtime: float) -> Catalogue:
    return load_catalogue(path)


class ClosingAdvisor:
    def __init__(self, leads: LeadStore, settings: Settings) -> None:
        self.leads = leads
        self.objections = ObjectionStore(leads.engine)
        self.closing = ClosingStore(leads.engine)
        self.settings = settings

    @property
    def catalogue_file(self) -> Path:
        return self.settings.playbook_dir / "closing_techniques.yml"

    def file_catalogue(self) -> Catalogue:
        return _file_catalogue(self.catalogue_file, self.catalogue_file.stat().st_mtime)

    def catalogue(self) -> Catalogue:
        try:
            if not self.closing.is_seeded():
                self.closing.import_catalogue(self.file_catalogue())
            return self.closing.catalogue()
        except StoreUnavailable as error:
            log.error("closing catalogue database unavailable, using the file: %s", error)
            return self.file_catalogue()

    def find_lead(self, text: str) -> LeadLookup:
        """The lead a rep's message is about: by number ("lead 12", "#12") or company name."""
        number = lead_number(text)
        if number is not None:
            return LeadLookup(number if self.leads.get_lead(number) else None, f"lead {number}")
        companies = self.leads.companies()
        matches = sorted((lead_id for lead_id, name in companies.items() if _mentions(text, name)), reverse=True)
        if not matches:
            return LeadLookup(None, None)
        return LeadLookup(matches[0], companies[matches[0]], tuple(matches[1:]))

    def facts(self, lead: LeadRecord) -> LeadFacts:
        current = self.leads.current_answers(lead.id)
        answers = {key: ("skipped" if a.status == "skipped" else a.normalised) for key, a in current.items()}
        budget_reason = next((r for r in lead.score_reasons or [] if r.get("criterion") == "budget"), None)
        heard = [
            ObjectionHeard(o.category_id, o.text, answered) for o, answered in self.objections.heard_from_lead(lead.id)
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
        catalogue = self.catalogue()
        known = known_values(facts, lambda key, value: describe_value(key, value, self.settings))
        return Advice(lead, facts, tuple(signals), recommend(signals, catalogue, facts), known)

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
            recommended = advice.recommendation.best.technique.id if advice else None
        return self.leads.set_stage(lead_id, stage, changed_by, note, recommended, technique_used)

    def next_step_offer(self, lead_id: int | None, today: date) -> str | None:
        """For a prospect who just qualified: "pilot" or "call" when nothing blocks a close and
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
        return "pilot" if advice.recommendation.best.technique.id == "pilot" else "call"

    def technique_named(self, text: str) -> str | None:
        return parse_technique(text, [(t.id, t.name) for t in self.catalogue().techniques])

    def note_buying_signal(self, conversation_id: str, lead_id: int | None, text: str) -> bool:
        try:
            self.leads.record_buying_signal(conversation_id, lead_id, text)
            return True
        except StoreUnavailable as error:
            log.error("buying signal not recorded (%r): %s", text, error)
            return False


def _mentions(text: str, company: str) -> bool:
    """Whether the message names the company: every word of its name, in order, as whole words."""
    words = text.replace("?", " ").replace("!", " ").replace(",", " ").replace("'s ", " ").split()
    for size in range(1, min(len(words), 6) + 1):
        for start in range(len(words) - size + 1):
            if same_company(company, " ".join(words[start : start + size])):
                return True
    return False


def advice_wording(advice: Advice, alternatives: int = 2) -> dict:
    """The recommendation as the values of the rep's message (utter_closing_advice)."""
    from bot.stages import stage_label

    recommendation = advice.recommendation
    now = recommendation.now
    technique = now.technique
    name = f"Lead {advice.lead.id}" + (f" ({advice.facts.company})" if advice.facts.company else "")
    if recommendation.ready:
        readiness = "Ready to close: nothing blocks it."
        later = "Also possible: " + (
            ", ".join(f"{r.technique.name} ({r.score})" for r in recommendation.closes[1 : 1 + alternatives])
            or "nothing else fits"
        )
    else:
        readiness = "Not ready to close yet. Resolve first:\n" + "\n".join(
            f"- {b}" for b in recommendation.resolve_first
        )
        first = recommendation.closes[0] if recommendation.closes else None
        later = (
            f"Once that's resolved: {first.technique.name}, because "
            f"{'; '.join(list(dict.fromkeys(s.because for s in first.reasons))[:3])}."
            if first
            else "Once that's resolved, ask me again: no close fits yet."
        )
    why = "; ".join(dict.fromkeys(s.because for s in now.reasons)) or "nothing points to a close yet"
    if recommendation.ready:
        avoid = "It backfires when: " + " ".join(technique.bad_idea[:2])
        if now.warnings:
            avoid += " Mind that " + "; ".join(dict.fromkeys(s.because for s in now.warnings[:2])) + "."
    else:
        avoid = "Don't ask for the order until that is resolved."
    return {
        "lead_title": f"{name}, stage {stage_label(advice.lead.stage)}, {advice.lead.tier or 'not scored'}",
        "readiness": readiness,
        "action_label": "Best fit" if recommendation.ready else "Do now",
        "technique": technique.name,
        "risk": technique.relationship_risk,
        "why": why,
        "example": technique.render(advice.known),
        "steps": "\n".join(f"{n}. {step}" for n, step in enumerate(technique.steps, start=1)),
        "avoid": avoid,
        "later": later,
    }
