"""The questions of the interview and how each answer is read.

`read_answer` sends an answer to its parser (budget, authority, need, timeline, company; the
open needs-assessment questions keep the text) after the checks every answer goes through,
and returns the normalised value the lead store keeps, or why the answer can't be used.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.answers.authority import parse_authority
from bot.answers.budget import parse_budget
from bot.answers.checks import answer_problem, clean_text
from bot.answers.company import parse_company
from bot.answers.contact import parse_email, parse_name, parse_phone
from bot.answers.field_names import FIELD_NAMES, names_pattern
from bot.answers.needs import need_categories, parse_need
from bot.answers.parsed import Parsed
from bot.answers.timeline import parse_timeline
from bot.answers.unknown import says_dont_know
from bot.playbook.scoring import CRITERIA
from bot.settings import Settings

BANT_QUESTIONS = CRITERIA
NEEDS_QUESTIONS = ("vendor_liked", "vendor_disliked", "current_situation", "desired_outcome")
# Asked after BANT, so the team can find the lead by name ("how do I close Acme?").
COMPANY = "company"
QUESTIONS = BANT_QUESTIONS + (COMPANY,) + NEEDS_QUESTIONS
# Asked when a rep is to get in touch: after the read-back, or when the prospect asks for a person.
CONTACT_QUESTIONS = ("contact_name", "contact_email", "contact_phone")
# Answered with a name, an address or a number: no language to tell.
NAME_QUESTIONS = (COMPANY, *CONTACT_QUESTIONS)
CONTACT_PARSERS = {"contact_name": parse_name, "contact_email": parse_email, "contact_phone": parse_phone}
# What a question's slot holds when the prospect skipped it.
SKIPPED = "skipped"
# The normalised value of a BANT answer that only says "I don't know".
UNKNOWN = {"unknown": True}


def is_unknown(value: Any) -> bool:
    return isinstance(value, dict) and bool(value.get("unknown"))


def read_answer(key: str, text: str | None, today: date, settings: Settings) -> Parsed[dict[str, Any]]:
    """Parse one answer to question `key` into its normalised value, or say why it can't be used."""
    problem = answer_problem(text, settings.max_answer_chars, names_only=key in NAME_QUESTIONS)
    if problem:
        return Parsed.refused(problem)
    cleaned = clean_text(text)
    if key in BANT_QUESTIONS + NEEDS_QUESTIONS and says_dont_know(cleaned):
        return Parsed.of(dict(UNKNOWN))
    if key in NEEDS_QUESTIONS:
        return Parsed.of({"text": cleaned})
    if key == "budget":
        parsed: Parsed[Any] = parse_budget(cleaned)
    elif key == "authority":
        parsed = parse_authority(cleaned)
    elif key == "timeline":
        parsed = parse_timeline(cleaned, today)
    elif key == "need":
        parsed = parse_need(cleaned, need_categories(settings))
    elif key == COMPANY:
        parsed = parse_company(cleaned)
    elif key in CONTACT_PARSERS:
        parsed = CONTACT_PARSERS[key](cleaned)
    else:
        raise KeyError(f"unknown question {key!r}")
    if parsed.value is None:
        return Parsed.refused(parsed.problem or "unclear")
    return Parsed.of(parsed.value.as_dict())


# Words that say which answer a correction is about when its opening names none: the field's
# names, and the verbs people use about it ("we can't afford", "the CFO approves").
_VERBS = {
    "budget": ("afford",),
    "authority": ("decides", "decide", "decision", "signs off", "final say", "approves", "approve"),
}
_FIELD_WORDS = {key: names_pattern([*names, *_VERBS.get(key, ())]) for key, names in FIELD_NAMES.items()}


def guess_corrected_field(text: str, today: date, settings: Settings) -> str | None:
    """Which answer a correction that names no field is about: an amount is a budget, a
    date a timeline, else the first answer it mentions ("we have no budget at all"); anything
    else is left for the user to say."""
    budget = read_answer("budget", text, today, settings)
    if budget.value is not None and budget.value.get("status") == "amount":
        return "budget"
    timeline = read_answer("timeline", text, today, settings)
    if timeline.value is not None and timeline.value.get("kind") not in (None, "undecided"):
        return "timeline"
    mentioned = [
        (match.start(), key)
        for key, words in _FIELD_WORDS.items()
        if (match := re.search(rf"\b(?:{words})\b", text, re.IGNORECASE))
    ]
    return min(mentioned)[1] if mentioned else None
