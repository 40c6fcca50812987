import pytest

from bot.answers.checks import answer_problem, clean_text, has_markup


@pytest.mark.parametrize(
    "text, problem",
    [
        ("about $20k", None),
        ("50000", None),
        ("I'm the CEO", None),
        ("our reps lose track of leads after trade shows", None),
        ("ok", None),
        ("Q3", None),
        ("<b>50k</b>", None),
        ("we use Excel 😅", None),
        ("our café chain in Montréal needs better forecasting", None),  # accents in English are fine
        ("Café équipe à Montréal", "not_english"),  # French, told by lingua (bot/answers/language.py)
        ("", "empty"),
        (None, "empty"),
        ("   ", "empty"),
        ("<p></p>", "empty"),
        ("x" * 1001, "too_long"),
        ("我们的预算大约是两万美元", "not_english"),
        ("бюджет около двадцати тысяч", "not_english"),
        ("予算は200万円です", "not_english"),
        ("asdfghjkl", "gibberish"),
        ("qwerty", "gibberish"),
        ("lkjhlkjh", "gibberish"),
        ("jjjjjjjj", "gibberish"),
        ("sdfsdf sdfsdf", "gibberish"),
        ("😀😀😀", "gibberish"),
        ("???", "gibberish"),
    ],
)
def test_answer_problem(text, problem):
    assert answer_problem(text, max_chars=1000) == problem


def test_limit_is_configurable():
    assert answer_problem("a fine answer", max_chars=5) == "too_long"


def test_clean_text_strips_markup_and_decodes_entities():
    # a script's code is not words the prospect wrote
    assert clean_text("<script>x</script><b>50k</b> &amp; <i>more</i>\n\n") == "50k & more"


@pytest.mark.parametrize(
    "text, markup",
    [
        ('<img src=x onerror="alert(1)"> was simple to use', True),
        ("<b>it</b> was simple to use", True),
        ("budget < 20k and > 10k", False),
        ("a <3 for the reports", False),
        ("", False),
        (None, False),
    ],
)
def test_has_markup_tells_tags_from_angle_brackets(text, markup):
    assert has_markup(text) is markup


def test_clean_text_drops_control_characters_and_terminal_escapes_and_folds_wide_digits():
    assert clean_text("about\x00 20k\x1b[5m\u200b") == "about 20k"
    assert clean_text("\x1b]0;owned\x07\x1b[2J") == ""
    assert clean_text("５００００ ｄｏｌｌａｒｓ") == "50000 dollars"
