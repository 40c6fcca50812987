"""What was heard and shown, in SQLite and PostgreSQL: objections, answers given, verdicts, ranking."""

import pytest
from sqlalchemy.exc import NoResultFound

from bot.playbook.objections import load_library
from bot.playbook.ranking import ResponseStats, rank_responses
from bot.settings import REPO_ROOT
from bot.store import LibraryStore, ObjectionStore

LIBRARY = load_library(REPO_ROOT / "playbook" / "objections.yml")


@pytest.fixture
def objections(store):
    LibraryStore(store.engine).import_library(LIBRARY)
    return ObjectionStore(store.engine)


def test_uses_feedback_and_outcomes_are_counted_per_response(store, objections):
    lead = store.start_lead("conv-1", "rest")
    occurrence = objections.record_occurrence("conv-1", lead, "prospect", "too pricey", "price", "price", 0.93)
    objections.record_use("price-clarify-comparison", "conv-1", lead, occurrence)
    assert objections.record_feedback("conv-1", "not_helpful", "prospect") == "price-clarify-comparison"
    again = objections.record_occurrence("conv-1", lead, "prospect", "still too much", "price", "price", 0.9)
    objections.record_use("price-value-breakdown", "conv-1", lead, again)
    objections.record_use("price-value-breakdown", "conv-1", lead, None)
    assert objections.record_feedback("conv-1", "helpful", "rep", "dana") == "price-value-breakdown"
    store.set_outcome(lead, "won")

    stats = objections.response_stats()
    assert stats["price-clarify-comparison"] == ResponseStats(
        uses=1,
        prospect_not_helpful=1,
        won=1,
        sources=2,  # a conversation and a deal
    )
    # shown twice to the same lead: one won deal, not two
    assert stats["price-value-breakdown"] == ResponseStats(uses=2, helpful=1, won=1, sources=2)
    assert objections.record_feedback("conv-without-uses", "helpful", "rep") is None
    with pytest.raises(ValueError):
        objections.record_feedback("conv-1", "helpful", "manager")


def test_one_voice_does_not_reorder_the_answers_two_do(store, objections):
    price = LIBRARY.category("price")
    in_file_order = [r.id for r in price.responses]
    assert [r.id for r in rank_responses(price, objections.response_stats())] == in_file_order
    for _ in range(3):  # one rep, however often they click, in one conversation
        objections.record_use("price-clarify-comparison", "conv-9", None, None)
        objections.record_feedback("conv-9", "not_helpful", "rep", "dana")
    assert [r.id for r in rank_responses(price, objections.response_stats())] == in_file_order
    objections.record_use("price-clarify-comparison", "conv-10", None, None)
    objections.record_feedback("conv-10", "not_helpful", "prospect")
    ranked = [r.id for r in rank_responses(price, objections.response_stats())]
    assert ranked == [*in_file_order[1:], "price-clarify-comparison"]


def test_objections_heard_before_the_lead_existed_join_it(store, objections):
    objections.record_occurrence(
        "conv-2", None, "prospect", "we're locked in with HubSpot", "competitor", "competitor", 0.8
    )
    objections.record_use(LIBRARY.category("competitor").responses[0].id, "conv-2", None, None)
    lead = store.start_lead("conv-2", "rest")
    assert [o.lead_id for o in objections.occurrences()] == [lead]
    store.set_outcome(lead, "lost")
    assert objections.response_stats()[LIBRARY.category("competitor").responses[0].id].lost == 1


def test_unplaced_objections_wait_for_a_category(objections):
    first = objections.record_occurrence("conv-3", None, "prospect", "I have my doubts", None, "other", 0.7)
    objections.record_occurrence("conv-3", None, "rep", "they say it's too expensive", "price", "price", 0.9)
    assert [o.id for o in objections.occurrences(unplaced_only=True)] == [first]
    assert objections.occurrence_counts() == {None: 1, "price": 1}
    placed = objections.assign(first, "trust")
    assert (placed.category_id, placed.assigned_at is not None) == ("trust", True)
    assert objections.occurrences(unplaced_only=True) == []
    assert objections.assign(999, "trust") is None
    with pytest.raises(KeyError):
        objections.assign(first, "weather")


def test_recording_a_use_of_a_response_the_library_lacks_is_a_bug_not_an_outage(objections):
    with pytest.raises(NoResultFound):
        objections.record_use("no-such-response", "conv-4", None, None)
