"""Slack, as Rasa's Slack connector meets it: requests signed exactly as Slack signs them, sent to
/webhooks/slack/webhook on loopback, and Slack's Web API replaced by a recorder on loopback."""

import time

from tests.e2e.conftest import slack_message
from tests.e2e.test_rest_conversation import talk


def _texts(posts):
    return "\n".join(post.get("text") or "" for post in posts)


def test_a_rep_in_a_direct_message_is_coached_once_in_the_conversation(servers, slack_channel):
    event = slack_message("the customer says it's too expensive, what do I say?", "U0REP", slack_channel)
    assert servers.to_slack_webhook(event)[0] == 200
    posts = servers.slack.wait_for_posts(slack_channel)
    assert "Too expensive" in _texts(posts)
    assert all(post.get("thread_ts") is None for post in posts)  # a direct message is answered in place
    assert all(post["method"] == "chat.postMessage" for post in posts)


def test_slack_delivering_the_same_event_again_gets_no_second_answer(servers, slack_channel):
    event = slack_message("they want to think it over, what do I say?", "U0REP", slack_channel)
    assert servers.to_slack_webhook(event)[0] == 200
    first = len(servers.slack.wait_for_posts(slack_channel))
    assert first >= 1
    status, _ = servers.to_slack_webhook(event, retry=1)
    assert status == 200
    time.sleep(3)
    assert len(servers.slack.posted_to(slack_channel)) == first
    heard = [o for o in servers.objections.occurrences() if o.conversation_id == "U0REP"]
    assert [o.text for o in heard].count("they want to think it over, what do I say?") == 1


def test_a_mention_in_a_channel_is_answered_in_its_thread(servers):
    channel = "C0SALES"
    event = slack_message("<@U0BOT> how do I handle 'just send me an email'?", "U0REP", channel, mention=True)
    assert servers.to_slack_webhook(event)[0] == 200
    posts = servers.slack.wait_for_posts(channel)
    assert posts and {post.get("thread_ts") for post in posts} == {event["event"]["ts"]}
    assert "<@U0BOT>" not in _texts(posts)


def test_a_bad_signature_or_an_old_request_is_refused_and_nothing_is_stored(servers, slack_channel):
    forged = slack_message("how should I close lead 1?", "U0REP", slack_channel)
    assert servers.to_slack_webhook(forged, secret="not-the-secret")[0] == 400
    stale = slack_message("how should I close lead 1?", "U0REP", slack_channel)
    assert servers.to_slack_webhook(stale, timestamp=int(time.time()) - 6 * 60)[0] == 400
    time.sleep(3)
    assert servers.slack.posted_to(slack_channel) == []
    assert [e for e in servers.tracker("U0REP")["events"] if e.get("text") == "how should I close lead 1?"] == []


def test_closing_advice_for_a_rep_on_the_list_not_for_other_slack_users(servers, sender):
    talk(servers, sender, "hi", "yes let's do it", "about $20k a year")
    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    question = f"how should I close lead {lead.id}?"

    stranger = "D0STRANGER"
    servers.to_slack_webhook(slack_message(question, "U0PAT", stranger))
    assert "sales team" in _texts(servers.slack.wait_for_posts(stranger))

    by_email = "D0LEE"  # Lee is on the list by email; Slack's users.info gives it
    servers.to_slack_webhook(slack_message(question, "U0LEE", by_email))
    advice = _texts(servers.slack.wait_for_posts(by_email))
    assert f"Lead {lead.id}" in advice and "sales team" not in advice


def test_hello_from_a_rep_says_what_to_ask_and_from_anyone_else_offers_the_questions(servers, slack_channel):
    servers.to_slack_webhook(slack_message("hi", "U0REP", slack_channel))
    rep = _texts(servers.slack.wait_for_posts(slack_channel))
    assert "how should I close" in rep and "Shall we start" not in rep

    stranger = f"D{slack_channel[1:]}X"
    servers.to_slack_webhook(slack_message("hi", "U0PAT", stranger))
    assert "Shall we start" in _texts(servers.slack.wait_for_posts(stranger))


def test_a_rehearsal_started_in_a_channel_stays_in_its_thread(servers):
    channel = "C0PRACTICE"
    start = slack_message("<@U0BOT> let's practise price objections", "U0REP", channel, mention=True)
    assert servers.to_slack_webhook(start)[0] == 200
    thread = start["event"]["ts"]
    opened = servers.slack.wait_for_posts(channel)
    assert "You're talking to the" in _texts(opened) and 'Buyer: "' in _texts(opened)
    reply = slack_message(
        "<@U0BOT> That's fair. What are you comparing it with? One customer cut lost leads by 30%. "
        "How about a call on Thursday?",
        "U0REP",
        channel,
        mention=True,
        thread_ts=thread,
    )
    assert servers.to_slack_webhook(reply)[0] == 200
    posts = servers.slack.wait_for_posts(channel, count=len(opened) + 2)
    assert "(Handled: " in _texts(posts[len(opened) :])
    assert {post.get("thread_ts") for post in posts} == {thread}  # the whole rehearsal in its thread
    stopped = slack_message("<@U0BOT> stop", "U0REP", channel, mention=True, thread_ts=thread)
    servers.to_slack_webhook(stopped)
    assert "Rehearsal over" in _texts(servers.slack.wait_for_posts(channel, count=len(posts) + 1)[len(posts) :])
