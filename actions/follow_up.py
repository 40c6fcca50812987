"""Follow-up actions for a rep: log a contact ("called Acme, they want a demo next week") and
ask what is due ("who should I call today?")."""

from __future__ import annotations

from typing import Any

from actions import runtime
from actions.access import RepAction, caller
from actions.leads import lead_named
from bot.services.closing.advisor import LeadLookup
from bot.services.follow_up import DUE_SHOWN, due_in_words

Events = list[dict[str, Any]]


def _rep(tracker) -> str:
    return caller(tracker).rep or tracker.sender_id


class ActionLogContact(RepAction):
    def name(self) -> str:
        return "action_log_contact"

    def run_for_rep(self, dispatcher, tracker, domain, lookup: LeadLookup | None = None) -> Events:
        text = (tracker.latest_message.get("text") or "").strip()
        lead_id = lead_named(dispatcher, tracker, lookup)
        lead = runtime.closing_advisor().leads.get_lead(lead_id) if lead_id is not None else None
        if lead is None:
            return []
        touch = runtime.follow_ups().log_touch(lead, _rep(tracker), text, runtime.today())
        if touch is None:
            dispatcher.utter_message(response="utter_lead_number_not_found", lead_number=lead_id)
        elif touch.next_contact_on:
            dispatcher.utter_message(
                response="utter_contact_logged",
                lead_id=lead.id,
                channel=touch.channel,
                next=touch.next_contact_on.isoformat(),
                next_channel=touch.next_contact_channel,
            )
        else:
            dispatcher.utter_message(response="utter_contact_logged_no_next", lead_id=lead.id, channel=touch.channel)
        return []


class ActionListFollowUps(RepAction):
    """The rep's leads due or overdue today, and those nobody looks after yet."""

    def name(self) -> str:
        return "action_list_followups"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        today = runtime.today()
        due = runtime.follow_ups().due(today)
        rep = _rep(tracker)
        shown = [d for d in due if d.owner in (rep, None)]
        if not shown:
            dispatcher.utter_message(response="utter_followups_none", others=len(due))
            return []
        dispatcher.utter_message(
            response="utter_followups_due",
            count=len(shown),
            leads=due_in_words(shown[:DUE_SHOWN], today, runtime.words()),
            others=len(due) - len(shown),
        )
        return []
