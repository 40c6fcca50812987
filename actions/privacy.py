"""A prospect's "delete my data", said in their own chat."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.access import caller
from bot.store import StoreUnavailable
from bot.store.privacy import ERASED_AFTER_QUIET_SECONDS

Events = list[dict[str, Any]]


class ActionForgetMe(Action):
    """The prospect's leads, answers, contact details and objections go at once, and every slot
    is emptied; the chat's record goes at the next housekeeping once the chat is quiet. A rep is
    pointed to `salesbot leads forget`: their chat holds other people's data."""

    def name(self) -> str:
        return "action_forget_me"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        if caller(tracker).is_rep:
            dispatcher.utter_message(response="utter_forget_for_reps")
            return []
        try:
            forgotten = runtime.privacy().forget_conversation(tracker.sender_id)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_forget_not_saved")
            return []
        minutes = runtime.interview().settings.housekeeping_minutes + ERASED_AFTER_QUIET_SECONDS // 60
        kept_something = forgotten.leads or forgotten.objections
        dispatcher.utter_message(
            response="utter_forgotten" if kept_something else "utter_forgotten_nothing_kept", minutes=minutes
        )
        return [AllSlotsReset()]
