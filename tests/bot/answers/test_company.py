import pytest

from bot.answers.company import is_bare_name, parse_company, same_company


@pytest.mark.parametrize(
    "text, name",
    [
        ("Acme", "Acme"),
        ("I'm with Acme Corp", "Acme Corp"),
        ("we're Blue Harbor Logistics", "Blue Harbor Logistics"),
        ("I work for Kestrel Foods in Leeds", "Kestrel Foods"),
        ("it's papaya labs", "papaya labs"),
        ("our company is Nordlicht GmbH", "Nordlicht GmbH"),
        ("Hooli", "Hooli"),
        ("company: Orion Freight.", "Orion Freight"),
        ("I'm with Closed Loop Systems", "Closed Loop Systems"),
    ],
)
def test_the_company_name_is_read_from_the_answer(text, name):
    assert parse_company(text).value.name == name


def test_an_answer_longer_than_a_name_is_refused():
    assert parse_company("a small bakery chain in the north of england with about forty shops").problem == "unclear"


@pytest.mark.parametrize(
    "stored, mentioned, same",
    [
        ("Acme Corp", "acme", True),
        ("Acme Corp", "ACME corporation", True),
        ("Nordlicht GmbH", "nordlicht", True),
        ("Globex", "Glob", False),
        ("Blue Harbor Logistics", "blue harbor logistics", True),
        ("Blue Harbor Logistics", "harbor", False),
        (None, "acme", False),
    ],
)
def test_a_name_a_rep_types_finds_the_stored_company(stored, mentioned, same):
    assert same_company(stored, mentioned) is same


@pytest.mark.parametrize("text", ["Globex", "Hooli", "Stark Industries", "we're Umbrella Health", "acme"])
def test_a_message_that_is_only_a_name_is_a_bare_name(text):
    assert is_bare_name(text)


@pytest.mark.parametrize(
    "text", ["too expensive anyway", "we lost lead 3", "how much does it cost?", "no budget", "send me an email"]
)
def test_a_sentence_is_not_a_bare_name(text):
    assert not is_bare_name(text)


@pytest.mark.parametrize(
    "text", ["no", "idk", "nope", "none", "n/a", "I don't know", "rather not say", "no comment", "Nope.", "yes"]
)
def test_a_reply_that_names_no_company_is_refused(text):
    assert parse_company(text).problem == "not_a_name"
