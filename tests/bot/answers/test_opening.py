from datetime import date

import pytest

from bot.answers.opening import answers_in

TODAY = date(2026, 11, 27)


def test_an_opening_with_everything_answers_every_question_it_covers(settings):
    found = answers_in(
        "Hi, I'm the COO at Dunder Mifflin. We have about 30k a year and need to replace our spreadsheets by March.",
        TODAY,
        settings,
    )
    assert found == {
        "budget": "We have about 30k a year",
        "authority": "I'm the COO at Dunder Mifflin",
        "timeline": "need to replace our spreadsheets by March",
        "need": "need to replace our spreadsheets by March",
        "company": "Dunder Mifflin",
    }


def test_head_count_is_not_a_budget_and_a_name_followed_by_here_is_the_company(settings):
    found = answers_in("hi there, Stark Industries here, 200 sellers, my CFO signs off", TODAY, settings)
    assert found == {"authority": "my CFO signs off", "company": "Stark Industries"}


@pytest.mark.parametrize(
    "text", ["hi", "I'm interested", "yes let's do it", "we're looking for a CRM for our sales team"]
)
def test_a_plain_opening_answers_nothing(text, settings):
    assert answers_in(text, TODAY, settings) == {}
