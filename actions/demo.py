"""A rep's "prepare my demo with Acme": the demo checklist filled for that lead."""

from __future__ import annotations

from typing import Any

from actions import runtime
from actions.access import RepAction
from actions.leads import lead_named
from bot.services.closing.text import ClosingText
from bot.services.demo_prep import in_words, prepare

Events = list[dict[str, Any]]


class ActionPrepareDemo(RepAction):
    def name(self) -> str:
        return "action_prepare_demo"

    def run_for_rep(self, dispatcher, tracker, domain) -> Events:
        advisor = runtime.closing_advisor()
        lead_id = lead_named(dispatcher, tracker)
        advice = advisor.advise(lead_id, runtime.today()) if lead_id is not None else None
        if advice is None:
            return []
        words = runtime.words()
        prep = prepare(advice.facts, advisor.settings, words)
        dispatcher.utter_message(
            response="utter_demo_prep", checklist=in_words(prep, ClosingText(words).lead_title(advice), words)
        )
        return []
