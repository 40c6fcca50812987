"""Follow-up in chat: a rep logs a contact and asks who is due (real trackers, real SQLite)."""

from actions.follow_up import ActionListFollowUps, ActionLogContact
from bot.access import REP, Caller
from tests.actions.conftest import DANA, TODAY, run, user_turn
from tests.actions.test_closing_actions import qualified_lead


def rep_says(text, intent, caller=DANA):
    return user_turn(text, intent=intent, caller=caller, sender="rep")


def test_a_rep_logs_a_call_and_the_date_they_asked_for_is_the_next_contact(interview):
    lead = qualified_lead(interview)
    _, responses, messages = run(
        ActionLogContact(), rep_says("called Acme, they want a call back on 15 December", "log_contact")
    )
    assert responses == ["utter_contact_logged"]
    assert (messages[0]["lead_id"], messages[0]["channel"], messages[0]["next"]) == (lead, "phone", "2026-12-15")
    stored = interview.store.get_lead(lead)
    assert (stored.owner, stored.next_contact_on.isoformat()) == ("dana", "2026-12-15")


def test_a_contact_with_no_lead_named_asks_which(interview):
    qualified_lead(interview)
    _, responses, _ = run(ActionLogContact(), rep_says("left a voicemail", "log_contact"))
    assert responses == ["utter_which_lead"]


def test_a_prospect_cannot_log_contacts_or_read_the_follow_ups(interview):
    qualified_lead(interview)
    prospect = Caller()
    _, responses, _ = run(ActionLogContact(), rep_says("called Acme", "log_contact", caller=prospect))
    assert responses and "utter_contact_logged" not in responses
    _, responses, _ = run(ActionListFollowUps(), rep_says("who should I call today?", "ask_followups", caller=prospect))
    assert "utter_followups_due" not in responses
    assert interview.store.get_lead(1).owner is None


def test_a_rep_sees_their_due_leads_and_those_nobody_looks_after(interview):
    mine = qualified_lead(interview, "conv-1")
    theirs = qualified_lead(interview, "conv-2", company="I'm with Globex")
    nobodys = qualified_lead(interview, "conv-3", company="Initech")
    follow_ups = interview.follow_ups
    follow_ups.store.assign(mine, "dana")
    follow_ups.store.assign(theirs, "sam")
    for lead in (mine, theirs, nobodys):
        follow_ups.store.schedule(lead, TODAY.replace(day=20), "phone")
    _, responses, messages = run(ActionListFollowUps(), rep_says("who should I call today?", "ask_followups"))
    assert responses == ["utter_followups_due"]
    assert (messages[0]["count"], messages[0]["others"]) == (2, 1)
    lines = messages[0]["leads"].split("\n")
    assert lines == [
        f"- lead {mine} (Acme Corp, hot): phone, 6 days late; not contacted yet",
        f"- lead {nobodys} (Initech, hot): phone, 6 days late; not contacted yet",
    ]
    _, responses, messages = run(
        ActionListFollowUps(), rep_says("who should I call today?", "ask_followups", caller=Caller(REP, "lee"))
    )
    assert (responses, messages[0]["count"]) == (["utter_followups_due"], 1)  # only the one nobody has


def test_a_rep_prepares_a_demo_with_a_lead_named_by_company(interview):
    from actions.demo import ActionPrepareDemo

    lead = qualified_lead(interview)
    _, responses, messages = run(ActionPrepareDemo(), rep_says("prepare my demo with Acme", "prepare_demo"))
    assert responses == ["utter_demo_prep"]
    text = messages[0]["checklist"]
    assert text.startswith(f"Demo prep for Lead {lead} (Acme Corp)")
    assert "Success for them: close more deals." in text
    to_do = text.split("Still to find out or do:\n")[1].split("\n")
    assert [line.split(":")[0] for line in to_do] == ["- Concerns to answer", "- Time, agenda and end time"]
    _, responses, _ = run(ActionPrepareDemo(), rep_says("prepare my demo", "prepare_demo", caller=Caller()))
    assert "utter_demo_prep" not in responses
