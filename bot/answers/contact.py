"""How a rep can reach the prospect: a name, a work email, a phone number (optional).

- A name is what is left once "I'm", "my name is", "call me" and a trailing ", head of ops" are
  taken off: at most six words, with letters. An email or a number is no name.
- An email is checked with email-validator (syntax and domain form, no network lookup) and
  kept normalised ("Dana@Acme.COM" -> "Dana@acme.com").
- A phone number has 7 to 15 digits, with an optional leading +; spaces, dots, dashes and
  brackets are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email

from bot.answers.parsed import Parsed

MAX_NAME_WORDS = 6
_NAME_LEAD_IN = re.compile(r"^(?:hi,?\s+)?(?:i'?m|i am|my name is|my name's|name'?s|it'?s|this is|call me)\s+", re.I)
_EMAIL = re.compile(r"[^\s<>(),;:\"']+@[^\s<>(),;:\"']+")
_PHONE = re.compile(r"(?:\+|\()?\d[\d\s().\-/]{5,}\d")


@dataclass(frozen=True)
class Value:
    """One contact answer, normalised."""

    value: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_name(text: str) -> Parsed[Value]:
    name = _NAME_LEAD_IN.sub("", text.strip()).split(",")[0].strip(" .!")
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or "@" in name or not re.search(r"[^\W\d_]", name):
        return Parsed.refused("unclear")
    return Parsed.of(Value(name))


def parse_email(text: str) -> Parsed[Value]:
    found = _EMAIL.search(text)
    if not found:
        return Parsed.refused("unclear")
    try:
        checked = validate_email(found.group(0).rstrip("."), check_deliverability=False)
    except EmailNotValidError:
        return Parsed.refused("unclear")
    return Parsed.of(Value(checked.normalized))


def parse_phone(text: str) -> Parsed[Value]:
    found = _PHONE.search(text)
    digits = re.sub(r"\D", "", found.group(0)) if found else ""
    if not 7 <= len(digits) <= 15:
        return Parsed.refused("unclear")
    return Parsed.of(Value(found.group(0).strip() if found else ""))
