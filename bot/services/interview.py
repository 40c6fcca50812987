"""The qualification interview: each answer read and stored as it is given, the lead scored at
the end.

Actions call this with plain values (a lead id, a question key, the user's text). The lead
store may be down: answers are then kept only in the conversation (Rasa slots), and
`complete` writes whatever the store is missing when the lead is scored.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.answers.checks import clean_text, printable
from bot.answers.questions import CONTACT_QUESTIONS, QUESTIONS, SKIPPED, is_unknown, read_answer
from bot.playbook.files import load_fresh
from bot.playbook.scoring import CRITERIA, CriterionAnswer, LeadScore, load_rules, score_lead
from bot.services.follow_up import FollowUps
from bot.settings import Settings
from bot.store import AnswerRecord, FollowUpStore, LeadStore, StoreUnavailable

log = logging.getLogger(__name__)

SCORING_FILE = "scoring.yml"


def consent_wording(greeting: Any) -> str:
    """A fingerprint of the greeting that told the prospect what is stored and why (the domain's
    `utter_greet` variations): stored with the lead, so the wording they agreed to can be found."""
    digest = hashlib.sha256(json.dumps(greeting, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"utter_greet:{digest[:12]}"


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


class Interview:
    """One prospect's interview against the lead store."""

    def __init__(self, store: LeadStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.follow_ups = FollowUps(FollowUpStore(store.engine), settings)

    def start(
        self, conversation_id: str, channel: str | None, lead_id: int | None, consent_wording: str | None = None
    ) -> int | None:
        """The lead this interview fills; a new one records the wording the prospect agreed to."""
        try:
            if lead_id is not None:
                self.store.set_status(lead_id, "in_progress")
                return lead_id
            return self.store.start_lead(conversation_id, channel, consent_wording)
        except StoreUnavailable as error:
            log.error("lead store unavailable, lead not created yet: %s", error)
            return lead_id

    def answer(
        self, lead_id: int | None, conversation_id: str, key: str, text: str | None, today: date
    ) -> AnswerOutcome:
        if text == SKIPPED:
            return AnswerOutcome(saved=self._save(lead_id, conversation_id, key, SKIPPED, None, "skipped"))
        parsed = read_answer(key, text, today, self.settings)
        if parsed.value is None or text is None:
            return AnswerOutcome(problem=parsed.problem or "empty")
        status = "unknown" if is_unknown(parsed.value) else "answered"
        saved = self._save(lead_id, conversation_id, key, text, parsed.value, status)
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
            # as typed, less what no database or terminal should get (PostgreSQL refuses NUL)
            self.store.record_answer(lead_id, conversation_id, key, printable(raw_text), normalised, status)
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
        return score_lead(criteria, load_fresh(load_rules, self.settings.playbook_dir / SCORING_FILE), today)

    def complete(
        self,
        lead_id: int | None,
        conversation_id: str,
        channel: str | None,
        answers: Mapping[str, str | None],
        today: date,
        consent_wording: str | None = None,
    ) -> tuple[int | None, Completion]:
        """Score the lead and make sure the store holds every answer the conversation holds."""
        result = self.score(answers, today)
        try:
            if lead_id is None:
                lead_id = self.store.start_lead(conversation_id, channel, consent_wording)
            for key in self._not_held(lead_id, answers):
                if not self.answer(lead_id, conversation_id, key, answers[key], today).saved:
                    raise StoreUnavailable(f"answer {key} not saved")
            reasons = [reason.as_dict() for reason in result.reasons]
            self.store.save_score(lead_id, result.score, result.tier, reasons, result.rules_version)
            self.follow_ups.after_scoring(lead_id, result.tier, today)
            return lead_id, Completion(score=result, saved=True)
        except StoreUnavailable as error:
            log.error("lead store unavailable, lead %s not scored in the store: %s", lead_id, error)
            return lead_id, Completion(score=result, saved=False)

    def holds(self, lead_id: int, answers: Mapping[str, str | None]) -> bool:
        """Whether the lead is scored and the store holds every answer the conversation holds."""
        lead = self.store.get_lead(lead_id)
        return lead is not None and lead.score is not None and not self._not_held(lead_id, answers)

    def _not_held(self, lead_id: int, answers: Mapping[str, str | None]) -> list[str]:
        stored = self.store.current_answers(lead_id)
        return [
            key
            for key in QUESTIONS + CONTACT_QUESTIONS
            if answers.get(key) is not None and not (key in stored and answers[key] in _as_held(stored[key]))
        ]


def _as_held(answer: AnswerRecord) -> tuple[str, ...]:
    """How the conversation may hold a stored answer: as said, or (contact details) normalised."""
    normalised = (answer.normalised or {}).get("value")
    return (answer.raw_text, normalised) if isinstance(normalised, str) else (answer.raw_text,)
