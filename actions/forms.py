"""Validation of the two interview forms: each answer is read and stored by bot.services.interview."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import runtime
from bot.answers.needs import need_categories, says_no_previous_vendor
from bot.answers.questions import NEEDS_QUESTIONS, QUESTIONS, SKIPPED

# Questions whose answer is free text: any sentence reads as an answer to them.
OPEN_QUESTIONS = ("need", *NEEDS_QUESTIONS)
GENERIC_PROBLEMS = {"empty", "too_long", "not_english", "gibberish"}


def refusal_response(question: str, problem: str | None) -> str:
    """The response that says why an answer to `question` can't be used."""
    problem = problem or "unclear"
    if problem in GENERIC_PROBLEMS:
        return f"utter_invalid_answer_{problem}"
    return f"utter_invalid_{question}_{problem}"


def check_answer(question: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    interview = runtime.interview()
    if tracker.latest_message.get("intent", {}).get("name") == "other_language":
        dispatcher.utter_message(response=refusal_response(question, "not_english"))
        return {question: None}
    outcome = interview.answer(tracker.get_slot("lead_id"), tracker.sender_id, question, value, runtime.today())
    if not outcome.accepted:
        dispatcher.utter_message(
            response=refusal_response(question, outcome.problem), max_chars=interview.settings.max_answer_chars
        )
        return {question: None}
    if value == SKIPPED:
        dispatcher.utter_message(response="utter_skip_acknowledged")
    return {question: value}


class ValidateQualificationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_qualification_form"

    def validate_budget(self, value, dispatcher, tracker, domain):
        return check_answer("budget", value, dispatcher, tracker)

    def validate_authority(self, value, dispatcher, tracker, domain):
        return check_answer("authority", value, dispatcher, tracker)

    def validate_need(self, value, dispatcher, tracker, domain):
        return check_answer("need", value, dispatcher, tracker)

    def validate_timeline(self, value, dispatcher, tracker, domain):
        return check_answer("timeline", value, dispatcher, tracker)

    def validate_company(self, value, dispatcher, tracker, domain):
        return check_answer("company", value, dispatcher, tracker)


class ValidateNeedsForm(FormValidationAction):
    def name(self) -> str:
        return "validate_needs_form"

    def validate_vendor_liked(self, value, dispatcher, tracker, domain):
        slots = check_answer("vendor_liked", value, dispatcher, tracker)
        categories = need_categories(runtime.interview().settings)
        if slots["vendor_liked"] not in (None, SKIPPED) and says_no_previous_vendor(value, categories):
            # No previous vendor: asking what they disliked about it would make no sense.
            slots.update(check_answer("vendor_disliked", value, dispatcher, tracker))
        return slots

    def validate_vendor_disliked(self, value, dispatcher, tracker, domain):
        return check_answer("vendor_disliked", value, dispatcher, tracker)

    def validate_current_situation(self, value, dispatcher, tracker, domain):
        return check_answer("current_situation", value, dispatcher, tracker)

    def validate_desired_outcome(self, value, dispatcher, tracker, domain):
        return check_answer("desired_outcome", value, dispatcher, tracker)


def answer_to_question_asked(tracker: Tracker, open_questions: bool = True) -> list[dict[str, Any]]:
    """The message stored as the answer to the question being asked, if one is and it reads as
    an answer to it; else no events. Without `open_questions`, only where an answer has a form
    a parser checks (an amount, a decider, a date, a company name): an open question takes
    any sentence."""
    question = tracker.get_slot("requested_slot")
    if not tracker.active_loop_name or question not in QUESTIONS:
        return []
    if not open_questions and question in OPEN_QUESTIONS:
        return []
    text = tracker.latest_message.get("text") or ""
    outcome = runtime.interview().answer(
        tracker.get_slot("lead_id"), tracker.sender_id, question, text, runtime.today()
    )
    return [SlotSet(question, text)] if outcome.accepted else []
