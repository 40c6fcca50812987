import asyncio
from datetime import datetime, timezone

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from typer.testing import CliRunner

from bot.cli import app
from bot.services.interview import Interview, consent_wording
from bot.services.resync import resync
from bot.settings import REPO_ROOT

DOMAIN_DIR = REPO_ROOT / "domain"
SCORED_AT = datetime(2026, 11, 2, 15, 0, tzinfo=timezone.utc)
ANSWERS = {
    "budget": "about 40k a year",
    "authority": "I decide",
    "need": "our reps lose track of leads",
    "timeline": "next month",
}


def conversation(store, sender: str, slots: dict, *, scored: bool = True) -> None:
    """A conversation as Rasa keeps it: what the prospect said and the slots the form set,
    scored at the end when `scored`."""
    domain = Domain.load(str(DOMAIN_DIR))
    stamp = SCORED_AT.timestamp()
    events = [UserUttered("hi", timestamp=stamp - 60, input_channel="rest")]
    for i, (key, value) in enumerate(slots.items()):
        events.append(UserUttered(str(value), timestamp=stamp - 50 + i, input_channel="rest"))
        events.append(SlotSet(key, value, timestamp=stamp - 49 + i))
    if scored:
        events.append(SlotSet("qualification_stage", "done", timestamp=stamp))
    tracker_store = SQLTrackerStore(domain, host=store.engine.url.render_as_string(hide_password=False))
    asyncio.run(tracker_store.save(DialogueStateTracker.from_events(sender, events, domain.slots)))
    tracker_store.engine.dispose()


def test_answers_kept_only_in_the_conversation_are_written_once_the_database_is_back(store, settings):
    interview = Interview(store, settings)
    # the database was down the whole time: no lead, the answers only in the conversation
    conversation(store, "conv-outage", ANSWERS)
    # down only at the end: the lead holds two answers, the rest and the score are missing
    partial = store.start_lead("conv-partial", "rest")
    interview.answer(partial, "conv-partial", "budget", ANSWERS["budget"], SCORED_AT.date())
    interview.answer(partial, "conv-partial", "authority", ANSWERS["authority"], SCORED_AT.date())
    conversation(store, "conv-partial", {**ANSWERS, "lead_id": partial})
    # mid-form, not scored yet: left to the conversation
    conversation(store, "conv-open", {"budget": "20k"}, scored=False)

    report = resync(interview, DOMAIN_DIR)

    assert report.looked_at == 2 and report.still_down == 0
    created = store.latest_lead_of("conv-outage")
    assert sorted(report.written) == sorted([created, partial])
    for lead_id in (created, partial):
        lead = store.get_lead(lead_id)
        assert lead.score is not None and lead.tier is not None
        held = {key: answer.raw_text for key, answer in store.current_answers(lead_id).items()}
        assert held == ANSWERS
    # "next month" is read as of the day the lead was scored in the conversation
    timeline = store.current_answers(created)["timeline"].normalised
    assert timeline["target"].startswith("2026-12")
    assert store.get_lead(created).consent_wording == consent_wording(
        Domain.load(str(DOMAIN_DIR)).responses["utter_greet"]
    )
    assert store.latest_lead_of("conv-open") is None

    history_before = {lead: len(store.answer_history(lead)) for lead in (created, partial)}
    again = resync(interview, DOMAIN_DIR)
    assert (again.looked_at, again.written) == (2, [])
    assert {lead: len(store.answer_history(lead)) for lead in (created, partial)} == history_before
    assert len(store.list_leads()) == 2


def test_a_correction_made_while_the_database_was_down_is_written_and_rescored(store, settings):
    interview = Interview(store, settings)
    lead = store.start_lead("conv-fix", "rest")
    interview.complete(lead, "conv-fix", "rest", ANSWERS, SCORED_AT.date())
    hot_score = store.get_lead(lead).score
    conversation(store, "conv-fix", {**ANSWERS, "lead_id": lead, "budget": "actually we have no budget at all"})

    assert resync(interview, DOMAIN_DIR).written == [lead]
    assert store.current_answers(lead)["budget"].raw_text == "actually we have no budget at all"
    assert store.get_lead(lead).score < hot_score


def test_resync_from_the_command_line(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    conversation(sqlite_store, "conv-cli", ANSWERS)
    first = CliRunner().invoke(app, ["leads", "resync"])
    assert first.exit_code == 0, first.output
    assert "1 lead written" in first.output
    second = CliRunner().invoke(app, ["leads", "resync"])
    assert "0 leads written" in second.output
