import json

from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def seed(store):
    lead = store.start_lead("conv-1", "rest")
    store.record_answer(
        lead,
        "conv-1",
        "budget",
        "about $20k",
        {
            "status": "amount",
            "amount": 20000.0,
            "amount_max": None,
            "currency": "USD",
            "period": None,
            "approved": False,
        },
    )
    store.record_answer(
        lead,
        "conv-1",
        "budget",
        "actually 30k",
        {
            "status": "amount",
            "amount": 30000.0,
            "amount_max": None,
            "currency": None,
            "period": None,
            "approved": False,
        },
    )
    store.record_answer(lead, "conv-1", "authority", "skipped", None, status="skipped")
    store.save_score(
        lead,
        55,
        "warm",
        [
            {
                "criterion": "budget",
                "verdict": "met",
                "points": 30.0,
                "max_points": 30.0,
                "outcome": "amount_meets_minimum",
                "evidence": "actually 30k",
            }
        ],
        "2026.11-1",
    )
    other = store.start_lead("conv-2", "slack")
    return lead, other


def test_leads_lists_tier_score_and_bant_as_json(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    lead, other = seed(sqlite_store)
    result = runner.invoke(app, ["leads", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["id"] for row in rows] == [lead, other]
    assert (rows[0]["tier"], rows[0]["score"], rows[0]["status"]) == ("warm", 55, "completed")
    assert rows[0]["bant"]["budget"]["amount"] == 30000.0
    assert rows[0]["bant_status"]["authority"] == "skipped"
    assert rows[1]["bant"] == {"budget": None, "authority": None, "need": None, "timeline": None}


def test_leads_table_and_tier_filter(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    seed(sqlite_store)
    result = runner.invoke(app, ["leads", "--tier", "warm"])
    assert result.exit_code == 0, result.output
    assert "1 lead\n" in result.output
    assert "30,000 ?" in result.output
    assert "(skipped)" in result.output


def test_show_gives_every_answer_with_its_history(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    lead, _ = seed(sqlite_store)
    result = runner.invoke(app, ["leads", "show", str(lead), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    budget = [(a["raw_text"], a["revision"], a["current"]) for a in data["answers"] if a["question"] == "budget"]
    assert budget == [("about $20k", 1, False), ("actually 30k", 2, True)]
    assert data["reasons"][0]["evidence"] == "actually 30k"
    table = runner.invoke(app, ["leads", "show", str(lead)])
    assert "Why this score" in table.output and "about $20k" in table.output


def test_show_an_unknown_lead_fails_clearly(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    result = runner.invoke(app, ["leads", "show", "999"])
    assert result.exit_code == 1
    assert "no lead with id 999" in result.output


def test_db_upgrade_creates_the_schema(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new.db").exists()


def test_advise_and_stage_from_the_command_line(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    lead, _ = seed(sqlite_store)
    advice = json.loads(runner.invoke(app, ["leads", "advise", str(lead), "--json"]).output)
    assert advice["ready"] is False
    assert advice["now"]["technique"] == "next_step"
    assert any("who decides" in b for b in advice["resolve_first"])
    assert {"signal": "no_buying_signal", "because": "no question about starting, terms or rollout yet"} in advice[
        "signals"
    ]

    result = runner.invoke(
        app,
        ["leads", "stage", str(lead), "closed_lost", "--technique-used", "pressure", "--note", "went with Zoho"],
        input="y\n",
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(app, ["leads", "show", str(lead), "--json"]).output)
    assert (shown["stage"], shown["outcome"]) == ("closed_lost", "lost")
    last = shown["stage_history"][-1]
    assert (last["technique_recommended"], last["technique_used"], last["note"]) == (
        "next_step",
        "pressure",
        "went with Zoho",
    )
    assert runner.invoke(app, ["leads", "stage", str(lead), "celebrating"]).exit_code == 1
    assert runner.invoke(app, ["leads", "stage", str(lead), "closing", "--technique-used", "magic"]).exit_code == 1
    assert runner.invoke(app, ["leads", "advise", "999"]).exit_code == 1
    assert runner.invoke(app, ["leads", "show", str(lead)]).exit_code == 0


def test_a_closed_stage_is_confirmed_and_can_be_undone(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    lead, _ = seed(sqlite_store)

    def state():
        shown = json.loads(runner.invoke(app, ["leads", "show", str(lead), "--json"]).output)
        return shown["stage"], shown["outcome"], [(c["stage"], c["undone"]) for c in shown["stage_history"]]

    refused = runner.invoke(app, ["leads", "stage", str(lead), "closed_won"], input="n\n")
    assert refused.exit_code == 0 and "not changed" in refused.output
    assert state() == ("found", None, [("found", False)])

    assert runner.invoke(app, ["leads", "stage", str(lead), "closing"]).exit_code == 0  # not closed: no question
    assert runner.invoke(app, ["leads", "stage", str(lead), "closed_won", "--yes"]).exit_code == 0
    assert state() == ("closed_won", "won", [("found", False), ("closing", False), ("closed_won", False)])

    undone = runner.invoke(app, ["leads", "stage", str(lead), "--undo"])
    assert undone.exit_code == 0 and "back at closing" in undone.output
    assert state() == ("closing", None, [("found", False), ("closing", False), ("closed_won", True)])
    assert runner.invoke(app, ["leads", "stage", str(lead), "--undo"]).exit_code == 0
    assert state()[:2] == ("found", None)
    nothing = runner.invoke(app, ["leads", "stage", str(lead), "--undo"])
    assert nothing.exit_code == 1 and "no stage change to undo" in nothing.output


def test_closing_report_compares_the_advice_with_the_results(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    won = sqlite_store.start_lead("conv-w", "rest")
    lost = sqlite_store.start_lead("conv-l", "rest")
    open_deal = sqlite_store.start_lead("conv-o", "rest")
    sqlite_store.set_stage(won, "closed_won", "cli", None, "summary", "summary")
    sqlite_store.set_stage(lost, "closed_lost", "cli", None, "summary", "pressure")
    sqlite_store.set_stage(open_deal, "closed_won", "cli", None, "direct", "direct")
    sqlite_store.set_stage(open_deal, "following_up")  # re-opened: not a closed deal any more
    report = json.loads(runner.invoke(app, ["closing", "report", "--json"]).output)
    assert report["closed_deals"] == 2
    assert report["outcomes"] == {"closed_won": 1, "closed_lost": 1}
    assert report["techniques"]["summary"] == {
        "recommended": 2,
        "used": 1,
        "used_won": 1,
        "followed": 1,
        "followed_won": 1,
    }
    assert report["techniques"]["pressure"]["used"] == 1 and report["techniques"]["pressure"]["used_won"] == 0
    assert "direct" not in report["techniques"]
    assert runner.invoke(app, ["closing", "report"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["closing", "list", "--json"]).output)
    assert len(listed["techniques"]) == 12 and listed["techniques"][0]["id"] == "direct"


def test_leads_demo_fills_the_checklist_and_lists_what_is_missing(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    lead, _ = seed(sqlite_store)
    result = runner.invoke(app, ["leads", "demo", str(lead), "--json"])
    assert result.exit_code == 0, result.output
    prep = json.loads(result.output)
    assert [title for title, _ in prep["to_do"]][:2] == [
        "What the demo means to them",
        "What to show (their priorities, not every feature)",
    ]
    shown = runner.invoke(app, ["leads", "demo", str(lead)])
    assert shown.exit_code == 0 and f"Demo prep for Lead {lead}" in shown.output
    assert runner.invoke(app, ["leads", "demo", "999"]).exit_code == 1


def test_prospect_text_with_terminal_markup_is_shown_as_text(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    lead = sqlite_store.start_lead("conv-markup", "rest")
    sqlite_store.record_answer(
        lead, "conv-markup", "company", "[/] [link=http://evil.example]Acme[/link]", {"name": "[/] Acme"}
    )
    sqlite_store.record_answer(
        lead, "conv-markup", "need", "[bold red]track leads[/]", {"text": "[bold red]track leads[/]"}
    )
    result = runner.invoke(app, ["leads", "show", str(lead)])
    assert result.exit_code == 0, result.output
    assert "[link=http://evil.example]" in result.output
    assert "[bold red]track leads[/]" in result.output
