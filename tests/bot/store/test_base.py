"""Database trouble told apart: an outage the conversation survives, a schema that was not
migrated, and a bug, which is never passed off as an outage."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.store import LeadStore, SchemaOutOfDate, StoreUnavailable


def test_a_server_that_does_not_answer_is_unavailable():
    with pytest.raises(StoreUnavailable):
        LeadStore.from_url("postgresql+psycopg2://nobody@127.0.0.1:1/none").get_lead(1)


def test_a_sqlite_file_that_cannot_be_opened_is_unavailable(tmp_path):
    with pytest.raises(StoreUnavailable):
        LeadStore.from_url(f"sqlite:///{tmp_path / 'missing-folder' / 'leads.db'}").get_lead(1)


def test_a_missing_table_says_the_schema_is_out_of_date(store: LeadStore):
    lead = store.start_lead("conv-1", "rest")
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE buying_signals"))
    with pytest.raises(SchemaOutOfDate):
        store.buying_signals(lead)


def test_a_database_never_migrated_says_so(tmp_path):
    with pytest.raises(SchemaOutOfDate):
        LeadStore.from_url(f"sqlite:///{tmp_path / 'empty.db'}").list_leads()


def test_a_broken_constraint_is_a_bug_and_raises_as_it_is(store: LeadStore):
    lead = store.start_lead("conv-1", "rest")
    with pytest.raises(IntegrityError):
        store.record_answer(lead, None, "budget", "20k", None)  # every answer names its conversation
