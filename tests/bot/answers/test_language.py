import pytest
import yaml

from bot.answers.checks import answer_problem
from bot.answers.language import looks_foreign
from bot.settings import REPO_ROOT

FOREIGN = yaml.safe_load((REPO_ROOT / "tests" / "bot" / "answers" / "other_languages.yml").read_text())


def test_most_short_answers_in_other_languages_are_told_from_english():
    answers = [text for texts in FOREIGN.values() for text in texts]
    caught = sum(looks_foreign(text) for text in answers)
    assert caught / len(answers) >= 0.85


@pytest.mark.parametrize(
    "text",
    [
        "about 30k a year",
        "I decide",
        "our CFO signs off on anything over 10k",
        "our reps lose track of leads after trade shows",
        "by the end of Q2",
        "no budget yet, finance is working on it",
        "we need better forecasting for the board",
        "procurement wants net 90",
    ],
)
def test_english_answers_are_not_refused(text):
    assert answer_problem(text, 1000) is None


def test_a_foreign_answer_is_refused_but_a_foreign_name_is_a_name():
    assert answer_problem("c'est moi qui décide", 1000) == "not_english"
    assert answer_problem("Compagnie Générale des Eaux de Paris", 1000, names_only=True) is None
