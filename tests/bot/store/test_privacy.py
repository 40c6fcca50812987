import asyncio
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from bot.cli import app
from bot.playbook.objections import load_library
from bot.settings import REPO_ROOT
from bot.store import FollowUpStore, HandoffStore, LibraryStore, ObjectionStore
from bot.store.base import now
from bot.store.models import Answer, Lead
from bot.store.privacy import Forgotten, PrivacyStore

LONG_AGO = datetime(2025, 1, 1, tzinfo=timezone.utc)


def rasa_keeps(store, conversation_id: str, *said: str, at: datetime | None = None) -> None:
    """The conversation as Rasa's own SQL tracker store saves it, in the leads' database (what
    is said is added to what it keeps already)."""
    tracker_store = SQLTrackerStore(Domain.empty(), host=store.engine.url.render_as_string(hide_password=False))
    stamp = (at or datetime.now(timezone.utc)).timestamp()
    events = [(UserUttered if i % 2 == 0 else BotUttered)(line, timestamp=stamp + i) for i, line in enumerate(said)]
    kept = asyncio.run(tracker_store.retrieve(conversation_id))
    tracker = kept or DialogueStateTracker.from_events(conversation_id, [])
    for event in events:
        tracker.update(event)
    asyncio.run(tracker_store.save(tracker))
    tracker_store.engine.dispose()


def events_of(store, conversation_id: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(
            text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": conversation_id}
        ).scalar_one()


def prospect(store, conversation_id: str) -> int:
    """A lead with an answer, an objection with a reply and a library answer shown, a buying
    question, a stage change, a logged contact and a hand-off."""
    lead = store.start_lead(conversation_id, "rest", consent_wording="utter_greet:0123456789ab")
    store.record_answer(lead, conversation_id, "company", "Initech", {"name": "Initech"})
    store.record_answer(lead, conversation_id, "need", "our forecast is a guess", {"text": "our forecast is a guess"})
    objections = ObjectionStore(store.engine)
    heard = objections.record_occurrence(conversation_id, lead, "prospect", "too pricey", "price", "price", 0.9)
    objections.record_reply(heard, "we pay 30 a seat today")
    response = LibraryStore(store.engine).load().category("price").responses[0]
    use = objections.record_use(response.id, conversation_id, lead, heard)
    objections.record_feedback(conversation_id, "helpful", by="prospect")
    store.record_buying_signal(conversation_id, lead, "when could we start?")
    store.set_stage(lead, "invited", changed_by="dana")
    FollowUpStore(store.engine).log_touch(lead, "dana", "phone", "called them", date.today(), "phone")
    HandoffStore(store.engine).record(conversation_id, lead, "asked")
    rasa_keeps(store, conversation_id, "hi", "Hello! Shall we start?", "yes, I'm with Initech")
    assert use
    return lead


def with_library(store):
    LibraryStore(store.engine).import_library(load_library(REPO_ROOT / "playbook" / "objections.yml"))
    return store


@pytest.fixture
def library_store(store):
    return with_library(store)


def test_forgetting_a_lead_removes_everything_the_prospect_said_and_keeps_anonymous_counts(library_store):
    store = library_store
    kept = prospect(store, "conv-kept")
    gone = prospect(store, "conv-gone")
    shown_before = sum(s.uses + s.prospect_helpful for s in ObjectionStore(store.engine).response_stats().values())

    forgotten = PrivacyStore(store.engine).forget_lead(gone)

    assert (forgotten.leads, forgotten.answers, forgotten.objections, forgotten.events) == (1, 2, 1, 3)
    assert store.get_lead(gone) is None
    assert events_of(store, "conv-gone") == 0
    assert ObjectionStore(store.engine).occurrences(lead_id=gone) == []
    assert HandoffStore(store.engine).of_conversation("conv-gone") == []
    with store.engine.connect() as conn:
        for table in ("answers", "lead_stages", "lead_touches", "buying_signals", "objection_occurrences"):
            rows = conn.execute(text(f"SELECT COUNT(*) FROM {table} WHERE lead_id = :l"), {"l": gone}).scalar_one()
            assert rows == 0, table
        leftovers = conn.execute(
            text("SELECT COUNT(*) FROM objection_response_uses WHERE conversation_id = 'conv-gone'")
        ).scalar_one()
        assert leftovers == 0
    # the library still counts the answer as shown and found helpful, with nobody attached
    assert (
        sum(s.uses + s.prospect_helpful for s in ObjectionStore(store.engine).response_stats().values()) == shown_before
    )
    # the other prospect is untouched
    assert store.get_lead(kept) is not None and events_of(store, "conv-kept") == 3
    assert len(store.current_answers(kept)) == 2
    # forgetting twice finds nothing
    assert PrivacyStore(store.engine).forget_lead(gone) is None


def test_retention_removes_leads_and_conversations_older_than_the_period_and_nothing_twice(library_store):
    store = library_store
    old = prospect(store, "conv-old")
    recent = prospect(store, "conv-recent")
    with store.engine.begin() as conn:
        conn.execute(update(Lead).where(Lead.id == old).values(updated_at=LONG_AGO))
        conn.execute(text("UPDATE events SET timestamp = :t WHERE sender_id = 'conv-old'"), {"t": LONG_AGO.timestamp()})
    rasa_keeps(store, "rep-chat", "what do I say to 'too expensive'?", "Try this...", at=LONG_AGO)
    ObjectionStore(store.engine).record_occurrence("rep-chat", None, "rep", "too expensive", None, "price", 0.4)
    privacy = PrivacyStore(store.engine)

    assert privacy.leads_older_than(90) == [old]
    for lead in privacy.leads_older_than(90):
        privacy.forget_lead(lead)
    assert privacy.forget_conversations_older_than(90) == 2  # the rep's chat with no lead
    assert store.get_lead(old) is None and store.get_lead(recent) is not None
    assert events_of(store, "rep-chat") == 0 and events_of(store, "conv-recent") == 3
    assert [o.conversation_id for o in ObjectionStore(store.engine).occurrences()] == ["conv-recent"]
    assert privacy.leads_older_than(90) == [] and privacy.forget_conversations_older_than(90) == 0


def test_export_forget_and_purge_from_the_command_line(sqlite_store, monkeypatch, tmp_path):
    store = with_library(sqlite_store)  # the commands' own engines would keep a PostgreSQL test database open
    monkeypatch.setenv("SALESBOT_DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    lead = prospect(store, "conv-cli")
    runner = CliRunner()

    exported = runner.invoke(app, ["leads", "export", str(lead), "--output", str(tmp_path / "lead.json")])
    assert exported.exit_code == 0, exported.output
    data = json.loads((tmp_path / "lead.json").read_text())
    assert {a["raw_text"] for a in data["answers"]} == {"Initech", "our forecast is a guess"}
    assert [o["reply"] for o in data["objections"]] == ["we pay 30 a seat today"]
    assert data["consent"]["wording"] == "utter_greet:0123456789ab" and data["consent"]["at"]
    assert [line["text"] for line in data["conversation"]] == ["hi", "Hello! Shall we start?", "yes, I'm with Initech"]

    assert runner.invoke(app, ["leads", "forget", str(lead)], input="n\n").exit_code == 1
    assert store.get_lead(lead) is not None
    forgot = runner.invoke(app, ["leads", "forget", str(lead), "--yes"])
    assert forgot.exit_code == 0 and "2 answers" in forgot.output and "3 conversation events" in forgot.output
    assert store.get_lead(lead) is None
    assert runner.invoke(app, ["leads", "forget", str(lead), "--yes"]).exit_code == 1

    monkeypatch.delenv("SALESBOT_RETENTION_DAYS", raising=False)
    assert "SALESBOT_RETENTION_DAYS" in runner.invoke(app, ["leads", "purge"]).output
    monkeypatch.setenv("SALESBOT_RETENTION_DAYS", "30")
    purged = runner.invoke(app, ["leads", "purge"])
    assert purged.exit_code == 0 and "0 leads" in purged.output, purged.output


def test_a_lead_older_than_the_period_is_not_removed_while_its_conversation_goes_on(library_store):
    store = library_store
    lead = prospect(store, "conv-back")
    with store.engine.begin() as conn:
        conn.execute(
            update(Lead).where(Lead.id == lead).values(updated_at=datetime.now(timezone.utc) - timedelta(days=10))
        )
    assert PrivacyStore(store.engine).leads_older_than(30) == []


def test_database_errors_name_the_statement_never_the_values(store):
    """Logs carry database errors: a prospect's words must not ride along in them."""
    lead = store.start_lead("conv-x", "rest")

    def broken(session):  # a bug: an answer without its question
        session.add(Answer(lead_id=lead, conversation_id="conv-x", raw_text="my secret problem", created_at=now()))
        session.flush()

    with pytest.raises(IntegrityError) as raised:
        store._write(broken)
    message = str(raised.value)
    assert "INSERT INTO answers" in message and "[SQL parameters hidden" in message
    # PostgreSQL itself sends the failing row back in its DETAIL line (left: see README, Logs)
    assert "my secret problem" not in message.split("DETAIL")[0]


def test_forgetting_works_where_rasa_keeps_no_conversations(sqlite_store):
    lead = sqlite_store.start_lead("conv-cli-only", "rest")
    sqlite_store.record_answer(lead, "conv-cli-only", "budget", "20k", {"amount": 20000})
    privacy = PrivacyStore(sqlite_store.engine)
    assert privacy.forget_lead(lead) == Forgotten(leads=1, answers=1)
    assert privacy.forget_conversations_older_than(1) == 0


def test_delete_my_data_removes_the_prospects_data_at_once_and_the_chat_once_it_is_quiet(library_store):
    store = library_store
    kept = prospect(store, "conv-stays")
    asked_at = datetime.now(timezone.utc)
    gone = prospect(store, "conv-asks")
    ObjectionStore(store.engine).record_occurrence("conv-asks", None, "prospect", "we're locked in", None, "x", 0.3)
    privacy = PrivacyStore(store.engine)

    forgotten = privacy.forget_conversation("conv-asks", moment=asked_at + timedelta(seconds=10))

    assert (forgotten.leads, forgotten.answers, forgotten.objections) == (1, 2, 2)
    assert store.get_lead(gone) is None and store.get_lead(kept) is not None
    assert [o.conversation_id for o in ObjectionStore(store.engine).occurrences()] == ["conv-stays"]
    # the chat's record waits: Rasa still holds the conversation and would write it back
    assert events_of(store, "conv-asks") == 3
    # what Rasa saves after the request (the action's own events) is not what was asked about
    rasa_keeps(store, "conv-asks", "hi", "Done: I've deleted your answers", "x", at=asked_at + timedelta(seconds=20))
    later = asked_at + timedelta(seconds=25)
    assert privacy.erase_requested_conversations(quiet_seconds=60, moment=later) == 0  # still talking
    assert events_of(store, "conv-asks") == 6

    assert privacy.erase_requested_conversations(quiet_seconds=60, moment=later + timedelta(minutes=2)) == 3
    assert events_of(store, "conv-asks") == 3 and events_of(store, "conv-stays") == 3
    assert privacy.erase_requested_conversations(quiet_seconds=0) == 0  # done once, nothing more


def test_delete_my_data_where_rasa_keeps_no_conversations_and_with_nothing_stored(sqlite_store):
    privacy = PrivacyStore(sqlite_store.engine)
    assert privacy.forget_conversation("conv-nothing") == Forgotten()
    assert privacy.erase_requested_conversations(quiet_seconds=0) == 0
    with sqlite_store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM forget_requests")).scalar_one() == 0
