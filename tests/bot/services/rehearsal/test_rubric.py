"""The rehearsal rubric on replies a sales manager would grade the same way."""

import pytest

from bot.answers.needs import need_categories
from bot.playbook.objections import load_library
from bot.playbook.rehearsal import RehearsalPlaybookError, load_rehearsal
from bot.services.rehearsal.rubric import judge, topic_lemmas
from bot.settings import REPO_ROOT

PLAYBOOK_FILE = REPO_ROOT / "playbook" / "rehearsal.yml"
PLAYBOOK = load_rehearsal(PLAYBOOK_FILE)
LIBRARY = load_library(REPO_ROOT / "playbook" / "objections.yml")
NEED = "our reps lose track of leads after trade shows"
PRICE = "That's more than we expected to pay."


def marks(reply, settings, objection=PRICE, category="price"):
    c = LIBRARY.category(category)
    judged = judge(
        reply, objection, NEED, PLAYBOOK, need_categories(settings), topic_lemmas([c.name, c.definition, *c.signals])
    )
    return judged, {m.criterion for m in judged.marks if m.met}


@pytest.mark.parametrize(
    "reply, met, score",
    [
        (
            "That's fair. Compared to what, though? One customer cut lost trade-show leads by 30% in a quarter. "
            "How about a 20-minute call on Thursday to run your numbers?",
            {"acknowledged", "asked_motive", "tied_to_need", "gave_evidence", "next_step"},
            5,
        ),
        ("ok np", {"ignored_concern"}, 0),
        # signing today is a next step, bought with a discount given at once
        ("I can give you 20% off if you sign today", {"discounted_at_once", "next_step"}, 0),
        ("You're wrong, we're the cheapest on the market.", {"argued"}, 0),
        ("I understand. If you commit to two years I can look at the price.", {"acknowledged"}, 1),
        ("Our product has great dashboards and AI features.", {"ignored_concern"}, 0),
        # Evasive, a question that only delays, but it goes along with the buyer: not ignoring it.
        ("Can I get back to you on that?", set(), 0),
        # Talking past it: a pitch of something else, even one that names a price word.
        (
            "By the way, have you seen our new forecasting dashboards? Cheaper to run than spreadsheets.",
            {"ignored_concern"},
            0,
        ),
        ("That's fair. By the way, have you seen our new forecasting dashboards?", {"acknowledged"}, 1),
    ],
)
def test_replies_are_marked_as_a_manager_would(reply, met, score, settings):
    judged, found = marks(reply, settings)
    assert (found, judged.score, judged.possible) == (met, score, 5)


def test_each_mark_keeps_the_words_that_earned_it(settings):
    judged, _ = marks("Fair point. What are you comparing it with? Let's do a demo on Friday.", settings)
    assert judged.mark("acknowledged").said == "Fair"
    assert judged.mark("asked_motive").said == "What are you comparing it with?"
    assert judged.mark("next_step").said == "demo Friday"
    assert judged.mark("gave_evidence").said == ""


def test_a_rubric_without_a_criterion_or_with_a_positive_penalty_is_refused(tmp_path):
    text = PLAYBOOK_FILE.read_text()
    broken = tmp_path / "rehearsal.yml"
    broken.write_text(
        text.replace(
            "  argued:\n    name: Argued with the buyer\n    points: -1", "  argued:\n    name: Argued\n    points: 1"
        )
    )
    with pytest.raises(RehearsalPlaybookError, match="rubric 'argued': a penalty takes points away"):
        load_rehearsal(broken)
    broken.write_text(text.replace("  tied_to_need:", "  tied_to_needs:"))
    with pytest.raises(RehearsalPlaybookError, match="tied_to_need"):
        load_rehearsal(broken)
