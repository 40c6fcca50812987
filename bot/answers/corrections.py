"""A correction in the prospect's words, reduced to the new answer: "actually the need is better
revenue forecasting" corrects the need to "better revenue forecasting", "the company is
Initech" the company to "Initech". Without those words the message is kept as said ("oh wait,
we have no budget at all"), since the parsers read a whole answer."""

from __future__ import annotations

import re

from bot.answers.field_names import ANY_FIELD_NAME, FIELD_NAMES

_LEAD_IN_WORD = (
    r"(?:oh|oops|uh|um|ugh|wait|sorry|no|nope|hmm|actually|correction|scratch that|my bad|typo|i meant|i mean|"
    r"to correct|one (?:more )?thing|let me|update|change|fix|edit|correct|modify|revise|set|please)\b[\s,:;.!-]*"
)
_LEAD_IN = re.compile(rf"^(?:{_LEAD_IN_WORD})+", re.IGNORECASE)
# What joins the answer's name to its new value: "is", "should be", "to", ":" ("is -30k" keeps its sign).
_LINK_WORDS = (
    r"[\s,:;=-]*(?:(?:is|was|are|were|'s|should be|will be|would be|has (?:moved|changed) to|"
    r"moved to|changed to|is now|now|to|=)\b|[:=])[\s,:;]*(?:-\s+)?"
)
_LINK = re.compile(rf"^{_LINK_WORDS}", re.IGNORECASE)

# Where a correction names its answer: in its opening ("actually the budget", "correction to the
# deadline", "change authority", "update what we liked"), or anywhere as "the <answer> is ..."
# ("can you change the decision maker to our CFO"); not "I need to..." or "we have no budget".
_ADJECTIVE = r"(?:(?:wrong|correct|right|real|main|actual|first|previous|whole|biggest)\s+)?"
_NAMING_OPENING = re.compile(
    rf"^(?:{_LEAD_IN_WORD})*(?:(?:to|on|in|about|for)\s+)?(?:(?:the|my|our|your)\s+)?"
    rf"{_ADJECTIVE}\b({ANY_FIELD_NAME})\b",
    re.IGNORECASE,
)
_NAMING_CLAUSE = re.compile(
    rf"\b(?:the|my|our|your)\s+{_ADJECTIVE}({ANY_FIELD_NAME})(?={_LINK_WORDS})",
    re.IGNORECASE,
)
_FIELD_BY_NAME = {re.sub(r"[\s-]+", " ", name): field for field, names in FIELD_NAMES.items() for name in names}


def named_field(text: str) -> tuple[str, int] | None:
    """The answer a correction names, and where the name ends in the stripped text; None if it
    names none."""
    text = text.strip()
    naming = _NAMING_OPENING.match(text) or _NAMING_CLAUSE.search(text)
    if naming is None:
        return None
    return _FIELD_BY_NAME[re.sub(r"[\s-]+", " ", naming.group(1).lower())], naming.end(1)


def corrected_text(text: str) -> str:
    """The new answer in a correction: what follows the words naming the answer ("actually the
    budget is| 30k"), or the message without its lead-in if it names none."""
    text = text.strip()
    named = named_field(text)
    if named:
        linked = _LINK.match(text[named[1] :])
        value = text[named[1] + linked.end() :].strip(" .!") if linked else ""
        if value:
            return value
    return _LEAD_IN.sub("", text).strip() or text
