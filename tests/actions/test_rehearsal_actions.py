"""Rehearsal in chat: start, replies judged by the form, coaching, skip, stop; reps only."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.rehearsal import (
    ActionRehearsalFeedback,
    ActionRehearsalSkip,
    ActionRehearsalStop,
    ActionStartRehearsal,
    ValidateRehearsalForm,
)
from bot.access import Caller
from tests.actions.conftest import DANA, run, slot_events, user_turn

STRONG = (
    "That's fair. What are you comparing it with? One customer cut lost leads by 30% in a quarter. "
    "How about a 20-minute call on Thursday to go through your numbers?"
)


def rep_says(text, intent, slots=None, caller=DANA):
    return user_turn(text, intent=intent, slots=slots, caller=caller, sender="rep", active_loop="rehearsal_form")


def test_a_rep_rehearses_in_chat(interview):
    events, responses, messages = run(
        ActionStartRehearsal(), rep_says("let's practise price objections", "start_rehearsal")
    )
    assert responses == ["utter_rehearsal_scenario", "utter_rehearsal_buyer"]
    assert messages[0]["scenario"].startswith("Rehearsal 1, difficulty normal.")
    rehearsal = slot_events(events)["rehearsal_id"]
    running = {"rehearsal_id": rehearsal}

    form = ValidateRehearsalForm()
    assert run_validation(form, None, running) == ({"rehearsal_reply": None}, [], [])  # cleared at the start
    slots, responses, messages = run_validation(form, "we're not expensive", running)
    assert slots == {"rehearsal_reply": None}  # the buyer waits for another try
    assert responses == ["utter_rehearsal_buyer", "utter_rehearsal_result"]
    assert messages[1]["result"].startswith("(Not yet:")

    _, responses, messages = run(ActionRehearsalFeedback(), rep_says("how did I do?", "rehearsal_feedback", running))
    assert responses == ["utter_rehearsal_coaching"] and "Out of character" in messages[0]["coaching"]

    slots, responses, messages = run_validation(form, STRONG, running)
    assert responses == ["utter_rehearsal_buyer", "utter_rehearsal_result", "utter_rehearsal_buyer"]
    assert messages[1]["result"].startswith("(Handled: ")  # 4 or 5: tied to the drawn need or not

    _, responses, _ = run(ActionRehearsalSkip(), rep_says("skip", "skip_question", running))
    assert responses == ["utter_rehearsal_buyer"]
    events, responses, messages = run(ActionRehearsalStop(), rep_says("stop", "stop", running))
    assert responses == ["utter_rehearsal_summary"] and messages[0]["summary"].startswith("Rehearsal over: ")
    assert slot_events(events)["rehearsal_id"] is None


def test_a_prospect_cannot_rehearse(interview):
    prospect = user_turn("let's practise", intent="start_rehearsal", caller=Caller())
    events, responses, _ = run(ActionStartRehearsal(), prospect)
    assert responses == ["utter_for_the_sales_team"]
    assert (events[-1]["event"], events[-1]["name"]) == ("followup", "action_listen")  # no rehearsal form
    in_a_form = user_turn("let's practise", intent="start_rehearsal", caller=Caller(), active_loop="qualification_form")
    events, _, _ = run(ActionStartRehearsal(), in_a_form)
    assert events[-1]["name"] == "qualification_form"  # the interview goes on
    required = asyncio.run(
        ValidateRehearsalForm().required_slots(["rehearsal_reply"], None, rep_says("hi", "greet", caller=Caller()), {})
    )
    assert required == []  # nothing running: the form asks nothing


def run_validation(form, text, slots):
    tracker = rep_says(text or "", "inform", slots)
    dispatcher = CollectingDispatcher()
    result = form.validate_rehearsal_reply(text, dispatcher, tracker, {})
    return result, [m.get("response") for m in dispatcher.messages], dispatcher.messages


def test_with_the_database_down_a_rep_hears_so_and_no_rehearsal_is_left_running(interview, monkeypatch):
    from bot.store import StoreUnavailable

    def down(*args, **kwargs):
        raise StoreUnavailable("connection refused")

    monkeypatch.setattr(interview.store.engine, "connect", down)
    monkeypatch.setattr(interview.store.engine, "begin", down)
    events, responses, _ = run(ActionStartRehearsal(), rep_says("let's practise", "start_rehearsal"))
    assert responses == ["utter_lead_store_down"]
    assert slot_events(events) == {"rehearsal_id": None}
    events, responses, _ = run(ActionRehearsalStop(), rep_says("stop", "stop", {"rehearsal_id": 3}))
    assert responses == ["utter_lead_store_down"]
    assert slot_events(events) == {"rehearsal_id": None}
