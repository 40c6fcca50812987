"""A rehearsal from start to summary against a real (SQLite) store."""

import random

import pytest

from bot.services.objection_coach import ObjectionCoach
from bot.services.rehearsal.closing import CLOSING
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


def test_after_the_last_objection_the_rep_closes_and_the_summary_follows(rehearsals):
    rng = random.Random(5)
    opening = rehearsals.start("sam", rng, "easy")
    turn = None
    for _ in range(OBJECTIONS_PER_SESSION):
        turn = rehearsals.reply(opening.rehearsal_id, STRONG, rng)
    close = turn.next_objection
    assert turn.handled and turn.summary is None and close.category == CLOSING
    assert rehearsals.store.get(opening.rehearsal_id).current["timeline"] in rehearsals.playbook().closing.timelines

    closed = rehearsals.reply(opening.rehearsal_id, "ok thanks", rng)
    assert closed.close.verdict == "none" and not closed.handled
    assert closed.buyer_line in rehearsals.playbook().closing.buyer["not_yet"]
    summary = closed.summary
    assert len(summary.per_objection) == OBJECTIONS_PER_SESSION + 1
    assert summary.per_objection[-1] == (CLOSING, close.text, 0, 3)
    assert all(score >= 4 for category, _, score, _ in summary.per_objection if category != CLOSING)
    assert summary.next_drill != CLOSING
    assert rehearsals.store.get(opening.rehearsal_id).ended_at is not None
    kinds = [t.kind for t in rehearsals.store.turns(opening.rehearsal_id)]
    assert kinds == ["replied"] * OBJECTIONS_PER_SESSION + ["closing"]
    assert CLOSING not in rehearsals.weakness("sam")  # the close is scored, never drawn as an objection

    weak = rehearsals.start("sam", rng, "hard", category="trust")
    rehearsals.reply(weak.rehearsal_id, "meh", rng)
    assert rehearsals.weakness("sam")["trust"] == 1.0
    assert rehearsals.weakness("nobody") == {}


def test_an_objection_skipped_stays_open_at_the_close_and_skipping_the_close_ends_the_session(rehearsals):
    rng = random.Random(2)
    opening = rehearsals.start("kim", rng)
    for _ in range(OBJECTIONS_PER_SESSION - 1):
        rehearsals.reply(opening.rehearsal_id, STRONG, rng)
    last = rehearsals.store.get(opening.rehearsal_id).current["text"]
    close = rehearsals.skip(opening.rehearsal_id, rng)
    assert close.category == CLOSING and last in close.text  # the buyer is still stuck on it
    assert len(close.setup.questions) < 2  # with an objection open the buyer never asks two buying questions
    pushed = rehearsals.reply(opening.rehearsal_id, "Shall I send the contract today?", rng)
    assert (pushed.close.verdict, pushed.close.score) == ("too_early", 0)
    assert any(b.id == "open_objections" for b in pushed.close.recommendation.resolve_first)

    again = rehearsals.start("kim", rng)
    for _ in range(OBJECTIONS_PER_SESSION):
        rehearsals.reply(again.rehearsal_id, STRONG, rng)
    assert rehearsals.skip(again.rehearsal_id, rng) is None
    assert rehearsals.summary(again.rehearsal_id).per_objection[-1][2:] == (0, 3)  # the close, skipped
    ended = rehearsals.store.get(again.rehearsal_id)
    assert ended.current is None and ended.ended_at is not None
