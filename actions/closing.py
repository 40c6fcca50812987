"""Actions for the deal: buying signals from a prospect; closing advice, stage changes and
signals for a rep."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.access import RepAction
from actions.forms import company_named
from bot.answers.references import parse_stage
from bot.services.closing.recommend import Advice
from bot.services.closing.text import ClosingText
from bot.store import StoreUnavailable

Events = list[dict[str, Any]]


class ActionNoteBuyingSignal(Action):
    """ "How soon could we start?": noted for the rep and the advisor; the question stays open."""

    def name(self) -> str:
        return "action_note_buying_signal"

    def run(self, dispatcher, tracker, domain) -> Events:
        named = company_named(tracker)
        if named:
            return named
        saved = runtime.closing_advisor().note_buying_signal(
            tracker.sender_id, tracker.get_slot("lead_id"), tracker.latest_message.get("text") or ""
        )
        dispatcher.utter_message(response="utter_buying_signal_noted" if saved else "utter_buying_signal_not_saved")
        return []


def _lookup(dispatcher: CollectingDispatcher, tracker: Tracker) -> int | None:
    """The lead the rep's message names, or None after saying why not."""
    lookup = runtime.closing_advisor().find_lead(tracker.latest_message.get("text") or "")
    if lookup.lead_id is None:
        if lookup.number is not None:
            dispatcher.utter_message(response="utter_lead_number_not_found", lead_number=lookup.number)
        else:
            dispatcher.utter_message(response="utter_which_lead")
        return None
    if lookup.others:
        dispatcher.utter_message(
            response="utter_lead_several",
            company=lookup.company,
            lead_id=lookup.lead_id,
            others=", ".join(str(i) for i in lookup.others),
        )
    return lookup.lead_id


def _advice(dispatcher: CollectingDispatcher, tracker: Tracker) -> Advice | None:
    """The advice on the lead the rep's message names, or None after saying why there is none."""
    try:
        lead_id = _lookup(dispatcher, tracker)
        return runtime.closing_advisor().advise(lead_id, runtime.today()) if lead_id is not None else None
    except StoreUnavailable:
        dispatcher.utter_message(response="utter_lead_store_down")
        return None


class ActionClosingAdvice(RepAction):
    def name(self) -> str:
        return "action_closing_advice"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        advice = _advice(dispatcher, tracker)
        if advice:
            dispatcher.utter_message(
                response="utter_closing_advice", advice=ClosingText(runtime.words()).advice(advice)
            )
        return []


class ActionSetDealStage(RepAction):
    def name(self) -> str:
        return "action_set_deal_stage"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        advisor = runtime.closing_advisor()
        text = tracker.latest_message.get("text") or ""
        stage = parse_stage(text)
        try:
            lead_id = _lookup(dispatcher, tracker)
            if lead_id is None:
                return []
            if stage is None:
                dispatcher.utter_message(response="utter_which_stage")
                return []
            technique = advisor.technique_named(text)
            advisor.set_stage(
                lead_id, stage, f"chat:{tracker.sender_id}", runtime.today(), technique_used=technique, note=text
            )
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_lead_store_down")
            return []
        stage_words = ClosingText(runtime.words()).stage(stage)
        if technique:
            dispatcher.utter_message(
                response="utter_stage_changed_with_technique", lead_id=lead_id, stage=stage_words, technique=technique
            )
        else:
            dispatcher.utter_message(response="utter_stage_changed", lead_id=lead_id, stage=stage_words)
        return []


class ActionDealSignals(RepAction):
    def name(self) -> str:
        return "action_deal_signals"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        advice = _advice(dispatcher, tracker)
        if advice:
            dispatcher.utter_message(
                response="utter_deal_signals", signals=ClosingText(runtime.words()).deal_signals(advice)
            )
        return []
