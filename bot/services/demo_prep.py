"""Preparing a demo with a lead ("prepare my demo with Acme"): the source's checklist filled
with what the lead told us, and what is still to find out or do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.answers.read_back import in_a_sentence
from bot.playbook.demo_prep import DemoChecklist, load_checklist
from bot.playbook.files import load_fresh
from bot.playbook.wording import Wording
from bot.services.closing.signals import LeadFacts, deciders
from bot.services.closing.text import who_decides
from bot.settings import Settings

CHECKLIST_FILE = "demo_prep.yml"
_OPEN_ANSWERS = ("current_situation", "desired_outcome", "vendor_liked", "vendor_disliked")


@dataclass(frozen=True)
class DemoPrep:
    known: tuple[tuple[str, str], ...]  # (item title, what we know)
    to_do: tuple[tuple[str, str], ...]  # (item title, what to find out or do)


def checklist(settings: Settings) -> DemoChecklist:
    return load_fresh(load_checklist, settings.playbook_dir / CHECKLIST_FILE)


def lead_facts(facts: LeadFacts, plan: DemoChecklist, settings: Settings, words: Wording) -> dict[str, str]:
    """The values the checklist's placeholders take for this lead (those known)."""
    values: dict[str, str] = {}
    answers = facts.answers
    for key in ("need", "timeline"):
        value = answers.get(key)
        worded = in_a_sentence(key, value, settings) if isinstance(value, Mapping) else None
        if worded:
            values[key] = worded
    need = answers.get("need")
    category = str(need.get("category")) if isinstance(need, Mapping) else ""
    if category in plan.show_for_need:
        values["show"] = plan.show_for_need[category]
    for key in _OPEN_ANSWERS:
        value = answers.get(key)
        if isinstance(value, Mapping) and value.get("text"):
            values[key] = str(value["text"])
    authority = answers.get("authority")
    decider = who_decides(deciders(authority), words)
    if decider is None and isinstance(authority, Mapping) and authority.get("role") == "decision_maker":
        decider = words.text("demo.contact_decides")
    if decider:
        values["decider"] = decider
    if facts.company:
        values["company"] = facts.company
    concerns = [words.text("demo.concern", text=o.text) for o in facts.objections]
    if concerns:
        values["concerns"] = words.listed(concerns)
    return values


def prepare(facts: LeadFacts, settings: Settings, words: Wording) -> DemoPrep:
    plan = checklist(settings)
    values = lead_facts(facts, plan, settings, words)
    known, to_do = [], []
    for item in plan.items:
        filled = item.filled(values, plan.fallbacks)
        if filled:
            known.append((item.title, filled))
        else:
            to_do.append((item.title, item.ask))
    return DemoPrep(known=tuple(known), to_do=tuple(to_do))


def in_words(prep: DemoPrep, lead_title: str, words: Wording) -> str:
    known = words.bullets(words.text("demo.item", title=t, text=x) for t, x in prep.known) or words.text(
        "demo.nothing_known"
    )
    to_do = words.bullets(words.text("demo.item", title=t, text=x) for t, x in prep.to_do)
    return words.text("demo.message", lead_title=lead_title, known=known, to_do=to_do)
