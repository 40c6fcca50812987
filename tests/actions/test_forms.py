from actions.forms import ValidateNeedsForm, ValidateQualificationForm
from tests.actions.conftest import run, slot_events, user_turn

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


def test_a_budget_is_accepted_and_stored_normalised(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("budget", "about $20k a year", lead))

    assert events == [{"event": "slot", "timestamp": None, "name": "budget", "value": "about $20k a year"}]
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

    assert slot_events(events) == {"budget": None}
    assert responses == ["utter_invalid_budget_negative"]
    assert interview.store.current_answers(lead) == {}


def test_a_timeline_in_the_past_is_refused(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("timeline", "last year", lead))
    assert slot_events(events) == {"timeline": None}
    assert responses == ["utter_invalid_timeline_past"]


def test_a_timeline_is_stored_with_its_target_date(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("timeline", "in 6 weeks", lead))
    assert slot_events(events) == {"timeline": "in 6 weeks"}
    assert interview.store.current_answers(lead)["timeline"].normalised["target"] == "2027-01-07"


def test_skip_moves_on_and_records_the_skip(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(
        ValidateQualificationForm(),
        ask("authority", "I'd rather not say", lead, intent="skip_question", value="skipped"),
    )
    assert slot_events(events) == {"authority": "skipped"}
    assert responses == ["utter_skip_acknowledged"]
    stored = interview.store.current_answers(lead)["authority"]
    assert (stored.status, stored.normalised) == ("skipped", None)


def test_a_huge_message_is_refused_politely_and_not_stored(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, messages = run(ValidateQualificationForm(), ask("need", "we need " * 300, lead))
    assert slot_events(events) == {"need": None}
    assert responses == ["utter_invalid_answer_too_long"]
    assert messages[0]["max_chars"] == 1000
    assert interview.store.current_answers(lead) == {}


def test_gibberish_gets_a_re_prompt(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("need", "asdfgh jkljkl", lead))
    assert slot_events(events) == {"need": None}
    assert responses == ["utter_invalid_answer_gibberish"]


def test_another_language_is_refused(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    events, responses, _ = run(ValidateQualificationForm(), ask("budget", "我们的预算大约是两万美元", lead))
    assert slot_events(events) == {"budget": None}
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
    tracker = user_turn(
        text,
        requested_slot="vendor_liked",
        active_loop="needs_form",
        slots={"lead_id": lead},
        extracted={"vendor_liked": text},
    )
    events, responses, _ = run(ValidateNeedsForm(), tracker)
    assert slot_events(events) == {"vendor_liked": text, "vendor_disliked": text}
    assert set(interview.store.current_answers(lead)) == {"vendor_liked", "vendor_disliked"}


def test_answers_survive_a_database_that_is_down(interview, monkeypatch):
    from bot.store import StoreUnavailable

    def down(*args, **kwargs):
        raise StoreUnavailable("connection refused")

    monkeypatch.setattr(interview.store, "record_answer", down)
    events, responses, _ = run(ValidateQualificationForm(), ask("budget", "50,000 euros", 1))
    assert slot_events(events) == {"budget": "50,000 euros"}
    assert responses == []


def test_an_answer_in_another_latin_script_language_is_refused_by_its_intent(interview):
    lead = interview.store.start_lead("conv-1", "rest")
    tracker = ask("budget", "nuestro presupuesto es de veinte mil euros", lead, intent="other_language")
    events, responses, _ = run(ValidateQualificationForm(), tracker)
    assert slot_events(events) == {"budget": None}
    assert responses == ["utter_invalid_answer_not_english"]
    assert interview.store.current_answers(lead) == {}
