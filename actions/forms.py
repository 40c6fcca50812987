"""Validation of the two interview forms: each answer is read and stored by bot.services.interview."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import runtime
from bot.answers.checks import answer_problem, has_markup
from bot.answers.company import is_bare_name
from bot.answers.needs import need_categories, says_no_previous_vendor
from bot.answers.perspective import in_prospects_voice
from bot.answers.questions import COMPANY, NEEDS_QUESTIONS, QUESTIONS, SKIPPED

# Questions whose answer is free text: any sentence reads as an answer to them.
OPEN_QUESTIONS = ("need", *NEEDS_QUESTIONS)
GENERIC_PROBLEMS = {"empty", "too_long", "not_english", "gibberish"}
# After this many unusable answers to one question, the prospect is offered to skip it.
OFFER_SKIP_AFTER = 2


def refusal_response(question: str, problem: str | None) -> str:
    """The response that says why an answer to `question` can't be used."""
    problem = problem or "unclear"
    if problem in GENERIC_PROBLEMS:
        return f"utter_invalid_answer_{problem}"
    return f"utter_invalid_{question}_{problem}"


def as_the_prospect_said(tracker: Tracker, value: Any) -> Any:
    """A rep qualifying a lead on a call reports the prospect's answers in the third person
    ("their CFO signs off"): stored in the prospect's voice ("our CFO signs off"), so they read
    as a prospect's own answer does. The rep's words stay in the conversation's record."""
    if tracker.get_slot("rep_qualifying") and isinstance(value, str) and value != SKIPPED:
        return in_prospects_voice(value)
    return value


def check_answer(question: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    interview = runtime.interview()
    value = as_the_prospect_said(tracker, value)
    if tracker.latest_message.get("intent", {}).get("name") == "other_language":
        dispatcher.utter_message(response=refusal_response(question, "not_english"))
        return {question: None}
    outcome = interview.answer(tracker.get_slot("lead_id"), tracker.sender_id, question, value, runtime.today())
    unusable = dict(tracker.get_slot("unusable_answers") or {})
    if not outcome.accepted:
        dispatcher.utter_message(
            response=refusal_response(question, outcome.problem), max_chars=interview.settings.max_answer_chars
        )
        unusable[question] = unusable.get(question, 0) + 1
        if unusable[question] >= OFFER_SKIP_AFTER:
            dispatcher.utter_message(response="utter_offer_skip")
        return {question: None, "unusable_answers": unusable}
    if value == SKIPPED:
        dispatcher.utter_message(response="utter_skip_acknowledged")
    if question in unusable:
        unusable.pop(question)
        return {question: value, "unusable_answers": unusable or None}
    return {question: value}


class WaitsForObjectionReplies(FormValidationAction, ABC):
    """A form that, when a library answer has asked the prospect a question, first waits for the
    reply and keeps it with the objection (the motive the rep needs), then asks its next question.
    Abstract, so rasa-sdk does not register this class itself as an action."""

    @abstractmethod
    def name(self) -> str: ...

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        if tracker.get_slot("objection_awaiting_reply") is not None:
            return domain_slots
        return [slot for slot in domain_slots if slot != "objection_reply"]

    def validate_objection_reply(self, value, dispatcher, tracker, domain):
        occurrence = tracker.get_slot("objection_awaiting_reply")
        max_chars = runtime.interview().settings.max_answer_chars
        problem = answer_problem(value, max_chars) if isinstance(value, str) and value != SKIPPED else None
        if problem is not None:  # a pasted document is no motive: say why and wait for the reply
            dispatcher.utter_message(response=refusal_response("objection_reply", problem), max_chars=max_chars)
            return {"objection_reply": None}
        if value not in (None, SKIPPED):
            runtime.objection_coach().record_reply(occurrence or None, value)
            dispatcher.utter_message(response="utter_objection_reply_noted")
        return {"objection_reply": value, "objection_awaiting_reply": None}


class ValidateQualificationForm(WaitsForObjectionReplies):
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


class ValidateNeedsForm(WaitsForObjectionReplies):
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
    return store_answer(tracker, question, tracker.latest_message.get("text") or "")


def weakly_read(tracker: Tracker) -> bool:
    """NLU took the message for something else than an answer, but with little confidence, or
    with markup in it, whose tags NLU reads as words ("<b>it</b> was simple to use" is off-topic
    to it)."""
    confidence = tracker.latest_message.get("intent", {}).get("confidence") or 0.0
    text = tracker.latest_message.get("text")
    return confidence < runtime.interview().settings.digression_min_confidence or has_markup(text)


def answer_in_own_words(tracker: Tracker) -> list[dict[str, Any]]:
    """At an open question ("what did you like about your previous vendor?"), a message NLU
    weakly took for off-topic or for a rep's request ("<b>it</b> was simple to use") is the
    prospect's answer in their own words: stored as it, if it reads as one; else no events."""
    if tracker.get_slot("requested_slot") not in OPEN_QUESTIONS or not weakly_read(tracker):
        return []
    return answer_to_question_asked(tracker)


def company_named(tracker: Tracker) -> list[dict[str, Any]]:
    """At the company question, a message that is only a name ("Hooli", "Stark Industries") is
    the answer, whatever NLU took it for."""
    text = tracker.latest_message.get("text") or ""
    if tracker.active_loop_name and tracker.get_slot("requested_slot") == COMPANY and is_bare_name(text):
        return store_answer(tracker, COMPANY, text)
    return []


def store_answer(tracker: Tracker, question: str, text: str) -> list[dict[str, Any]]:
    """`text` stored as the answer to `question` if it reads as one; else no events."""
    text = as_the_prospect_said(tracker, text)
    outcome = runtime.interview().answer(
        tracker.get_slot("lead_id"), tracker.sender_id, question, text, runtime.today()
    )
    return [SlotSet(question, text)] if outcome.accepted else []
