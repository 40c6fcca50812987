import pytest

from bot.answers.references import lead_number, parse_stage, parse_technique
from bot.playbook.closing import load_catalogue
from bot.settings import REPO_ROOT

TECHNIQUES = [(t.id, t.name) for t in load_catalogue(REPO_ROOT / "playbook" / "closing_techniques.yml").techniques]


@pytest.mark.parametrize(
    "text, stage, number, technique",
    [
        ("move lead 12 to closing", "closing", 12, None),
        ("lead 7 is won", "closed_won", 7, None),
        ("we lost Globex to a cheaper tool", "closed_lost", None, None),
        ("Acme signed!", "closed_won", None, None),
        ("mark lead #3 as paused", "closed_paused", 3, None),
        ("Kestrel Foods upgraded to the enterprise plan", "closed_upgraded", None, None),
        ("lead 19: first meeting done", "visited", 19, None),
        ("we're following up with Papaya Labs", "following_up", None, None),
        ("invited Nordlicht to a demo", "invited", None, None),
        ("lead no. 22 is back to maintaining", "maintaining", 22, None),
        ("we won lead 5 with a summary close", "closed_won", 5, "summary"),
        ("closed Acme using the pilot", "closed_won", None, "pilot"),
        ("lead 8 went with HubSpot", "closed_lost", 8, None),
        ("update lead 4 please", None, 4, None),
    ],
)
def test_a_reps_stage_message_is_read(text, stage, number, technique):
    assert (parse_stage(text), lead_number(text), parse_technique(text, TECHNIQUES)) == (stage, number, technique)
