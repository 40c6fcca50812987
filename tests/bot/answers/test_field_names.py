"""The names of the answers: one table, from which a correction's field and new value are read."""

import re

import pytest

from bot.answers.corrections import corrected_text, named_field
from bot.answers.field_names import FIELD_NAMES


def test_a_correction_that_names_the_field_keeps_only_the_new_answer():
    for field, names in FIELD_NAMES.items():
        for name in names:
            said = f"actually the {name} is Initech Group"
            assert corrected_text(said) == "Initech Group", (field, name)
            assert corrected_text(f"the {re.sub(' ', '  ', name)} should be Initech") == "Initech"


def test_every_name_in_the_opening_of_a_correction_names_its_field():
    for field, names in FIELD_NAMES.items():
        for name in names:
            said = f"sorry, update the {name}: Initech"
            found = named_field(said)
            assert found is not None and found[0] == field, (field, name, found)
            assert corrected_text(said) == "Initech", (field, name)


@pytest.mark.parametrize(
    "text, field, new_answer",
    [
        ("correction to the budget: 45k not 25k", "budget", "45k not 25k"),
        ("ugh typo, budget 25k not 52k", "budget", "budget 25k not 52k"),
        ("change authority to the board", "authority", "the board"),
        ("update what we liked: the integrations", "vendor_liked", "the integrations"),
        ("the real problem is forecasting", "need", "forecasting"),
        ("typo in the company: Dunder Mifflin", "company", "Dunder Mifflin"),
        ("let me fix today's setup: pipedrive plus sheets", "current_situation", "pipedrive plus sheets"),
    ],
)
def test_the_opening_of_a_correction_names_the_field_and_where_the_new_answer_starts(text, field, new_answer):
    found = named_field(text)
    assert found is not None and found[0] == field
    assert corrected_text(text) == new_answer


@pytest.mark.parametrize(
    "text",
    [
        # The field's word is part of the answer, a verb or later on: the value or the words decide.
        "I need to correct the budget, make it 35k",
        "we have no budget at all",
        "sorry, I meant 45k",
        "that was wrong, fix it",
        "I put the wrong decision maker, it's the CFO",
    ],
)
def test_a_field_word_that_is_not_the_correction_s_opening_names_no_field(text):
    assert named_field(text) is None
