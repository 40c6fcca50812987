"""What a rep's message refers to: a lead ("lead 12", "#12", a company), a stage ("we won it"),
a closing technique ("with a summary close")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers.company import is_not_a_name, same_company

# Checked in this order: the first pattern found in the message wins.
_STAGE_WORDS: tuple[tuple[str, str], ...] = (
    ("closed_upgraded", r"upgrad\w*|upsold|upsell\w*|expanded"),
    ("closed_paused", r"paus\w*|on hold|put .* on ice|shelved|postponed"),
    (
        "closed_lost",
        r"\blost\b|\blos(?:e|ing)\b|(?:went|go|goes|going) with|chose (?:another|a competitor)"
        r"|dropped out|said no|walked away",
    ),
    ("closed_won", r"\bwon\b|\bwin\b|\bsign(?:s|ed)?\b|\bclosed\b|bought|purchased|deal done|got the deal"),
    ("maintaining", r"maintain\w*|maintenance|account management|existing customer|renewal"),
    ("closing", r"\bclos(?:e|ing)\b|negotiat\w*|contract stage|proposal sent"),
    ("following_up", r"follow(?:ing)?[ -]?up|following"),
    ("visited", r"visit\w*|met them|first meeting|meeting (?:was )?done|demo (?:was )?done|had the demo|met with"),
    ("invited", r"invit\w*|booked a (?:call|meeting|demo)|scheduled a (?:call|meeting|demo)"),
    ("found", r"\bfound\b|new lead|just found"),
)

# A stage is recorded only when the rep states it as a fact. These read the clause that names
# the stage, up to the stage word ("Acme still hasn't signed", "we might lose Globex").
_NEGATION = re.compile(
    r"\b(?:not|never|no longer|yet to|failed to|nowhere near|cant|wont|dont|didnt|doesnt|hasnt|havent|isnt|"
    r"wasnt|arent|werent|couldnt|wouldnt|shouldnt)\b|\wn['’]t\b"
)
_HEDGE = re.compile(
    r"\b(?:might|may|maybe|perhaps|could|should|would|will|probably|likely|hopefully|hope|about to|"
    r"going to|gonna|expect\w*|close to|almost|nearly|plan\w* to|think|guess|if|once|when|until|unless|"
    r"want to|wants to|trying to|try to|ready to)\b|\bi['’]?ll\b|\bwe['’]?ll\b|\bthey['’]?ll\b"
)
_QUESTION_START = re.compile(
    r"^(?:should|shall|do|does|did|is|are|was|were|has|have|had|will|would|can we|could we|may we)\b"
)
_REQUEST_START = re.compile(r"^(?:please|pls|can you|could you|would you|will you)\b")
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|,\s*(?:but|and|so)\b|\bbut\b")


@dataclass(frozen=True)
class StageMention:
    """A stage a rep's message names, and whether it was stated as a fact: `doubt` is
    "negated" ("we didn't win Globex"), "question" ("should we mark it won?"), "hedged"
    ("Acme might sign") or None."""

    stage: str
    doubt: str | None = None


def read_stage(text: str) -> StageMention | None:
    """The stage a rep's message names ("move lead 12 to closing", "we lost Globex"), or None."""
    lowered = text.lower().strip()
    mentions = [
        StageMention(stage, _doubt(lowered, match))
        for stage, pattern in _STAGE_WORDS
        if (match := re.search(pattern, lowered))
    ]
    # "Acme signed but wants to pause onboarding": the stage stated as a fact wins.
    return next((m for m in mentions if m.doubt is None), mentions[0] if mentions else None)


def _doubt(lowered: str, match: re.Match[str]) -> str | None:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(lowered, 0, match.start())]
    # up to the stage word and its own "n't" ("won't")
    clause = lowered[starts[-1] if starts else 0 : match.end() + 3]
    if _NEGATION.search(clause):
        return "negated"
    asked = lowered.rstrip().endswith("?") or _QUESTION_START.match(clause.strip())
    if asked and not _REQUEST_START.match(lowered):
        return "question"
    if _HEDGE.search(clause):
        return "hedged"
    return None


def parse_stage(text: str) -> str | None:
    """The stage a rep's message states as a fact; None when it names none, or names one in a
    negation, a question or a hedge."""
    mention = read_stage(text)
    return mention.stage if mention and mention.doubt is None else None


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


# "qualify Acme", "new lead: Globex, on a call now", "I'm on a call with Initech, help me qualify them"
_TO_QUALIFY = re.compile(
    r"(?:\bqualify(?:ing)?|\bnew lead|\bon (?:a|the) (?:call|phone) with|\bcall(?:ing)? with|\bmeeting with|"
    r"\btalking to|\bspeaking (?:to|with)|\bbant (?:for|on))\s*[:,-]?\s*(?:the\s+)?(?:(?:new\s+)?lead\s+)?"
    r"(?:from\s+|at\s+|for\s+)?(?P<name>[^,;.!?\n]+)",
    re.IGNORECASE,
)
_NOT_A_COMPANY = re.compile(
    r"^(?:them|him|her|it|this|this one|this lead|a lead|a new lead|a prospect|someone|somebody|me|us|now|please)\b",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"\s+(?:on (?:a|the) (?:call|phone)|right now|now|please|pls|today|for me)\b.*$", re.IGNORECASE)


def company_to_qualify(text: str) -> str | None:
    """The company a rep wants to qualify a lead for, as named in the message, or None."""
    for match in _TO_QUALIFY.finditer(text):
        name = _TRAILING.sub("", match.group("name")).strip(" '\"")
        if name and not _NOT_A_COMPANY.match(name) and not is_not_a_name(name) and len(name.split()) <= 5:
            return name
    return None


_QUALIFY_WORDS = re.compile(r"\bqualify|\bnew (?:lead|prospect)\b|\bbant\b", re.IGNORECASE)


def asks_to_qualify(text: str) -> bool:
    """ "new lead: Globex, on a call now", "qualify Acme": a company to qualify, asked in so many words."""
    return bool(_QUALIFY_WORDS.search(text)) and company_to_qualify(text) is not None


_DEMO_WORDS = re.compile(r"\b(?:demo|presentation|walkthrough|walk-through)\b", re.IGNORECASE)
_PREPARE_WORDS = re.compile(r"\b(?:prep|prepare|preparing|ready|plan|checklist|show)\b", re.IGNORECASE)


def asks_for_demo_prep(text: str) -> bool:
    """ "prepare my demo with Acme", "demo prep for lead 12": a demo and its preparation named."""
    return bool(_DEMO_WORDS.search(text) and _PREPARE_WORDS.search(text))
