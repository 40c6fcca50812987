"""A rehearsal from start to summary against a real (SQLite) store."""

import random

import pytest

from bot.services.objection_coach import ObjectionCoach
from bot.services.rehearsal.session import OBJECTIONS_PER_SESSION, Rehearsals
from bot.store import LibraryStore, ObjectionStore, RehearsalStore

STRONG = (
    "That's fair. What are you comparing it with? One customer cut lost leads by 30% in a quarter. "
    "How about a 20-minute call on Thursday to go through your numbers?"
)


@pytest.fixture
def rehearsals(sqlite_store, settings):
    objections = ObjectionStore(sqlite_store.engine)
    coach = ObjectionCoach(objections, LibraryStore(sqlite_store.engine), settings)
    return Rehearsals(RehearsalStore(sqlite_store.engine), coach, settings)


def test_a_weak_reply_is_pushed_back_then_the_motive_comes_out_and_a_strong_one_moves_on(rehearsals):
    rng = random.Random(1)
    opening = rehearsals.start("dana", rng, "normal", category="price")
    assert opening.objection.category == "price"
    assert {"need", "industry", "role", "budget", "decider"} <= set(opening.scenario)

    first = rehearsals.reply(opening.rehearsal_id, "ok", rng)
    assert (first.handled, first.next_objection) == (False, None)
    assert first.buyer_line in rehearsals.playbook().buyer["pushes_back"]
    second = rehearsals.reply(opening.rehearsal_id, "ok fine whatever", rng)
    motives = rehearsals.playbook().buyer["hidden_motives"]["price"]
    assert any(motive in second.buyer_line for motive in motives)  # the buyer lets out the motive

    advice = rehearsals.coaching(opening.rehearsal_id)
    assert advice.judgement.score == 0 and advice.best_response.id == "price-clarify-comparison"

    third = rehearsals.reply(opening.rehearsal_id, STRONG, rng)
    assert third.handled and third.judgement.score >= 4  # 5 when it is tied to the drawn need
    assert third.next_objection is not None and third.next_objection.text != opening.objection.text

    following = rehearsals.skip(opening.rehearsal_id, rng)
    assert following is not None  # the third of OBJECTIONS_PER_SESSION
    summary = rehearsals.stop(opening.rehearsal_id)
    assert len(summary.per_objection) == OBJECTIONS_PER_SESSION - 1
    assert summary.per_objection[0][2] == third.judgement.score and summary.per_objection[0][3] == 5
    assert summary.weakest_criterion == "tied_to_need"  # missed in all three replies
    assert rehearsals.store.get(opening.rehearsal_id).ended_at is not None
    kinds = [t.kind for t in rehearsals.store.turns(opening.rehearsal_id)]
    assert kinds == ["replied", "replied", "replied", "skipped"]
    with pytest.raises(ValueError):
        rehearsals.reply(opening.rehearsal_id, STRONG, rng)


def test_the_last_objection_handled_ends_with_a_summary_and_weak_spots_are_remembered(rehearsals):
    rng = random.Random(5)
    opening = rehearsals.start("sam", rng, "easy")
    turn = None
    for _ in range(OBJECTIONS_PER_SESSION):
        turn = rehearsals.reply(opening.rehearsal_id, STRONG, rng)
    assert turn.summary is not None and len(turn.summary.per_objection) == OBJECTIONS_PER_SESSION
    assert all(score >= 4 for _, _, score, _ in turn.summary.per_objection)  # tied to this need or not
    weak = rehearsals.start("sam", rng, "hard", category="trust")
    rehearsals.reply(weak.rehearsal_id, "meh", rng)
    assert rehearsals.weakness("sam")["trust"] == 1.0
    assert rehearsals.weakness("nobody") == {}
