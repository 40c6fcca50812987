"""Bad input, each with a test: what the prospect reads and what the lead store keeps.

Every answer goes through the form validation actions (actions/forms.py), as Rasa runs them,
against a real store: a refused answer is named by the response the prospect reads and leaves
nothing in the store; SQL-like text and markup are stored verbatim, on SQLite and PostgreSQL.
"""

import asyncio
from datetime import datetime, timezone

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from typer.testing import CliRunner

from actions import runtime
from actions.forms import ValidateNeedsForm, ValidateQualificationForm
from bot.answers.checks import printable
from bot.answers.questions import BANT_QUESTIONS, NEEDS_QUESTIONS
from bot.cli import app
from bot.services.interview import Interview
from bot.settings import REPO_ROOT
from bot.store import ObjectionStore
from tests.actions.conftest import DOMAIN, TODAY, run, slot_events, user_turn

QUALIFICATION = (*BANT_QUESTIONS, "company")
EVERY_QUESTION = (*QUALIFICATION, *NEEDS_QUESTIONS)
runner = CliRunner()


@pytest.fixture
def interview(sqlite_store, settings, monkeypatch):
    """The interview the form actions use, over a SQLite database in a temp directory."""
    return _serving(Interview(sqlite_store, settings), monkeypatch)


@pytest.fixture
def interview_on_both(store, settings, monkeypatch):
    """The same over SQLite and PostgreSQL (tests/conftest.py; PostgreSQL skipped when absent)."""
    return _serving(Interview(store, settings), monkeypatch)


def _serving(interview: Interview, monkeypatch) -> Interview:
    monkeypatch.setattr(runtime, "interview", lambda: interview)
    monkeypatch.setattr(runtime, "today", lambda: TODAY)
    return interview


def answer(interview, question, text, unusable=None):
    """The prospect says `text` when `question` is asked: (the slots the validation set, the
    responses sent, the messages). Raises what the action raises."""
    lead = interview.store.latest_lead_of("conv-1") or interview.store.start_lead("conv-1", "rest")
    form, action = ("needs_form", ValidateNeedsForm()) if question in NEEDS_QUESTIONS else ("qualification_form", None)
    tracker = user_turn(
        text,
        requested_slot=question,
        active_loop=form,
        slots={"lead_id": lead, "unusable_answers": unusable},
        extracted={question: text},
    )
    events, responses, messages = run(action or ValidateQualificationForm(), tracker)
    slots = {k: v for k, v in slot_events(events).items() if k not in ("requested_slot", "unusable_answers")}
    return slots, responses, messages


def stored(interview):
    lead = interview.store.latest_lead_of("conv-1")
    return interview.store.current_answers(lead) if lead else {}


def reads(response: str) -> str:
    """What the prospect reads for a response (its first, plain-text variation)."""
    return DOMAIN["responses"][response][0]["text"]


def refused(interview, question, text, response, phrase):
    """`text` to `question` is refused with `response` (whose words hold `phrase`), nothing stored."""
    slots, responses, _ = answer(interview, question, text)
    assert slots == {question: None}
    assert responses == [response]
    assert phrase in reads(response)
    assert stored(interview) == {}


# --- empty and whitespace-only messages ---------------------------------------------------------

BLANK = ["", " ", "   \n\t  ", "\u00a0\u2003\u3000"]  # nothing; spaces; tabs and newlines; Unicode spaces


@pytest.mark.parametrize("text", BLANK, ids=["empty", "space", "tabs-newlines", "unicode-spaces"])
@pytest.mark.parametrize("question", EVERY_QUESTION)
def test_an_empty_or_blank_message_is_refused_and_nothing_is_stored(interview, question, text):
    refused(interview, question, text, "utter_invalid_answer_empty", "I didn't receive any text")


# --- 20,000 characters --------------------------------------------------------------------------

HUGE = {
    "words": ("our reps lose track of leads after trade shows " * 500)[:20_000],
    "one-word": "a" * 20_000,
    "markup": "<b>50k</b>" * 2_000,
    "chinese": "我们的预算大约是两万美元" * 1_667,
}


@pytest.mark.parametrize("kind", HUGE)
@pytest.mark.parametrize("question", EVERY_QUESTION)
def test_20000_characters_are_refused_as_too_long_with_the_limit_named(interview, question, kind):
    assert len(HUGE[kind]) >= 20_000
    slots, responses, messages = answer(interview, question, HUGE[kind])
    assert slots == {question: None}
    assert responses == ["utter_invalid_answer_too_long"]
    assert messages[0]["max_chars"] == 1000  # fills "({max_chars} characters at most)"
    assert "longer than I can take" in reads("utter_invalid_answer_too_long")
    assert stored(interview) == {}


# --- control characters -------------------------------------------------------------------------

ONLY_CONTROL = {
    "nul-soh-stx": "\x00\x01\x02",
    "bell": "\x07\x07\x07",
    "delete": "\x7f\x7f",
    "zero-width": "\u200b\u200b\u200b",
    "bidi-override": "\u202e\u202e",
}


@pytest.mark.parametrize("text", list(ONLY_CONTROL.values()), ids=list(ONLY_CONTROL))
@pytest.mark.parametrize("question", EVERY_QUESTION)
def test_a_message_of_control_characters_only_is_refused_and_nothing_is_stored(interview, question, text):
    refused(interview, question, text, "utter_invalid_answer_empty", "didn't receive any text")


@pytest.mark.parametrize("question", ["company", *NEEDS_QUESTIONS])
def test_a_terminal_escape_sequence_alone_is_no_answer(interview, question):
    slots, responses, _ = answer(interview, question, "\x1b[2J")
    assert slots == {question: None}
    assert stored(interview) == {}


@pytest.mark.parametrize(
    "question, text, check",
    [
        ("budget", "about 20k\t\r\n", lambda n: n["amount"] == 20000.0),
        ("authority", "I\tdecide\r\n", lambda n: n["role"] == "decision_maker"),
        ("timeline", "in 6 weeks\u200b", lambda n: n["target"] == "2027-01-07"),
        ("need", "our reps lose\ttrack of leads\r\n", lambda n: n["category"] == "lead_tracking"),
    ],
)
def test_tabs_returns_and_zero_width_spaces_around_an_answer_do_not_change_its_reading(
    interview, question, text, check
):
    slots, responses, _ = answer(interview, question, text)
    assert (slots, responses) == ({question: text}, [])
    assert stored(interview)[question].raw_text == printable(text)  # as typed, less invisible characters
    assert check(stored(interview)[question].normalised)


@pytest.mark.parametrize("text", ["I decide\x1b[5m", "our reps lose leads\x1b[999m"])
def test_a_colour_code_is_not_read_as_a_budget(interview, text):
    slots, responses, _ = answer(interview, "budget", text)
    assert slots == {"budget": None}
    assert stored(interview) == {}


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
        ),
    ]
)
def interview_for_nul(request, settings, monkeypatch):
    return _serving(Interview(request.getfixturevalue(f"{request.param}_store"), settings), monkeypatch)


def test_a_nul_character_in_an_answer_breaks_nothing(interview_for_nul):
    slots, responses, _ = answer(interview_for_nul, "budget", "about 20k\x00")
    if slots == {"budget": None}:  # refused is fine, as long as nothing is half stored
        assert stored(interview_for_nul) == {}
    else:
        assert responses == []
        assert stored(interview_for_nul)["budget"].normalised["amount"] == 20000.0


# --- emoji only ---------------------------------------------------------------------------------

EMOJI = ["😀😀😀", "👍", "🤷", "👍🏽", "👨\u200d👩\u200d👧", "🇺🇸🇬🇧", "💰💰💰"]


@pytest.mark.parametrize("text", EMOJI)
@pytest.mark.parametrize("question", EVERY_QUESTION)
def test_emoji_alone_are_refused_and_nothing_is_stored(interview, question, text):
    refused(interview, question, text, "utter_invalid_answer_gibberish", "doesn't look like words")


@pytest.mark.parametrize(
    "question, text, check",
    [
        ("budget", "💰 50k 💰", lambda n: n["amount"] == 50000.0),
        ("authority", "I decide 👍", lambda n: n["role"] == "decision_maker"),
        ("timeline", "next month 🙏", lambda n: n["label"] == "December 2026"),
    ],
)
def test_emoji_around_an_answer_are_kept_in_the_raw_text_and_the_answer_is_read(interview, question, text, check):
    slots, responses, _ = answer(interview, question, text)
    assert (slots, responses) == ({question: text}, [])
    assert stored(interview)[question].raw_text == printable(text)  # as typed, less invisible characters
    assert check(stored(interview)[question].normalised)


# --- right-to-left and Chinese text -------------------------------------------------------------

OTHER_SCRIPTS = {
    "arabic": {
        "budget": "ميزانيتنا حوالي عشرين ألف دولار",
        "authority": "المدير المالي يقرر",
        "need": "مندوبو المبيعات يفقدون العملاء المحتملين",
        "timeline": "في الربع القادم",
    },
    "hebrew": {
        "budget": "התקציב שלנו הוא עשרים אלף דולר",
        "authority": "המנכ״ל מחליט",
        "need": "אנשי המכירות שלנו מאבדים לידים",
        "timeline": "בשנה הבאה",
    },
    "chinese": {
        "budget": "我们的预算大约是两万美元",
        "authority": "我决定",
        "need": "我们的销售人员经常跟丢潜在客户",
        "timeline": "明年",
    },
}


@pytest.mark.parametrize("script", OTHER_SCRIPTS)
@pytest.mark.parametrize("question", BANT_QUESTIONS)
def test_an_answer_in_another_script_is_refused_as_not_english(interview, question, script):
    text = OTHER_SCRIPTS[script][question]
    refused(interview, question, text, "utter_invalid_answer_not_english", "I can only understand English")


@pytest.mark.parametrize("text", ["Acme \u202eevil\u202c Corp", "\u200fAcme Corp\u200f"])
def test_direction_marks_in_a_latin_answer_are_dropped_from_what_is_stored(interview, text):
    """A right-to-left override would show a rep other words than those stored."""
    slots, responses, _ = answer(interview, "company", text)
    assert (slots, responses) == ({"company": text}, [])
    assert stored(interview)["company"].raw_text == printable(text)
    assert "\u202e" not in stored(interview)["company"].raw_text


# --- HTML and script tags -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, text, check",
    [
        ("budget", "<b>50k</b> euros", lambda n: (n["amount"], n["currency"]) == (50000.0, "EUR")),
        ("authority", "<p>I decide</p>", lambda n: n["role"] == "decision_maker"),
        ("need", "<i>our reps lose track of leads</i>", lambda n: n["text"] == "our reps lose track of leads"),
        ("timeline", "<em>next month</em>", lambda n: n["label"] == "December 2026"),
        ("company", "<b>Acme Corp</b>", lambda n: n["name"] == "Acme Corp"),
        ("current_situation", "we use <a href='javascript:x()'>Excel</a>", lambda n: n["text"] == "we use Excel"),
    ],
)
def test_markup_is_read_without_its_tags_and_stored_as_typed(interview, question, text, check):
    slots, responses, _ = answer(interview, question, text)
    assert (slots, responses) == ({question: text}, [])
    answer_kept = stored(interview)[question]
    assert answer_kept.raw_text == text
    assert check(answer_kept.normalised)


@pytest.mark.parametrize("text", ["<script></script>", "<img src=x onerror=alert(1)>", "<!-- 50k -->", "</div><br/>"])
@pytest.mark.parametrize("question", EVERY_QUESTION)
def test_markup_with_no_text_in_it_is_an_empty_answer(interview, question, text):
    refused(interview, question, text, "utter_invalid_answer_empty", "I didn't receive any text")


@pytest.mark.parametrize("question", ["need", "company"])
def test_a_script_tag_alone_is_no_answer(interview, question):
    slots, _, _ = answer(interview, question, "<script>alert(1)</script>")
    assert slots == {question: None}
    assert stored(interview) == {}


def test_markup_is_stored_verbatim_on_both_databases(interview_on_both):
    said = {
        "budget": "<b>50k</b> <script>x</script>",
        "need": "<i>our reps lose track of leads</i> &amp; <u>forecasts</u>",
        "company": '<a href="http://evil.example">Acme</a> [bold]Corp[/]',
    }
    for question, text in said.items():
        slots, responses, _ = answer(interview_on_both, question, text)
        assert (slots, responses) == ({question: text}, [])
    kept = stored(interview_on_both)
    assert {key: kept[key].raw_text for key in said} == said
    assert kept["need"].normalised["text"] == "our reps lose track of leads & forecasts"


def test_markup_in_a_transcript_is_shown_as_text(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    lead = sqlite_store.start_lead("conv-markup", "rest")
    said = "<script>alert('x')</script> [bold red]we need[/] [link=http://evil.example]50k[/link]"
    _conversation(sqlite_store, "conv-markup", [said])
    result = runner.invoke(app, ["leads", "transcript", str(lead)])
    assert result.exit_code == 0, result.output
    assert said in result.output  # as rich markup, the brackets would vanish


# --- SQL-like strings ---------------------------------------------------------------------------

SQL_LIKE = ["'; DROP TABLE leads; --", "Robert'); DROP TABLE answers;--", "' OR '1'='1", "1; DELETE FROM leads"]

# What the prospect reads when the question cannot take it; None: stored as typed.
SQL_REFUSALS = {
    "budget": ("utter_invalid_budget_", "I couldn't read an amount", "doesn't look like a budget"),
    "timeline": ("utter_invalid_timeline_", "I couldn't read a date"),
}


@pytest.mark.parametrize("text", SQL_LIKE)
@pytest.mark.parametrize("question", ["budget", "timeline", "need", "company", *NEEDS_QUESTIONS])
def test_sql_like_text_is_refused_or_stored_as_typed(interview, question, text):
    slots, responses, _ = answer(interview, question, text)
    lead = interview.store.latest_lead_of("conv-1")
    assert interview.store.get_lead(lead) is not None  # the leads table is still there
    if question in SQL_REFUSALS:
        prefix, *phrases = SQL_REFUSALS[question]
        assert slots == {question: None}
        [response] = responses
        assert response.startswith(prefix) and any(p in reads(response) for p in phrases)
        assert stored(interview) == {}
    else:
        assert (slots, responses) == ({question: text}, [])
        assert stored(interview)[question].raw_text == text


def test_sql_like_text_round_trips_on_both_databases_and_drops_nothing(interview_on_both):
    store = interview_on_both.store
    for i, text in enumerate(SQL_LIKE):
        question = ("need", "company", "current_situation", "desired_outcome")[i]
        slots, responses, _ = answer(interview_on_both, question, text)
        assert (slots, responses) == ({question: text}, [])
    lead = store.latest_lead_of("conv-1")
    kept = store.current_answers(lead)
    assert [kept[q].raw_text for q in ("need", "company", "current_situation", "desired_outcome")] == SQL_LIKE
    assert kept["need"].normalised["text"] == SQL_LIKE[0]
    assert [found.id for found in store.list_leads()] == [lead]
    assert len(store.answer_history(lead)) == 4


# --- numbers that make no sense -----------------------------------------------------------------

NONSENSE_BUDGETS = [
    ("a million bazillion", "utter_invalid_budget_implausible"),
    ("zillions", "utter_invalid_budget_implausible"),
    ("a billion trillion dollars", "utter_invalid_budget_implausible"),
    ("99999999999999999999999999", "utter_invalid_budget_implausible"),
    ("1e308", "utter_invalid_budget_implausible"),
    ("12 billion", "utter_invalid_budget_implausible"),
    ("0", "utter_invalid_budget_implausible"),
    ("50 bucks", "utter_invalid_budget_implausible"),
    ("-20k", "utter_invalid_budget_negative"),
    ("minus 500 euros", "utter_invalid_budget_negative"),
    ("negative 20k", "utter_invalid_budget_negative"),
    ("-$20k", "utter_invalid_budget_negative"),
]


@pytest.mark.parametrize("text, response", NONSENSE_BUDGETS, ids=[text for text, _ in NONSENSE_BUDGETS])
def test_a_budget_that_makes_no_sense_is_refused_with_an_example(interview, text, response):
    refused(interview, "budget", text, response, 'like "$15')


@pytest.mark.parametrize("text", ["a million bazillion", "-20k", "99999999999999999999999999"])
@pytest.mark.parametrize("question", ["authority", "timeline"])
def test_a_nonsense_number_is_no_decider_and_no_date(interview, question, text):
    phrase = "didn't get who decides" if question == "authority" else "couldn't read a date"
    refused(interview, question, text, f"utter_invalid_{question}_unclear", phrase)


def test_a_number_in_full_width_digits_is_no_decider(interview):
    refused(interview, "authority", "５００００", "utter_invalid_authority_unclear", "didn't get who decides")


@pytest.mark.parametrize(
    "text, response",
    [
        pytest.param(
            "$-20k",
            "utter_invalid_budget_negative",
        ),
        pytest.param(
            "10^100 dollars",
            "utter_invalid_budget_implausible",
        ),
        pytest.param(
            "umpteen thousand",
            "utter_invalid_budget_implausible",
        ),
    ],
)
def test_more_budgets_that_make_no_sense_are_refused(interview, text, response):
    slots, responses, _ = answer(interview, "budget", text)
    assert slots == {"budget": None}
    assert responses == [response]
    assert stored(interview) == {}


def test_a_negative_duration_in_words_is_no_timeline(interview):
    slots, _, _ = answer(interview, "timeline", "minus 2 weeks")
    assert slots == {"timeline": None}
    assert stored(interview) == {}


# --- dates in the past or far future ------------------------------------------------------------

BAD_DATES = [
    ("last year", "utter_invalid_timeline_past", "already behind us"),
    ("back in 2020", "utter_invalid_timeline_past", "already behind us"),
    ("6 weeks ago", "utter_invalid_timeline_past", "already behind us"),
    ("Q3 2019", "utter_invalid_timeline_past", "already behind us"),
    ("by 1066", "utter_invalid_timeline_past", "already behind us"),
    ("in 50 years", "utter_invalid_timeline_too_far", "more than five years away"),
    ("in 7000 years", "utter_invalid_timeline_too_far", "more than five years away"),
    ("by 2099", "utter_invalid_timeline_too_far", "more than five years away"),
    ("January 3000", "utter_invalid_timeline_too_far", "more than five years away"),
    ("12/31/9999", "utter_invalid_timeline_too_far", "more than five years away"),
]


@pytest.mark.parametrize("text, response, phrase", BAD_DATES, ids=[text for text, _, _ in BAD_DATES])
def test_a_date_in_the_past_or_far_future_is_refused(interview, text, response, phrase):
    refused(interview, "timeline", text, response, phrase)


@pytest.mark.parametrize("text", ["in 8000 years", "in a million years", "in 99999 months", "in 9999999 days"])
def test_a_duration_beyond_the_calendar_is_refused_as_too_far_not_a_crash(interview, text):
    slots, responses, _ = answer(interview, "timeline", text)
    assert (slots, responses) == ({"timeline": None}, ["utter_invalid_timeline_too_far"])
    assert stored(interview) == {}


@pytest.mark.parametrize(
    "text, response",
    [
        ("in the year 3000", "utter_invalid_timeline_too_far"),
        ("by the year 2099", "utter_invalid_timeline_too_far"),
        ("the year 2000", "utter_invalid_timeline_past"),
        ("end of the year 1999", "utter_invalid_timeline_past"),
    ],
)
def test_the_year_followed_by_a_year_far_off_is_refused(interview, text, response):
    slots, responses, _ = answer(interview, "timeline", text)
    assert (slots, responses) == ({"timeline": None}, [response])
    assert stored(interview) == {}


# --- "no" or "idk" to every question ------------------------------------------------------------


def test_no_to_every_qualification_question(interview):
    # "no" to the budget is "no budget", to "are you the one who decides?" "someone else does":
    # both are answers (README, bot/answers/budget.py and authority.py); to the others it is none.
    slots, responses, _ = answer(interview, "budget", "no")
    assert (slots, responses) == ({"budget": "no"}, [])
    slots, responses, _ = answer(interview, "authority", "no")
    assert (slots, responses) == ({"authority": "no"}, [])
    for question, response, phrase in [
        ("need", "utter_invalid_need_too_short", "Could you tell me a bit more?"),
        ("timeline", "utter_invalid_timeline_unclear", "I couldn't read a date"),
        ("company", "utter_invalid_company_not_a_name", "I didn't catch a company name"),
    ]:
        slots, responses, _ = answer(interview, question, "no")
        assert (slots, responses) == ({question: None}, [response])
        assert phrase in reads(response)
    kept = stored(interview)
    assert set(kept) == {"budget", "authority"}
    assert kept["budget"].normalised["status"] == "none"
    assert kept["authority"].normalised["role"] == "influencer"


def test_no_twice_to_the_same_question_offers_to_skip_it(interview):
    answer(interview, "timeline", "no")
    slots, responses, _ = answer(interview, "timeline", "nope", unusable={"timeline": 1})
    assert slots == {"timeline": None}
    assert responses == ["utter_invalid_timeline_unclear", "utter_offer_skip"]
    assert stored(interview) == {}


@pytest.mark.parametrize("text", ["idk", "I don't know", "no idea tbh", "🤷 idk"])
def test_idk_to_every_qualification_question_scores_nothing(interview, text):
    for question in BANT_QUESTIONS:
        slots, responses, _ = answer(interview, question, text)
        assert (slots, responses) == ({question: text}, [])
    slots, responses, _ = answer(interview, "company", text)
    assert (slots, responses) == ({"company": None}, ["utter_invalid_company_not_a_name"])
    kept = stored(interview)
    assert set(kept) == set(BANT_QUESTIONS)
    assert {(a.status, str(a.normalised)) for a in kept.values()} == {("unknown", "{'unknown': True}")}
    score = interview.score({question: text for question in BANT_QUESTIONS}, TODAY)
    assert score.score == 0
    assert {reason.outcome for reason in score.reasons} == {"unknown"}


@pytest.mark.parametrize("text", ["idk", "I don't know"])
@pytest.mark.parametrize("question", NEEDS_QUESTIONS)
def test_idk_to_a_needs_question_is_not_stored_as_an_answer(interview, question, text):
    answer(interview, question, text)
    kept = stored(interview).get(question)
    assert kept is None or kept.status == "unknown"


# --- terminal control sequences where prospects' words are shown ---------------------------------


def _conversation(store, sender: str, texts: list[str]) -> None:
    """What the prospect said, kept by Rasa's SQL tracker store in the same database."""
    domain = Domain.load(str(REPO_ROOT / "domain"))
    stamp = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc).timestamp()
    events = [UserUttered(text, timestamp=stamp + i, input_channel="rest") for i, text in enumerate(texts)]
    tracker_store = SQLTrackerStore(domain, host=store.engine.url.render_as_string(hide_password=False))
    asyncio.run(tracker_store.save(DialogueStateTracker.from_events(sender, events, domain.slots)))
    tracker_store.engine.dispose()


ESCAPES = "\x1b]0;owned\x07\x1b[2J"  # set the terminal's title, clear the screen


@pytest.mark.parametrize("command", ["leads show", "leads transcript", "objections unplaced"])
def test_control_sequences_are_not_sent_to_the_terminal(interview, settings, monkeypatch, command):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    text = f"our reps lose track of leads{ESCAPES}"
    slots, _, _ = answer(interview, "need", text)
    assert slots == {"need": text}  # accepted as the need, control characters and all
    lead = interview.store.latest_lead_of("conv-1")
    _conversation(interview.store, "conv-1", [text])
    ObjectionStore(interview.store.engine).record_occurrence("conv-1", lead, "prospect", text, None, "other", 0.4)
    result = runner.invoke(app, [*command.split(), *([str(lead)] if command.startswith("leads") else [])])
    assert result.exit_code == 0, result.output
    assert "our reps" in result.output  # (a narrow table column may wrap the rest)
    assert "\x1b" not in result.output


@pytest.mark.parametrize("name", ["华为技术有限公司", "שטראוס גרופ", "شركة المراعي"])
def test_a_company_name_in_another_script_is_taken_as_the_name(interview, name):
    slots, responses, _ = answer(interview, "company", name)
    assert (slots, responses) == ({"company": name}, [])
    assert stored(interview)["company"].raw_text == name
