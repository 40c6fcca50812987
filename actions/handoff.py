"""Handing a prospect to a person: the contact question (asked first, so nothing personal is taken
from someone who says no), "can I talk to a human?", and what follows the contact form."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.forms import FormValidationAction

from actions import runtime
from actions.forms import check_answer
from actions.interview import score_lead
from bot.answers.questions import CONTACT_PARSERS, CONTACT_QUESTIONS, SKIPPED
from bot.store import StoreUnavailable

Events = list[dict[str, Any]]


def contact_settled(tracker: Tracker) -> bool:
    """Declined, or given: nothing left to ask before a rep is promised."""
    consent = tracker.get_slot("contact_consent")
    return consent is False or (consent is True and bool(tracker.get_slot("contact_email")))


class ValidateContactForm(FormValidationAction):
    def name(self) -> str:
        return "validate_contact_form"

    def validate_contact_consent(self, value, dispatcher, tracker, domain):
        if value is not False:
            return {"contact_consent": True}
        lead_id = tracker.get_slot("lead_id")
        if lead_id is not None:
            try:
                runtime.handoffs().store.forget_answers(lead_id, CONTACT_QUESTIONS)
            except StoreUnavailable:
                # Details given earlier may still be stored: say so and ask again, so a later
                # "no" deletes them, rather than promise a deletion that did not happen.
                dispatcher.utter_message(response="utter_contact_not_forgotten")
                return {"contact_consent": None}
        return {"contact_consent": False, **{key: SKIPPED for key in CONTACT_QUESTIONS}}

    def validate_contact_name(self, value, dispatcher, tracker, domain):
        return _contact_answer("contact_name", value, dispatcher, tracker)

    def validate_contact_email(self, value, dispatcher, tracker, domain):
        return _contact_answer("contact_email", value, dispatcher, tracker)

    def validate_contact_phone(self, value, dispatcher, tracker, domain):
        return _contact_answer("contact_phone", value, dispatcher, tracker)


def _contact_answer(key: str, value: Any, dispatcher, tracker: Tracker) -> dict[str, Any]:
    """Stored as said; held normalised ("it's Dana@Acme.COM" -> "Dana@acme.com"), since the
    prospect is told where the rep will write."""
    checked = check_answer(key, value, dispatcher, tracker)
    if checked[key] in (None, SKIPPED):
        return checked
    parsed = CONTACT_PARSERS[key](checked[key]).value
    return {**checked, key: parsed.value if parsed else checked[key]}


class ActionCheckContact(Action):
    """After the read-back: the contact question comes first unless it is settled."""

    def name(self) -> str:
        return "action_check_contact"

    def run(self, dispatcher, tracker, domain) -> Events:
        # A rep qualifying a lead on a call has the contact: nothing to ask the prospect.
        return [SlotSet("contact_settled", bool(tracker.get_slot("rep_qualifying")) or contact_settled(tracker))]


class ActionHandOff(Action):
    """ "Can I talk to a human?": recorded with the lead; the team hears about it once we know how
    to reach the prospect (now, or after the contact questions)."""

    def name(self) -> str:
        return "action_hand_off"

    def run(self, dispatcher, tracker, domain) -> Events:
        interview = runtime.interview()
        lead_id = interview.start(tracker.sender_id, tracker.get_latest_input_channel(), tracker.get_slot("lead_id"))
        events: Events = [SlotSet("lead_id", lead_id), SlotSet("handoff_asked", True)]
        if tracker.get_slot("contact_consent") is True and tracker.get_slot("contact_email"):
            runtime.handoffs().asked(tracker.sender_id, lead_id, _contact(tracker))
            dispatcher.utter_message(response="utter_hand_off_on_its_way")
            return [*events, SlotSet("contact_settled", True)]
        dispatcher.utter_message(response="utter_hand_off_asked")
        # Asked again, even of someone who said no before: they are asking for a person now.
        reset = [SlotSet(key, None) for key in ("contact_consent", *CONTACT_QUESTIONS)]
        return [*events, *reset, SlotSet("contact_settled", False)]


class ActionContactDone(Action):
    """After the contact questions: the lead is scored if the read-back was confirmed; a hand-off
    is confirmed (and the team alerted) if the prospect asked for a person."""

    def name(self) -> str:
        return "action_contact_done"

    def run(self, dispatcher, tracker, domain) -> Events:
        settled = [SlotSet("contact_settled", True), SlotSet("handoff_asked", None)]
        if not tracker.get_slot("handoff_asked") and tracker.get_slot("qualification_stage") == "confirming":
            return [*settled, *score_lead(dispatcher, tracker, domain)]
        if tracker.get_slot("contact_consent") is not True:
            dispatcher.utter_message(response="utter_hand_off_declined")
            return settled
        runtime.handoffs().asked(tracker.sender_id, tracker.get_slot("lead_id"), _contact(tracker))
        dispatcher.utter_message(response="utter_hand_off_confirmed")
        return settled


def _contact(tracker: Tracker) -> dict[str, str]:
    return {"name": tracker.get_slot("contact_name") or "", "email": tracker.get_slot("contact_email") or ""}
