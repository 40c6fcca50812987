"""A prospect's "delete my data", said in their own chat."""

from actions.privacy import ActionForgetMe
from bot.store import ObjectionStore, StoreUnavailable
from bot.store.privacy import PrivacyStore
from tests.actions.conftest import DANA, run, user_turn


def test_a_prospect_who_asks_is_forgotten_and_every_slot_emptied(interview):
    store = interview.store
    lead = store.start_lead("conv-1", "rest")
    store.record_answer(lead, "conv-1", "budget", "about 20k", {"amount": 20000})
    ObjectionStore(store.engine).record_occurrence("conv-1", lead, "prospect", "too pricey", None, "price", 0.9)
    other = store.start_lead("conv-2", "rest")

    events, responses, messages = run(
        ActionForgetMe(), user_turn("please delete my data", intent="forget_me", slots={"lead_id": lead})
    )

    assert responses == ["utter_forgotten"] and messages[0]["minutes"] == interview.settings.housekeeping_minutes + 1
    assert events == [{"event": "reset_slots", "timestamp": None}]
    assert store.get_lead(lead) is None and store.current_answers(lead) == {}
    assert ObjectionStore(store.engine).occurrences() == []
    assert store.get_lead(other) is not None


def test_nothing_stored_yet_is_said_plainly(interview):
    _, responses, _ = run(ActionForgetMe(), user_turn("forget me", intent="forget_me"))
    assert responses == ["utter_forgotten_nothing_kept"]


def test_the_database_down_is_said_and_nothing_reset(interview, monkeypatch):
    def down(*args, **kwargs):
        raise StoreUnavailable("connection refused")

    monkeypatch.setattr(PrivacyStore, "_write", down)
    events, responses, _ = run(ActionForgetMe(), user_turn("delete my data", intent="forget_me", slots={"lead_id": 1}))
    assert (events, responses) == ([], ["utter_forget_not_saved"])


def test_a_rep_is_pointed_to_the_command_and_nothing_is_removed(interview):
    lead = interview.store.start_lead("conv-1", "slack")
    events, responses, _ = run(ActionForgetMe(), user_turn("delete my data", intent="forget_me", caller=DANA))
    assert (events, responses) == ([], ["utter_forget_for_reps"])
    assert interview.store.get_lead(lead) is not None
