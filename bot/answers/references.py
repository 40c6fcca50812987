"""What a rep's message refers to: a lead ("lead 12", "#12", a company), a stage ("we won it"),
a closing technique ("with a summary close")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answers.company import same_company

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


def mentions_company(text: str, company: str) -> bool:
    """Whether the message names the company: every word of its name, in order, as whole words."""
    words = text.replace("?", " ").replace("!", " ").replace(",", " ").replace("'s ", " ").split()
    for size in range(1, min(len(words), 6) + 1):
        for start in range(len(words) - size + 1):
            if same_company(company, " ".join(words[start : start + size])):
                return True
    return False
