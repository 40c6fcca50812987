import pytest

from bot.answers.needs import load_categories, parse_need, says_no_previous_vendor
from bot.settings import REPO_ROOT

CATEGORIES = load_categories(REPO_ROOT / "playbook" / "need_categories.yml")


@pytest.mark.parametrize(
    "text, category",
    [
        ("our reps lose track of leads after trade shows", "lead_tracking"),
        ("we need better forecasting", "forecasting_reporting"),  # the noun in -ing is its own lemma
        ("better lead tracking", "lead_tracking"),
        ("deals fall through the cracks because everything lives in spreadsheets", "lead_tracking"),
        ("reps waste hours on manual data entry", "rep_productivity"),
        ("forecasts are always wrong and the board wants better reporting", "forecasting_reporting"),
        ("our cold email sequences get no replies", "outreach"),
        ("onboarding new SDRs takes forever", "onboarding_coaching"),
        ("our tools don't integrate, data is stuck in silos", "integration"),
        ("churn is up and renewals slip", "customer_retention"),
        ("we are overpaying for licenses", "cost"),
        ("just browsing really", "none"),
        ("honestly we don't need anything right now", "none"),
        ("I'd rather not say", "none"),
        ("can we come back to that one", "none"),
        ("I'll tell you later", "none"),
        ("nothing in particular, just curious", "none"),
        ("the coffee machine is broken", "other"),
        ("our forecasts are always wrong and reps hate updating the CRM", "forecasting_reporting"),
    ],
)
def test_a_problem_is_filed_under_its_category(text, category):
    need = parse_need(text, CATEGORIES)
    assert need.ok
    assert need.value.category == category
    assert need.value.text == text


def test_category_keeps_a_readable_label():
    need = parse_need("we keep losing track of deals", CATEGORIES).value
    assert need.category_label == "lead and pipeline tracking"
    assert need.as_dict() == {
        "text": "we keep losing track of deals",
        "category": "lead_tracking",
        "category_label": "lead and pipeline tracking",
    }


def test_a_one_word_need_is_too_short():
    assert parse_need("crm", CATEGORIES).problem == "too_short"


@pytest.mark.parametrize(
    "text, none",
    [
        ("we never had one, we use spreadsheets", True),
        ("none, this is our first time", True),
        ("we just use excel", True),
        ("Pipedrive was simple to set up", False),
        ("the support team was responsive", False),
    ],
)
def test_no_previous_vendor(text, none):
    assert says_no_previous_vendor(text, CATEGORIES) is none
