"""Scores a lead on BANT with the sales manager's rules (playbook/scoring.yml).

Every criterion yields an outcome (e.g. budget "amount_meets_minimum"), the outcome a credit
from the rules file, and the credit times the criterion's weight its points. Each reason
quotes the prospect's own words as evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from bot.playbook.files import PlaybookError, read_yaml

CRITERIA = ("budget", "authority", "need", "timeline")


@dataclass(frozen=True)
class CriterionAnswer:
    """What the prospect said for one criterion: their words and the normalised value."""

    raw_text: str
    value: dict[str, Any] | None
    skipped: bool = False


@dataclass(frozen=True)
class Reason:
    criterion: str
    outcome: str
    credit: float
    points: float
    max_points: float
    evidence: str | None
    # The tier the score alone gives, when this criterion earned nothing and its cap held the
    # lead below it (a hot score with no need is cold).
    held_from: str | None = None

    @property
    def verdict(self) -> str:
        if self.credit >= 1.0:
            return "met"
        return "partly met" if self.credit > 0 else "not met"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict}


@dataclass(frozen=True)
class LeadScore:
    score: int
    tier: str
    reasons: list[Reason]
    rules_version: str


@dataclass(frozen=True)
class ScoringRules:
    version: str
    weights: dict[str, float]
    tiers: dict[str, float]
    budget: dict[str, Any]
    authority: dict[str, Any]
    need: dict[str, Any]
    timeline: dict[str, Any]
    # criterion -> the highest tier a lead reaches when that criterion earns no points
    caps: dict[str, str] = field(default_factory=dict)


class ScoringRulesError(PlaybookError):
    pass


def load_rules(path: str | Path) -> ScoringRules:
    data = read_yaml(path, ScoringRulesError)
    if not isinstance(data, dict):
        raise ScoringRulesError(f"{path}: the file must be a map with version, weights, tiers, {', '.join(CRITERIA)}")
    missing = [key for key in ("version", "weights", "tiers", *CRITERIA) if key not in data]
    if missing:
        raise ScoringRulesError(f"{path}: missing section(s) {', '.join(missing)}")
    if set(data["weights"]) != set(CRITERIA):
        raise ScoringRulesError(f"{path}: weights must name exactly {', '.join(CRITERIA)}")
    caps = data.get("caps") or {}
    for criterion, tier in caps.items():
        if criterion not in CRITERIA or tier not in data["tiers"]:
            raise ScoringRulesError(f"{path}: caps: {criterion}: {tier} must name a criterion and one of the tiers")
    return ScoringRules(
        version=str(data["version"]),
        weights=data["weights"],
        tiers=data["tiers"],
        budget=data["budget"],
        authority=data["authority"],
        need=data["need"],
        timeline=data["timeline"],
        caps=caps,
    )


def budget_outcome(value: dict[str, Any], rules: dict[str, Any]) -> str:
    if value["status"] != "amount":
        return value["status"]
    currency = value.get("currency") or rules["assumed_currency"]
    rate = rules["usd_per_unit"].get(currency)
    amount = value.get("amount_max") or value["amount"]
    if value.get("period") == "month":
        amount *= 12
    if rate is None:
        # An unknown currency: the amount is real but cannot be compared.
        return "amount_meets_minimum"
    return "amount_meets_minimum" if amount * rate >= rules["minimum_usd"] else "amount_below_minimum"


def authority_outcome(value: dict[str, Any]) -> str:
    role = value["role"]
    if role == "influencer" and (value.get("decider_name") or value.get("decider_role")):
        return "influencer_decider_named"
    return role


def need_outcome(value: dict[str, Any]) -> str:
    if value["category"] == "none":
        return "none"
    return "uncategorised" if value["category"] == "other" else "categorised"


def timeline_outcome(value: dict[str, Any], rules: dict[str, Any], today: date) -> str:
    if value["kind"] in ("asap", "undecided"):
        return value["kind"]
    days = (date.fromisoformat(value["target"]) - today).days
    if days <= rules["soon_days"]:
        return "soon"
    return "within_a_year" if days <= rules["this_year_days"] else "later"


def _outcome(criterion: str, answer: CriterionAnswer | None, rules: ScoringRules, today: date) -> str:
    if answer is None or answer.skipped or answer.value is None:
        return "skipped"
    if answer.value.get("unknown"):
        return "unknown"
    if criterion == "budget":
        return budget_outcome(answer.value, rules.budget)
    if criterion == "authority":
        return authority_outcome(answer.value)
    if criterion == "need":
        return need_outcome(answer.value)
    return timeline_outcome(answer.value, rules.timeline, today)


def tier_for(score: float, tiers: Mapping[str, float], cap: str | None = None) -> str:
    """The highest tier the score reaches, but no higher than `cap`."""
    for tier, minimum in sorted(tiers.items(), key=lambda item: -item[1]):
        if score >= minimum and (cap is None or minimum <= tiers[cap]):
            return tier
    return "unqualified"


def score_lead(answers: Mapping[str, CriterionAnswer], rules: ScoringRules, today: date) -> LeadScore:
    reasons = []
    for criterion in CRITERIA:
        answer = answers.get(criterion)
        outcome = _outcome(criterion, answer, rules, today)
        credit = float(getattr(rules, criterion)["credit"][outcome])
        weight = float(rules.weights[criterion])
        evidence = answer.raw_text if answer and not answer.skipped else None
        reasons.append(
            Reason(
                criterion=criterion,
                outcome=outcome,
                credit=credit,
                points=round(weight * credit, 1),
                max_points=weight,
                evidence=evidence,
            )
        )
    total = round(sum(reason.points for reason in reasons))
    capped_by = [rules.caps[r.criterion] for r in reasons if r.points == 0 and r.criterion in rules.caps]
    cap = min(capped_by, key=lambda tier: rules.tiers[tier]) if capped_by else None
    tier, uncapped = tier_for(total, rules.tiers, cap), tier_for(total, rules.tiers)
    if tier != uncapped:
        reasons = [
            replace(r, held_from=uncapped) if r.points == 0 and rules.caps.get(r.criterion) == cap else r
            for r in reasons
        ]
    return LeadScore(score=total, tier=tier, reasons=reasons, rules_version=rules.version)
