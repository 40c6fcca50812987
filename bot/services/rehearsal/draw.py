"""Which objection the buyer raises next, drawn from real data.

A category is drawn in proportion to how often prospects raised it (the stored occurrences,
recent ones); one the team placed by hand (an unplaced objection assigned) counts extra, as it
is one the assistant could not handle; and a category where this rep scored low so far weighs
more. A category nobody raised yet keeps a small weight, so every one comes up now and then.
Within the category, a phrasing prospects used is drawn by how often it was heard, next to
the library's own signals.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.playbook.objections import ObjectionLibrary

UNSEEN = 0.5  # weight of a category no prospect raised in the period
ASSIGNED = 2.0  # an objection the team had to place by hand counts this much
SIGNAL = 1.0  # weight of each of the library's own phrasings


@dataclass(frozen=True)
class Heard:
    category: str
    text: str
    assigned: bool = False


@dataclass(frozen=True)
class Drawn:
    category: str
    text: str


def category_weights(
    library: ObjectionLibrary,
    heard: Iterable[Heard],
    weakness: Mapping[str, float] | None = None,
    only: Iterable[str] | None = None,
) -> dict[str, float]:
    """Each category's weight; `weakness` (0 to 1, by category) is how far below full marks
    this rep scored there; `only` keeps the categories asked for."""
    counts: dict[str, float] = {}
    for h in heard:
        counts[h.category] = counts.get(h.category, 0.0) + (ASSIGNED if h.assigned else 1.0)
    allowed = set(only) if only else None
    weights = {}
    for category in library.category_ids:
        if allowed is not None and category not in allowed:
            continue
        weights[category] = (counts.get(category) or UNSEEN) * (1.0 + (weakness or {}).get(category, 0.0))
    return weights


def draw(
    library: ObjectionLibrary,
    heard: Iterable[Heard],
    rng: random.Random,
    weakness: Mapping[str, float] | None = None,
    only: Iterable[str] | None = None,
    avoid: Iterable[str] = (),
) -> Drawn:
    heard = list(heard)
    weights = category_weights(library, heard, weakness, only)
    skipped = set(avoid)
    if len(weights) > len(skipped & set(weights)):
        weights = {c: w for c, w in weights.items() if c not in skipped}
    categories = list(weights)
    category = rng.choices(categories, weights=[weights[c] for c in categories])[0]
    phrasings: dict[str, float] = {}
    for h in heard:
        if h.category == category:
            phrasings[h.text.strip()] = phrasings.get(h.text.strip(), 0.0) + (ASSIGNED if h.assigned else 1.0)
    for signal in library.category(category).signals:
        phrasings[signal] = phrasings.get(signal, 0.0) + SIGNAL
    texts = list(phrasings)
    return Drawn(category, rng.choices(texts, weights=[phrasings[t] for t in texts])[0])
