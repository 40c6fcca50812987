"""salesbot report in the terminal, as CSV and as JSON, on the known leads."""

import csv
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.reports.figures import Period, report
from tests.bot.reports.known_leads import MARKED_UP, fill

runner = CliRunner()
NOVEMBER = ["--since", "2026-11-01", "--until", "2026-11-30"]


@pytest.fixture
def filled(sqlite_store, monkeypatch):
    fill(sqlite_store.engine)
    monkeypatch.setenv("SALESBOT_DATABASE_URL", sqlite_store.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")
    return sqlite_store


def test_the_terminal_report_shows_every_section_and_names_as_typed(filled):
    printed = runner.invoke(app, ["report", *NOVEMBER])
    assert printed.exit_code == 0, printed.output
    assert "Sales report: 2026-11-01 to 2026-11-30" in printed.output
    assert "5 leads started, 4 scored, 1 hot, 1 won; 4 objections heard, 1 waiting to be placed" in printed.output
    for heading in ("Funnel", "Qualification", "Objections", "Closing", "Rehearsal"):
        assert heading in printed.output
    assert MARKED_UP in printed.output  # rich's markup in a prospect's company shown, not applied


def test_json_holds_every_table_as_the_queries_give_it(filled, tmp_path):
    out = tmp_path / "report.json"
    assert runner.invoke(app, ["report", *NOVEMBER, "--rep", "dana", "--format", "json", "-o", str(out)]).exit_code == 0
    data = json.loads(out.read_text())
    assert data["period"] == {"since": "2026-11-01", "until": "2026-11-30", "rep": "dana"}
    expected = report(filled.engine, Period(date(2026, 11, 1), date(2026, 11, 30), "dana"))
    assert data["tables"] == {table.key: [dict(row) for row in table.as_dicts()] for table in expected}


def test_csv_is_one_file_per_table_and_needs_a_directory(filled, tmp_path):
    refused = runner.invoke(app, ["report", "--format", "csv"])
    assert refused.exit_code == 1 and "--output DIRECTORY" in refused.output
    assert runner.invoke(app, ["report", *NOVEMBER, "--format", "csv", "-o", str(tmp_path / "csv")]).exit_code == 0
    with (tmp_path / "csv" / "conversion.csv").open() as handle:
        assert list(csv.reader(handle)) == [
            ["step", "leads", "share_of_step_before"],
            ["started", "5", ""],
            ["scored", "4", "0.8"],
            ["hot", "1", "0.25"],
            ["won", "1", "0.25"],
        ]
    assert {path.name for path in (tmp_path / "csv").iterdir()} == {
        f"{table.key}.csv" for table in report(filled.engine, Period())
    }
