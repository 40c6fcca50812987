import json
import subprocess
import sys
import time

import pytest

from bot.answers.budget import Budget, parse_budget
from bot.settings import REPO_ROOT


def amount(value, currency=None, period=None, amount_max=None, approved=False):
    return {
        "status": "amount",
        "amount": value,
        "amount_max": amount_max,
        "currency": currency,
        "period": period,
        "approved": approved,
    }


def status(name):
    return {"status": name, "amount": None, "amount_max": None, "currency": None, "period": None, "approved": False}


ANSWERS = [
    # figures, currencies, magnitudes
    ("about $20k", amount(20000.0, "USD")),
    ("about $20k a year", amount(20000.0, "USD", "year")),
    ("50,000 euros", amount(50000.0, "EUR")),
    ("a hundred grand", amount(100000.0)),
    ("a grand a month", amount(1000.0, period="month")),
    ("roughly 1.2M", amount(1200000.0)),
    ("1.5 million", amount(1500000.0)),
    ("half a million", amount(500000.0)),
    ("twenty thousand dollars", amount(20000.0, "USD")),
    ("USD 40000", amount(40000.0, "USD")),
    ("40k usd", amount(40000.0, "USD")),
    ("£8,500 a year", amount(8500.0, "GBP", "year")),
    ("about 50 thousand quid", amount(50000.0, "GBP")),
    ("€30.000", amount(30000.0, "EUR")),
    ("¥2,000,000", amount(2000000.0, "JPY")),
    ("200k rmb", amount(200000.0, "CNY")),
    ("C$5000", amount(5000.0, "CAD")),
    ("5 lakh rupees", amount(500000.0, "INR")),
    ("50k in euros", amount(50000.0, "EUR")),
    ("75000", amount(75000.0)),
    ("actually the budget is 30k", amount(30000.0)),
    ("we have 2 teams and about 30k", amount(30000.0)),
    ("$20,000 for 2027", amount(20000.0, "USD")),
    ("2bn", amount(2000000000.0)),
    # ranges: a bare lower figure borrows the upper one's magnitude
    ("20-30k", amount(20000.0, amount_max=30000.0)),
    ("between 10 and 15 thousand dollars", amount(10000.0, "USD", amount_max=15000.0)),
    ("$10k-$15k", amount(10000.0, "USD", amount_max=15000.0)),
    ("between $5,000 and $8,000", amount(5000.0, "USD", amount_max=8000.0)),
    ("hmm maybe 30 to 40 grand", amount(30000.0, amount_max=40000.0)),
    # periods
    ("5 grand per month", amount(5000.0, period="month")),
    ("$5k/mo", amount(5000.0, "USD", "month")),
    ("50k annually", amount(50000.0, period="year")),
    # approval
    ("approved, 75k", amount(75000.0, approved=True)),
    ("we got approval for 50k", amount(50000.0, approved=True)),
    ("signed off at 40k", amount(40000.0, approved=True)),
    ("our budget is 15,000 dollars per year, approved by the CFO", amount(15000.0, "USD", "year", approved=True)),
    # a figure wins over a status phrase
    ("we're not sure yet, maybe 10-20k", amount(10000.0, amount_max=20000.0)),
    # no budget, with negation in its usual shapes
    ("we don't have a budget yet", status("none")),
    ("we do not have a budget", status("none")),
    ("there's no budget", status("none")),
    ("no budget", status("none")),
    ("nothing allocated yet", status("none")),
    ("all spending is frozen till Q2", status("none")),
    ("the budget for new software is frozen until further notice", status("none")),
    ("there's a spending freeze this year", status("none")),
    ("no money for this right now", status("none")),
    ("it's not in this year's budget", status("none")),
    ("we haven't set a budget", status("none")),
    ("no", status("none")),
    ("not yet", status("none")),
    # being set
    ("it's being set", status("being_set")),
    ("finance is working on it", status("being_set")),
    ("waiting on approval", status("being_set")),
    ("waiting on approval from 2 people", status("being_set")),
    ("it needs to be approved by finance", status("being_set")),
    ("it's not approved yet", status("being_set")),
    ("we haven't decided", status("being_set")),
    ("TBD", status("being_set")),
    ("don't know yet", status("being_set")),
    ("not sure", status("being_set")),
    ("no idea", status("being_set")),
    ("we'll know in 2 weeks", status("being_set")),
    # undisclosed
    ("I'd rather not say", status("undisclosed")),
    ("confidential", status("undisclosed")),
    ("not disclosing", status("undisclosed")),
    ("I can't share that", status("undisclosed")),
    ("none of your business", status("undisclosed")),
    # refusals
    ("-500", "negative"),
    ("-500 dollars", "negative"),
    ("minus 500", "negative"),
    ("actually the budget is -30k", "negative"),
    ("0", "implausible"),
    ("zero", "implausible"),
    ("99", "implausible"),
    ("50 bucks", "implausible"),
    ("12 billion", "implausible"),
    ("a billion trillion dollars", "implausible"),
    ("a million bazillion", "implausible"),
    ("a million bazillion dollars", "implausible"),
    ("zillions", "implausible"),
    ("like 50 gazillion a year lol", "implausible"),
    ("asdf", "unclear"),
    ("blue", "unclear"),
    ("depends on the price", "unclear"),
    ("about 10% of revenue", "unclear"),
    ("it's approved", "unclear"),
    ("plan b", "unclear"),
]


@pytest.mark.parametrize("text, expected", ANSWERS, ids=[text for text, _ in ANSWERS])
def test_budget_answers(text, expected):
    parsed = parse_budget(text)
    if isinstance(expected, str):
        assert (parsed.ok, parsed.problem) == (False, expected)
    else:
        assert parsed.problem is None
        assert parsed.value.as_dict() == expected


def test_the_lowest_plausible_amount_is_100():
    assert parse_budget("100").value.amount == 100.0
    assert parse_budget("10 billion").value.amount == 10_000_000_000.0


def test_as_dict_is_json_and_from_dict_rebuilds_it():
    budget = parse_budget("between $5,000 and $8,000 a month, approved").value
    stored = json.loads(json.dumps(budget.as_dict()))
    assert Budget.from_dict(stored) == budget
    assert Budget.from_dict(status("none")) == Budget(status="none")


def test_a_parse_takes_milliseconds():
    parse_budget("warm up 20k")
    start = time.perf_counter()
    for text, _ in ANSWERS[:30]:
        parse_budget(text)
    assert (time.perf_counter() - start) / 30 < 0.05


def test_nothing_is_loaded_at_import():
    code = (
        "import bot.answers.budget, bot.answers.timeline, bot.answers.authority\n"
        "from bot.answers.nlp import get_nlp\n"
        "assert get_nlp.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)
