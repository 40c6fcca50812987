"""Answering objections: placing them, adapting the best answer, recording, coaching a rep."""

from dataclasses import replace

import pytest

from bot.access import ANYONE, REP, Caller
from bot.answers.read_back import ProspectFacts
from bot.playbook.ranking import ResponseStats
from bot.playbook.wording import wording
from bot.services.objection_coach import ObjectionCoach, ObjectionGuess, track_record, when_to_use
from bot.store import LibraryStore, ObjectionStore


@pytest.fixture
def coach(sqlite_store, settings):
    return ObjectionCoach(ObjectionStore(sqlite_store.engine), LibraryStore(sqlite_store.engine), settings)


def test_a_placed_objection_gets_the_top_answer_with_what_the_prospect_told_us(coach, sqlite_store):
    lead = sqlite_store.start_lead("conv-1", "rest")
    answer = coach.answer_prospect(
        "conv-1",
        lead,
        "that's way too pricey",
        ObjectionGuess("price", 0.92),
        ProspectFacts({"budget": "20,000 USD per year"}),
    )
    assert (answer.category.id, answer.response.id, answer.recorded) == ("price", "price-clarify-comparison", True)
    assert answer.wording.endswith("another quote, what you pay today, or 20,000 USD per year?")
    [heard] = coach.store.occurrences(lead_id=lead)
    assert (heard.text, heard.category_id, heard.speaker, heard.confidence) == (
        "that's way too pricey",
        "price",
        "prospect",
        0.92,
    )
    assert coach.store.response_stats()["price-clarify-comparison"].uses == 1


def test_unknown_values_read_with_the_library_fallbacks(coach):
    answer = coach.answer_prospect("conv-1", None, "too expensive", ObjectionGuess("price", 0.9))
    assert answer.wording.endswith("or your budget?")


def test_a_prospect_who_has_no_budget_never_hears_an_answer_built_on_their_budget(coach):
    facts = ProspectFacts({"need": "lead and pipeline tracking"}, lacking=frozenset({"budget"}))
    answer = coach.answer_prospect("conv-1", None, "too expensive", ObjectionGuess("price", 0.9), facts)
    assert answer.response.id == "price-prospect-own-numbers"  # not "... or your budget?"
    given = []
    while answer.response:
        answer = coach.answer_prospect("conv-1", None, "no money", ObjectionGuess("no_budget", 0.9), facts, given)
        given += [answer.response.id] if answer.response else []
    # the rep-only "start within {budget}" (no-budget-phased-start) is never said
    assert given == ["no-budget-clarify-cycle", "no-budget-prospect-cost-of-problem", "no-budget-prospect-small-start"]


@pytest.mark.parametrize("guess", [ObjectionGuess("price", 0.41), ObjectionGuess("other", 0.97), ObjectionGuess(None)])
def test_an_objection_not_placed_with_confidence_is_recorded_for_the_team(coach, guess):
    answer = coach.answer_prospect("conv-1", None, "hmm I have my doubts", guess)
    assert (answer.category, answer.response, answer.wording, answer.recorded) == (None, None, None, True)
    [heard] = coach.store.occurrences(unplaced_only=True)
    assert (heard.text, heard.predicted_category) == ("hmm I have my doubts", guess.category)
    assert coach.store.response_stats() == {}


def test_a_rep_gets_the_two_best_answers_then_the_next_then_none(coach):
    advice = coach.advise_rep(
        "rep-1", "the customer says it's too expensive, what do I say?", ObjectionGuess("price", 0.88)
    )
    assert [r.id for r in advice.responses] == ["price-clarify-comparison", "price-value-breakdown"]
    assert (advice.category.id, advice.remaining, advice.recorded) == ("price", 3, True)
    shown = [r.id for r in advice.responses]
    more = coach.next_for_rep("rep-1", "price", shown)
    assert ([r.id for r in more.responses], more.remaining) == (["price-trade-not-discount"], 2)
    rest = ["price-trade-not-discount", "price-prospect-own-numbers", "price-prospect-isolate"]
    done = coach.next_for_rep("rep-1", "price", shown + rest)
    assert (done.category.id, done.responses) == ("price", ())
    [heard] = coach.store.occurrences()
    assert (heard.speaker, heard.category_id, heard.lead_id) == ("rep", "price", None)


def test_answers_that_did_not_help_move_down_for_everyone_once_two_voices_said_so(coach):
    coach.answer_prospect("conv-1", None, "too expensive", ObjectionGuess("price", 0.9))
    assert coach.feedback("conv-1", "not_helpful", ANYONE) == ("price-clarify-comparison", True)
    second = coach.answer_prospect("conv-2", None, "can you do better on price", ObjectionGuess("price", 0.9))
    assert second.response.id == "price-clarify-comparison"  # one prospect's reaction moves nothing
    assert coach.feedback("conv-2", "not_helpful", Caller(REP, "dana")) == ("price-clarify-comparison", True)
    third = coach.answer_prospect("conv-3", None, "pricey", ObjectionGuess("price", 0.9))
    # the next one a prospect may hear (price-prospect-own-numbers waits for a named need)
    assert third.response.id == "price-prospect-isolate"
    advice = coach.advise_rep("rep-1", "they say we're too expensive", ObjectionGuess("price", 0.9))
    assert [r.id for r in advice.responses] == ["price-value-breakdown", "price-trade-not-discount"]


def test_with_the_database_down_the_answer_still_comes_from_the_file(settings):
    broken = ObjectionStore.from_url("postgresql+psycopg2://nobody@127.0.0.1:1/none")
    coach = ObjectionCoach(broken, LibraryStore(broken.engine), settings)
    answer = coach.answer_prospect("conv-1", None, "too expensive", ObjectionGuess("price", 0.9))
    assert (answer.response.id, answer.recorded) == ("price-clarify-comparison", False)
    assert coach.feedback("conv-1", "helpful", ANYONE) == (None, False)


@pytest.mark.parametrize(
    "stats, expected",
    [
        (ResponseStats(), "not tried yet"),
        (ResponseStats(uses=1), "shown 1 time"),
        (
            ResponseStats(uses=12, helpful=5, not_helpful=1, won=2, lost=1),
            "shown 12 times; reps: 5 helpful, 1 not; deals 2 won, 1 lost",
        ),
        (ResponseStats(uses=3, prospect_helpful=2), "shown 3 times; prospects: 2 helped, 0 not"),
    ],
)
def test_track_record_in_words(stats, expected, settings):
    assert track_record(stats, wording(settings)) == expected


def test_a_rep_only_response_is_never_said_to_a_prospect_but_coaches_reps(coach, monkeypatch):
    library = coach.library()
    price = library.category("price")
    rep_only = replace(price.responses[0], audience="rep")  # the top-ranked one
    changed = replace(price, responses=(rep_only, *price.responses[1:]))
    categories = tuple(changed if c.id == "price" else c for c in library.categories)
    monkeypatch.setattr(coach, "library", lambda: replace(library, categories=categories))
    heard = coach.answer_prospect("conv-1", None, "too expensive", ObjectionGuess("price", 0.9))
    assert heard.response.id == next(r.id for r in price.responses[1:] if r.audience != "rep" and not r.requires)
    coached = coach.advise_rep("conv-2", "they say it's too expensive", ObjectionGuess("price", 0.9), count=3)
    assert rep_only.id in [r.id for r in coached.responses]


def test_a_response_is_said_only_where_what_it_requires_holds(coach, monkeypatch):
    doubt = ObjectionGuess("trust", 0.9)
    heard = []
    answer = coach.answer_prospect("conv-1", None, "prove it", doubt)
    while answer.response:
        heard.append(answer.response.id)
        answer = coach.answer_prospect("conv-1", None, "prove it", doubt, given=heard)
    assert "trust-prospect-pilot" not in heard  # a pilot for a need nobody named yet
    need = ProspectFacts({"need": "lead and pipeline tracking"})
    heard = ["trust-clarify-doubt", "trust-prospect-reference"]
    answer = coach.answer_prospect("conv-2", None, "prove it", doubt, need, given=heard)
    assert answer.response.id == "trust-prospect-pilot"
    assert "success criteria for lead and pipeline tracking" in answer.wording
    library = coach.library()
    monkeypatch.setattr(coach, "library", lambda: replace(library, offers={**library.offers, "pilot": False}))
    answer = coach.answer_prospect("conv-3", None, "prove it", doubt, need, given=heard)
    assert answer.response is None  # the team offers no pilot now: nothing left to say


def test_a_rep_sees_every_response_with_what_it_requires(coach, settings):
    advice = coach.advise_rep("rep-1", "they don't trust us", ObjectionGuess("trust", 0.9), count=9)
    assert "trust-prospect-pilot" in [r.id for r in advice.responses]
    pilot = advice.library.response("trust-prospect-pilot")
    assert when_to_use(pilot, advice.library, wording(settings)).endswith(
        "Said to prospects only with the need they named, a pilot on offer."
    )
    clarify = advice.library.response("trust-clarify-doubt")
    assert when_to_use(clarify, advice.library, wording(settings)) == clarify.when
