import pytest
from sqlalchemy import inspect

from bot.store import LeadStore


def test_migrations_create_the_schema(store: LeadStore):
    tables = set(inspect(store.engine).get_table_names())
    assert {"leads", "answers", "alembic_version"} <= tables


def test_answer_is_stored_with_its_normalised_value(store: LeadStore):
    lead = store.start_lead("conv-1", "rest")
    store.record_answer(
        lead, "conv-1", "budget", "about $20k", {"status": "amount", "amount": 20000.0, "currency": "USD"}
    )
    current = store.current_answers(lead)
    assert list(current) == ["budget"]
    assert current["budget"].raw_text == "about $20k"
    assert current["budget"].normalised == {"status": "amount", "amount": 20000.0, "currency": "USD"}
    assert current["budget"].revision == 1
    assert current["budget"].conversation_id == "conv-1"
    assert current["budget"].created_at is not None


def test_correction_keeps_history(store: LeadStore):
    lead = store.start_lead("conv-1", "rest")
    store.record_answer(lead, "conv-1", "budget", "about $20k", {"amount": 20000.0})
    store.record_answer(lead, "conv-1", "timeline", "Q3", {"label": "Q3 2027"})
    store.record_answer(lead, "conv-1", "budget", "actually the budget is 30k", {"amount": 30000.0})

    current = store.current_answers(lead)
    assert current["budget"].raw_text == "actually the budget is 30k"
    assert current["budget"].revision == 2
    assert current["timeline"].revision == 1

    budget_history = [a for a in store.answer_history(lead) if a.question_key == "budget"]
    assert [(a.raw_text, a.revision, a.is_current) for a in budget_history] == [
        ("about $20k", 1, False),
        ("actually the budget is 30k", 2, True),
    ]
    assert budget_history[0].superseded_at is not None


def test_two_leads_never_mix(store: LeadStore):
    first = store.start_lead("conv-a", "rest")
    second = store.start_lead("conv-b", "slack")
    store.record_answer(first, "conv-a", "budget", "10k", {"amount": 10000.0})
    store.record_answer(second, "conv-b", "budget", "90k", {"amount": 90000.0})
    store.record_answer(second, "conv-b", "budget", "95k", {"amount": 95000.0})

    assert store.current_answers(first)["budget"].raw_text == "10k"
    assert store.current_answers(first)["budget"].revision == 1
    assert store.current_answers(second)["budget"].raw_text == "95k"
    assert {a.lead_id for a in store.answer_history(first)} == {first}
    assert len(store.answer_history(second)) == 2


def test_two_leads_of_one_conversation_stay_apart(store: LeadStore):
    """A restart in the same conversation starts a new lead; the old one keeps its answers."""
    old = store.start_lead("conv-1", "rest")
    new = store.start_lead("conv-1", "rest")
    store.record_answer(old, "conv-1", "need", "reporting is a mess", {"text": "reporting is a mess"})
    assert store.current_answers(new) == {}
    assert old != new


def test_score_and_status_are_saved(store: LeadStore):
    lead = store.start_lead("conv-1", None)
    store.set_status(lead, "stopped")
    assert store.get_lead(lead).status == "stopped"
    reasons = [{"criterion": "budget", "verdict": "met", "evidence": "about $20k"}]
    store.save_score(lead, 80, "hot", reasons, "2026.11-1")
    saved = store.get_lead(lead)
    assert (saved.score, saved.tier, saved.status, saved.scoring_version) == (80, "hot", "completed", "2026.11-1")
    assert saved.score_reasons == reasons
    assert [row.id for row in store.list_leads(tier="hot")] == [lead]
    assert store.list_leads(tier="cold") == []


def test_stages_keep_their_history_and_a_closed_stage_sets_the_outcome(store):
    lead = store.start_lead("conv-s", "rest")
    assert store.get_lead(lead).stage == "found"
    assert store.set_stage(lead, "visited", "cli", "demo done") is True
    assert store.set_stage(lead, "closed_won", "chat:rep", None, "summary", "direct") is True
    saved = store.get_lead(lead)
    assert (saved.stage, saved.outcome) == ("closed_won", "won")
    history = store.stage_history(lead)
    assert [(c.stage, c.changed_by) for c in history] == [
        ("found", "assistant"),
        ("visited", "cli"),
        ("closed_won", "chat:rep"),
    ]
    assert (history[-1].technique_recommended, history[-1].technique_used) == ("summary", "direct")
    store.set_stage(lead, "following_up")
    assert store.get_lead(lead).outcome is None
    assert store.set_stage(999999, "closing") is False
    with pytest.raises(ValueError):
        store.set_stage(lead, "celebrating")


def test_buying_signals_and_companies_belong_to_the_lead(store):
    store.record_buying_signal("conv-b", None, "how soon could we start?")
    lead = store.start_lead("conv-b", "rest")
    store.record_buying_signal("conv-b", lead, "what are the payment terms?")
    assert store.buying_signals(lead) == ["how soon could we start?", "what are the payment terms?"]
    store.record_answer(lead, "conv-b", "company", "I'm with Acme Corp", {"name": "Acme Corp"})
    assert store.companies() == {lead: "Acme Corp"}
