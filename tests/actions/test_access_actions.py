"""Rep actions asked by a prospect: refused, and nothing is read or changed."""

import pytest

from actions.access import ActionGreet
from actions.closing import ActionClosingAdvice, ActionDealSignals, ActionSetDealStage
from actions.objections import ActionAdviseOnObjection, ActionNextObjectionResponse
from bot.access import REP, Caller
from tests.actions.conftest import DANA, answer_turn, run, slot_events, user_turn
from tests.actions.test_closing_actions import qualified_lead


@pytest.mark.parametrize(
    "action, text, intent",
    [
        (ActionClosingAdvice(), "how should I close lead {lead}?", "ask_closing_advice"),
        (ActionDealSignals(), "what do we know about Acme Corp?", "ask_deal_signals"),
        (ActionSetDealStage(), "mark lead {lead} as lost", "set_deal_stage"),
    ],
)
def test_a_prospect_asking_a_reps_question_hears_it_is_for_the_team(interview, action, text, intent):
    lead = qualified_lead(interview)
    events, responses, messages = run(action, user_turn(text.format(lead=lead), intent=intent, sender="someone"))
    assert (events, responses) == ([], ["utter_for_the_sales_team"])
    assert (interview.store.get_lead(lead).stage, interview.store.get_lead(lead).outcome) == ("found", None)
    assert [c.stage for c in interview.store.stage_history(lead)] == ["found"]


def test_a_client_that_claims_to_be_a_rep_on_the_widget_is_a_prospect(interview):
    lead = qualified_lead(interview)
    claimed = user_turn(
        f"we won lead {lead}", intent="set_deal_stage", caller=Caller(REP, "me"), channel="socketio", sender="someone"
    )
    assert run(ActionSetDealStage(), claimed)[1] == ["utter_for_the_sales_team"]
    assert interview.store.get_lead(lead).stage == "found"


def test_a_company_name_read_as_a_stage_change_is_the_answer_to_the_company_question(interview):
    qualified_lead(interview, conversation="conv-acme")  # an existing Acme lead a rep could mean
    lead = interview.store.start_lead("conv-new", "socketio")
    tracker = answer_turn("company", "Acme", lead, intent="set_deal_stage", sender="conv-new", channel="socketio")
    events, responses, _ = run(ActionSetDealStage(), tracker)
    assert (slot_events(events), responses) == ({"company": "Acme"}, [])
    assert interview.store.current_answers(lead)["company"].normalised == {"name": "Acme"}


def test_a_prospect_who_words_an_objection_like_a_question_gets_the_prospects_answer(coach):
    tracker = user_turn("how do you deal with people saying it's too expensive?", intent="objection_help")
    tracker.latest_message["response_selector"] = {
        "default": {"ranking": [{"intent_response_key": "objection_help/price", "confidence": 0.9}]}
    }
    events, responses, messages = run(ActionAdviseOnObjection(), tracker)
    assert responses == ["utter_objection_answer"] and "or your budget?" in messages[0]["answer"]
    assert [o.speaker for o in coach.store.occurrences()] == ["prospect"]


def test_only_a_rep_gets_the_next_answer_of_the_library(coach):
    slots = {"coaching_category": "price", "coaching_shown": ["price-clarify-comparison"]}
    _, responses, _ = run(
        ActionNextObjectionResponse(), user_turn("another one?", intent="ask_next_response", slots=slots)
    )
    assert responses == ["utter_for_the_sales_team"]
    _, responses, _ = run(
        ActionNextObjectionResponse(), user_turn("another one?", intent="ask_next_response", slots=slots, caller=DANA)
    )
    assert responses == ["utter_objection_advice_response", "utter_objection_advice_more"]


def test_a_reps_request_is_not_taken_as_a_business_need(interview):
    lead = interview.store.start_lead("conv-new", "socketio")
    tracker = answer_turn("need", "mark lead 40 as lost", lead, intent="set_deal_stage", sender="conv-new")
    assert run(ActionSetDealStage(), tracker)[:2] == ([], ["utter_for_the_sales_team"])
    assert "need" not in interview.store.current_answers(lead)


def test_an_answer_to_an_open_question_weakly_read_as_a_reps_request_is_the_answer(interview):
    lead = interview.store.start_lead("conv-new", "socketio")
    answer = "reps marking deals won the same day, not at month end"
    tracker = answer_turn(
        "desired_outcome",
        answer,
        lead,
        intent="set_deal_stage",
        confidence=0.55,
        sender="conv-new",
    )
    events, responses, _ = run(ActionSetDealStage(), tracker)
    assert (slot_events(events), responses) == ({"desired_outcome": answer}, [])
    assert interview.store.current_answers(lead)["desired_outcome"].raw_text == answer


def test_a_reps_request_naming_a_lead_is_never_a_need_however_unsure_nlu_was(interview):
    lead = interview.store.start_lead("conv-new", "socketio")
    tracker = answer_turn("need", "we won lead 7", lead, intent="set_deal_stage", confidence=0.55, sender="conv-new")
    assert run(ActionSetDealStage(), tracker)[:2] == ([], ["utter_for_the_sales_team"])
    assert "need" not in interview.store.current_answers(lead)


@pytest.mark.parametrize(
    "caller, channel, responses",
    [
        (Caller(), "socketio", ["utter_greet", "utter_ask_to_start"]),
        (DANA, "socketio", ["utter_greet", "utter_ask_to_start"]),  # the widget's metadata is the client's
        (DANA, "rest", ["utter_greet_rep"]),
    ],
)
def test_hello_offers_a_prospect_the_questions_and_tells_a_rep_what_to_ask(caller, channel, responses):
    assert run(ActionGreet(), user_turn("hi", intent="greet", caller=caller, channel=channel))[1] == responses
