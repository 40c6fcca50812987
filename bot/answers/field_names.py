"""The words a user names an answer by: "the budget is 30k", "the decision-maker is Sarah",
"actually the company is Initech", "update what we liked: the mobile app". One table, read by
the corrections (bot/answers/corrections.py): which answer a correction is about, and where its
new value starts."""

from __future__ import annotations

import re

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "budget": ("budget", "buget", "budjet", "budget figure", "spend", "spending", "money", "amount"),
    "authority": (
        "authority",
        "decision maker",
        "decision-maker",
        "decisionmaker",
        "decider",
        "who decides",
        "sign-off",
        "sign off",
        "who signs off",
        "signer",
        "approver",
    ),
    "need": ("need", "needs", "problem", "business problem", "pain", "pain point", "issue", "challenge"),
    "timeline": (
        "timeline",
        "timline",
        "deadline",
        "go-live",
        "go live",
        "go-live date",
        "launch date",
        "start date",
        "date",
        "timeframe",
        "time frame",
        "timing",
    ),
    "company": ("company", "company name", "employer", "organisation", "organization", "business name"),
    "vendor_liked": ("liked", "likes", "what we liked", "what i liked", "what we loved", "vendor liked"),
    "vendor_disliked": (
        "disliked",
        "dislikes",
        "what we disliked",
        "what we didn't like",
        "what i didn't like",
        "what we hated",
        "vendor disliked",
    ),
    "current_situation": (
        "current situation",
        "situation",
        "current setup",
        "setup",
        "current process",
        "today's setup",
    ),
    "desired_outcome": (
        "desired outcome",
        "outcome",
        "goal",
        "goals",
        "end goal",
        "result",
        "success",
        "once it's solved",
    ),
}


def names_pattern(names: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of `names`, longest first, any space or hyphen between words."""
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", name)) for name in ordered)


ANY_FIELD_NAME = names_pattern([name for names in FIELD_NAMES.values() for name in names])
