"""Which answer of the library to give first: ranked by what the team and prospects report back.

Evidence about an answer: a rep's verdict ("that worked" / "that didn't help") counts 1; a
prospect's reaction to the answer they were given counts half (it says whether the answer
landed with one person, not whether it helps to win); a deal won or lost after the answer was
given counts half (it says much about other things too).

One voice cannot reorder what prospects hear: an answer keeps the untried rating, and its place
in the file, until evidence has come from at least two different conversations or deals. After
that its rating is the share of good evidence from an even 1-to-1 start, so one more verdict
moves it but does not decide it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.playbook.objections import Category, Response

REP_WEIGHT = 1.0
PROSPECT_WEIGHT = 0.5
OUTCOME_WEIGHT = 0.5
# Conversations or deals that must have given evidence before an answer's rating counts.
MIN_SOURCES = 2
UNTRIED = 0.5

# A verdict on the answer shown last.
FEEDBACK = ("helpful", "not_helpful")


@dataclass(frozen=True)
class ResponseStats:
    uses: int = 0
    helpful: int = 0  # rep verdicts
    not_helpful: int = 0
    prospect_helpful: int = 0  # prospects' reactions
    prospect_not_helpful: int = 0
    won: int = 0
    lost: int = 0
    sources: int = 0  # different conversations (verdicts) and deals (outcomes) behind the evidence

    @property
    def rating(self) -> float:
        if self.sources < MIN_SOURCES:
            return UNTRIED
        good = REP_WEIGHT * self.helpful + PROSPECT_WEIGHT * self.prospect_helpful + OUTCOME_WEIGHT * self.won
        bad = REP_WEIGHT * self.not_helpful + PROSPECT_WEIGHT * self.prospect_not_helpful + OUTCOME_WEIGHT * self.lost
        return (1 + good) / (2 + good + bad)


NO_STATS = ResponseStats()


def rank_responses(category: Category, stats: Mapping[str, ResponseStats]) -> list[Response]:
    """The category's responses, best first: by rating, then in the library's own order (the
    author puts the first answer to try first)."""
    order = {response.id: index for index, response in enumerate(category.responses)}
    return sorted(category.responses, key=lambda r: (-stats.get(r.id, NO_STATS).rating, order[r.id]))
