"""What a lead tells us about closing: plain facts, each a signal with its evidence.

A signal is an id ("open_objections") with the evidence behind it (what they said, how many,
who decides); the words for it are in playbook/wording.yml (`signals`). The closing catalogue
gives each technique points per signal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

URGENT_DAYS = 90
STRONG_BUYING_SIGNALS = 2
# Objection categories that say something about the deal beyond themselves.
CATEGORY_SIGNALS = (
    ("price_focus", ("price", "no_budget", "contract_terms")),
    ("hesitation", ("think_it_over", "timing")),
    ("trust_doubts", ("trust",)),
    ("competitor_in_play", ("competitor",)),
)


@dataclass(frozen=True)
class ObjectionHeard:
    category: str | None  # None: unplaced
    text: str
    answered: bool
    reply: str | None = None  # their reply when the library's answer asked them a question


@dataclass(frozen=True)
class LeadFacts:
    """Everything the advisor reads about one lead, as plain values."""

    lead_id: int
    tier: str | None = None
    company: str | None = None
    # question key -> normalised answer; "skipped" for a skipped question; absent when not asked
    answers: Mapping[str, Any] = field(default_factory=dict)
    budget_met: bool | None = None  # the scoring's verdict on the budget, when scored
    buying_signals: tuple[str, ...] = ()
    objections: tuple[ObjectionHeard, ...] = ()


@dataclass(frozen=True)
class Signal:
    id: str
    # Which wording of the signal, when it has several ("shared", "named", "asap"); "" if one.
    variant: str = ""
    said: tuple[str, ...] = ()  # the prospect's words behind it
    count: int | None = None
    details: Mapping[str, Any] = field(default_factory=dict)  # need, when, tier, decider_name, decider_role


def deciders(authority: Any) -> dict[str, Any]:
    """The decider's name and role from an authority answer, those given."""
    if not isinstance(authority, Mapping):
        return {}
    return {key: authority[key] for key in ("decider_name", "decider_role") if authority.get(key)}


def read_signals(facts: LeadFacts, today: date) -> list[Signal]:
    return [
        *_buying(facts),
        *_objections(facts),
        *_authority(facts.answers.get("authority")),
        _need(facts.answers.get("need")),
        *_timeline(facts.answers.get("timeline"), today),
        *_budget(facts.answers.get("budget"), facts.budget_met),
        *_tier(facts.tier),
    ]


def _buying(facts: LeadFacts) -> list[Signal]:
    asked = facts.buying_signals
    if not asked:
        return [Signal("no_buying_signal")]
    signals = [Signal("buying_signal", said=asked, count=len(asked))]
    if len(asked) >= STRONG_BUYING_SIGNALS:
        signals.append(Signal("strong_buying_signals", said=asked, count=len(asked)))
    return signals


def _objections(facts: LeadFacts) -> list[Signal]:
    signals = []
    open_ones = tuple(o.text for o in facts.objections if not o.answered)
    if open_ones:
        signals.append(Signal("open_objections", said=open_ones, count=len(open_ones)))
    elif facts.objections:
        # No objection at all is no evidence either way ("no questions usually means no purchase").
        signals.append(Signal("all_objections_answered", count=len(facts.objections)))
    for signal_id, categories in CATEGORY_SIGNALS:
        said = tuple(o.text for c in categories for o in facts.objections if o.category == c)
        if said:
            signals.append(Signal(signal_id, said=said))
    return signals


def _authority(authority: Any) -> list[Signal]:
    role = authority.get("role") if isinstance(authority, Mapping) else None
    named = deciders(authority)
    if role == "decision_maker":
        return [Signal("decision_maker_confirmed")]
    if role == "shared":
        return [Signal("decision_maker_unknown", "shared" if named else "shared_unnamed", details=named)]
    if role in ("influencer", "unknown") or authority in (None, "skipped"):
        variant = "named" if named else "not_said" if role else "nobody_said"
        return [Signal("decision_maker_unknown", variant, details=named)]
    return []


def _need(need: Any) -> Signal:
    # "just browsing", "not sure we need this", "I don't know" are answers, but not a need.
    if isinstance(need, Mapping) and need.get("text") and need.get("category") != "none" and not need.get("unknown"):
        return Signal("need_known", details={"need": need.get("category_label") or need["text"]})
    return Signal("need_unknown")


def _timeline(timeline: Any, today: date) -> list[Signal]:
    target = timeline.get("target") if isinstance(timeline, Mapping) else None
    if isinstance(timeline, Mapping) and timeline.get("kind") == "asap":
        return [Signal("urgent_timeline", "asap")]
    if target and (date.fromisoformat(target) - today).days <= URGENT_DAYS:
        return [Signal("urgent_timeline", "date", details={"when": timeline.get("label") or target})]
    if not target:
        return [Signal("no_timeline")]
    return []


def _budget(budget: Any, budget_met: bool | None) -> list[Signal]:
    status = budget.get("status") if isinstance(budget, Mapping) else None
    if status == "amount" and budget_met is not False:
        return [Signal("budget_fits", "met" if budget_met else "figure")]
    if status in ("none", "undisclosed") or budget in (None, "skipped"):
        return [Signal("budget_missing", status if status in ("none", "undisclosed") else "not_given")]
    return []


def _tier(tier: str | None) -> list[Signal]:
    if not tier:
        return []
    group = tier if tier in ("hot", "warm") else "cold"
    return [Signal(f"{group}_lead", details={"tier": tier})]
