"""A prospect's "delete my data" in their own chat, over REST with the real servers."""

from bot.store.privacy import PrivacyStore
from tests.e2e.test_rest_conversation import joined, talk


def said_by_user(servers, sender) -> list[str]:
    return [event["text"] for event in servers.tracker(sender)["events"] if event.get("event") == "user"]


def test_delete_my_data_mid_form_removes_the_lead_at_once_and_the_chat_once_quiet(servers, sender):
    talk(servers, sender, "hi", "yes let's do it", "about $20k a year")
    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)

    reply = joined(servers.say(sender, "please delete my data"))

    assert "I've deleted your answers" in reply
    assert servers.store.get_lead(lead.id) is None
    assert "about $20k a year" in said_by_user(servers, sender)  # Rasa still holds the chat
    erased = PrivacyStore(servers.store.engine).erase_requested_conversations(quiet_seconds=0)
    assert erased > 0
    assert said_by_user(servers, sender) == []
    # the chat goes on from nothing: a new start is a new lead
    assert "Shall we start?" in joined(servers.say(sender, "hi"))
    assert [lead.conversation_id for lead in servers.store.list_leads()].count(sender) == 0
