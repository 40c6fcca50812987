"""The contact questions and "can I talk to a human?", with real trackers and a real (SQLite)
store: what the prospect hears, what is kept, what the team is told."""

import pytest

from actions import runtime
from actions.handoff import ActionCheckContact, ActionContactDone, ActionHandOff, ValidateContactForm
from actions.interview import ActionExplainQuestion
from bot.services.interview import consent_wording
from bot.store import StoreUnavailable
from tests.actions.conftest import CONTACT, DOMAIN, run, slot_events, user_turn
from tests.actions.test_closing_actions import ANSWERS

CONTACT_KEYS = ("contact_name", "contact_email", "contact_phone")


def validate(slot, text, intent="inform", slots=None):
    tracker = user_turn(
        text,
        intent=intent,
        slots=slots,
        requested_slot=slot,
        active_loop="contact_form",
        extracted={slot: text},
    )
    return run(ValidateContactForm(), tracker)


@pytest.fixture
def alerts(interview, monkeypatch):
    """The hand-offs the team would be alerted to, as (kind, conversation, lead)."""
    said = []
    handoffs = runtime.handoffs()
    monkeypatch.setattr(handoffs, "asked", lambda conv, lead, contact: said.append(("asked", conv, lead, contact)))
    monkeypatch.setattr(handoffs, "hot", lambda conv, lead, score, company: said.append(("hot", conv, lead, company)))
    return said


def test_an_email_is_stored_as_said_and_held_normalised(interview):
    lead = interview.store.start_lead("conv-1", "socketio")
    events, responses, _ = validate("contact_email", "it's Dana@KestrelFoods.COM.", slots={"lead_id": lead})
    assert slot_events(events) == {"contact_email": "Dana@kestrelfoods.com"}
    assert responses == []
    stored = interview.store.current_answers(lead)["contact_email"]
    assert (stored.raw_text, stored.normalised) == ("it's Dana@KestrelFoods.COM.", {"value": "Dana@kestrelfoods.com"})


def test_a_malformed_email_is_asked_again_and_nothing_is_stored(interview):
    lead = interview.store.start_lead("conv-1", "socketio")
    events, responses, _ = validate("contact_email", "dana at kestrel", slots={"lead_id": lead})
    assert slot_events(events) == {"contact_email": None, "unusable_answers": {"contact_email": 1}}
    assert responses == ["utter_invalid_contact_email_unclear"]
    assert interview.store.current_answers(lead) == {}


def test_the_phone_number_may_be_skipped(interview):
    lead = interview.store.start_lead("conv-1", "socketio")
    events, responses, _ = validate("contact_phone", "skipped", intent="skip_question", slots={"lead_id": lead})
    assert slot_events(events) == {"contact_phone": "skipped"}
    assert responses == ["utter_skip_acknowledged"]


def test_saying_no_to_contact_skips_the_rest_and_forgets_details_given_before(interview):
    lead = interview.store.start_lead("conv-1", "socketio")
    interview.store.record_answer(lead, "conv-1", "contact_email", "dana@kestrelfoods.com", {"value": "x"})
    events, _, _ = validate("contact_consent", False, intent="deny", slots={"lead_id": lead})
    assert slot_events(events) == {"contact_consent": False, **{key: "skipped" for key in CONTACT_KEYS}}
    assert interview.store.answer_history(lead) == []


def test_no_to_contact_while_the_database_is_down_is_asked_again_not_promised(interview, monkeypatch):
    def down(*args):
        raise StoreUnavailable("database down")

    monkeypatch.setattr(runtime.handoffs().store, "forget_answers", down)
    events, responses, _ = validate("contact_consent", False, intent="deny", slots={"lead_id": 7})
    assert (slot_events(events), responses) == ({"contact_consent": None}, ["utter_contact_not_forgotten"])


def test_each_contact_question_says_why_it_is_asked():
    for slot in ("contact_consent", *CONTACT_KEYS):
        tracker = user_turn("why?", intent="ask_why", requested_slot=slot, active_loop="contact_form")
        assert run(ActionExplainQuestion(), tracker)[1] == [f"utter_why_{slot}"]
        assert f"utter_why_{slot}" in DOMAIN["responses"]


@pytest.mark.parametrize(
    ("slots", "settled"),
    [
        ({}, False),
        ({"contact_consent": True}, False),
        ({"contact_consent": True, "contact_email": "dana@kestrelfoods.com"}, True),
        ({"contact_consent": False}, True),
    ],
)
def test_the_contact_question_is_settled_when_declined_or_answered(slots, settled):
    events, _, _ = run(ActionCheckContact(), user_turn("yes", intent="affirm", slots=slots))
    assert slot_events(events) == {"contact_settled": settled}


def test_a_prospect_who_declines_contact_is_scored_and_promised_nothing(interview, alerts):
    lead = interview.store.start_lead("conv-1", "socketio")
    declined = {"qualification_stage": "confirming", "contact_consent": False, **{k: "skipped" for k in CONTACT_KEYS}}
    events, responses, _ = run(
        ActionContactDone(), user_turn("no", intent="deny", slots={**ANSWERS, **declined, "lead_id": lead})
    )
    assert responses == ["utter_next_step_no_contact"]
    assert slot_events(events)["qualification_stage"] == "done"
    stored = interview.store.current_answers(lead)
    assert not set(CONTACT_KEYS) & set(stored)
    assert interview.store.get_lead(lead).tier == "hot"
    assert alerts == [("hot", "conv-1", lead, "Acme Corp")]  # the team still hears of a hot lead


def test_a_prospect_who_leaves_contact_details_is_scored_and_the_team_told_of_a_hot_lead(interview, alerts):
    lead = interview.store.start_lead("conv-1", "socketio")
    slots = {**ANSWERS, **CONTACT, "lead_id": lead}
    _, responses, _ = run(ActionContactDone(), user_turn("skip", intent="skip_question", slots=slots))
    assert responses == ["utter_next_step_hot"]
    assert interview.store.current_answers(lead)["contact_email"].raw_text == "dana@kestrelfoods.com"
    assert alerts == [("hot", "conv-1", lead, "Acme Corp")]


def test_asking_for_a_person_without_contact_details_asks_for_them_first(interview, alerts):
    events, responses, _ = run(
        ActionHandOff(), user_turn("can I talk to a human?", intent="ask_for_human", slots={"contact_consent": False})
    )
    slots = slot_events(events)
    assert responses == ["utter_hand_off_asked"]
    assert slots["handoff_asked"] is True and slots["contact_settled"] is False
    # asked again even after an earlier no: they are asking for a person now
    assert all(slots[key] is None for key in ("contact_consent", *CONTACT_KEYS))
    assert interview.store.get_lead(slots["lead_id"]) is not None
    assert alerts == []


def test_asking_for_a_person_once_contact_details_are_known_tells_the_team(interview, alerts):
    lead = interview.store.start_lead("conv-1", "socketio")
    slots = {**CONTACT, "lead_id": lead}
    events, responses, _ = run(ActionHandOff(), user_turn("a human please", intent="ask_for_human", slots=slots))
    assert responses == ["utter_hand_off_on_its_way"]
    assert slot_events(events)["contact_settled"] is True
    assert alerts == [("asked", "conv-1", lead, {"name": "Dana Whitfield", "email": "dana@kestrelfoods.com"})]


def test_after_the_contact_questions_a_hand_off_is_confirmed_and_the_lead_not_scored(interview, alerts):
    lead = interview.store.start_lead("conv-1", "socketio")
    slots = {**CONTACT, "qualification_stage": "asking", "handoff_asked": True, "lead_id": lead}
    events, responses, _ = run(ActionContactDone(), user_turn("skip", intent="skip_question", slots=slots))
    assert responses == ["utter_hand_off_confirmed"]
    assert slot_events(events) == {"contact_settled": True, "handoff_asked": None}
    assert interview.store.get_lead(lead).tier is None
    assert [alert[0] for alert in alerts] == ["asked"]


def test_a_hand_off_declined_at_the_consent_question_alerts_nobody(interview, alerts):
    slots = {"contact_consent": False, "handoff_asked": True, "qualification_stage": "asking"}
    _, responses, _ = run(ActionContactDone(), user_turn("no", intent="deny", slots=slots))
    assert responses == ["utter_hand_off_declined"]
    assert alerts == []


def test_a_lead_first_created_at_scoring_keeps_the_consent_the_prospect_gave(interview, alerts):
    """The database was down when the questions began, so the lead is created when it is scored."""
    declined = {"qualification_stage": "confirming", "contact_consent": False, **{k: "skipped" for k in CONTACT_KEYS}}
    events, _, _ = run(ActionContactDone(), user_turn("no", intent="deny", slots={**ANSWERS, **declined}))
    lead = interview.store.get_lead(slot_events(events)["lead_id"])
    assert lead.consent_wording == consent_wording(DOMAIN["responses"]["utter_greet"])
    assert lead.consent_at is not None
