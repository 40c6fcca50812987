import pytest

from bot.answers.corrections import corrected_text, named_field


@pytest.mark.parametrize(
    "text, field_words, new_answer",
    [
        ("actually the need is better revenue forecasting", "need", "better revenue forecasting"),
        ("actually the company is Initech", "company", "Initech"),
        ("scratch that, budget is 40k", "budget", "40k"),
        ("the deadline moved to June", "deadline", "June"),
        ("correction: the need: better forecasting", "need", "better forecasting"),
    ],
)
def test_a_correction_that_opens_with_the_field_keeps_only_the_new_answer(text, field_words, new_answer):
    field_end = text.lower().index(field_words) + len(field_words)
    assert named_field(text) == (named_field(f"the {field_words}")[0], field_end)
    assert corrected_text(text) == new_answer


@pytest.mark.parametrize(
    "text, new_answer",
    [
        ("sorry, I meant 45k", "45k"),
        ("the go-live date is June 1", "June 1"),
        ("our need is better forecasting", "better forecasting"),
        ("oh wait, my boss is the one who decides", "my boss is the one who decides"),
        # The field's name is part of the answer, not a lead-in: kept as said.
        ("actually we have no budget at all", "we have no budget at all"),
    ],
)
def test_a_correction_loses_its_lead_in_and_the_field_s_name_but_keeps_the_answer(text, new_answer):
    assert corrected_text(text) == new_answer
