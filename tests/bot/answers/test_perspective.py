"""A rep's third-person report of a prospect's answer, read as the prospect's own."""

import pytest

from bot.answers.authority import parse_authority
from bot.answers.perspective import in_prospects_voice
from bot.answers.references import company_to_qualify


@pytest.mark.parametrize(
    "reported, said",
    [
        ("their CFO signs off", "our CFO signs off"),
        ("They have about 20k a year", "we have about 20k a year"),
        ("she's the decision maker", "I'm the decision maker"),
        ("he needs his boss's approval", "I need my boss's approval"),
        ("they decide", "I decide"),
        ("they're on Salesforce and hate it", "we're on Salesforce and hate it"),
        ("the theme is theirs", "the theme is ours"),  # whole words only
        ("skip", "skip"),
    ],
)
def test_the_third_person_becomes_the_prospects_voice(reported, said):
    assert in_prospects_voice(reported) == said


@pytest.mark.parametrize(
    "reported, role, decider",
    [
        ("their CFO signs off", "influencer", "CFO"),
        ("she's the decision maker", "decision_maker", None),
        ("he decides with the CEO", "shared", "CEO"),
    ],
)
def test_a_reported_decision_reads_like_the_prospects_own(reported, role, decider):
    value = parse_authority(in_prospects_voice(reported)).value
    assert (value.role, value.decider_role) == (role, decider)


@pytest.mark.parametrize(
    "text, company",
    [
        ("qualify Acme", "Acme"),
        ("new lead: Globex, on a call now", "Globex"),
        ("I'm on a call with Initech, help me qualify them", "Initech"),
        ("new lead Umbrella Corp on the phone now", "Umbrella Corp"),
        ("BANT for Dunder Mifflin", "Dunder Mifflin"),
        ("qualify lead from Hooli please", "Hooli"),
        ("help me qualify a lead", None),
        ("qualify them", None),
        ("help me qualify a new lead", None),
    ],
)
def test_the_company_a_rep_wants_to_qualify(text, company):
    assert company_to_qualify(text) == company
