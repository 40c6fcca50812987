from datetime import date

import pytest

from bot.answers.questions import read_answer
from bot.answers.unknown import says_dont_know
from bot.playbook.scoring import CriterionAnswer, load_rules, score_lead
from bot.settings import REPO_ROOT

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    "text", ["idk", "dunno", "no idea tbh", "Not sure.", "honestly no clue", "I don't know", "I'm not sure", "idk lol"]
)
def test_a_reply_that_only_says_i_dont_know_is_recognised(text):
    assert says_dont_know(text)


@pytest.mark.parametrize(
    "text", ["not sure, maybe 20k", "don't know yet", "not sure we need this", "no", "spending is frozen", ""]
)
def test_a_reply_with_more_in_it_is_left_to_the_parsers(text):
    assert not says_dont_know(text)


@pytest.mark.parametrize("key", ["budget", "authority", "need", "timeline"])
def test_i_dont_know_is_stored_as_unknown_for_every_criterion(key, settings):
    assert read_answer(key, "dunno", TODAY, settings).value == {"unknown": True}


def test_budget_not_known_yet_is_still_being_set(settings):
    assert read_answer("budget", "don't know yet", TODAY, settings).value["status"] == "being_set"


def test_an_unknown_answer_earns_nothing():
    rules = load_rules(REPO_ROOT / "playbook" / "scoring.yml")
    answers = {key: CriterionAnswer(raw_text="idk", value={"unknown": True}) for key in rules.weights}
    result = score_lead(answers, rules, TODAY)
    assert {reason.outcome for reason in result.reasons} == {"unknown"}
    assert result.score == 0
