"""The deal over the REST channel: buying questions, the next step that fits, a rep's advice."""

from tests.e2e.test_rest_conversation import joined, talk


def test_buying_questions_lead_to_a_kick_off_call_and_the_rep_is_advised_to_close(servers, sender):
    talk(servers, sender, "hi", "yes let's do it", "about $20k a year", "I'm the CEO")
    noted = joined(servers.say(sender, "how soon could we get started?"))
    assert "noted it for the rep" in noted
    assert "problem" in noted  # the need question comes back
    talk(servers, sender, "our reps lose track of leads after trade shows")
    assert "noted it for the rep" in joined(servers.say(sender, "what are your payment terms?"))
    talk(
        servers,
        sender,
        "in 6 weeks",
        "Fernhill Bakeries",
        "Pipedrive was simple to use",
        "it couldn't handle our volume",
        "spreadsheets and weekly calls",
        "our forecast would finally be right",
    )
    servers.say(sender, "yes")
    assert "kick-off call" in joined(talk(servers, sender, "yes", "Sam Ortiz", "sam@fernhill.example", "skip")[-1])

    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    assert servers.store.buying_signals(lead.id) == ["how soon could we get started?", "what are your payment terms?"]
    rep = f"rep-{sender}"
    assert "sales team" in joined(servers.say(sender, "how should I close Fernhill Bakeries?"))  # not the prospect
    advice = joined(servers.rep(rep, "how should I close Fernhill Bakeries?"))
    assert f"Lead {lead.id} (Fernhill Bakeries)" in advice
    assert "Ready to close" in advice
    assert "Best fit: Direct close" in advice
    assert '"how soon could we get started?"' in advice

    not_yet = joined(servers.rep(rep, "Fernhill Bakeries still hasn't signed"))
    assert "haven't changed" in not_yet
    asked = joined(servers.rep(rep, f"we won lead {lead.id} with the direct close"))
    assert f"Mark lead {lead.id} (Fernhill Bakeries)" in asked
    assert servers.store.get_lead(lead.id).outcome is None  # not before the yes
    moved = joined(servers.rep(rep, "yes"))
    assert "closed: won" in moved
    assert servers.store.get_lead(lead.id).outcome == "won"
    last = servers.store.stage_history(lead.id)[-1]
    assert (last.stage, last.technique_recommended, last.technique_used) == ("closed_won", "direct", "direct")

    undone = joined(servers.rep(rep, "undo that"))
    assert "no longer" in undone and "closed: won" in undone
    assert (servers.store.get_lead(lead.id).stage, servers.store.get_lead(lead.id).outcome) == ("found", None)
    assert "stays at" in joined(talk_rep(servers, rep, f"lead {lead.id} is lost", "no")[-1])
    assert servers.store.get_lead(lead.id).stage == "found"


def talk_rep(servers, rep, *messages):
    return [servers.rep(rep, message) for message in messages]


def test_advice_for_an_unknown_lead(servers, sender):
    assert "can't find lead 98765" in joined(servers.rep(sender, "how should I close lead 98765?"))


def test_a_prospect_cannot_read_or_change_a_deal(servers, sender):
    talk(servers, sender, "hi", "yes let's do it", "about $20k a year", "I'm the CEO")
    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    for message in (f"mark lead {lead.id} as lost", f"what do we know about lead {lead.id}?"):
        reply = joined(servers.say(sender, message))
        assert "sales team" in reply and "problem" in reply  # refused, and the need question comes back
    claimed = servers.say(sender, f"we won lead {lead.id}", token="not-a-rep-token")
    assert "sales team" in joined(claimed)
    assert (servers.store.get_lead(lead.id).stage, servers.store.get_lead(lead.id).outcome) == ("found", None)
