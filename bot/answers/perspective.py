"""A prospect's answer as a rep reports it ("their CFO signs off", "she has about 20k"), put in
the prospect's own voice ("our CFO signs off", "I have about 20k"), so the parsers that read
prospects' answers read it the same way."""

from __future__ import annotations

import re

# In order: contractions and verb forms before the bare pronouns they contain.
_SWAPS = [
    (r"they're", "we're"),
    (r"they've", "we've"),
    (r"they'll", "we'll"),
    (r"they'd", "we'd"),
    (r"they decide", "I decide"),  # the contact, as a rep says it
    (r"they", "we"),
    (r"them", "us"),
    (r"their", "our"),
    (r"theirs", "ours"),
    (r"themselves", "ourselves"),
    (r"(?:she|he)'s", "I'm"),
    (r"(?:she|he) is", "I am"),
    (r"(?:she|he) has", "I have"),
    (r"(?:she|he) was", "I was"),
    (r"(?:she|he) does", "I do"),
    (r"(?:she|he) decides", "I decide"),
    (r"(?:she|he) needs", "I need"),
    (r"(?:she|he) wants", "I want"),
    (r"(?:she|he)", "I"),
    (r"(?:his|her)", "my"),
    (r"him", "me"),
    (r"(?:himself|herself)", "myself"),
]
_PATTERN = re.compile(r"\b(" + "|".join(f"(?:{pattern})" for pattern, _ in _SWAPS) + r")\b", re.IGNORECASE)
_COMPILED = [(re.compile(rf"^{pattern}$", re.IGNORECASE), said) for pattern, said in _SWAPS]


def in_prospects_voice(text: str) -> str:
    """`text` with the third person (the prospect, as the rep speaks of them) made first person."""

    def swap(match: re.Match[str]) -> str:
        for pattern, said in _COMPILED:
            if pattern.match(match.group(0)):
                return said
        return match.group(0)

    return _PATTERN.sub(swap, text)
