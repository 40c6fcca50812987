"""The economic-accounting close does its sum from what the lead said, never from invented figures."""

import pytest

from bot.playbook.closing import load_catalogue
from bot.playbook.wording import load_wording
from bot.services.closing.economics import Yearly, arithmetic, cost_today, yearly
from bot.services.closing.signals import LeadFacts, ObjectionHeard
from bot.services.closing.text import known_values
from bot.settings import REPO_ROOT

WORDS = load_wording(REPO_ROOT / "playbook" / "wording.yml")
ECONOMIC = load_catalogue(REPO_ROOT / "playbook" / "closing_techniques.yml").technique("economic")
BUDGET = {"status": "amount", "amount": 20000.0, "currency": "USD", "period": "year"}


@pytest.mark.parametrize(
    "figure, per_year",
    [
        (BUDGET, Yearly(20000.0, "USD")),
        ({"status": "amount", "amount": 3000.0, "currency": None, "period": "month"}, Yearly(36000.0, None)),
        ({"status": "amount", "amount": 10000.0, "amount_max": 20000.0, "period": "year"}, Yearly(15000.0, None)),
        ({"status": "amount", "amount": 3000.0, "period": None}, None),  # no period: no yearly sum
        ({"status": "none"}, None),
        ("skipped", None),
    ],
)
def test_a_stated_sum_per_year(figure, per_year):
    assert yearly(figure) == per_year


def test_the_cost_comes_only_from_a_sum_the_prospect_stated():
    said = ["we use spreadsheets and lose about 3 deals a month", None, "it costs us about 3k a month in lost deals"]
    assert cost_today(said) == Yearly(36000.0, None)
    assert cost_today(["each rep wastes 5 hours a week", "spreadsheets cost us nothing"]) is None


@pytest.mark.parametrize(
    "cost, budget, said",
    [
        (
            Yearly(36000.0, None),
            Yearly(20000.0, "USD"),
            "it costs you about 36,000 USD a year today; against a budget of 20,000 USD a year, "
            "that pays back in about 7 months",
        ),
        (Yearly(240000.0, "USD"), Yearly(20000.0, "USD"), "that pays back within a month"),
        (
            Yearly(12000.0, "USD"),
            Yearly(20000.0, "USD"),
            "about 12,000 USD a year today, 8,000 USD less than the 20,000 USD a year you have in mind",
        ),
        (Yearly(12000.0, "EUR"), Yearly(20000.0, "USD"), "about 12,000 EUR a year today, so anything"),
        (Yearly(12000.0, None), None, "about 12,000 a year today, so anything that solves it for less pays"),
    ],
)
def test_the_sum_in_words(cost, budget, said):
    assert said in arithmetic(cost, budget, WORDS)


def test_without_their_cost_the_close_asks_for_it_and_invents_nothing(settings):
    need = {"text": "reps lose track of leads", "category": "lead_tracking", "category_label": "lead tracking"}
    asked = LeadFacts(lead_id=1, answers={"need": need, "budget": BUDGET})
    example = ECONOMIC.render(known_values(asked, settings, WORDS))
    assert example == (
        "Let's run the numbers on lead tracking with your figures, not mine. What does it cost you today, in money "
        "or in hours a month? Set against what you would spend, we can see together whether it pays. If the numbers "
        "hold, shall we go ahead?"
    )
    replied = ObjectionHeard("price", "too expensive", True, reply="honestly it costs us about 3k a month")
    told = LeadFacts(lead_id=1, answers={"need": need, "budget": BUDGET}, objections=(replied,))
    example = ECONOMIC.render(known_values(told, settings, WORDS))
    assert "36,000 USD a year today; against a budget of 20,000 USD a year, that pays back in about 7 months" in example
