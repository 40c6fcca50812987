"""Objections over the REST channel, with the real model, action server and database."""

from tests.e2e.test_rest_conversation import joined, talk


def test_an_objection_mid_form_is_answered_with_what_we_know_stored_and_the_question_resumes(servers, sender):
    talk(servers, sender, "hi", "yes let's do it", "about $20k a year")
    reply = joined(servers.say(sender, "honestly that sounds way too expensive for a team like ours"))
    assert "20,000 USD per year" in reply  # the price answer reuses the budget they gave
    # It ends with a question to the prospect: the form waits for the reply, then resumes.
    assert reply.rstrip().endswith("?") and "buying decision" not in reply
    resumed = joined(servers.say(sender, "we pay about 30 dollars a seat for our current tool"))
    assert "Thank you" in resumed and "buying decision" in resumed
    assert "problem" in joined(servers.say(sender, "I'm the CEO"))

    lead = next(lead for lead in servers.store.list_leads() if lead.conversation_id == sender)
    [heard] = servers.objections.occurrences(lead_id=lead.id)
    assert (heard.text, heard.category_id, heard.speaker) == (
        "honestly that sounds way too expensive for a team like ours",
        "price",
        "prospect",
    )
    assert heard.reply == "we pay about 30 dollars a seat for our current tool"
    assert servers.store.current_answers(lead.id)["authority"].raw_text == "I'm the CEO"


def test_a_rep_gets_coached_asks_for_more_and_the_feedback_ranks_the_answers(servers, sender):
    advice = joined(servers.rep(sender, "the customer says it's too expensive, what do I say?"))
    assert "Too expensive" in advice
    assert "1. " in advice and "2. " in advice and "Steps:" in advice
    more = joined(servers.rep(sender, "give me another one"))
    assert "3. " in more
    assert "noted that it helped" in joined(servers.rep(sender, "that worked, they agreed to a pilot"))
    mine = [use for use in servers.objections.uses() if use.conversation_id == sender]
    assert len(mine) == 3
    assert [(u.feedback, u.feedback_by, u.feedback_from) for u in mine if u.feedback] == [("helpful", "rep", "e2e-rep")]


def test_an_objection_that_cannot_be_placed_is_noted_honestly(servers, sender):
    reply = joined(servers.say(sender, "something about this whole thing makes me uneasy"))
    assert "person from our sales team" in reply
    [heard] = [o for o in servers.objections.occurrences(unplaced_only=True) if o.conversation_id == sender]
    assert heard.text == "something about this whole thing makes me uneasy"
