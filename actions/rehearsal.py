"""Rehearsal in chat (reps only): start, each reply judged by the form, coaching, skip, stop."""

from __future__ import annotations

import random
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import runtime
from actions.access import RepAction, caller
from bot.services.rehearsal import text
from bot.services.rehearsal.options import rehearsal_options
from bot.services.rehearsal.session import Summary
from bot.store import StoreUnavailable

Events = list[dict[str, Any]]


def _rng() -> random.Random:
    return random.Random()


def _summary(dispatcher: CollectingDispatcher, summary: Summary) -> Events:
    service = runtime.rehearsals()
    dispatcher.utter_message(
        response="utter_rehearsal_summary", summary=text.summary(summary, service.playbook(), runtime.words())
    )
    return [SlotSet("rehearsal_id", None)]


class ActionStartRehearsal(RepAction):
    """ "let's practise" (optionally a category, a difficulty or "my weak spots")."""

    def name(self) -> str:
        return "action_start_rehearsal"

    def events_when_store_down(self) -> Events:
        return [SlotSet("rehearsal_id", None)]

    def run(self, dispatcher, tracker, domain) -> Events:
        events = super().run(dispatcher, tracker, domain)
        if any(e.get("event") == "slot" and e.get("name") == "rehearsal_id" and e.get("value") for e in events):
            return events
        # Nothing started (a prospect, or the database down): no rehearsal form, no "another
        # round?"; a form the user was in goes on.
        return [*events, FollowupAction(tracker.active_loop.get("name") or "action_listen")]

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        service = runtime.rehearsals()
        words = runtime.words()
        library = service.coach.library()
        options = rehearsal_options(tracker.latest_message.get("text") or "", library.categories)
        opening = service.start(
            caller(tracker).rep or tracker.sender_id, _rng(), options.difficulty, options.category, options.weak_spots
        )
        scenario = text.scenario(opening.rehearsal_id, options.difficulty, opening.scenario, words)
        dispatcher.utter_message(response="utter_rehearsal_scenario", scenario=scenario)
        dispatcher.utter_message(response="utter_rehearsal_buyer", line=text.buyer(opening.objection.text, words))
        return [SlotSet("rehearsal_id", opening.rehearsal_id), SlotSet("rehearsal_reply", None)]


class ValidateRehearsalForm(FormValidationAction):
    def name(self) -> str:
        return "validate_rehearsal_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        # No rehearsal running (a prospect's "let's practise", or the last objection done): nothing to ask.
        return domain_slots if tracker.get_slot("rehearsal_id") is not None else []

    def validate_rehearsal_reply(self, value, dispatcher, tracker, domain):
        if not isinstance(value, str) or not value.strip():  # the slot cleared when the rehearsal started
            return {"rehearsal_reply": None}
        service = runtime.rehearsals()
        words = runtime.words()
        try:
            turn = service.reply(int(tracker.get_slot("rehearsal_id")), value, _rng(), runtime.today())
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_lead_store_down")
            return {"rehearsal_reply": None}
        except ValueError:
            dispatcher.utter_message(response="utter_rehearsal_none_running")
            return {"rehearsal_reply": value, "rehearsal_id": None}
        dispatcher.utter_message(response="utter_rehearsal_buyer", line=text.buyer(turn.buyer_line, words))
        dispatcher.utter_message(response="utter_rehearsal_result", result=text.result(turn, words))
        if turn.summary:
            _summary(dispatcher, turn.summary)
            return {"rehearsal_reply": value, "rehearsal_id": None}
        if turn.next_objection:
            dispatcher.utter_message(response="utter_rehearsal_buyer", line=text.next_line(turn.next_objection, words))
        return {"rehearsal_reply": None}


class ActionAskRehearsalReply(Action):
    """The buyer has spoken: nothing more to say while the form waits for the rep's reply."""

    def name(self) -> str:
        return "action_ask_rehearsal_reply"

    def run(self, dispatcher, tracker, domain) -> Events:
        return []


def _running(dispatcher: CollectingDispatcher, tracker: Tracker) -> int | None:
    rehearsal_id = tracker.get_slot("rehearsal_id")
    if rehearsal_id is None:
        dispatcher.utter_message(response="utter_rehearsal_none_running")
    return rehearsal_id


class ActionRehearsalFeedback(RepAction):
    """ "how did I do?": out of character, the marks of the last reply and the library's best answer."""

    def name(self) -> str:
        return "action_rehearsal_feedback"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        rehearsal_id = _running(dispatcher, tracker)
        if rehearsal_id is None:
            return []
        service = runtime.rehearsals()
        advice = service.coaching(int(rehearsal_id))
        coaching = text.coaching(advice, service.playbook(), service.coach.library(), runtime.words())
        dispatcher.utter_message(response="utter_rehearsal_coaching", coaching=coaching)
        return []


class ActionRehearsalSkip(RepAction):
    def name(self) -> str:
        return "action_rehearsal_skip"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        rehearsal_id = _running(dispatcher, tracker)
        if rehearsal_id is None:
            return []
        service = runtime.rehearsals()
        following = service.skip(int(rehearsal_id), _rng())
        if following is None:
            return _summary(dispatcher, service.summary(int(rehearsal_id)))
        dispatcher.utter_message(response="utter_rehearsal_buyer", line=text.next_line(following, runtime.words()))
        return []


class ActionRehearsalStop(RepAction):
    def name(self) -> str:
        return "action_rehearsal_stop"

    def events_when_store_down(self) -> Events:
        return [SlotSet("rehearsal_id", None)]

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        rehearsal_id = _running(dispatcher, tracker)
        if rehearsal_id is None:
            return []
        return _summary(dispatcher, runtime.rehearsals().stop(int(rehearsal_id)))
