from datetime import date
from pathlib import Path

import pytest

from bot.playbook.scoring import CriterionAnswer, ScoringRulesError, load_rules, score_lead, tier_for
from bot.playbook.wording import load_wording
from bot.services.closing.text import ClosingText
from bot.settings import REPO_ROOT

TODAY = date(2026, 11, 26)
RULES = load_rules(REPO_ROOT / "playbook" / "scoring.yml")


def budget(amount=None, currency="USD", status="amount", period=None, amount_max=None):
    return {
        "status": status,
        "amount": amount,
        "amount_max": amount_max,
        "currency": currency,
        "period": period,
        "approved": False,
    }


def answers(budget_value=None, authority=None, need=None, timeline=None, skipped=()):
    values = {"budget": budget_value, "authority": authority, "need": need, "timeline": timeline}
    result = {}
    for key, value in values.items():
        if key in skipped:
            result[key] = CriterionAnswer(raw_text="skipped", value=None, skipped=True)
        elif value is not None:
            result[key] = CriterionAnswer(raw_text=f"words for {key}", value=value)
    return result


DECIDER = {"role": "decision_maker", "decider_role": "CEO", "decider_name": None, "organisation": None}
NEED = {"text": "reps lose track of leads", "category": "lead_tracking", "category_label": "lead and pipeline tracking"}
SOON = {"kind": "month", "target": "2027-02-28", "label": "February 2027"}


def test_everything_met_is_hot_with_full_score():
    result = score_lead(answers(budget(20000), DECIDER, NEED, SOON), RULES, TODAY)
    assert result.score == 100
    assert result.tier == "hot"
    assert [r.verdict for r in result.reasons] == ["met"] * 4
    assert result.reasons[0].evidence == "words for budget"
    assert result.rules_version == RULES.version


def test_reasons_quote_the_prospects_words_and_explain_partial_credit():
    influencer = {"role": "influencer", "decider_role": "CFO", "decider_name": "John Smith", "organisation": None}
    later = {"kind": "month", "target": "2027-09-30", "label": "September 2027"}
    result = score_lead(answers(budget(status="being_set", currency=None), influencer, NEED, later), RULES, TODAY)
    by_criterion = {r.criterion: r for r in result.reasons}
    assert by_criterion["budget"].outcome == "being_set"
    assert by_criterion["budget"].points == 15.0
    assert by_criterion["authority"].outcome == "influencer_decider_named"
    assert by_criterion["authority"].verdict == "partly met"
    assert by_criterion["timeline"].outcome == "within_a_year"
    assert result.score == round(15 + 12.5 + 25 + 12)
    assert result.tier == "warm"


@pytest.mark.parametrize(
    "value, outcome",
    [
        (budget(20000, "USD"), "amount_meets_minimum"),
        (budget(4000, "USD"), "amount_below_minimum"),
        (budget(5000, "EUR"), "amount_meets_minimum"),  # 5,400 USD
        (budget(4000, "GBP"), "amount_meets_minimum"),  # 5,080 USD
        (budget(500000, "JPY"), "amount_below_minimum"),  # 3,350 USD
        (budget(500, "USD", period="month"), "amount_meets_minimum"),  # 6,000 a year
        (budget(3000, None), "amount_below_minimum"),  # read as USD
        (budget(2000, "USD", amount_max=8000), "amount_meets_minimum"),
        (budget(status="none", currency=None), "none"),
        (budget(status="undisclosed", currency=None), "undisclosed"),
    ],
)
def test_budget_outcomes(value, outcome):
    result = score_lead(answers(value), RULES, TODAY)
    assert result.reasons[0].outcome == outcome


@pytest.mark.parametrize(
    "timeline, outcome",
    [
        ({"kind": "asap", "target": "2026-11-26", "label": "ASAP"}, "asap"),
        ({"kind": "date", "target": "2027-01-07", "label": "2027-01-07"}, "soon"),
        ({"kind": "quarter", "target": "2027-09-30", "label": "Q3 2027"}, "within_a_year"),
        ({"kind": "year", "target": "2028-12-31", "label": "2028"}, "later"),
        ({"kind": "undecided", "target": None, "label": "not decided"}, "undecided"),
    ],
)
def test_timeline_outcomes(timeline, outcome):
    result = score_lead(answers(timeline=timeline), RULES, TODAY)
    assert result.reasons[3].outcome == outcome


def test_skipped_and_missing_answers_earn_nothing():
    result = score_lead(answers(need=NEED, skipped=("budget", "authority")), RULES, TODAY)
    by_criterion = {r.criterion: r for r in result.reasons}
    assert by_criterion["budget"].outcome == "skipped"
    assert by_criterion["budget"].evidence is None
    assert by_criterion["timeline"].outcome == "skipped"
    assert result.score == 25
    assert result.tier == "cold"


def test_no_need_makes_an_unqualified_lead_when_little_else_is_known():
    none = {"text": "just browsing", "category": "none", "category_label": None}
    result = score_lead(answers(budget(status="none", currency=None), None, none, None), RULES, TODAY)
    assert result.score == 0
    assert result.tier == "unqualified"


NO_NEED = {"text": "just browsing", "category": "none", "category_label": None}
DONT_KNOW = {"unknown": True}
VAGUE_NEED = {"text": "better stuff", "category": "other", "category_label": None}
LATER = {"kind": "year", "target": "2028-06-30", "label": "mid 2028"}
SHARED = {"role": "shared", "decider_role": "CFO", "decider_name": None, "organisation": None}


# The source: a prospect who does not need the product is not a lead. Budget 30 + authority
# 25 + timeline 20 reach the hot threshold, but with no need stated a lead is cold at best.
@pytest.mark.parametrize(
    "budget_value, authority, need, timeline, skipped, score, tier",
    [
        (budget(20000), DECIDER, NEED, SOON, (), 100, "hot"),
        (budget(20000), DECIDER, VAGUE_NEED, SOON, (), 92, "hot"),
        (budget(20000), DECIDER, NO_NEED, SOON, (), 75, "cold"),
        (budget(20000), DECIDER, DONT_KNOW, SOON, (), 75, "cold"),
        (budget(20000), DECIDER, None, SOON, ("need",), 75, "cold"),
        (budget(20000), DECIDER, None, SOON, (), 75, "cold"),
        (budget(20000), SHARED, NO_NEED, LATER, (), 54, "cold"),
        (budget(status="none", currency=None), DECIDER, NO_NEED, SOON, (), 45, "cold"),
        (budget(status="being_set", currency=None), SHARED, NEED, LATER, (), 64, "warm"),
        (budget(status="being_set", currency=None), SHARED, VAGUE_NEED, LATER, (), 56, "warm"),
        (budget(2000), None, NEED, None, ("authority", "timeline"), 34, "cold"),
    ],
)
def test_no_stated_need_is_never_warm_or_hot(budget_value, authority, need, timeline, skipped, score, tier):
    result = score_lead(answers(budget_value, authority, need, timeline, skipped), RULES, TODAY)
    assert (result.score, result.tier) == (score, tier)


@pytest.mark.parametrize(
    "score, tier",
    [
        (100, "hot"),
        (75, "hot"),
        (74, "warm"),
        (50, "warm"),
        (49, "cold"),
        (25, "cold"),
        (24, "unqualified"),
        (0, "unqualified"),
    ],
)
def test_tier_thresholds_come_from_the_rules_file(score, tier):
    assert tier_for(score, RULES.tiers) == tier


def test_a_manager_can_change_the_rules(tmp_path: Path):
    text = (REPO_ROOT / "playbook" / "scoring.yml").read_text().replace("minimum_usd: 5000", "minimum_usd: 50000")
    stricter = tmp_path / "scoring.yml"
    stricter.write_text(text)
    result = score_lead(answers(budget(20000)), load_rules(stricter), TODAY)
    assert result.reasons[0].outcome == "amount_below_minimum"


def test_a_broken_rules_file_is_refused_with_a_clear_error(tmp_path: Path):
    broken = tmp_path / "scoring.yml"
    broken.write_text(
        "version: x\nweights: {budget: 50, need: 50}\ntiers: {hot: 75}\n"
        "budget: {}\nauthority: {}\nneed: {}\ntimeline: {}\n"
    )
    with pytest.raises(ScoringRulesError, match="weights must name exactly"):
        load_rules(broken)


def test_a_tier_held_down_by_a_cap_says_so(settings):
    held = score_lead(answers(budget(20000), DECIDER, NO_NEED, SOON, ()), RULES, TODAY)
    need = next(r for r in held.reasons if r.criterion == "need")
    assert (held.tier, need.held_from, need.as_dict()["held_from"]) == ("cold", "hot", "hot")
    assert all(r.held_from is None for r in held.reasons if r.criterion != "need")
    # no need and a cold score anyway: the cap held nothing down
    low = score_lead(answers(budget(status="none", currency=None), DECIDER, NO_NEED, SOON, ()), RULES, TODAY)
    assert all(r.held_from is None for r in low.reasons)
    words = ClosingText(load_wording(REPO_ROOT / "playbook" / "wording.yml"))
    assert words.tier(held.tier, [r.as_dict() for r in held.reasons]) == (
        "cold (held there: need earned nothing; the score alone gives hot)"
    )
    assert words.tier("warm", []) == "warm"
