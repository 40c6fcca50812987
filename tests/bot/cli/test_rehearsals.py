"""salesbot rehearse in the terminal, and salesbot rehearsals for progress and transcripts."""

import json

from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()
STRONG = (
    "That's fair. What are you comparing it with? One customer cut lost leads by 30% in a quarter. "
    "How about a 20-minute call on Thursday to go through your numbers?"
)


def test_a_rep_rehearses_in_the_terminal_and_the_manager_reads_it(sqlite_store, settings, monkeypatch):
    monkeypatch.setenv("SALESBOT_DATABASE_URL", settings.database_url)
    typed = "\n".join(["we are cheap", "how did I do?", STRONG, "skip", "stop"]) + "\n"
    result = runner.invoke(app, ["rehearse", "--rep", "dana", "--category", "price", "--seed", "4"], input=typed)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Rehearsal 1, difficulty normal. You're talking to the" in out
    assert "(Not yet: 0/5." in out
    assert "Out of character: 0/5" in out and "The library's best answer" in out
    assert "(Handled: " in out  # 4 or 5 of 5: tied to the drawn need or not
    assert "Rehearsal over: " in out

    progress = json.loads(runner.invoke(app, ["rehearsals", "--json"]).output)
    assert [(r["rep"], r["replies"]) for r in progress["reps"]] == [("dana", 2)]
    assert progress["categories"][0]["category"] == "price"
    shown = runner.invoke(app, ["rehearsals", "show", "1"])
    assert shown.exit_code == 0 and 'Rep: "we are cheap" (0/5)' in shown.output
    assert runner.invoke(app, ["rehearsals", "show", "9"]).exit_code == 1
    assert runner.invoke(app, ["rehearse", "--difficulty", "brutal"]).exit_code == 1
