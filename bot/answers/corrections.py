"""A correction in the prospect's words, reduced to the new answer: "actually the need is better
revenue forecasting" corrects the need to "better revenue forecasting", "the company is
Initech" the company to "Initech". Without those words the message is kept as said ("oh wait,
we have no budget at all"), since the parsers read a whole answer."""

from __future__ import annotations

import re

from bot.answers.field_names import ANY_FIELD_NAME

_LEAD_IN = re.compile(
    r"^(?:(?:oh|oops|wait|sorry|no|nope|hmm|actually|correction|scratch that|my bad|i meant|i mean|"
    r"to correct|one (?:more )?thing|update|change)\b[\s,:;.!-]*)+",
    re.IGNORECASE,
)
_LINK = re.compile(
    r"^[\s,:;=-]*(?:(?:is|was|are|were|'s|should be|will be|would be|has (?:moved|changed) to|"
    r"moved to|changed to|is now|now|to|=)\b|[:=])[\s,:;-]*",
    re.IGNORECASE,
)

# "the budget is 30k", "our go-live date should be June" ("my boss is the one who decides" keeps
# its words: the boss is part of the answer).
_NAMED_FIELD = re.compile(
    rf"^(?:the|my|our|your)\s+(?:{ANY_FIELD_NAME})\s*"
    r"(?:is|was|are|should be|will be|has moved to|moved to|changed to|is now|:|=)\s*(.+)$",
    re.IGNORECASE,
)


def corrected_text(text: str, field_end: int | None = None) -> str:
    """The new answer in a correction. `field_end` is where the words naming the field end
    ("...the budget| is 30k"), when NLU found them."""
    text = text.strip()
    if field_end is None:
        named = _NAMED_FIELD.match(_LEAD_IN.sub("", text))
        if named:
            return named.group(1).strip(" .!")
    elif _opens_with_field(text[:field_end]):
        linked = _LINK.match(text[field_end:])
        value = text[field_end + linked.end() :].strip(" .!") if linked else ""
        if value:
            return value
    return _LEAD_IN.sub("", text).strip() or text


def _opens_with_field(before: str) -> bool:
    """Whether only a lead-in and the field's name come first ("actually the budget"), not an
    answer that mentions the field ("we have no budget")."""
    rest = _LEAD_IN.sub("", before.strip())
    rest = re.sub(r"^(?:the|my|our|your)\s+", "", rest, flags=re.IGNORECASE)
    return 0 < len(rest.split()) <= 3
