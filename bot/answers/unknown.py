"""Answers that only say the prospect doesn't know ("idk", "no idea tbh", "dunno"): stored as
unknown rather than read as an answer, so "dunno" to the budget question is not "budget
being set" and "not sure" to the need question is not a need.

Only a reply that is nothing but a don't-know counts: "not sure, maybe 20k" names an amount and
"don't know yet" says the figure is being set, so the parsers read those.
"""

from __future__ import annotations

import re

_DONT_KNOW = (
    r"(?:i|we)?\s*(?:really\s+|honestly\s+)?(?:don'?t|do\s+not|dont|didn'?t|have\s+no)\s+(?:know|idea|clue)"
    r"|idk|dunno|donno|no\s+(?:idea|clue)|not\s+a\s+clue|beats\s+me|who\s+knows|hard\s+to\s+say"
    r"|(?:i'?m|we'?re|i\s+am|we\s+are)?\s*(?:really\s+)?(?:not|un)\s*(?:sure|certain)"
    r"|(?:i\s+|we\s+)?(?:can'?t|cannot)\s+say|no\s+one\s+knows|nobody\s+knows"
)
_FILLER = (
    r"honestly|tbh|to\s+be\s+honest|frankly|really|sorry|um+|uh+|hmm+|erm|well|actually|lol|haha|ngl"
    r"|about\s+that|on\s+that|at\s+all|either|man|mate|sadly|unfortunately|i'?m\s+afraid|to\s+be\s+fair"
)
_ONLY_DONT_KNOW = re.compile(
    rf"^(?:(?:{_FILLER})\s*)*(?:{_DONT_KNOW})(?:\s*(?:{_FILLER}))*$",
    re.IGNORECASE,
)


def says_dont_know(text: str | None) -> bool:
    """True when the whole reply says "I don't know" and nothing more."""
    if not text:
        return False
    words = re.sub(r"[^\w'\s]", " ", text.replace("’", "'")).lower()
    return bool(_ONLY_DONT_KNOW.match(" ".join(words.split())))
