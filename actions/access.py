"""Who may ask what: rep actions answer only a rep (bot/access.py decides who is one).

A prospect asking a rep's question hears that it is for the sales team, and nothing is read or
changed. In the middle of a question with a checked form of answer, the message is first tried
as the answer: a company called "Acme" is an answer, not a stage change; but "mark lead 40 as
lost" is not a business need. At an open question, only a weak reading is taken as the answer,
and never one that names a lead by its number.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import answer_in_own_words, answer_to_question_asked, company_named
from bot.access import Caller, caller_of
from bot.answers.references import lead_number
from bot.store import StoreUnavailable

Events = list[dict[str, Any]]


def caller(tracker: Tracker) -> Caller:
    return caller_of(tracker.get_latest_input_channel(), tracker.latest_message.get("metadata"))


def refuse_prospect(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    # A message that names a lead by its number ("we won lead 7") is a rep's request however
    # unsure NLU was of it, never a prospect's need in their own words.
    names_a_lead = lead_number(tracker.latest_message.get("text") or "") is not None
    answered = (
        company_named(tracker)
        or answer_to_question_asked(tracker, open_questions=False)
        or ([] if names_a_lead else answer_in_own_words(tracker))
    )
    if answered:
        return answered
    dispatcher.utter_message(response="utter_for_the_sales_team")
    return []


class ActionGreet(Action):
    """Hello: a prospect hears what the assistant does and is asked whether to start; a rep hears
    what they can ask."""

    def name(self) -> str:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        if caller(tracker).is_rep:
            dispatcher.utter_message(response="utter_greet_rep")
        else:
            dispatcher.utter_message(response="utter_greet")
            dispatcher.utter_message(response="utter_ask_to_start")
        return []


class RepAction(Action, ABC):
    """An action for reps only; subclasses implement `run_for_rep` (abstract, so rasa-sdk does
    not register this class itself as an action). When the lead database is down the rep hears
    so, and the action's `events_when_store_down` are returned."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        if not caller(tracker).is_rep:
            return refuse_prospect(dispatcher, tracker)
        return self.answer_rep(dispatcher, tracker, domain)

    def answer_rep(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], *args) -> Events:
        """`run_for_rep` for a caller already known to be a rep."""
        try:
            return self.run_for_rep(dispatcher, tracker, domain, *args)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_lead_store_down")
            return self.events_when_store_down()

    def events_when_store_down(self) -> Events:
        return []

    @abstractmethod
    def run_for_rep(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events: ...
