"""Conversations are kept in the SQL tracker store: a restart mid-question loses nothing, the
action server down mid-question loses nothing either, and the team can read any lead's
conversation back."""

import json

from typer.testing import CliRunner

from bot.cli import app
from tests.actions.conftest import DOMAIN
from tests.e2e.test_rest_conversation import joined, talk

UNAVAILABLE = DOMAIN["responses"]["utter_actions_unavailable"][0]["text"]


def test_a_restart_mid_question_continues_at_the_same_question(servers, sender, monkeypatch):
    talk(servers, sender, "hi", "yes let's do it")
    assert "buying decision" in joined(servers.say(sender, "about $20k a year"))
    servers.restart_rasa()
    assert "business problem" in joined(servers.say(sender, "I'm the CEO"))
    slots = servers.tracker(sender)["slots"]
    assert (slots["budget"], slots["authority"]) == ("about $20k a year", "I'm the CEO")

    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    monkeypatch.setenv("SALESBOT_DATABASE_URL", servers.database_url)
    printed = CliRunner().invoke(app, ["leads", "transcript", str(lead.id), "--json"])
    assert printed.exit_code == 0, printed.output
    lines = [(line["speaker"], line["text"]) for line in json.loads(printed.output)]
    assert ("user", "about $20k a year") in lines and ("user", "I'm the CEO") in lines
    assert lines.index(("user", "about $20k a year")) < lines.index(("user", "I'm the CEO"))
    assert any(speaker == "bot" and "business problem" in text for speaker, text in lines)


def test_with_the_action_server_down_the_user_is_told_and_the_form_goes_on_when_it_is_back(servers, sender):
    """One Rasa server and one action server, no balancer (make serve): Rasa answers nothing
    when it cannot reach the actions; the channel says so instead of silence."""
    talk(servers, sender, "hi", "yes let's do it")
    servers.stop_actions()
    try:
        assert servers.say(sender, "about $20k a year") == [UNAVAILABLE]
    finally:
        servers.start_actions()
    assert "buying decision" in joined(servers.say(sender, "about $20k a year"))
    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    assert [answer.raw_text for answer in servers.store.answer_history(lead.id)] == ["about $20k a year"]
