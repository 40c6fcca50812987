"""A rep's own work over REST with a rep token: qualifying a lead on a call, preparing the demo,
logging the contact and asking who is due."""

from tests.e2e.test_rest_closing import talk_rep
from tests.e2e.test_rest_conversation import joined


def test_a_rep_qualifies_a_lead_on_a_call_in_the_third_person(servers, sender):
    rep = f"rep-{sender}"
    started = joined(servers.rep(rep, "new lead: Brightwater Logistics, on a call now"))
    assert "Qualifying Brightwater Logistics with you as lead" in started
    assert "what did they say they have" in started  # the question is put to the rep
    replies = talk_rep(
        servers,
        rep,
        "they have about 40k a year",
        "their CFO signs off",
        "their reps lose track of leads after trade shows",
        "by March 2027",
        "they used Pipedrive and liked that it was simple",
        "it couldn't handle their volume",
        "spreadsheets and a weekly call",
        "their forecast would finally be right",
    )
    assert "What did they like about their previous vendor" in joined(replies[3])
    read_back = joined(replies[-1])
    assert "CFO" in read_back and "40,000" in read_back
    scored = joined(servers.rep(rep, "yes"))
    assert "scored" in scored and "Still missing" not in scored
    assert "How do I reach you" not in scored and "email" not in scored.split("scored")[0]  # no contact questions
    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == rep)
    answers = servers.store.current_answers(lead.id)
    assert answers["authority"].normalised["decider_role"] == "CFO"
    assert answers["authority"].raw_text == "our CFO signs off"  # kept in the prospect's voice
    assert answers["budget"].normalised["amount"] == 40000.0
    assert answers["company"].normalised["name"] == "Brightwater Logistics"
    assert (lead.channel, lead.owner) == ("rep", "e2e-rep")
    assert lead.tier in ("hot", "warm")

    demo = joined(servers.rep(rep, "prepare my demo with Brightwater Logistics"))
    assert f"Demo prep for Lead {lead.id} (Brightwater Logistics)" in demo
    assert "your CFO decides" in demo
    logged = joined(servers.rep(rep, "called Brightwater Logistics, they asked us to call back on 15 December"))
    assert f"Logged your phone contact with lead {lead.id}" in logged
    assert "who should I call" not in logged
    due = joined(servers.rep(rep, "who should I call today?"))
    assert "Nothing of yours is due" in due  # the next contact is 15 December


def test_a_prospect_cannot_qualify_someone_else_or_log_contacts(servers, sender):
    refused = joined(servers.say(sender, "called Acme, they want a demo next week"))
    assert "Logged" not in refused
    assert "Due for contact" not in joined(servers.say(sender, "who should I call today?"))


def test_a_rep_rehearses_over_rest_and_a_prospect_cannot(servers, sender):
    rep = f"rep-{sender}"
    opened = joined(servers.rep(rep, "let's practise price objections"))
    assert "You're talking to the" in opened and 'Buyer: "' in opened
    assert "(Not yet: " in joined(servers.rep(rep, "we are cheap, honestly"))
    assert "Out of character" in joined(servers.rep(rep, "how did I do?"))
    assert 'Buyer: "' in joined(servers.rep(rep, "skip"))
    assert "Rehearsal over" in joined(servers.rep(rep, "stop"))
    refused = joined(servers.say(sender, "let's practise"))
    assert "only our sales team" in refused
    assert "You're talking to the" not in refused and "another round" not in refused


def test_a_rehearsal_ends_with_the_reps_close_judged_by_the_closing_advisor(servers, sender):
    rep = f"rep-{sender}"
    servers.rep(rep, "let's practise")
    said = ""
    for _ in range(3):  # skipping each objection leaves it open for the close
        said = joined(servers.rep(rep, "skip"))
        if "Objections done" in said:
            break
    assert "Objections done" in said and "I'm still stuck on what I said earlier" in said
    closed = joined(servers.rep(rep, "Shall I send the contract today?"))
    assert "(Close: 0/3. Too early for the Direct close" in closed
    assert "Answer the open objections first" in closed and "Rehearsal over" in closed
