"""Closing practice: once the buyer's objections are dealt with, the buyer asks buying questions
(or none) and says when they want to be live; the rep asks for the order, and the closing
advisor judges whether that close fits.

The situation is read as the advisor reads a real lead (bot/services/closing): the scenario's
need, budget and decider and the buyer's timeline go through the answer parsers, the buying
questions count as buying signals, and each objection of the session counts as answered when
the rep handled it. The close the rep used is named from the cues in playbook/rehearsal.yml
(`closing.cues`), or is a next step when the reply proposes a dated one (the rubric's next-step
criterion); where a reply shows several closes, the one that fits best counts.

Marks (of 3): when nothing blocks a close, the best-fitting close 3, another that fits 2, one
that backfires here 1 (the rep did ask), only a next step 1, nothing 0; when something blocks
it, a next step 3 and a close 0.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.answers.perspective import in_prospects_voice
from bot.answers.questions import read_answer
from bot.playbook.closing import NEXT_STEP, Catalogue
from bot.playbook.rehearsal import ClosingPractice, RehearsalPlaybook
from bot.services.closing.recommend import RankedTechnique, Recommendation, rank, recommend
from bot.services.closing.signals import LeadFacts, ObjectionHeard, Signal, read_signals
from bot.services.rehearsal.draw import Drawn
from bot.services.rehearsal.rubric import phrase_in, proposed_next_step
from bot.settings import Settings

CLOSING = "closing"  # the category of the closing turn
POSSIBLE = 3
HANDLED = 2


@dataclass(frozen=True)
class ClosingSetup:
    """What the buyer brings to the close, drawn once and kept with the rehearsal."""

    timeline: str
    questions: tuple[str, ...]  # the buying questions asked

    def as_dict(self) -> dict[str, Any]:
        return {"timeline": self.timeline, "questions": list(self.questions)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClosingSetup:
        return cls(str(data["timeline"]), tuple(data.get("questions") or ()))


@dataclass(frozen=True)
class ClosingDrawn(Drawn):
    """The buyer's closing line (category CLOSING), with what it was drawn from."""

    setup: ClosingSetup


@dataclass(frozen=True)
class CloseJudgement:
    verdict: str  # best, fits, poor, cautious, too_early, held_back, none
    used: RankedTechnique | None  # the rep's close as the advisor ranks it here
    said: str  # the words that showed it
    score: int
    recommendation: Recommendation
    known: Mapping[str, str]  # the scenario's values for the example's placeholders
    possible: int = POSSIBLE

    @property
    def handled(self) -> bool:
        return self.score >= HANDLED


def draw_setup(practice: ClosingPractice, objections_open: bool, rng: random.Random) -> ClosingSetup:
    weights = practice.weights_if_open if objections_open else practice.weights
    count = min(rng.choices(range(len(weights)), weights=weights)[0], len(practice.asked))
    return ClosingSetup(rng.choice(practice.timelines), tuple(rng.sample(practice.asked, count)))


def buyer_line(setup: ClosingSetup, still_open: Sequence[str], practice: ClosingPractice, rng: random.Random) -> str:
    said = list(setup.questions) or [rng.choice(practice.none)]
    said.append(practice.timeline_line.format(timeline=setup.timeline))
    if still_open:
        said.append(practice.still_open.format(objection=still_open[0]))
    return " ".join(said)


def lead_facts(
    scenario: Mapping[str, Any],
    setup: ClosingSetup,
    objections: Sequence[ObjectionHeard],
    settings: Settings,
    today: date,
) -> LeadFacts:
    """The buyer as a lead: what the advisor would know after this conversation."""
    said = {
        "need": scenario["need"],
        "budget": scenario["budget"],
        "authority": in_prospects_voice(scenario["decider"]),  # "they decide" -> "I decide"
        "timeline": setup.timeline,
    }
    answers = {key: read_answer(key, text, today, settings).value for key, text in said.items()}
    return LeadFacts(
        lead_id=0,
        answers={key: value for key, value in answers.items() if value is not None},
        buying_signals=setup.questions,
        objections=tuple(objections),
    )


def closes_cued(reply: str, playbook: RehearsalPlaybook) -> list[tuple[str, str]]:
    """(technique id, the words that show it) for each close whose cues the reply uses."""
    return [(technique, said) for technique, cues in playbook.closing.cues.items() if (said := phrase_in(reply, cues))]


def judge_close(
    reply: str,
    facts: LeadFacts,
    catalogue: Catalogue,
    playbook: RehearsalPlaybook,
    today: date,
    known: Mapping[str, str],
) -> CloseJudgement:
    signals: tuple[Signal, ...] = tuple(read_signals(facts, today))
    recommendation = recommend(signals, catalogue)
    ranked = {r.technique.id: r for r in rank(signals, catalogue)}
    cued = [(ranked[t], said) for t, said in closes_cued(reply, playbook) if t in ranked]
    closes = [(r, said) for r, said in cued if r.technique.id != NEXT_STEP]
    # A next step named as one ("with your CFO") counts before a close in the same reply; one the
    # rubric finds ("send it today") only when no close is named.
    step = next(((r, said) for r, said in cued if r.technique.id == NEXT_STEP), None)
    proposed = proposed_next_step(reply, playbook)
    any_step = step or ((ranked[NEXT_STEP], proposed) if proposed else None)

    def judged(verdict: str, score: int, pick: tuple[RankedTechnique, str] | None) -> CloseJudgement:
        technique, said = pick if pick else (None, "")
        return CloseJudgement(verdict, technique, said, score, recommendation, known)

    if not recommendation.ready:
        if step or (any_step and not closes):
            return judged("held_back", POSSIBLE, any_step)
        return judged("too_early", 0, closes[0]) if closes else judged("none", 0, None)
    if not closes:
        return judged("cautious", 1, any_step) if any_step else judged("none", 0, None)
    best = max(closes, key=lambda pick: pick[0].score)
    top = recommendation.closes[0].score if recommendation.closes else 0
    if best[0].score > 0 and best[0].score >= top:
        return judged("best", POSSIBLE, best)
    return judged("fits", 2, best) if best[0].score > 0 else judged("poor", 1, best)


def buyer_answer(judgement: CloseJudgement, practice: ClosingPractice, rng: random.Random) -> str:
    if judgement.verdict == "held_back":
        return rng.choice(practice.buyer["agrees_next_step"])
    if judgement.handled:
        return rng.choice(practice.buyer["agrees"])
    return rng.choice(practice.buyer["hesitates" if judgement.score else "not_yet"])
