"""Which close fits a lead, and what must be resolved before any close.

Each technique of the catalogue scores the sum of the points it gives to the lead's signals;
its reasons are the signals that scored for it. Apart from the ranking, some signals block a
close outright: a deal with any of them is not ready, and the advice is to agree a next step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.playbook.closing import NEXT_STEP, RISKS, Catalogue, ClosingTechnique
from bot.services.closing.signals import LeadFacts, Signal
from bot.store import LeadRecord

_RISK_ORDER = {risk: index for index, risk in enumerate(RISKS)}
# The signal's wording variant -> the blocker it makes.
_DECIDER_BLOCKERS = {
    "shared": "decider_shared",
    "shared_unnamed": "decider_shared_unnamed",
    "named": "decider_named",
    "not_said": "decider_unknown",
    "nobody_said": "decider_unknown",
}


@dataclass(frozen=True)
class RankedTechnique:
    technique: ClosingTechnique
    score: int
    reasons: tuple[Signal, ...]  # signals that count for it, strongest first
    warnings: tuple[Signal, ...]  # signals that count against it


@dataclass(frozen=True)
class Blocker:
    id: str  # decider_shared, decider_named, decider_unknown, open_objections, need_unknown, budget_missing
    signal: Signal  # the evidence


@dataclass(frozen=True)
class Recommendation:
    ready: bool
    resolve_first: tuple[Blocker, ...]  # what must happen before any close
    now: RankedTechnique  # what to do now: the best close, or a next step when not ready
    closes: tuple[RankedTechnique, ...]  # the closes that fit, best first (once resolved, if not ready)


@dataclass(frozen=True)
class Advice:
    """A lead, what it tells us, and what to do about it."""

    lead: LeadRecord
    facts: LeadFacts
    signals: tuple[Signal, ...]
    recommendation: Recommendation
    known: Mapping[str, str]  # values for the technique example's placeholders


def blockers(signals: Sequence[Signal]) -> list[Blocker]:
    present = {s.id: s for s in signals}
    found = []
    if "decision_maker_unknown" in present:
        signal = present["decision_maker_unknown"]
        found.append(Blocker(_DECIDER_BLOCKERS[signal.variant], signal))
    for signal_id in ("open_objections", "need_unknown", "budget_missing"):
        if signal_id in present:
            found.append(Blocker(signal_id, present[signal_id]))
    return found


def rank(signals: Sequence[Signal], catalogue: Catalogue) -> list[RankedTechnique]:
    """Every technique of the catalogue, best first for these signals."""
    present = {s.id: s for s in signals}
    ranked = []
    for position, technique in enumerate(catalogue.techniques):
        counted = [(weight, present[sid]) for sid, weight in technique.points.items() if sid in present]
        score = sum(weight for weight, _ in counted)
        reasons = tuple(s for weight, s in sorted(counted, key=lambda c: -c[0]) if weight > 0)
        warnings = tuple(s for weight, s in sorted(counted, key=lambda c: c[0]) if weight < 0)
        order = (-score, _RISK_ORDER[technique.relationship_risk], position)
        ranked.append((order, RankedTechnique(technique, score, reasons, warnings)))
    ranked.sort(key=lambda pair: pair[0])
    return [r for _, r in ranked]


def recommend(signals: Sequence[Signal], catalogue: Catalogue) -> Recommendation:
    ranked = rank(signals, catalogue)
    by_id = {r.technique.id: r for r in ranked}
    closes = tuple(r for r in ranked if r.score > 0 and r.technique.id != NEXT_STEP)
    found = blockers(signals)
    # Not ready, or nothing fits: no close now; agree the next step that resolves it.
    now = closes[0] if closes and not found else by_id[NEXT_STEP]
    return Recommendation(ready=not found, resolve_first=tuple(found), now=now, closes=closes)
