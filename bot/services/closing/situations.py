"""Every situation the advisor can meet, as combinations of the buyer signals, and which close it
recommends in each: for the reachability test and for reading a catalogue change as a whole
(`python -m bot.services.closing.situations [catalogue.yml]`)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from itertools import product

from bot.playbook.closing import Catalogue, load_catalogue
from bot.services.closing.recommend import Recommendation, recommend
from bot.services.closing.signals import Signal
from bot.settings import REPO_ROOT

# The signals in groups; a situation takes one choice from each group (None: none of them).
SIGNAL_GROUPS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("no_buying_signal",), ("buying_signal",), ("buying_signal", "strong_buying_signals")),
    ((), ("open_objections",), ("all_objections_answered",)),
    ((), ("price_focus",)),
    ((), ("hesitation",)),
    ((), ("trust_doubts",)),
    ((), ("competitor_in_play",)),
    (("decision_maker_confirmed",), ("decision_maker_unknown",)),
    ((), ("urgent_timeline",), ("no_timeline",)),
    (("need_known",), ("need_unknown",)),
    ((), ("budget_fits",), ("budget_missing",)),
    (("hot_lead",), ("warm_lead",), ("cold_lead",)),
)


def situations() -> Iterator[tuple[Signal, ...]]:
    for choice in product(*SIGNAL_GROUPS):
        yield tuple(
            Signal(signal_id, variant="not_said" if signal_id == "decision_maker_unknown" else "")
            for group in choice
            for signal_id in group
        )


def best_close(recommendation: Recommendation) -> str:
    """The close ranked first once anything blocking is resolved ("next_step" when none fits)."""
    return recommendation.closes[0].technique.id if recommendation.closes else recommendation.now.technique.id


def distribution(catalogue: Catalogue) -> tuple[Counter[str], Counter[str]]:
    """How often each technique is the best close, and what the advisor says to do now."""
    best: Counter[str] = Counter()
    now: Counter[str] = Counter()
    for signals in situations():
        recommendation = recommend(signals, catalogue)
        best[best_close(recommendation)] += 1
        now[recommendation.now.technique.id] += 1
    return best, now


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else REPO_ROOT / "playbook" / "closing_techniques.yml"
    best, now = distribution(load_catalogue(path))
    total = sum(best.values())
    for technique in sorted(set(best) | set(now), key=lambda t: -best[t]):
        print(
            f"{technique:20} best close {best[technique]:6} ({best[technique] / total:5.1%})   now {now[technique]:6}"
        )
