"""Closing practice: the buyer's situation read as the closing advisor reads a lead, and the
rep's close judged against it."""

import random
from collections import Counter
from datetime import date

import pytest

from bot.playbook.closing import NEXT_STEP, load_catalogue
from bot.playbook.rehearsal import load_rehearsal
from bot.services.closing.recommend import rank
from bot.services.closing.signals import ObjectionHeard, read_signals
from bot.services.rehearsal.closing import ClosingSetup, closes_cued, draw_setup, judge_close, lead_facts
from bot.settings import REPO_ROOT

PLAYBOOK = load_rehearsal(REPO_ROOT / "playbook" / "rehearsal.yml")
CATALOGUE = load_catalogue(REPO_ROOT / "playbook" / "closing_techniques.yml")
TODAY = date(2026, 11, 27)
SCENARIO = {"need": "the forecast is guesswork every quarter", "budget": "around 40k a year", "decider": "they decide"}
QUESTIONS = ("When could we actually start?", "What would the payment terms look like?")
HANDLED = (ObjectionHeard("trust", "What happens to our data if you go out of business?", answered=True),)


def judged(reply, settings, scenario=None, setup=None, objections=HANDLED):
    facts = lead_facts(
        {**SCENARIO, **(scenario or {})},
        setup or ClosingSetup("before the end of March", QUESTIONS),
        objections,
        settings,
        TODAY,
    )
    return judge_close(reply, facts, CATALOGUE, PLAYBOOK, TODAY, {})


def test_every_cue_names_a_technique_of_the_catalogue_and_each_example_is_recognised_as_its_own():
    techniques = {t.id for t in CATALOGUE.techniques}
    assert set(PLAYBOOK.closing.cues) <= techniques
    for technique in CATALOGUE.techniques:
        assert technique.id in {t for t, _ in closes_cued(technique.render({}), PLAYBOOK)}, technique.id


def test_the_scenario_is_read_by_the_answer_parsers_as_a_lead_would_be(settings):
    facts = lead_facts(SCENARIO, ClosingSetup("as soon as possible", ()), HANDLED, settings, TODAY)
    assert facts.answers["authority"]["role"] == "decision_maker"  # "they decide": the buyer does
    assert facts.answers["budget"]["amount"] == 40000
    assert facts.answers["need"]["category"] == "forecasting_reporting"
    assert facts.answers["timeline"]["kind"] == "asap"
    cfo = lead_facts(
        {**SCENARIO, "decider": "the CFO signs off"}, ClosingSetup("no fixed date", ()), (), settings, TODAY
    )
    assert cfo.answers["authority"]["decider_role"] == "CFO"


def test_a_ready_buyer_the_advisors_close_is_best_another_that_fits_less_and_a_next_step_is_too_cautious(settings):
    ready = judged("ok thanks", settings).recommendation
    assert ready.ready
    best = ready.closes[0].technique
    assert (judged(best.render({}), settings).verdict, judged(best.render({}), settings).score) == ("best", 3)
    fitting = next(r.technique for r in ready.closes[1:] if r.score < ready.closes[0].score)
    other = judged(fitting.render({}), settings)
    assert (other.verdict, other.score) in {("fits", 2), ("best", 3)}  # its example may also cue a better one
    assert (judged("Let's book a call on Friday to talk it over.", settings).verdict) == "cautious"
    assert (judged("ok thanks", settings).verdict, judged("ok thanks", settings).score) == ("none", 0)
    assert not judged("ok thanks", settings).handled


def test_a_close_that_backfires_here_scores_one_for_asking(settings):
    quiet = ClosingSetup("sometime next year, no rush", ())  # no buying question, no date to make
    ready = judged("ok thanks", settings, setup=quiet)
    assert ready.recommendation.ready
    ranked = {
        r.technique.id: r
        for r in rank(read_signals(lead_facts(SCENARIO, quiet, HANDLED, settings, TODAY), TODAY), CATALOGUE)
    }
    backfiring = [
        t for t in CATALOGUE.techniques
        if ranked[t.id].score <= 0 and t.id != NEXT_STEP
        and all(ranked[c].score <= 0 for c, _ in closes_cued(t.render({}), PLAYBOOK))
    ]  # fmt: skip
    assert backfiring  # e.g. a pressure close with no deadline and no buying question
    for technique in backfiring:
        result = judged(technique.render({}), settings, setup=quiet)
        assert (result.verdict, result.score) == ("poor", 1), technique.id
        assert not result.handled


def test_when_someone_else_signs_or_an_objection_is_open_a_close_is_too_early_and_a_next_step_is_right(settings):
    cfo = {"decider": "the CFO signs off"}
    pushed = judged("Shall I send the contract today?", settings, cfo)
    assert not pushed.recommendation.ready
    assert (pushed.verdict, pushed.score, pushed.used.technique.id) == ("too_early", 0, "direct")
    held = judged("Could we set 30 minutes next week with your CFO to go through the numbers?", settings, cfo)
    assert (held.verdict, held.score, held.used.technique.id) == ("held_back", 3, NEXT_STEP)
    open_one = (ObjectionHeard("price", "That's more than we expected to pay.", answered=False),)
    assert judged("Shall we go ahead?", settings, objections=open_one).verdict == "too_early"


@pytest.mark.parametrize("objections_open, never", [(False, None), (True, 2)])
def test_buying_questions_follow_the_playbooks_weights(objections_open, never):
    rng = random.Random(3)
    counts = Counter(len(draw_setup(PLAYBOOK.closing, objections_open, rng).questions) for _ in range(3000))
    weights = PLAYBOOK.closing.weights_if_open if objections_open else PLAYBOOK.closing.weights
    for questions, weight in enumerate(weights):
        assert counts[questions] / 3000 == pytest.approx(weight / sum(weights), abs=0.03)
    assert never is None or counts[never] == 0
