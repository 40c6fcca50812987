"""The words a user names an answer by: "the budget is 30k", "the decision-maker is Sarah",
"actually the company is Initech". One table for the readers of corrections; the NLU learns
the same names as synonyms of `qualification_field` (data/nlu/qualification.yml), and a test
keeps every name here among them."""

from __future__ import annotations

import re

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "budget": ("budget", "budget figure", "spend", "spending"),
    "authority": ("decision maker", "decision-maker", "decider", "approver", "sign-off", "sign off", "signer"),
    "need": ("need", "needs", "problem", "business problem", "pain point", "challenge"),
    "timeline": (
        "timeline",
        "deadline",
        "go-live",
        "go live",
        "go-live date",
        "launch date",
        "start date",
        "date",
        "timeframe",
        "time frame",
    ),
    "company": ("company", "company name", "employer", "organisation", "organization", "business name"),
    "desired_outcome": ("goal", "end goal", "desired outcome"),
}


def names_pattern(names: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of `names`, longest first, any space or hyphen between words."""
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", name)) for name in ordered)


ANY_FIELD_NAME = names_pattern([name for names in FIELD_NAMES.values() for name in names])
