"""The qualification interview: which questions, how an answer is read, stored and read back.

Actions call this module with plain values (a lead id, a question key, the user's text);
it parses the answer, writes it to the lead store and returns what the action should say.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.authority import parse_authority
from bot.budget import parse_budget
from bot.company import parse_company
from bot.input_checks import answer_problem, clean_text
from bot.needs import load_categories, parse_need
from bot.parsed import Parsed
from bot.scoring import CRITERIA, CriterionAnswer, LeadScore, load_rules, score_lead
from bot.settings import Settings
from bot.store import LeadStore, StoreUnavailable
from bot.timeline import parse_timeline

log = logging.getLogger(__name__)

BANT_QUESTIONS = CRITERIA
NEEDS_QUESTIONS = ("vendor_liked", "vendor_disliked", "current_situation", "desired_outcome")
# Asked after BANT, so the team can find the lead by name ("how do I close Acme?").
COMPANY = "company"
QUESTIONS = BANT_QUESTIONS + (COMPANY,) + NEEDS_QUESTIONS
SKIPPED = "skipped"


@dataclass(frozen=True)
class AnswerOutcome:
    """What became of one answer: refused with a problem, or accepted (and saved or not)."""

    problem: str | None = None
    normalised: dict[str, Any] | None = None
    saved: bool = False

    @property
    def accepted(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Completion:
    score: LeadScore
    saved: bool


@lru_cache(maxsize=4)
def load_labels(path: Path) -> dict[str, Any]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def read_answer(key: str, text: str | None, today: date, settings: Settings) -> Parsed[dict[str, Any]]:
    """Parse one answer to question `key` into its normalised value, or say why it can't be used."""
    problem = answer_problem(text, settings.max_answer_chars)
    if problem:
        return Parsed.refused(problem)
    cleaned = clean_text(text)
    if key == "budget":
        parsed = parse_budget(cleaned)
    elif key == "authority":
        parsed = parse_authority(cleaned)
    elif key == "timeline":
        parsed = parse_timeline(cleaned, today)
    elif key == "need":
        parsed = parse_need(cleaned, load_categories(settings.playbook_dir / "need_categories.yml"))
    elif key == COMPANY:
        parsed = parse_company(cleaned)
    elif key in NEEDS_QUESTIONS:
        return Parsed.of({"text": cleaned})
    else:
        raise KeyError(f"unknown question {key!r}")
    return Parsed.of(parsed.value.as_dict()) if parsed.ok else Parsed.refused(parsed.problem)


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def describe(key: str, raw_text: str | None, today: date, settings: Settings) -> str:
    """The read-back wording of one answer."""
    labels = load_labels(settings.playbook_dir / "labels.yml")
    if raw_text is None:
        return labels["not_answered"]
    if raw_text == SKIPPED:
        return labels["skipped"]
    parsed = read_answer(key, raw_text, today, settings)
    if not parsed.ok:
        return clean_text(raw_text)
    value = parsed.value
    if key == COMPANY:
        return value["name"]
    if key == "budget":
        return _describe_budget(value, labels["budget"])
    if key == "authority":
        return _describe_authority(value, labels["authority"])
    if key == "timeline":
        return (
            labels["timeline"].get(value["kind"], value["label"])
            if value["kind"] in ("asap", "undecided")
            else value["label"]
        )
    if key == COMPANY:
        return value["name"]
    if key == "need" and value.get("category_label"):
        return labels["need"]["category"].format(text=value["text"], category=value["category_label"])
    return value["text"]


def describe_value(key: str, value: Mapping[str, Any], settings: Settings) -> str | None:
    """A stored (normalised) answer in words that fit into a sentence, or None when vague."""
    labels = load_labels(settings.playbook_dir / "labels.yml")
    if key == "need":
        return value.get("category_label") or None
    if key == "budget":
        return _describe_budget(value, labels["budget"]) if value.get("status") == "amount" else None
    if key == "timeline":
        return value.get("label") if value.get("kind") not in ("asap", "undecided") else None
    return None


def _describe_budget(value: Mapping[str, Any], labels: Mapping[str, Any]) -> str:
    if value["status"] != "amount":
        return labels[value["status"]]
    figure = _amount(value["amount"])
    if value.get("amount_max"):
        figure += f"–{_amount(value['amount_max'])}"
    parts = [figure, value.get("currency") or f"({labels['no_currency']})"]
    if value.get("period"):
        parts.append(labels["period"][value["period"]])
    if value.get("approved"):
        parts.append(f"({labels['approved']})")
    return " ".join(parts)


def _describe_authority(value: Mapping[str, Any], labels: Mapping[str, Any]) -> str:
    decider = " ".join(part for part in (value.get("decider_role"), value.get("decider_name")) if part)
    if value["role"] == "shared":
        return labels["shared"].format(decider=decider or labels["others"])
    if value["role"] == "influencer":
        return labels["influencer"].format(decider=decider or labels["someone_else"])
    return labels[value["role"]]


class Qualification:
    """One prospect's interview against the lead store. The store may be down: answers are
    then kept only in the conversation (Rasa slots) and written by `complete`."""

    def __init__(self, store: LeadStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def start(self, conversation_id: str, channel: str | None, lead_id: int | None) -> int | None:
        try:
            if lead_id is not None:
                self.store.set_status(lead_id, "in_progress")
                return lead_id
            return self.store.start_lead(conversation_id, channel)
        except StoreUnavailable as error:
            log.error("lead store unavailable, lead not created yet: %s", error)
            return lead_id

    def answer(
        self, lead_id: int | None, conversation_id: str, key: str, text: str | None, today: date
    ) -> AnswerOutcome:
        if text == SKIPPED:
            return AnswerOutcome(saved=self._save(lead_id, conversation_id, key, SKIPPED, None, "skipped"))
        parsed = read_answer(key, text, today, self.settings)
        if not parsed.ok:
            return AnswerOutcome(problem=parsed.problem)
        saved = self._save(lead_id, conversation_id, key, text, parsed.value, "answered")
        return AnswerOutcome(normalised=parsed.value, saved=saved)

    def _save(
        self,
        lead_id: int | None,
        conversation_id: str,
        key: str,
        raw_text: str,
        normalised: dict[str, Any] | None,
        status: str,
    ) -> bool:
        if lead_id is None:
            return False
        try:
            self.store.record_answer(lead_id, conversation_id, key, raw_text, normalised, status)
            return True
        except StoreUnavailable as error:
            log.error("lead store unavailable, answer %s kept in the conversation only: %s", key, error)
            return False

    def stop(self, lead_id: int | None) -> None:
        if lead_id is None:
            return
        try:
            self.store.set_status(lead_id, "stopped")
        except StoreUnavailable as error:
            log.error("lead store unavailable, stop not recorded: %s", error)

    def read_back(self, answers: Mapping[str, str | None], today: date) -> dict[str, str]:
        return {key: describe(key, answers.get(key), today, self.settings) for key in QUESTIONS}

    def known_facts(self, answers: Mapping[str, str | None], today: date) -> dict[str, str]:
        """What the prospect told us, worded to fill the objection library's {need}, {budget}
        and {timeline}; a vague answer (no figure, no date) is left out so the file's neutral
        wording is used instead."""
        facts: dict[str, str] = {}
        for key in ("need", "budget", "timeline"):
            text = answers.get(key)
            if text is None or text == SKIPPED:
                continue
            parsed = read_answer(key, text, today, self.settings)
            if not parsed.ok:
                continue
            worded = describe_value(key, parsed.value, self.settings)
            if worded:
                facts[key] = worded
        return facts

    def score(self, answers: Mapping[str, str | None], today: date) -> LeadScore:
        criteria = {}
        for key in CRITERIA:
            text = answers.get(key)
            if text is None:
                continue
            if text == SKIPPED:
                criteria[key] = CriterionAnswer(raw_text=text, value=None, skipped=True)
                continue
            parsed = read_answer(key, text, today, self.settings)
            criteria[key] = CriterionAnswer(raw_text=clean_text(text), value=parsed.value)
        return score_lead(criteria, load_rules(self.settings.playbook_dir / "scoring.yml"), today)

    def complete(
        self,
        lead_id: int | None,
        conversation_id: str,
        channel: str | None,
        answers: Mapping[str, str | None],
        today: date,
    ) -> tuple[int | None, Completion]:
        """Score the lead and make sure the store holds every answer the conversation holds."""
        result = self.score(answers, today)
        try:
            if lead_id is None:
                lead_id = self.store.start_lead(conversation_id, channel)
            stored = self.store.current_answers(lead_id)
            for key in QUESTIONS:
                text = answers.get(key)
                if text is None:
                    continue
                if key in stored and stored[key].raw_text == text:
                    continue
                outcome = self.answer(lead_id, conversation_id, key, text, today)
                if not outcome.saved:
                    raise StoreUnavailable(f"answer {key} not saved")
            self.store.save_score(
                lead_id,
                result.score,
                result.tier,
                [reason.as_dict() for reason in result.reasons],
                result.rules_version,
            )
            return lead_id, Completion(score=result, saved=True)
        except StoreUnavailable as error:
            log.error("lead store unavailable, lead %s not scored in the store: %s", lead_id, error)
            return lead_id, Completion(score=result, saved=False)


def field_label(key: str, settings: Settings) -> str:
    return load_labels(settings.playbook_dir / "labels.yml")["fields"][key]


def guess_corrected_field(text: str, today: date, settings: Settings) -> str | None:
    """Which answer a correction that names no field is about: an amount is a budget, a
    date a timeline; anything else is left for the user to say."""
    budget = read_answer("budget", text, today, settings)
    if budget.ok and budget.value["status"] == "amount":
        return "budget"
    timeline = read_answer("timeline", text, today, settings)
    if timeline.ok and timeline.value["kind"] != "undecided":
        return "timeline"
    return None
