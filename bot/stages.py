"""The stages a deal moves through (playbook section 1) and reading a rep's "lead 7 is won"."""

from __future__ import annotations

import re
from collections.abc import Sequence

# In the order of the source's flow; a closed deal ends in one of the four closed stages.
STAGES: dict[str, str] = {
    "found": "found",
    "invited": "invited",
    "visited": "visited",
    "following_up": "following up",
    "closing": "closing",
    "closed_won": "closed: won",
    "closed_upgraded": "closed: upgraded",
    "closed_paused": "closed: paused",
    "closed_lost": "closed: lost",
    "maintaining": "maintaining",
}
CLOSED = ("closed_won", "closed_upgraded", "closed_paused", "closed_lost")
# The outcome a stage gives the lead (it ranks the objection answers given to it); None clears.
OUTCOME_OF = {"closed_won": "won", "closed_upgraded": "won", "closed_lost": "lost", "closed_paused": None}

# Checked in this order: the first pattern found in the message wins.
_STAGE_WORDS: tuple[tuple[str, str], ...] = (
    ("closed_upgraded", r"upgrad\w*|upsold|upsell\w*|expanded"),
    ("closed_paused", r"paus\w*|on hold|put .* on ice|shelved|postponed"),
    ("closed_lost", r"\blost\b|\blose\b|went with|chose (?:another|a competitor)|dropped out|said no|walked away"),
    ("closed_won", r"\bwon\b|\bwin\b|signed|\bclosed\b|bought|purchased|deal done|got the deal"),
    ("maintaining", r"maintain\w*|maintenance|account management|existing customer|renewal"),
    ("closing", r"\bclos(?:e|ing)\b|negotiat\w*|contract stage|proposal sent"),
    ("following_up", r"follow(?:ing)?[ -]?up|following"),
    ("visited", r"visit\w*|met them|first meeting|meeting (?:was )?done|demo (?:was )?done|had the demo|met with"),
    ("invited", r"invit\w*|booked a (?:call|meeting|demo)|scheduled a (?:call|meeting|demo)"),
    ("found", r"\bfound\b|new lead|just found"),
)


def stage_label(stage: str) -> str:
    return STAGES.get(stage, stage)


def parse_stage(text: str) -> str | None:
    """The stage a rep's message names: "move lead 12 to closing", "we lost Globex"."""
    lowered = text.lower()
    for stage, pattern in _STAGE_WORDS:
        if re.search(pattern, lowered):
            return stage
    return None


def parse_technique(text: str, techniques: Sequence[tuple[str, str]]) -> str | None:
    """A closing technique named in the message, by id or by name ("with a summary close",
    "using the pilot"); `techniques` are (id, name) pairs."""
    lowered = text.lower()
    for technique_id, name in techniques:
        words = {
            technique_id.replace("_", " "),
            technique_id.replace("_", "-"),
            re.sub(r"\s*\(.*?\)|\bclose\b", "", name.lower()).strip(),
        }
        if any(word and re.search(rf"\b{re.escape(word)}\b", lowered) for word in words):
            return technique_id
    return None


_LEAD_NUMBER = re.compile(r"(?:\blead\s*(?:no\.?|number|#)?\s*|#)(\d{1,9})\b", re.IGNORECASE)


def lead_number(text: str) -> int | None:
    """ "lead 12", "lead #12", "#12", "lead no. 12" -> 12."""
    match = _LEAD_NUMBER.search(text)
    return int(match.group(1)) if match else None
