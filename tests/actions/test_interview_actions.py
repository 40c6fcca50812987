import pytest

from actions.handoff import ActionContactDone
from actions.interview import (
    ActionCorrectAnswer,
    ActionExplainQuestion,
    ActionOffTopicInInterview,
    ActionReadBack,
    ActionStartOver,
    ActionStartQualification,
    ActionStopQualification,
)
from bot.services.interview import consent_wording
from tests.actions.conftest import CONTACT, DOMAIN, answer_turn, run, slot_events, user_turn

ANSWERS = {
    "budget": "about $20k a year",
    "authority": "I'm the CEO",
    "need": "our reps lose track of leads after trade shows",
    "timeline": "in 6 weeks",
    "vendor_liked": "Pipedrive was simple",
    "vendor_disliked": "it could not scale",
    "current_situation": "spreadsheets",
    "desired_outcome": "we would close more deals",
}


def test_start_creates_a_lead_for_the_conversation(interview):
    events, responses, _ = run(ActionStartQualification(), user_turn("yes", intent="affirm"))
    lead_id = slot_events(events)["lead_id"]
    lead = interview.store.get_lead(lead_id)
    assert (lead.conversation_id, lead.channel, lead.status) == ("conv-1", "rest", "in_progress")
    assert responses == []
    # the prospect agreed to the greeting's wording: when, and which wording, stay with the lead
    assert lead.consent_at is not None
    assert lead.consent_wording == consent_wording(DOMAIN["responses"]["utter_greet"])
    changed = [{"text": DOMAIN["responses"]["utter_greet"][0]["text"] + " We also sell your data."}]
    assert consent_wording(changed) != lead.consent_wording


def test_why_explains_the_question_being_asked(interview):
    tracker = user_turn(
        "why do you need that?", intent="ask_why", requested_slot="timeline", active_loop="qualification_form"
    )
    events, responses, _ = run(ActionExplainQuestion(), tracker)
    assert (events, responses) == ([], ["utter_why_timeline"])


def test_why_outside_a_question_gets_the_general_reason(interview):
    events, responses, _ = run(ActionExplainQuestion(), user_turn("why?", intent="ask_why"))
    assert responses == ["utter_why_general"]


def test_read_back_fills_the_summary_and_waits_for_confirmation(interview):
    events, responses, messages = run(ActionReadBack(), user_turn("we'd close more deals", slots=ANSWERS))
    assert slot_events(events) == {"qualification_stage": "confirming"}
    assert responses == ["utter_read_back", "utter_ask_confirm_read_back"]
    summary = messages[0]
    assert summary["read_budget"] == "20,000 USD per year"
    assert summary["read_authority"] == "you decide"
    assert (
        summary["read_need"]
        == "our reps lose track of leads after trade shows (filed under: lead and pipeline tracking)"
    )
    assert summary["read_timeline"] == "2027-01-07"
    assert summary["read_current_situation"] == "spreadsheets"


def test_a_correction_replaces_the_answer_keeps_history_and_reads_back_again(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    interview.store.record_answer(lead, "conv-1", "budget", "about $20k a year", {"amount": 20000})
    tracker = user_turn(
        "actually the budget is 30k",
        intent="correct_answer",
        slots={**ANSWERS, "lead_id": lead, "qualification_stage": "confirming"},
    )
    events, responses, messages = run(ActionCorrectAnswer(), tracker)

    assert slot_events(events) == {"budget": "30k", "qualification_stage": "confirming"}
    assert responses == ["utter_correction_saved", "utter_read_back", "utter_ask_confirm_read_back"]
    assert messages[0]["field_label"] == "budget"
    assert messages[0]["new_value"] == "30,000 (currency not given)"
    assert messages[1]["read_budget"] == "30,000 (currency not given)"
    history = [(a.raw_text, a.revision, a.is_current) for a in interview.store.answer_history(lead)]
    assert history == [("about $20k a year", 1, False), ("30k", 2, True)]


def test_a_correction_without_a_field_name_is_placed_by_its_value(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = user_turn(
        "sorry, I meant 45k",
        intent="correct_answer",
        slots={"lead_id": lead, "budget": "40k"},
        requested_slot="need",
        active_loop="qualification_form",
    )
    events, responses, _ = run(ActionCorrectAnswer(), tracker)
    assert slot_events(events) == {"budget": "45k"}
    assert responses == ["utter_correction_saved"]


def test_an_unplaceable_correction_asks_which_answer(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = user_turn("that was wrong, fix it", intent="correct_answer", slots={"lead_id": lead, "budget": "40k"})
    events, responses, _ = run(ActionCorrectAnswer(), tracker)
    assert (events, responses) == ([], ["utter_ask_which_answer_to_correct"])


def test_a_nonsense_correction_is_refused_and_changes_nothing(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = user_turn(
        "actually the budget is -30k",
        intent="correct_answer",
        slots={"lead_id": lead, "budget": "40k"},
    )
    events, responses, _ = run(ActionCorrectAnswer(), tracker)
    assert (events, responses) == ([], ["utter_invalid_budget_negative"])
    assert interview.store.current_answers(lead) == {}


def test_score_lead_stores_the_score_and_tells_the_next_step(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(
        ActionContactDone(), user_turn("skip", intent="skip_question", slots={**ANSWERS, **CONTACT, "lead_id": lead})
    )
    assert slot_events(events) == {
        "lead_id": lead,
        "qualification_stage": "done",
        "contact_settled": True,
        "handoff_asked": None,
    }
    assert responses == ["utter_next_step_hot"]
    saved = interview.store.get_lead(lead)
    assert (saved.tier, saved.score, saved.status) == ("hot", 100, "completed")
    assert {r["criterion"]: r["evidence"] for r in saved.score_reasons}["budget"] == "about $20k a year"
    # Every answer the conversation holds is in the store, even those written nowhere before.
    contact_keys = {"contact_name", "contact_email", "contact_phone"}
    assert set(interview.store.current_answers(lead)) == set(ANSWERS) | contact_keys


def test_score_lead_with_the_database_down_still_answers_and_says_saving_is_delayed(interview, monkeypatch):
    from bot.store import StoreUnavailable

    def down(*args, **kwargs):
        raise StoreUnavailable("connection refused")

    monkeypatch.setattr(interview.store, "current_answers", down)
    events, responses, _ = run(
        ActionContactDone(), user_turn("skip", intent="skip_question", slots={**ANSWERS, **CONTACT, "lead_id": 7})
    )
    assert responses == ["utter_next_step_hot", "utter_saving_delayed"]
    assert slot_events(events)["qualification_stage"] == "done"


def test_stop_marks_the_lead_stopped(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ActionStopQualification(), user_turn("stop", intent="stop", slots={"lead_id": lead}))
    assert responses == ["utter_stopped"]
    assert slot_events(events) == {"requested_slot": None}
    assert interview.store.get_lead(lead).status == "stopped"


def test_stop_with_nothing_started(interview):
    events, responses, _ = run(ActionStopQualification(), user_turn("stop", intent="stop"))
    assert (events, responses) == ([], ["utter_nothing_to_stop"])


def test_every_refusal_the_parsers_can_give_has_a_response():
    from actions.forms import refusal_response
    from tests.actions.conftest import DOMAIN

    problems = {
        "budget": ["unclear", "negative", "implausible"],
        "timeline": ["unclear", "past", "too_far"],
        "authority": ["unclear"],
        "need": ["too_short"],
    }
    generic = ["empty", "too_long", "not_english", "gibberish"]
    for question, specific in problems.items():
        for problem in specific + generic:
            assert refusal_response(question, problem) in DOMAIN["responses"]


def test_a_huge_message_taken_for_a_correction_is_refused_as_too_long(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = user_turn("budget " * 400, intent="correct_answer", slots={"lead_id": lead, "budget": "40k"})
    events, responses, messages = run(ActionCorrectAnswer(), tracker)
    assert (events, responses) == ([], ["utter_invalid_answer_too_long"])
    assert messages[0]["max_chars"] == 1000


def test_an_answer_that_sounds_like_a_correction_fills_the_question_being_asked(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = answer_turn(
        "budget",
        "the budget is 20k dollars",
        lead,
        intent="correct_answer",
    )
    events, responses, _ = run(ActionCorrectAnswer(), tracker)
    assert (slot_events(events), responses) == ({"budget": "the budget is 20k dollars"}, [])
    assert interview.store.current_answers(lead)["budget"].revision == 1


def test_start_over_keeps_the_old_enquiry_stopped_and_begins_a_new_one(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    interview.store.record_answer(lead, "conv-1", "budget", "20-30k", {"amount": 20000})
    tracker = user_turn(
        "can we start over",
        intent="start_over",
        slots={"lead_id": lead, "budget": "20-30k", "qualification_stage": "confirming"},
        requested_slot="authority",
        active_loop="qualification_form",
    )
    events, responses, _ = run(ActionStartOver(), tracker)
    slots = slot_events(events)
    assert responses == ["utter_restart"]
    assert (slots["budget"], slots["qualification_stage"], slots["requested_slot"]) == (None, None, None)
    assert slots["lead_id"] not in (None, lead)
    assert interview.store.get_lead(lead).status == "stopped"
    assert interview.store.current_answers(lead)["budget"].raw_text == "20-30k"
    assert interview.store.get_lead(slots["lead_id"]).status == "in_progress"


def test_an_opening_that_answers_questions_fills_them_and_says_what_was_noted(interview):
    text = "Hi, I'm the COO at Dunder Mifflin. We have about 30k a year and need to replace our spreadsheets by March."
    events, responses, messages = run(ActionStartQualification(), user_turn(text, intent="express_interest"))
    slots = slot_events(events)
    assert slots["budget"] == "We have about 30k a year"
    assert slots["company"] == "Dunder Mifflin"
    assert {"authority", "need", "timeline"} <= set(slots)
    assert responses == ["utter_noted_from_opening"]
    assert "- budget: 30,000 (currency not given) per year" in messages[0]["noted"]


def test_a_correction_after_scoring_scores_the_lead_again(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    run(ActionContactDone(), user_turn("skip", intent="skip_question", slots={**ANSWERS, **CONTACT, "lead_id": lead}))
    assert interview.store.get_lead(lead).tier == "hot"
    tracker = user_turn(
        "actually we have no budget at all",
        intent="correct_answer",
        slots={**ANSWERS, **CONTACT, "lead_id": lead, "qualification_stage": "done"},
    )
    events, responses, _ = run(ActionCorrectAnswer(), tracker)
    assert slot_events(events)["budget"] == "we have no budget at all"
    assert responses[:2] == ["utter_correction_saved", "utter_assessment_updated"]
    assert responses[2].startswith("utter_next_step_")
    rescored = interview.store.get_lead(lead)
    assert (rescored.tier, rescored.score) == ("warm", 70)


def test_a_correction_naming_no_answer_mid_question_is_the_answer_to_it(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = answer_turn("vendor_liked", "well it was simple to use", lead, intent="correct_answer")
    events, responses, _ = run(ActionCorrectAnswer(), tracker)
    assert (slot_events(events), responses) == ({"vendor_liked": "well it was simple to use"}, [])
    assert interview.store.current_answers(lead)["vendor_liked"].raw_text == "well it was simple to use"


@pytest.mark.parametrize(
    "text, confidence, question, taken",
    [
        ('<img src=x onerror="alert(1)"> was simple to use', 0.65, "vendor_liked", True),
        ("<b>it</b> was simple to use", 0.95, "vendor_liked", True),  # NLU reads tags as words
        ("what's the weather like in Leeds on Friday?", 0.97, "vendor_liked", False),
        ("a weather app for our field reps", 0.6, "budget", False),  # not an open question
    ],
)
def test_off_topic_at_an_open_question_is_the_answer_when_nlu_was_unsure_or_read_markup(
    interview, text, confidence, question, taken
):
    lead = interview.store.start_lead("conv-1", "socketio")
    tracker = answer_turn(question, text, lead, intent="out_of_scope", confidence=confidence)
    events, responses, _ = run(ActionOffTopicInInterview(), tracker)
    if taken:
        assert (slot_events(events), responses) == ({question: text}, [])
        assert interview.store.current_answers(lead)[question].raw_text == text
    else:
        assert (events, responses) == ([], ["utter_out_of_scope"])
        assert question not in interview.store.current_answers(lead)


def test_a_rep_starts_qualifying_a_lead_they_then_look_after(interview):
    from actions.interview import ActionStartRepQualification
    from tests.actions.conftest import DANA

    tracker = user_turn("new lead: Globex, on a call now", intent="qualify_lead", caller=DANA, sender="rep")
    events, responses, messages = run(ActionStartRepQualification(), tracker)
    slots = slot_events(events)
    assert responses == ["utter_rep_qualifying_started"]
    assert (slots["rep_qualifying"], slots["company"], slots["budget"]) == (True, "Globex", None)
    lead = interview.store.get_lead(slots["lead_id"])
    assert (lead.channel, lead.owner) == ("rep", "dana")
    assert interview.store.current_answers(lead.id)["company"].normalised == {"name": "Globex"}


def test_a_reps_third_person_answers_are_stored_and_scored_for_the_rep(interview):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.forms import check_answer
    from tests.actions.conftest import DANA

    lead = interview.store.start_lead("rep", "rep")
    slots = {"lead_id": lead, "rep_qualifying": True}
    tracker = user_turn("their CFO signs off", slots=slots, requested_slot="authority", caller=DANA, sender="rep")
    assert check_answer("authority", "their CFO signs off", CollectingDispatcher(), tracker) == {
        "authority": "our CFO signs off"
    }
    stored = interview.store.current_answers(lead)["authority"]
    assert (stored.raw_text, stored.normalised["decider_role"]) == ("our CFO signs off", "CFO")

    answers = {**ANSWERS, "authority": "our CFO signs off", "company": "Globex", "timeline": "skipped"}
    done = user_turn(
        "yes", intent="affirm", slots={**slots, **answers, "qualification_stage": "confirming"}, caller=DANA
    )
    events, responses, messages = run(ActionContactDone(), done)
    assert responses == ["utter_rep_lead_scored"]  # no contact questions, no prospect next step
    assert messages[0]["missing"] == "Still missing: timeline."
    assert messages[0]["advice"].startswith(f"Lead {lead} (Globex)")
    assert slot_events(events)["qualification_stage"] == "done"
