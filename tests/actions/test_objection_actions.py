"""Objection actions with real trackers: exact events and responses."""

from actions.objections import (
    ActionAdviseOnObjection,
    ActionAnswerObjection,
    ActionNextObjectionResponse,
    ActionRecordObjectionFeedback,
    objection_guess,
)
from bot.services.objection_coach import ObjectionGuess
from tests.actions.conftest import DANA, answer_turn, run, slot_events, user_turn


def selector(*ranking):
    """Parse data as NLU gives it: the response selector's ranking of retrieval labels."""
    return {
        "default": {"ranking": [{"intent_response_key": key, "confidence": confidence} for key, confidence in ranking]}
    }


FORM = "qualification_form"


def objection_turn(text, ranking, intent="objection", **kwargs):
    tracker = user_turn(text, intent=intent, **kwargs)
    tracker.latest_message["response_selector"] = selector(*ranking)
    return tracker


def test_the_category_sums_both_voices():
    message = {
        "response_selector": selector(
            ("objection/price", 0.5), ("objection_help/price", 0.3), ("objection/no_budget", 0.15)
        )
    }
    assert objection_guess(message) == ObjectionGuess("price", 0.8)
    assert objection_guess({"text": "hi"}) == ObjectionGuess(None, 0.0)


def test_an_objection_mid_form_is_answered_and_stored_and_the_question_stays(coach, interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = objection_turn(
        "honestly, that's way too expensive for us",
        [("objection/price", 0.9)],
        slots={"lead_id": lead, "need": "our reps lose track of leads"},
        requested_slot="timeline",
        active_loop="qualification_form",
    )
    events, responses, messages = run(ActionAnswerObjection(), tracker)
    assert responses == ["utter_objection_answer"]
    assert messages[0]["answer"].startswith("That's a fair concern, it is a real investment.")
    [heard] = coach.store.occurrences(lead_id=lead)
    assert (heard.text, heard.category_id) == ("honestly, that's way too expensive for us", "price")
    # The answer ends with a question: the form waits for the reply before asking the timeline.
    assert messages[0]["answer"].rstrip().endswith("?")
    assert slot_events(events) == {
        "objection_responses_given": ["price-clarify-comparison"],
        "objection_awaiting_reply": heard.id,
        "objection_reply": None,
    }


def test_the_same_objection_again_gets_the_next_answer_never_the_same_words(coach, interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = objection_turn(
        "still too pricey", [("objection/price", 0.9)], slots={"lead_id": lead, "objection_responses_given": ["x"]}
    )
    tracker.slots["objection_responses_given"] = ["price-clarify-comparison"]
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert responses == ["utter_objection_answer"]
    # the next one a prospect may hear: price-value-breakdown is for reps only, and
    # price-prospect-own-numbers waits for a named need
    assert slot_events(events)["objection_responses_given"] == [
        "price-clarify-comparison",
        "price-prospect-isolate",
    ]

    every = ["price-clarify-comparison", "price-prospect-own-numbers", "price-prospect-isolate"]
    tracker.slots["objection_responses_given"] = every
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert responses == ["utter_objection_all_given"]
    assert "objection_responses_given" not in slot_events(events)
    assert [o.category_id for o in coach.store.occurrences(lead_id=lead)] == ["price", "price"]


def test_no_need_to_the_need_question_is_kept_as_the_objection_and_no_need_stated(coach, interview):
    lead = interview.store.start_lead("conv-1", "rest")
    text = "honestly I'm not sure we need this, our spreadsheet works fine"
    tracker = objection_turn(
        text, [("objection/no_need", 0.9)], slots={"lead_id": lead}, requested_slot="need", active_loop=FORM
    )
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert slot_events(events)["need"] == "no need stated"
    assert responses == ["utter_objection_answer"]
    stored = interview.store.current_answers(lead)["need"]
    assert stored.normalised["category"] == "none"
    assert [(o.text, o.category_id) for o in coach.store.occurrences(lead_id=lead)] == [(text, "no_need")]


def test_a_bare_company_name_at_the_company_question_is_the_answer_whatever_nlu_thought(coach, interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = objection_turn(
        "Stark Industries",
        [("objection/trust", 0.7)],
        slots={"lead_id": lead},
        requested_slot="company",
        active_loop=FORM,
    )
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert (slot_events(events), responses) == ({"company": "Stark Industries"}, [])
    assert interview.store.current_answers(lead)["company"].normalised == {"name": "Stark Industries"}
    assert coach.store.occurrences(lead_id=lead) == []


def test_an_objection_that_answers_the_question_asked_fills_it(coach, interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = objection_turn(
        "we have no budget for this, spending is frozen",
        [("objection/no_budget", 0.85)],
        slots={"lead_id": lead},
        requested_slot="budget",
        active_loop="qualification_form",
    )
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert slot_events(events)["budget"] == "we have no budget for this, spending is frozen"
    assert interview.store.current_answers(lead)["budget"].normalised["status"] == "none"


def test_an_unplaced_objection_gets_an_honest_answer(coach):
    tracker = objection_turn(
        "something about this doesn't sit right", [("objection/other", 0.7), ("objection/trust", 0.2)]
    )
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert (events, responses) == ([], ["utter_objection_unplaced"])
    assert [o.text for o in coach.store.occurrences(unplaced_only=True)] == ["something about this doesn't sit right"]


def test_a_rep_is_coached_then_asks_for_the_next_answer(coach):
    tracker = objection_turn(
        "the customer says it's too expensive, what do I say?",
        [("objection_help/price", 0.8), ("objection/price", 0.15)],
        intent="objection_help",
        sender="rep-1",
        caller=DANA,
    )
    events, responses, messages = run(ActionAdviseOnObjection(), tracker)
    assert slot_events(events) == {
        "coaching_category": "price",
        "coaching_shown": ["price-clarify-comparison", "price-value-breakdown"],
    }
    assert responses == [
        "utter_objection_advice_intro",
        "utter_objection_advice_response",
        "utter_objection_advice_response",
        "utter_objection_advice_more",
    ]
    assert messages[0]["category_name"] == "Too expensive"
    assert messages[1]["techniques"] == "Acknowledge + Clarify with a question"
    assert messages[1]["steps"].startswith("1. Acknowledge the concern")
    assert messages[1]["record"] == "not tried yet"
    assert messages[3]["remaining"] == 3

    follow_up = user_turn(
        "give me another one", intent="ask_next_response", sender="rep-1", caller=DANA, slots=slot_events(events)
    )
    events, responses, messages = run(ActionNextObjectionResponse(), follow_up)
    assert slot_events(events) == {
        "coaching_shown": ["price-clarify-comparison", "price-value-breakdown", "price-trade-not-discount"]
    }
    assert responses[0] == "utter_objection_advice_response"
    assert messages[0]["rank"] == 3

    every = ["price-clarify-comparison", "price-value-breakdown", "price-trade-not-discount"]
    every += ["price-prospect-own-numbers", "price-prospect-isolate"]
    last = user_turn(
        "and another?",
        intent="ask_next_response",
        sender="rep-1",
        caller=DANA,
        slots={"coaching_shown": every, "coaching_category": "price"},
    )
    events, responses, _ = run(ActionNextObjectionResponse(), last)
    assert (events, responses) == ([], ["utter_objection_no_more_responses"])


def test_next_without_an_objection_asks_for_one(coach):
    events, responses, _ = run(
        ActionNextObjectionResponse(), user_turn("next", intent="ask_next_response", caller=DANA)
    )
    assert (events, responses) == ([], ["utter_objection_nothing_to_follow_up"])


def test_an_unplaced_rep_question_is_noted_not_guessed(coach):
    tracker = objection_turn(
        "what do I say to that guy",
        [("objection_help/trust", 0.3), ("objection_help/price", 0.25)],
        intent="objection_help",
        sender="rep-1",
        caller=DANA,
    )
    events, responses, _ = run(ActionAdviseOnObjection(), tracker)
    assert responses == ["utter_objection_advice_unplaced"]
    assert slot_events(events) == {"coaching_category": None, "coaching_shown": None}
    assert [o.speaker for o in coach.store.occurrences(unplaced_only=True)] == ["rep"]


def test_feedback_rates_the_answer_shown_last(coach):
    run(ActionAnswerObjection(), objection_turn("too pricey", [("objection/price", 0.9)]))
    events, responses, _ = run(
        ActionRecordObjectionFeedback(), user_turn("that doesn't help", intent="feedback_not_helpful")
    )
    assert (events, responses) == ([], ["utter_feedback_not_helpful_prospect"])
    # a prospect's reaction, not a rep's verdict
    stats = coach.store.response_stats()["price-clarify-comparison"]
    assert (stats.prospect_not_helpful, stats.not_helpful) == (1, 0)

    rep = user_turn(
        "that worked!", intent="feedback_helpful", sender="rep-1", caller=DANA, slots={"coaching_category": "price"}
    )
    run(
        ActionAdviseOnObjection(),
        objection_turn(
            "they say too expensive",
            [("objection_help/price", 0.9)],
            intent="objection_help",
            sender="rep-1",
            caller=DANA,
        ),
    )
    events, responses, _ = run(ActionRecordObjectionFeedback(), rep)
    assert responses == ["utter_feedback_helpful"]
    # One prospect's reaction did not reorder the answers; the rep saw the top two at once and
    # the verdict goes to the top one.
    stats = coach.store.response_stats()
    assert (stats["price-clarify-comparison"].helpful, stats["price-value-breakdown"].helpful) == (1, 0)


def test_feedback_with_nothing_shown_is_just_thanks(coach):
    events, responses, _ = run(ActionRecordObjectionFeedback(), user_turn("that helps", intent="feedback_helpful"))
    assert (events, responses) == ([], ["utter_you_are_welcome"])


def test_mid_question_a_message_nlu_cannot_place_is_taken_as_the_answer(coach, interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = objection_turn(
        "we never used a CRM before, only spreadsheets",
        [("objection/competitor", 0.35), ("objection/no_need", 0.3)],
        slots={"lead_id": lead},
        requested_slot="current_situation",
        active_loop="needs_form",
    )
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert (slot_events(events), responses) == (
        {"current_situation": "we never used a CRM before, only spreadsheets"},
        [],
    )
    assert interview.store.current_answers(lead)["current_situation"].raw_text.startswith("we never used")
    assert coach.store.occurrences() == []


def test_mid_question_an_unplaced_message_that_is_no_answer_either_gets_the_honest_reply(coach, interview):
    tracker = objection_turn(
        "hmm, I'm not sure about any of this",
        [("objection/price", 0.3), ("objection/trust", 0.3)],
        requested_slot="budget",
        active_loop="qualification_form",
    )
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert (events, responses) == ([], ["utter_objection_unplaced"])


def test_mid_question_a_vague_objection_is_noted_not_stored_as_the_answer(coach, interview):
    tracker = objection_turn(
        "I have my reservations", [("objection/other", 0.9)], requested_slot="need", active_loop="qualification_form"
    )
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert (events, responses) == ([], ["utter_objection_unplaced"])


def test_a_competitor_objection_to_the_situation_question_is_answered_and_stored(coach, interview):
    lead = interview.store.start_lead("conv-1", "rest")
    text = "we run everything on Salesforce and it does the job"
    tracker = objection_turn(
        text,
        [("objection/competitor", 0.9)],
        slots={"lead_id": lead},
        requested_slot="current_situation",
        active_loop="needs_form",
    )
    events, responses, _ = run(ActionAnswerObjection(), tracker)
    assert (slot_events(events)["current_situation"], responses) == (text, ["utter_objection_answer"])
    assert [o.category_id for o in coach.store.occurrences(lead_id=lead)] == ["competitor"]


def test_an_answer_to_an_open_question_weakly_read_as_feedback_is_the_answer(interview, coach):
    lead = interview.store.start_lead("conv-new", "socketio")
    tracker = answer_turn(
        "vendor_liked",
        "it was simple to use",
        lead,
        intent="feedback_helpful",
        confidence=0.47,
        sender="conv-new",
    )
    events, responses, _ = run(ActionRecordObjectionFeedback(), tracker)
    assert (slot_events(events), responses) == ({"vendor_liked": "it was simple to use"}, [])
    assert interview.store.current_answers(lead)["vendor_liked"].raw_text == "it was simple to use"
    surely_feedback = answer_turn(
        "vendor_disliked",
        "that helps, thanks",
        lead,
        intent="feedback_helpful",
        confidence=0.95,
        sender="conv-new",
    )
    events, responses, _ = run(ActionRecordObjectionFeedback(), surely_feedback)
    assert (events, responses) == ([], ["utter_you_are_welcome"])
    assert "vendor_disliked" not in interview.store.current_answers(lead)
