"""Whole conversations over Rasa's REST channel, with the real action server and database."""

from datetime import date


def talk(servers, sender, *messages):
    return [servers.say(sender, message) for message in messages]


def joined(replies):
    return "\n".join(replies)


QUALIFY = [
    "hi",
    "yes let's do it",
    "about $20k a year",
    "I'm the CEO",
    "our reps lose track of leads after trade shows",
    "in 6 weeks",
    "I'm with Acme Corp",
    "Pipedrive was simple to use",
    "it couldn't handle our volume and support was slow",
    "we track deals in spreadsheets and weekly calls",
    "we'd close more deals and forecast properly",
]
# After the read-back: yes to being contacted, name, work email, no phone.
CONTACT = ["yes please", "I'm Dana Whitfield", "it's Dana@KestrelFoods.COM", "skip"]


def test_a_prospect_qualifies_end_to_end(servers, sender):
    replies = talk(servers, sender, *QUALIFY)
    assert "stored" in joined(replies[0])
    assert "budget" in joined(replies[1]).lower()
    assert "decision" in joined(replies[2]).lower()
    assert "problem" in joined(replies[3]).lower()
    assert "up and running" in joined(replies[4])
    assert "company" in joined(replies[5])
    read_back = joined(replies[-1])
    assert "20,000 USD per year" in read_back
    assert "you decide" in read_back
    assert "lead and pipeline tracking" in read_back
    assert "Company: Acme Corp" in read_back

    assert "get in touch" in joined(servers.say(sender, "yes, that's right"))
    final = joined(talk(servers, sender, *CONTACT)[-1])
    assert "rep will contact you at Dana@kestrelfoods.com" in final

    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    assert (lead.tier, lead.status) == ("hot", "completed")
    [alert] = servers.alerts_about(lead.id)  # the team's Slack channel hears of a hot lead, once
    assert "Hot lead" in alert and "Acme Corp" in alert and "about $20k a year" in alert
    assert lead.score == 100
    answers = servers.store.current_answers(lead.id)
    assert answers["company"].normalised == {"name": "Acme Corp"}
    assert set(answers) == {
        "budget",
        "authority",
        "need",
        "timeline",
        "company",
        "vendor_liked",
        "vendor_disliked",
        "current_situation",
        "desired_outcome",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
    assert answers["contact_email"].raw_text == "it's Dana@KestrelFoods.COM"
    assert answers["contact_email"].normalised == {"value": "Dana@kestrelfoods.com"}
    assert answers["contact_phone"].status == "skipped"
    assert answers["budget"].raw_text == "about $20k a year"
    assert answers["budget"].normalised["amount"] == 20000
    assert answers["budget"].normalised["currency"] == "USD"
    assert answers["need"].normalised["category"] == "lead_tracking"
    assert date.fromisoformat(answers["timeline"].normalised["target"]) > date.today()
    evidence = {r["criterion"]: r["evidence"] for r in lead.score_reasons}
    assert evidence["authority"] == "I'm the CEO"


def test_a_correction_at_the_read_back_replaces_the_answer_and_keeps_history(servers, sender):
    talk(servers, sender, *QUALIFY)
    assert "change" in joined(servers.say(sender, "no, something is wrong")).lower()
    corrected = joined(servers.say(sender, "actually the budget is 30k"))
    assert "30,000" in corrected
    assert "Did I get that right?" in corrected
    servers.say(sender, "yes")
    assert "nobody will" in joined(servers.say(sender, "no thanks"))  # no contact wanted

    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    assert (lead.tier, lead.status) == ("hot", "completed")
    assert not {"contact_name", "contact_email"} & set(servers.store.current_answers(lead.id))
    history = [a for a in servers.store.answer_history(lead.id) if a.question_key == "budget"]
    assert [(a.raw_text, a.is_current) for a in history] == [
        ("about $20k a year", False),
        ("30k", True),
    ]


def test_nonsense_is_refused_and_not_stored(servers, sender):
    talk(servers, sender, "hello", "sure")
    assert "negative" in joined(servers.say(sender, "-500 dollars"))
    assert "longer than" in joined(servers.say(sender, "budget " * 400))
    assert "English" in joined(servers.say(sender, "我们的预算大约是两万美元"))
    accepted = joined(servers.say(sender, "<b>50k</b> euros"))
    assert "decision" in accepted.lower()

    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    answers = servers.store.current_answers(lead.id)
    assert list(answers) == ["budget"]
    assert answers["budget"].normalised["amount"] == 50000
    assert answers["budget"].normalised["currency"] == "EUR"
    assert len(servers.store.answer_history(lead.id)) == 1


def test_stop_keeps_answers_and_continue_resumes(servers, sender):
    talk(servers, sender, "hi", "yes", "we have 15k", "I decide")
    assert "stopped" in joined(servers.say(sender, "stop, I don't want to continue"))
    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    assert servers.store.get_lead(lead.id).status == "stopped"
    resumed = joined(servers.say(sender, "let's continue"))
    assert "problem" in resumed.lower()
    assert servers.store.get_lead(lead.id).status == "in_progress"


def test_a_prospect_asks_for_a_person_mid_form_and_the_team_is_told_once(servers, sender):
    talk(servers, sender, "hi", "yes", "about $20k a year")
    asked = joined(servers.say(sender, "can I talk to a real person?"))
    assert "sales team" in asked and "get in touch" in asked
    assert "email" in joined(talk(servers, sender, "yes", "Lee Chen")[-1])
    assert "phone number" in joined(servers.say(sender, "lee.chen@blueharbor.io"))
    confirmed = joined(servers.say(sender, "+44 20 7946 0958"))
    assert "Thank you, Lee Chen" in confirmed and "lee.chen@blueharbor.io" in confirmed

    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    [alert] = servers.alerts_about(lead.id)
    assert "asks for a person" in alert and "Lee Chen" in alert and "lee.chen@blueharbor.io" in alert
    # asked again: the prospect is reassured, the team is not told twice
    assert "lee.chen@blueharbor.io" in joined(servers.say(sender, "please get me a human"))
    assert len(servers.alerts_about(lead.id)) == 1
    # and the questions go on where they were
    assert "decision" in joined(servers.say(sender, "let's continue")).lower()
