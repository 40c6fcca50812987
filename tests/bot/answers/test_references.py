import pytest

from bot.answers.references import (
    StageMention,
    asks_for_demo_prep,
    asks_to_qualify,
    lead_number,
    parse_stage,
    parse_technique,
    read_stage,
)
from bot.playbook.closing import load_catalogue
from bot.settings import REPO_ROOT

TECHNIQUES = [(t.id, t.name) for t in load_catalogue(REPO_ROOT / "playbook" / "closing_techniques.yml").techniques]


@pytest.mark.parametrize(
    "text, stage, number, technique",
    [
        ("move lead 12 to closing", "closing", 12, None),
        ("lead 7 is won", "closed_won", 7, None),
        ("we lost Globex to a cheaper tool", "closed_lost", None, None),
        ("Acme signed!", "closed_won", None, None),
        ("mark lead #3 as paused", "closed_paused", 3, None),
        ("Kestrel Foods upgraded to the enterprise plan", "closed_upgraded", None, None),
        ("lead 19: first meeting done", "visited", 19, None),
        ("we're following up with Papaya Labs", "following_up", None, None),
        ("invited Nordlicht to a demo", "invited", None, None),
        ("lead no. 22 is back to maintaining", "maintaining", 22, None),
        ("we won lead 5 with a summary close", "closed_won", 5, "summary"),
        ("closed Acme using the pilot", "closed_won", None, "pilot"),
        ("lead 8 went with HubSpot", "closed_lost", 8, None),
        ("update lead 4 please", None, 4, None),
    ],
)
def test_a_reps_stage_message_is_read(text, stage, number, technique):
    assert (parse_stage(text), lead_number(text), parse_technique(text, TECHNIQUES)) == (stage, number, technique)


# Only a stage stated as a fact is recorded; a negation, a question or a hedge is told apart
# so the rep hears why nothing changed (issue 11: "lead 12 won't sign" used to close it as won).
@pytest.mark.parametrize(
    "text, stage, doubt",
    [
        ("lead 12 won't sign", "closed_won", "negated"),
        ("Acme still hasn't signed", "closed_won", "negated"),
        ("we didn't win Globex", "closed_won", "negated"),
        ("not closed yet", "closed_won", "negated"),
        ("lead 4 is not closed yet", "closed_won", "negated"),
        ("Acme can't sign until January", "closed_won", "negated"),
        ("we never won lead 9", "closed_won", "negated"),
        ("we haven't lost lead 14 yet", "closed_lost", "negated"),
        ("we haven't met them yet", "visited", "negated"),
        ("we're not closing lead 4", "closing", "negated"),
        ("lead 3 is no longer on hold", "closed_paused", "negated"),
        ("they didnt sign", "closed_won", "negated"),
        ("should we mark it won?", "closed_won", "question"),
        ("did we win lead 5?", "closed_won", "question"),
        ("has Acme signed?", "closed_won", "question"),
        ("is lead 8 lost?", "closed_lost", "question"),
        ("shall we put lead 3 on hold", "closed_paused", "question"),
        ("Initech might sign", "closed_won", "hedged"),
        ("we might lose Globex", "closed_lost", "hedged"),
        ("they will sign next week", "closed_won", "hedged"),
        ("if Acme signs we're done", "closed_won", "hedged"),
        ("Acme is about to sign", "closed_won", "hedged"),
        ("hopefully Acme signs friday", "closed_won", "hedged"),
        ("lead 33 will probably go with a competitor", "closed_lost", "hedged"),
        ("I think we'll win lead 2", "closed_won", "hedged"),
        ("Hooli is likely to upgrade in spring", "closed_upgraded", "hedged"),
        ("lead 7 is won", "closed_won", None),
        ("Acme signed!", "closed_won", None),
        ("can you mark lead 5 as won?", "closed_won", None),
        ("please set lead 41 to lost, they chose salesforce", "closed_lost", None),
        ("we won Acme, no discount needed", "closed_won", None),
        ("Acme signed, didn't even need a discount", "closed_won", None),
        ("lead 8 went with HubSpot", "closed_lost", None),
        ("Globex said no", "closed_lost", None),
        ("mark Initech as lost, no budget", "closed_lost", None),
        ("Acme signed the contract but wants to pause onboarding", "closed_won", None),
        ("the deal with Acme is done, they signed today", "closed_won", None),
        ("lead 4: closed lost, they went with Salesforce", "closed_lost", None),
        ("lead 3 is on hold", "closed_paused", None),
        ("move lead 12 to closing", "closing", None),
        ("invited Nordlicht to a demo", "invited", None),
        ("Kestrel Foods upgraded to the enterprise plan", "closed_upgraded", None),
        ("update lead 4 please", None, None),
    ],
)
def test_a_stage_is_recorded_only_when_stated_as_a_fact(text, stage, doubt):
    assert read_stage(text) == (StageMention(stage, doubt) if stage else None)
    assert parse_stage(text) == (stage if doubt is None else None)


@pytest.mark.parametrize(
    "text, asks",
    [
        ("prepare my demo with Brightwater Logistics", True),
        ("demo prep for lead 12", True),
        ("what should I show in the Acme presentation?", True),
        ("we did a demo last week", False),
        ("prepare the contract", False),
    ],
)
def test_a_rep_asking_for_demo_prep(text, asks):
    assert asks_for_demo_prep(text) is asks


@pytest.mark.parametrize(
    "text, asks",
    [("new lead: Globex, on a call now", True), ("qualify Acme", True), ("Acme is qualified", False)],
)
def test_a_rep_asking_to_qualify(text, asks):
    assert asks_to_qualify(text) is asks
