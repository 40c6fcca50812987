import pytest

from bot.answers.contact import parse_email, parse_name, parse_phone


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dana Whitfield", "Dana Whitfield"),
        ("I'm Dana", "Dana"),
        ("my name is Dana Whitfield.", "Dana Whitfield"),
        ("call me Dee", "Dee"),
        ("Dana Whitfield, head of ops", "Dana Whitfield"),
        ("José Núñez", "José Núñez"),
        ("李娜", "李娜"),
    ],
)
def test_a_name_is_what_is_left_without_the_lead_in(text, name):
    assert parse_name(text).value.value == name


@pytest.mark.parametrize("text", ["", "   ", "12345", "dana@acme.com", "one two three four five six seven words"])
def test_an_email_a_number_or_a_paragraph_is_no_name(text):
    parsed = parse_name(text)
    assert (parsed.ok, parsed.problem) == (False, "unclear")


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("dana@kestrelfoods.com", "dana@kestrelfoods.com"),
        ("it's Dana@KestrelFoods.COM.", "Dana@kestrelfoods.com"),
        ("sure: <dana.whitfield+sales@kestrel-foods.co.uk>", "dana.whitfield+sales@kestrel-foods.co.uk"),
    ],
)
def test_an_email_is_found_checked_and_normalised(text, email):
    assert parse_email(text).value.value == email


@pytest.mark.parametrize("text", ["dana at kestrel", "dana@", "dana@localhost", "dana@@kestrel.com", "@kestrel.com"])
def test_a_malformed_email_is_refused(text):
    parsed = parse_email(text)
    assert (parsed.ok, parsed.problem) == (False, "unclear")


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("call me on (555) 010-4477", "(555) 010-4477"),
        ("0049.30.1234567", "0049.30.1234567"),
    ],
)
def test_a_phone_number_is_kept_as_written(text, phone):
    assert parse_phone(text).value.value == phone


@pytest.mark.parametrize("text", ["12345", "no phone", "+1 234 567 890 123 456 789"])
def test_too_few_or_too_many_digits_is_no_phone_number(text):
    parsed = parse_phone(text)
    assert (parsed.ok, parsed.problem) == (False, "unclear")
