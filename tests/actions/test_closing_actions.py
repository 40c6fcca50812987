"""Deal actions with real trackers and a real (SQLite) store: exact responses and effects."""

import pytest

from actions.closing import (
    ActionClosingAdvice,
    ActionConfirmStageChange,
    ActionDealSignals,
    ActionNoteBuyingSignal,
    ActionReadUnclearMessage,
    ActionSetDealStage,
    ActionUndoStageChange,
)
from actions.handoff import ActionContactDone
from tests.actions.conftest import CONTACT, DANA, TODAY, answer_turn, run, slot_events, user_turn

ANSWERS = {
    "budget": "about $20k a year",
    "authority": "I'm the CEO",
    "need": "our reps lose track of leads after trade shows",
    "timeline": "in 6 weeks",
    "company": "I'm with Acme Corp",
    "vendor_liked": "Pipedrive was simple",
    "vendor_disliked": "it could not scale",
    "current_situation": "spreadsheets",
    "desired_outcome": "close more deals",
}


def qualified_lead(interview, conversation="conv-1", **changes):
    lead = interview.store.start_lead(conversation, "rest")
    answers = {**ANSWERS, **changes}
    interview.complete(lead, conversation, "rest", answers, TODAY)
    return lead


def test_a_buying_question_is_stored_against_the_lead(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = answer_turn("timeline", "how soon could we start?", lead, intent="buying_signal")
    events, responses, _ = run(ActionNoteBuyingSignal(), tracker)
    assert (events, responses) == ([], ["utter_buying_signal_noted"])
    assert interview.store.buying_signals(lead) == ["how soon could we start?"]


def test_a_prospect_with_buying_questions_and_nothing_open_is_offered_the_next_step(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    for question in ("how soon could we start?", "what are your payment terms?"):
        interview.store.record_buying_signal("conv-1", lead, question)
    events, responses, _ = run(
        ActionContactDone(), user_turn("skip", intent="skip_question", slots={**ANSWERS, **CONTACT, "lead_id": lead})
    )
    assert responses == ["utter_next_step_offer_call"]


def test_without_buying_questions_the_tier_decides_the_next_step(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(
        ActionContactDone(), user_turn("skip", intent="skip_question", slots={**ANSWERS, **CONTACT, "lead_id": lead})
    )
    assert responses == ["utter_next_step_hot"]


def test_a_rep_gets_advice_by_lead_number(interview):
    lead = qualified_lead(interview)
    interview.store.record_buying_signal("conv-1", lead, "how soon could we start?")
    interview.store.record_buying_signal("conv-1", lead, "can we sign this month?")
    events, responses, messages = run(
        ActionClosingAdvice(),
        user_turn(f"how should I close lead {lead}?", intent="ask_closing_advice", caller=DANA, sender="rep"),
    )
    assert responses == ["utter_closing_advice"]
    lines = messages[0]["advice"].split("\n")
    assert lines[:3] == [
        f"Lead {lead} (Acme Corp), stage found, hot",
        "Ready to close: nothing blocks it.",
        "Best fit: Direct close (risk to the relationship: low)",
    ]
    assert lines[3].startswith(
        'Why: they asked 2 buying questions: "how soon could we start?", "can we sign this month?"'
    )


def test_a_rep_gets_advice_by_company_and_is_told_what_blocks_the_close(interview):
    lead = qualified_lead(interview, authority="my manager Sarah Chen signs off")
    events, responses, messages = run(
        ActionClosingAdvice(), user_turn("how do I close acme?", intent="ask_closing_advice", caller=DANA, sender="rep")
    )
    assert responses == ["utter_closing_advice"]
    lines = messages[0]["advice"].split("\n")
    assert lines[:3] == [
        f"Lead {lead} (Acme Corp), stage found, hot",
        "Not ready to close yet. Resolve first:",
        "- Reach Sarah Chen before you close: your contact cannot sign.",
    ]
    assert lines[3].startswith("Do now: Agree a next step")
    assert "Don't ask for the order until that is resolved." in lines


def test_an_unknown_lead_is_said_so(interview):
    qualified_lead(interview)
    _, responses, messages = run(
        ActionClosingAdvice(), user_turn("how should I close lead 999?", intent="ask_closing_advice", caller=DANA)
    )
    assert responses == ["utter_lead_number_not_found"] and messages[0]["lead_number"] == 999
    _, responses, _ = run(
        ActionClosingAdvice(), user_turn("how do I close Globex?", intent="ask_closing_advice", caller=DANA)
    )
    assert responses == ["utter_which_lead"]


def test_when_several_leads_of_one_company_match_the_rep_is_asked_which(interview):
    older = qualified_lead(interview, conversation="conv-1")
    newer = interview.store.start_lead("conv-2", "rest")
    interview.store.record_answer(newer, "conv-2", "company", "Acme Corp", {"name": "Acme Corp"})
    for action, text, intent in (
        (ActionClosingAdvice(), "how do I close Acme?", "ask_closing_advice"),
        (ActionSetDealStage(), "we didn't win Acme Corp", "set_deal_stage"),
        (ActionSetDealStage(), "we won Acme Corp", "set_deal_stage"),
    ):
        _, responses, messages = run(action, user_turn(text, intent=intent, caller=DANA))
        assert responses == ["utter_lead_which_of"]
        assert (messages[0]["company"], messages[0]["choices"]) == (
            "Acme Corp",
            f"lead {newer} (not scored, still answering), lead {older} (hot)",
        )
    assert [interview.store.get_lead(i).stage for i in (older, newer)] == ["found", "found"]


def _stage_change(text, slots=None):
    return user_turn(text, intent="set_deal_stage", caller=DANA, sender="rep", slots=slots)


def _reply(text, intent, events):
    return user_turn(text, intent=intent, caller=DANA, sender="rep", slots=slot_events(events))


def test_a_rep_closes_a_deal_in_chat_once_confirmed_and_the_history_keeps_the_techniques(interview):
    lead = qualified_lead(interview)
    events, responses, messages = run(ActionSetDealStage(), _stage_change(f"we won lead {lead} with a summary close"))
    assert responses == ["utter_confirm_stage"]
    assert (messages[0]["lead_id"], messages[0]["company"], messages[0]["stage"]) == (lead, "Acme Corp", "closed: won")
    assert interview.store.get_lead(lead).stage == "found"  # nothing recorded before the yes

    events, responses, messages = run(ActionConfirmStageChange(), _reply("yes", "affirm", events))
    assert responses == ["utter_stage_changed_with_technique"]
    assert slot_events(events) == {"pending_stage_change": None, "last_stage_lead": lead}
    assert (messages[0]["stage"], messages[0]["technique"]) == ("closed: won", "summary")
    saved = interview.store.get_lead(lead)
    assert (saved.stage, saved.outcome) == ("closed_won", "won")
    last = interview.store.stage_history(lead)[-1]
    assert (last.stage, last.technique_used, last.changed_by) == ("closed_won", "summary", "chat:rep")
    # A hot lead with a need, a budget and the decider, but no buying question yet: the catalogue
    # gives the summary close the most points (see test_the_advice_reads_the_whole_deal).
    assert last.technique_recommended == "summary"
    assert [c.stage for c in interview.store.stage_history(lead)] == ["found", "closed_won"]


def test_a_closed_stage_refused_is_not_recorded(interview):
    lead = qualified_lead(interview)
    events, _, _ = run(ActionSetDealStage(), _stage_change(f"lead {lead} is lost"))
    events, responses, messages = run(ActionConfirmStageChange(), _reply("no", "deny", events))
    assert (responses, messages[0]["stage"]) == (["utter_stage_not_changed"], "found")
    assert slot_events(events) == {"pending_stage_change": None}
    assert (interview.store.get_lead(lead).stage, interview.store.get_lead(lead).outcome) == ("found", None)


def test_an_open_stage_is_recorded_at_once(interview):
    lead = qualified_lead(interview)
    events, responses, _ = run(ActionSetDealStage(), _stage_change(f"move lead {lead} to closing"))
    assert responses == ["utter_stage_changed"]
    assert slot_events(events)["last_stage_lead"] == lead
    assert interview.store.get_lead(lead).stage == "closing"


@pytest.mark.parametrize(
    "text, response",
    [
        ("lead {lead} won't sign", "utter_stage_negated"),
        ("Acme still hasn't signed", "utter_stage_negated"),
        ("should we mark lead {lead} as won?", "utter_stage_question"),
        ("Acme might sign next week", "utter_stage_hedged"),
    ],
)
def test_a_stage_in_a_negation_a_question_or_a_hedge_is_not_recorded(interview, text, response):
    lead = qualified_lead(interview)
    events, responses, messages = run(ActionSetDealStage(), _stage_change(text.format(lead=lead)))
    assert responses == [response]
    assert (messages[0]["stage"], messages[0]["current"]) == ("closed: won", "found")
    assert slot_events(events) == {"pending_stage_change": None}
    assert [c.stage for c in interview.store.stage_history(lead)] == ["found"]


def test_undo_that_takes_back_the_last_change_and_its_outcome(interview):
    lead = qualified_lead(interview)
    run(ActionSetDealStage(), _stage_change(f"move lead {lead} to closing"))
    events, _, _ = run(ActionSetDealStage(), _stage_change(f"lead {lead} signed"))
    events, _, _ = run(ActionConfirmStageChange(), _reply("yes", "affirm", events))
    assert interview.store.get_lead(lead).outcome == "won"

    _, responses, messages = run(ActionUndoStageChange(), _reply("undo that", "undo_stage_change", events))
    assert responses == ["utter_stage_undone"]
    assert (messages[0]["undone"], messages[0]["stage"]) == ("closed: won", "closing")
    saved = interview.store.get_lead(lead)
    assert (saved.stage, saved.outcome) == ("closing", None)
    assert [(c.stage, c.undone_at is not None) for c in interview.store.stage_history(lead)] == [
        ("found", False),
        ("closing", False),
        ("closed_won", True),
    ]
    undo_by_number = user_turn(f"undo lead {lead}", intent="undo_stage_change", caller=DANA)
    _, responses, _ = run(ActionUndoStageChange(), undo_by_number)
    assert responses == ["utter_stage_undone"] and interview.store.get_lead(lead).stage == "found"
    _, responses, _ = run(ActionUndoStageChange(), undo_by_number)
    assert responses == ["utter_nothing_to_undo"]
    _, responses, _ = run(ActionUndoStageChange(), user_turn("undo that", intent="undo_stage_change", caller=DANA))
    assert responses == ["utter_undo_which_lead"]


def test_a_stage_change_without_a_stage_asks_for_one(interview):
    lead = qualified_lead(interview)
    _, responses, _ = run(
        ActionSetDealStage(), user_turn(f"update lead {lead} please", intent="set_deal_stage", caller=DANA)
    )
    assert responses == ["utter_which_stage"]
    assert interview.store.get_lead(lead).stage == "found"


def test_the_signals_of_a_deal(interview):
    lead = qualified_lead(interview)
    _, responses, messages = run(
        ActionDealSignals(), user_turn("what do we know about Acme Corp?", intent="ask_deal_signals", caller=DANA)
    )
    assert responses == ["utter_deal_signals"]
    assert messages[0]["signals"].split("\n") == [
        f"Lead {lead} (Acme Corp), stage found, hot",
        "What I know:",
        "- no question about starting, terms or rollout yet",
        "- your contact makes the buying decision",
        "- they named a need: lead and pipeline tracking",
        "- they want to be live by 2027-01-07",
        "- their budget covers our minimum",
        "- qualified as hot",
    ]


def test_the_advice_reads_the_whole_deal(interview):
    lead = qualified_lead(interview)
    _, _, messages = run(
        ActionClosingAdvice(), user_turn(f"how should I close lead {lead}?", intent="ask_closing_advice", caller=DANA)
    )
    lines = messages[0]["advice"].split("\n")
    assert lines[2] == "Best fit: Summary close (risk to the relationship: low)"
    assert lines[3] == "Why: they named a need: lead and pipeline tracking; your contact makes the buying decision"
    assert lines[-1] == "Also possible: Pressure close (6), Direct close (5)"


def test_a_deal_with_nothing_blocking_but_no_question_asked_is_not_called_ready(interview):
    lead = qualified_lead(interview)
    _, _, messages = run(
        ActionClosingAdvice(), user_turn(f"how should I close lead {lead}?", intent="ask_closing_advice", caller=DANA)
    )
    assert messages[0]["advice"].split("\n")[1] == (
        "Nothing blocks a close, but they have asked no questions yet, and no questions usually means no "
        "purchase: ask what they would need to know to decide."
    )


def test_a_reps_stage_message_nlu_was_unsure_of_is_still_read_as_one(interview):
    lead = qualified_lead(interview)
    unsure = user_turn("Acme Corp still hasn't signed", intent="nlu_fallback", caller=DANA)
    _, responses, _ = run(ActionReadUnclearMessage(), unsure)
    assert responses == ["utter_stage_negated"]
    events, responses, _ = run(
        ActionReadUnclearMessage(), user_turn("Acme Corp signed", intent="nlu_fallback", caller=DANA)
    )
    assert responses == ["utter_confirm_stage"] and slot_events(events)["pending_stage_change"]
    # no lead named, or not a rep: the usual "didn't catch that", nothing recorded
    for text, who in (("they signed", DANA), ("Acme Corp signed", None)):
        turn = user_turn(text, intent="nlu_fallback", **({"caller": who} if who else {}))
        assert run(ActionReadUnclearMessage(), turn)[1] == ["utter_default"]
    assert interview.store.get_lead(lead).stage == "found"


def test_an_unsure_correction_after_scoring_that_names_an_answer_corrects_it_and_rescores(interview):
    lead = qualified_lead(interview)
    score_before = interview.store.get_lead(lead).score
    unsure = [("nlu_fallback", 0.4), ("correct_answer", 0.42), ("inform", 0.31)]
    scored = {**ANSWERS, "lead_id": lead, "qualification_stage": "done"}
    turn = user_turn("actually we have no budget at all", intent="nlu_fallback", slots=scored, ranking=unsure)
    events, responses, _ = run(ActionReadUnclearMessage(), turn)
    assert responses[:2] == ["utter_correction_saved", "utter_assessment_updated"]
    assert slot_events(events)["budget"] == "we have no budget at all"
    assert interview.store.current_answers(lead)["budget"].normalised["status"] == "none"
    assert interview.store.get_lead(lead).score < score_before
    # unsure of something else, naming no answer, or nothing answered yet: "didn't catch that"
    for text, ranking, slots in (
        ("actually we have no budget at all", [("nlu_fallback", 0.4), ("inform", 0.39)], scored),
        ("actually that was wrong", unsure, scored),
        ("actually we have no budget at all", unsure, {}),
    ):
        turn = user_turn(text, intent="nlu_fallback", slots=slots, ranking=ranking)
        assert run(ActionReadUnclearMessage(), turn)[1] == ["utter_default"]
    assert [a.raw_text for a in interview.store.answer_history(lead) if a.question_key == "budget"] == [
        ANSWERS["budget"],
        "we have no budget at all",
    ]


def test_an_unclear_reply_to_the_read_back_corrects_what_it_names_or_asks_for_the_choice_again(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    reading_back = {**ANSWERS, "lead_id": lead, "qualification_stage": "confirming"}
    unsure = [("nlu_fallback", 0.4), ("correct_answer", 0.38), ("deny", 0.3)]
    turn = user_turn("hmm the budget is off, more like 40k", intent="nlu_fallback", slots=reading_back, ranking=unsure)
    events, responses, messages = run(ActionReadUnclearMessage(), turn)
    assert responses == ["utter_correction_saved", "utter_read_back", "utter_ask_confirm_read_back"]
    assert messages[1]["read_budget"].startswith("40,000")
    assert interview.store.current_answers(lead)["budget"].normalised["amount"] == 40000
    not_a_correction = [("nlu_fallback", 0.4), ("deny", 0.39)]
    for text, ranking in (("hmm", unsure), ("the budget is off, more like 40k", not_a_correction)):
        turn = user_turn(text, intent="nlu_fallback", slots=reading_back, ranking=ranking)
        assert run(ActionReadUnclearMessage(), turn)[1] == ["utter_ask_confirm_read_back"]


def test_a_reps_unclear_demo_or_new_lead_message_is_still_read_as_one(interview):
    lead = qualified_lead(interview)
    unclear = user_turn("prepare my demo with Acme Corp", intent="nlu_fallback", caller=DANA, sender="rep")
    _, responses, messages = run(ActionReadUnclearMessage(), unclear)
    assert responses == ["utter_demo_prep"] and messages[0]["checklist"].startswith(f"Demo prep for Lead {lead}")
    new = user_turn("new lead: Globex, on a call now", intent="nlu_fallback", caller=DANA, sender="rep")
    events, responses, _ = run(ActionReadUnclearMessage(), new)
    assert responses == ["utter_rep_qualifying_started"]
    assert events[-1] == {"event": "followup", "name": "qualification_form", "timestamp": None}
    prospect = user_turn("new lead: Globex, on a call now", intent="nlu_fallback")
    assert run(ActionReadUnclearMessage(), prospect)[1] == ["utter_default"]


def test_a_reps_unclear_contact_with_a_known_lead_is_logged(interview):
    lead = qualified_lead(interview)
    unclear = user_turn("called Acme Corp, call back on 15 December", intent="nlu_fallback", caller=DANA, sender="rep")
    _, responses, messages = run(ActionReadUnclearMessage(), unclear)
    assert responses == ["utter_contact_logged"] and (messages[0]["lead_id"], messages[0]["next"]) == (
        lead,
        "2026-12-15",
    )
    nobody = user_turn("called them, no answer", intent="nlu_fallback", caller=DANA, sender="rep")
    assert run(ActionReadUnclearMessage(), nobody)[1] == ["utter_default"]
