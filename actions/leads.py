"""Finding the lead a rep's message is about ("lead 12", "Acme"), shared by the rep actions."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bot.services.closing.advisor import LeadLookup


def lead_named(dispatcher: CollectingDispatcher, tracker: Tracker, lookup: LeadLookup | None = None) -> int | None:
    """The lead the rep's message names (found already as `lookup`, or looked up now), or None
    after saying why not; when several leads of the company match, the rep is asked which one."""
    advisor = runtime.closing_advisor()
    lookup = lookup or advisor.find_lead(tracker.latest_message.get("text") or "")
    if lookup.lead_id is None:
        if lookup.number is not None:
            dispatcher.utter_message(response="utter_lead_number_not_found", lead_number=lookup.number)
        else:
            dispatcher.utter_message(response="utter_which_lead")
        return None
    if lookup.others:
        dispatcher.utter_message(
            response="utter_lead_which_of",
            company=lookup.company,
            choices=advisor.lead_choices((lookup.lead_id, *lookup.others)),
        )
        return None
    return lookup.lead_id
