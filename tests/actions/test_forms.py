from actions.forms import ValidateNeedsForm, ValidateQualificationForm
from tests.actions.conftest import answer_turn, run, slot_events, user_turn

FORM = "qualification_form"


def ask(slot, text, lead_id, intent="inform", value=None):
    return user_turn(
        text,
        intent=intent,
        requested_slot=slot,
        active_loop=FORM,
        slots={"lead_id": lead_id},
        extracted={slot: value if value is not None else text},
    )


def answered(events):
    """The answers the validation set, without the form's bookkeeping (next slot, unusable counts)."""
    return {k: v for k, v in slot_events(events).items() if k not in ("requested_slot", "unusable_answers")}


def test_a_budget_is_accepted_and_stored_normalised(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("budget", "about $20k a year", lead))

    assert answered(events) == {"budget": "about $20k a year"}
    assert responses == []
    stored = interview.store.current_answers(lead)["budget"]
    assert stored.raw_text == "about $20k a year"
    assert stored.normalised["status"] == "amount"
    assert stored.normalised["amount"] == 20000
    assert stored.normalised["currency"] == "USD"
    assert stored.normalised["period"] == "year"
    assert stored.conversation_id == "conv-1"


def test_a_negative_budget_is_refused_with_an_example_and_not_stored(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("budget", "-500 dollars", lead))

    assert answered(events) == {"budget": None}
    assert responses == ["utter_invalid_budget_negative"]
    assert interview.store.current_answers(lead) == {}


def test_a_timeline_in_the_past_is_refused(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("timeline", "last year", lead))
    assert answered(events) == {"timeline": None}
    assert responses == ["utter_invalid_timeline_past"]


def test_a_timeline_is_stored_with_its_target_date(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("timeline", "in 6 weeks", lead))
    assert answered(events) == {"timeline": "in 6 weeks"}
    assert interview.store.current_answers(lead)["timeline"].normalised["target"] == "2027-01-07"


def test_skip_moves_on_and_records_the_skip(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(
        ValidateQualificationForm(),
        ask("authority", "I'd rather not say", lead, intent="skip_question", value="skipped"),
    )
    assert answered(events) == {"authority": "skipped"}
    assert responses == ["utter_skip_acknowledged"]
    stored = interview.store.current_answers(lead)["authority"]
    assert (stored.status, stored.normalised) == ("skipped", None)


def test_a_huge_message_is_refused_politely_and_not_stored(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, messages = run(ValidateQualificationForm(), ask("need", "we need " * 300, lead))
    assert answered(events) == {"need": None}
    assert responses == ["utter_invalid_answer_too_long"]
    assert messages[0]["max_chars"] == 1000
    assert interview.store.current_answers(lead) == {}


def test_gibberish_gets_a_re_prompt(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("need", "asdfgh jkljkl", lead))
    assert answered(events) == {"need": None}
    assert responses == ["utter_invalid_answer_gibberish"]


def test_another_language_is_refused(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("budget", "我们的预算大约是两万美元", lead))
    assert answered(events) == {"budget": None}
    assert responses == ["utter_invalid_answer_not_english"]


def test_the_need_is_stored_with_its_category(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    text = "our reps waste hours on manual data entry"
    run(ValidateQualificationForm(), ask("need", text, lead))
    assert interview.store.current_answers(lead)["need"].normalised == {
        "text": text,
        "category": "rep_productivity",
        "category_label": "rep productivity and admin time",
    }


def test_no_previous_vendor_answers_both_vendor_questions(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    text = "we never had one, we use spreadsheets"
    tracker = answer_turn("vendor_liked", text, lead, extracted={"vendor_liked": text})
    events, responses, _ = run(ValidateNeedsForm(), tracker)
    assert answered(events) == {"vendor_liked": text, "vendor_disliked": text}
    assert set(interview.store.current_answers(lead)) == {"vendor_liked", "vendor_disliked"}


def test_answers_survive_a_database_that_is_down(interview, monkeypatch):
    from bot.store import StoreUnavailable

    def down(*args, **kwargs):
        raise StoreUnavailable("connection refused")

    monkeypatch.setattr(interview.store, "record_answer", down)
    events, responses, _ = run(ValidateQualificationForm(), ask("budget", "50,000 euros", 1))
    assert answered(events) == {"budget": "50,000 euros"}
    assert responses == []


def test_an_answer_in_another_latin_script_language_is_refused_by_its_intent(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = ask("budget", "nuestro presupuesto es de veinte mil euros", lead, intent="other_language")
    events, responses, _ = run(ValidateQualificationForm(), tracker)
    assert answered(events) == {"budget": None}
    assert responses == ["utter_invalid_answer_not_english"]
    assert interview.store.current_answers(lead) == {}


def test_a_second_unusable_answer_to_a_question_offers_to_skip_it(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("budget", "purple", lead))
    assert slot_events(events)["unusable_answers"] == {"budget": 1}
    assert responses == ["utter_invalid_budget_unclear"]

    again = ask("budget", "hmm well", lead)
    again.slots["unusable_answers"] = {"budget": 1}
    events, responses, _ = run(ValidateQualificationForm(), again)
    assert responses == ["utter_invalid_budget_unclear", "utter_offer_skip"]
    assert slot_events(events)["unusable_answers"] == {"budget": 2}

    answered_now = ask("budget", "about 20k", lead)
    answered_now.slots["unusable_answers"] = {"budget": 2}
    events, _, _ = run(ValidateQualificationForm(), answered_now)
    assert slot_events(events)["unusable_answers"] is None
    assert interview.store.current_answers(lead)["budget"].normalised["amount"] == 20000


def test_i_dont_know_is_stored_as_unknown_not_as_an_answer(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("budget", "dunno", lead))
    assert answered(events) == {"budget": "dunno"}
    assert responses == []
    stored = interview.store.current_answers(lead)["budget"]
    assert (stored.status, stored.normalised) == ("unknown", {"unknown": True})


def test_the_form_waits_for_the_reply_to_a_library_question_and_keeps_it_with_the_objection(coach, interview):
    lead = interview.store.start_lead("conv-1", "rest")
    occurrence = coach.store.record_occurrence("conv-1", lead, "prospect", "too expensive", "price", "price", 0.9)
    waiting = ask("objection_reply", "we pay 30 dollars a seat today", lead)
    waiting.slots["objection_awaiting_reply"] = occurrence
    events, responses, _ = run(ValidateQualificationForm(), waiting)
    assert slot_events(events) == {
        "objection_reply": "we pay 30 dollars a seat today",
        "objection_awaiting_reply": None,
        "requested_slot": "budget",
    }
    assert responses == ["utter_objection_reply_noted"]
    [heard] = coach.store.occurrences(lead_id=lead)
    assert heard.reply == "we pay 30 dollars a seat today"


def test_a_pasted_document_is_no_reply_to_a_library_question_and_the_form_keeps_waiting(coach, interview):
    lead = interview.store.start_lead("conv-1", "rest")
    occurrence = coach.store.record_occurrence("conv-1", lead, "prospect", "too expensive", "price", "price", 0.9)
    waiting = ask("objection_reply", "we pay too much today " * 1000, lead)
    waiting.slots["objection_awaiting_reply"] = occurrence
    events, responses, _ = run(ValidateQualificationForm(), waiting)
    assert responses == ["utter_invalid_answer_too_long"]
    assert slot_events(events) == {"objection_reply": None}  # still waiting: the slot stays requested
    [heard] = coach.store.occurrences(lead_id=lead)
    assert heard.reply is None


def test_without_a_library_question_pending_the_reply_slot_is_never_asked(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, _, _ = run(ValidateQualificationForm(), ask("budget", "about 20k", lead))
    assert slot_events(events)["requested_slot"] == "authority"
