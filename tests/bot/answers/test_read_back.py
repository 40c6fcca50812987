"""A prospect's answers in words: the read-back, and the values that fill the library's examples."""

from datetime import date

import pytest

from bot.answers.read_back import describe, field_label, prospect_facts, read_back

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    "key, said, heard",
    [
        ("budget", "about $20k a year", "20,000 USD per year"),
        ("budget", "20-30k, approved", "20,000–30,000 (currency not given) (approved)"),
        ("budget", "no budget yet", "no budget yet"),
        ("authority", "my CFO Maria Lopez decides", "CFO Maria Lopez decides"),
        ("authority", "I'm the CEO", "you decide"),
        ("timeline", "ASAP", "as soon as possible"),
        ("timeline", "by March 2027", "March 2027"),
        (
            "need",
            "our reps lose track of leads",
            "our reps lose track of leads (filed under: lead and pipeline tracking)",
        ),
        ("company", "I'm with Acme Corp", "Acme Corp"),
        ("current_situation", "<b>spreadsheets</b>", "spreadsheets"),
        ("budget", "skipped", "(skipped)"),
        ("budget", None, "(not answered)"),
        ("budget", "blue", "blue"),
    ],
)
def test_each_answer_is_read_back_as_heard(settings, key, said, heard):
    assert describe(key, said, TODAY, settings) == heard


def test_the_read_back_covers_every_question(settings):
    heard = read_back({"budget": "50k euros"}, TODAY, settings)
    assert heard["budget"] == "50,000 EUR"
    assert set(heard.values()) == {"50,000 EUR", "(not answered)"}
    assert len(heard) == 9
    assert field_label("vendor_disliked", settings) == "what you disliked about your previous vendor"


def test_known_facts_fill_only_what_reads_well(settings):
    facts = prospect_facts(
        {"budget": "about $20k a year", "need": "our reps lose track of leads", "timeline": "by March 2027"},
        TODAY,
        settings,
    )
    assert facts.known == {
        "budget": "20,000 USD per year",
        "need": "lead and pipeline tracking",
        "timeline": "March 2027",
    }
    vague = prospect_facts({"budget": "no budget yet", "timeline": "asap", "need": "skipped"}, TODAY, settings)
    assert vague.known == {}


def test_a_budget_said_to_the_prospect_leaves_out_the_missing_currency(settings):
    assert prospect_facts({"budget": "25k a year"}, TODAY, settings).known == {"budget": "25,000 per year"}


def test_what_the_prospect_said_they_lack(settings):
    said = {"budget": "no budget yet", "need": "just browsing", "timeline": "no idea, no date"}
    assert prospect_facts(said, TODAY, settings).lacking == {"budget", "need", "timeline"}
    has = {"budget": "about $20k", "need": "our reps lose track of leads", "timeline": "skipped"}
    assert prospect_facts(has, TODAY, settings).lacking == set()
