"""A prospect's answers in words: the read-back before scoring, a correction's confirmation,
the values that fill the library's {need}, {budget}, {timeline}, and the CLI's lead table.

Words come from playbook/wording.yml (`read_back`); figures are formatted here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.answers.checks import clean_text
from bot.answers.questions import COMPANY, QUESTIONS, SKIPPED, read_answer
from bot.playbook.wording import Wording, wording
from bot.settings import Settings

# Answers that say nothing definite: no figure, no date.
VAGUE_TIMELINES = ("asap", "undecided")


def read_back(answers: Mapping[str, str | None], today: date, settings: Settings) -> dict[str, str]:
    """Every question's answer as the prospect hears it read back."""
    return {key: describe(key, answers.get(key), today, settings) for key in QUESTIONS}


def describe(key: str, raw_text: str | None, today: date, settings: Settings) -> str:
    """The read-back wording of one answer as given (raw text, or `skipped`)."""
    words = wording(settings)
    if raw_text is None:
        return words.text("read_back.not_answered")
    if raw_text == SKIPPED:
        return words.text("read_back.skipped")
    parsed = read_answer(key, raw_text, today, settings)
    if parsed.value is None:
        return clean_text(raw_text)
    return describe_normalised(key, parsed.value, words)


def describe_normalised(key: str, value: Mapping[str, Any], words: Wording) -> str:
    """The read-back wording of one stored (normalised) answer."""
    if value.get("unknown"):
        return words.text("read_back.unknown")
    if key == COMPANY:
        return value["name"]
    if key == "budget":
        return _budget(value, words)
    if key == "authority":
        return _authority(value, words)
    if key == "timeline":
        return words.text(f"read_back.timeline.{value['kind']}") if value["kind"] in VAGUE_TIMELINES else value["label"]
    if key == "need" and value.get("category_label"):
        return words.text("read_back.need.category", text=value["text"], category=value["category_label"])
    return value["text"]


def in_a_sentence(key: str, value: Mapping[str, Any], settings: Settings) -> str | None:
    """A stored answer in words that fit into a sentence ("20,000 USD per year", "lead and
    pipeline tracking"), or None when it is vague, so a neutral wording is used instead."""
    if key == "need":
        return value.get("category_label") or None
    if key == "budget":
        return _budget(value, wording(settings), in_sentence=True) if value.get("status") == "amount" else None
    if key == "timeline":
        return value.get("label") if value.get("kind") not in VAGUE_TIMELINES else None
    return None


@dataclass(frozen=True)
class ProspectFacts:
    """What the prospect told us of need, budget and timeline, read once per answer."""

    # Worded to fill the objection library's {need}, {budget} and {timeline}; a vague answer
    # (no figure, no date) is left out.
    known: dict[str, str] = field(default_factory=dict)
    # The ones they said they do not have ("no budget yet", "just browsing", "no date").
    lacking: frozenset[str] = frozenset()


# Answers that say the prospect has none of it: "start within {budget}" must not be said to
# a prospect who has no budget, even with the neutral wording.
_HAS_NONE = {
    "budget": lambda v: v.get("unknown") or v.get("status") in ("none", "unknown"),
    "need": lambda v: v.get("unknown") or v.get("category") == "none",
    "timeline": lambda v: v.get("unknown") or v.get("kind") == "undecided",
}


def prospect_facts(answers: Mapping[str, str | None], today: date, settings: Settings) -> ProspectFacts:
    known: dict[str, str] = {}
    lacking = set()
    for key, has_none in _HAS_NONE.items():
        text = answers.get(key)
        if text is None or text == SKIPPED:
            continue
        parsed = read_answer(key, text, today, settings)
        if parsed.value is None:
            continue
        if has_none(parsed.value):
            lacking.add(key)
        worded = in_a_sentence(key, parsed.value, settings)
        if worded:
            known[key] = worded
    return ProspectFacts(known=known, lacking=frozenset(lacking))


def field_label(key: str, settings: Settings) -> str:
    return wording(settings).text(f"read_back.fields.{key}")


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _budget(value: Mapping[str, Any], words: Wording, in_sentence: bool = False) -> str:
    """ "25,000 (currency not given) per year" in the read-back; in a sentence said to the
    prospect the remark is left out ("25,000 per year")."""
    if value["status"] != "amount":
        return words.text(f"read_back.budget.{value['status']}")
    figure = _amount(value["amount"])
    if value.get("amount_max"):
        figure += f"–{_amount(value['amount_max'])}"
    parts = [figure]
    if value.get("currency") or not in_sentence:
        parts.append(value.get("currency") or f"({words.text('read_back.budget.no_currency')})")
    if value.get("period"):
        parts.append(words.text(f"read_back.budget.period.{value['period']}"))
    if value.get("approved"):
        parts.append(f"({words.text('read_back.budget.approved')})")
    return " ".join(parts)


def _authority(value: Mapping[str, Any], words: Wording) -> str:
    decider = " ".join(part for part in (value.get("decider_role"), value.get("decider_name")) if part)
    if value["role"] == "shared":
        return words.text("read_back.authority.shared", decider=decider or words.text("read_back.authority.others"))
    if value["role"] == "influencer":
        return words.text(
            "read_back.authority.influencer", decider=decider or words.text("read_back.authority.someone_else")
        )
    return words.text(f"read_back.authority.{value['role']}")
