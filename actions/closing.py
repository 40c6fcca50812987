"""Actions for the deal: buying signals from a prospect; closing advice, stage changes and
signals for a rep."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.access import RepAction, caller
from actions.demo import ActionPrepareDemo
from actions.follow_up import ActionLogContact
from actions.forms import company_named
from actions.interview import ActionCorrectAnswer, ActionStartRepQualification, corrected_field
from actions.leads import lead_named
from bot.answers.references import asks_for_demo_prep, asks_to_qualify, read_stage
from bot.playbook.stages import CLOSED
from bot.services.closing.advisor import LeadLookup
from bot.services.closing.recommend import Advice
from bot.services.closing.text import ClosingText
from bot.services.follow_up import channel_of
from bot.store import StoreUnavailable

Events = list[dict[str, Any]]
# Why a stage named in the message was not recorded (bot.answers.references.StageMention.doubt).
DOUBT_RESPONSES = {
    "negated": "utter_stage_negated",
    "question": "utter_stage_question",
    "hedged": "utter_stage_hedged",
}


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


def _advice(dispatcher: CollectingDispatcher, tracker: Tracker) -> Advice | None:
    """The advice on the lead the rep's message names, or None after saying why there is none."""
    lead_id = lead_named(dispatcher, tracker)
    return runtime.closing_advisor().advise(lead_id, runtime.today()) if lead_id is not None else None


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
    """ "lead 12 is at closing" is recorded; a closed stage ("we won Acme") waits for the rep's
    yes; a stage named in a negation, a question or a hedge ("Acme still hasn't signed") is not
    recorded, and the rep is told so."""

    def name(self) -> str:
        return "action_set_deal_stage"

    def events_when_store_down(self) -> Events:
        return [SlotSet("pending_stage_change", None)]

    def run_for_rep(self, dispatcher, tracker, domain, lookup: LeadLookup | None = None) -> Events:
        advisor = runtime.closing_advisor()
        text = tracker.latest_message.get("text") or ""
        mention = read_stage(text)
        lead_id = lead_named(dispatcher, tracker, lookup)
        if lead_id is None:
            return [SlotSet("pending_stage_change", None)]
        if mention is None:
            dispatcher.utter_message(response="utter_which_stage")
            return [SlotSet("pending_stage_change", None)]
        lead = advisor.leads.get_lead(lead_id)
        if lead is None:  # deleted since it was found
            dispatcher.utter_message(response="utter_lead_number_not_found", lead_number=lead_id)
            return [SlotSet("pending_stage_change", None)]
        words = ClosingText(runtime.words())
        if mention.doubt:
            dispatcher.utter_message(
                response=DOUBT_RESPONSES[mention.doubt],
                lead_id=lead_id,
                stage=words.stage(mention.stage),
                current=words.stage(lead.stage),
            )
            return [SlotSet("pending_stage_change", None)]
        change = {
            "lead_id": lead_id,
            "stage": mention.stage,
            "technique": advisor.technique_named(text),
            "note": text,
        }
        if mention.stage in CLOSED:
            company = advisor.facts(lead).company or "?"
            dispatcher.utter_message(
                response="utter_confirm_stage", lead_id=lead_id, company=company, stage=words.stage(mention.stage)
            )
            return [SlotSet("pending_stage_change", json.dumps(change))]
        return _record_stage(dispatcher, tracker, change)


def _record_stage(dispatcher: CollectingDispatcher, tracker: Tracker, change: dict[str, Any]) -> Events:
    lead_id, stage, technique = change["lead_id"], change["stage"], change["technique"]
    runtime.closing_advisor().set_stage(
        lead_id, stage, f"chat:{tracker.sender_id}", runtime.today(), technique_used=technique, note=change["note"]
    )
    stage_words = ClosingText(runtime.words()).stage(stage)
    if technique:
        dispatcher.utter_message(
            response="utter_stage_changed_with_technique", lead_id=lead_id, stage=stage_words, technique=technique
        )
    else:
        dispatcher.utter_message(response="utter_stage_changed", lead_id=lead_id, stage=stage_words)
    return [SlotSet("pending_stage_change", None), SlotSet("last_stage_lead", lead_id)]


class ActionReadUnclearMessage(Action):
    """NLU was unsure. A rep's message is still read for what it plainly is, whatever NLU made of
    it: a company to qualify ("new lead: Globex, on a call now"), a demo to prepare, a stage of a
    known lead ("Fernhill Bakeries still hasn't signed"), or a contact with a known lead ("called
    Brightwater, call back on 15 December"). Anyone's message that NLU would most likely have
    read as a correction, and that names an answer already given ("actually we have no budget at
    all" after the lead was scored), corrects that answer. Anything else gets "Sorry, I didn't
    catch that", or at the read-back its choice again."""

    def name(self) -> str:
        return "action_read_unclear_message"

    def run(self, dispatcher, tracker, domain) -> Events:
        text = tracker.latest_message.get("text") or ""
        if caller(tracker).is_rep and asks_to_qualify(text):
            started = ActionStartRepQualification().answer_rep(dispatcher, tracker, domain)
            return [*started, FollowupAction("qualification_form")]
        if caller(tracker).is_rep and asks_for_demo_prep(text):
            return ActionPrepareDemo().answer_rep(dispatcher, tracker, domain)
        if caller(tracker).is_rep and (read_stage(text) or channel_of(text, runtime.follow_ups().plan())):
            try:
                lookup = runtime.closing_advisor().find_lead(text)
            except StoreUnavailable:
                lookup = None
            if lookup and (lookup.lead_id or lookup.others):
                if read_stage(text):
                    return ActionSetDealStage().answer_rep(dispatcher, tracker, domain, lookup)
                return ActionLogContact().answer_rep(dispatcher, tracker, domain, lookup)
        if _best_unsure_reading(tracker) == "correct_answer" and tracker.get_slot("lead_id") is not None:
            if corrected_field(tracker):
                return ActionCorrectAnswer().run(dispatcher, tracker, domain)
        if tracker.get_slot("qualification_stage") == "confirming":
            dispatcher.utter_message(response="utter_ask_confirm_read_back")
        else:
            dispatcher.utter_message(response="utter_default")
        return []


def _best_unsure_reading(tracker: Tracker) -> str | None:
    """The intent NLU ranked first under the fallback it chose for being unsure."""
    ranking = [r["name"] for r in tracker.latest_message.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
    return ranking[0] if ranking else None


class ActionConfirmStageChange(RepAction):
    """The rep's yes or no to a closed stage waiting in pending_stage_change."""

    def name(self) -> str:
        return "action_confirm_stage_change"

    def events_when_store_down(self) -> Events:
        return [SlotSet("pending_stage_change", None)]

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        pending = tracker.get_slot("pending_stage_change")
        if not pending:
            dispatcher.utter_message(response="utter_which_stage")
            return []
        change = json.loads(pending)
        if tracker.latest_message.get("intent", {}).get("name") == "affirm":
            return _record_stage(dispatcher, tracker, change)
        lead = runtime.closing_advisor().leads.get_lead(change["lead_id"])
        stage = ClosingText(runtime.words()).stage(lead.stage) if lead else "?"
        dispatcher.utter_message(response="utter_stage_not_changed", lead_id=change["lead_id"], stage=stage)
        return [SlotSet("pending_stage_change", None)]


class ActionUndoStageChange(RepAction):
    """ "undo that" (the stage this conversation changed last) or "undo lead 12"."""

    def name(self) -> str:
        return "action_undo_stage_change"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        advisor = runtime.closing_advisor()
        text = tracker.latest_message.get("text") or ""
        named = advisor.find_lead(text)
        named_lead = named.lead_id or named.number
        lead_id = lead_named(dispatcher, tracker, named) if named_lead else tracker.get_slot("last_stage_lead")
        if lead_id is None:
            if not named.number and not named.others:
                dispatcher.utter_message(response="utter_undo_which_lead")
            return []
        undone = advisor.undo_stage(int(lead_id), f"chat:{tracker.sender_id}", runtime.today())
        if undone is None:
            dispatcher.utter_message(response="utter_nothing_to_undo", lead_id=lead_id)
            return []
        lead = advisor.leads.get_lead(int(lead_id))
        words = ClosingText(runtime.words())
        dispatcher.utter_message(
            response="utter_stage_undone",
            lead_id=lead_id,
            undone=words.stage(undone.stage),
            stage=words.stage(lead.stage if lead else undone.stage),
        )
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
