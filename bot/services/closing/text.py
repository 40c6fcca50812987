"""The closing advisor's findings in words (playbook/wording.yml): signals, blockers, the advice a
rep reads in chat and in `salesbot leads advise`, and the values for a technique's example."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.answers.read_back import in_a_sentence
from bot.playbook.wording import Wording
from bot.services.closing.economics import arithmetic, cost_today, yearly
from bot.services.closing.recommend import Advice, Blocker, RankedTechnique
from bot.services.closing.signals import LeadFacts, Signal, deciders
from bot.settings import Settings

ALTERNATIVES_SHOWN = 2
REASONS_FOR_LATER = 3
BAD_IDEAS_SHOWN = 2
WARNINGS_SHOWN = 2


def who_decides(details: Mapping[str, Any], words: Wording) -> str | None:
    """Who signs, in words a rep can say to the contact: "Maria Lopez", "your CFO"."""
    if details.get("decider_name"):
        return str(details["decider_name"])
    if details.get("decider_role"):
        return words.text("decider.role", role=details["decider_role"])
    return None


def known_values(facts: LeadFacts, settings: Settings, words: Wording) -> dict[str, str]:
    """Values for a technique example's {need}, {budget}, {timeline}, {decider} and {arithmetic}."""
    known = {}
    for key in ("need", "budget", "timeline"):
        value = facts.answers.get(key)
        worded = in_a_sentence(key, value, settings) if isinstance(value, Mapping) else None
        if worded:
            known[key] = worded
    decider = who_decides(deciders(facts.answers.get("authority")), words)
    if decider:
        known["decider"] = decider
    situation = facts.answers.get("current_situation")
    said_today = [situation.get("text") if isinstance(situation, Mapping) else None]
    worked = arithmetic(
        cost_today(said_today + [o.reply for o in facts.objections]), yearly(facts.answers.get("budget")), words
    )
    if worked:
        known["arithmetic"] = worked
    return known


class ClosingText:
    def __init__(self, words: Wording) -> None:
        self.words = words

    def signal(self, signal: Signal) -> str:
        key = f"signals.{signal.id}" + (f".{signal.variant}" if signal.variant else "")
        values = {"quotes": self.words.quotes(signal.said), "who": who_decides(signal.details, self.words)}
        return self.words.text(key, count=signal.count, **{**signal.details, **values})

    def signals(self, signals: Sequence[Signal]) -> list[str]:
        return [self.signal(s) for s in signals]

    def blocker(self, blocker: Blocker) -> str:
        signal = blocker.signal
        return self.words.text(
            f"blockers.{blocker.id}",
            who=who_decides(signal.details, self.words),
            quotes=self.words.quotes(signal.said),
            because=self.signal(signal),
        )

    def stage(self, stage: str) -> str:
        return self.words.text(f"stages.{stage}")

    def lead_title(self, advice: Advice) -> str:
        company = advice.facts.company
        return self.words.text(
            "advice.lead_title",
            lead_id=advice.lead.id,
            company=self.words.text("advice.company", company=company) if company else "",
            stage=self.stage(advice.lead.stage),
            tier=self.tier(advice.lead.tier, advice.lead.score_reasons),
        )

    def tier(self, tier: str | None, reasons: Sequence[Mapping[str, Any]] | None) -> str:
        if not tier:
            return self.words.text("advice.not_scored")
        held = next((r for r in reasons or () if r.get("held_from")), None)
        if held is None:
            return tier
        return self.words.text("advice.tier_held", tier=tier, criterion=held["criterion"], uncapped=held["held_from"])

    def _reasons(self, signals: Sequence[Signal], limit: int | None = None) -> str:
        said = list(dict.fromkeys(self.signals(signals)))
        return self.words.reasons(said[:limit] if limit else said)

    def advice_parts(self, advice: Advice) -> dict[str, Any]:
        recommendation = advice.recommendation
        now: RankedTechnique = recommendation.now
        technique = now.technique
        if recommendation.ready:
            # The source: no questions usually means no purchase. Nothing blocks the close, but
            # a buyer who has asked nothing is not called ready.
            asked_nothing = any(s.id == "no_buying_signal" for s in advice.signals)
            readiness = self.words.text("advice.ready_but_no_questions" if asked_nothing else "advice.ready")
            alternatives = [
                self.words.text("advice.alternative", technique=r.technique.name, score=r.score)
                for r in recommendation.closes[1 : 1 + ALTERNATIVES_SHOWN]
            ]
            later = (
                self.words.text("advice.also_possible", alternatives=self.words.listed(alternatives))
                if alternatives
                else self.words.text("advice.nothing_else")
            )
            avoid = self.words.text("advice.backfires", bad_ideas=" ".join(technique.bad_idea[:BAD_IDEAS_SHOWN]))
            if now.warnings:
                avoid += self.words.text("advice.mind_that", warnings=self._reasons(now.warnings[:WARNINGS_SHOWN]))
        else:
            blockers = self.words.bullets(self.blocker(b) for b in recommendation.resolve_first)
            readiness = self.words.text("advice.blocked", blockers=blockers)
            first = recommendation.closes[0] if recommendation.closes else None
            later = (
                self.words.text(
                    "advice.once_resolved",
                    technique=first.technique.name,
                    reasons=self._reasons(first.reasons, REASONS_FOR_LATER),
                )
                if first
                else self.words.text("advice.nothing_fits_yet")
            )
            avoid = self.words.text("advice.hold_off")
        return {
            "lead_title": self.lead_title(advice),
            "readiness": readiness,
            "action_label": self.words.text("advice.best_fit" if recommendation.ready else "advice.do_now"),
            "technique": technique.name,
            "risk": technique.relationship_risk,
            "why": self._reasons(now.reasons) or self.words.text("advice.no_reason"),
            "example": technique.render(advice.known),
            "steps": self.words.numbered(technique.steps),
            "avoid": avoid,
            "later": later,
        }

    def advice(self, advice: Advice) -> str:
        """The whole advice, as a rep reads it in chat and in the CLI."""
        return self.words.text("advice.message", **self.advice_parts(advice))

    def deal_signals(self, advice: Advice) -> str:
        """ "What do we know about Acme?": the lead and every signal with its evidence."""
        signals = self.words.bullets(self.signals(advice.signals))
        return self.words.text("advice.signals", lead_title=self.lead_title(advice), signals=signals)
