"""Demo prep: the source's step-4 checklist filled from the lead, and the rest to find out."""

import pytest

from bot.playbook.demo_prep import DemoPrepError, load_checklist
from bot.playbook.wording import load_wording
from bot.services.closing.signals import LeadFacts, ObjectionHeard
from bot.services.demo_prep import in_words, prepare
from bot.settings import REPO_ROOT

WORDS = load_wording(REPO_ROOT / "playbook" / "wording.yml")
CHECKLIST_FILE = REPO_ROOT / "playbook" / "demo_prep.yml"
NEED = {"text": "reps lose track of leads", "category": "lead_tracking", "category_label": "lead and pipeline tracking"}


def titles(pairs):
    return [title for title, _ in pairs]


def test_a_qualified_lead_fills_the_checklist_from_what_it_said(settings):
    facts = LeadFacts(
        lead_id=12,
        company="Acme",
        answers={
            "need": NEED,
            "authority": {"role": "influencer", "decider_role": "CFO", "decider_name": None},
            "timeline": {"kind": "date", "target": "2027-03-31", "label": "March 2027"},
            "current_situation": {"text": "spreadsheets"},
            "vendor_liked": {"text": "Pipedrive was simple"},
        },
        objections=(ObjectionHeard("price", "that's too expensive", True),),
    )
    prep = prepare(facts, settings, WORDS)
    known = dict(prep.known)
    assert known["What the demo means to them"] == (
        "They want to fix lead and pipeline tracking. Today: spreadsheets. Success for them: not said yet."
    )
    assert "pipeline and lead tracking, and lead scoring" in known["What to show (their priorities, not every feature)"]
    assert known["The real decision maker"].startswith("your CFO decides")
    assert "disliked nothing said" in known["What they value"]
    assert known["Concerns to answer"].startswith('Concerns raised so far: "that\'s too expensive".')
    assert "early enough for March 2027" in known["A date for the proposal"]
    assert titles(prep.to_do) == ["Time, agenda and end time"]  # never known in advance


def test_a_lead_that_said_nothing_gets_only_what_to_find_out(settings):
    prep = prepare(LeadFacts(lead_id=3), settings, WORDS)
    assert prep.known == ()
    assert len(prep.to_do) == len(load_checklist(CHECKLIST_FILE).items)
    text = in_words(prep, "Lead 3", WORDS)
    assert "What we know:\n- nothing yet: qualify the lead first" in text
    assert "- The real decision maker: Find the real decision maker" in text
    assert "{" not in text


def test_the_decider_is_the_contact_when_they_decide(settings):
    facts = LeadFacts(lead_id=1, answers={"authority": {"role": "decision_maker"}})
    assert dict(prepare(facts, settings, WORDS).known)["The real decision maker"].startswith("your contact decides")


def test_a_checklist_item_that_could_show_a_bare_placeholder_is_refused(tmp_path):
    text = CHECKLIST_FILE.read_text()
    broken = tmp_path / "demo_prep.yml"
    broken.write_text(text.replace("  vendor_disliked: nothing said\n", ""))
    with pytest.raises(DemoPrepError, match="item 'what_they_value': {vendor_disliked} in 'known' is neither"):
        load_checklist(broken)
    broken.write_text(text.replace("needs: [timeline]", "needs: [deadline]", 1))
    with pytest.raises(DemoPrepError, match="'deadline'"):
        load_checklist(broken)
