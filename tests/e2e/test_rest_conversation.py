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

    final = joined(servers.say(sender, "yes, that's right"))
    assert "rep will contact you" in final

    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    assert (lead.tier, lead.status) == ("hot", "completed")
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
    }
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
    assert "rep will contact you" in joined(servers.say(sender, "yes"))

    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    history = [a for a in servers.store.answer_history(lead.id) if a.question_key == "budget"]
    assert [(a.raw_text, a.is_current) for a in history] == [
        ("about $20k a year", False),
        ("actually the budget is 30k", True),
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
