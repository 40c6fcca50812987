"""What a question's context changes, over REST with the real model, action server and
database: an opening that answers several questions, "start over", corrections in the
prospect's words (and the score that follows them), a "we don't need this" at the need
question, and the README's own example phrases."""

from tests.e2e.test_rest_conversation import QUALIFY, joined, talk


def lead_of(servers, sender):
    return max(
        (lead for lead in servers.store.list_leads() if lead.conversation_id == sender), key=lambda lead: lead.id
    )


def test_an_opening_with_everything_fills_every_question_it_answers(servers, sender):
    opening = (
        "Hi, I'm the COO at Dunder Mifflin. We have about 30k a year and need to replace our spreadsheets by March."
    )
    reply = joined(servers.say(sender, opening))
    assert "I've noted" in reply and "Dunder Mifflin" in reply
    assert "Sorry, I didn't catch that" not in reply
    answers = servers.store.current_answers(lead_of(servers, sender).id)
    assert answers["budget"].normalised["amount"] == 30000
    assert answers["company"].normalised == {"name": "Dunder Mifflin"}
    assert answers["timeline"].normalised["label"].startswith("March")


def test_start_over_at_the_read_back_begins_a_new_enquiry_and_keeps_the_old_one(servers, sender):
    talk(servers, sender, *QUALIFY)
    first = lead_of(servers, sender)
    reply = joined(servers.say(sender, "start over"))
    assert "start over" in reply and "budget" in reply.lower()
    assert "buying decision" in joined(servers.say(sender, "about 50k"))
    second = lead_of(servers, sender)
    assert second.id != first.id
    assert servers.store.get_lead(first.id).status == "stopped"
    assert servers.store.current_answers(second.id)["budget"].normalised["amount"] == 50000


def test_corrections_in_the_prospects_words_and_the_score_follows_them(servers, sender):
    talk(servers, sender, *QUALIFY)
    assert "Company: Initech" in joined(servers.say(sender, "actually the company is Initech"))
    need = joined(servers.say(sender, "actually the need is better revenue forecasting"))
    assert "better revenue forecasting" in need and "actually" not in need.split("Need:")[1].split("\n")[0]
    servers.say(sender, "yes")
    servers.say(sender, "no thanks")
    lead = lead_of(servers, sender)
    assert servers.store.get_lead(lead.id).tier == "hot"
    rescored = joined(servers.say(sender, "actually we have no budget at all"))
    assert "updated your assessment" in rescored
    assert servers.store.get_lead(lead.id).tier != "hot"
    assert servers.store.current_answers(lead.id)["company"].normalised == {"name": "Initech"}


def test_we_dont_need_this_to_the_need_question_is_the_objection_not_the_need(servers, sender):
    talk(servers, sender, "hi", "yes", "about 20k", "I decide")
    reply = joined(servers.say(sender, "honestly I'm not sure we need this, our spreadsheet works fine"))
    assert "lead and pipeline tracking" not in reply
    lead = lead_of(servers, sender)
    [heard] = servers.objections.occurrences(lead_id=lead.id)
    assert heard.category_id == "no_need"
    assert servers.store.current_answers(lead.id)["need"].normalised["category"] == "none"


def test_the_readme_examples_are_understood(servers, sender):
    talk(servers, sender, "hi", "yes", "about 20k")
    servers.say(sender, "my manager Sarah Chen signs off")
    authority = servers.store.current_answers(lead_of(servers, sender).id)["authority"].normalised
    assert (authority["role"], authority["decider_name"]) == ("influencer", "Sarah Chen")

    rep = sender + "-rep"
    advice = joined(servers.rep(rep, "how do I handle 'just send me an email'?"))
    assert "Steps:" in advice
    assert "Steps:" in joined(servers.rep(rep, "next"))
