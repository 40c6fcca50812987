"""salesbot followups: due leads per rep, logging a contact, assigning a lead (real SQLite)."""

import json
from datetime import date, timedelta

from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, ["followups", *args])


def test_log_a_contact_then_see_it_due_per_rep(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SALESBOT_REP", "dana")
    lead_id = sqlite_store.start_lead("c1", "rest")
    sqlite_store.record_answer(lead_id, "c1", "company", "<b>Acme</b>", {"name": "<b>Acme</b>"})
    sqlite_store.save_score(lead_id, 60, "warm", [], "test")
    assert "No lead is due" in invoke().output

    logged = invoke("log", str(lead_id), "called, they want us to call back in two weeks")
    assert logged.exit_code == 0, logged.output
    in_two_weeks = date.today() + timedelta(days=14)
    assert "Logged the phone contact with lead" in logged.output
    due = invoke("--on", (in_two_weeks + timedelta(days=3)).isoformat())
    assert "dana: 1 lead to contact" in due.output and "<b>Acme</b>" in due.output
    rows = json.loads(invoke("--on", (in_two_weeks + timedelta(days=3)).isoformat(), "--json", "--rep", "dana").output)
    assert [(r["lead_id"], r["owner"], r["channel"], r["last_contact"]["by"]) for r in rows] == [
        (lead_id, "dana", "phone", "dana")
    ]
    assert json.loads(invoke("--on", in_two_weeks.isoformat(), "--json", "--rep", "sam").output) == []

    assert invoke("assign", str(lead_id), "sam").exit_code == 0
    assert sqlite_store.get_lead(lead_id).owner == "sam"
    assert invoke("log", "999", "called").exit_code == 1
    assert invoke("log", str(lead_id), "x", "--channel", "fax").exit_code == 1
    assert invoke("--on", "next tuesday").exit_code == 1
