"""Which answer of the library to give first: ranked by what the team reports back.

A helpful / not helpful verdict is direct evidence about the answer; a won or lost deal says
something about it but much about other things too, so it counts half.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.playbook.objections import Category, Response

FEEDBACK_WEIGHT = 1.0
OUTCOME_WEIGHT = 0.5


@dataclass(frozen=True)
class ResponseStats:
    uses: int = 0
    helpful: int = 0
    not_helpful: int = 0
    won: int = 0
    lost: int = 0

    @property
    def rating(self) -> float:
        """Share of good evidence, starting from an even 1-to-1 prior so one verdict moves an
        answer but does not decide it: untried 0.50, one helpful 0.67, one not helpful 0.33."""
        good = FEEDBACK_WEIGHT * self.helpful + OUTCOME_WEIGHT * self.won
        bad = FEEDBACK_WEIGHT * self.not_helpful + OUTCOME_WEIGHT * self.lost
        return (1 + good) / (2 + good + bad)


NO_STATS = ResponseStats()


def rank_responses(category: Category, stats: Mapping[str, ResponseStats]) -> list[Response]:
    """The category's responses, best first: by rating, then in the library's own order (the
    author puts the first answer to try first)."""
    order = {response.id: index for index, response in enumerate(category.responses)}
    return sorted(category.responses, key=lambda r: (-stats.get(r.id, NO_STATS).rating, order[r.id]))


# A rep's (or prospect's) verdict on the answer shown last.
FEEDBACK = ("helpful", "not_helpful")
