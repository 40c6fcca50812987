"""The closing advisor on lead situations a sales manager would recognise: the signals in, the
technique (or the next step) and what blocks the close out."""

from datetime import date, timedelta

import pytest

from bot.playbook.closing import load_catalogue
from bot.playbook.wording import load_wording
from bot.services.closing.recommend import recommend
from bot.services.closing.signals import LeadFacts, ObjectionHeard, read_signals
from bot.services.closing.text import ClosingText
from bot.settings import REPO_ROOT

TODAY = date(2026, 11, 26)
CATALOGUE = load_catalogue(REPO_ROOT / "playbook" / "closing_techniques.yml")
TEXT = ClosingText(load_wording(REPO_ROOT / "playbook" / "wording.yml"))


def facts(
    tier="hot",
    role="decision_maker",
    decider_role=None,
    decider_name=None,
    need=True,
    budget="amount",
    budget_met=True,
    timeline=60,
    buying=0,
    objections=(),
):
    answers = {}
    if role is not None:
        answers["authority"] = (
            "skipped"
            if role == "skipped"
            else {"role": role, "decider_role": decider_role, "decider_name": decider_name}
        )
    if need:
        answers["need"] = {
            "text": "our reps lose track of leads",
            "category": "lead_tracking",
            "category_label": "lead and pipeline tracking",
        }
    if budget is not None:
        answers["budget"] = {
            "status": budget,
            "amount": 20000.0 if budget == "amount" else None,
            "currency": "USD",
            "period": "year",
        }
    if timeline == "asap":
        answers["timeline"] = {"kind": "asap", "target": TODAY.isoformat(), "label": "as soon as possible"}
    elif timeline == "undecided":
        answers["timeline"] = {"kind": "undecided", "target": None, "label": "no fixed date"}
    elif timeline is not None:
        target = TODAY + timedelta(days=timeline)
        answers["timeline"] = {"kind": "date", "target": target.isoformat(), "label": target.strftime("%B %Y")}
    questions = ("how soon could we start?", "what are the payment terms?", "can we sign this month?")[:buying]
    heard = tuple(ObjectionHeard(category, text, answered) for category, text, answered in objections)
    return LeadFacts(
        lead_id=1,
        tier=tier,
        answers=answers,
        budget_met=budget_met if budget == "amount" else None,
        buying_signals=questions,
        objections=heard,
    )


PRICE = ("price", "that's too expensive", True)
PRICE_OPEN = ("price", "that's too expensive", False)

# (situation, facts, what to do now, first close once resolved or None, what blocks the close)
SITUATIONS = [
    ("ready: decider, need, budget, two buying questions", facts(buying=2), "direct", None, []),
    ("ready and a price objection already answered", facts(buying=2, objections=[PRICE]), "assumptive", None, []),
    (
        "strong buying signals but the CFO signs, not our contact",
        facts(buying=2, role="influencer", decider_role="CFO"),
        "next_step",
        "assumptive",
        ["Reach your CFO"],
    ),
    (
        "strong buying signals but the price objection is still open",
        facts(buying=2, objections=[PRICE_OPEN]),
        "next_step",
        "economic",
        ['Answer the open objections first: "that\'s too expensive"'],
    ),
    (
        "warm lead with one buying question: recap, then ask",
        facts(tier="warm", buying=1, timeline=200),
        "summary",
        None,
        [],
    ),
    (
        "price is the theme and nothing else: do the arithmetic",
        facts(tier="warm", objections=[PRICE], timeline=200),
        "economic",
        None,
        [],
    ),
    (
        "price pushed, answered, and a buying question: concede something small for the deal",
        facts(buying=1, objections=[PRICE]),
        "retreat_to_advance",
        None,
        [],
    ),
    (
        "doubts about us and a 'let me think about it': let them prove it with a pilot",
        facts(
            tier="warm",
            objections=[("trust", "never heard of you", True), ("think_it_over", "let me think", True)],
            timeline=200,
        ),
        "pilot",
        None,
        [],
    ),
    (
        "a competitor in play and a go-live within a month: the opportunity close",
        facts(buying=1, objections=[("competitor", "we use HubSpot", True)], timeline=30),
        "opportunity",
        None,
        [],
    ),
    (
        "hesitant but urgent: recap rather than pressure",
        facts(tier="warm", objections=[("think_it_over", "need to think", True)], timeline=45),
        "summary",
        None,
        [],
    ),
    (
        "cold: no need, no budget, nobody who decides",
        facts(tier="unqualified", need=False, budget="none", role="unknown", timeline="undecided"),
        "next_step",
        None,
        ["Find out who decides", "Find the business problem first", "no budget yet"],
    ),
    (
        "buying questions but no business problem heard",
        facts(need=False, buying=2),
        "next_step",
        "direct",
        ["Find the business problem first"],
    ),
    (
        "everything but the budget, which they won't say",
        facts(buying=2, budget="undisclosed"),
        "next_step",
        "direct",
        ["they would not say the budget"],
    ),
    (
        "an objection nobody could place is still open",
        facts(buying=2, objections=[(None, "I'm just not sure about this", False)]),
        "next_step",
        "summary",
        ["I'm just not sure about this"],
    ),
    (
        "an answer the prospect said did not help leaves the objection open",
        facts(buying=1, objections=[("trust", "how do I know it works?", False)]),
        "next_step",
        "summary",
        ["how do I know it works?"],
    ),
    (
        "our contact decides together with the COO",
        facts(buying=1, role="shared", decider_role="COO"),
        "next_step",
        "summary",
        ["Bring your COO in before you close"],
    ),
    (
        "warm, no date to be live by, one buying question",
        facts(tier="warm", timeline="undecided", buying=1),
        "summary",
        None,
        [],
    ),
    (
        "three buying questions and a competitor answered",
        facts(buying=3, objections=[("competitor", "we use Zoho", True)]),
        "assumptive",
        None,
        [],
    ),
    (
        "wants it as soon as possible and asked one buying question",
        facts(buying=1, timeline="asap"),
        "summary",
        None,
        [],
    ),
    (
        "trust doubts answered and strong buying signals: ask directly",
        facts(buying=2, objections=[("trust", "never heard of you", True)]),
        "direct",
        None,
        [],
    ),
    ("who decides was skipped", facts(role="skipped", buying=1), "next_step", "summary", ["Find out who decides"]),
    (
        "nothing answered yet",
        facts(tier=None, role=None, need=False, budget=None, timeline=None),
        "next_step",
        None,
        ["Find out who decides", "Find the business problem first", "no budget given"],
    ),
    (
        "payment terms pushed and answered, two buying questions",
        facts(buying=2, objections=[("contract_terms", "we need net 60", True)]),
        "assumptive",
        None,
        [],
    ),
    (
        "a competitor and doubts about us, no buying question yet: prove it with a pilot",
        facts(
            tier="warm",
            objections=[("competitor", "we use Pipedrive", True), ("trust", "prove it", True)],
            timeline=150,
        ),
        "pilot",
        None,
        [],
    ),
]


@pytest.mark.parametrize("situation, lead, now, once_resolved, blockers", SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_the_advisor_on_a_lead_situation(situation, lead, now, once_resolved, blockers):
    recommendation = recommend(read_signals(lead, TODAY), CATALOGUE)
    assert recommendation.now.technique.id == now
    assert recommendation.ready is (not blockers)
    assert len(recommendation.resolve_first) == len(blockers)
    for expected, blocker in zip(blockers, recommendation.resolve_first, strict=True):
        assert expected in TEXT.blocker(blocker)
    if once_resolved:
        assert recommendation.closes[0].technique.id == once_resolved
    if recommendation.ready:
        assert recommendation.now is recommendation.closes[0]


def test_a_recommendation_explains_itself_with_the_evidence():
    lead = facts(buying=2, objections=[PRICE])
    recommendation = recommend(read_signals(lead, TODAY), CATALOGUE)
    reasons = TEXT.signals(recommendation.now.reasons)
    assert 'they asked 2 buying questions: "how soon could we start?", "what are the payment terms?"' in reasons
    assert "every objection raised (1) got an answer" in reasons
    assert "your contact makes the buying decision" in reasons
    blocked = recommend(read_signals(facts(buying=2, objections=[PRICE_OPEN]), TODAY), CATALOGUE)
    assert any("pushed on price" in said for said in TEXT.signals(blocked.closes[0].reasons))
