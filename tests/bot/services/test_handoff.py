"""Hand-offs are recorded with the lead and posted to the team's Slack channel once; Slack's Web
API is a stand-in on loopback that records what would be posted."""

from dataclasses import replace

import pytest

from bot.playbook.scoring import LeadScore, Reason
from bot.services.handoff import Handoffs
from bot.store import HandoffStore, StoreUnavailable
from tests.slack_api import SlackWebAPI

CHANNEL = "C0SALES"
DANA = {"name": "Dana Whitfield", "email": "dana@kestrelfoods.com"}
HOT = LeadScore(
    score=92,
    tier="hot",
    reasons=[
        Reason("budget", "amount", 1.0, 30, 30, "about $20k a year"),
        Reason("need", "clear", 1.0, 30, 30, "our reps lose <!channel> leads & deals"),
        Reason("authority", "unknown", 0.0, 0, 20, None),
    ],
    rules_version="test",
)


@pytest.fixture
def slack():
    api = SlackWebAPI()
    yield api
    api.close()


@pytest.fixture
def handoffs(store, settings, slack) -> Handoffs:
    configured = replace(settings, slack_token="xoxb-test", alert_channel=CHANNEL, slack_api_url=slack.url)
    return Handoffs(HandoffStore(store.engine), configured)


def test_a_prospect_asking_for_a_person_is_posted_once_with_how_to_reach_them(handoffs, store, slack):
    lead = store.start_lead("conv-1", "socketio")
    assert handoffs.asked("conv-1", lead, DANA) is True
    assert handoffs.asked("conv-1", lead, DANA) is False  # asked again in the same conversation

    [post] = slack.posted_to(CHANNEL)
    assert post["method"] == "chat.postMessage"
    assert "Dana Whitfield" in post["text"] and "dana@kestrelfoods.com" in post["text"]
    assert f"salesbot leads transcript {lead}" in post["text"]
    assert handoffs.store.of_conversation("conv-1") == [("asked", True)]


def test_a_hot_lead_is_posted_once_with_the_prospects_words_escaped_for_slack(handoffs, store, slack):
    lead = store.start_lead("conv-2", "socketio")
    assert handoffs.hot("conv-2", lead, HOT, "Kestrel Foods") is True
    assert handoffs.hot("conv-2", lead, HOT, "Kestrel Foods") is False

    [post] = slack.posted_to(CHANNEL)
    text = post["text"]
    assert "Kestrel Foods" in text and "92" in text and "about $20k a year" in text
    # "<!channel>" typed by a prospect must not notify the whole channel
    assert "&lt;!channel&gt; leads &amp; deals" in text and "<!channel>" not in text
    assert "authority" not in text  # no evidence, nothing to show


def test_asking_for_a_person_and_scoring_hot_are_two_alerts(handoffs, store, slack):
    lead = store.start_lead("conv-3", "socketio")
    handoffs.asked("conv-3", lead, DANA)
    handoffs.hot("conv-3", lead, HOT, "Kestrel Foods")
    assert len(slack.posted_to(CHANNEL)) == 2
    assert handoffs.store.of_conversation("conv-3") == [("asked", True), ("hot_lead", True)]


def test_with_slack_down_the_hand_off_is_recorded_and_posted_when_slack_is_back(handoffs, store, slack):
    lead = store.start_lead("conv-4", "socketio")
    slack.down()
    assert handoffs.asked("conv-4", lead, DANA) is False
    assert handoffs.store.of_conversation("conv-4") == [("asked", False)]

    slack.refusing = False
    assert handoffs.asked("conv-4", lead, DANA) is True
    assert handoffs.asked("conv-4", lead, DANA) is False
    assert len(slack.posted_to(CHANNEL)) == 1


def test_without_an_alert_channel_the_hand_off_is_only_recorded(store, settings, slack):
    handoffs = Handoffs(HandoffStore(store.engine), replace(settings, slack_api_url=slack.url))
    lead = store.start_lead("conv-5", "socketio")
    assert handoffs.asked("conv-5", lead, DANA) is False
    assert handoffs.store.of_conversation("conv-5") == [("asked", False)]
    assert slack.posts == []


def test_with_the_database_down_the_team_still_hears_of_it(handoffs, slack, monkeypatch):
    def down(*args, **kwargs):
        raise StoreUnavailable("connection refused")

    monkeypatch.setattr(handoffs.store, "record", down)
    assert handoffs.asked("conv-6", None, DANA) is True
    [post] = slack.posted_to(CHANNEL)
    assert "conv-6" in post["text"]


def test_forgetting_contact_answers_removes_them_and_their_history(store):
    handoffs = HandoffStore(store.engine)
    lead = store.start_lead("conv-7", "socketio")
    store.record_answer(lead, "conv-7", "contact_email", "dana@old.example", {"value": "dana@old.example"})
    store.record_answer(lead, "conv-7", "contact_email", "dana@kestrelfoods.com", {"value": "dana@kestrelfoods.com"})
    store.record_answer(lead, "conv-7", "budget", "20k", {"status": "amount", "amount": 20000.0})

    assert handoffs.forget_answers(lead, ["contact_name", "contact_email", "contact_phone"]) == 2
    assert list(store.current_answers(lead)) == ["budget"]
    assert [a.question_key for a in store.answer_history(lead)] == ["budget"]


def test_an_unknown_reason_is_a_bug(store):
    with pytest.raises(ValueError):
        HandoffStore(store.engine).record("conv-8", None, "bored")
